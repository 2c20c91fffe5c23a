#!/usr/bin/env bash
# denoise vs vsearch 2.22.1 --cluster_unoise (--sizein --sizeout), run live: --centroids and --uc
# byte for byte on the dada2 MiSeq pairs (merged by vsearch, dereplicated by our derep) at the
# defaults and at other alpha/minsize, and on synthetic reads from known true sequences with
# errors (bench/amplicon/simulate.py, dereplicated by vsearch), where most true sequences must come
# back as ASVs; the UCHIME3 step against vsearch --uchime3_denovo on the centroids, and chimera
# --uchime3 against it on uniques with known chimeras; the same bytes at 1 and 4 threads.
source "$(dirname "$0")/../lib.sh"
command -v vsearch >/dev/null || { echo "vsearch is not installed (scripts/install-deps.sh test)"; exit 1; }
vsearch --version 2>&1 | grep -q 'v2.22.1' || { echo "vsearch 2.22.1 expected"; exit 1; }
extdata=usr/lib/R/site-library/dada2/extdata

compare() {  # compare NAME FASTA [options]: --centroids and --uc of both tools
  local name=$1 fasta=$2; shift 2
  local v=$WORK/v.$name p=$WORK/p.$name
  vsearch --cluster_unoise "$fasta" --sizein --sizeout --threads 1 --quiet --centroids "$v.fa" --uc "$v.uc" "$@" 2>/dev/null
  "$TOOL_BIN" denoise --quiet -i "$fasta" --centroids "$p.fa" --uc "$p.uc" "$@"
  local asvs; asvs=$(grep -c '^>' "$v.fa")
  if cmp -s "$v.fa" "$p.fa" && cmp -s "$v.uc" "$p.uc" && [ "$asvs" -gt 0 ]; then
    pass "$name: centroids ($asvs ASVs) and uc identical to vsearch --cluster_unoise"
  else
    fail "$name: differs from vsearch ($asvs ASVs for vsearch, $(grep -c '^>' "$p.fa") ours; uc $(cmp -s "$v.uc" "$p.uc" && echo same || echo differs))"
  fi
}

# dada2 sam1/sam2: merged by vsearch, dereplicated across both samples by our derep
for s in sam1 sam2; do
  f=$(debfile r-bioc-dada2 $extdata/${s}F.fastq.gz) || exit 1
  r=$(debfile r-bioc-dada2 $extdata/${s}R.fastq.gz) || exit 1
  vsearch --fastq_mergepairs "$f" --reverse "$r" --fastaout "$WORK/$s.merged.fa" --relabel "$s." --quiet 2>/dev/null
done
"$TOOL_BIN" derep --quiet --sample sam1="$WORK/sam1.merged.fa" --sample sam2="$WORK/sam2.merged.fa" --relabel_sha1 \
  -o "$WORK/dada2.derep.fa" --counts "$WORK/dada2.counts.tsv"
compare dada2 "$WORK/dada2.derep.fa"
compare "dada2 --minsize 2 --unoise_alpha 1.5" "$WORK/dada2.derep.fa" --minsize 2 --unoise_alpha 1.5
compare "dada2 --minsize 1 --unoise_alpha 4" "$WORK/dada2.derep.fa" --minsize 1 --unoise_alpha 4

# synthetic: 60 true sequences of 253 nt, 20,000 reads with 0.5 % errors
"$PY" "$SRC/bench/amplicon/simulate.py" --true 60 --reads 20000 --error-rate 0.005 --seed 5 \
  --out "$WORK/syn.reads.fa" --truth "$WORK/syn.truth.tsv"
vsearch --derep_fulllength "$WORK/syn.reads.fa" --sizeout --output "$WORK/syn.fa" --quiet 2>/dev/null
compare synthetic "$WORK/syn.fa"
compare "synthetic --minsize 4" "$WORK/syn.fa" --minsize 4
found=$("$PY" "$SRC/bench/amplicon/score_asvs.py" "$WORK/syn.truth.tsv" "$WORK/p.synthetic.fa")
read -r tp n_asv n_true <<< "$found"
[ "$tp" -ge $((n_true / 2)) ] && [ "$tp" -ge $((n_asv * 8 / 10)) ] \
  && pass "synthetic: $tp of $n_asv ASVs are true sequences ($n_true true; the generator and the rule work)" \
  || fail "synthetic: only $tp of $n_asv ASVs are true sequences ($n_true true)"

