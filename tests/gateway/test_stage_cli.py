"""plateau-stage against a real gateway on a loopback port: a file, a folder (names relative to
its parent, an empty file), parallel parts (tus partial uploads joined by a final upload, seen by
a recording proxy), the same dataset at --parallel 1 and 4, a corrupted request refused for its
checksum (460) and sent again, list, download (Range resume of a .part file, a wrong .part
caught by the sha256 check), delete, and clear one-line errors for a bad URL, an unreachable
gateway and a wrong token. Expected digests come from hashlib, never from plateau-stage."""
import hashlib
import os
import shutil
import stat
import subprocess
import tempfile

from gateway_client import Gateway, Results, TOKEN
from recording_proxy import RecordingProxy
from stage_support import STAGE, MiB, error_lines, payload, run_stage, uploaded, write

R = Results()


def sha(data):
    return hashlib.sha256(data).hexdigest()


def datasets_by_name(gw):
    r = gw.request("GET", "/api/v1/datasets")
    return {d["name"]: d for d in r.json()["datasets"]}


def file_and_folder(gw, work, state):
    big = payload(5 * MiB + 123, 1)
    write(f"{work}/one.bin", big)
    files = {"run42/a.txt": b"hello\n", "run42/lane1/b.bin": payload(3 * MiB, 2), "run42/lane1/empty": b""}
    for name, data in files.items():
        write(f"{work}/in/{name}", data)
    r = run_stage(gw.port, TOKEN, "upload", "--parallel", "1", f"{work}/one.bin", state_dir=state)
    out = uploaded(r.stdout)
    R.check("upload of one file: exit 0, one line id/name/size/sha256 = hashlib's",
            r.returncode == 0 and out.get("one.bin", (0, 0, ""))[1:] == (len(big), sha(big)), (r.returncode, r.stdout, r.stderr))
    r = run_stage(gw.port, TOKEN, "upload", f"{work}/in/run42", state_dir=state)
    out = uploaded(r.stdout)
    listed = datasets_by_name(gw)
    R.check("upload of a folder: every file (the empty one too), named from the folder's parent",
            r.returncode == 0 and sorted(out) == sorted(files), (r.returncode, sorted(out), r.stderr))
    R.check("the gateway's datasets of the folder have hashlib's sha256 and the right sizes",
            all(listed.get(n, {}).get("sha256") == sha(d) and listed[n]["size"] == len(d) for n, d in files.items()))
    R.check("a finished upload leaves no state file behind", os.listdir(state) == [], os.listdir(state))
    return big


def parallel_parts(gw, work, state):
    data = payload(20 * MiB + 5, 3)
    write(f"{work}/par.bin", data)
    proxy = RecordingProxy(gw.port)
    r = run_stage(proxy.port, TOKEN, "upload", "--parallel", "4", "--part-size", "3M", "--request-size", "1M",
                  "--name-prefix", "p4/", f"{work}/par.bin", state_dir=state)
    posts = [e for e in proxy.events if e["method"] == "POST"]
    partial = [e for e in posts if e["concat"] == "partial"]
    final = [e for e in posts if (e["concat"] or "").startswith("final;")]
    patched = {e["path"] for e in proxy.patches() if e["status"] == 204}
    R.check("--parallel 4 --part-size 3M: 7 partial uploads, each PATCHed, joined by one final upload",
            r.returncode == 0 and len(partial) == 7 and len(patched) == 7 and len(final) == 1 and
            len(final[0]["concat"].split(" ")) == 7, (r.returncode, len(partial), len(patched), len(final), r.stderr))
    R.check("every PATCH carried at most --request-size bytes", all(e["length"] <= MiB for e in proxy.patches()))
    r1 = run_stage(gw.port, TOKEN, "upload", "--parallel", "1", "--name-prefix", "p1/", f"{work}/par.bin", state_dir=state)
    listed = datasets_by_name(gw)
    R.check("the same bytes at --parallel 1 and 4: both datasets have hashlib's sha256",
            r1.returncode == 0 and listed.get("p4/par.bin", {}).get("sha256") == sha(data) ==
            listed.get("p1/par.bin", {}).get("sha256"))
    proxy.close()


def corrupted_request(gw, work, state):
    data = payload(4 * MiB, 4)
    write(f"{work}/corrupt.bin", data)
    proxy = RecordingProxy(gw.port)
    proxy.corrupt_patches = 2
    r = run_stage(proxy.port, TOKEN, "--progress", "upload", "--parallel", "2", "--part-size", "2M", "--request-size", "1M",
                  f"{work}/corrupt.bin", state_dir=state)
    patches = proxy.patches()
    refused = [e for e in patches if e["status"] == 460]
    resent = all(any(e["path"] == x["path"] and e["offset"] == x["offset"] and e["status"] == 204 for e in patches)
                 for x in refused)
    R.check("two corrupted requests: refused with 460 (they were the corrupted ones), then sent again and accepted",
            len(refused) == 2 and all(e["corrupted"] for e in refused) and resent, [(e["status"], e["corrupted"]) for e in patches])
    out = uploaded(r.stdout)
    R.check("after the resends the dataset's sha256 is hashlib's; a warning says so",
            r.returncode == 0 and out.get("corrupt.bin", (0, 0, ""))[2] == sha(data) and "sent again" in r.stderr,
            (r.returncode, r.stderr))
    R.check("--progress: a progress line on stderr naming the file, ending at 4.0 MiB / 4.0 MiB (100%)",
            "plateau-stage: corrupt.bin: 4.0 MiB / 4.0 MiB (100%)" in r.stderr, r.stderr)
    proxy.close()


