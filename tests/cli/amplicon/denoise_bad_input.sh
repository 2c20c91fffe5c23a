#!/usr/bin/env bash
# denoise: bad input gets one "plateau-amplicon: error:" line naming the file and the record, exit
# status 1 and no output file left; bad options exit 2.
source "$(dirname "$0")/../lib.sh"

good=">a;size=90\nACGTACGTACGTTTGACCAACGTACGTACGTTTGACCA\n>b;size=3\nACGTACGTACGTTTGACCCACGTACGTACGTTTGACCA\n"
# denoise_case NAME STATUS EXPECTED FASTA_CONTENT [options]
denoise_case() {
  local name=$1 status=$2 expect=$3 fasta=$4; shift 4
  local out=$WORK/out.$name; mkdir -p "$out"
  printf "$fasta" > "$WORK/$name.fa"
  "$TOOL_BIN" denoise -i "$WORK/$name.fa" "$@" --centroids "$out/asv.fa" --uc "$out/asv.uc" \
    --uchimeout "$out/u3.tsv" --nonchimeras "$out/kept.fa" 2> "$WORK/$name.err" > /dev/null
  check_failure "$name" "$status" "$expect" "$out"
}

denoise_case zero_abundance 1 "zero_abundance.fa: record 2 ('b;size=0'): abundance size=0" \
  ">a;size=9\nACGTACGTACGTTTGACCAACGTACGTACGTTTGACCA\n>b;size=0\nACGT\n"
denoise_case empty_file 1 "empty_file.fa: empty file" ""
denoise_case empty_sequence 1 "empty_sequence.fa: record 2 ('b;size=3'): empty sequence" ">a;size=9\nACGT\n>b;size=3\n>c;size=1\nAC\n"
denoise_case bad_letter 1 "bad_letter.fa: record 1 ('a;size=9'): illegal character 'J'" ">a;size=9\nACJT\n"
denoise_case fastq_truncated 1 "fastq_truncated.fa" "@r1\nACGT\n+\nII\n"
mkdir -p "$WORK/out.missing_file"
"$TOOL_BIN" denoise -i "$WORK/nonexistent.fa" --centroids "$WORK/out.missing_file/asv.fa" 2> "$WORK/missing_file.err"
check_failure missing_file 1 "nonexistent.fa" "$WORK/out.missing_file"
# an output in a folder that does not exist: exit 1, and the other outputs are not written either
mkdir -p "$WORK/out.bad_output"
printf "$good" > "$WORK/bad_output.fa"
"$TOOL_BIN" denoise -i "$WORK/bad_output.fa" --centroids "$WORK/out.bad_output/asv.fa" --uc "$WORK/no/such/dir/asv.uc" \
  2> "$WORK/bad_output.err"
check_failure bad_output 1 "no/such/dir" "$WORK/out.bad_output"

# Bad options: exit 2, one line
denoise_case alpha_0 2 "--unoise_alpha 0.000000: must be a positive number" "$good" --unoise_alpha 0
denoise_case minsize_0 2 "--minsize 0: must be >= 1" "$good" --minsize 0
denoise_case abskew_0 2 "--abskew 0.000000: must be > 0" "$good" --abskew 0
finish
