#!/usr/bin/python3
"""Random bacterial-like test genome with planted repeats, and paired reads from it.

Genome: LENGTH random bases (seeded), with a 1,000-bp segment present twice and a 250-bp segment
present three times (repeats longer than any k); with --mid-repeat LEN, also a LEN-bp segment at
10,000 copied to 20,000 and 35,000 (LEN between two k values: only the larger k spans it). Reads: 2 x READ_LENGTH at COVERAGE, fragments of
INSERT +- 10 % drawn uniformly along the genome (circular: fragments may wrap), either strand,
substitution errors at ERROR_RATE per base, qualities all 'I'. Names <n>/1 and <n>/2.

Usage: simulate_genome.py OUT_PREFIX [--length 50000] [--coverage 30] [--read-length 150]
       [--insert 400] [--error-rate 0.002] [--seed 1] [--mid-repeat 0]
Writes OUT_PREFIX.genome.fa, OUT_PREFIX_1.fq, OUT_PREFIX_2.fq.
"""
import argparse
import random

COMP = str.maketrans('ACGT', 'TGCA')


def rc(s):
    return s.translate(COMP)[::-1]


def make_genome(rng, length, mid_repeat=0):
    bases = [rng.choice('ACGT') for _ in range(length)]
    if mid_repeat:
        segment = bases[10000:10000 + mid_repeat]
        for start in (20000, 35000):
            bases[start:start + mid_repeat] = segment
    long_repeat = bases[1000:2000]
    bases[30000:31000] = long_repeat  # two copies of 1,000 bp
    short_repeat = bases[5000:5250]
    for start in (15000, 40000):        # three copies of 250 bp
        bases[start:start + 250] = short_repeat
    return ''.join(bases)


def mutate(rng, read, rate):
    out = list(read)
    for i in range(len(out)):
        if rng.random() < rate:
            out[i] = rng.choice([b for b in 'ACGT' if b != out[i]])
    return ''.join(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('prefix')
    p.add_argument('--length', type=int, default=50000)
    p.add_argument('--coverage', type=float, default=30)
    p.add_argument('--read-length', type=int, default=150)
    p.add_argument('--insert', type=int, default=400)
    p.add_argument('--error-rate', type=float, default=0.002)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--mid-repeat', type=int, default=0)
    a = p.parse_args()
    rng = random.Random(a.seed)
    genome = make_genome(rng, a.length, a.mid_repeat)
    with open(a.prefix + '.genome.fa', 'w') as f:
        f.write('>genome\n' + genome + '\n')
    circular = genome + genome[:2 * a.insert]
    pairs = int(a.coverage * a.length / (2 * a.read_length))
    with open(a.prefix + '_1.fq', 'w') as r1, open(a.prefix + '_2.fq', 'w') as r2:
        for n in range(pairs):
            size = rng.randint(int(a.insert * 0.9), int(a.insert * 1.1))
            start = rng.randrange(a.length)
            fragment = circular[start:start + size]
            if rng.random() < 0.5:
                fragment = rc(fragment)
            first = mutate(rng, fragment[:a.read_length], a.error_rate)
            second = mutate(rng, rc(fragment)[:a.read_length], a.error_rate)
            q = 'I' * a.read_length
            r1.write(f'@r{n}/1\n{first}\n+\n{q}\n')
            r2.write(f'@r{n}/2\n{second}\n+\n{q}\n')


if __name__ == '__main__':
    main()
