#!/usr/bin/env bash
# db and taxonomy: bad input gets one "plateau-amplicon: error:" line naming the file and the
# record, exit status 1 and no output left (no index, no TSV, no temporary file); bad options exit 2.
source "$(dirname "$0")/../lib.sh"

seq=ACGTACGGCTAGCTAGGATCGATCGACTAGCTAGCATCGGGATCGATTACGACTAGCAGCGATCGACTGACTGATCG
good=">r1;tax=d:Bacteria,p:Firmicutes,g:Bacillus;\n$seq\n>r2;tax=d:Bacteria,p:Proteobacteria,g:Vibrio;\n${seq}TT\n"
db_case() {  # db_case NAME STATUS EXPECTED FASTA_CONTENT [options]
  local name=$1 status=$2 expect=$3 fasta=$4; shift 4
  local out=$WORK/out.$name; mkdir -p "$out"
  printf "$fasta" > "$WORK/$name.fa"
  "$TOOL_BIN" db "$WORK/$name.fa" -o "$out/x.db" "$@" 2> "$WORK/$name.err" > /dev/null
  check_failure "$name" "$status" "$expect" "$out"
}
db_case malformed_tax 1 "malformed_tax.fa: record 2: malformed taxonomy entry 'x=Firmicutes'" \
  ">r1;tax=d:Bacteria;\n$seq\n>r2;tax=d:Bacteria,x=Firmicutes;\n$seq\n"
db_case unknown_letter 1 "unknown_letter.fa: record 1: malformed taxonomy entry 'z:Foo'" ">r1;tax=d:Bacteria,z:Foo;\n$seq\n"
db_case no_tax 1 "no_tax.fa: record 2: no ;tax= taxonomy in the header" ">r1;tax=d:Bacteria;\n$seq\n>r2\n$seq\n"
db_case skipped_rank 1 "skipped_rank.fa: record 2 (r2): rank phylum missing above genus 'Vibrio'" \
  ">r1;tax=d:Bacteria,p:Firmicutes,g:Bacillus;\n$seq\n>r2;tax=d:Bacteria,g:Vibrio;\n$seq\n"
db_case conflict 1 "genus 'Bacillus' is under phylum 'Firmicutes' (r1) and 'Proteobacteria' (r2)" \
  ">r1;tax=d:Bacteria,p:Firmicutes,g:Bacillus;\n$seq\n>r2;tax=d:Bacteria,p:Proteobacteria,g:Bacillus;\n$seq\n"
db_case dada2_gap 1 "dada2_gap.fa: record 2 (ref_2): rank class missing above order 'Bacillales'" \
  ">Bacteria;Firmicutes;Bacilli;Bacillales;\n$seq\n>Bacteria;Firmicutes;;Bacillales;\n$seq\n"
db_case duplicate_id 1 "duplicate_id.fa: record 2 (r1): id given twice" ">r1;tax=d:Bacteria;\n$seq\n>r1;tax=d:Bacteria;\n$seq\n"
db_case bad_letter 1 "bad_letter.fa: record 1 (r1): letter 'J' is not a nucleotide (IUPAC) code" ">r1;tax=d:Bacteria;\nACGJ\n"
db_case empty_db 1 "empty_db.fa: empty file" ""
db_case ranks_count 1 "--ranks names 2 ranks but the lineages have 3" "$good" --ranks a,b
db_case bad_layout 2 "--layout: 'xml' is not one of" "$good" --layout xml
# --allow-conflicts keeps the names, with a warning naming both parents
printf ">r1;tax=d:Bacteria,p:Firmicutes,g:Bacillus;\n$seq\n>r2;tax=d:Bacteria,p:Proteobacteria,g:Bacillus;\n$seq\n" > "$WORK/c.fa"
"$TOOL_BIN" db "$WORK/c.fa" -o "$WORK/c.db" --allow-conflicts 2> "$WORK/c.err" > /dev/null
check "--allow-conflicts: index written, conflict reported" \
  bash -c "test -s '$WORK/c.db' && grep -q \"'Firmicutes' (r1) and 'Proteobacteria' (r2)\" '$WORK/c.err'"

printf "$good" > "$WORK/good.fa"
"$TOOL_BIN" db --quiet "$WORK/good.fa" -o "$WORK/good.db"
tax_case() {  # tax_case NAME STATUS EXPECTED QUERY_CONTENT DB [options]
  local name=$1 status=$2 expect=$3 query=$4 db=$5; shift 5
  local out=$WORK/out.$name; mkdir -p "$out"
  printf "$query" > "$WORK/$name.q.fa"
  [[ " $* " == *" --method "* ]] || set -- --method sintax "$@"
  "$TOOL_BIN" taxonomy --db "$db" -i "$WORK/$name.q.fa" -o "$out/a.tsv" "$@" 2> "$WORK/$name.err" > /dev/null
  check_failure "$name" "$status" "$expect" "$out"
}
tax_case query_letter 1 "query_letter.q.fa: record 2 (q2): letter 'N' is not A, C, G or T" \
  ">q1\n$seq\n>q2\nACGTN$seq\n" "$WORK/good.db" --tabbedout "$WORK/out.query_letter/t.tsv"
tax_case query_rdp_letter 1 "record 1 (q1): letter 'R' is not A, C, G or T" ">q1\nACGR$seq\n" "$WORK/good.db" --method rdp
tax_case duplicate_query 1 "query id 'q1' given twice" ">q1\n$seq\n>q1\n$seq\n" "$WORK/good.db"
head -c 1000 "$WORK/good.db" > "$WORK/truncated.db"
tax_case truncated_db 1 "truncated.db: truncated db index" ">q1\n$seq\n" "$WORK/truncated.db"
printf "$good" > "$WORK/fasta_as.db"
tax_case not_an_index 1 "fasta_as.db: not a plateau-amplicon db index (bad magic)" ">q1\n$seq\n" "$WORK/fasta_as.db"
tax_case missing_db 1 "nonexistent.db: cannot open the database index" ">q1\n$seq\n" "$WORK/nonexistent.db"
tax_case bad_method 2 "--method: 'blast' is not one of align, sintax, rdp" ">q1\n$seq\n" "$WORK/good.db" --method blast
tax_case bad_cutoff 2 "--cutoff must be in [0, 1]" ">q1\n$seq\n" "$WORK/good.db" --cutoff 1.5
tax_case bad_strand 2 "--strand: 'minus' is not plus or both" ">q1\n$seq\n" "$WORK/good.db" --strand minus
tax_case rdp_tabbedout 2 "--tabbedout is SINTAX's table" ">q1\n$seq\n" "$WORK/good.db" --method rdp --tabbedout "$WORK/t.tsv"
# IUPAC codes are accepted with --allow-ambiguous
printf ">q1\nACGTN$seq\n" > "$WORK/amb.fa"
check "--allow-ambiguous accepts N" "$TOOL_BIN" taxonomy --quiet --method sintax --db "$WORK/good.db" -i "$WORK/amb.fa" -o "$WORK/amb.tsv" --allow-ambiguous
finish
