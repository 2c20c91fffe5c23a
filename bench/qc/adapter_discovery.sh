#!/usr/bin/env bash
# Single-end adapter discovery: recall and false trims of plateau-qc, fastp 0.23.2 and (with
# FASTP_LATEST=) fastp 1.3.6 on reads with adapters outside every built-in list.
# Reads: splice_adapters.py simulate from the lambda phage genome (Debian bowtie2-examples),
# PAIRS pairs (R1 used), 10% read-through, for each adapter in ADAPTERS, once followed by random
# bases and once by a fixed index + flow-cell-primer-like tail (as real read-through continues).
#   bench/qc/adapter_discovery.sh            (PLATEAU_QC=, FASTP_LATEST=, PAIRS=40000, WORK=)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd); repo=$(cd "$here/../.." && pwd)
gen=$repo/tests/data/adapters/gen; py=/usr/bin/python3
WORK=${WORK:-/tmp/plateau-bench-qc-discovery}; PAIRS=${PAIRS:-40000}
PLATEAU_QC=${PLATEAU_QC:-$repo/build/bin/plateau-qc}; FASTP_LATEST=${FASTP_LATEST:-}
ADAPTERS=${ADAPTERS:-GTCAGTCCTACGATTGCAACTGGTACCGATTAC CATGGTTCAGACCTTAGCGAATGCTCAAGT TTGCCATCAGTTACGGACCATGAATCGCTTAG}
TAIL=ACGTTGCAGGATCTCGTATGCCGTCTTCTGCTTGAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
mkdir -p "$WORK"
bash "$repo/tests/data/fetch-debian-data.sh" "$WORK/debdata" bowtie2-examples > /dev/null
ref=$WORK/debdata/bowtie2-examples/usr/share/doc/bowtie2/examples/reference/lambda_virus.fa.gz
echo "| adapter | after the adapter | tool | adapter found | adapter bases removed | adapter-free reads trimmed |"
echo "|---|---|---|---|---|---|"
n=0
for adapter in $ADAPTERS; do
  for after in random tail; do
    n=$((n + 1)); d=$WORK/set$n; mkdir -p "$d"
    extra=(); [ "$after" = tail ] && extra=(--after-adapter "$TAIL")
    "$py" "$gen/splice_adapters.py" simulate --ref "$ref" --pairs "$PAIRS" --seed $n --adapter-r1 "$adapter" \
      "${extra[@]}" --out1 "$d/r1.fq.gz" --out2 "$d/r2.fq.gz" --truth "$d/truth.tsv" > /dev/null 2>&1
    for tool in plateau fastp ${FASTP_LATEST:+fastp_latest}; do
      case $tool in
        plateau) "$PLATEAU_QC" --quiet -i "$d/r1.fq.gz" -o "$d/$tool.fq.gz" -j "$d/$tool.json"
                 found=$(grep -o '"read1_adapter_sequence": "[A-Z]*"' "$d/$tool.json" | cut -d'"' -f4 || true) ;;
        fastp|fastp_latest) bin=fastp; [ $tool = fastp_latest ] && bin=$FASTP_LATEST
                 "$bin" -i "$d/r1.fq.gz" -o "$d/$tool.fq.gz" -j "$d/$tool.json" -h "$d/$tool.html" 2> "$d/$tool.err"
                 found=$(grep -o '"read1_adapter_sequence": "[A-Z]*"' "$d/$tool.json" | cut -d'"' -f4 || true) ;;
      esac
      score=$("$py" "$gen/score_se_trimming.py" "$d/truth.tsv" "$d/$tool.fq.gz")
      removed=$(echo "$score" | grep -o 'removed [0-9.]*%' | cut -d' ' -f2)
      false=$(echo "$score" | grep -o '[0-9.]*% of [0-9]* adapter-free' | cut -d' ' -f1)
      echo "| ${adapter:0:12}… (${#adapter} bp) | $after | $tool | ${found:-none} | $removed | $false |"
    done
  done
done
