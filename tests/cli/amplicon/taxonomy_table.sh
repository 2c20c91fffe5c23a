#!/usr/bin/env bash
# taxonomy -> affiliation-filter -> table --taxonomy on real MiSeq 16S V4 reads (r-bioc-dada2
# sam1/sam2, merged by vsearch 2.22.1; derep, cluster -f, table --seeds) against ten_16s.100.fa.gz.
# Checked independently of our code: the biom-format Python package and phyloseq's import_biom
# read the BIOM's taxonomy and give back our TSV's lineages and totals; abundance.tsv's FROGS
# columns equal the affiliation TSV's; the filters against an awk statement of the rules; table
# with --exclude impacted.tsv drops exactly the deleted rows; bad input (ids that match no row, a
# kept row without affiliation, non-ACGT queries, a reference without taxonomy, an empty one):
# one error line, exit 1, nothing written.
source "$(dirname "$0")/../lib.sh"
extdata=usr/lib/R/site-library/dada2/extdata
export SOURCE_DATE_EPOCH=1767225600
command -v vsearch > /dev/null || { echo "SKIP: vsearch is not installed"; exit 0; }
db=$(debfile r-bioc-dada2 $extdata/ten_16s.100.fa.gz) || exit 1
samples=()
for s in sam1 sam2; do
  f=$(debfile r-bioc-dada2 $extdata/${s}F.fastq.gz) || exit 1
  r=$(debfile r-bioc-dada2 $extdata/${s}R.fastq.gz) || exit 1
  vsearch --quiet --fastq_mergepairs "$f" --reverse "$r" --fastq_maxdiffs 30 --fastq_maxdiffpct 10 --threads 1 \
    --fastqout "$WORK/$s.fq" 2> /dev/null || { fail "vsearch --fastq_mergepairs $s"; finish; exit; }
  samples+=(--sample "$s=$WORK/$s.fq")
done
cd "$WORK" || exit 1
"$TOOL_BIN" derep --quiet "${samples[@]}" --relabel_sha1 -o derep.fa --counts counts.tsv || { fail "derep"; finish; exit; }
"$TOOL_BIN" cluster --quiet -f -z -o swarms.txt derep.fa || { fail "cluster"; finish; exit; }
table=(table --quiet --clusters swarms.txt --fasta derep.fa --counts counts.tsv)
"$TOOL_BIN" "${table[@]}" --biom plain.biom --seeds seeds.fa || { fail "table --seeds"; finish; exit; }
"$TOOL_BIN" taxonomy --quiet --method align --ref-fasta "$db" -i seeds.fa -o aff.tsv --multi-hits multi.tsv \
  || { fail "taxonomy"; finish; exit; }
"$TOOL_BIN" "${table[@]}" --taxonomy aff.tsv --biom t.biom --tsv t.tsv || { fail "table --taxonomy"; finish; exit; }
rows=$(grep -c '>' seeds.fa)
check "affiliation TSV: one row per seed ($rows)" [ "$(awk 'NR > 2' aff.tsv | wc -l)" -eq "$rows" ]

# Independent readers: lineages and totals back from the BIOM.
awk -F'\t' 'NR > 2 { print $1 "\t" $2 }' aff.tsv | sort > want_tax.txt
$PY -c '
import biom
t = biom.load_table("t.biom")
for oid in t.ids(axis="observation"):
    print(oid + "\t" + ";".join(t.metadata(oid, axis="observation")["taxonomy"]))' | sort > biom_tax.txt
check "biom-format reads the BIOM's taxonomy: every lineage equals the affiliation TSV's" cmp -s want_tax.txt biom_tax.txt
if Rscript -e 'suppressMessages(library(phyloseq))' > /dev/null 2>&1; then
  Rscript -e 'suppressMessages(library(phyloseq)); p <- import_biom("t.biom"); m <- as(tax_table(p), "matrix")
    m[is.na(m)] <- ""; cat(paste0(rownames(m), "\t", apply(m, 1, paste, collapse = ";"), "\n"), sep = "")
    cat(ntaxa(p), sum(sample_sums(p)), "\n", file = "r_sums.txt")' 2> r.err | sort > r_tax.txt
  check "phyloseq import_biom reads the taxonomy: every lineage equals the affiliation TSV's" cmp -s want_tax.txt r_tax.txt
  got=$(cat r_sums.txt 2> /dev/null)
  check "phyloseq: $got taxa and reads = the TSV's" [ "$got" = "$rows $(awk -F'\t' 'NR > 1 { n += $9 } END { print n }' t.tsv) " ]
