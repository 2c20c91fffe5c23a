"""The dataset area over tus 1.0.0, request by request: discovery, creation (with a first body,
with a deferred length), HEAD, PATCH (offset and content-type rules, per-request checksums),
termination, concatenation of partial uploads sent in parallel, datasets (list, Range download,
delete, who sees what), a staged dataset named as a job's input, audit and /metrics. Every
SHA-256 is checked against Python's hashlib, not against the gateway's own figure."""
import hashlib
import os
import sqlite3
import threading

import tempfile

from gateway_client import Gateway, Results, TOKEN, sha256
from tus_client import PREFIX, Tus, b64, checksum

R = Results()
MAX_SIZE = 64 << 20
EXTENSIONS = ("creation,creation-with-upload,creation-defer-length,termination,expiration,checksum,concatenation,"
              "concatenation-unfinished")


def payload(n, seed=1):
    return (hashlib.sha256(str(seed).encode()).digest() * (n // 32 + 1))[:n]


def discovery(gw, tus):
    r = tus.request("OPTIONS", PREFIX, tus=False, headers={"Authorization": ""})
    R.check("OPTIONS: 204 without a token", r.status == 204, r.status)
    R.check("OPTIONS: Tus-Version 1.0.0, exactly the supported extensions, sha1,sha256, Tus-Max-Size",
            r.headers.get("tus-version") == "1.0.0" and r.headers.get("tus-extension") == EXTENSIONS
            and r.headers.get("tus-checksum-algorithm") == "sha1,sha256"
            and r.headers.get("tus-max-size") == str(MAX_SIZE), r.headers)
    r = tus.request("POST", PREFIX, {"Upload-Length": "5"}, b"", tus=False)
    R.check("POST without Tus-Resumable: 412 with Tus-Version", r.status == 412 and r.headers.get("tus-version") == "1.0.0",
            r.status)
    r, _ = tus.create(MAX_SIZE + 1)
    R.check("Upload-Length above Tus-Max-Size: 413", r.status == 413, r.status)
    r = tus.request("POST", PREFIX, {}, b"")
    R.check("POST with neither Upload-Length nor Upload-Defer-Length: 400", r.status == 400, r.status)
    r = Tus(gw, token="wrong").create(5)[0]
    R.check("POST with a wrong token: 401", r.status == 401, r.status)


def core_protocol(gw, tus):
    data = payload(3 << 20, 2)
    r, url = tus.create(len(data), {"filename": "reads.fq", "type": "fastq"})
    R.check("POST: 201, Location under the prefix, Tus-Resumable, Upload-Expires",
            r.status == 201 and url and url.startswith(PREFIX + "/") and r.headers.get("tus-resumable") == "1.0.0"
            and "upload-expires" in r.headers, (r.status, r.headers))
    h = tus.head(url)
    R.check("HEAD: offset 0, length, metadata as sent, no-store",
            h.status == 200 and h.headers.get("upload-offset") == "0" and h.headers.get("upload-length") == str(len(data))
            and h.headers.get("upload-metadata") == f"filename {b64('reads.fq')},type {b64('fastq')}"
            and h.headers.get("cache-control") == "no-store", h.headers)
    r = tus.patch(url, 0, data[:10], {"Content-Type": "application/octet-stream"})
    R.check("PATCH with another Content-Type: 415", r.status == 415, r.status)
    r = tus.patch(url, 5, data[:10])
    R.check("PATCH at the wrong offset: 409", r.status == 409, r.status)
    r = tus.patch(url, 0, data[:1 << 20])
    R.check("PATCH: 204 with the new Upload-Offset", r.status == 204 and r.headers.get("upload-offset") == str(1 << 20),
            (r.status, r.headers))
    R.check("HEAD after PATCH: the same offset", tus.head(url).headers.get("upload-offset") == str(1 << 20))
    r = tus.patch(url, 1 << 20, data[1 << 20:] + b"x")
    R.check("PATCH past Upload-Length: 413, offset unchanged",
            r.status == 413 and tus.head(url).headers.get("upload-offset") == str(1 << 20), r.status)
    r = tus.request("POST", url, {"X-HTTP-Method-Override": "PATCH", "Upload-Offset": str(1 << 20),
                                  "Content-Type": "application/offset+octet-stream"}, data[1 << 20:])
    R.check("X-HTTP-Method-Override: PATCH finishes the upload", r.status == 204 and
            r.headers.get("upload-offset") == str(len(data)), (r.status, r.text))
    dataset_id = r.headers.get("plateau-dataset")
    again = tus.patch(url, len(data), b"")
    R.check("PATCH to a complete upload: 403, HEAD still says complete", again.status == 403 and
            tus.head(url).headers.get("upload-offset") == str(len(data)), again.status)
    listed = {d["id"]: d for d in tus.datasets()}
    d = listed.get(dataset_id, {})
    R.check("the finished upload is a dataset: name, size, sha256 (hashlib), owner",
            d.get("name") == "reads.fq" and d.get("size") == len(data) and d.get("sha256") == sha256(data)
            and d.get("owner") == "galaxy", d)
    whole = tus.content(dataset_id)
    part = tus.content(dataset_id, {"Range": "bytes=1000-1999"})
    R.check("download: whole and a Range", whole.body == data and part.status == 206 and part.body == data[1000:2000],
            (whole.status, part.status))
    return dataset_id, data


def checksums(gw, tus):
    data = payload(200000, 3)
    r, url = tus.create(len(data))
    r = tus.patch(url, 0, data[:100000], {"Upload-Checksum": checksum("sha1", data[:100000])})
    R.check("PATCH with a right sha1 Upload-Checksum: 204", r.status == 204, (r.status, r.text))
    r = tus.patch(url, 100000, data[100000:], {"Upload-Checksum": checksum("sha256", b"another body")})
    R.check("PATCH with a wrong sha256: 460, offset unchanged",
            r.status == 460 and tus.head(url).headers.get("upload-offset") == "100000", r.status)
    r = tus.patch(url, 100000, data[100000:], {"Upload-Checksum": "md5 " + b64(hashlib.md5(data).digest())})
    R.check("PATCH with an unsupported algorithm: 400", r.status == 400, r.status)
    r = tus.patch(url, 100000, data[100000:], {"Upload-Checksum": checksum("sha256", data[100000:])})
    d = {x["id"]: x for x in tus.datasets()}.get(r.headers.get("plateau-dataset"), {})
    R.check("the part sent again with its checksum completes the dataset, sha256 right",
            r.status == 204 and d.get("sha256") == sha256(data), (r.status, d))


def creation_variants(gw, tus):
    data = payload(5000, 4)
    r, url = tus.create(len(data), {"filename": "one-shot"}, body=data)
    R.check("creation-with-upload: 201 with Upload-Offset of the whole body",
            r.status == 201 and r.headers.get("upload-offset") == str(len(data)), (r.status, r.headers))
    r, url = tus.create(None, {"filename": "deferred"}, {"Upload-Defer-Length": "1"})
    h = tus.head(url)
    R.check("Upload-Defer-Length: 201, HEAD says Upload-Defer-Length: 1",
            r.status == 201 and h.headers.get("upload-defer-length") == "1" and "upload-length" not in h.headers, h.headers)
    tus.patch(url, 0, data[:3000])
    r = tus.patch(url, 3000, data[3000:], {"Upload-Length": str(len(data))})
    d = {x["id"]: x for x in tus.datasets()}.get(r.headers.get("plateau-dataset"), {})
    R.check("a deferred length given with the last PATCH completes the dataset",
            r.status == 204 and d.get("sha256") == sha256(data) and d.get("size") == len(data), (r.status, d))
    r, url = tus.create(100)
    tus.patch(url, 0, b"x" * 10)
    r = tus.delete(url)
    R.check("DELETE: 204, then HEAD 404 and the file is gone",
            r.status == 204 and tus.head(url).status == 404 and
            not os.path.exists(os.path.join(gw.data_dir, "datasets/uploads", url.rsplit("/", 1)[1])), r.status)


def concatenation(gw, tus):
    data = payload((5 << 20) + 12345, 5)
    cuts = [0, 1234567, 2 << 20, 4000000, len(data)]
    urls = [None] * 4

    def send(i):
        part = data[cuts[i]:cuts[i + 1]]
        r, url = tus.create(len(part), headers={"Upload-Concat": "partial"})
        tus.patch(url, 0, part)
        urls[i] = url
    threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    R.check("partial uploads: HEAD says Upload-Concat: partial",
            all(tus.head(u).headers.get("upload-concat") == "partial" for u in urls))
    r, _ = tus.create(headers={"Upload-Concat": "final;" + " ".join(urls), "Upload-Length": "5"})
    R.check("a final upload with Upload-Length: 400", r.status == 400, r.status)
    r, final = tus.create(metadata={"filename": "joined.bin"},
                          headers={"Upload-Concat": "final;" + " ".join(f"http://h{u}" for u in urls)})
    h = tus.head(final)
    d = {x["id"]: x for x in tus.datasets()}.get(r.headers.get("plateau-dataset"), {})
    R.check("final upload: 201; the dataset is the parts in order (hashlib sha256)",
            r.status == 201 and d.get("sha256") == sha256(data) and d.get("name") == "joined.bin", (r.status, r.text, d))
    R.check("final upload: HEAD has Upload-Concat final with the parts, offset = length",
            h.headers.get("upload-concat") == "final;" + " ".join(urls) and
            h.headers.get("upload-offset") == str(len(data)), h.headers)
    R.check("the parts are gone once joined", all(tus.head(u).status == 404 for u in urls))
    R.check("PATCH to a final upload: 403", tus.patch(final, len(data), b"x").status == 403)
    _, p = tus.create(headers={"Upload-Concat": "partial", "Upload-Defer-Length": "1"})
    r, _ = tus.create(headers={"Upload-Concat": f"final;{p}"})
    R.check("final upload of a part whose length is not known yet: 400", r.status == 400, r.status)
    _, p = tus.create(10, headers={"Upload-Concat": "partial"})
    r, _ = tus.create(headers={"Upload-Concat": f"final;{p} {p}"})
    R.check("final upload naming a part twice: 400", r.status == 400, r.status)


def concatenation_unfinished(gw, tus):
    """concatenation-unfinished: the final upload made before its parts are complete; their bytes
    then go straight into its file. Bytes a part held before, a refused checksum's garbage and
    parts completed out of order must still give the parts in order (hashlib)."""
    data = payload((3 << 20) + 777, 6)
    cuts = [0, 1000001, 2 << 20, len(data)]
    urls = [tus.create(cuts[i + 1] - cuts[i], headers={"Upload-Concat": "partial"})[1] for i in range(3)]
    part = [data[cuts[i]:cuts[i + 1]] for i in range(3)]
    tus.patch(urls[1], 0, part[1][:4096])  # held before the final exists: moved into its file once
    r, final = tus.create(metadata={"filename": "early.bin"}, headers={"Upload-Concat": "final;" + " ".join(urls)})
    h = tus.head(final)
    R.check("concatenation-unfinished: a final of unfinished parts is 201; HEAD has its length, no offset yet",
            r.status == 201 and "upload-offset" not in h.headers and h.headers.get("upload-length") == str(len(data)),
            (r.status, r.text, h.headers))
    r, _ = tus.create(headers={"Upload-Concat": "final;" + urls[0]})
    R.check("a part another final upload names: 400", r.status == 400, r.status)
    bad = tus.patch(urls[2], 0, b"\xff" * 5000, {"Upload-Checksum": checksum("sha256", b"other bytes")})
    R.check("a placed part: a refused checksum is 460 and leaves its offset at 0",
            bad.status == 460 and tus.head(urls[2]).headers.get("upload-offset") == "0", bad.status)
    tus.patch(urls[2], 0, part[2])
    r = tus.patch(urls[0], 0, part[0])
    R.check("parts complete out of order: the final is not joined before the last", "upload-offset" not in tus.head(final).headers)
    r = tus.patch(urls[1], 4096, part[1][4096:])
    h = tus.head(final)
    final_id = final.rsplit("/", 1)[1]
    d = {x["id"]: x for x in tus.datasets()}.get(final_id, {})
    R.check("the last part's PATCH joins it: 204; HEAD offset = length; the dataset is the parts in order (hashlib)",
            r.status == 204 and h.headers.get("upload-offset") == str(len(data)) and h.headers.get("plateau-dataset") == final_id
            and d.get("sha256") == sha256(data) and d.get("name") == "early.bin", (r.status, h.headers, d))
    R.check("its content is the parts in order, and the parts are gone",
            tus.content(final_id).body == data and all(tus.head(u).status == 404 for u in urls))
    db = sqlite3.connect(os.path.join(gw.data_dir, "gateway.sqlite3"))
    how = [row[0] for row in db.execute("SELECT detail FROM audit WHERE job_id = ? AND action = 'upload.completed'",
                                        (f"upload/{final_id}",))]
    R.check("the audit says the parts were placed, not copied", how and '"placed"' in how[0], how)


def ownership(gw, tus, dataset_id):
    bob = Tus(gw, token="bob-secret-0123456789")      # group lab1, like carol
    carol = Tus(gw, token="carol-secret-0123456789")
    r, url = bob.create(4, {"filename": "b"}, body=b"abcd")
    bob_dataset = r.headers.get("plateau-dataset")
    R.check("another client's upload is 404 to galaxy", tus.head(url).status == 404)
    R.check("galaxy's dataset is invisible to bob", bob.content(dataset_id).status == 404 and
            dataset_id not in [d["id"] for d in bob.datasets()])
    R.check("bob's dataset is visible to carol (same group)", carol.content(bob_dataset).body == b"abcd")
    r = carol.request("DELETE", f"/api/v1/datasets/{bob_dataset}", tus=False)
    R.check("DELETE dataset: 204, then its content is 404", r.status == 204 and bob.content(bob_dataset).status == 404,
            r.status)


def job_input(gw, tus, dataset_id, data):
    gw.setup("j1")
    r = gw.request("POST", "/jobs/j1/files", {"name": "in.fq", "type": "input", "dataset_id": dataset_id}, body=b"")
    R.check("a job names a staged dataset as its input: 200 with the dataset's size and sha256",
            r.status == 200 and r.json()["sha256"] == sha256(data) and r.json()["size"] == len(data), (r.status, r.text))
    gw.submit("j1", "sha256sum ../inputs/in.fq | cut -c1-64 > ../outputs/sum")
    st = gw.wait("j1")
    got = gw.download("j1", "sum").text.strip()
    R.check("the job reads the dataset's bytes (sha256sum in the job = hashlib)", st["status"] == "complete" and
            got == sha256(data), (st["status"], got))
    audit = [a for a in gw.api("/api/jobs/j1")["audit"] if a["action"] == "file.staged"]
    R.check("the job's audit names the dataset", audit and dataset_id in str(audit[-1]), audit)
    r = Tus(gw, token="bob-secret-0123456789").gw.request(
        "POST", "/jobs/j1/files", {"name": "x", "type": "input", "dataset_id": "0" * 32}, body=b"")
    R.check("an unknown dataset id: 404", r.status == 404, r.status)


def records(gw):
    db = sqlite3.connect(os.path.join(gw.data_dir, "gateway.sqlite3"))
    actions = {row[0] for row in db.execute("SELECT action FROM audit WHERE job_id LIKE 'upload/%' OR job_id LIKE 'dataset/%'")}
    R.check("audit log: upload and dataset events",
            {"upload.created", "upload.completed", "upload.terminated", "dataset.created", "dataset.deleted",
             "dataset.downloaded"} <= actions, actions)
    metrics = gw.request("GET", "/metrics").text
    R.check("/metrics counts staging events and tus routes",
            'plateau_gateway_staging_events_total{event="checksum_mismatch"} 1' in metrics and
            'route="tus_patch",code="460"' in metrics and 'event="dataset_linked"} 1' in metrics)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        tokens = os.path.join(tmp, "tokens")
        with open(tokens, "w") as f:
            f.write(f"galaxy - {TOKEN}\nbob lab1 bob-secret-0123456789\ncarol lab1 carol-secret-0123456789\n")
        with Gateway(token=None, extra_args=["--token-file", tokens, "--set", f"datasets.max_size={MAX_SIZE}"]) as gw:
            gw.token = TOKEN
            tus = Tus(gw)
            discovery(gw, tus)
            dataset_id, data = core_protocol(gw, tus)
            checksums(gw, tus)
            creation_variants(gw, tus)
            concatenation(gw, tus)
            ownership(gw, tus, dataset_id)
            job_input(gw, tus, dataset_id, data)
            records(gw)
            concatenation_unfinished(gw, tus)  # after records(): its 460 is not counted there
    R.finish()


main()
