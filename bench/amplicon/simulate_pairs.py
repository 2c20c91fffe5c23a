#!/usr/bin/env python3
"""Synthetic paired MiSeq-like reads for plateau-amplicon merge tests and benchmarks.

Each pair comes from one fragment whose kind is drawn at random and written in both read names
(kind=...), so every failure reason of vsearch --fastq_mergepairs shows up:
  normal     fragment of 260-480 nt: overlaps of 20-240 nt (2 x 250 nt reads, 10 % 2 x 251)
  long       fragment of 500-700 nt: the mates do not overlap (no k-mers / score too low)
  short      fragment of 150-245 nt: reads run into adapter, R2 starts before R1 (staggered)
  repeat     fragment of 380-420 nt whose mates overlap on a 100-nt tandem repeat (several alignments)
  noisy      normal fragment, R2 with a high error rate (too many differences)
  trimmed    normal fragment, one read cut to 20-120 nt (too short, short overlap)
Qualities: Illumina-like (Q30-41 falling along the read, R2 worse), low-quality tails of '#'
(Q2) on some reads, N bases (quality '#' or '!') on some reads, a few lower-case and IUPAC
letters. Substitution errors are drawn from each base's quality. Deterministic for a --seed.

Usage: simulate_pairs.py --pairs 12000 --seed 1 --out1 R1.fq --out2 R2.fq
"""
import argparse
import gzip
import random

BASES = "ACGT"
COMP = str.maketrans("ACGTN", "TGCAN")
ADAPTER = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCACATCTCGTATGCCGTCTTCTGCTTG" * 5
KINDS = [("normal", 0.62), ("long", 0.08), ("short", 0.06), ("repeat", 0.06), ("noisy", 0.10), ("trimmed", 0.08)]


def revcomp(s):
    return s.translate(COMP)[::-1]


def fragment(rng, kind):
    if kind == "long":
        n = rng.randint(500, 700)
    elif kind == "short":
        n = rng.randint(150, 245)
    elif kind == "repeat":
        # the overlap of the mates falls on the repeat: shifted alignments score too
        unit = "".join(rng.choice(BASES) for _ in range(rng.randint(2, 6)))
        left = "".join(rng.choice(BASES) for _ in range(rng.randint(140, 160)))
        right = "".join(rng.choice(BASES) for _ in range(rng.randint(140, 160)))
        return left + (unit * 60)[:100] + right
    else:
        n = rng.randint(260, 480)
    return "".join(rng.choice(BASES) for _ in range(n))


def qualities(rng, length, worse):
    top = rng.randint(36, 41)
    slope = rng.uniform(0.0, 0.06) * (1.5 if worse else 1)
    q = [max(2, min(41, int(top - slope * i + rng.gauss(0, 2)))) for i in range(length)]
    if rng.random() < 0.08:  # low-quality tail
        start = rng.randint(length // 2, length - 1)
        q[start:] = [2] * (length - start)
    return q


def read_from(rng, template, length, worse, error_boost):
    seq = (template + ADAPTER)[:length]
    q = qualities(rng, length, worse)
    out = []
    for i, b in enumerate(seq):
        p = 10 ** (-q[i] / 10) * error_boost
        if rng.random() < min(p, 0.75):
            b = rng.choice([x for x in BASES if x != b])
        out.append(b)
    if rng.random() < 0.08:  # N bases
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(length)
            out[i] = "N"
            q[i] = rng.choice([0, 2])
    if rng.random() < 0.02:
        i = rng.randrange(length)
        out[i] = rng.choice("RYKMacgt")
    return "".join(out), "".join(chr(33 + x) for x in q)


def pair(rng, kind):
    frag = fragment(rng, kind)
    boost = 25.0 if kind == "noisy" else 1.0
    length = 251 if rng.random() < 0.1 else 250  # 2 x 250 and some 2 x 251 runs
    s1, q1 = read_from(rng, frag, length, False, 1.0)
    s2, q2 = read_from(rng, revcomp(frag), length, True, boost)
    if kind == "trimmed":
        cut = rng.randint(20, 120)
        if rng.random() < 0.5:
            s1, q1 = s1[:cut], q1[:cut]
        else:
            s2, q2 = s2[:cut], q2[:cut]
    return s1, q1, s2, q2


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=12000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out1", required=True)
    ap.add_argument("--out2", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    names, weights = zip(*KINDS)
    opener = lambda p: gzip.open(p, "wt", compresslevel=1) if p.endswith(".gz") else open(p, "w")
    with opener(a.out1) as f1, opener(a.out2) as f2:
        for n in range(1, a.pairs + 1):
            kind = rng.choices(names, weights)[0]
            s1, q1, s2, q2 = pair(rng, kind)
            if n % 2:
                f1.write(f"@sim{n}/1 kind={kind}\n{s1}\n+\n{q1}\n")
                f2.write(f"@sim{n}/2 kind={kind}\n{s2}\n+\n{q2}\n")
            else:
                f1.write(f"@sim{n} 1:N:0:1 kind={kind}\n{s1}\n+\n{q1}\n")
                f2.write(f"@sim{n} 2:N:0:1 kind={kind}\n{s2}\n+\n{q2}\n")


if __name__ == "__main__":
    main()
