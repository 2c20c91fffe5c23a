"""tus-js-client (npm, in Node) against the gateway: a plain upload, an upload aborted and resumed
from its URL (its first PATCH starts at the acknowledged offset or later), and 4 parallel
partial uploads joined by concatenation. The datasets' SHA-256 is checked with hashlib.
Skipped (77) when node or the npm folder (scripts/install-deps.sh: build/npm) is missing."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

from gateway_client import Gateway, Results, TOKEN, sha256
from tus_client import Tus

HERE = os.path.dirname(os.path.abspath(__file__))
NPM_DIR = os.environ.get("PLATEAU_NPM_DIR") or os.path.join(HERE, "../../build/npm")
MODULES = os.path.join(NPM_DIR, "node_modules")
if not shutil.which("node") or not os.path.isdir(os.path.join(MODULES, "tus-js-client")):
    print(f"skipped: node or {MODULES}/tus-js-client missing (scripts/install-deps.sh installs it)")
    sys.exit(77)

R = Results()
data = (hashlib.sha256(b"tus-js").digest() * 2048) * 160 + b"tail"  # 10 MiB and 4 bytes
with tempfile.NamedTemporaryFile() as f, Gateway() as gw:
    f.write(data)
    f.flush()
    run = subprocess.run(["node", os.path.join(HERE, "tus_js/interop.cjs"), f"http://127.0.0.1:{gw.port}/api/v1/uploads",
                          TOKEN, f.name], capture_output=True, text=True, timeout=240,
                         env=dict(os.environ, NODE_PATH=MODULES))
    out = json.loads(run.stdout.strip().splitlines()[-1]) if run.stdout.strip() else {"error": run.stderr}
    R.check("tus-js-client ran without an error", "error" not in out, out.get("error", "")[:2000] + run.stderr[-2000:])
    by_name = {d["name"]: d for d in Tus(gw).datasets()}
    for name in ("plain.bin", "resumed.bin", "parallel.bin"):
        d = by_name.get(name, {})
        R.check(f"{name}: a dataset with the file's sha256 (hashlib) and size",
                d.get("sha256") == sha256(data) and d.get("size") == len(data), d)
    res = out.get("resumed", {})
    R.check("resume after abort: same upload URL, first PATCH at or after the acknowledged offset",
            res.get("same_url") and res.get("acknowledged", 0) >= 3 << 20 and
            res.get("first_patch_offset", -1) >= res.get("acknowledged", 1 << 62), res)
    metrics = gw.request("GET", "/metrics").text
    R.check("parallelUploads: 4 partial uploads and one final were created",
            'event="upload_created"} 7' in metrics, [l for l in metrics.splitlines() if "upload_created" in l])
R.finish()
