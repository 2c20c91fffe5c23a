#!/usr/bin/env bash
# Unicycler's sample short reads (Debian unicycler-data: 50,200 pairs of 2x125 bp from three
# Shigella sonnei 53G plasmids of 216, 5.2 and 9.0 kbp, circular) against their
# reference (issue 12, acceptance 2). Checked with minimap2, independently of plateau-assemble:
# no contig is a join of distant parts (its longest alignment covers >= 95 % of it, a contig across
# a plasmid's origin counting as one), the contigs cover >= 80 % of the reference, and every sampled
# 40-base window of the contigs occurs in the reads. The set is hard: evaluate's genome fraction is
# 86.7 % for MEGAHIT 1.2.9 (8 misassemblies) and 82.9 % for ours (none) on contigs >= 500 bp.
source "$(dirname "$0")/../lib.sh"
here=$(dirname "$0")
dir=usr/share/unicycler-data/sample_data
r1=$(debfile unicycler-data $dir/short_reads_1.fastq.gz) || exit 1
r2=$(debfile unicycler-data $dir/short_reads_2.fastq.gz) || exit 1
ref=$(debfile unicycler-data $dir/reference.fasta) || exit 1
ref_len=$(grep -v '>' "$ref" | tr -d '\n' | wc -c)

"$TOOL_BIN" -1 "$r1" -2 "$r2" -o "$WORK/asm" -t 2 2> "$WORK/asm.err"
check "assembles (exit 0)" [ -s "$WORK/asm/contigs.fa" ]
minimap2 -c --secondary=no -x asm5 "$ref" "$WORK/asm/contigs.fa" > "$WORK/asm.paf" 2> /dev/null
bad=$($PY "$here/contig_support.py" chimeras "$WORK/asm.paf" 0.95)
check "no contig joins distant parts of the reference ($bad with < 95 % in one alignment)" [ "$bad" = 0 ]
cov=$($PY "$here/contig_support.py" coverage "$WORK/asm.paf" "$ref_len")
check "contigs cover >= 80 % of the reference ($cov %)" awk -v c="$cov" 'BEGIN { exit !(c >= 80) }'
windows=$($PY "$here/contig_support.py" reads "$WORK/asm/contigs.fa" "$r1" "$r2" 2> "$WORK/support.err")
check "every sampled window occurs in the reads (${windows:-0} windows; $(cat "$WORK/support.err"))" [ -n "$windows" ]
finish