# UCHIME3 on the ASVs = vsearch --uchime3_denovo on vsearch's centroids; uniques with known
# chimeras from bench/amplicon/simulate_chimeras.py, where some must be called
"$PY" "$SRC/bench/amplicon/simulate_chimeras.py" --true 300 --chimeras 150 --errors 300 --seed 11 \
  --out "$WORK/chim.fa" --truth "$WORK/chim.truth.tsv"
for name in dada2 chimeras; do
  in=$WORK/dada2.derep.fa; opts=(--minsize 2)
  [ $name = chimeras ] && { in=$WORK/chim.fa; opts=(--minsize 1); }
  vsearch --cluster_unoise "$in" --sizein --sizeout --threads 1 --quiet --centroids "$WORK/u3.$name.fa" "${opts[@]}" 2>/dev/null
  vsearch --uchime3_denovo "$WORK/u3.$name.fa" --quiet --uchimeout "$WORK/u3.v.$name.tsv" \
    --nonchimeras "$WORK/u3.v.$name.kept.fa" --chimeras "$WORK/u3.v.$name.chim.fa" 2>/dev/null
  "$TOOL_BIN" denoise --quiet -i "$in" "${opts[@]}" --uchimeout "$WORK/u3.p.$name.tsv" \
    --nonchimeras "$WORK/u3.p.$name.kept.fa" --chimeras "$WORK/u3.p.$name.chim.fa" --uc-nonchimeric "$WORK/u3.p.$name.uc"
  "$TOOL_BIN" chimera --quiet --uchime3 "$WORK/u3.$name.fa" --uchimeout "$WORK/u3.c.$name.tsv"
  y=$(grep -c '>' "$WORK/u3.v.$name.chim.fa")
  kept_c=$(awk '$1 == "C"' "$WORK/u3.p.$name.uc" | wc -l)
  if cmp -s "$WORK/u3.v.$name.tsv" "$WORK/u3.p.$name.tsv" && cmp -s "$WORK/u3.v.$name.kept.fa" "$WORK/u3.p.$name.kept.fa" &&
     cmp -s "$WORK/u3.v.$name.chim.fa" "$WORK/u3.p.$name.chim.fa" && cmp -s "$WORK/u3.v.$name.tsv" "$WORK/u3.c.$name.tsv" &&
     [ "$kept_c" -eq "$(grep -c '>' "$WORK/u3.v.$name.kept.fa")" ] && { [ $name = dada2 ] || [ "$y" -gt 0 ]; }; then
    pass "$name ${opts[*]}: UCHIME3 = vsearch --uchime3_denovo ($y chimeric ASVs; denoise and chimera --uchime3), uc without them"
  else
    fail "$name ${opts[*]}: UCHIME3 differs from vsearch --uchime3_denovo ($y chimeras for vsearch)"
  fi
done
vsearch --uchime3_denovo "$WORK/chim.fa" --quiet --uchimeout "$WORK/c3.v.tsv" --chimeras "$WORK/c3.v.chim.fa" \
  --nonchimeras "$WORK/c3.v.kept.fa" 2>/dev/null
"$TOOL_BIN" chimera --quiet --uchime3 "$WORK/chim.fa" --uchimeout "$WORK/c3.p.tsv" --chimeras "$WORK/c3.p.chim.fa" \
  --nonchimeras "$WORK/c3.p.kept.fa"
y=$(grep -c '>' "$WORK/c3.v.chim.fa")
if cmp -s "$WORK/c3.v.tsv" "$WORK/c3.p.tsv" && cmp -s "$WORK/c3.v.chim.fa" "$WORK/c3.p.chim.fa" &&
   cmp -s "$WORK/c3.v.kept.fa" "$WORK/c3.p.kept.fa" && [ "$y" -gt 0 ]; then
  pass "chimera --uchime3 on $(grep -c '>' "$WORK/chim.fa") uniques: 3 outputs = vsearch --uchime3_denovo ($y Y)"
else
  fail "chimera --uchime3 differs from vsearch --uchime3_denovo ($y Y for vsearch)"
fi

# the same bytes at 1 and 4 threads
for t in 1 4; do
  "$TOOL_BIN" denoise --quiet -t $t -i "$WORK/dada2.derep.fa" --minsize 1 --centroids "$WORK/t$t.fa" --uc "$WORK/t$t.uc" \
    --uchimeout "$WORK/t$t.tsv"
done
if cmp -s "$WORK/t1.fa" "$WORK/t4.fa" && cmp -s "$WORK/t1.uc" "$WORK/t4.uc" && cmp -s "$WORK/t1.tsv" "$WORK/t4.tsv"; then
  pass "dada2 --minsize 1: -t 1 and -t 4 write the same bytes"
else
  fail "dada2 --minsize 1: -t 1 and -t 4 differ"
fi
finish
