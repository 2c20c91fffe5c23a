#!/usr/bin/env bash
# chimera vs vsearch 2.22.1 --uchime_denovo, run live: the five outputs (--uchimeout with its 18
# columns, --chimeras, --nonchimeras, --borderline, --uchimealns) byte for byte on the dada2
# MiSeq pairs (merged and dereplicated by vsearch here) and on synthetic uniques with known
# chimeras; per-sample mode against one vsearch run per sample (FROGS' way: the sample's counts as
# ;size=) with FROGS' strict and lenient rules applied here in awk to vsearch's calls; the same
# bytes at 1 and 4 threads.
source "$(dirname "$0")/../lib.sh"
command -v vsearch >/dev/null || { echo "vsearch is not installed (scripts/install-deps.sh test)"; exit 1; }
vsearch --version 2>&1 | grep -q 'v2.22.1' || { echo "vsearch 2.22.1 expected"; exit 1; }
extdata=usr/lib/R/site-library/dada2/extdata

outputs="uchimeout chimeras nonchimeras borderline uchimealns"
run_both() {  # run_both NAME FASTA [options]: vsearch and plateau on the same file, every output
  local name=$1 fasta=$2; shift 2
  local v=$WORK/v.$name p=$WORK/p.$name
  vsearch --uchime_denovo "$fasta" --quiet --uchimeout "$v.uchimeout" --chimeras "$v.chimeras" \
    --nonchimeras "$v.nonchimeras" --borderline "$v.borderline" --uchimealns "$v.uchimealns" "$@" 2>/dev/null
  "$TOOL_BIN" chimera --quiet "$fasta" --uchimeout "$p.uchimeout" --chimeras "$p.chimeras" \
    --nonchimeras "$p.nonchimeras" --borderline "$p.borderline" --uchimealns "$p.uchimealns" "$@"
  local o bad=""
  for o in $outputs; do cmp -s "$v.$o" "$p.$o" || bad="$bad $o"; done
  local calls; calls=$(cut -f18 "$v.uchimeout" | sort | uniq -c | tr -s ' \n' ' ')
  if [ -z "$bad" ] && [ -s "$v.uchimeout" ]; then pass "$name: 5 outputs identical to vsearch (calls:$calls)"
  else fail "$name: differs from vsearch in:$bad"; fi
}

# dada2 sam1/sam2: merged by vsearch (defaults), dereplicated across both samples
for s in sam1 sam2; do
  f=$(debfile r-bioc-dada2 $extdata/${s}F.fastq.gz) || exit 1
  r=$(debfile r-bioc-dada2 $extdata/${s}R.fastq.gz) || exit 1
  vsearch --fastq_mergepairs "$f" --reverse "$r" --fastaout "$WORK/$s.merged.fa" --relabel "$s." --quiet 2>/dev/null
done
cat "$WORK/sam1.merged.fa" "$WORK/sam2.merged.fa" > "$WORK/dada2.fa"
vsearch --derep_fulllength "$WORK/dada2.fa" --sizeout --relabel_sha1 --output "$WORK/dada2.derep.fa" --quiet
run_both dada2 "$WORK/dada2.derep.fa"
run_both "dada2 --abskew 1.5 --minh 0.1 --mindiv 0.3" "$WORK/dada2.derep.fa" --abskew 1.5 --minh 0.1 --mindiv 0.3

# synthetic uniques with 2- and 3-parent chimeras (bench/amplicon/simulate_chimeras.py)
"$PY" "$SRC/bench/amplicon/simulate_chimeras.py" --true 700 --chimeras 350 --errors 700 --seed 11 \
  --out "$WORK/syn.fa" --truth "$WORK/syn.truth.tsv"
