"""The browser staging page (GET /stage/). First over plain HTTP: every file is served byte for
byte as committed in src/gateway/stage_page/, with its Content-Type, a strict
Content-Security-Policy, nosniff, an ETag (the file's SHA-256, from hashlib) with 304 on
revalidation, and nothing else is reachable under /stage/ (traversal, encoded dots, nested
paths: 404). Then in Debian's chromium driven by playwright-core (tests/gateway/stage_page/
browser.cjs): token, a 6 MiB file in 3 parallel parts with pause/resume, a reload in the middle
and the same file chosen again, a network cut; small files, an empty one, a folder chosen with
webkitdirectory and a dropped file; the SHA-256 the page shows for each is compared with
sha256sum's, no PATCH starts below an offset the gateway acknowledged, the reload created no new
upload, the final upload was made before any byte was sent (concatenation-unfinished) and kept
for the reload, the gateway's audit says the parts were placed into the final's file (no copy
join), and the dataset list and its delete button are checked against the gateway's API.
Skipped (77) only when chromium is not installed (scripts/install-deps.sh test installs it)."""
import hashlib
import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

from gateway_client import Gateway, Results, TOKEN

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("PLATEAU_SRC") or os.path.join(HERE, "../..")
PAGE_DIR = os.path.join(SRC, "src/gateway/stage_page")
CHROMIUM = os.environ.get("PLATEAU_CHROMIUM", "/usr/bin/chromium")
NPM_DIR = os.environ.get("PLATEAU_NPM_STAGE_PAGE_DIR") or os.path.join(HERE, "../../build/npm-stage-page")
MODULES = os.path.join(NPM_DIR, "node_modules")
TYPES = {"html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
         "svg": "image/svg+xml"}
MiB = 1 << 20

if not os.access(CHROMIUM, os.X_OK):
    print(f"skipped: {CHROMIUM} is not installed (scripts/install-deps.sh test installs Debian's chromium)")
    sys.exit(77)

R = Results()


def get(port, path, method="GET", headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, headers=headers or {})  # http.client sends the path as given
    res = conn.getresponse()
    body = res.read()
    conn.close()
    return res.status, {k.lower(): v for k, v in res.getheaders()}, body


def sha256sum(path):
    return subprocess.run(["sha256sum", path], capture_output=True, text=True, check=True).stdout.split()[0]


