#!/usr/bin/python3
"""Truth files of a grinder study (called by make_study.sh): reads.tsv, true_amplicons.fa and
chimeric_amplicons.fa under OUT/truth, from grinder's read descriptions
("reference=ID[,ID...] amplicon=a..b[,c..d...] position=... [errors=...]")."""
import gzip
import sys

COMPLEMENT = str.maketrans('ACGTNacgtn', 'TGCANtgcan')


def revcomp(s):
    return s.translate(COMPLEMENT)[::-1]


def fastq(path):
    with gzip.open(path, 'rt') as f:
        while True:
            h = f.readline()
            if not h:
                return
            s = f.readline().strip()
            f.readline()
            f.readline()
            yield h[1:].rstrip('\n'), s


def fields(header):
    parts = header.split(' ')
    d = {k: v for k, _, v in (p.partition('=') for p in parts[1:])}
    return parts[0].rsplit('/', 1)[0], d


def merge_exact(r1, r2):
    """R1 + reverse complement of R2 on their largest exact overlap (error-free reads only)."""
    rc = revcomp(r2)
    for overlap in range(min(len(r1), len(rc)), 19, -1):
        if r1[-overlap:] == rc[:overlap]:
            return r1 + rc[overlap:]
    return None


def main(out):
    refs, name = {}, None
    for line in open(out + '/truth/refs.fa'):
        if line.startswith('>'):
            name = line[1:].strip()
            refs[name] = []
        else:
            refs[name].append(line.strip())
    refs = {k: ''.join(v).upper() for k, v in refs.items()}
    true_amplicons, chimeras = {}, set()
    with open(out + '/truth/reads.tsv', 'w') as tsv:
        tsv.write('sample\tpair\treferences\tchimeric\terrors_r1\terrors_r2\n')
        for line in open(out + '/samples.tsv'):
            sample, p1, p2 = line.rstrip('\n').split('\t')
            for (h1, s1), (h2, s2) in zip(fastq(p1), fastq(p2)):
                pair, d1 = fields(h1)
                _, d2 = fields(h2)
                ids = d1['reference'].split(',')
                e1 = len(d1['errors'].split(',')) if 'errors' in d1 else 0
                e2 = len(d2['errors'].split(',')) if 'errors' in d2 else 0
                chimeric = len(ids) > 1
                tsv.write('%s\t%s\t%s\t%d\t%d\t%d\n' % (sample, pair, ','.join(ids), chimeric, e1, e2))
                if not chimeric:
                    a, b = (int(x) for x in d1['amplicon'].split('..'))
                    true_amplicons.setdefault(ids[0], refs[ids[0]][a - 1:b])
                elif e1 == 0 and e2 == 0:
                    merged = merge_exact(s1.upper(), s2.upper())
                    if merged:
                        chimeras.add(merged)
    with open(out + '/truth/true_amplicons.fa', 'w') as f:
        for ref in sorted(true_amplicons):
            f.write('>%s\n%s\n' % (ref, true_amplicons[ref]))
    true_set = set(true_amplicons.values())
    with open(out + '/truth/chimeric_amplicons.fa', 'w') as f:
        for i, s in enumerate(sorted(chimeras - true_set)):
            f.write('>chimera%d\n%s\n' % (i + 1, s))


if __name__ == '__main__':
    main(sys.argv[1])
