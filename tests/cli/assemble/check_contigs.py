#!/usr/bin/python3
"""Independent check of contigs against the known genome (no code shared with plateau-assemble).

Every contig must be an exact substring of the circular genome or of its reverse complement.
Prints the genome fraction: genome positions covered by at least one exact occurrence of a contig
(every occurrence counts, so a collapsed repeat covers all its copies), over the genome length.
Usage: check_contigs.py GENOME.fa CONTIGS.fa [MIN_LENGTH=0]; exit 1 if a contig is not found.
"""
import sys

COMP = str.maketrans('ACGT', 'TGCA')


def read_fasta(path):
    seqs, name = {}, None
    for line in open(path):
        line = line.strip()
        if line.startswith('>'):
            name = line[1:].split()[0]
            seqs[name] = []
        elif name is not None:
            seqs[name].append(line.upper())
    return {n: ''.join(s) for n, s in seqs.items()}


def main():
    genome = ''.join(read_fasta(sys.argv[1]).values())
    contigs = read_fasta(sys.argv[2])
    min_length = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    n = len(genome)
    circular = genome + genome[:5000]
    covered = bytearray(n)
    bad = []
    for name, seq in contigs.items():
        if len(seq) < min_length:
            continue
        found = False
        for s in (seq, seq.translate(COMP)[::-1]):
            i = circular.find(s)
            while i != -1 and i < n:
                found = True
                for p in range(i, i + len(s)):
                    covered[p % n] = 1
                i = circular.find(s, i + 1)
        if not found:
            bad.append(name)
    print(f'{100.0 * sum(covered) / n:.3f}')
    if bad:
        print('not in the genome: ' + ' '.join(bad[:5]), file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main()
