#!/usr/bin/env bash
# Benchmark: plateau-amplicon taxonomy --method align versus vsearch 2.22.1 --usearch_global
# (--id 0 --maxaccepts 50 --maxrejects 0 --top_hits_only: the hits with the top identity among
# the first 50 candidates) on the 5,181-sequence 16S gold set of microbiomeutil-data, converted
# to SINTAX headers (6 ranks). Queries: QUERIES windows of 253 nt cut at random from random
# references (seed 1) with 1 % random substitutions, so each has a known source. Runs alternate
# (vsearch, plateau -t 2) REPEATS times under /usr/bin/time (lib.bash); prints median wall, CPU
# and peak RSS, the agreement of best identity and hits with vsearch, and the genus of the best
# hit against the source's (genus correct, Multi-affiliation, wrong).
#
# Usage: bench/amplicon/bench_taxonomy_align.sh [QUERIES=2000] [REPEATS=3] [WORKDIR]
set -euo pipefail
nq=${1:-2000}
repeats=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${3:-$(mktemp -d "${TMPDIR:-/tmp}/taxalign-bench.XXXXXX")}
bin=${PLATEAU_BIN:-$root/build/bin}/plateau-amplicon
gold=/usr/share/microbiomeutil-data/RESOURCES/rRNA16S.gold.fasta
mkdir -p "$work"
source "$root/bench/amplicon/lib.bash"
bench_need vsearch
[ -s "$gold" ] || { echo "$gold is missing (Debian package microbiomeutil-data)" >&2; exit 1; }
/usr/bin/python3 - "$gold" "$nq" "$work/ref.fa" "$work/queries.fa" << 'PYEOF'
import random, sys
gold, nq, ref_out, q_out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
recs, name, seq = [], None, []
for line in open(gold):
    if line.startswith('>'):
        if name: recs.append((name, ''.join(seq)))
        name, seq = line[1:].rstrip('\n'), []
    else:
        seq.append(line.strip().upper())
recs.append((name, ''.join(seq)))
clean = lambda t: t.strip().replace(',', '_').replace(':', '_').replace(';', '_').replace(' ', '_')
with open(ref_out, 'w') as f:
    for name, s in recs:
        ranks = [clean(t) for t in name.split('\t')[-1].split(';')]
        tax = ','.join(f'{l}:{n}' for l, n in zip('dpcofg', ranks) if n)
        f.write(f">{name.split()[0]};tax={tax};\n{s}\n")
rng = random.Random(1)
with open(q_out, 'w') as f:
    for i in range(nq):
        k = rng.randrange(len(recs))
        s = recs[k][1]
        s = ''.join(c for c in s if c in 'ACGT')
        start = rng.randrange(max(1, len(s) - 253))
        q = list(s[start:start + 253])
        for p in range(len(q)):
            if rng.random() < 0.01: q[p] = rng.choice([b for b in 'ACGT' if b != q[p]])
        f.write(f">q{i}_src{k}\n{''.join(q)}\n")
PYEOF
echo "input: $nq queries, $(grep -c '>' "$work/ref.fa") references; $repeats alternating runs; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$work/vsearch.times"; : > "$work/t2.times"
for r in $(seq 1 "$repeats"); do
  bench_measure vsearch vsearch --usearch_global "$work/queries.fa" --db "$work/ref.fa" --id 0 --maxaccepts 50 --maxrejects 0 \
    --top_hits_only --strand plus --userout "$work/v.tsv" --userfields query+target+id --threads 2 --quiet
  bench_measure t2 "$bin" taxonomy --quiet --method align --ref-fasta "$work/ref.fa" -i "$work/queries.fa" -o "$work/aff.tsv" \
    --multi-hits "$work/multi.tsv" -t 2
  echo "run $r: vsearch $(tail -1 "$work/vsearch.times") | plateau -t 2 $(tail -1 "$work/t2.times") (wall s, peak KB, CPU s, load)"
done
bench_table_header
bench_row "vsearch 2.22.1 --usearch_global (maxaccepts 50)" vsearch
bench_row "plateau-amplicon taxonomy --method align -t 2" t2
/usr/bin/python3 - "$work/aff.tsv" "$work/v.tsv" "$work/ref.fa" << 'PYEOF'
import sys
aff, vs, ref = sys.argv[1:]
genus = {}
order = []
for line in open(ref):
    if line.startswith('>'):
        rid, tax = line[1:].strip().split(';tax=')
        d = dict(f.split(':', 1) for f in tax.rstrip(';').split(','))
        genus[rid] = d.get('g', ''); order.append(rid)
top = {}
for line in open(vs):
    q, t, i = line.rstrip('\n').split('\t')
    top.setdefault(q, [float(i), set()])[1].add(t.split(';')[0])
same_id = correct = multi = wrong = 0
rows = list(open(aff))[2:]
for line in rows:
    q, tax, conf, ident, cov, hits = line.rstrip('\n').split('\t')
    src = order[int(q.split('_src')[1])]
    g = tax.split(';')[-1]
    if q in top and abs(round(float(ident), 1) - top[q][0]) < 0.051: same_id += 1
    if g == genus[src]: correct += 1
    elif g == 'Multi-affiliation': multi += 1
    else: wrong += 1
n = len(rows)
print(f"best identity equal to vsearch's (1 decimal) on {same_id} of {n}; genus of the source: correct {correct}, Multi-affiliation {multi}, other {wrong}")
PYEOF