run_both synthetic "$WORK/syn.fa"
run_both "synthetic --mindiffs 5 --xn 6 --dn 2 --fasta_width 60" "$WORK/syn.fa" --mindiffs 5 --xn 6 --dn 2 --fasta_width 60
recall=$(awk -F'\t' 'NR == FNR { if ($2 == "chimera") c[$1] = 1; next } $18 == "Y" { split($2, a, ";"); if (a[1] in c) y++ }
  END { print y + 0 }' "$WORK/syn.truth.tsv" "$WORK/p.synthetic.uchimeout")
[ "$recall" -gt 200 ] && pass "synthetic: $recall of 350 true chimeras called Y (the generator works)" \
  || fail "synthetic: only $recall true chimeras called Y"

# the same bytes at 1 and 4 threads
"$TOOL_BIN" chimera --quiet -t 1 "$WORK/syn.fa" --uchimeout "$WORK/t1.tsv" --uchimealns "$WORK/t1.alns" --nonchimeras "$WORK/t1.fa"
"$TOOL_BIN" chimera --quiet -t 4 "$WORK/syn.fa" --uchimeout "$WORK/t4.tsv" --uchimealns "$WORK/t4.alns" --nonchimeras "$WORK/t4.fa"
if cmp -s "$WORK/t1.tsv" "$WORK/t4.tsv" && cmp -s "$WORK/t1.alns" "$WORK/t4.alns" && cmp -s "$WORK/t1.fa" "$WORK/t4.fa"; then
  pass "synthetic: -t 1 and -t 4 write the same bytes"
else
  fail "synthetic: -t 1 and -t 4 differ"
fi

# per sample (FROGS): 4 samples; vsearch once per sample with the sample's counts as ;size=
"$PY" "$SRC/bench/amplicon/simulate_chimeras.py" --true 400 --chimeras 250 --errors 300 --seed 12 --samples 4 \
  --out "$WORK/ms.fa" --counts "$WORK/ms.counts.tsv"
for s in 1 2 3 4; do
  awk -F'\t' -v col=$((s + 1)) 'NR == FNR { if (FNR > 1 && $col > 0) n[$1] = $col; next }
    /^>/ { id = substr($0, 2); sub(/;size=.*/, "", id); keep = id in n; if (keep) print ">" id ";size=" n[id]; next }
    keep { print }' "$WORK/ms.counts.tsv" "$WORK/ms.fa" > "$WORK/ms.s$s.fa"
  vsearch --uchime_denovo "$WORK/ms.s$s.fa" --uchimeout "$WORK/ms.v$s.tsv" --quiet 2>/dev/null
  awk -v s=s$s '{ print s "\t" $0 }' "$WORK/ms.v$s.tsv"
done > "$WORK/ms.v.tsv"
for mode in strict lenient; do
  flag=""; [ $mode = lenient ] && flag=--lenient
  for t in 1 4; do
    "$TOOL_BIN" chimera --quiet -t $t "$WORK/ms.fa" --counts "$WORK/ms.counts.tsv" $flag --uchimeout "$WORK/ms.p.$mode.$t.tsv" \
      --chimeras "$WORK/ms.p.$mode.$t.chim.fa" --nonchimeras "$WORK/ms.p.$mode.$t.kept.fa" --counts-out "$WORK/ms.p.$mode.$t.counts.tsv"
  done
  # expected removals: Y in >= 1 sample (strict) or in every sample where the count is not 0 (lenient)
  awk -F'\t' -v mode=$mode 'NR == FNR { if ($19 == "Y") { split($3, a, ";"); y[a[1]]++ } next }
    FNR > 1 { p = 0; for (i = 2; i <= NF; i++) p += ($i > 0); if ((mode == "strict" && y[$1] > 0) || (mode == "lenient" && y[$1] > 0 && y[$1] == p)) print $1 }' \
    "$WORK/ms.v.tsv" "$WORK/ms.counts.tsv" | sort > "$WORK/ms.expected.$mode"
  grep '>' "$WORK/ms.p.$mode.1.chim.fa" | sed 's/^>//; s/;size=.*//' | sort > "$WORK/ms.got.$mode"
  kept_rows=$(( $(wc -l < "$WORK/ms.p.$mode.1.counts.tsv") - 1 ))
  kept_fa=$(grep -c '>' "$WORK/ms.p.$mode.1.kept.fa")
  removed=$(wc -l < "$WORK/ms.expected.$mode")
  if cmp -s "$WORK/ms.v.tsv" "$WORK/ms.p.$mode.1.tsv" && cmp -s "$WORK/ms.expected.$mode" "$WORK/ms.got.$mode" &&
     [ "$kept_rows" -eq "$kept_fa" ] && [ $((kept_fa + removed)) -eq "$(grep -c '>' "$WORK/ms.fa")" ]; then
    pass "4 samples, $mode: per-sample uchimeout = vsearch's, $removed removed as FROGS' rule on vsearch's calls"
  else
    fail "4 samples, $mode: differs (removed $(wc -l < "$WORK/ms.got.$mode"), expected $removed; kept rows $kept_rows, FASTA $kept_fa)"
  fi
  same=yes
  for x in tsv chim.fa kept.fa counts.tsv; do cmp -s "$WORK/ms.p.$mode.1.$x" "$WORK/ms.p.$mode.4.$x" || same=no; done
  [ $same = yes ] && pass "4 samples, $mode: -t 1 and -t 4 write the same bytes" || fail "4 samples, $mode: -t 1 and -t 4 differ"
done
strict=$(wc -l < "$WORK/ms.expected.strict"); lenient=$(wc -l < "$WORK/ms.expected.lenient")
[ "$lenient" -lt "$strict" ] && pass "lenient removes fewer than strict ($lenient < $strict): the samples disagree" \
  || fail "lenient ($lenient) vs strict ($strict): the test data do not separate the rules"

# dada2 per sample from plateau derep --counts
"$TOOL_BIN" derep --quiet --sample sam1="$WORK/sam1.merged.fa" --sample sam2="$WORK/sam2.merged.fa" --relabel_sha1 \
  -o "$WORK/d.fa" --counts "$WORK/d.counts.tsv"
"$TOOL_BIN" chimera --quiet "$WORK/d.fa" --counts "$WORK/d.counts.tsv" --uchimeout "$WORK/d.p.tsv" --nonchimeras "$WORK/d.kept.fa"
for s in 1 2; do
  awk -F'\t' -v col=$((s + 1)) 'NR == FNR { if (FNR > 1 && $col > 0) n[$1] = $col; next }
    /^>/ { id = substr($0, 2); sub(/;size=.*/, "", id); keep = id in n; if (keep) print ">" id ";size=" n[id]; next }
    keep { print }' "$WORK/d.counts.tsv" "$WORK/d.fa" > "$WORK/d.s$s.fa"
  vsearch --uchime_denovo "$WORK/d.s$s.fa" --uchimeout "$WORK/d.v$s.tsv" --quiet 2>/dev/null
  awk -v s=sam$s '{ print s "\t" $0 }' "$WORK/d.v$s.tsv"
done > "$WORK/d.v.tsv"
check "dada2 per sample (derep --counts): uchimeout = vsearch's per-sample runs" cmp -s "$WORK/d.v.tsv" "$WORK/d.p.tsv"
"$TOOL_BIN" derep --quiet --sample sam1="$WORK/sam1.merged.fa" --sample sam2="$WORK/sam2.merged.fa" --relabel_sha1 \
  --abundance-style swarm -o "$WORK/d.swarm.fa"
"$TOOL_BIN" chimera --quiet "$WORK/d.swarm.fa" --counts "$WORK/d.counts.tsv" --uchimeout "$WORK/d.swarm.tsv"
check "dada2 per sample, swarm-style _N labels: the same uchimeout" cmp -s "$WORK/d.v.tsv" "$WORK/d.swarm.tsv"
finish
