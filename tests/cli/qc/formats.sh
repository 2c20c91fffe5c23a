#!/usr/bin/env bash
# Inputs in every supported form give the same reads: FASTQ plain/gzip/BGZF, stdin, interleaved,
# SAM and BAM; outputs to stdout; --help and --version behave.
source "$(dirname "$0")/../lib.sh"
example=$(debfile fastqc usr/share/doc/fastqc/examples/example.fastq) || exit 1

gzip -c "$example" > "$WORK/ex.fq.gz"
"$TOOL_BIN" --quiet -A -i "$example" -o "$WORK/plain.fq"
"$TOOL_BIN" --quiet -A -i "$WORK/ex.fq.gz" -o "$WORK/gz.fq"
"$TOOL_BIN" --quiet -A -i - -o - < "$example" > "$WORK/stdin.fq"
check "gzip input gives the same reads" cmp -s "$WORK/plain.fq" "$WORK/gz.fq"
check "stdin to stdout gives the same reads" cmp -s "$WORK/plain.fq" "$WORK/stdin.fq"

# Interleaved input equals the two-file input.
lambda=$(debfile bowtie2-examples usr/share/doc/bowtie2/examples/reads/reads_1.fq.gz) || exit 1
paste <(gzip -dc "$lambda" | paste - - - -) <(gzip -dc "${lambda%_1.fq.gz}_2.fq.gz" | paste - - - -) | tr '\t' '\n' > "$WORK/il.fq"
"$TOOL_BIN" --quiet -i "$lambda" -I "${lambda%_1.fq.gz}_2.fq.gz" -j "$WORK/two.json"
"$TOOL_BIN" --quiet --interleaved-in -i "$WORK/il.fq" -j "$WORK/il.json"
same_counts() { "$PY" -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); assert a["summary"]==b["summary"] and a["filtering_result"]==b["filtering_result"]' "$1" "$2"; }
check "interleaved input gives the same report as two files" same_counts "$WORK/two.json" "$WORK/il.json"

# Unaligned SAM, BAM and CRAM made by samtools (an independent converter) give the same reads.
if command -v samtools >/dev/null; then
  grep -v '^$' "$example" > "$WORK/ex_noblank.fq"  # samtools stops at the example's trailing blank line
  for fmt in sam bam cram; do
    samtools import -0 "$WORK/ex_noblank.fq" -O "$fmt" -o "$WORK/ex.$fmt"
    "$TOOL_BIN" --quiet -A -i "$WORK/ex.$fmt" -o "$WORK/from_$fmt.fq"
    strip_names() { awk 'NR % 4 == 1 { sub(/[ \t].*/, ""); sub(/\/[12]$/, "") } { print }' "$1"; }
    check "unaligned $fmt input gives the same reads as FASTQ" cmp -s <(strip_names "$WORK/plain.fq") <(strip_names "$WORK/from_$fmt.fq")
  done
else
  fail "samtools is not installed (scripts/install-deps.sh test)"
fi

check "--version prints the version" grep -q "^plateau-qc [0-9]" <("$TOOL_BIN" --version)
check "--help documents the options" grep -q -- "--cut-front" <("$TOOL_BIN" --help)
finish
