#!/usr/bin/env python3
"""Synthetic amplicon reads for plateau-amplicon tests and benchmarks (amplicon-peers.md §6.3).

True sequences grow as a mutation tree: a random root of --length nt, then each new true sequence
copies a random earlier one and applies 1-40 edits (90 % substitutions, 10 % indels), so many
true variants are 1-3 edits apart. Abundances are log-normal (sigma 2). Each read copies a true
sequence drawn by abundance and gets Poisson(--error-rate x length) errors (90 % substitutions,
5 % insertions, 5 % deletions). Output: reads as FASTA (stdout or --out) and, with --truth, a TSV
of the true sequences (id, abundance weight, parent, edits, sequence). Deterministic for a seed.

Usage: simulate.py --true 2000 --reads 200000 --error-rate 0.004 --seed 1 --out reads.fa
"""
import argparse
import bisect
import itertools
import math
import random
import sys

BASES = "ACGT"


def mutate(rng, seq, edits):
    seq = list(seq)
    for _ in range(edits):
        r = rng.random()
        pos = rng.randrange(len(seq))
        if r < 0.9:
            seq[pos] = rng.choice([b for b in BASES if b != seq[pos]])
        elif r < 0.95:
            seq.insert(pos, rng.choice(BASES))
        elif len(seq) > 1:
            del seq[pos]
    return "".join(seq)


def poisson(rng, lam):
    # Knuth's method; lam is small (about 1)
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--true", type=int, default=2000, help="number of true sequences")
    ap.add_argument("--reads", type=int, default=200000)
    ap.add_argument("--length", type=int, default=253)
    ap.add_argument("--error-rate", type=float, default=0.004, help="errors per nucleotide")
    ap.add_argument("--sigma", type=float, default=2.0, help="log-normal sigma of abundances")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="-")
    ap.add_argument("--truth", help="TSV of the true sequences")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    truth = ["".join(rng.choice(BASES) for _ in range(a.length))]
    parents, edits = [-1], [0]
    while len(truth) < a.true:
        p = rng.randrange(len(truth))
        k = rng.randint(1, 40)
        truth.append(mutate(rng, truth[p], k))
        parents.append(p)
        edits.append(k)
    weights = [rng.lognormvariate(0.0, a.sigma) for _ in truth]
    cumulative = list(itertools.accumulate(weights))
    out = sys.stdout if a.out == "-" else open(a.out, "w")
    lam = a.error_rate * a.length
    chunk = []
    for i in range(a.reads):
        t = bisect.bisect_left(cumulative, rng.random() * cumulative[-1])
        seq = truth[min(t, len(truth) - 1)]
        n = poisson(rng, lam)
        if n:
            seq = mutate(rng, seq, n)
        chunk.append(f">r{i + 1}\n{seq}\n")
        if len(chunk) == 10000:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk))
    if out is not sys.stdout:
        out.close()
    if a.truth:
        with open(a.truth, "w") as f:
            f.write("id\tweight\tparent\tedits\tsequence\n")
            for i, s in enumerate(truth):
                f.write(f"t{i}\t{weights[i]:.6f}\t{parents[i]}\t{edits[i]}\t{s}\n")


if __name__ == "__main__":
    main()
