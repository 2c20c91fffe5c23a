#!/usr/bin/env bash
# Lambda phage from bowtie2's example reads (Debian bowtie2-examples: 10,000 simulated pairs of a
# lambda genome that differs from NC_001416 by variants and by segments in another order and
# orientation, with reads across every junction) assembles into one contig
# (issue 12, acceptance 2). Checked without plateau-assemble's code: minimap2 places the contig over
# >= 99 % of the NC_001416 reference, every 40-base window of it (every 500 bases) occurs in the
# reads, so the rearranged junctions are the sample's and not joins of ours; same bytes at 1 and 2
# threads.
source "$(dirname "$0")/../lib.sh"
here=$(dirname "$0")
ex=usr/share/doc/bowtie2/examples
r1=$(debfile bowtie2-examples $ex/reads/reads_1.fq.gz) || exit 1
r2=$(debfile bowtie2-examples $ex/reads/reads_2.fq.gz) || exit 1
ref_gz=$(debfile bowtie2-examples $ex/reference/lambda_virus.fa.gz) || exit 1
zcat "$ref_gz" > "$WORK/ref.fa"
ref_len=$(grep -v '>' "$WORK/ref.fa" | tr -d '\n' | wc -c)

"$TOOL_BIN" -1 "$r1" -2 "$r2" -o "$WORK/t1" -t 1 2> "$WORK/t1.err"
check "assembles (exit 0)" [ -s "$WORK/t1/contigs.fa" ]
n=$(grep -c '>' "$WORK/t1/contigs.fa")
len=$(grep -v '>' "$WORK/t1/contigs.fa" | tr -d '\n' | wc -c)
check "one contig (got $n)" [ "$n" -eq 1 ]
check "its length within 1 % of the reference's ($len of $ref_len bp)" \
  awk -v a="$len" -v b="$ref_len" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= b / 100) }'
minimap2 -c --secondary=no -x asm5 "$WORK/ref.fa" "$WORK/t1/contigs.fa" > "$WORK/t1.paf" 2> /dev/null
cov=$($PY "$here/contig_support.py" coverage "$WORK/t1.paf" "$ref_len")
check "minimap2 places it over >= 99 % of the reference ($cov %)" awk -v c="$cov" 'BEGIN { exit !(c >= 99) }'
windows=$($PY "$here/contig_support.py" reads "$WORK/t1/contigs.fa" "$r1" "$r2" 2> "$WORK/support.err")
check "every sampled window occurs in the reads (${windows:-0} windows; $(cat "$WORK/support.err"))" [ -n "$windows" ]
"$TOOL_BIN" -1 "$r1" -2 "$r2" -o "$WORK/t2" -t 2 2> /dev/null
check "contigs.fa identical at 1 and 2 threads" cmp -s "$WORK/t1/contigs.fa" "$WORK/t2/contigs.fa"
finish
