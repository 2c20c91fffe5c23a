"""Durability of concatenation (issue 14): an offset the gateway reports counts only bytes that were
fdatasync'ed before the SQLite commit, and a final upload becomes a dataset only once its file is
durable. Checked on the gateway's own system calls (strace -f -y attached to the running gateway)
for a final upload made before its parts were sent (concatenation-unfinished: the parts written
straight into its file) and for one made after (the parts copied into it): no write to the SQLite
database while an upload file or a final's file holds written bytes that no fdatasync/fsync of
that file has covered yet, and no rename into the dataset area of a file in that state. The
checker itself is run first on two hand-written traces, one that breaks the rule. The requests are
sent one at a time, so every database write belongs to the request that wrote before it. Skipped
(77) without strace or ptrace."""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time

from gateway_client import Gateway, Results, sha256
from tus_client import Tus

R = Results()
MiB = 1 << 20
SYSCALLS = "trace=write,pwrite64,pwritev,copy_file_range,fdatasync,fsync,rename,renameat,renameat2"
CALL = re.compile(r"^(\d+)\s+(?:<\.\.\. (\w+) resumed>|(\w+)\()(.*)$")
FD_PATH = re.compile(r"\d+<([^>]*)>")
STRING = re.compile(r'"([^"]*)"')


def payload(n, seed):
    block = hashlib.sha256(str(seed).encode()).digest() * 2048
    return (block * (n // len(block) + 1))[:n]


def tracked(path):
    return "/datasets/uploads/" in path or path.endswith(".joining")


def violations(lines):
    """Writes to the database (or renames into files/) while a tracked file has unsynced bytes."""
    dirty, pending, found = set(), {}, []
    for line in lines:
        m = CALL.match(line)
        if not m:
            continue
        pid, resumed, name, rest = m.group(1), m.group(2), m.group(3), m.group(4)
        if resumed:  # the end of a call: a sync counts once it returned
            name, paths = pending.pop(pid, (resumed, []))
        else:
            paths = FD_PATH.findall(rest)
            if "<unfinished ...>" in rest:
                pending[pid] = (name, paths)
        if name in ("write", "pwrite64", "pwritev", "copy_file_range") and not resumed:
            target = paths[-1] if paths else ""
            if tracked(target):
                dirty.add(target)
            elif "gateway.sqlite3" in target and dirty:
                found.append(f"database written while {sorted(dirty)} unsynced: {line.strip()}")
        elif name in ("fdatasync", "fsync") and (resumed or "<unfinished ...>" not in rest):
            dirty.difference_update(paths)
        elif name.startswith("rename") and not resumed:
            names = STRING.findall(rest)
            if names and names[0] in dirty:
                found.append(f"renamed while unsynced: {line.strip()}")
    return found


def checker_can_fail():
    ok = ['1 pwrite64(7</d/datasets/files/a.joining>, "x", 1, 0) = 1\n',
          '2 fdatasync(7</d/datasets/files/a.joining> <unfinished ...>\n',
          '2 <... fdatasync resumed>) = 0\n',
          '1 pwrite64(9</d/gateway.sqlite3-wal>, "y", 1, 0) = 1\n',
          '1 rename("/d/datasets/files/a.joining", "/d/datasets/files/a") = 0\n']
    bad = ok[:1] + ok[3:]
    R.check("the checker passes a synced trace and flags an unsynced one",
            violations(ok) == [] and len(violations(bad)) == 2, (violations(ok), violations(bad)))


def traced(gw, log):
    p = subprocess.Popen(["strace", "-f", "-qq", "-y", "-s", "200", "-e", SYSCALLS, "-o", log, "-p", str(gw.proc.pid)],
                         stderr=subprocess.DEVNULL)
    time.sleep(1.5)  # attached to every thread
    if p.poll() is not None:
        print("strace could not attach (ptrace not allowed): skipped")
        sys.exit(77)
    return p


def upload(tus, data, parts, final_first):
    size = len(data) // parts
    cuts = [i * size for i in range(parts)] + [len(data)]
    urls = [tus.create(cuts[i + 1] - cuts[i], headers={"Upload-Concat": "partial"})[1] for i in range(parts)]
    final = None
    if final_first:
        final = tus.create(metadata={"filename": "f"}, headers={"Upload-Concat": "final;" + " ".join(urls)})[1]
    for i, url in enumerate(urls):
        for offset in range(0, cuts[i + 1] - cuts[i], MiB):
            tus.patch(url, offset, data[cuts[i] + offset:min(cuts[i + 1], cuts[i] + offset + MiB)])
    if not final_first:
        final = tus.create(metadata={"filename": "f"}, headers={"Upload-Concat": "final;" + " ".join(urls)})[1]
    final_id = final.rsplit("/", 1)[1]
    return {x["id"]: x for x in tus.datasets()}.get(final_id, {})


def main():
    checker_can_fail()
    if not shutil.which("strace"):
        print("strace is not installed (scripts/install-deps.sh test): skipped")
        sys.exit(77)
    data = payload(5 * MiB + 4321, 9)
    with Gateway(extra_args=["--set", "datasets.checkpoint_bytes=1M"]) as gw:
        tus = Tus(gw)
        log = os.path.join(gw.workdir, "strace.log")
        tracer = traced(gw, log)
        first = upload(tus, data, 3, final_first=True)
        after = upload(tus, data, 3, final_first=False)
        time.sleep(0.5)
        tracer.terminate()
        tracer.wait()
        lines = open(log).readlines()
        R.check("both joins made the dataset of the parts in order (hashlib)",
                first.get("sha256") == sha256(data) and after.get("sha256") == sha256(data), (first, after))
        R.check("the trace saw the parts written into a final's file and the database written",
                any(".joining>" in ln and "pwrite64(" in ln for ln in lines) and
                any("gateway.sqlite3" in ln for ln in lines), len(lines))
        found = violations(lines)
        R.check("no database write and no rename into files/ while written bytes are not yet synced",
                found == [], "\n".join(found[:5]))
    R.finish()


main()
