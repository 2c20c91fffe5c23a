#!/usr/bin/python3
"""Counts the ASVs that are true sequences.

Usage: score_asvs.py TRUTH.tsv ASVS.fa [LABEL]
TRUTH.tsv is simulate.py's --truth table (header row "id ...", sequence in column 5).
Without LABEL, prints "true_asvs asvs true_sequences". With LABEL, prints a line of recall and precision.
"""
import sys


def true_sequences(path):
    out = set()
    for line in open(path):
        fields = line.rstrip("\n").split("\t")
        if len(fields) >= 5 and fields[0] != "id":
            out.add(fields[4].upper())
    return out


def fasta_sequences(path):
    seqs, parts = [], []
    for line in open(path):
        if line.startswith(">"):
            if parts:
                seqs.append("".join(parts).upper())
            parts = []
        else:
            parts.append(line.strip())
    if parts:
        seqs.append("".join(parts).upper())
    return seqs


def main():
    true = true_sequences(sys.argv[1])
    asvs = fasta_sequences(sys.argv[2])
    tp = sum(1 for a in asvs if a in true)
    if len(sys.argv) < 4:
        print(tp, len(asvs), len(true))
    else:
        print(f"{sys.argv[3]}: {len(asvs)} ASVs, {tp} true: recall {tp / max(1, len(true)):.3f} of {len(true)} "
              f"true sequences, precision {tp / max(1, len(asvs)):.3f}")


if __name__ == "__main__":
    main()
