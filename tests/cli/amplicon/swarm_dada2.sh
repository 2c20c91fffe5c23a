#!/usr/bin/env bash
# cluster vs swarm 3.1.2 byte for byte on real MiSeq 16S V4 reads (r-bioc-dada2's sam1F and sam2F,
# 3,000 forward reads): dereplicated with plateau-amplicon derep, full length and trimmed to 150 nt
# (more reads collapse, larger swarms), with and without -z and -f.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/swarm_lib.bash"
extdata=usr/lib/R/site-library/dada2/extdata
s1=$(debfile r-bioc-dada2 $extdata/sam1F.fastq.gz) || exit 1
s2=$(debfile r-bioc-dada2 $extdata/sam2F.fastq.gz) || exit 1

"$TOOL_BIN" derep --quiet --sample sam1="$s1" --sample sam2="$s2" --relabel_sha1 -o "$WORK/full.fa" \
  || { fail "derep of sam1F + sam2F"; finish; exit; }
compare_all_modes dada2.full "$WORK/full.fa"

zcat "$s1" "$s2" | awk 'NR % 4 == 1 { print ">" substr($1, 2) } NR % 4 == 2 { print substr($0, 1, 150) }' > "$WORK/trim150.fa"
"$TOOL_BIN" derep --quiet --sample all="$WORK/trim150.fa" --relabel_sha1 -o "$WORK/trim150.derep.fa" \
  || { fail "derep of the trimmed reads"; finish; exit; }
compare_all_modes dada2.trim150 "$WORK/trim150.derep.fa"
finish
