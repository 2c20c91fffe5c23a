"""HTTP/1.1 message framing against the live gateway, as a conformance table (RFC 9112 §6-7):
each case sends raw bytes on a fresh connection and states the status it must get, whether the
answer carries the JSON error body, whether the connection must end, and, for uploads, whether
the file may exist afterwards. Chunked bodies (whole, cut off, malformed sizes), Content-Length
variants, conflicting framing headers (request smuggling), head syntax and sizes, and pipelined
requests. Issue 8, defects 1, 2, 3 and 7."""
import json
import os
import socket
import time

from gateway_client import Gateway, Results, TOKEN, sha256, temp_files

R = Results()
HOST = b"Host: gw\r\n"


def upload_head(name, framing, version=b"HTTP/1.1"):
    target = f"/jobs/1/files?name={name}&type=input&private_token={TOKEN}".encode()
    return b"POST " + target + b" " + version + b"\r\n" + HOST + framing + b"\r\n"


def healthz(extra=b"", target_extra=b""):
    return b"GET /healthz?private_token=" + TOKEN.encode() + target_extra + b" HTTP/1.1\r\n" + HOST + extra + b"\r\n"


def exchange(port, data, half_close=False, timeout=5):
    """Sends `data`; returns (responses, closed): every response parsed, and whether the server
    ended the connection within `timeout` (False: it kept it open)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    received = b""
    closed = False
    try:
        try:
            s.sendall(data)
            if half_close:
                s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server refused before reading it all; its answer may still be there
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            received += chunk
            if not half_close and complete(received):
                s.settimeout(0.5)  # whole responses: wait briefly to see whether it closes
    finally:
        s.close()
    return parse_responses(received), closed


def complete(data):
    responses = parse_responses(data)
    return bool(responses) and responses[-1]["complete"]


def parse_responses(data):
    out = []
    while data:
        end = data.find(b"\r\n\r\n")
        if end < 0:
            break
        lines = data[:end].decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
        length = int(headers.get("content-length", "0"))
        body = data[end + 4:end + 4 + length]
        out.append({"status": int(lines[0].split()[1]), "headers": headers, "body": body,
                    "complete": len(body) == length})
        data = data[end + 4 + length:]
    return out


def json_error(response, status):
    try:
        body = json.loads(response["body"])
    except ValueError:
        return False
    return response["status"] == status and body.get("status") == status and bool(body.get("error")) and bool(body.get("reason"))


def chunked(*pieces, last=b"0\r\n\r\n"):
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + last


def input_path(gw, name):
    return os.path.join(gw.staging_dir, "1", "inputs", name)


# (description, name, bytes after the head's framing header, expected status or None for "no
# 200 and no file", expect the connection to end)
ACCEPTED = [
    ("chunked body in three chunks", b"Transfer-Encoding: chunked\r\n", chunked(b"abc", b"defgh", b"ij"), b"abcdefghij"),
    ("chunked with extensions and upper-case sizes", b"Transfer-Encoding: chunked\r\n",
     b"A;ext=1\r\n0123456789\r\n3 ; x=\"y\"\r\nabc\r\n0;end\r\n\r\n", b"0123456789abc"),
    ("chunked with trailer fields", b"Transfer-Encoding: chunked\r\n", chunked(b"hello", last=b"0\r\nX-Sum: 1\r\nX-B: 2\r\n\r\n"), b"hello"),
    ("Transfer-Encoding written CHUNKED", b"Transfer-Encoding: CHUNKED\r\n", chunked(b"upper"), b"upper"),
    ("Content-Length", b"Content-Length: 5\r\n", b"plain", b"plain"),
    ("two identical Content-Length fields", b"Content-Length: 4\r\nContent-Length: 4\r\n", b"same", b"same"),
    ("empty chunked body", b"Transfer-Encoding: chunked\r\n", b"0\r\n\r\n", b""),
]

CUT_OFF = [
    ("chunked cut in a partial chunk", b"Transfer-Encoding: chunked\r\n", b"a\r\n01234"),
    ("chunked cut after a whole chunk", b"Transfer-Encoding: chunked\r\n", b"5\r\nhello\r\n"),
    ("chunked cut mid-way through the second of three", b"Transfer-Encoding: chunked\r\n", b"3\r\nabc\r\n4\r\nde"),
    ("chunked cut before the trailer's end", b"Transfer-Encoding: chunked\r\n", b"3\r\nabc\r\n0\r\n"),
    ("chunked cut in a size line", b"Transfer-Encoding: chunked\r\n", b"3\r\nabc\r\n1"),
    ("Content-Length cut short", b"Content-Length: 100\r\n", b"only fifty bytes" * 3),
]

REFUSED = [  # (description, framing headers, body, status)
    ("chunk size zz", b"Transfer-Encoding: chunked\r\n", b"zz\r\nhello\r\n0\r\n\r\n", 400),
    ("chunk size -5", b"Transfer-Encoding: chunked\r\n", b"-5\r\nhello\r\n0\r\n\r\n", 400),
    ("chunk size ffffffffffffffff", b"Transfer-Encoding: chunked\r\n", b"ffffffffffffffff\r\nhello\r\n0\r\n\r\n", 400),
    ("chunk size that overflows 64 bits", b"Transfer-Encoding: chunked\r\n", b"1" + b"0" * 30 + b"\r\nx\r\n0\r\n\r\n", 400),
    ("empty chunk size", b"Transfer-Encoding: chunked\r\n", b"\r\nhello\r\n0\r\n\r\n", 400),
    ("chunk size 0x5", b"Transfer-Encoding: chunked\r\n", b"0x5\r\nhello\r\n0\r\n\r\n", 400),
    ("chunk size '5 5'", b"Transfer-Encoding: chunked\r\n", b"5 5\r\nhello\r\n0\r\n\r\n", 400),
    ("chunk data longer than its size", b"Transfer-Encoding: chunked\r\n", b"3\r\nhello\r\n0\r\n\r\n", 400),
    ("Transfer-Encoding: xchunked", b"Transfer-Encoding: xchunked\r\n", chunked(b"abc"), 400),
    ("Transfer-Encoding: chunked, identity", b"Transfer-Encoding: chunked, identity\r\n", chunked(b"abc"), 400),
    ("Transfer-Encoding: chunked twice", b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", chunked(b"abc"), 400),
    ("Transfer-Encoding: gzip, chunked", b"Transfer-Encoding: gzip, chunked\r\n", chunked(b"abc"), 501),
    ("chunked with Content-Length", b"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", chunked(b"abc"), 400),
    ("Content-Length with chunked (reversed order)", b"Content-Length: 8\r\nTransfer-Encoding: chunked\r\n", chunked(b"abc"), 400),
    ("two different Content-Length fields", b"Content-Length: 3\r\nContent-Length: 5\r\n", b"abcde", 400),
    ("Content-Length list that differs", b"Content-Length: 3, 5\r\n", b"abcde", 400),
    ("Content-Length: abc", b"Content-Length: abc\r\n", b"abc", 400),
    ("Content-Length: 1e3", b"Content-Length: 1e3\r\n", b"abc", 400),
    ("Content-Length: -1", b"Content-Length: -1\r\n", b"abc", 400),
    ("Content-Length: +3", b"Content-Length: +3\r\n", b"abc", 400),
    ("Content-Length: 2^63", b"Content-Length: 9223372036854775808\r\n", b"abc", 400),
    ("Content-Length: 2^64 + 3", b"Content-Length: 18446744073709551619\r\n", b"abc", 400),
    ("empty Content-Length", b"Content-Length: \r\n", b"abc", 400),
]

HEADS = [  # (description, raw request, status, connection ends)
    ("obsolete line folding", healthz(b"X-A: 1\r\n  folded\r\n"), 400, True),
    ("whitespace before a field's colon", healthz(b"X-A : 1\r\n"), 400, True),
    ("HTTP/1.1 without Host", b"GET /healthz?private_token=" + TOKEN.encode() + b" HTTP/1.1\r\n\r\n", 400, True),
    ("two Host fields", healthz(b"Host: other\r\n"), 400, True),
    ("HTTP/2.0 request line", b"GET /healthz HTTP/2.0\r\n" + HOST + b"\r\n", 505, True),
    ("garbage request line", b"HELLO\r\n" + HOST + b"\r\n", 400, True),
    ("bare CR in a field", healthz(b"X-A: 1\rX-B: 2\r\n"), 400, True),
    ("NUL in a field value", healthz(b"X-A: a\x00b\r\n"), 400, True),
    ("control character in the target", b"GET /healthz\x01 HTTP/1.1\r\n" + HOST + b"\r\n", 400, True),
    ("a 10 KB header field is served", healthz(b"X-Big: " + b"v" * 10240 + b"\r\n"), 200, False),
    ("a 100 KB header field is 431", healthz(b"X-Big: " + b"v" * 102400 + b"\r\n"), 431, True),
    ("a 2 MiB request line is served", healthz(target_extra=b"&pad=" + b"p" * (2 << 20)), 200, False),
    ("a 5 MiB request line is 414", healthz(target_extra=b"&pad=" + b"p" * (5 << 20)), 414, True),
    ("HTTP/1.0 with Transfer-Encoding", upload_head("h10", b"Transfer-Encoding: chunked\r\n", b"HTTP/1.0") + chunked(b"x"), 400, True),
    ("empty lines before the request line are ignored", b"\r\n\r\n" + healthz(), 200, False),
]


def accepted_cases(gw):
    for i, (description, framing, body, expected) in enumerate(ACCEPTED):
        name = f"ok{i}"
        responses, _ = exchange(gw.port, upload_head(name, framing) + body)
        ok = len(responses) == 1 and responses[0]["status"] == 200
        stored = open(input_path(gw, name), "rb").read() if os.path.exists(input_path(gw, name)) else None
        R.check(f"accepted: {description} (200, file holds the decoded body, sha256 answered)",
                ok and stored == expected and json.loads(responses[0]["body"])["sha256"] == sha256(expected),
                (responses[:1], stored))


def cut_off_cases(gw):
    for i, (description, framing, body) in enumerate(CUT_OFF):
        name = f"cut{i}"
        responses, closed = exchange(gw.port, upload_head(name, framing) + body, half_close=True)
        no_200 = all(r["status"] != 200 for r in responses)
        R.check(f"cut off: {description}: not stored, no 200, connection ended",
                no_200 and closed and not os.path.exists(input_path(gw, name)), responses)
    time.sleep(0.2)
    R.check("cut off: no temporary upload file left behind", not temp_files(gw.staging_dir), temp_files(gw.staging_dir))


def refused_cases(gw):
    for i, (description, framing, body, status) in enumerate(REFUSED):
        name = f"bad{i}"
        responses, closed = exchange(gw.port, upload_head(name, framing) + body)
        R.check(f"refused: {description}: {status} with a JSON error, connection ended, nothing stored",
                len(responses) == 1 and json_error(responses[0], status) and closed and not os.path.exists(input_path(gw, name)),
                (responses, closed))


def head_cases(gw):
    for description, raw, status, ends in HEADS:
        responses, closed = exchange(gw.port, raw)
        body_ok = json_error(responses[0], status) if responses and status != 200 else bool(responses)
        R.check(f"head: {description}: {status}{' with a JSON error' if status != 200 else ''}, connection "
                f"{'ended' if ends else 'kept'}",
                len(responses) == 1 and responses[0]["status"] == status and body_ok and closed == ends,
                ([(r["status"], r["body"][:200]) for r in responses], closed))


def pipelined_cases(gw):
    responses, closed = exchange(gw.port, healthz() + healthz() + healthz())
    R.check("pipelined: three GETs in one packet get three 200s, connection kept",
            [r["status"] for r in responses] == [200, 200, 200] and not closed, responses)
    data = upload_head("pipe1", b"Content-Length: 4\r\n") + b"abcd" + healthz()
    responses, _ = exchange(gw.port, data)
    R.check("pipelined: Content-Length upload then GET: two answers, file holds only its body",
            [r["status"] for r in responses] == [200, 200] and open(input_path(gw, "pipe1"), "rb").read() == b"abcd", responses)
    data = upload_head("pipe2", b"Transfer-Encoding: chunked\r\n") + chunked(b"ab", b"cd") + healthz()
    responses, _ = exchange(gw.port, data)
    R.check("pipelined: chunked upload then GET: two answers, file holds only its body",
            [r["status"] for r in responses] == [200, 200] and open(input_path(gw, "pipe2"), "rb").read() == b"abcd", responses)
    smuggled = b"0\r\n\r\n" + healthz()
    data = upload_head("smuggle", b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") + smuggled
    responses, closed = exchange(gw.port, data)
    R.check("smuggling: CL + TE with a request hidden in the body: one 400, connection ended, hidden request not served",
            [r["status"] for r in responses] == [400] and closed, responses)
    data = upload_head("smuggle2", b"Content-Length: 3\r\nContent-Length: 40\r\n") + b"abc" + healthz()
    responses, closed = exchange(gw.port, data)
    R.check("smuggling: conflicting Content-Length with a request after the shorter one: one 400, connection ended",
            [r["status"] for r in responses] == [400] and closed, responses)


def main():
    with Gateway() as gw:
        r = gw.setup("1")
        assert r.status == 200, r.text
        accepted_cases(gw)
        cut_off_cases(gw)
        refused_cases(gw)
        head_cases(gw)
        pipelined_cases(gw)
        metrics = gw.request("GET", "/metrics").text
        counted = {code: metric(metrics, f'plateau_gateway_http_refused_total{{code="{code}"}}') for code in
                   (400, 414, 431, 501, 505)}
        R.check("/metrics counts the front end's refusals by status", all(n >= 1 for n in counted.values())
                and counted[400] >= 20, counted)
        R.check("the gateway is still serving", gw.request("GET", "/healthz").status == 200)
    R.finish()


def metric(text, name):
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return -1


if __name__ == "__main__":
    main()
