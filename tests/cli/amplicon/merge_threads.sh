#!/usr/bin/env bash
# merge: the same bytes at -t 1 and -t 4 (every output, gzip included, with --keep-unmerged and
# per-sample labels), and a two-sample sheet writes exactly the two single-sample runs one after
# the other, with the JSON report's counts per sample adding up to the pairs read.
source "$(dirname "$0")/../lib.sh"
"$PY" "$SRC/bench/amplicon/simulate_pairs.py" --pairs 8000 --seed 11 --out1 "$WORK/a1.fq.gz" --out2 "$WORK/a2.fq.gz"
"$PY" "$SRC/bench/amplicon/simulate_pairs.py" --pairs 3000 --seed 12 --out1 "$WORK/b1.fq" --out2 "$WORK/b2.fq"
printf 'A\t%s\t%s\nB\t%s\t%s\n' "$WORK/a1.fq.gz" "$WORK/a2.fq.gz" "$WORK/b1.fq" "$WORK/b2.fq" > "$WORK/sheet.tsv"

run() {  # run TAG THREADS [flags...]
  local tag=$1 t=$2; shift 2
  "$TOOL_BIN" merge --quiet -t "$t" "$@" --fastqout "$WORK/$tag.fq.gz" --fastaout "$WORK/$tag.fa" \
    --fastqout_notmerged_fwd "$WORK/$tag.nf" --fastqout_notmerged_rev "$WORK/$tag.nr" --eetabbedout "$WORK/$tag.ee" \
    --report "$WORK/$tag.json"
}
run t1 1 --samples "$WORK/sheet.tsv" --keep-unmerged
run t4 4 --samples "$WORK/sheet.tsv" --keep-unmerged
same=yes
for ext in fq.gz fa nf nr ee; do cmp -s "$WORK/t1.$ext" "$WORK/t4.$ext" || same="no ($ext)"; done
if [ "$same" = yes ] && [ "$(zcat "$WORK/t1.fq.gz" | wc -l)" -gt 40000 ]; then
  pass "same bytes at -t 1 and -t 4 ($(zcat "$WORK/t1.fq.gz" | grep -c '^@[AB]\.') records)"
else
  fail "-t 1 and -t 4 differ: $same"
fi

run A 3 --sample A="$WORK/a1.fq.gz,$WORK/a2.fq.gz" --keep-unmerged
run B 2 --sample B="$WORK/b1.fq,$WORK/b2.fq" --keep-unmerged
if cmp -s <(zcat "$WORK/t1.fq.gz") <(zcat "$WORK/A.fq.gz" "$WORK/B.fq.gz") && cmp -s "$WORK/t1.nf" <(cat "$WORK/A.nf" "$WORK/B.nf"); then
  pass "a two-sample sheet = the two samples run alone, one after the other"
else
  fail "the sample sheet run differs from the per-sample runs"
fi

counts=$("$PY" - "$WORK/t1.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["merge"]
ok = [s["pairs"] == s["merged"] + s["not_merged"] == s["merged"] + sum(s["failures"].values())
      and s["combined"] == s["not_merged"] for s in m["samples"] + [m["total"]]]
print(all(ok), [s["sample"] for s in m["samples"]], [s["pairs"] for s in m["samples"]], m["total"]["pairs"])
PY
)
if [ "$counts" = "True ['A', 'B'] [8000, 3000] 11000" ]; then
  pass "JSON report: per-sample pairs = merged + not merged = merged + failures, total 11000"
else
  fail "JSON report counts: $counts"
fi
finish
