#!/usr/bin/env bash
# Benchmark: vsearch 2.22.1 --uchime_denovo (single-threaded by design) versus plateau-amplicon
# chimera at 1 and 2 threads, on synthetic uniques with known chimeras (simulate_chimeras.py: a
# mutation tree of true sequences, 2- and 3-parent chimeras less abundant than their parents, and
# low-abundance error uniques). Runs alternate (vsearch, plateau -t 1, plateau -t 2, ...) REPEATS
# times under /usr/bin/time (lib.bash); prints median wall time, CPU time and peak RSS of each,
# whether each run's --uchimeout is byte-identical to vsearch's, the agreement of the Y/N/? calls,
# and the recall and precision of the Y calls against the generator's truth.
#
# Usage: bench/amplicon/bench_chimera.sh [TRUE=22000] [REPEATS=3] [WORKDIR]
#   TRUE true sequences give about 2.27 x TRUE uniques (TRUE errors, 0.27 x TRUE chimeras).
set -euo pipefail
ntrue=${1:-22000}
repeats=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${3:-$(mktemp -d "${TMPDIR:-/tmp}/chimera-bench.XXXXXX")}
bin=${PLATEAU_BIN:-$root/build/bin}/plateau-amplicon
mkdir -p "$work"
source "$root/bench/amplicon/lib.bash"
bench_need vsearch
if [ ! -s "$work/uniques.fa" ]; then
  /usr/bin/python3 "$root/bench/amplicon/simulate_chimeras.py" --true "$ntrue" --chimeras $(( ntrue * 27 / 100 )) \
    --errors "$ntrue" --seed 1 --out "$work/uniques.fa" --truth "$work/truth.tsv"
fi
uniques=$(grep -c '>' "$work/uniques.fa")
echo "input: $uniques uniques ($work/uniques.fa); $repeats alternating runs; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

: > "$work/vsearch.times"; : > "$work/t1.times"; : > "$work/t2.times"
identical=yes
for r in $(seq 1 "$repeats"); do
  bench_measure vsearch vsearch --uchime_denovo "$work/uniques.fa" --uchimeout "$work/v.tsv" --quiet
  bench_measure t1 "$bin" chimera --quiet -t 1 "$work/uniques.fa" --uchimeout "$work/p1.tsv"
  bench_measure t2 "$bin" chimera --quiet -t 2 "$work/uniques.fa" --uchimeout "$work/p2.tsv"
  cmp -s "$work/v.tsv" "$work/p1.tsv" || identical=no
  cmp -s "$work/v.tsv" "$work/p2.tsv" || identical=no
  echo "run $r: vsearch $(tail -1 "$work/vsearch.times") | -t 1 $(tail -1 "$work/t1.times") | -t 2 $(tail -1 "$work/t2.times") (wall s, peak KB, CPU s, load)"
done
bench_table_header
bench_row "vsearch 2.22.1 --uchime_denovo" vsearch
bench_row "plateau-amplicon chimera -t 1" t1
bench_row "plateau-amplicon chimera -t 2" t2
agree=$(paste <(cut -f2,18 "$work/v.tsv") <(cut -f2,18 "$work/p2.tsv") | awk '$1 == $3 && $2 == $4' | wc -l)
echo "calls: $(cut -f18 "$work/v.tsv" | sort | uniq -c | tr -s ' \n' ' '); same query and call on $agree of $uniques lines; uchimeout byte-identical in every run: $identical"
awk -F'\t' 'NR == FNR { if (FNR > 1) kind[$1] = $2; next }
  { split($2, a, ";"); k = kind[a[1]]; if ($18 == "Y") { y++; if (k == "chimera") tp++ } if (k == "chimera") c++ }
  END { printf "truth: %d chimeras; %d called Y, %d of them true chimeras: recall %.3f, precision %.3f\n", c, y, tp, tp / c, tp / y }' \
  "$work/truth.tsv" "$work/p2.tsv"
[ "$identical" = yes ]
