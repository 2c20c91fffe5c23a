#!/usr/bin/python3
"""Genus-level truth for bench_taxonomy_truth.sh (issue 11, acceptance 2).

split GOLD DIR [asis]  hold out 10 % of the gold set's genera (every record of the genus) and 10 % of
                    the records of the other genera that have two or more (one always stays);
                    writes DIR/db.gold.fa (the rest, gold layout) and DIR/refs.tsv (id, genus,
                    status: db, seq_out or genus_out); random.Random(SEED=1). The database's
                    sequences are upper-cased unless "asis": 86 % of the gold set's bases are lower
                    case (4,468 of 5,181 records are wholly lower case), and SINTAX (vsearch's and
                    ours) leaves out database 8-mers with a lower-case letter
queries READS DIR   grinder reads -> DIR/queries.fa (q1, q2, ...; each IUPAC code the reads take
                    from the references resolved to one of its bases, drawn with random.Random(1),
                    as a sequencer reads one base: the align method takes A/C/G/T only) and
                    DIR/truth.tsv (query, reference, genus, status of the reference)
score DIR LABEL=FILE[@MINID] ...   one table row per method: FILE is vsearch's --tabbedout or our
                    affiliation TSV (genus field; Multi-affiliation or empty = not called; @MINID
                    keeps only calls with identity >= MINID); then, per method, the reads whose
                    genus call equals the first method's
"""
import random
import sys


def gold_records(path):
    head, seq = None, []
    for line in open(path):
        if line.startswith('>'):
            if head is not None:
                yield head, ''.join(seq)
            head, seq = line, []
        else:
            seq.append(line)
    if head is not None:
        yield head, ''.join(seq)


def gold_id_genus(head):
    fields = head[1:].rstrip('\n').split('\t')
    return fields[0].split()[0], fields[-1].split(';')[-1].strip()


def split(gold, out, upper=True, seed=1):
    recs = [(h, s) + gold_id_genus(h) for h, s in gold_records(gold)]
    rng = random.Random(seed)
    genera = sorted({g for _, _, _, g in recs})
    out_genera = set(rng.sample(genera, round(0.1 * len(genera))))
    by_genus = {}
    for h, s, rid, g in recs:
        by_genus.setdefault(g, []).append(rid)
    status = {}
    for g, ids in sorted(by_genus.items()):
        for i, rid in enumerate(ids):
            if g in out_genera:
                status[rid] = 'genus_out'
            elif len(ids) > 1 and i > 0 and rng.random() < 0.1:
                status[rid] = 'seq_out'
            else:
                status[rid] = 'db'
    with open(out + '/db.gold.fa', 'w') as db, open(out + '/refs.tsv', 'w') as refs:
        for h, s, rid, g in recs:
            if status[rid] == 'db':
                db.write(h + (s.upper() if upper else s))
            refs.write('%s\t%s\t%s\n' % (rid, g, status[rid]))
    n = {k: sum(v == k for v in status.values()) for k in ('db', 'seq_out', 'genus_out')}
    print('split: %d genera, %d held out whole; records: %d in the database, %d held out of kept genera, '
          '%d of held-out genera' % (len(genera), len(out_genera), n['db'], n['seq_out'], n['genus_out']))


IUPAC = {'R': 'AG', 'Y': 'CT', 'S': 'CG', 'W': 'AT', 'K': 'GT', 'M': 'AC', 'B': 'CGT', 'D': 'AGT',
         'H': 'ACT', 'V': 'ACG', 'N': 'ACGT'}


def queries(reads, out, seed=1):
    refs = {l.split('\t')[0]: l.rstrip('\n').split('\t') for l in open(out + '/refs.tsv')}
    rng = random.Random(seed)
    n = resolved = 0
    with open(out + '/queries.fa', 'w') as fa, open(out + '/truth.tsv', 'w') as truth:
        for head, seq in gold_records(reads):
            seq = seq.replace('\n', '').upper()
            ref = head.split('reference=')[1].split()[0]
            bases = []
            for c in seq:
                if c not in 'ACGT':
                    resolved += 1
                    c = rng.choice(IUPAC[c])
                bases.append(c)
            n += 1
            fa.write('>q%d\n%s\n' % (n, ''.join(bases)))
            truth.write('q%d\t%s\t%s\t%s\n' % (n, ref, refs[ref][1], refs[ref][2]))
    print('queries: %d reads, %d IUPAC codes resolved to a base' % (n, resolved))


def vsearch_calls(path):
    calls = {}
    for line in open(path):
        c = line.rstrip('\n').split('\t')
        ranks = dict(x.split(':', 1) for x in c[3].split(',')) if len(c) > 3 and c[3] else {}
        calls[c[0]] = ranks.get('g', '')
    return calls


def affiliation_calls(path, min_id):
    calls, lines = {}, open(path)
    ranks = next(lines).rstrip('\n').split('ranks=')[1].split(',')
    genus = ranks.index('genus')
    for line in lines:
        if line.startswith('#'):
            continue
        c = line.rstrip('\n').split('\t')
        g = c[1].split(';')[genus]
        if g == 'Multi-affiliation' or (min_id is not None and (c[3] == 'NA' or float(c[3]) < min_id)):
            g = ''
        calls[c[0]] = g
    return calls


def score(out, specs):
    truth = [l.rstrip('\n').split('\t') for l in open(out + '/truth.tsv')]
    n = {k: sum(t[3] == k for t in truth) for k in ('db', 'seq_out', 'genus_out')}
    print('reads: %d of sequences in the database, %d of held-out sequences of genera in it, %d of '
          'held-out genera' % (n['db'], n['seq_out'], n['genus_out']))
    print('| method | genus calls | precision | recall | recall, sequence in db | recall, sequence held out '
          '| held-out genera called |')
    print('|---|---|---|---|---|---|---|')
    first_calls, agree = None, []
    for spec in specs:
        label, path = spec.rsplit('=', 1)
        min_id = None
        if '@' in path:
            path, min_id = path.rsplit('@', 1)
            min_id = float(min_id)
        first = open(path).readline()
        calls = affiliation_calls(path, min_id) if first.startswith('## plateau-amplicon affiliation') \
            else vsearch_calls(path)
        if first_calls is None:
            first_calls = calls
        else:
            agree.append('%s %d' % (label, sum(calls[q] == first_calls[q] for q, *_ in truth)))
        made = correct = 0
        right = {'db': 0, 'seq_out': 0}
        over = 0
        for q, _, g, st in truth:
            c = calls[q]
            if not c:
                continue
            made += 1
            if st == 'genus_out':
                over += 1
            elif c == g:
                correct += 1
                right[st] += 1
        print('| %s | %d | %.4f | %.4f | %.4f | %.4f | %.4f |' % (
            label, made, correct / max(made, 1), correct / (n['db'] + n['seq_out']),
            right['db'] / n['db'], right['seq_out'] / max(n['seq_out'], 1), over / max(n['genus_out'], 1)))
    print('reads whose genus call (or no call) equals the first row\'s, of %d: %s' % (len(truth), '; '.join(agree)))


if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'split':
        split(sys.argv[2], sys.argv[3], sys.argv[4:] != ['asis'])
    elif cmd == 'queries':
        queries(sys.argv[2], sys.argv[3])
    elif cmd == 'score':
        score(sys.argv[2], sys.argv[3:])
    else:
        sys.exit('usage: taxonomy_truth.py split GOLD DIR | queries READS DIR | score DIR LABEL=FILE[@MINID]...')
