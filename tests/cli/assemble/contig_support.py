#!/usr/bin/env python3
"""Independent checks of an assembly, without plateau-assemble's own code.

reads CONTIGS READS...      : every 40-base window of every contig, taken every STEP bases, occurs
                              in at least one read or its reverse complement (the reads support the
                              contigs' sequence and joins); prints the number of windows checked.
coverage PAF REF_LENGTH     : the share of the reference covered by the PAF alignments (minimap2 -c),
                              in percent; prints it.
chimeras PAF MIN_SHARE      : contigs whose longest alignment covers less than MIN_SHARE of them,
                              where a contig across the origin of a circular sequence (two
                              alignments on one strand, one ending at the sequence's end, the other
                              starting at its start) counts as one alignment; prints their count
                              (0 for an assembly without joins of distant parts).
"""
import gzip
import sys


def fasta(path):
    name, seq = None, []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith('>'):
                if name is not None:
                    yield name, ''.join(seq)
                name, seq = line[1:].split()[0], []
            else:
                seq.append(line)
    if name is not None:
        yield name, ''.join(seq)


def read_sequences(paths):
    out = []
    for p in paths:
        opener = gzip.open if p.endswith('.gz') else open
        with opener(p, 'rt') as f:
            for i, line in enumerate(f):
                if i % 4 == 1:
                    out.append(line.strip())
    return out


def revcomp(s):
    return s.translate(str.maketrans('ACGTN', 'TGCAN'))[::-1]


def check_reads(contigs, reads, step=500, width=40):
    joined = '\n'.join(reads)
    joined_rc = revcomp(joined)
    checked = 0
    for name, seq in fasta(contigs):
        for pos in range(0, max(len(seq) - width, 0) + 1, step):
            window = seq[pos:pos + width]
            if window not in joined and window not in joined_rc:
                sys.exit(f'{name}: bases {pos}-{pos + width} occur in no read')
            checked += 1
    print(checked)


def paf(path):
    with open(path) as f:
        for line in f:
            c = line.split('\t')
            yield c[0], int(c[1]), int(c[2]), int(c[3]), c[5], int(c[7]), int(c[8]), c[4], int(c[6])


def coverage(path, ref_length):
    spans = {}
    for _, _, _, _, ref, start, end, _, _ in paf(path):
        spans.setdefault(ref, []).append((start, end))
    covered = 0
    for intervals in spans.values():
        intervals.sort()
        cur_s, cur_e = intervals[0]
        for s, e in intervals[1:]:
            if s > cur_e:
                covered += cur_e - cur_s
                cur_s, cur_e = s, e
            else:
                cur_e = max(cur_e, e)
        covered += cur_e - cur_s
    print(f'{100.0 * covered / ref_length:.2f}')


def aligned_share(rows, qlen):
    """Longest alignment of one contig over its length; a wrap across a circular origin is one."""
    best = max(qe - qs for _, _, qs, qe, *_ in rows)
    if len(rows) == 2:
        (_, _, qs1, qe1, r1, s1, e1, st1, rl1), (_, _, qs2, qe2, r2, s2, e2, st2, _) = rows
        wraps = r1 == r2 and st1 == st2 and ({s1, s2} & {0}) and max(e1, e2) == rl1
        if wraps:
            best = max(best, (qe1 - qs1) + (qe2 - qs2))
    return best / qlen


def chimeras(path, min_share):
    rows = {}
    for row in paf(path):
        rows.setdefault(row[0], []).append(row)
    print(sum(1 for r in rows.values() if aligned_share(r, r[0][1]) < min_share))


if __name__ == '__main__':
    mode = sys.argv[1]
    if mode == 'reads':
        check_reads(sys.argv[2], read_sequences(sys.argv[3:]))
    elif mode == 'coverage':
        coverage(sys.argv[2], int(sys.argv[3]))
    elif mode == 'chimeras':
        chimeras(sys.argv[2], float(sys.argv[3]))
    else:
        sys.exit(__doc__)
