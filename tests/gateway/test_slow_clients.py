"""Idle, lazy and slow clients must not deny service (issue 8, defect 4). With 250 connections
that never send a byte, 250 kept-alive connections left silent after one request, 100
clients sending a request head one byte a second and 100 clients without a token trickling an
upload's body (each kind from its own loopback addresses),
at least 99% of /healthz requests from another address answer 200 within 1 s, a Galaxy-style
job runs through meanwhile, slow heads get a 408 at the header deadline, silent connections are
closed at theirs, and one address cannot hold more than its share of connections."""
import os
import socket
import threading
import time

from gateway_client import Gateway, Results, TOKEN, sha256
from slow_load import Attackers, probe, summary

R = Results()


def galaxy_job(gw, outcome):
    try:
        job = "slow-1"
        data = os.urandom(1 << 20)
        assert gw.setup(job).status == 200
        assert gw.upload(job, "dataset_1.dat", data).status == 200
        command = 'sha256sum "$PWD/../inputs/dataset_1.dat" | cut -c1-64 > "$PWD/../outputs/sum.txt"'
        assert gw.submit(job, command).status == 200
        status = gw.wait(job, timeout=60)
        got = gw.download(job, "sum.txt")
        outcome["ok"] = status["status"] == "complete" and got.body.decode().strip() == sha256(data)
    except Exception as e:  # reported by the check below
        outcome["error"] = repr(e)


def under_attack(gw):
    attackers = Attackers(gw.port, TOKEN, idle=250, keepalive=250, slow=100, body=100).start()
    opened = attackers.open_count()
    R.check(f"700 attacking connections opened ({opened})", opened >= 690)
    outcome = {}
    job = threading.Thread(target=galaxy_job, args=(gw, outcome))
    job.start()
    latencies = probe(gw.port, TOKEN, seconds=17)
    job.join(timeout=90)
    attackers.close()
    s = summary(latencies)
    print(f"probe: {s}", flush=True)
    R.check(f">= 99% of /healthz answered 200 within 1 s ({s['ok_within_1s']}/{s['probes']}, p99 {s['p99_ms']:.1f} ms)",
            s["probes"] >= 100 and s["ok_fraction"] >= 0.99)
    R.check("a Galaxy-style job (setup, upload, submit, status, download) completed meanwhile", outcome.get("ok"), outcome)
    R.check("slow heads were answered 408 at the header deadline",
            any(" 408 " in line for line in attackers.refusals), attackers.refusals[:3])
    R.check("silent connections were closed at the header deadline (and reopened by the attacker)",
            attackers.reopened["idle"] >= 200, attackers.reopened)
    R.check("silent kept-alive connections were closed at the keep-alive deadline",
            attackers.reopened["keepalive"] >= 200, attackers.reopened)
    R.check("uploads without a token were refused at once (and reopened by the attacker)",
            attackers.reopened["body"] >= 100, attackers.reopened)


def per_address_cap(gw):
    sockets = []
    for _ in range(300):
        try:
            sockets.append(socket.create_connection(("127.0.0.1", gw.port), timeout=2, source_address=("127.0.0.99", 0)))
        except OSError:
            break
    time.sleep(0.5)
    closed = 0
    for s in sockets:
        s.setblocking(False)
        try:
            closed += s.recv(1) == b""
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
    R.check(f"one address keeps at most 256 connections (300 opened, {closed} closed by the server)",
            len(sockets) == 300 and closed >= 44, closed)
    s = summary(probe(gw.port, TOKEN, seconds=1))
    R.check("another address is served meanwhile", s["ok_fraction"] == 1.0, s)
    metrics = {line.split()[0]: float(line.split()[-1]) for line in gw.request("GET", "/metrics").text.splitlines()
               if line.startswith("plateau_gateway_http_")}
    R.check("/metrics shows the evictions, idle closes and 408s",
            metrics.get('plateau_gateway_http_connections_total{outcome="evicted"}', 0) >= 44
            and metrics.get('plateau_gateway_http_connections_total{outcome="idle_closed"}', 0) >= 200
            and metrics.get('plateau_gateway_http_refused_total{code="408"}', 0) >= 1
            and metrics.get("plateau_gateway_http_connections_open", 0) >= 256, metrics)
    for s in sockets:
        s.close()


def main():
    with Gateway() as gw:
        under_attack(gw)
        per_address_cap(gw)
        R.check("the gateway is still serving", gw.request("GET", "/healthz").status == 200)
    R.finish()


if __name__ == "__main__":
    main()
