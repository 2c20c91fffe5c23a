#!/usr/bin/env bash
# Parse-only speed of core::SequenceReader on a plain four-line FASTQ, before and after a change:
# builds a small reader loop against two source trees (a git revision and the working tree),
# runs them alternately REPEATS times each (5 reads of the file per run) and prints the medians.
# Usage: bench/qc/fastq_parse_speed.sh [BASE_REVISION (default main)] [FASTQ]  (FASTQ default: a
# generated 600,000 x 150 bp file, 211 MB, in $WORK). Needs g++, libhts-dev, libisal-dev, libdeflate-dev.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
base=${1:-main}
WORK=${WORK:-/tmp/plateau-parse-bench}
REPEATS=${REPEATS:-3}
mkdir -p "$WORK"
fastq=${2:-$WORK/plain.fq}
if [ ! -s "$fastq" ]; then
  /usr/bin/python3 - "$fastq" <<'PYEOF'
import os, sys
seq_map = bytes(b"ACGT"[i % 4] for i in range(256)); qual_map = bytes(35 + i % 39 for i in range(256))
with open(sys.argv[1], "wb") as f:
    for i in range(600000):
        s, q = os.urandom(150).translate(seq_map), os.urandom(150).translate(qual_map)
        f.write(b"@A00123:45:HXXXXXX:1:%d:%d:%d 1:N:0:ACGT\n%s\n+\n%s\n" % (1101 + i % 20, i % 30000, i % 7000, s, q))
PYEOF
fi
cat > "$WORK/parse_bench.cpp" <<'CPP'
#include "core/io/sequence_reader.hpp"
#include <chrono>
#include <cstdio>
int main(int, char** argv) {
    for (int rep = 0; rep < 5; ++rep) {
        auto t0 = std::chrono::steady_clock::now();
        auto reader = plateau::core::SequenceReader::open(argv[1]);
        plateau::core::ReadBatch batch;
        unsigned long long reads = 0;
        for (std::size_t n; (n = (batch.clear(), reader->read(batch, 16384, 4 << 20))) > 0;) reads += n;
        std::printf("%llu %.3f\n", reads, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
}
CPP
build() {  # build NAME SRC_ROOT (a folder holding src/core)
  mkdir -p "$WORK/$1/include" && ln -sfn "$2/src/core" "$WORK/$1/include/core"
  g++ -O3 -DNDEBUG -std=c++20 -I"$WORK/$1/include" "$WORK/parse_bench.cpp" \
      "$2"/src/core/io/{sequence_reader,fastx_parser,gzip_source,hts_reader}.cpp "$2/src/core/read_batch.cpp" \
      -o "$WORK/$1/parse" -lhts -lisal -ldeflate
}
rm -rf "$WORK/base-src" && mkdir -p "$WORK/base-src" && git -C "$src" archive "$base" src/core | tar -x -C "$WORK/base-src"
build base "$WORK/base-src"
build new "$src"
cat "$fastq" > /dev/null
: > "$WORK/times.tsv"
for _ in $(seq "$REPEATS"); do
  for v in base new; do "$WORK/$v/parse" "$fastq" | awk -v v=$v '{ print v "\t" $2 }' >> "$WORK/times.tsv"; done
done
for v in base new; do
  printf '%s (%s): median %s s over %s reads of %s\n' "$v" "$( [ $v = base ] && echo "$base" || echo working tree)" \
    "$(awk -v v=$v '$1 == v { print $2 }' "$WORK/times.tsv" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')" \
    "$(grep -c "^$v" "$WORK/times.tsv")" "$fastq"
done