else
  echo "SKIP: R or phyloseq (r-bioc-phyloseq) is not installed: import_biom not checked"
fi
check "abundance.tsv: FROGS' taxonomy columns after #comment" \
  [ "$(head -1 t.tsv | cut -f1-7)" = "$(printf '#comment\tblast_taxonomy\tblast_perc_identity\tblast_perc_query_coverage\tblast_hits\tseed_id\tseed_sequence')" ]
check "abundance.tsv: taxonomy, identity, coverage, hits equal the affiliation TSV's" \
  cmp -s <(awk -F'\t' 'NR > 2 { print $1, $2, $4, $5, $6 }' aff.tsv | sort) \
         <(awk -F'\t' 'NR > 1 { print $8, $2, $3, $4, $5 }' t.tsv | sort)

# affiliation-filter: the rules restated in awk; mask keeps every row, delete + --exclude drops them.
"$TOOL_BIN" affiliation-filter --quiet -i aff.tsv -o masked.tsv --impacted impacted_mask.tsv --min-identity 99 --min-coverage 100 \
  || fail "affiliation-filter --mask"
awk -F'\t' 'NR > 2 && ($6 == 0 || $4 < 99 || $5 < 100) { print $1 }' aff.tsv > want_impacted.txt
check "impacted rows = identity < 99 or coverage < 100 ($(wc -l < want_impacted.txt) rows)" \
  cmp -s want_impacted.txt <(awk -F'\t' 'NR > 1 { print $1 }' impacted_mask.tsv)
check "mask empties exactly those rows" cmp -s want_impacted.txt <(awk -F'\t' 'NR > 2 && $2 ~ /^;*$/ { print $1 }' masked.tsv)
"$TOOL_BIN" affiliation-filter --quiet -i aff.tsv -o deleted.tsv --impacted impacted.tsv --min-identity 99 --min-coverage 100 --delete \
  || fail "affiliation-filter --delete"
"$TOOL_BIN" "${table[@]}" --taxonomy deleted.tsv --exclude impacted.tsv --biom d.biom --tsv d.tsv || fail "table --exclude impacted.tsv"
check "table drops exactly the deleted rows" \
  cmp -s <(awk -F'\t' 'NR > 2 { print $1 }' deleted.tsv | sort) <(awk -F'\t' 'NR > 1 { print $8 }' d.tsv | sort)

# Bad input: one error line, exit 1, nothing written.
mkdir out
{ head -2 aff.tsv; awk -F'\t' 'NR > 2 { $1 = $1 "x"; print }' OFS='\t' aff.tsv; } > wrong_ids.tsv
"$TOOL_BIN" "${table[@]}" --taxonomy wrong_ids.tsv --biom out/t.biom --tsv out/t.tsv 2> "$WORK/wrong_ids.err"
check_failure wrong_ids 1 "names no row of the table" out
head -3 aff.tsv > short.tsv
"$TOOL_BIN" "${table[@]}" --taxonomy short.tsv --biom out/t.biom 2> "$WORK/missing.err"
check_failure missing 1 "no affiliation for Cluster_2" out
printf '>q1\nACGTNACGT\n' > n.fa
"$TOOL_BIN" taxonomy --method align --ref-fasta "$db" -i n.fa -o out/a.tsv 2> "$WORK/query_n.err"
check_failure query_n 1 "n.fa: record 1 ('q1'): letter 'N' at position 5" out
printf '>r1\nACGTACGTACGT\n' > notax.fa
"$TOOL_BIN" taxonomy --method align --ref-fasta notax.fa -i seeds.fa -o out/a.tsv 2> "$WORK/ref_notax.err"
check_failure ref_notax 1 "notax.fa: record 1: no ';tax=' field" out
: > empty.fa
"$TOOL_BIN" taxonomy --method align --ref-fasta empty.fa -i seeds.fa -o out/a.tsv 2> "$WORK/ref_empty.err"
check_failure ref_empty 1 "empty.fa: empty file" out
finish
