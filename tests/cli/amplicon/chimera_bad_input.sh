#!/usr/bin/env bash
# chimera: bad input gets one "plateau-amplicon: error:" line naming the file and the record or
# line, exit status 1 and no output file left; bad options exit 2.
source "$(dirname "$0")/../lib.sh"

good=">a;size=9\nACGTACGTACGTTTGACCA\n>b;size=3\nACGTACGTACGTTTGACCC\n"
table="#id\ts1\ts2\na\t4\t5\nb\t3\t0\n"
# chimera_case NAME STATUS EXPECTED FASTA_CONTENT TABLE_CONTENT(or -) [options]
chimera_case() {
  local name=$1 status=$2 expect=$3 fasta=$4 counts=$5; shift 5
  local out=$WORK/out.$name; mkdir -p "$out"
  printf "$fasta" > "$WORK/$name.fa"
  local table_opts=()
  if [ "$counts" != - ]; then
    printf "$counts" > "$WORK/$name.tsv"
    table_opts=(--counts "$WORK/$name.tsv" --counts-out "$out/kept.tsv")
  fi
  "$TOOL_BIN" chimera "$WORK/$name.fa" "${table_opts[@]}" "$@" --uchimeout "$out/out.tsv" --nonchimeras "$out/kept.fa" \
    --chimeras "$out/chim.fa" 2> "$WORK/$name.err" > /dev/null
  check_failure "$name" "$status" "$expect" "$out"
}

chimera_case missing_abundance 1 "missing_abundance.fa: record 2: abundance annotation ;size=N not found in 'b'" \
  ">a;size=9\nACGT\n>b\nACGA\n" -
chimera_case zero_abundance 1 "zero_abundance.fa: record 1 ('a;size=0'): abundance size=0" ">a;size=0\nACGT\n" -
chimera_case empty_file 1 "empty_file.fa: empty file" "" -
chimera_case empty_sequence 1 "empty_sequence.fa: record 2 ('b;size=3'): empty sequence" ">a;size=9\nACGT\n>b;size=3\n>c;size=1\nAC\n" -
chimera_case bad_letter 1 "bad_letter.fa: record 1 ('a;size=9'): illegal character 'J'" ">a;size=9\nACJT\n" -
chimera_case not_in_table 1 "not_in_table.fa: record 2 ('c;size=3'): no row 'c' in the count table" \
  ">a;size=9\nACGTACGTACGTTTGACCA\n>c;size=3\nACGTACGTACGTTTGACCC\n" "$table"
chimera_case row_without_record 1 "row_without_record.tsv: line 3: 'b' has no record in" ">a;size=9\nACGTACGTACGTTTGACCA\n" "$table"
chimera_case size_mismatch 1 "size_mismatch.fa: record 1 ('a;size=9'): size=9 but its row in" \
  "$good" "#id\ts1\ts2\na\t4\t4\nb\t3\t0\n"
chimera_case short_row 1 "short_row.tsv: line 2: 2 columns, the header has 3" "$good" "#id\ts1\ts2\na\t9\nb\t3\t0\n"
chimera_case bad_count 1 "bad_count.tsv: line 3: 'x' is not a count" "$good" "#id\ts1\ts2\na\t4\t5\nb\tx\t0\n"
chimera_case no_header 1 "no_header.tsv: line 1: expected a header" "$good" "a\t4\t5\n"
chimera_case duplicate_row 1 "duplicate_row.tsv: line 3: duplicate identifier 'a'" "$good" "#id\ts1\na\t9\na\t3\n"
mkdir -p "$WORK/out.missing_file"
"$TOOL_BIN" chimera "$WORK/nonexistent.fa" --nonchimeras "$WORK/out.missing_file/k.fa" 2> "$WORK/missing_file.err"
check_failure missing_file 1 "nonexistent.fa" "$WORK/out.missing_file"

# Bad options: exit 2, one line
chimera_case minh_0 2 "--minh 0.000000: must be > 0" "$good" - --minh 0
chimera_case xn_1 2 "--xn 1.000000: must be > 1" "$good" - --xn 1
chimera_case borderline_per_sample 2 "--borderline and --uchimealns are single-sample outputs" "$good" "$table" --borderline "$WORK/b.fa"
chimera_case lenient_single 2 "--counts-out and --lenient need --counts" "$good" - --lenient
finish
