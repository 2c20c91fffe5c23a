#!/usr/bin/env bash
# Benchmark: the whole pipeline, `plateau-amplicon run` against bench/amplicon/frogs_chain.sh (vsearch
# 2.22.1, cutadapt 4.2, swarm 3.1.2 with FROGS 5.0.2's flags, Python glue) on a make_study.sh study
# (515F/806R primers kept in the reads). Runs alternate (chain, run, chain, run, ...) REPEATS times
# under /usr/bin/time -f '%e %M' (the chain: the whole script; its peak is its largest process);
# prints median wall time and peak RSS, whether the final tables (seed ids and per-sample counts)
# and the chimera sets are the same in every run, and score_truth.py's recall and precision of
# the kept seeds and of the chimera calls for each.
#
# Usage: bench/amplicon/bench_run.sh STUDY_DIR [REPEATS=3] [THREADS=2] [WORKDIR]
#   STUDY_DIR: bench/amplicon/make_study.sh OUT_DIR 20 5000 1 makes the study of docs/benchmarks.md
set -euo pipefail
study=${1:?usage: bench_run.sh STUDY_DIR [REPEATS] [THREADS] [WORKDIR]}
repeats=${2:-3}
threads=${3:-2}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${4:-$(mktemp -d "${TMPDIR:-/tmp}/run-bench.XXXXXX")}
bin=${PLATEAU_BIN:-$root/build/bin}/plateau-amplicon
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed (Debian package time)" >&2; exit 1; }
five=GTGCCAGCMGCCGCGGTAA three=GGACTACHVGGGTWTCTAAT
three_rc=$(echo "$three" | rev | tr 'ACGTMRWSYKVHDBN' 'TGCAKYWSRMBDHVN')
measure() {  # NAME COMMAND...: appends "wall_seconds peak_kb" to $work/NAME.times
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" > /dev/null 2> "$work/$name.err"
  cat "$work/$name.time" >> "$work/$name.times"
}
: > "$work/chain.times"; : > "$work/run.times"
same=yes
for r in $(seq 1 "$repeats"); do
  rm -rf "$work/chain" "$work/run"
  measure chain env FIVE=$five THREE=$three MIN_AMPLICON=250 MAX_AMPLICON=300 READ_LEN=250 MIN_ABUNDANCE=0.00005 \
    bash "$root/bench/amplicon/frogs_chain.sh" "$study/samples.tsv" "$work/chain" "$threads"
  measure run "$bin" run --quiet -t "$threads" --samples "$study/samples.tsv" --outdir "$work/run" --keep-work \
    --five-prime $five --three-prime "$three_rc" --min-amplicon-size 250 --max-amplicon-size 300 --read1-size 250 \
    --read2-size 250 --min-abundance 0.00005
  awk -F'\t' -v OFS='\t' '{ line = NR == 1 ? "#seed_id" : $2; for (i = 6; i <= NF; i++) line = line OFS $i; print line }' \
    "$work/run/abundance.tsv" > "$work/run_table.tsv"
  awk -F'\t' '$0 ~ /chimera/ { print $2 }' "$work/run/excluded.tsv" > "$work/run_chimeras.txt"
  cmp -s "$work/run_table.tsv" "$work/chain/table.tsv" || same="no (table, run $r)"
  cmp -s <(sort "$work/run_chimeras.txt") <(sort "$work/chain/chimeras.txt") || same="no (chimeras, run $r)"
  echo "run $r: chain $(tail -1 "$work/chain.times") | plateau-amplicon run $(tail -1 "$work/run.times") (seconds, peak KB)"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
row() {  # LABEL NAME
  local w m; w=$(cut -d' ' -f1 "$work/$2.times" | median); m=$(cut -d' ' -f2 "$work/$2.times" | median)
  echo "| $1 | $w | $(( ${m%.*} / 1024 )) |"
}
echo "| pipeline ($threads threads) | median wall (s) | median peak RSS (MB) |"
echo "|---|---|---|"
row "frogs_chain.sh (vsearch, cutadapt, swarm, Python)" chain
row "plateau-amplicon run" run
echo "same final table (seed ids, per-sample counts) and chimera set in every run: $same"
score() {  # LABEL SEEDS ALL_SEEDS CHIMERAS
  echo "$1: $(/usr/bin/python3 "$root/bench/amplicon/score_truth.py" "$study/truth" --seeds "$2" --all-seeds "$3" \
    --chimeras "$4" | tr -d '\n ')"
}
score chain "$work/chain/seeds.fa" "$work/chain/seeds_all.fa" "$work/chain/chimeras.txt"
score run "$work/run/seeds.fasta" "$work/run/work/seeds_all.fasta" "$work/run_chimeras.txt"
[ "$same" = yes ]
