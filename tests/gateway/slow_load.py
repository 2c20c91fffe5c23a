"""Hostile and lazy clients for plateau-gateway, bounded in time, shared by the test
gateway.slow_clients and the benchmark bench/gateway/slow_clients.py. Each kind of client comes
from its own loopback address (127.0.0.x: Linux routes all of 127/8 to lo), as they would come
from other machines, so the per-address cap applies to them and not to the probe:
  idle      connections that never send a byte (reopened when the server closes them)
  keepalive connections that send one request, read the answer and then stay silent
  slow      connections that send a request head one byte a second
  body      connections without a token that send an upload's head and then trickle its body
            one byte a second (a refused request must not hold a worker while its body comes)
The probe asks /healthz on a fresh connection from 127.0.0.1 every `interval` seconds and
records how long each answer took. Standard library only."""
import http.client
import socket
import statistics
import threading
import time


def healthz_request(token):
    return (f"GET /healthz?private_token={token} HTTP/1.1\r\nHost: gw\r\n\r\n").encode()


class Attackers:
    def __init__(self, port, token, idle=0, keepalive=0, slow=0, body=0, addresses=10):
        self.port = port
        self.token = token
        self.plan = {"idle": idle, "keepalive": keepalive, "slow": slow, "body": body}
        self.addresses = addresses
        self.sockets = {kind: [] for kind in self.plan}
        self.reopened = {kind: 0 for kind in self.plan}
        self.refusals = []  # status lines the server sent to slow clients (408 expected)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def source(self, kind, i):
        base = {"idle": 2, "keepalive": 2 + self.addresses, "slow": 2 + 2 * self.addresses,
                "body": 2 + 3 * self.addresses}[kind]
        return f"127.0.0.{base + i % self.addresses}"

    def open(self, kind, i):
        try:
            s = socket.create_connection(("127.0.0.1", self.port), timeout=2, source_address=(self.source(kind, i), 0))
        except OSError:
            return None
        try:
            if kind == "keepalive":
                s.sendall(healthz_request(self.token))
                s.recv(65536)
            elif kind == "body":
                s.sendall(b"POST /jobs/1/files?name=x&type=input HTTP/1.1\r\nHost: gw\r\n"
                          b"Content-Length: 100000\r\n\r\n0123456789")
            s.setblocking(False)
        except OSError:
            s.close()
            return None
        return s

    def start(self):
        for kind, count in self.plan.items():
            self.sockets[kind] = [self.open(kind, i) for i in range(count)]
        self.thread.start()
        return self

    def closed_by_server(self, s, kind):
        try:
            data = s.recv(65536)
        except BlockingIOError:
            return False
        except OSError:
            return True
        if data and kind == "slow":
            self.refusals.append(data.split(b"\r\n", 1)[0].decode("latin-1"))
        return True

    def tick(self, step):
        request = healthz_request(self.token)
        for kind, sockets in self.sockets.items():
            for i, s in enumerate(sockets):
                if s is not None and not self.closed_by_server(s, kind):
                    try:
                        if kind == "slow":
                            s.send(request[step % (len(request) - 2):][:1])  # never the final CRLF
                        elif kind == "body":
                            s.send(b"x")
                    except OSError:
                        pass
                    continue
                if s is not None:
                    s.close()
                sockets[i] = self.open(kind, i)
                self.reopened[kind] += 1

    def run(self):
        step = 0
        while not self.stop.wait(1.0):
            step += 1
            self.tick(step)

    def close(self):
        self.stop.set()
        self.thread.join()
        for sockets in self.sockets.values():
            for s in sockets:
                if s is not None:
                    s.close()

    def open_count(self):
        return sum(1 for sockets in self.sockets.values() for s in sockets if s is not None)


def probe(port, token, seconds, interval=0.05, timeout=1.0):
    """Returns the latency of each /healthz in seconds (None for a failure or a timeout)."""
    latencies = []
    end = time.time() + seconds
    while time.time() < end:
        started = time.time()
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            c.request("GET", f"/healthz?private_token={token}")
            r = c.getresponse()
            r.read()
            c.close()
            latency = time.time() - started
            latencies.append(latency if r.status == 200 and latency <= timeout else None)
        except OSError:
            latencies.append(None)
        time.sleep(max(0.0, interval - (time.time() - started)))
    return latencies


def summary(latencies):
    ok = [x for x in latencies if x is not None]
    ordered = sorted(ok)

    def pct(p):
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else float("nan")

    return {"probes": len(latencies), "ok_within_1s": len(ok), "ok_fraction": len(ok) / max(1, len(latencies)),
            "p50_ms": statistics.median(ordered) * 1000 if ordered else float("nan"), "p99_ms": pct(0.99),
            "max_ms": ordered[-1] * 1000 if ordered else float("nan")}
