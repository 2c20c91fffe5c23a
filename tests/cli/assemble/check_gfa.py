#!/usr/bin/python3
"""Independent check of a GFA 1 file's links: for every L line, the last OVERLAP bases of the first
segment (reverse-complemented when its orientation is -) equal the first OVERLAP bases of the
second (likewise), as the overlap field nM says. Usage: check_gfa.py GRAPH.gfa; exit 1 on a bad link.
"""
import sys

COMP = str.maketrans('ACGT', 'TGCA')


def oriented(seq, sign):
    return seq if sign == '+' else seq.translate(COMP)[::-1]


def main():
    segments, links = {}, []
    for line in open(sys.argv[1]):
        f = line.rstrip('\n').split('\t')
        if f[0] == 'S':
            segments[f[1]] = f[2]
        elif f[0] == 'L':
            links.append(f)
    bad = 0
    for _, a, sa, b, sb, overlap in (l[:6] for l in links):
        n = int(overlap[:-1])
        if oriented(segments[a], sa)[-n:] != oriented(segments[b], sb)[:n]:
            bad += 1
            print(f'bad link {a}{sa} -> {b}{sb}', file=sys.stderr)
    print(f'{len(links)} links, {bad} bad')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
