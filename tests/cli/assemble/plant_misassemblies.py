#!/usr/bin/python3
"""A reference of two random sequences (chrA 40 kbp, chrB 20 kbp) and contigs cut from it with
planted misassemblies whose QUAST metrics are worked out by hand (evaluate_planted.sh):
  clean    chrA[0:10000]
  reloc    chrA[10000:15000] + chrA[25000:30000]          relocation (reference jump of 10 kbp)
  inv      chrA[15000:20000] + rc(chrA[20000:25000])      inversion
  trans    chrA[30000:35000] + chrB[0:5000]               translocation
  local    chrA[35000:37000] + chrA[37500:40000]          local misassembly (500 bp skipped)
  rc       rc(chrB[5000:20000])                           clean, reverse strand
  short    chrB[0:300]                                    below --min-contig 500: not counted
Usage: plant_misassemblies.py OUT_PREFIX  (writes OUT_PREFIX.ref.fa and OUT_PREFIX.contigs.fa)
"""
import random
import sys

COMP = str.maketrans('ACGT', 'TGCA')


def rc(s):
    return s.translate(COMP)[::-1]


def main():
    rng = random.Random(5)
    a = ''.join(rng.choice('ACGT') for _ in range(40000))
    b = ''.join(rng.choice('ACGT') for _ in range(20000))
    contigs = [('clean', a[0:10000]), ('reloc', a[10000:15000] + a[25000:30000]),
               ('inv', a[15000:20000] + rc(a[20000:25000])), ('trans', a[30000:35000] + b[0:5000]),
               ('local', a[35000:37000] + a[37500:40000]), ('rc', rc(b[5000:20000])), ('short', b[0:300])]
    with open(sys.argv[1] + '.ref.fa', 'w') as f:
        f.write(f'>chrA\n{a}\n>chrB\n{b}\n')
    with open(sys.argv[1] + '.contigs.fa', 'w') as f:
        for name, seq in contigs:
            f.write(f'>{name}\n{seq}\n')


if __name__ == '__main__':
    main()
