#!/usr/bin/python3
"""Reads with primers for the primers tests: every case cutadapt's alignment must decide.

make_primer_reads.py SEED COUNT FIVE THREE [AMPLICONS.fa] > reads.fastq

Each read is [random prefix] + 5' primer variant + amplicon + 3' primer variant + [random suffix].
Primer variants: IUPAC codes resolved to a random base they stand for, 0-3 substitutions,
0-2 insertions or deletions, the 5' primer cut at its start or the 3' primer cut at its end
(partial primers at the read ends), primers missing, a second primer copy inside the read, N and
other IUPAC letters and '.' in reads, lowercase reads and lowercase stretches, reads shorter
than a primer, empty reads. The amplicons come from AMPLICONS.fa (e.g. merged dada2 MiSeq V4
reads) or are random. Truth is not recorded: the tests compare with cutadapt run live.
"""
import random
import sys

IUPAC = {"A": "A", "C": "C", "G": "G", "T": "T", "R": "AG", "Y": "CT", "S": "CG", "W": "AT", "K": "GT",
         "M": "AC", "B": "CGT", "D": "AGT", "H": "ACT", "V": "ACG", "N": "ACGT"}


def rand_seq(rng, n):
    return "".join(rng.choice("ACGT") for _ in range(n))


def mutate(rng, primer):
    s = [rng.choice(IUPAC[c]) for c in primer]
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
        i = rng.randrange(len(s))
        s[i] = rng.choice("ACGT".replace(s[i], ""))
    for _ in range(rng.choice([0, 0, 0, 0, 1, 2])):
        i = rng.randrange(len(s))
        if rng.random() < 0.5:
            del s[i]
        else:
            s.insert(i, rng.choice("ACGT"))
    return "".join(s)


def read_amplicons(path):
    seqs, cur = [], []
    with open(path) as f:
        for line in f:
            if line.startswith(">"):
                if cur:
                    seqs.append("".join(cur))
                cur = []
            else:
                cur.append(line.strip())
    if cur:
        seqs.append("".join(cur))
    return seqs


def make_read(rng, five, three, amplicons):
    kind = rng.random()
    if kind < 0.01:
        return ""
    if kind < 0.03:
        return rand_seq(rng, rng.randrange(1, len(five) + 2))
    amp = rng.choice(amplicons) if amplicons else rand_seq(rng, rng.randrange(150, 260))
    f = "" if rng.random() < 0.05 else mutate(rng, five)
    t = "" if rng.random() < 0.05 else mutate(rng, three)
    if rng.random() < 0.1:
        f = f[rng.randrange(1, 6):]  # 5' primer cut at its start
    if rng.random() < 0.1:
        t = t[: len(t) - rng.randrange(1, 6)]  # 3' primer cut at its end
    prefix = rand_seq(rng, rng.choice([0, 0, 0, 1, 2, 5, 12]))
    suffix = rand_seq(rng, rng.choice([0, 0, 0, 1, 3, 9]))
    if rng.random() < 0.03:  # a second copy of a primer inside the amplicon
        cut = rng.randrange(len(amp))
        amp = amp[:cut] + mutate(rng, rng.choice([five, three])) + amp[cut:]
    s = list(prefix + f + amp + t + suffix)
    for _ in range(rng.choice([0, 0, 0, 0, 1, 2])):
        s[rng.randrange(len(s))] = rng.choice("NNNNRYX.")
    s = "".join(s)
    if rng.random() < 0.02:  # soft-masked stretch: lower case kept as it is
        a = rng.randrange(len(s) + 1)
        b = rng.randrange(a, len(s) + 1)
        s = s[:a] + s[a:b].lower() + s[b:]
    return s.lower() if rng.random() < 0.02 else s


def main():
    seed, count, five, three = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    amplicons = read_amplicons(sys.argv[5]) if len(sys.argv) > 5 else []
    rng = random.Random(seed)
    out = sys.stdout
    for i in range(count):
        s = make_read(rng, five, three, amplicons)
        q = "".join(chr(33 + rng.randrange(2, 41)) for _ in s)
        out.write(f"@r{i} sample=s{seed}\n{s}\n+\n{q}\n")


main()
