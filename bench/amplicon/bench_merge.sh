#!/usr/bin/env bash
# Paired-read merging: vsearch 2.22.1 --fastq_mergepairs vs plateau-amplicon merge on the same
# synthetic pairs (simulate_pairs.py: 50,000 simulated pairs, copied under new names up to PAIRS),
# both at THREADS threads, alternating, REPEATS times each, under /usr/bin/time -f '%e %M'.
# Prints the median wall time and peak RSS of each tool and whether every output was
# byte-identical to vsearch's (merged FASTQ; exit status 1 if not).
# Usage: bench_merge.sh [PAIRS=500000] [REPEATS=3] [THREADS=2] [WORKDIR=/tmp/amplicon-bench-merge]
set -euo pipefail
pairs=${1:-500000} repeats=${2:-3} threads=${3:-2} work=${4:-/tmp/amplicon-bench-merge}
here=$(cd "$(dirname "$0")" && pwd)
bin=${PLATEAU_BIN:-$here/../../build/bin}/plateau-amplicon
mkdir -p "$work"
if [ ! -s "$work/R1.fq" ] || [ "$(($(wc -l < "$work/R1.fq") / 4))" -ne "$pairs" ]; then
  /usr/bin/python3 "$here/simulate_pairs.py" --pairs 50000 --seed 1 --out1 "$work/base1.fq" --out2 "$work/base2.fq"
  for m in 1 2; do
    awk -v n="$pairs" 'BEGIN { c = 0 } { lines[NR] = $0 } END {
      for (copy = 0; c < n; copy++) for (i = 1; i <= NR && c < n; i += 4) {
        print "@c" copy "_" substr(lines[i], 2); print lines[i + 1]; print "+"; print lines[i + 3]; c++ } }' \
      "$work/base$m.fq" > "$work/R$m.fq"
  done
fi
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
: > "$work/vsearch.times"; : > "$work/plateau.times"
identical=yes
for r in $(seq "$repeats"); do
  /usr/bin/time -f '%e %M' -o "$work/t" vsearch --fastq_mergepairs "$work/R1.fq" --reverse "$work/R2.fq" \
    --threads "$threads" --fastqout "$work/v.fq" --quiet 2>/dev/null
  cat "$work/t" >> "$work/vsearch.times"
  /usr/bin/time -f '%e %M' -o "$work/t" "$bin" merge --quiet -t "$threads" --fastq_mergepairs "$work/R1.fq" \
    --reverse "$work/R2.fq" --fastqout "$work/p.fq"
  cat "$work/t" >> "$work/plateau.times"
  cmp -s "$work/v.fq" "$work/p.fq" || identical=no
done
merged=$(($(wc -l < "$work/v.fq") / 4))
for tool in vsearch plateau; do
  printf '%-8s %d pairs, %d threads: median wall %s s, median peak RSS %s MB (runs: %s)\n' "$tool" "$pairs" "$threads" \
    "$(cut -d' ' -f1 "$work/$tool.times" | median)" "$(( $(cut -d' ' -f2 "$work/$tool.times" | median) / 1024 ))" \
    "$(cut -d' ' -f1 "$work/$tool.times" | tr '\n' ' ')"
done
echo "merged pairs: $merged; plateau output identical to vsearch's in every run: $identical"
[ "$identical" = yes ]