def list_download_delete(gw, work, big):
    r = run_stage(gw.port, TOKEN, "list")
    rows = [line.split("\t") for line in r.stdout.splitlines()]
    one = [row for row in rows if row[1] == "one.bin"]
    R.check("list: a TSV row per dataset with id, name, size, sha256",
            r.returncode == 0 and len(one) == 1 and one[0][2] == str(len(big)) and one[0][3] == sha(big), r.stdout)
    ident = one[0][0] if one else "none"
    proxy = RecordingProxy(gw.port)
    out = f"{work}/dl/one.bin"
    write(out + ".part", big[:MiB])
    r = run_stage(proxy.port, TOKEN, "download", ident, "-o", out)
    ranges = [e["range"] for e in proxy.events if e["method"] == "GET" and "/content" in e["path"]]
    got = open(out, "rb").read() if os.path.exists(out) else b""
    R.check("download resumes a .part file with Range from its end; the file equals what was uploaded",
            r.returncode == 0 and ranges == [f"bytes={MiB}-"] and got == big and not os.path.exists(out + ".part"),
            (r.returncode, ranges, r.stderr))
    bad = f"{work}/dl/bad.bin"
    write(bad + ".part", b"\0" * MiB)
    r = run_stage(gw.port, TOKEN, "download", ident, "-o", bad)
    R.check("a .part file with wrong bytes: the sha256 check fails, exit 1, one error line, no output file",
            r.returncode == 1 and len(error_lines(r.stderr)) == 1 and "sha256" in r.stderr and not os.path.exists(bad),
            (r.returncode, r.stderr))
    fifo = f"{work}/dl/fifo"
    os.mkfifo(fifo)
    r = run_stage(gw.port, TOKEN, "download", ident, "-o", fifo)
    R.check("download onto a FIFO (as onto /dev/null): usage error, exit 2, and the FIFO is not replaced by a file",
            r.returncode == 2 and stat.S_ISFIFO(os.stat(fifo).st_mode) and not os.path.exists(fifo + ".part"),
            (r.returncode, r.stderr))
    r = run_stage(gw.port, TOKEN, "delete", ident)
    R.check("delete: exit 0 and the dataset is gone", r.returncode == 0 and "one.bin" not in datasets_by_name(gw))
    r = run_stage(gw.port, TOKEN, "download", ident, "-o", f"{work}/dl/gone.bin")
    R.check("download of a deleted dataset: exit 1, one line naming the dataset and 404",
            r.returncode == 1 and len(error_lines(r.stderr)) == 1 and ident in r.stderr and "404" in r.stderr, r.stderr)
    proxy.close()


def bad_server(gw, work, state):
    r = run_stage(gw.port, "wrong-token-123456", "upload", f"{work}/one.bin", state_dir=state)
    R.check("a wrong token: exit 1, one line saying the token was refused",
            r.returncode == 1 and len(error_lines(r.stderr)) == 1 and "refused the token" in r.stderr, r.stderr)
    s = socket_free_port()
    r = run_stage(s, TOKEN, "upload", "--retries", "0", f"{work}/one.bin", state_dir=state)
    R.check("an unreachable gateway: exit 1, one line naming the URL",
            r.returncode == 1 and len(error_lines(r.stderr)) == 1 and f"127.0.0.1:{s}" in r.stderr, r.stderr)
    r = subprocess.run([STAGE, "--url", "ftp://example.org", "--token", TOKEN, "upload", f"{work}/one.bin"],
                       capture_output=True, text=True, timeout=60)
    R.check("a URL that is not http(s): exit 2, one line naming --url",
            r.returncode == 2 and len(error_lines(r.stderr)) == 1 and "--url" in r.stderr, (r.returncode, r.stderr))
    r = run_stage(gw.port, TOKEN, "upload", f"{work}/no-such-file", state_dir=state)
    R.check("a missing input: exit 1, one line naming it", r.returncode == 1 and "no-such-file" in r.stderr, r.stderr)
    r = run_stage(gw.port, TOKEN, "--help")
    R.check("--help reads like a man page (SYNOPSIS, RESUME, EXIT STATUS)",
            r.returncode == 0 and all(w in r.stdout for w in ("SYNOPSIS", "RESUME", "EXIT STATUS")), r.returncode)


def socket_free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


work = tempfile.mkdtemp(prefix="plateau-stage-test.")
state = os.path.join(work, "state")
try:
    with Gateway() as gw:
        big = file_and_folder(gw, work, state)
        parallel_parts(gw, work, state)
        corrupted_request(gw, work, state)
        list_download_delete(gw, work, big)
        bad_server(gw, work, state)
finally:
    shutil.rmtree(work, ignore_errors=True)
R.finish()
