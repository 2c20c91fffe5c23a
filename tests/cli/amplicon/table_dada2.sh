#!/usr/bin/env bash
# table on real MiSeq 16S V4 reads (r-bioc-dada2 sam1/sam2): pairs merged by vsearch 2.22.1, then
# plateau-amplicon derep, cluster (-f -z) and table. Checked independently of our code: per-sample
# totals read back by the biom-format Python package and by phyloseq's import_biom equal the
# merged reads counted with awk; the TSV's sums; the seeds equal swarm-style -w seeds of the same
# clusters; -o and -u inputs give the same BIOM; the filters against an awk statement of FROGS'
# rules; the HTML report loads nothing from the network.
source "$(dirname "$0")/../lib.sh"
extdata=usr/lib/R/site-library/dada2/extdata
export SOURCE_DATE_EPOCH=1767225600
samples=()
for s in sam1 sam2; do
  f=$(debfile r-bioc-dada2 $extdata/${s}F.fastq.gz) || exit 1
  r=$(debfile r-bioc-dada2 $extdata/${s}R.fastq.gz) || exit 1
  vsearch --quiet --fastq_mergepairs "$f" --reverse "$r" --fastq_maxdiffs 30 --fastq_maxdiffpct 10 --threads 1 \
    --fastqout "$WORK/$s.fq" 2> /dev/null || { fail "vsearch --fastq_mergepairs $s"; finish; exit; }
  samples+=(--sample "$s=$WORK/$s.fq")
done
# Independent per-sample read counts: FASTQ records of at least 32 nt (derep's --minseqlength).
expected=$(for s in sam1 sam2; do awk 'NR % 4 == 2 && length($0) >= 32 { n++ } END { printf "%d ", n }' "$WORK/$s.fq"; done)
cd "$WORK" || exit 1
"$TOOL_BIN" derep --quiet "${samples[@]}" --relabel_sha1 -o derep.fa --counts counts.tsv || { fail "derep"; finish; exit; }
"$TOOL_BIN" cluster --quiet -f -z -o swarms.txt -u swarms.uc -w swarm_seeds.fa derep.fa || { fail "cluster"; finish; exit; }
"$TOOL_BIN" table --quiet --clusters swarms.txt --fasta derep.fa --counts counts.tsv --biom t.biom --tsv t.tsv \
  --seeds seeds.fa --composition composition.txt --excluded excluded.tsv --json report.json --html report.html \
  || { fail "table"; finish; exit; }

got=$($PY -c 'import biom, sys; t = biom.load_table("t.biom"); print(" ".join(str(int(x)) for x in t.sum(axis="sample")), end=" ")')
check "biom-format reads the BIOM: per-sample totals $got = merged reads $expected" [ "$got" = "$expected" ]
got=$(Rscript -e 'suppressMessages(library(phyloseq)); cat(sample_sums(import_biom("t.biom")), "")' 2> "$WORK/r.err")
check "phyloseq import_biom reads it: totals $got = $expected" [ "$got" = "$expected" ]
got=$(awk -F'\t' 'NR > 1 { a += $6; b += $7; if ($5 != $6 + $7) bad++ } END { printf "%d %d %d ", a, b, bad }' t.tsv)
check "TSV per-sample sums and observation_sum: $got" [ "$got" = "${expected}0 " ]
check "TSV header in FROGS' abundance.tsv layout" [ "$(head -1 t.tsv)" = "$(printf '#comment\tseed_id\tseed_sequence\tobservation_name\tobservation_sum\tsam1\tsam2')" ]
check "seeds are the clusters' seeds (as swarm -w gives them)" \
  cmp -s <(grep -v '^>' seeds.fa | sort) <(awk '!/^>/ { print toupper($0) }' swarm_seeds.fa | sort)
check "composition is the cluster list, line i = Cluster_i" cmp -s composition.txt swarms.txt
"$TOOL_BIN" table --quiet --clusters swarms.uc --fasta derep.fa --counts counts.tsv --biom uc.biom || fail "table from -u"
check "-u (uclust) input gives the same BIOM as -o" cmp -s uc.biom t.biom

# Filters: FROGS' rules stated in awk on the unfiltered TSV, compared with excluded.tsv.
"$TOOL_BIN" table --quiet --clusters swarms.txt --fasta derep.fa --counts counts.tsv --biom f.biom --tsv f.tsv \
  --excluded excluded.tsv --min-abundance 0.005 --min-sample-presence 2 || fail "table with filters"
awk -F'\t' 'NR == FNR { if (FNR > 1) total += $5; next } FNR > 1 { r = ""
  if ($5 < 0.005 * total) r = "min_abundance"; if (($6 > 0) + ($7 > 0) < 2) r = r (r == "" ? "" : ",") "min_sample_presence"
  if (r != "") print $4 "\t" r }' t.tsv t.tsv > want_excluded.txt
check "excluded.tsv = FROGS' rules ($(wc -l < want_excluded.txt) clusters)" \
  cmp -s want_excluded.txt <(awk -F'\t' 'NR > 1 { print $1 "\t" $5 }' excluded.tsv)
check "filtered TSV keeps exactly the others" [ "$(($(wc -l < f.tsv) + $(wc -l < want_excluded.txt)))" -eq "$(wc -l < t.tsv)" ]

# Report: per-sample funnel, self-contained HTML.
got=$($PY -c 'import json; r = json.load(open("report.json")); print(" ".join(str(x) for x in r["funnel"][0]["reads"]), r["plateau"]["schema_version"], end=" ")')
check "report.json: dereplicated reads per sample $got" [ "$got" = "${expected}1 " ]
check "report.html loads nothing from the network" bash -c "! grep -Eiq '(src|href)=[\"'\'']?(https?:)?//' report.html"
check "report.html draws its plots inline" grep -q '<svg' report.html
finish
