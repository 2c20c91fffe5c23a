#!/usr/bin/env bash
# merge vs vsearch 2.22.1 --fastq_mergepairs, run live on the same input: merged FASTQ and FASTA,
# not-merged mates, --eetabbedout and the statistics text (every failure-reason count) must be
# byte-identical. Inputs: the dada2 MiSeq pairs (sam1, sam2) with the defaults, FROGS' flags and
# per-sample labels (vsearch --relabel NAME. --sample NAME); 12,000 synthetic pairs
# (bench/amplicon/simulate_pairs.py) under four sets of flags (and once as Phred+64) that make vsearch report
# all 13 failure reasons. FROGS' --keep-unmerged reads are checked against vsearch's not-merged
# mates joined by an independent awk script.
source "$(dirname "$0")/../lib.sh"
command -v vsearch >/dev/null || { echo "vsearch is not installed (scripts/install-deps.sh test)"; exit 1; }
vsearch --version 2>&1 | grep -q 'v2.22.1' || { echo "vsearch 2.22.1 expected"; exit 1; }
extdata=usr/lib/R/site-library/dada2/extdata
for f in sam1F sam1R sam2F sam2R; do
  declare "$f=$(debfile r-bioc-dada2 $extdata/$f.fastq.gz)" || exit 1
done

# compare NAME R1 R2 [flags...]: every output and the statistics identical to vsearch's.
compare() {
  local name=$1 r1=$2 r2=$3; shift 3
  local v=$WORK/v.$name p=$WORK/p.$name outs="fastqout fastaout fastqout_notmerged_fwd fastqout_notmerged_rev fastaout_notmerged_fwd eetabbedout"
  local vflags=() pflags=() o bad=""
  for o in $outs; do vflags+=(--$o "$v.$o"); pflags+=(--$o "$p.$o"); done
  vsearch --fastq_mergepairs "$r1" --reverse "$r2" "$@" "${vflags[@]}" 2> "$v.log"
  "$TOOL_BIN" merge --fastq_mergepairs "$r1" --reverse "$r2" "$@" "${pflags[@]}" -t 2 2> "$p.log"
  for o in $outs; do cmp -s "$v.$o" "$p.$o" || bad="$bad $o"; done
  sed -n '/  Pairs$/,$p' "$v.log" > "$v.stats"
  grep -v '^\[plateau' "$p.log" > "$p.stats"
  cmp -s "$v.stats" "$p.stats" || bad="$bad statistics"
  if [ -z "$bad" ] && [ -s "$v.stats" ]; then
    pass "$name: identical to vsearch ($(grep -m1 Merged "$v.stats" | sed 's/^ *//'))"
  else
    fail "$name: differs from vsearch in:$bad"
  fi
}

frogs=(--fastq_allowmergestagger --fastq_ascii 33 --fastq_maxdiffpct 10 --fastq_minovlen 10 --fastq_qmax 93)
for s in sam1 sam2; do
  F=${s}F R=${s}R
  compare "dada2 $s defaults" "${!F}" "${!R}"
  compare "dada2 $s FROGS flags" "${!F}" "${!R}" "${frogs[@]}"
  compare "dada2 $s relaxed (--fastq_maxdiffs 30 --fastq_maxdiffpct 10)" "${!F}" "${!R}" --fastq_maxdiffs 30 --fastq_maxdiffpct 10
done

# Per-sample labels: plateau's --sample NAME=R1,R2 is vsearch's --relabel NAME. --sample NAME.
vsearch --fastq_mergepairs "$sam2F" --reverse "$sam2R" --relabel sam2. --sample sam2 --fastqout "$WORK/v.lab.fq" \
  --fastqout_notmerged_fwd "$WORK/v.lab.nf" --quiet 2>/dev/null
"$TOOL_BIN" merge --quiet --sample sam2="$sam2F,$sam2R" --fastqout "$WORK/p.lab.fq.gz" --fastqout_notmerged_fwd "$WORK/p.lab.nf"
if zcat "$WORK/p.lab.fq.gz" | cmp -s - "$WORK/v.lab.fq" && cmp -s "$WORK/v.lab.nf" "$WORK/p.lab.nf"; then
  pass "--sample sam2=R1,R2 (gzip output) = vsearch --relabel sam2. --sample sam2"
else
  fail "--sample labels differ from vsearch --relabel sam2. --sample sam2"
fi

