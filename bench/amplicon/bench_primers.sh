#!/usr/bin/env bash
# Benchmark: FROGS' two cutadapt passes (cutadapt 4.2 -j T, -g 515F then -a 806R reverse-complemented,
# --error-rate 0.1 --discard-untrimmed --match-read-wildcards --overlap len-1) versus one
# plateau-amplicon primers run with the same semantics (--threads T), on merged MiSeq V4 reads with
# primers put back (r-bioc-dada2's sam1/sam2 pairs merged with vsearch, FROGS' merge flags;
# tests/cli/amplicon/make_primer_reads.py adds primer variants with errors, indels, partial primers).
# Runs alternate (cutadapt, plateau, ...) REPEATS times; reports median wall time and peak RSS
# (/usr/bin/time -f '%e %M'; cutadapt: the two passes' walls summed, the larger peak) and whether
# the outputs are byte-identical in every run (lower case and '.' kept by both).
#
# Usage: bench/amplicon/bench_primers.sh [READS=500000] [REPEATS=3] [THREADS=2] [WORKDIR]
set -euo pipefail
reads=${1:-500000}
repeats=${2:-3}
threads=${3:-2}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${4:-$(mktemp -d "${TMPDIR:-/tmp}/primers-bench.XXXXXX")}
bin=${PLATEAU_BIN:-$root/build/bin}/plateau-amplicon
ext=/usr/lib/R/site-library/dada2/extdata
five=GTGCCAGCMGCCGCGGTAA
three=ATTAGAWACCCBDGTAGTCC
mkdir -p "$work"
source "$root/bench/amplicon/lib.bash"
bench_need cutadapt vsearch

if [ ! -s "$work/reads.fq.gz" ]; then
  for s in 1 2; do
    vsearch --fastq_mergepairs $ext/sam${s}F.fastq.gz --reverse $ext/sam${s}R.fastq.gz --fastq_allowmergestagger \
      --fastq_maxdiffpct 10 --fastq_qmax 93 --threads 1 --fastaout "$work/merged$s.fa" 2> /dev/null
  done
  cat "$work/merged1.fa" "$work/merged2.fa" > "$work/merged.fa"
  /usr/bin/python3 "$root/tests/cli/amplicon/make_primer_reads.py" 1 "$reads" $five $three "$work/merged.fa" \
    | gzip -1 > "$work/reads.fq.gz"
fi
echo "input: $reads reads ($work/reads.fq.gz); $repeats alternating runs, $threads threads; load: $(cut -d' ' -f1-3 /proc/loadavg)"

timed() {  # timed OUTFILE COMMAND...: prints "wall peak_kb"
  local out=$1; shift
  /usr/bin/time -f '%e %M' -o "$out" "$@" > /dev/null 2>&1
  cat "$out"
}
: > "$work/cutadapt.times"; : > "$work/plateau.times"
identical=yes
for r in $(seq 1 "$repeats"); do
  a=$(timed "$work/t1" cutadapt -j "$threads" -g $five --error-rate 0.1 --discard-untrimmed --match-read-wildcards \
        --overlap $(( ${#five} - 1 )) -o "$work/c5.fq.gz" "$work/reads.fq.gz")
  b=$(timed "$work/t2" cutadapt -j "$threads" -a $three --error-rate 0.1 --discard-untrimmed --match-read-wildcards \
        --overlap $(( ${#three} - 1 )) -o "$work/c53.fq.gz" "$work/c5.fq.gz")
  echo "$a $b" | awk '{ printf "%.2f %d\n", $1 + $3, ($2 > $4 ? $2 : $4) }' >> "$work/cutadapt.times"
  timed "$work/t3" "$bin" primers --quiet --threads "$threads" -g $five -a $three -o "$work/p.fq.gz" "$work/reads.fq.gz" \
    >> "$work/plateau.times"
  cmp -s <(zcat "$work/c53.fq.gz") <(zcat "$work/p.fq.gz") || identical=no
  echo "run $r: cutadapt x2 $(tail -1 "$work/cutadapt.times") | plateau $(tail -1 "$work/plateau.times") (seconds, peak KB)"
done
cw=$(cut -d' ' -f1 "$work/cutadapt.times" | median); cm=$(cut -d' ' -f2 "$work/cutadapt.times" | median)
pw=$(cut -d' ' -f1 "$work/plateau.times" | median); pm=$(cut -d' ' -f2 "$work/plateau.times" | median)
echo "| tool | median wall (s) | median peak RSS (MB) |"
echo "|---|---|---|"
echo "| cutadapt 4.2 -j $threads, two passes (FROGS) | $cw | $(( cm / 1024 )) |"
echo "| plateau-amplicon primers --threads $threads | $pw | $(( pm / 1024 )) |"
echo "wall ratio plateau/cutadapt: $(awk -v a="$pw" -v b="$cw" 'BEGIN { printf "%.2f", a / b }'); reads written: $(zcat "$work/p.fq.gz" | awk 'END { print NR / 4 }'); outputs identical in every run: $identical"
[ "$identical" = yes ]
