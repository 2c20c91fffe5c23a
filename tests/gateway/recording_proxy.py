"""A loopback HTTP/1.1 proxy for the plateau-stage tests (standard library only). It sits between
the client and the gateway and is the tests' independent witness: it records every request
(method, path, Upload-Offset, body length) and its answer (status, Upload-Offset), it can flip one
byte in the body of the first N PATCH requests (a corrupted transfer the checksum must catch),
and its upstream port can change (a gateway restarted on another free port keeps the client's
URL). Only Content-Length bodies are forwarded (what plateau-stage and the gateway send)."""
import socket
import threading


def _read_head(sock, buf):
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return None, buf
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    return head.decode("latin-1"), rest


def _headers(head):
    lines = head.split("\r\n")
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return lines[0], fields


def _forward_body(src, dst, buf, length, corrupt=False):
    """Sends `length` body bytes from buf then src to dst; returns what is left over in buf."""
    sent = 0
    flipped = not corrupt
    while sent < length:
        if not buf:
            buf = src.recv(1 << 20)
            if not buf:
                raise ConnectionError("body cut")
        take = buf[:length - sent]
        buf = buf[len(take):]
        if not flipped and len(take) > 0:
            take = bytes([take[0] ^ 0x40]) + take[1:]
            flipped = True
        dst.sendall(take)
        sent += len(take)
    return buf


class RecordingProxy:
    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.events = []  # dicts: method, path, offset, length, status, answer_offset
        self.corrupt_patches = 0
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        upstream = None
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            cbuf = b""
            while True:
                head, cbuf = _read_head(client, cbuf)
                if head is None:
                    return
                line, fields = _headers(head)
                method, path = line.split(" ")[:2]
                length = int(fields.get("content-length", "0"))
                corrupt = False
                with self.lock:
                    if method == "PATCH" and self.corrupt_patches > 0 and length > 0:
                        self.corrupt_patches -= 1
                        corrupt = True
                event = {"method": method, "path": path, "offset": fields.get("upload-offset"), "length": length,
                         "range": fields.get("range"), "concat": fields.get("upload-concat"), "corrupted": corrupt, "status": None, "answer_offset": None}
                with self.lock:
                    self.events.append(event)
                upstream.sendall(head.encode("latin-1") + b"\r\n\r\n")
                cbuf = _forward_body(client, upstream, cbuf, length, corrupt)
                ubuf = b""
                rhead, ubuf = _read_head(upstream, ubuf)
                if rhead is None:
                    return
                rline, rfields = _headers(rhead)
                event["status"] = int(rline.split(" ")[1])
                event["answer_offset"] = rfields.get("upload-offset")
                client.sendall(rhead.encode("latin-1") + b"\r\n\r\n")
                rlength = 0 if method == "HEAD" or event["status"] in (204, 304) else int(rfields.get("content-length", "0"))
                ubuf = _forward_body(upstream, client, ubuf, rlength)
                if rfields.get("connection", "").lower() == "close":
                    return
        except (OSError, ConnectionError, ValueError, IndexError):
            return
        finally:
            client.close()
            if upstream:
                upstream.close()

    def close(self):
        self.listener.close()

    def patches(self):
        with self.lock:
            return [e for e in self.events if e["method"] == "PATCH"]
