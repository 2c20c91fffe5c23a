#!/usr/bin/env bash
# run --denoise on dada2's sam1/sam2 (primers already removed): the ASV composition the run keeps
# in work/asv.uc is vsearch 2.22.1 --cluster_unoise's uc on the run's own dereplicated reads (run
# live here), abundance.tsv has one ASV_<i> row per ASV left after the chimera step, and every
# output is the same at --threads 1 and 2.
source "$(dirname "$0")/../lib.sh"
command -v vsearch >/dev/null || { echo "vsearch is not installed (scripts/install-deps.sh test)"; exit 1; }
extdata=usr/lib/R/site-library/dada2/extdata
export SOURCE_DATE_EPOCH=1767225600
for s in sam1 sam2; do
  printf '%s\t%s\t%s\n' $s "$(debfile r-bioc-dada2 $extdata/${s}F.fastq.gz)" "$(debfile r-bioc-dada2 $extdata/${s}R.fastq.gz)"
done > "$WORK/sheet.tsv"
opts=(--without-primers --min-amplicon-size 250 --max-amplicon-size 256 --denoise --minsize 4)
"$TOOL_BIN" run --quiet -t 1 --samples "$WORK/sheet.tsv" --outdir "$WORK/t1" "${opts[@]}" --chimera none --keep-work \
  || { fail "run --denoise -t 1"; finish; exit; }
vsearch --cluster_unoise "$WORK/t1/work/derep.fasta" --sizein --sizeout --minsize 4 --threads 1 --quiet \
  --uc "$WORK/v.uc" 2> /dev/null
asvs=$(awk '$1 == "C"' "$WORK/v.uc" | wc -l)
rows=$(($(wc -l < "$WORK/t1/abundance.tsv") - 1))
check "run --denoise: work/asv.uc = vsearch --cluster_unoise on work/derep.fasta ($asvs ASVs)" cmp -s "$WORK/v.uc" "$WORK/t1/work/asv.uc"
if [ "$rows" -eq "$asvs" ] && [ "$(cut -f4 "$WORK/t1/abundance.tsv" | grep -c '^ASV_')" -eq "$rows" ]; then
  pass "run --denoise --chimera none: abundance.tsv has the $asvs ASVs as ASV_<i> rows"
else
  fail "run --denoise --chimera none: $rows rows in abundance.tsv for $asvs ASVs"
fi
for t in 1 2; do
  "$TOOL_BIN" run --quiet -t $t --samples "$WORK/sheet.tsv" --outdir "$WORK/s$t" "${opts[@]}" --chimera strict \
    || fail "run --denoise --chimera strict -t $t"
done
differ=""
for f in abundance.biom abundance.tsv seeds.fasta composition.tsv excluded.tsv; do
  cmp -s "$WORK/s1/$f" "$WORK/s2/$f" || differ+=" $f"
done
srows=$(($(wc -l < "$WORK/s1/abundance.tsv") - 1))
if [ -z "$differ" ] && [ "$srows" -gt 2 ] && [ "$srows" -le "$asvs" ]; then
  pass "run --denoise --chimera strict: the same outputs at -t 1 and -t 2 ($srows of $asvs ASVs kept)"
else
  fail "run --denoise --chimera strict: outputs differ:$differ ($srows rows)"
fi
finish
