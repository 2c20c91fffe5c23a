#!/usr/bin/env bash
# Benchmark: vsearch 2.22.1 --cluster_unoise (UNOISE3) versus plateau-amplicon denoise at 1 and 2
# threads, on a simulated community (simulate.py: a mutation tree of TRUE true sequences of 253 nt,
# log-normal abundances, READS reads with 0.4 % errors, dereplicated by vsearch). Runs alternate
# (vsearch -t 1, vsearch -t 2, plateau -t 1, plateau -t 2) REPEATS times under /usr/bin/time
# (lib.bash); prints median wall time, CPU time and peak RSS of each, whether every run's
# --centroids and --uc are byte-identical to vsearch --threads 1's, and the ASV recall (true
# sequences found exactly) and precision (ASVs that are a true sequence) of both tools.
#
# Usage: bench/amplicon/bench_denoise.sh [TRUE=1000] [READS=500000] [REPEATS=3] [WORKDIR]
set -euo pipefail
ntrue=${1:-1000}
nreads=${2:-500000}
repeats=${3:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${4:-$(mktemp -d "${TMPDIR:-/tmp}/denoise-bench.XXXXXX")}
bin=${PLATEAU_BIN:-$root/build/bin}/plateau-amplicon
mkdir -p "$work"
source "$root/bench/amplicon/lib.bash"
bench_need vsearch
if [ ! -s "$work/derep.fa" ]; then
  /usr/bin/python3 "$root/bench/amplicon/simulate.py" --true "$ntrue" --reads "$nreads" --error-rate 0.004 --seed 1 \
    --out "$work/reads.fa" --truth "$work/truth.tsv"
  vsearch --derep_fulllength "$work/reads.fa" --sizeout --relabel_sha1 --output "$work/derep.fa" --quiet
fi
uniques=$(grep -c '>' "$work/derep.fa")
kept=$(grep -c ';size=\([89]\|[1-9][0-9]\+\)' "$work/derep.fa" || true)
echo "input: $nreads reads of $ntrue true sequences, $uniques uniques ($kept with size >= 8); $repeats alternating runs;" \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

for n in v1 v2 p1 p2; do : > "$work/$n.times"; done
identical=yes
for r in $(seq 1 "$repeats"); do
  bench_measure v1 vsearch --cluster_unoise "$work/derep.fa" --sizein --sizeout --threads 1 --quiet \
    --centroids "$work/v1.fa" --uc "$work/v1.uc"
  bench_measure v2 vsearch --cluster_unoise "$work/derep.fa" --sizein --sizeout --threads 2 --quiet \
    --centroids "$work/v2.fa" --uc "$work/v2.uc"
  bench_measure p1 "$bin" denoise --quiet -t 1 -i "$work/derep.fa" --centroids "$work/p1.fa" --uc "$work/p1.uc"
  bench_measure p2 "$bin" denoise --quiet -t 2 -i "$work/derep.fa" --centroids "$work/p2.fa" --uc "$work/p2.uc"
  for p in p1 p2; do cmp -s "$work/v1.fa" "$work/$p.fa" && cmp -s "$work/v1.uc" "$work/$p.uc" || identical=no; done
  echo "run $r: vsearch -t1 $(tail -1 "$work/v1.times") | vsearch -t2 $(tail -1 "$work/v2.times") |" \
    "plateau -t1 $(tail -1 "$work/p1.times") | plateau -t2 $(tail -1 "$work/p2.times") (wall s, peak KB, CPU s, load)"
done
bench_table_header
bench_row "vsearch 2.22.1 --cluster_unoise --threads 1" v1
bench_row "vsearch 2.22.1 --cluster_unoise --threads 2" v2
bench_row "plateau-amplicon denoise -t 1" p1
bench_row "plateau-amplicon denoise -t 2" p2
v2same=$(cmp -s "$work/v1.fa" "$work/v2.fa" && cmp -s "$work/v1.uc" "$work/v2.uc" && echo yes || echo no)
echo "centroids and uc byte-identical to vsearch --threads 1 in every plateau run: $identical" \
  "(vsearch --threads 2 itself identical to --threads 1: $v2same)"
score() {  # score LABEL FASTA: ASV recall and precision against the true sequences
  /usr/bin/python3 "$root/bench/amplicon/score_asvs.py" "$work/truth.tsv" "$2" "$1"
}
score "vsearch --cluster_unoise" "$work/v1.fa"
score "plateau-amplicon denoise" "$work/p2.fa"
[ "$identical" = yes ]
