#!/usr/bin/env bash
# cluster -d 0, -d 2, -d 3 (and -n, -r, the -m -p -g -e scoring, d = 7 in 16-bit mode) vs swarm
# 3.1.2 byte for byte (-o -s -w -u -i), with and without -z, at 1 and 4 threads: on r-bioc-dada2's
# real MiSeq reads (sam1F + sam2F dereplicated, full length and trimmed to 150 nt, as in
# swarm_dada2.sh) and on ~5,000 synthetic uniques from bench/amplicon/simulate.py.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/swarm_lib.bash"
extdata=usr/lib/R/site-library/dada2/extdata
s1=$(debfile r-bioc-dada2 $extdata/sam1F.fastq.gz) || exit 1
s2=$(debfile r-bioc-dada2 $extdata/sam2F.fastq.gz) || exit 1

# d = 2 and 3, _N and ;size=N annotations, on a file with ;size= annotations.
compare_dn_modes() {
  local name=$1 usearch_input=$2 swarm_input=$WORK/$1.swarm.fa d
  to_swarm_style "$usearch_input" > "$swarm_input"
  for d in 2 3; do
    compare_with_swarm "$name.d$d" "$swarm_input" -d "$d"
    compare_with_swarm "$name.d$d.z" "$usearch_input" -d "$d" -z
  done
}

"$TOOL_BIN" derep --quiet --sample sam1="$s1" --sample sam2="$s2" --relabel_sha1 -o "$WORK/full.fa" \
  || { fail "derep of sam1F + sam2F"; finish; exit; }
compare_dn_modes dada2.full "$WORK/full.fa"
zcat "$s1" "$s2" | awk 'NR % 4 == 1 { print ">" substr($1, 2) } NR % 4 == 2 { print substr($0, 1, 150) }' > "$WORK/trim150.fa"
"$TOOL_BIN" derep --quiet --sample all="$WORK/trim150.fa" --relabel_sha1 -o "$WORK/trim150.derep.fa" \
  || { fail "derep of the trimmed reads"; finish; exit; }
compare_dn_modes dada2.trim150 "$WORK/trim150.derep.fa"
# d = 0 takes identical sequences: the trimmed reads themselves (renamed: the two samples share
# read names), each with abundance 1.
awk '/^>/ { print ">read" NR "_1"; next } { print }' "$WORK/trim150.fa" > "$WORK/trim150.reads.fa"
compare_with_swarm dada2.trim150.d0 "$WORK/trim150.reads.fa" -d 0
compare_with_swarm dada2.trim150.d0.r "$WORK/trim150.reads.fa" -d 0 -r

"$PY" "$SRC/bench/amplicon/simulate.py" --true 200 --reads 8000 --seed 11 --out "$WORK/reads.fa"
"$TOOL_BIN" derep --quiet --sample s="$WORK/reads.fa" --relabel_sha1 -o "$WORK/derep.fa" || { fail "derep"; finish; exit; }
compare_dn_modes synthetic "$WORK/derep.fa"
compare_with_swarm synthetic.d2.n "$WORK/synthetic.swarm.fa" -d 2 -n
compare_with_swarm synthetic.d1.n "$WORK/synthetic.swarm.fa" -d 1 -n
compare_with_swarm synthetic.d2.r "$WORK/synthetic.swarm.fa" -d 2 -r
compare_with_swarm synthetic.d2.scoring "$WORK/synthetic.swarm.fa" -d 2 -m 2 -p 3 -g 5 -e 1
compare_with_swarm synthetic.d7 "$WORK/synthetic.swarm.fa" -d 7
head -4000 "$WORK/reads.fa" | awk '/^>/ { print $0 "_1"; next } { print }' > "$WORK/reads2000.fa"
compare_with_swarm synthetic.d0 "$WORK/reads2000.fa" -d 0
finish
