#!/usr/bin/env bash
# bench_qc.sh at several thread counts (THREAD_LIST, default "1 2 4 8"), one table per count, then
# one summary line per tool and count. Every knob of bench_qc.sh applies (FASTP_LATEST= adds fastp 1.3.6).
#   FASTP_LATEST=/work/peers/fastp-v1.3.6/fastp FOLD=10 MIN_PAIRS=1 bench/qc/bench_threads.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=${WORK:-/tmp/plateau-bench-qc}
export WORK
summary=$WORK/threads-$(date +%Y%m%d-%H%M%S).md
for t in ${THREAD_LIST:-1 2 4 8}; do
  echo "## $t threads" | tee -a "$summary"
  THREADS=$t bash "$here/bench_qc.sh" | tee -a "$summary"
done
echo "summary: $summary" >&2
