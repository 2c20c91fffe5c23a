"""Faults in the dataset area. kill -9 of the gateway in the middle of a PATCH, then a restart:
the upload resumes from HEAD's offset, which is never below what was acknowledged (no
acknowledged byte is sent again) and keeps what was made durable at checkpoints; the dataset's
SHA-256 matches. A part with a wrong checksum is refused (460) and sent again. A group over its
quota is refused cleanly (413) while the group's other uploads go on untouched. Expired
partial uploads are removed by the sweeper."""
import hashlib
import os
import socket
import time

from gateway_client import Gateway, Results, TOKEN, sha256
from tus_client import PREFIX, Tus, checksum

R = Results()
MiB = 1 << 20


def payload(n, seed):
    block = hashlib.sha256(str(seed).encode()).digest() * 2048
    return (block * (n // len(block) + 1))[:n]


def send_partial_patch(gw, url, offset, body, sent_bytes):
    """A PATCH whose head announces all of `body` but that sends only `sent_bytes` of it."""
    s = socket.create_connection(("127.0.0.1", gw.port))
    head = (f"PATCH {url} HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\nAuthorization: Bearer {gw.token}\r\n"
            f"Content-Type: application/offset+octet-stream\r\nUpload-Offset: {offset}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    s.sendall(head.encode() + body[:sent_bytes])
    return s


def kill_mid_transfer():
    data = payload(48 * MiB, 1)
    with Gateway(extra_args=["--set", "datasets.checkpoint_bytes=1M"]) as gw:
        tus = Tus(gw)
        r, url = tus.create(len(data), {"filename": "big.bin"})
        r = tus.patch(url, 0, data[:16 * MiB])
        acknowledged = int(r.headers["upload-offset"])
        s = send_partial_patch(gw, url, acknowledged, data[acknowledged:], 20 * MiB)
        time.sleep(1.0)
        gw.kill9()
        s.close()
        gw.start()
        offset = int(tus.head(url).headers["upload-offset"])
        R.check("after kill -9: HEAD's offset is not below the acknowledged offset (nothing acknowledged is resent)",
                offset >= acknowledged, (offset, acknowledged))
        R.check("after kill -9: bytes of the cut PATCH made durable at checkpoints are kept",
                acknowledged + 8 * MiB <= offset <= acknowledged + 20 * MiB, (offset - acknowledged) / MiB)
        r = tus.patch(url, offset, data[offset:])
        d = {x["id"]: x for x in tus.datasets()}.get(r.headers.get("plateau-dataset"), {})
        R.check("resumed from HEAD's offset: complete, sha256 = hashlib's", r.status == 204 and d.get("sha256") == sha256(data),
                (r.status, d))
        with open(os.path.join(gw.data_dir, "datasets/files", d.get("id", "none")), "rb") as f:
            R.check("the dataset file holds exactly the bytes sent", f.read() == data)


def bad_checksum_part():
    data = payload(6 * MiB, 2)
    with Gateway() as gw:
        tus = Tus(gw)
        r, url = tus.create(len(data))
        offset = 0
        refused = accepted = 0
        for i in range(3):
            part = data[i * 2 * MiB:(i + 1) * 2 * MiB]
            if i == 1:
                corrupted = part[:MiB] + bytes([part[MiB] ^ 1]) + part[MiB + 1:]
                r = tus.patch(url, offset, corrupted, {"Upload-Checksum": checksum("sha256", part)})
                refused += r.status == 460
                R.check("a corrupted part is refused with 460 and nothing of it is kept",
                        r.status == 460 and tus.head(url).headers["upload-offset"] == str(offset), r.status)
            r = tus.patch(url, offset, part, {"Upload-Checksum": checksum("sha256", part)})
            accepted += r.status == 204
            offset = int(r.headers.get("upload-offset", offset))
        d = {x["id"]: x for x in tus.datasets()}.get(r.headers.get("plateau-dataset"), {})
        R.check("the part sent again is accepted; the dataset's sha256 = hashlib's",
                refused == 1 and accepted == 3 and d.get("sha256") == sha256(data), (refused, accepted, d))


def quota():
    with Gateway(extra_args=["--set", "datasets.quota=10M"]) as gw:
        tus = Tus(gw)
        first = payload(4 * MiB, 3)
        r, url_a = tus.create(len(first), {"filename": "a"})
        tus.patch(url_a, 0, first[:MiB])
        r, _ = tus.create(8 * MiB)
        R.check("creation past the group's quota: 413 quota_exceeded",
                r.status == 413 and r.json().get("reason") == "quota_exceeded", (r.status, r.text))
        r, url_c = tus.create(None, headers={"Upload-Defer-Length": "1"})
        ok = tus.patch(url_c, 0, b"c" * (3 * MiB))
        over = tus.patch(url_c, 3 * MiB, b"c" * (4 * MiB))
        R.check("a deferred-length PATCH past the quota: 413, its earlier bytes kept",
                ok.status == 204 and over.status == 413 and tus.head(url_c).headers["upload-offset"] == str(3 * MiB),
                (ok.status, over.status))
        r = tus.patch(url_a, MiB, first[MiB:])
        d = {x["id"]: x for x in tus.datasets()}.get(r.headers.get("plateau-dataset"), {})
        R.check("the group's other upload goes on and completes intact",
                r.status == 204 and d.get("sha256") == sha256(first), (r.status, d))
        metrics = gw.request("GET", "/metrics").text
        R.check("/metrics counts the quota refusals", 'event="quota_refused"} 2' in metrics)


def expiry():
    with Gateway(extra_args=["--set", "datasets.expire_seconds=1", "--set", "datasets.sweep_seconds=1"]) as gw:
        tus = Tus(gw)
        r, url = tus.create(1000)
        tus.patch(url, 0, b"x" * 100)
        path = os.path.join(gw.data_dir, "datasets/uploads", url.rsplit("/", 1)[1])
        existed = os.path.exists(path)
        deadline = time.time() + 10
        while os.path.exists(path) and time.time() < deadline:
            time.sleep(0.2)
        R.check("an expired partial upload's file is removed by the sweeper", existed and not os.path.exists(path))
        h = tus.head(url)
        R.check("an expired upload is gone (404 or 410)", h.status in (404, 410), h.status)
        metrics = gw.request("GET", "/metrics").text
        R.check("/metrics counts the expiry", 'event="upload_expired"} 1' in metrics)


def kill_placed():
    """kill -9 while two parts write straight into the file of a final upload made first
    (concatenation-unfinished): after the restart the final's file is still there, each part goes
    on from HEAD's offset, and the joined dataset is the parts in order (hashlib)."""
    data = payload(24 * MiB, 7)
    half = 12 * MiB
    with Gateway(extra_args=["--set", "datasets.checkpoint_bytes=1M"]) as gw:
        tus = Tus(gw)
        urls = [tus.create(half, headers={"Upload-Concat": "partial"})[1] for _ in range(2)]
        r, final = tus.create(headers={"Upload-Concat": "final;" + " ".join(urls)})
        first = tus.patch(urls[0], 0, data[:4 * MiB])
        s = send_partial_patch(gw, urls[1], 0, data[half:], 10 * MiB)
        time.sleep(1.0)
        gw.kill9()
        s.close()
        gw.start()
        offsets = [int(tus.head(u).headers.get("upload-offset", -1)) for u in urls]
        R.check("placed parts after kill -9: the acknowledged offset kept, the cut PATCH's checkpoints kept",
                r.status == 201 and first.status == 204 and offsets[0] == 4 * MiB and MiB <= offsets[1] <= 10 * MiB,
                (r.status, first.status, offsets))
        tus.patch(urls[0], offsets[0], data[offsets[0]:half])
        r = tus.patch(urls[1], offsets[1], data[half + offsets[1]:])
        final_id = final.rsplit("/", 1)[1]
        d = {x["id"]: x for x in tus.datasets()}.get(final_id, {})
        R.check("resumed after kill -9: the final upload is joined; sha256 = hashlib's",
                r.status == 204 and d.get("sha256") == sha256(data), (r.status, d))


kill_mid_transfer()
kill_placed()
bad_checksum_part()
quota()
expiry()
R.finish()
