#!/usr/bin/env bash
# Benchmark: vsearch 2.22.1 --sintax versus plateau-amplicon taxonomy --method sintax (and rdp
# beside it) on QUERIES grinder reads (250 nt, V4, 515F/806R, grinder's poly4 error model as in
# make_study.sh) drawn from the 5,181-sequence 16S gold set of microbiomeutil-data, classified
# against the whole gold set (our index built from the gold layout with --allow-conflicts: the
# family "Incertae Sedis XI" sits under two orders; vsearch reads the same records rewritten in
# SINTAX layout), 2 threads each. Runs alternate REPEATS times under /usr/bin/time (lib.bash);
# prints the medians of wall time, CPU time and peak RSS, and the per-rank agreement of our calls
# (cutoff 0.8) with vsearch's (vsearch at 2 threads draws from its RNG in thread order, so its
# calls are not those of --randseed 1 --threads 1; ours are, at any thread count: an untimed
# vsearch --threads 1 run checks that ours is byte-identical to it).
# The gold set's sequences are upper-cased first (86 % of its records are lower case, and both
# SINTAX implementations skip database 8-mers holding a lower-case letter, as vsearch's soft
# masking does: timing against mostly empty references measures nothing useful);
# BENCH_DB_CASE=asis keeps them as shipped.
#
# Usage: bench/amplicon/bench_taxonomy.sh [QUERIES=20000] [REPEATS=3] [WORKDIR]
set -euo pipefail
nq=${1:-20000}
repeats=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${3:-$(mktemp -d "${TMPDIR:-/tmp}/taxonomy-bench.XXXXXX")}
bin=${PLATEAU_BIN:-$root/build/bin}/plateau-amplicon
gold=/usr/share/microbiomeutil-data/RESOURCES/rRNA16S.gold.fasta
mkdir -p "$work"
source "$root/bench/amplicon/lib.bash"
bench_need vsearch grinder
[ -r "$gold" ] || { echo "$gold missing (apt-get install microbiomeutil-data)" >&2; exit 1; }
if [ "${BENCH_DB_CASE:-upper}" = upper ]; then
  [ -s "$work/gold_upper.fa" ] || awk '/^>/ { print; next } { print toupper($0) }' "$gold" > "$work/gold_upper.fa"
  gold_db=$work/gold_upper.fa
else
  gold_db=$gold
fi
[ -s "$work/gold_sintax.fa" ] || bench_gold_sintax "$gold_db" "$work/gold_sintax.fa"
if [ ! -s "$work/queries.fa" ]; then
  bench_grinder_v4 "$gold" "$nq" 200 "$work"
  # one id per read; IUPAC codes of the references come through (both tools skip their 8-mers)
  awk '/^>/ { print ">q" ++n; next } { print }' "$work/grinder-reads.fa" > "$work/queries.fa"
fi
echo "database: $gold_db (case: ${BENCH_DB_CASE:-upper})"
echo "queries: $(grep -c '>' "$work/queries.fa") ($work/queries.fa); $repeats alternating runs; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
bench_measure db "$bin" db --quiet --allow-conflicts "$gold_db" -o "$work/gold.db"
echo "db build: $(tail -1 "$work/db.times") (wall s, peak KB, CPU s, load); index $(du -k "$work/gold.db" | cut -f1) KB"

: > "$work/vsearch.times"; : > "$work/sintax.times"; : > "$work/rdp.times"
for r in $(seq 1 "$repeats"); do
  bench_measure vsearch vsearch --sintax "$work/queries.fa" --db "$work/gold_sintax.fa" --tabbedout "$work/v.tsv" \
    --sintax_cutoff 0.8 --strand plus --randseed 1 --threads 2 --quiet
  bench_measure sintax "$bin" taxonomy --quiet --method sintax --db "$work/gold.db" -i "$work/queries.fa" \
    -o "$work/p.aff" --tabbedout "$work/p.tsv" --cutoff 0.8 --seed 1 --allow-ambiguous -t 2
  bench_measure rdp "$bin" taxonomy --quiet --method rdp --db "$work/gold.db" -i "$work/queries.fa" \
    -o "$work/rdp.aff" --min-boot 80 --allow-ambiguous -t 2
  echo "run $r: vsearch $(tail -1 "$work/vsearch.times") | sintax $(tail -1 "$work/sintax.times") | rdp $(tail -1 "$work/rdp.times") (wall s, peak KB, CPU s, load)"
done
bench_table_header
bench_row "vsearch 2.22.1 --sintax --threads 2" vsearch
bench_row "plateau-amplicon taxonomy --method sintax -t 2" sintax
bench_row "plateau-amplicon taxonomy --method rdp -t 2" rdp
# Untimed: vsearch with one thread, whose RNG stream ours reproduces at any thread count.
vsearch --sintax "$work/queries.fa" --db "$work/gold_sintax.fa" --tabbedout "$work/v1.tsv" --sintax_cutoff 0.8 \
  --strand plus --randseed 1 --threads 1 --quiet
if cmp -s "$work/v1.tsv" "$work/p.tsv"; then echo "ours -t 2 vs vsearch --threads 1: --tabbedout identical"
else echo "ours -t 2 vs vsearch --threads 1: --tabbedout DIFFERS ($(diff "$work/v1.tsv" "$work/p.tsv" | grep -c '^<') lines)"; fi
echo -n "vs vsearch --threads 2 "
/usr/bin/python3 - "$work/v.tsv" "$work/p.tsv" <<'PY'
import sys
def calls(f):
    out = {}
    for line in open(f):
        c = line.rstrip('\n').split('\t')
        out[c[0]] = dict(x.split(':', 1) for x in c[3].split(',')) if len(c) > 3 and c[3] else {}
    return out
v, p = calls(sys.argv[1]), calls(sys.argv[2])
print('agreement with vsearch (name called at cutoff 0.8, or not called, per rank):',
      ', '.join('%s %.4f' % (r, sum(v[q].get(r) == p[q].get(r) for q in v) / len(v)) for r in 'dpcofg'))
PY
