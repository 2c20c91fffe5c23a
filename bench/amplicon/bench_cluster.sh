#!/usr/bin/env bash
# Benchmark: swarm 3.1.2 -d 1 -f -z -t T versus plateau-amplicon cluster with the same flags, on
# synthetic amplicons (simulate.py: mutation tree, log-normal abundances, 0.4 % substitution and
# indel errors), dereplicated by plateau-amplicon derep. Runs alternate (swarm, plateau, swarm, ...)
# REPEATS times; reports the median wall time, CPU time (user + system) and peak RSS
# (/usr/bin/time -v) of each tool, the 1-minute load average after each run (the machine may be
# shared: CPU time is the steadier figure then), and whether the -o, -s, -w and -i outputs are
# byte-identical in every run (-u is left out: it aligns every member with its seed, which
# dominates both tools' time on large inputs).
#
# Usage: bench/amplicon/bench_cluster.sh [READS=200000] [REPEATS=3] [THREADS=2] [WORKDIR]
#   200,000 reads give 115,145 uniques; 2,500,000 reads (5,000 true sequences) 1,114,028, the
#   acceptance size (>= 1,000,000 uniques).
set -euo pipefail
reads=${1:-200000}
repeats=${2:-3}
threads=${3:-2}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${4:-$(mktemp -d "${TMPDIR:-/tmp}/amplicon-bench.XXXXXX")}
bin=${PLATEAU_BIN:-$root/build/bin}/plateau-amplicon
mkdir -p "$work"
source "$root/bench/amplicon/lib.bash"
bench_need swarm

if [ ! -s "$work/derep.fa" ]; then
  python3 "$root/bench/amplicon/simulate.py" --true $(( reads >= 1000000 ? 5000 : 2000 )) --reads "$reads" \
    --error-rate 0.004 --seed 1 --out "$work/reads.fa"
  "$bin" derep --quiet --sample synthetic="$work/reads.fa" --relabel_sha1 -o "$work/derep.fa"
fi
uniques=$(grep -c '>' "$work/derep.fa")
echo "input: $reads reads, $uniques unique amplicons ($work/derep.fa); $repeats alternating runs, -t $threads"

: > "$work/swarm.times"; : > "$work/plateau.times"
identical=yes
for r in $(seq 1 "$repeats"); do
  bench_measure swarm swarm -d 1 -f -z -t "$threads" -o "$work/s.o" -s "$work/s.s" -w "$work/s.w" -i "$work/s.i" -l /dev/null "$work/derep.fa"
  bench_measure plateau "$bin" cluster --quiet -d 1 -f -z -t "$threads" -o "$work/p.o" -s "$work/p.s" -w "$work/p.w" -i "$work/p.i" "$work/derep.fa"
  for x in o s w i; do cmp -s "$work/s.$x" "$work/p.$x" || identical=no; done
  echo "run $r: swarm $(tail -1 "$work/swarm.times") | plateau $(tail -1 "$work/plateau.times") (wall s, peak KB, CPU s, load)"
done
bench_table_header
bench_row "swarm 3.1.2 -d 1 -f -z -t $threads" swarm
bench_row "plateau-amplicon cluster -d 1 -f -z -t $threads" plateau
echo "ratios plateau/swarm: wall $(bench_ratio plateau swarm 1), CPU $(bench_ratio plateau swarm 3); swarms: $(wc -l < "$work/s.o"); outputs identical in every run: $identical"
[ "$identical" = yes ]