def check_static(gw):
    files = sorted(f for f in os.listdir(PAGE_DIR) if f.rsplit(".", 1)[-1] in TYPES)
    for name in files:
        data = open(os.path.join(PAGE_DIR, name), "rb").read()
        status, h, body = get(gw.port, f"/stage/{name}")
        csp = h.get("content-security-policy", "")
        R.check(f"/stage/{name}: 200 without a token, the committed bytes, {TYPES[name.rsplit('.', 1)[1]]}",
                status == 200 and body == data and h.get("content-type") == TYPES[name.rsplit(".", 1)[1]], (status, h))
        R.check(f"/stage/{name}: strict CSP (self only, no inline, no framing), nosniff",
                "script-src 'self'" in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
                and "unsafe" not in csp and h.get("x-content-type-options") == "nosniff", csp)
        etag = '"' + hashlib.sha256(data).hexdigest() + '"'
        R.check(f"/stage/{name}: ETag is the file's SHA-256, Cache-Control: no-cache",
                h.get("etag") == etag and h.get("cache-control") == "no-cache", h)
        status, h, body = get(gw.port, f"/stage/{name}", headers={"If-None-Match": etag})
        R.check(f"/stage/{name}: If-None-Match with its ETag -> 304, no body", status == 304 and body == b"", status)
    index = open(os.path.join(PAGE_DIR, "index.html")).read()
    R.check("index.html has no inline script, style attribute or event handler",
            not re.search(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=", index))
    status, h, body = get(gw.port, "/stage/")
    R.check("/stage/ is index.html", status == 200 and body == open(os.path.join(PAGE_DIR, "index.html"), "rb").read())
    status, h, _ = get(gw.port, "/stage")
    R.check("/stage redirects to stage/ (301, relative)", status == 301 and h.get("location") == "stage/", (status, h))
    status, h, body = get(gw.port, "/stage/stage.js", method="HEAD")
    R.check("HEAD /stage/stage.js: length, no body",
            status == 200 and body == b"" and int(h.get("content-length", -1)) == os.path.getsize(os.path.join(PAGE_DIR, "stage.js")))
    for path in ["/stage/../gateway.sqlite3", "/stage/..%2f..%2fetc%2fpasswd", "/stage/%2e%2e", "/stage/..",
                 "/stage/sub/stage.js", "/stage//etc/passwd", "/stage/stage.js%00", "/stage/.git", "/stage/CMakeLists.txt",
                 "/stage/%2fetc%2fpasswd", "/stage/stage.js/", "/stage/index.html?x=/../../etc/passwd#"]:
        status, _, body = get(gw.port, path)
        ok = status == 404 or (path.startswith("/stage/index.html?") and status == 200 and b"<!DOCTYPE html>" in body)
        if path.startswith("/stage/index.html?"):
            path += " (the query is not part of the name)"
        R.check(f"{path}: nothing but a page file ({status})", ok and b"root:" not in body, (status, body[:120]))
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        status, h, _ = get(gw.port, "/stage/stage.js", method=method)
        R.check(f"{method} /stage/stage.js -> 405 with Allow: GET, HEAD", status == 405 and h.get("allow") == "GET, HEAD", (status, h))


def make_files(work):
    os.makedirs(os.path.join(work, "run1/sub"))
    seed = hashlib.sha256(b"stage page").digest()
    with open(os.path.join(work, "big.bin"), "wb") as f:
        f.write(bytes((b + i) & 255 for i in range(251) for b in seed) * (6 * MiB // (251 * 32)) + b"tail")
    with open(os.path.join(work, "small.txt"), "w") as f:
        f.write("small file\n" * 90)
    open(os.path.join(work, "empty.txt"), "w").close()
    with open(os.path.join(work, "run1/a.bin"), "wb") as f:
        f.write(seed * (3 * MiB // 64) + b"odd")  # 1.5 MiB: one part (parts are at least 1 MiB)
    with open(os.path.join(work, "run1/sub/b.txt"), "w") as f:
        f.write("in a subfolder\n")
    expected = {name: sha256sum(os.path.join(work, name))
                for name in ["big.bin", "small.txt", "empty.txt", "run1/a.bin", "run1/sub/b.txt"]}
    expected["dropped.txt"] = hashlib.sha256(b"dropped by the test\n").hexdigest()  # made in the page
    return expected


def check_browser(gw, out, expected, work):
    R.check("the browser run finished without an error", "error" not in out, out.get("error", "")[:3000])
    R.check("no console error (a CSP violation would be one)", not out["console"], out["console"][:5])
    steps = {s["name"]: s for s in out["steps"]}
    print("# browser steps (s since node started): " + ", ".join(f"{s['name']} {s['t']:.1f}" for s in out["steps"]))
    paused = steps.get("paused", {})
    R.check("pause: nothing more is sent while paused", paused.get("state") == "paused" and
            paused.get("after_wait") == paused.get("sent") and paused.get("sent", 0) > 0, paused)
    R.check("after a reload the token is still set (sessionStorage)", "token is set" in out.get("token_after_reload", ""))
    R.check("after a reload the unfinished upload is listed", "big.bin" in out.get("earlier_after_reload", ""),
            out.get("earlier_after_reload"))
    m = re.search(r"resumed at (\d+) bytes", steps.get("resumed", {}).get("text", ""))
    R.check("the same file chosen again resumes (offset from HEAD > 0)", m and int(m.group(1)) > 0, steps.get("resumed"))
    R.check("a network cut puts the upload in retry", "retry" in steps.get("offline", {}).get("text", ""), steps.get("offline"))
    late = [p for p in out["patches"] if p["offset"] < p["acked_before"]]
    R.check(f"no acknowledged byte sent twice: every PATCH ({len(out['patches'])}) starts at or past the offset "
            "a PATCH or HEAD had acknowledged",
            not late and out["patches"], late[:5])
    R.check("a dropped folder is walked recursively, in batches, with relative paths",
            sorted(out.get("walked", [])) == ["scan7/deep/three.txt:3", "scan7/deep/two.txt:2", "scan7/one.txt:1", "top.txt:3"],
            out.get("walked"))
    shown = dict(out.get("files", {}))
    shown["big.bin"] = out.get("big", {})
    for name, digest in expected.items():
        R.check(f"{name}: done, the page shows sha256sum's digest", shown.get(name, {}).get("state") == "done" and
                shown.get(name, {}).get("sha") == digest, shown.get(name))
    api = {d["name"]: d for d in gw.request("GET", "/api/v1/datasets").json()["datasets"]}
    page = {d["name"]: d["sha"] for d in out.get("datasets", [])}
    R.check("the page lists every dataset with the gateway's sha256", all(page.get(n) == expected[n] for n in expected), page)
    R.check("Delete removed dropped.txt (page and gateway)", "dropped.txt" in page and "dropped.txt" not in api and
            not any(d["name"] == "dropped.txt" for d in out.get("datasets_after_delete", [])), sorted(api))
    R.check("big.bin: the dataset has the file's size", api.get("big.bin", {}).get("size") == 6 * MiB // (251 * 32) * 251 * 32 + 4)
    metrics = gw.request("GET", "/metrics").text
    created = re.search(r'event="upload_created"} (\d+)', metrics)
    # big.bin: 3 partial + 1 final; one upload for each of the 5 other files. A reload that
    # started big.bin again would have created more.
    R.check("uploads created: 3 parts + 1 final for big.bin and 1 per other file (the reload made none)",
            created and int(created.group(1)) == 9, created and created.group(0))
    # The gateway counts the bytes it commits; bytes written twice at one offset would count twice.
    uploaded = re.search(r"^plateau_gateway_uploaded_bytes_total (\d+)", metrics, re.M)
    total = sum(os.path.getsize(os.path.join(work, n)) for n in expected if n != "dropped.txt") + len(b"dropped by the test\n")
    R.check("the gateway committed exactly the files' bytes, none twice", uploaded and int(uploaded.group(1)) == total,
            (uploaded and uploaded.group(0), total))
    check_final_first(gw, out)
    conflicts = sum(map(int, re.findall(r'route="tus_patch",code="409"} (\d+)', metrics)))
    print(f"# PATCHes answered 409 (offset moved by a request cut off by the reload or the cut; the page asked HEAD again): {conflicts}")


def check_final_first(gw, out):
    """big.bin's final upload was created before its parts' bytes, stored for the reload, and the
    gateway joined it without copying (audit upload.completed joined_by; a copy join, the page
    creating the final last, would say reflink/copy_file_range/copy)."""
    finals = out.get("finals", [])
    R.check("the page created one final upload, before any PATCH (concatenation-unfinished)",
            len(finals) == 1 and finals[0]["patches_before"] == 0 and len(finals[0]["concat"].split()) == 3, finals)
    stored = [p for p in out.get("stored_before_reload", []) if p.get("name") == "big.bin"]
    R.check("the stored state of big.bin (for a reload) holds its 3 parts and its final upload",
            len(stored) == 1 and stored[0].get("final", "").count("/uploads/") == 1 and
            all(p.get("url") for p in stored[0].get("parts", [])) and len(stored[0]["parts"]) == 3, stored)
    db = sqlite3.connect(os.path.join(gw.data_dir, "gateway.sqlite3"))
    joins = [json.loads(row[0]).get("joined_by") for row in
             db.execute("SELECT detail FROM audit WHERE action = 'upload.completed' AND detail LIKE '%joined_by%'")]
    db.close()
    R.check("the gateway's audit: big.bin joined by placing its parts in the final's file, no copy join",
            joins == ["placed"], joins)


def main():
    if not os.path.isdir(os.path.join(MODULES, "playwright-core")):
        R.check(f"playwright-core in {MODULES} (scripts/install-deps.sh test installs it)", False)
        R.finish()
    work = tempfile.mkdtemp(prefix="plateau-stage-page.")
    try:
        expected = make_files(work)
        with Gateway() as gw:
            started = time.monotonic()
            check_static(gw)
            print(f"# static checks: {time.monotonic() - started:.1f} s")
            started = time.monotonic()
            run = subprocess.run(["node", os.path.join(HERE, "stage_page/browser.cjs"), f"http://127.0.0.1:{gw.port}",
                                  TOKEN, work], capture_output=True, text=True, timeout=120,
                                 env=dict(os.environ, NODE_PATH=MODULES))
            print(f"# browser run (node, chromium): {time.monotonic() - started:.1f} s")
            lines = run.stdout.strip().splitlines()
            out = json.loads(lines[-1]) if lines else {"error": run.stderr[-3000:], "console": [], "steps": [], "patches": []}
            check_browser(gw, out, expected, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    R.finish()


main()
