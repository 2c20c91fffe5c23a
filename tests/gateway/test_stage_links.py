"""Signed expiring download links (docs/gateway.md, "Signed links"), fetched with curl as Galaxy's
"Paste/Fetch data" would, with no token: a valid link reads the bytes (and a Range of them); an
expired link is 410; a link whose dataset id, expiry or signature was changed is 403, and so is
a link of one dataset pointed at another; the link opens nothing else (the token routes still
want a token); a deleted dataset's link is 404; a lifetime past datasets.link_max_ttl_seconds is
refused. The key is the gateway's own file (0600), not a token."""
import hashlib
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time

from gateway_client import Gateway, Results, TOKEN
from stage_support import MiB, payload, run_stage, uploaded, write

R = Results()


def curl(url, *extra):
    """(HTTP status, body) of a GET with curl, no credentials."""
    r = subprocess.run(["curl", "-s", "-o", "-", "-w", "\n%{http_code}", *extra, url], capture_output=True, timeout=30)
    body, _, code = r.stdout.rpartition(b"\n")
    return int(code or 0), body


def tamper(url, what):
    m = re.match(r"(http://[^/]+/api/v1/links/)([^/]+)/([^?]+)\?expires=(\d+)&signature=([0-9a-f]+)$", url)
    base, ident, name, expires, sig = m.groups()
    if what == "id":
        ident = ident[:-1] + ("0" if ident[-1] != "0" else "1")
    elif what == "expires":
        expires = str(int(expires) + 3600)
    elif what == "signature":
        sig = sig[:-1] + ("0" if sig[-1] != "0" else "1")
    return f"{base}{ident}/{name}?expires={expires}&signature={sig}"


def main(work):
    a, b = payload(3 * MiB + 7, 11), payload(MiB, 12)
    write(f"{work}/a.fastq.gz", a)
    write(f"{work}/b.bin", b)
    with Gateway(extra_args=["--set", "datasets.link_max_ttl_seconds=86400"]) as gw:
        r = run_stage(gw.port, TOKEN, "upload", f"{work}/a.fastq.gz", f"{work}/b.bin", state_dir=f"{work}/state")
        ids = {name: v[0] for name, v in uploaded(r.stdout).items()}
        r = run_stage(gw.port, TOKEN, "link", ids["a.fastq.gz"], "--ttl", "1h")
        url = r.stdout.strip()
        R.check("plateau-stage link prints one URL with the dataset, its name, an expiry and a signature",
                r.returncode == 0 and re.search(r"/api/v1/links/[^/]+/a\.fastq\.gz\?expires=\d+&signature=[0-9a-f]{64}$", url),
                (r.returncode, url, r.stderr))
        code, body = curl(url)
        R.check("curl without a token: 200 and the dataset's bytes", code == 200 and body == a, code)
        code, body = curl(url, "-r", "1000-1999")
        R.check("Range on a link: 206 and exactly those bytes", code == 206 and body == a[1000:2000], code)
        for what in ("id", "expires", "signature"):
            code, _ = curl(tamper(url, what))
            R.check(f"a link with a changed {what}: 403", code == 403, code)
        other = re.sub(r"/links/[^/]+/", f"/links/{ids['b.bin']}/", url)
        code, _ = curl(other)
        R.check("a's signature on b's id (another dataset): 403", code == 403, code)
        sig = url.split("?", 1)[1]
        code, _ = curl(f"http://127.0.0.1:{gw.port}/api/v1/datasets/{ids['b.bin']}/content?{sig}")
        R.check("the link's query opens nothing else: the token route still answers 401", code == 401, code)
        r = run_stage(gw.port, TOKEN, "link", ids["b.bin"], "--ttl", "1")
        time.sleep(2.1)
        code, _ = curl(r.stdout.strip())
        R.check("an expired link: 410", r.returncode == 0 and code == 410, code)
        r = run_stage(gw.port, TOKEN, "link", ids["b.bin"], "--ttl", "2d")
        R.check("a lifetime past datasets.link_max_ttl_seconds: exit 1 with the limit named",
                r.returncode == 1 and "link_max_ttl_seconds" in r.stderr, (r.returncode, r.stderr))
        r = run_stage(gw.port, "wrong-token-123456", "link", ids["b.bin"])
        R.check("making a link needs the token", r.returncode == 1 and "token" in r.stderr, r.stderr)
        key = os.path.join(gw.data_dir, "datasets", "link.key")
        R.check("the key is the gateway's own file, readable by it alone, not a token",
                os.path.exists(key) and stat.S_IMODE(os.stat(key).st_mode) == 0o600 and TOKEN.encode() not in open(key, "rb").read())
        r = run_stage(gw.port, TOKEN, "delete", ids["a.fastq.gz"])
        code, _ = curl(url)
        R.check("the link of a deleted dataset: 404", code == 404, code)

work = tempfile.mkdtemp(prefix="plateau-stage-links.")
try:
    main(work)
finally:
    shutil.rmtree(work, ignore_errors=True)
R.finish()
