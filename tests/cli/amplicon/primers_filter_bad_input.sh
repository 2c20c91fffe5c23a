#!/usr/bin/env bash
# primers and filter on bad input: one "plateau-amplicon: error:" line naming the file (and the
# record), exit status 1, no output left (nor temporary files); bad options: exit status 2.
source "$(dirname "$0")/../lib.sh"
F515=GTGCCAGCMGCCGCGGTAA
run_case() {  # NAME STATUS EXPECTED SUBCOMMAND [options...]: output into an empty folder
  local name=$1 status=$2 expect=$3 sub=$4; shift 4
  local out=$WORK/out.$name; mkdir -p "$out"
  "$TOOL_BIN" "$sub" "$@" -o "$out/reads.fq.gz" 2> "$WORK/$name.err"
  check_failure "$name" "$status" "$expect" "$out"
}
# Large enough that writing is well under way when the error comes (several batches).
awk -v p=$F515 'BEGIN { srand(3); for (i = 1; i <= 60000; i++) { s = p; for (j = 0; j < 60; j++) s = s substr("ACGT", int(rand() * 4) + 1, 1);
  q = s; gsub(/./, "I", q); print "@t" i; print s; print "+"; print q } }' > "$WORK/full.fq"
gzip -1 -c "$WORK/full.fq" > "$WORK/full.fq.gz"
head -c $(( $(stat -c %s "$WORK/full.fq.gz") * 3 / 4 )) "$WORK/full.fq.gz" > "$WORK/truncated.fq.gz"
{ cat "$WORK/full.fq"; printf '@bad\nACGT\n+\nII\n'; } > "$WORK/short_quality.fq"
{ head -n 200000 "$WORK/full.fq"; printf 'not a header\nACGT\n+\nIIII\n'; } > "$WORK/no_header.fq"

for sub in primers filter; do
  opts=(); [ $sub = primers ] && opts=(-g $F515)
  run_case $sub.truncated_gzip 1 "truncated.fq.gz" $sub "${opts[@]}" "$WORK/truncated.fq.gz"
  grep -qi 'truncated\|unexpected end' "$WORK/$sub.truncated_gzip.err" && pass "$sub.truncated_gzip: the message says truncated" \
    || fail "$sub.truncated_gzip: message does not say truncated: $(cat "$WORK/$sub.truncated_gzip.err")"
  run_case $sub.missing_file 1 "nonexistent.fq" $sub "${opts[@]}" "$WORK/nonexistent.fq"
  run_case $sub.quality_length 1 "short_quality.fq: record 60001" $sub "${opts[@]}" "$WORK/short_quality.fq"
  run_case $sub.no_header 1 "no_header.fq: record 50001" $sub "${opts[@]}" "$WORK/no_header.fq"
done
run_case primers.invalid_iupac 2 "-g/--front 'GTGCCAGCJGCC': 'J' is not an IUPAC nucleotide code" primers -g GTGCCAGCJGCC "$WORK/full.fq"
run_case primers.invalid_3p 2 "-a/--adapter 'ATTA^GA'" primers -a 'ATTA^GA' "$WORK/full.fq"
run_case primers.only_n 2 "a primer of N only" primers -g NNNN "$WORK/full.fq"
run_case primers.no_primer 2 "give a 5' primer" primers "$WORK/full.fq"
run_case primers.negative_rate 2 "-e/--error-rate -0.1" primers -g $F515 -e -0.1 "$WORK/full.fq"
run_case filter.min_above_max 2 "--min-length 300 / --max-length 200" filter --min-length 300 --max-length 200 "$WORK/full.fq"
awk 'NR % 4 == 1 { print ">" substr($0, 2) } NR % 4 == 2 { print }' "$WORK/full.fq" > "$WORK/reads.fa"
run_case filter.maxee_fasta 1 "reads.fa: FASTA input has no base qualities; --max-ee needs FASTQ" filter --max-ee 1 "$WORK/reads.fa"
finish
