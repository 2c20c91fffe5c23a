"""plateau-stage reads each byte of a file once: the bytes of every PATCH (hashed for its
Upload-Checksum) are also what the whole file's SHA-256 is computed from, and after a resume the
bytes the gateway already holds are read for that hash only. Witness: the client's own read
system calls on the input file (strace -ff -y: read, pread64, readv, preadv, preadv2), whose byte
counts must add up to the file's size, with no pread range read twice, for a fresh upload in
parallel parts, a single upload (--parallel 1) and a run resumed after the client was killed.
The dataset's SHA-256 is compared with hashlib's. The checker is first shown a trace that reads
a range twice and must flag it. Skipped (77) without strace or ptrace."""
import glob
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from gateway_client import Gateway, Results, TOKEN
from stage_support import MiB, payload, stage_args, uploaded, write

R = Results()
READS = "read,pread64,readv,preadv,preadv2"
# pread64(7</tmp/x/a.bin>, ""..., 1048576, 3145728) = 1048576   (strace -s 0 -y)
CALL = re.compile(r"^(read|pread64|readv|preadv2?)\((\d+)<([^>]*)>, .*?(?:, (\d+))?\) = (\d+)$")


def reads_of(lines, path):
    """(kind, offset or None, bytes) of every read-family call on `path` that returned bytes."""
    out = []
    for line in lines:
        m = CALL.match(line.strip())
        if m and m.group(3) == path and int(m.group(5)) > 0:
            offset = int(m.group(4)) if m.group(1).startswith("p") and m.group(4) is not None else None
            out.append((m.group(1), offset, int(m.group(5))))
    return out


def read_twice(reads, size):
    """The problems of a trace: bytes read in all != size, or a pread range read twice."""
    total = sum(n for _, _, n in reads)
    problems = [] if total == size else [f"{total} bytes read for a file of {size}"]
    ranges = sorted((o, o + n) for _, o, n in reads if o is not None)
    for (a0, a1), (b0, b1) in zip(ranges, ranges[1:]):
        if b0 < a1:
            problems.append(f"[{b0}, {b1}) read again (overlaps [{a0}, {a1}))")
    return problems


def checker_can_fail():
    path = "/w/a.bin"
    good = [f'pread64(5<{path}>, ""..., 1048576, {i * MiB}) = 1048576' for i in range(4)]
    bad = good + [f'pread64(5<{path}>, ""..., 1048576, {MiB}) = 1048576']
    seq = [f'read(6<{path}>, ""..., 4194304) = 4194304']
    R.check("the checker passes a trace that reads 4 MiB once",
            read_twice(reads_of(good, path), 4 * MiB) == [] and read_twice(reads_of(seq, path), 4 * MiB) == [])
    R.check("the checker flags a trace that reads a MiB twice (and a second sequential pass)",
            len(read_twice(reads_of(bad, path), 4 * MiB)) == 2 and read_twice(reads_of(good + seq, path), 4 * MiB))


def traced_upload(port, work, name, args, state):
    """Runs plateau-stage upload under strace; returns (result, the reads of the input file)."""
    prefix = os.path.join(work, f"trace-{name}")
    cmd = ["strace", "-ff", "-qq", "-y", "-s", "0", "-e", f"trace={READS}", "-o", prefix]
    r = subprocess.run(cmd + stage_args(port, TOKEN, "upload", *args, f"{work}/{name}", state_dir=state),
                       capture_output=True, text=True, timeout=120)
    lines = []
    for log in glob.glob(prefix + ".*"):
        lines += open(log).readlines()
    return r, reads_of(lines, os.path.realpath(f"{work}/{name}"))


def check_upload(gw, work, name, data, args, what):
    write(f"{work}/{name}", data)
    r, reads = traced_upload(gw.port, work, name, args, f"{work}/state")
    if r.returncode != 0 and "ptrace" in r.stderr:
        print("strace could not trace plateau-stage (ptrace not allowed): skipped")
        sys.exit(77)
    got = uploaded(r.stdout).get(name, ("", 0, ""))
    R.check(f"{what}: uploaded, the dataset's sha256 is hashlib's", r.returncode == 0 and
            got[2] == hashlib.sha256(data).hexdigest(), (r.returncode, r.stderr[-800:]))
    problems = read_twice(reads, len(data))
    R.check(f"{what}: each byte of the file read once ({len(reads)} reads, {sum(n for _, _, n in reads)} bytes)",
            reads and problems == [], problems[:5])


def uploaded_bytes(gw):
    m = re.search(r"^plateau_gateway_uploaded_bytes_total (\d+)", gw.request("GET", "/metrics").text, re.M)
    return int(m.group(1)) if m else 0


def check_resume(gw, work):
    data = payload(12 * MiB + 777, 31)
    write(f"{work}/c.bin", data)
    args = ["--parallel", "3", "--request-size", "1M"]
    before = uploaded_bytes(gw)
    client = subprocess.Popen(stage_args(gw.port, TOKEN, "upload", *args, "--limit-rate", "4M", f"{work}/c.bin",
                                         state_dir=f"{work}/state"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while uploaded_bytes(gw) - before < 3 * MiB and time.monotonic() < deadline and client.poll() is None:
        time.sleep(0.05)
    client.send_signal(signal.SIGKILL)
    client.wait()
    held = uploaded_bytes(gw) - before
    R.check("the first run was killed with part of the file on the gateway", 0 < held < len(data), held)
    r, reads = traced_upload(gw.port, work, "c.bin", args, f"{work}/state")
    got = uploaded(r.stdout).get("c.bin", ("", 0, ""))
    R.check("resumed after a kill: the dataset's sha256 is hashlib's, and only the rest was sent",
            r.returncode == 0 and got[2] == hashlib.sha256(data).hexdigest() and uploaded_bytes(gw) - before == len(data),
            (r.returncode, r.stderr[-800:]))
    problems = read_twice(reads, len(data))
    R.check(f"resumed: each byte read once, those the gateway held for the hash only ({held} of {len(data)})",
            reads and problems == [], problems[:5])


def main():
    checker_can_fail()
    if not shutil.which("strace"):
        print("strace is not installed (scripts/install-deps.sh test): skipped")
        sys.exit(77)
    work = tempfile.mkdtemp(prefix="plateau-stage-read-once.")
    try:
        with Gateway() as gw:
            check_upload(gw, work, "a.bin", payload(20 * MiB + 12345, 29), ["--parallel", "4", "--request-size", "1M"],
                         "20 MiB in parallel parts (--parallel 4)")
            check_upload(gw, work, "b.bin", payload(3 * MiB + 5, 30), ["--parallel", "1", "--request-size", "1M"],
                         "a single upload (--parallel 1)")
            check_resume(gw, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    R.finish()


main()
