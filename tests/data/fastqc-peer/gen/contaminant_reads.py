#!/usr/bin/python3
"""Deterministic reads whose overrepresented sequences hit adapters and primers in the ways
FastQC's contaminant rule distinguishes: exact, reverse complement, one mismatch, two mismatches
(two runs), a partial adapter at the end, short reads contained in an adapter (the 8-19 bp rule),
and sequences with no hit. Each kind gets its own count, so the table order is fixed.
Usage: contaminant_reads.py OUT.fastq
"""
import random
import sys

rng = random.Random(1767)
COMP = str.maketrans("ACGT", "TGCA")


def rc(s):
    return s.translate(COMP)[::-1]


def mutate(s, positions):
    s = list(s)
    for p in positions:
        s[p] = {"A": "C", "C": "G", "G": "T", "T": "A"}[s[p]]
    return "".join(s)


def random_seq(n):
    return "".join(rng.choice("ACGT") for _ in range(n))


# Public Illumina adapter/primer sequences (Illumina's Adapter Sequences document).
truseq_universal = "AATGATACGGCGACCACCGAGATCTACACTCTTTCCCTACACGACGCTCTTCCGATCT"
truseq_r1 = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA"
nextera_r2 = "GTCTCGTGGGCTCGGAGATGTGTATAAGAGACAG"
p7 = "CAAGCAGAAGACGGCATACGAGAT"
special = [
    truseq_universal[:36],                      # exact
    rc(truseq_universal[10:46]),                # reverse complement
    mutate(truseq_universal[5:41], [17]),       # one mismatch
    mutate(truseq_universal[2:38], [12, 25]),   # two mismatches: the longest run counts
    random_seq(12) + truseq_r1[:24],            # a partial adapter at the end
    random_seq(14) + nextera_r2[:22],           # just over 20 bp
    random_seq(16) + p7[:20],                   # 20 bp: not a hit (needs more than 20)
    truseq_r1[3:18],                            # 15 bp inside an adapter (8-19 bp rule)
    rc(p7[2:14]),                               # 12 bp, reverse complement
    random_seq(36),                             # no hit
]
reads = []
for k, seq in enumerate(special):
    reads += [seq] * (60 - 3 * k)
reads += [random_seq(36) for _ in range(6000)]
rng.shuffle(reads)
with open(sys.argv[1], "w") as f:
    for i, seq in enumerate(reads):
        f.write(f"@r{i}\n{seq}\n+\n{'I' * len(seq)}\n")
