#!/usr/bin/env bash
# merge, bad input: one "plateau-amplicon: error:" line naming the file and the record (or pair),
# exit status 1, and no output file left behind (nor temporary files). Bad options: exit status 2.
source "$(dirname "$0")/../lib.sh"
"$PY" "$SRC/bench/amplicon/simulate_pairs.py" --pairs 8000 --seed 7 --out1 "$WORK/r1.fq" --out2 "$WORK/r2.fq"
gzip -1 -c "$WORK/r1.fq" > "$WORK/r1.fq.gz"
head -c $(( $(stat -c %s "$WORK/r1.fq.gz") * 3 / 4 )) "$WORK/r1.fq.gz" > "$WORK/truncated.fq.gz"
head -n 20000 "$WORK/r2.fq" > "$WORK/short2.fq"                                   # 5,000 records
awk 'NR == 4001 { sub(/^@sim1001/, "@sim9999") } { print }' "$WORK/r2.fq" > "$WORK/renamed2.fq"  # record 1001
awk 'NR == 2004 { $0 = substr($0, 1, 9) " " substr($0, 11) } { print }' "$WORK/r1.fq" > "$WORK/badqual1.fq"  # record 501
awk 'NR == 1204 { $0 = "K" substr($0, 2) } { print }' "$WORK/r2.fq" > "$WORK/q42.fq"  # record 301, Q42
: > "$WORK/empty1.fq"; : > "$WORK/empty2.fq"

merge_case() {  # NAME STATUS EXPECTED [merge options]
  local name=$1 status=$2 expect=$3; shift 3
  local out=$WORK/out.$name; mkdir -p "$out"
  "$TOOL_BIN" merge "$@" --fastqout "$out/m.fq.gz" --fastaout "$out/m.fa" --fastqout_notmerged_fwd "$out/nf.fq" \
    --report "$out/r.json" 2> "$WORK/$name.err"
  check_failure "$name" "$status" "$expect" "$out"
}
merge_case fewer_reverse_reads 1 "short2.fq ends after record 5000 but $WORK/r1.fq has record 5001" \
  --fastq_mergepairs "$WORK/r1.fq" --reverse "$WORK/short2.fq"
merge_case fewer_forward_reads 1 "short2.fq ends after record 5000 but $WORK/r2.fq has record 5001" \
  --fastq_mergepairs "$WORK/short2.fq" --reverse "$WORK/r2.fq" --fastq_maxdiffs 1000
merge_case names_out_of_step 1 "pair 1001: mate names differ ('sim1001' vs 'sim9999')" \
  --fastq_mergepairs "$WORK/r1.fq" --reverse "$WORK/renamed2.fq"
merge_case truncated_gzip 1 "truncated.fq.gz" --fastq_mergepairs "$WORK/truncated.fq.gz" --reverse "$WORK/r2.fq" -t 3
grep -q 'truncated\|unexpected end' "$WORK/truncated_gzip.err" && pass "truncated_gzip: the message says truncated" \
  || fail "truncated_gzip: message does not say truncated: $(cat "$WORK/truncated_gzip.err")"
merge_case missing_file 1 "nonexistent.fq" --fastq_mergepairs "$WORK/r1.fq" --reverse "$WORK/nonexistent.fq"
merge_case invalid_quality_char 1 "badqual1.fq: record 501" --fastq_mergepairs "$WORK/badqual1.fq" --reverse "$WORK/r2.fq"
merge_case quality_above_qmax 1 "q42.fq: record 301: quality value 42 at position 1 above --fastq_qmax 41" \
  --fastq_mergepairs "$WORK/r1.fq" --reverse "$WORK/q42.fq" -t 4
merge_case empty_sample 1 "empty1.fq: empty file" --sample ok="$WORK/r1.fq,$WORK/r2.fq" --sample e="$WORK/empty1.fq,$WORK/empty2.fq"
printf 'a\t%s\n' "$WORK/r1.fq" > "$WORK/sheet.tsv"
merge_case bad_sheet 1 "sheet.tsv: line 1: expected three tab-separated columns" --samples "$WORK/sheet.tsv"
printf 'a\t%s\t%s\na\t%s\t%s\n' "$WORK/r1.fq" "$WORK/r2.fq" "$WORK/r1.fq" "$WORK/r2.fq" > "$WORK/sheet2.tsv"
merge_case duplicate_in_sheet 1 "sheet2.tsv: line 2: duplicate sample name 'a'" --samples "$WORK/sheet2.tsv"
merge_case minovlen_4 2 "--fastq_minovlen 4: must be between 5" --fastq_mergepairs "$WORK/r1.fq" --reverse "$WORK/r2.fq" --fastq_minovlen 4
merge_case ascii_50 2 "--fastq_ascii 50: must be 33 or 64" --fastq_mergepairs "$WORK/r1.fq" --reverse "$WORK/r2.fq" --fastq_ascii 50
merge_case duplicate_sample 2 "--sample a: duplicate sample name" --sample a="$WORK/r1.fq,$WORK/r2.fq" --sample a="$WORK/r1.fq,$WORK/r2.fq"
merge_case sample_syntax 2 "expected NAME=R1,R2" --sample a="$WORK/r1.fq"
finish
