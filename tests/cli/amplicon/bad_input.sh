#!/usr/bin/env bash
# Bad input: one "plateau-amplicon: error:" line naming the file and the record, exit status 1,
# and no output file left (nor temporary files). Bad options: exit status 2.
source "$(dirname "$0")/../lib.sh"

good=">a_3\nACGTACGTAC\n>b_2\nACGTACGTAA\n>c_1\nTTGTACGTAA\n"
# cluster_case NAME EXPECTED_TEXT FASTA_CONTENT [options]
cluster_case() {
  local name=$1 expect=$2 content=$3; shift 3
  local out=$WORK/out.$name; mkdir -p "$out"
  printf "$content" > "$WORK/$name.fa"
  "$TOOL_BIN" cluster "$@" -o "$out/o" -s "$out/s" -w "$out/w" -u "$out/u" -i "$out/i" "$WORK/$name.fa" 2> "$WORK/$name.err"
  check_failure "$name" 1 "$expect" "$out"
}

cluster_case non_acgtu "non_acgtu.fa: record 2 (line 3), line 4: illegal character 'N'" ">a_3\nACGTACGTAC\n>b_2\nACGTNCGTAA\n"
cluster_case iupac "iupac.fa: record 1 (line 1), line 3: illegal character 'R'" ">a_3\nACGTACGTAC\nACR\n"
cluster_case duplicate_label "duplicate_label.fa: record 4 (line 7): duplicated sequence identifier 'a'" "$good>a_7\nGGGG\n"
cluster_case duplicate_sequence "duplicate_sequence.fa: records at lines 1 and 7" "$good>d_9\nacgtacgtac\n"
cluster_case missing_abundance "missing_abundance.fa: record 2 (line 3): abundance annotation not found in 'b'" ">a_3\nACGT\n>b\nACGA\n"
cluster_case missing_size "missing_size.fa: record 1 (line 1): abundance annotation not found in 'a_3'" "$good" -z
cluster_case zero_abundance "zero_abundance.fa: record 1 (line 1): illegal abundance value" ">a_0\nACGT\n"
cluster_case empty_file "empty_file.fa: empty input" ""
cluster_case empty_sequence "empty_sequence.fa: record 2 (line 3): empty sequence" ">a_3\nACGT\n>b_1\n>c_1\nAC\n"
cluster_case no_header "no_header.fa: line 1: expected a FASTA header" "ACGT\n"
mkdir -p "$WORK/out.missing_file"
"$TOOL_BIN" cluster -o "$WORK/out.missing_file/o" "$WORK/nonexistent.fa" 2> "$WORK/missing_file.err"
check_failure missing_file 1 "nonexistent.fa: cannot open" "$WORK/out.missing_file"

# derep: a truncated gzip (large enough that reading is well under way), an empty sample, a missing file.
awk 'BEGIN { srand(3); for (i = 1; i <= 60000; i++) { s = ""; for (j = 0; j < 40; j++) s = s substr("ACGT", int(rand() * 4) + 1, 1);
  print "@t" i; print s; print "+"; print "IIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII" } }' | gzip -1 > "$WORK/full.fq.gz"
head -c $(( $(stat -c %s "$WORK/full.fq.gz") * 3 / 4 )) "$WORK/full.fq.gz" > "$WORK/truncated.fq.gz"
derep_case() {  # NAME STATUS EXPECTED [derep options]
  local name=$1 status=$2 expect=$3; shift 3
  local out=$WORK/out.$name; mkdir -p "$out"
  "$TOOL_BIN" derep "$@" -o "$out/derep.fa" --counts "$out/counts.tsv" 2> "$WORK/$name.err"
  check_failure "$name" "$status" "$expect" "$out"
}
: > "$WORK/empty.fq"
derep_case truncated_gzip 1 "$WORK/truncated.fq.gz" --sample ok="$WORK/full.fq.gz" --sample bad="$WORK/truncated.fq.gz"
grep -q 'truncated\|unexpected end' "$WORK/truncated_gzip.err" && pass "truncated_gzip: the message says truncated" \
  || fail "truncated_gzip: message does not say truncated: $(cat "$WORK/truncated_gzip.err")"
derep_case empty_sample 1 "empty.fq" --sample ok="$WORK/full.fq.gz" --sample empty="$WORK/empty.fq"
derep_case missing_sample_file 1 "nonexistent.fq" --sample a="$WORK/nonexistent.fq"
derep_case duplicate_sample 2 "--sample a: duplicate sample name" --sample a="$WORK/full.fq.gz" --sample a="$WORK/full.fq.gz"
printf 'a\tb\tc\n' > "$WORK/sheet.tsv"
derep_case bad_sheet 1 "sheet.tsv: line 1: expected two tab-separated columns" --samples "$WORK/sheet.tsv"
printf '# name\tpath\ns1\t%s\ns1\t%s\n' "$WORK/full.fq.gz" "$WORK/full.fq.gz" > "$WORK/sheet2.tsv"
derep_case duplicate_in_sheet 1 "sheet2.tsv: line 3: duplicate sample name 's1'" --samples "$WORK/sheet2.tsv"
derep_case bad_style 2 "--abundance-style usarch" --sample a="$WORK/full.fq.gz" --abundance-style usarch

