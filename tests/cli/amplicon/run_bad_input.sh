#!/usr/bin/env bash
# run on bad input (issue 10, acceptance 3): one "plateau-amplicon: error:" line naming the file and
# the record or line (with --quiet, which silences the progress lines), exit status 1, and --outdir holds nothing (no final output, no work folder).
# The bad sample comes second, after a good one (dada2's sam1) has gone through its steps. Bad
# options: exit status 2.
source "$(dirname "$0")/../lib.sh"
extdata=usr/lib/R/site-library/dada2/extdata
r1=$(debfile r-bioc-dada2 $extdata/sam1F.fastq.gz) || exit 1
r2=$(debfile r-bioc-dada2 $extdata/sam1R.fastq.gz) || exit 1
b1=$(debfile r-bioc-dada2 $extdata/sam2F.fastq.gz) || exit 1
b2=$(debfile r-bioc-dada2 $extdata/sam2R.fastq.gz) || exit 1
d=$WORK/data; mkdir -p "$d"
zcat "$b1" > "$d/b1.fq"; zcat "$b2" > "$d/b2.fq"
head -n 4000 "$d/b2.fq" > "$d/short2.fq"
awk 'NR == 4 * 499 + 1 { print "@renamed_mate"; next } { print }' "$d/b2.fq" > "$d/renamed2.fq"
: > "$d/empty1.fq"; : > "$d/empty2.fq"
head -c $(( $(stat -c %s "$b1") * 2 / 3 )) "$b1" > "$d/truncated1.fq.gz"

sheet() {  # NAME LINES...: a sheet of tab-separated lines (fields separated by '|')
  local name=$1; shift
  printf '%s\n' "$@" | tr '|' '\t' > "$WORK/$name.tsv"
}
run_case() {  # NAME STATUS EXPECTED_TEXT [extra options]: run on $WORK/NAME.tsv into an empty folder
  local name=$1 status=$2 expect=$3; shift 3
  local out=$WORK/out.$name err=$WORK/$name.err
  "$TOOL_BIN" run --quiet --samples "$WORK/$name.tsv" --outdir "$out" --without-primers --min-amplicon-size 250 \
    --max-amplicon-size 256 "$@" 2> "$err"
  local rc=$? lines; lines=$(wc -l < "$err")
  local left; left=$(ls -A "$out" 2> /dev/null | tr '\n' ' ')
  if [ "$rc" -eq "$status" ] && [ "$lines" -eq 1 ] && grep -q '^plateau-amplicon: error: ' "$err" &&
     grep -qF -- "$expect" "$err" && [ -z "$left" ]; then
    pass "$name: $(cat "$err")"
  else
    fail "$name: rc=$rc (want $status) lines=$lines left='$left' message='$(cat "$err")' (expected '$expect')"
  fi
}
good="sam1|$r1|$r2"
sheet different_lengths "$good" "b|$d/b1.fq|$d/short2.fq"
run_case different_lengths 1 "short2.fq ends after record 1000 but $d/b1.fq has record 1001"
sheet names_out_of_step "$good" "b|$d/b1.fq|$d/renamed2.fq"
run_case names_out_of_step 1 "pair 500: mate names differ"
sheet empty_sample "$good" "e|$d/empty1.fq|$d/empty2.fq"
run_case empty_sample 1 "empty1.fq: empty file"
sheet nothing_merges "$good" "b|$d/b1.fq|$d/b1.fq"
run_case nothing_merges 1 "b1.fq: sample b: no read left after merging (1500 pairs, 0 merged"
sheet duplicate_names "$good" "sam1|$d/b1.fq|$d/b2.fq"
run_case duplicate_names 1 "duplicate_names.tsv: line 2: duplicate sample name 'sam1'"
sheet missing_file "$good" "b|$d/b1.fq|$d/nonexistent.fq"
run_case missing_file 1 "nonexistent.fq"
sheet truncated_gzip "$good" "b|$d/truncated1.fq.gz|$b2"
run_case truncated_gzip 1 "truncated1.fq.gz"
grep -q 'truncated\|unexpected end' "$WORK/truncated_gzip.err" && pass "truncated_gzip: the message says truncated" \
  || fail "truncated_gzip: message does not say truncated: $(cat "$WORK/truncated_gzip.err")"
sheet wrong_columns "$good" "b|$d/b1.fq"
run_case wrong_columns 1 "wrong_columns.tsv: line 2: expected three tab-separated columns"
run_case missing_sheet 1 "missing_sheet.tsv: cannot be read"

# Bad options: exit status 2, nothing written.
for name in primers_and_without bad_chimera_rule read_sizes_half bad_fraction; do sheet $name "$good"; done
run_case primers_and_without 2 "--without-primers: not with --five-prime or --three-prime" --five-prime ACGT
run_case bad_chimera_rule 2 "--chimera maybe: must be strict, lenient or none" --chimera maybe
run_case read_sizes_half 2 "--read1-size and --read2-size go together" --read1-size 250
run_case bad_fraction 2 "--min-abundance 1.5" --min-abundance 1.5
finish
