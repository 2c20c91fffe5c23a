#!/usr/bin/env python3
"""Synthetic dereplicated amplicons with known chimeras, for plateau-amplicon chimera's tests and
benchmark.

True sequences grow as a mutation tree (a random root of --length nt; each new one copies a
random earlier one and applies 1-40 edits, 90 % substitutions, 10 % indels) with log-normal
abundances (sigma 2, at least 2). Chimeras join two or three true parents (30 % three) at random
breakpoints, in a parent-aligned way (the parents' prefixes/suffixes are cut at the same
relative position), with an abundance below half the least abundant parent's (at least 1).
Error uniques copy a true sequence with 1-3 substitutions and a small abundance. Output: FASTA
with ;size=N (--out), a truth TSV (--truth: id, kind, parents, breakpoints) and, with --samples
S > 1, a count table (--counts, derep --counts layout) splitting each unique's abundance over a
random subset of samples (so a chimera can look chimeric in one sample and not in another).

Usage: simulate_chimeras.py --true 2000 --chimeras 800 --errors 2000 --seed 1 --out u.fa
"""
import argparse
import math
import random

BASES = "ACGT"


def mutate(rng, seq, edits, indel=0.1):
    seq = list(seq)
    for _ in range(edits):
        pos = rng.randrange(len(seq))
        r = rng.random()
        if r >= indel:
            seq[pos] = rng.choice([b for b in BASES if b != seq[pos]])
        elif r < indel / 2:
            seq.insert(pos, rng.choice(BASES))
        elif len(seq) > 1:
            del seq[pos]
    return "".join(seq)


def chimera(rng, parents):
    cuts = sorted(rng.uniform(0.15, 0.85) for _ in range(len(parents) - 1))
    bounds = [0.0] + cuts + [1.0]
    out, points = [], []
    for i, p in enumerate(parents):
        a, b = int(bounds[i] * len(p)), int(bounds[i + 1] * len(p))
        out.append(p[a:b])
        if i > 0:
            points.append(str(a))
    return "".join(out), ",".join(points)


def split_counts(rng, total, samples):
    present = rng.sample(range(samples), rng.randint(1, samples))
    weights = [rng.random() + 0.05 for _ in present]
    counts = [0] * samples
    for _ in range(total):
        counts[rng.choices(present, weights)[0]] += 1
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--true", type=int, default=2000)
    ap.add_argument("--chimeras", type=int, default=800)
    ap.add_argument("--errors", type=int, default=2000)
    ap.add_argument("--length", type=int, default=253)
    ap.add_argument("--samples", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--truth")
    ap.add_argument("--counts")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    true = ["".join(rng.choice(BASES) for _ in range(a.length))]
    while len(true) < a.true:
        true.append(mutate(rng, rng.choice(true), rng.randint(1, 40)))
    size = [max(2, int(math.exp(rng.gauss(3.0, 2.0)))) for _ in true]
    records, seen = [], set()

    def add(label, seq, n, kind, parents="", points=""):
        if seq in seen:
            return
        seen.add(seq)
        records.append((label, seq, n, kind, parents, points))

    for i, s in enumerate(true):
        add("t%d" % i, s, size[i], "true")
    made = 0
    while made < a.chimeras:
        k = 3 if rng.random() < 0.3 else 2
        idx = rng.sample(range(len(true)), k)
        seq, points = chimera(rng, [true[i] for i in idx])
        least = min(size[i] for i in idx)
        n = max(1, rng.randint(1, max(1, least // 2)))
        before = len(records)
        add("c%d" % made, seq, n, "chimera", ",".join("t%d" % i for i in idx), points)
        made += len(records) > before
    for e in range(a.errors):
        i = rng.randrange(len(true))
        add("e%d" % e, mutate(rng, true[i], rng.randint(1, 3), indel=0.0), max(1, size[i] // 50), "error", "t%d" % i)
    rng.shuffle(records)
    with open(a.out, "w") as out:
        for label, seq, n, *_ in records:
            out.write(">%s;size=%d\n%s\n" % (label, n, seq))
    if a.truth:
        with open(a.truth, "w") as out:
            out.write("id\tkind\tparents\tbreakpoints\tsize\n")
            for label, seq, n, kind, parents, points in records:
                out.write("%s\t%s\t%s\t%s\t%d\n" % (label, kind, parents, points, n))
    if a.counts:
        with open(a.counts, "w") as out:
            out.write("#id\t" + "\t".join("s%d" % (s + 1) for s in range(a.samples)) + "\n")
            for label, seq, n, *_ in records:
                out.write(label + "\t" + "\t".join(map(str, split_counts(rng, n, a.samples))) + "\n")


if __name__ == "__main__":
    main()