# table: every output in the run's folder, none left when the inputs disagree.
printf '>u1;size=3\nACGTACGTAC\n>u2;size=2\nACGTACGTAA\n>u3;size=1\nTTGTACGTAA\n' > "$WORK/t.derep.fa"
printf '#id\ts1\ts2\nu1\t2\t1\nu2\t0\t2\nu3\t1\t0\n' > "$WORK/t.counts.tsv"
table_case() {  # NAME EXPECTED CLUSTERS_CONTENT COUNTS_CONTENT
  local name=$1 expect=$2; local out=$WORK/out.$name; mkdir -p "$out"
  printf "$3" > "$WORK/$name.clusters"; printf "$4" > "$WORK/$name.counts.tsv"
  "$TOOL_BIN" table --clusters "$WORK/$name.clusters" --fasta "$WORK/t.derep.fa" --counts "$WORK/$name.counts.tsv" \
    --biom "$out/t.biom" --tsv "$out/t.tsv" --seeds "$out/s.fa" --composition "$out/c.txt" --excluded "$out/e.tsv" \
    --json "$out/r.json" --html "$out/r.html" 2> "$WORK/$name.err"
  check_failure "$name" 1 "$expect" "$out"
}
counts=$(cat "$WORK/t.counts.tsv")
table_case table_unknown_amplicon "table_unknown_amplicon.clusters: line 2: amplicon 'u9;size=1' is not in the count table" \
  'u1;size=3 u2;size=2\nu9;size=1\n' "$counts\n"
table_case table_count_mismatch "table_count_mismatch.clusters: line 1: amplicon 'u2;size=2' has abundance 2 but 3 reads in the count table" \
  'u1;size=3 u2;size=2\nu3;size=1\n' '#id\ts1\ts2\nu1\t2\t1\nu2\t1\t2\nu3\t1\t0\n'
table_case table_count_columns "table_count_columns.counts.tsv: line 3: 2 columns, the header has 3" \
  'u1;size=3 u2;size=2\nu3;size=1\n' '#id\ts1\ts2\nu1\t2\t1\nu2\t2\nu3\t1\t0\n'
table_case table_twice "table_twice.clusters: line 2: amplicon 'u2;size=2' is already in cluster 1" \
  'u1;size=3 u2;size=2\nu2;size=2 u3;size=1\n' "$counts\n"
table_case table_fasta_mismatch "t.derep.fa: record 3: 'u3;size=1' has abundance 1 but 2 reads in the count table" \
  'u1 u2\nu3\n' '#id\ts1\ts2\nu1\t2\t1\nu2\t0\t2\nu3\t1\t1\n'

# Bad options: exit 2, one line.
option_case() {  # NAME EXPECTED [options]   (validate() errors: one line)
  local name=$1 expect=$2; shift 2
  local out=$WORK/out.$name; mkdir -p "$out"
  printf "$good" > "$WORK/good.fa"
  "$TOOL_BIN" "$@" 2> "$WORK/$name.err" > /dev/null
  check_failure "$name" 2 "$expect" "$out"
}
option_case d256 "-d/--differences 256: must be in the range 0 to 255" cluster -d 256 "$WORK/good.fa"
option_case f_d2 "Fastidious mode (specified with -f or --fastidious) only works when the resolution" cluster -d 2 -f "$WORK/good.fa"
option_case m_d1 "Option -m or --match-reward specified when d < 2." cluster -d 1 -m 2 "$WORK/good.fa"
option_case boundary_without_f "-b/--boundary given without -f" cluster -b 4 "$WORK/good.fa"
option_case boundary_1 "-b/--boundary 1: must be at least 2" cluster -f -b 1 "$WORK/good.fa"
option_case threads_0 "-t/--threads 0" cluster -t 0 "$WORK/good.fa"
option_case table_min_abundance "--min-abundance 1.5: give a count (an integer) or a fraction in (0, 1)" table --clusters x --fasta x --counts x --biom "$WORK/out.table_min_abundance/t.biom" --min-abundance 1.5
# Command-line parse errors are CLI11's (two lines, the second pointing to --help), exit 2.
parse_case() {  # NAME EXPECTED [options]
  local name=$1 expect=$2; shift 2
  "$TOOL_BIN" "$@" 2> "$WORK/$name.err" > /dev/null
  local rc=$?
  if [ "$rc" -eq 2 ] && grep -qF -- "$expect" "$WORK/$name.err"; then pass "$name: exit 2: $(head -1 "$WORK/$name.err")"
  else fail "$name: rc=$rc message='$(cat "$WORK/$name.err")'"; fi
}
parse_case unknown_flag "--nope" cluster --nope "$WORK/good.fa"
parse_case no_subcommand "A subcommand is required" --quiet
finish