"$PY" "$SRC/bench/amplicon/simulate_pairs.py" --pairs 12000 --seed 3 --out1 "$WORK/syn1.fq" --out2 "$WORK/syn2.fq"
compare "synthetic defaults" "$WORK/syn1.fq" "$WORK/syn2.fq"
compare "synthetic length, truncation, ee and merged-length limits" "$WORK/syn1.fq" "$WORK/syn2.fq" \
  --fastq_truncqual 2 --fastq_minlen 60 --fastq_maxlen 250 --fastq_maxns 1 --fastq_maxee 1.5 \
  --fastq_minmergelen 280 --fastq_maxmergelen 440 --fastq_minovlen 30
compare "synthetic FROGS-like flags, --fastq_maxns 1" "$WORK/syn1.fq" "$WORK/syn2.fq" \
  --fastq_allowmergestagger --fastq_maxdiffpct 10 --fastq_minovlen 20 --fastq_qmax 93 --fastq_maxdiffs 30 --fastq_maxns 1
compare "synthetic --fastq_minovlen 6 (relaxed k-mer and score thresholds), --fastq_qmaxout 60" \
  "$WORK/syn1.fq" "$WORK/syn2.fq" --fastq_minovlen 6 --fastq_qmaxout 60
for m in 1 2; do  # the same reads with Phred+64 qualities
  "$PY" -c 'import sys
for i, l in enumerate(open(sys.argv[1])): sys.stdout.write("".join(chr(ord(c) + 31) for c in l.rstrip("\n")) + "\n" if i % 4 == 3 else l)' \
    "$WORK/syn$m.fq" > "$WORK/syn$m.p64.fq"
done
compare "Phred+64 synthetic (--fastq_ascii 64)" "$WORK/syn1.p64.fq" "$WORK/syn2.p64.fq" --fastq_ascii 64
reasons=$(cat "$WORK"/v.synthetic*.stats | sed -n '/various reasons/,/^$/p' | grep -v 'various\|^$' | sed 's/^ *[0-9]*  //' | sort -u | wc -l)
if [ "$reasons" -eq 13 ]; then pass "synthetic runs: vsearch reports all 13 failure reasons"; else fail "synthetic runs: $reasons of 13 failure reasons seen"; fi

# --keep-unmerged: merged reads, then for each pair that did not merge (in input order)
# R1 + 100 N (quality '!') + reverse complement of R2 (qualities reversed), named <id>_FROGS_combined.
vsearch --fastq_mergepairs "$sam1F" --reverse "$sam1R" --fastqout "$WORK/v.ku.fq" --fastqout_notmerged_fwd "$WORK/v.ku.nf" \
  --fastqout_notmerged_rev "$WORK/v.ku.nr" --quiet 2>/dev/null
"$TOOL_BIN" merge --quiet --fastq_mergepairs "$sam1F" --reverse "$sam1R" --fastqout "$WORK/p.ku.fq" --keep-unmerged
paste <(paste - - - - < "$WORK/v.ku.nf") <(paste - - - - < "$WORK/v.ku.nr") | awk -F'\t' '
  BEGIN { c["A"]="T"; c["C"]="G"; c["G"]="C"; c["T"]="A"; c["N"]="N"; sp = sprintf("%100s", ""); q = sp; gsub(/ /, "N", sp); gsub(/ /, "!", q) }
  { split($1, h, /[ \t]/); id = substr(h[1], 2); sub(/\/1$/, "", id)
    rc = ""; rq = ""; for (i = length($6); i >= 1; i--) { rc = rc c[substr($6, i, 1)]; rq = rq substr($8, i, 1) }
    print "@" id "_FROGS_combined"; print $2 sp rc; print "+"; print $4 q rq }' > "$WORK/combined.fq"
paste - - - - < "$WORK/p.ku.fq" > "$WORK/p.ku.rows"
if diff -q <(grep -v '_FROGS_combined	' "$WORK/p.ku.rows" | tr '\t' '\n') "$WORK/v.ku.fq" >/dev/null &&
   diff -q <(grep '_FROGS_combined	' "$WORK/p.ku.rows" | tr '\t' '\n') "$WORK/combined.fq" >/dev/null; then
  pass "--keep-unmerged: vsearch's merged reads plus $(grep -c '_FROGS_combined	' "$WORK/p.ku.rows") FROGS combined reads"
else
  fail "--keep-unmerged: merged or combined reads differ"
fi
finish
