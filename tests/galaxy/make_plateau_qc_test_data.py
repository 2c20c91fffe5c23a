#!/usr/bin/python3
"""Writes the plateau_qc wrapper's test-data: small synthetic FASTQ inputs whose fate under
fastp's default filters is known by construction, and the expected outputs derived from that
construction (not from plateau-qc's output).

Each read is one of: good (all bases Q>=20, no N), many_n (8 N in the middle: over fastp's
n_base_limit of 5), short (12 bp: under length_required 15) or low_qual (40 of 60 bases at Q2:
over the 40 % unqualified limit). Sequences are random (seeded), so no adapter, overlap, polyG or
low-complexity rule applies. Pairs fail together when one mate fails.

Usage: make_plateau_qc_test_data.py OUTDIR [--check-with-fastp]
  --check-with-fastp  also runs Debian's fastp (an independent implementation) on every input
                      and checks that it keeps exactly the expected reads.
"""
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

LEN = 60
TRIM_FRONT, TRIM_TAIL = 5, 5  # the trimming test's -f/-t


def qual(rng, n, low_positions=()):
    q = [chr(33 + rng.randint(20, 40)) for _ in range(n)]
    for p in low_positions:
        q[p] = "#"  # Q2
    return "".join(q)


def make_read(rng, name, kind):
    seq = "".join(rng.choice("ACGT") for _ in range(LEN))
    if kind == "short":
        return (name, seq[:12], qual(rng, 12))
    if kind == "many_n":
        seq = seq[:24] + "N" * 8 + seq[32:]
        q = qual(rng, LEN)
        return (name, seq, q)
    if kind == "low_qual":
        return (name, seq, qual(rng, LEN, range(10, 50)))
    return (name, seq, qual(rng, LEN))


def fastq(records):
    return "".join(f"@{n}\n{s}\n+\n{q}\n" for n, s, q in records)


def write(path, text):
    if path.endswith(".gz"):
        # mtime=0 and no file name: the same bytes on every run.
        with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
            f.write(text.encode())
    else:
        with open(path, "w") as f:
            f.write(text)


def single_end(rng):
    kinds = ["good"] * 28 + ["many_n"] * 4 + ["short"] * 4 + ["low_qual"] * 4
    rng.shuffle(kinds)
    return [(make_read(rng, f"se{i + 1:02d}_{k}", k), k) for i, k in enumerate(kinds)]


def paired_end(rng):
    kinds = ["good"] * 12 + ["r2_many_n"] * 2 + ["r1_short"] * 2
    rng.shuffle(kinds)
    pairs = []
    for i, k in enumerate(kinds):
        name = f"pe{i + 1:02d}_{k}"
        r1 = make_read(rng, name + "/1", "short" if k == "r1_short" else "good")
        r2 = make_read(rng, name + "/2", "many_n" if k == "r2_many_n" else "good")
        pairs.append((r1, r2, k))
    return pairs


def trimmed(record):
    n, s, q = record
    return (n, s[TRIM_FRONT:len(s) - TRIM_TAIL], q[TRIM_FRONT:len(q) - TRIM_TAIL])


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20241121)

    se = single_end(rng)
    write(f"{out}/reads_se.fastqsanger", fastq(r for r, _ in se))
    write(f"{out}/reads_se.fastqsanger.gz", fastq(r for r, _ in se))
    write(f"{out}/reads_se_filtered.fastqsanger", fastq(r for r, k in se if k == "good"))
    write(f"{out}/reads_se_trimmed.fastqsanger.gz", fastq(trimmed(r) for r, k in se if k == "good"))

    pe = paired_end(rng)
    write(f"{out}/reads_R1.fastqsanger", fastq(a for a, _, _ in pe))
    write(f"{out}/reads_R2.fastqsanger", fastq(b for _, b, _ in pe))
    write(f"{out}/reads_R1_filtered.fastqsanger", fastq(a for a, _, k in pe if k == "good"))
    write(f"{out}/reads_R2_filtered.fastqsanger", fastq(b for _, b, k in pe if k == "good"))

    # A record whose quality string is shorter than its sequence: must be rejected.
    bad = list(r for r, _ in se[:5])
    n, s, q = bad[2]
    bad[2] = (n, s, q[:-7])
    write(f"{out}/reads_bad.fastqsanger", fastq(bad))

    if "--check-with-fastp" in argv:
        return check_with_fastp(out)
    return 0


def check_with_fastp(out):
    """Runs Debian's fastp with the options of the wrapper tests; its kept reads must be ours."""
    fastp = shutil.which("fastp")
    if not fastp:
        print("fastp is not installed", file=sys.stderr)
        return 1
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            ("single-end defaults", ["-i", f"{out}/reads_se.fastqsanger", "-o", f"{tmp}/a.fq"],
             [(f"{tmp}/a.fq", f"{out}/reads_se_filtered.fastqsanger")]),
            ("single-end gz, -f/-t", ["-i", f"{out}/reads_se.fastqsanger.gz", "-o", f"{tmp}/b.fq",
                                      "-f", str(TRIM_FRONT), "-t", str(TRIM_TAIL)],
             [(f"{tmp}/b.fq", f"{out}/reads_se_trimmed.fastqsanger.gz")]),
            ("paired", ["-i", f"{out}/reads_R1.fastqsanger", "-I", f"{out}/reads_R2.fastqsanger",
                        "-o", f"{tmp}/c1.fq", "-O", f"{tmp}/c2.fq"],
             [(f"{tmp}/c1.fq", f"{out}/reads_R1_filtered.fastqsanger"),
              (f"{tmp}/c2.fq", f"{out}/reads_R2_filtered.fastqsanger")]),
        ]
        for label, args, pairs in cases:
            subprocess.run([fastp, "-w", "1", "-j", f"{tmp}/fastp.json", "-h", f"{tmp}/fastp.html", *args],
                           check=True, capture_output=True)
            for got, want in pairs:
                opener = gzip.open if want.endswith(".gz") else open
                with open(got) as g, opener(want, "rt") as w:
                    same = g.read() == w.read()
                print(("ok   - " if same else "FAIL - ") + f"fastp {label}: {os.path.basename(want)}")
                failures += not same
            print("       fastp filtering_result:", json.dumps(json.load(open(f"{tmp}/fastp.json"))["filtering_result"]))
        # fastp 0.23.2 prints "ERROR: sequence and quality have different length" but exits 0.
        bad = subprocess.run([fastp, "-i", f"{out}/reads_bad.fastqsanger", "-o", f"{tmp}/d.fq", "-j", f"{tmp}/d.json",
                              "-h", f"{tmp}/d.html"], capture_output=True, text=True)
        flagged = bad.returncode != 0 or "different length" in bad.stderr
        print(("ok   - " if flagged else "FAIL - ") + f"fastp flags reads_bad.fastqsanger (rc={bad.returncode})")
        failures += not flagged
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
