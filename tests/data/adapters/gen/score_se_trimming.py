#!/usr/bin/python3
"""Score 3' adapter trimming of single-end reads (read 1 of splice_adapters.py's pairs).

Usage: score_se_trimming.py TRUTH.tsv OUT.fq[.gz] [--min-removed-pct X] [--max-false-trim-pct Y] [--label L]

Reads are matched by name (first word, a trailing /1 removed). For a read of input length L with
adapter start a (-1: none) and output length n: adapter bases removed = min(L - a, L - n); a false
trim is an adapter-free read written shorter than L. Reads the tool dropped are not counted.
Prints one line; exit status 0 when both thresholds hold, 1 when not, 2 on bad input.
"""
import argparse
import gzip
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("truth")
    p.add_argument("out")
    p.add_argument("--min-removed-pct", type=float, default=0.0)
    p.add_argument("--max-false-trim-pct", type=float, default=100.0)
    p.add_argument("--label", default="")
    a = p.parse_args()
    truth = {}
    with (gzip.open(a.truth, "rt") if a.truth.endswith(".gz") else open(a.truth)) as fh:
        for line in fh:
            f = line.split("\t")
            if line.startswith("#") or len(f) < 3:
                continue
            truth[f[0]] = (int(f[1]), int(f[2]))
    adapter_bases = removed = clean = clean_trimmed = adapter_reads = 0
    with (gzip.open(a.out, "rt") if a.out.endswith(".gz") else open(a.out)) as fh:
        while True:
            head = fh.readline()
            if not head:
                break
            seq = fh.readline().strip()
            fh.readline()
            fh.readline()
            name = head[1:].split()[0]
            if name.endswith("/1"):
                name = name[:-2]
            if name not in truth:
                print(f"unknown read {name}", file=sys.stderr)
                return 2
            start, length = truth[name]
            if start < 0:
                clean += 1
                clean_trimmed += len(seq) < length
            else:
                adapter_reads += 1
                adapter_bases += length - start
                removed += min(length - start, length - len(seq))
    pct = 100.0 * removed / adapter_bases if adapter_bases else 0.0
    false_pct = 100.0 * clean_trimmed / clean if clean else 0.0
    print(f"{a.label}removed {pct:.3f}% of adapter bases ({adapter_reads} reads with adapter), "
          f"{false_pct:.4f}% of {clean} adapter-free reads trimmed")
    return 0 if pct >= a.min_removed_pct and false_pct <= a.max_false_trim_pct else 1


if __name__ == "__main__":
    sys.exit(main())
