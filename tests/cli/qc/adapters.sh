#!/usr/bin/env bash
# Acceptance 5: on pairs with adapters spliced in at known positions (simulated here from the
# lambda phage genome, Debian bowtie2-examples), at least 99% of adapter bases are removed and
# fewer than 0.05% of adapter-free reads are trimmed. The scorer compares against the truth file.
source "$(dirname "$0")/../lib.sh"
ref=$(debfile bowtie2-examples usr/share/doc/bowtie2/examples/reference/lambda_virus.fa.gz) || exit 1
gen=$SRC/tests/data/adapters/gen
"$PY" "$gen/splice_adapters.py" simulate --ref "$ref" --pairs 40000 --seed 11 \
  --out1 "$WORK/r1.fq.gz" --out2 "$WORK/r2.fq.gz" --truth "$WORK/truth.tsv" > /dev/null
check "simulated pairs with known adapter positions" test -s "$WORK/truth.tsv"

for threads in 1 2; do
  "$TOOL_BIN" --quiet --threads $threads -i "$WORK/r1.fq.gz" -I "$WORK/r2.fq.gz" -o "$WORK/o1.$threads.fq.gz" -O "$WORK/o2.$threads.fq.gz" \
        -j "$WORK/a.$threads.fastp.json"
done
if "$PY" "$gen/score_adapter_trimming.py" --min-removed-pct 99 --max-false-trim-pct 0.05 \
     "$WORK/truth.tsv" "$WORK/o1.1.fq.gz" "$WORK/o2.1.fq.gz" > "$WORK/score.txt"; then
  pass "pairs: $(grep -E '^adapter' "$WORK/score.txt" | tr '\n' ';')"
else
  fail "pairs: $(tr '\n' ';' < "$WORK/score.txt")"
fi
check "same trimming at 1 and 2 threads" cmp -s "$WORK/o1.1.fq.gz" "$WORK/o1.2.fq.gz"

# Single-end: read 1 alone, adapter auto-detected from the reads.
"$TOOL_BIN" --quiet -i "$WORK/r1.fq.gz" -o "$WORK/se.fq.gz" -j "$WORK/se.fastp.json"
check "single-end adapter detected" grep -q '"adapter_source": "detected"' "$WORK/se.fastp.json"
# Score read 1 only: pass read 1's output as both mates' file would double-count; use a stub R2 of untouched reads.
"$PY" - "$WORK/truth.tsv" "$WORK/se.fq.gz" > "$WORK/se_score.txt" <<'PYEOF' && pass "single-end: $(cat "$WORK/se_score.txt")" || fail "single-end: $(cat "$WORK/se_score.txt")"
import gzip, sys
truth = {}
for line in open(sys.argv[1]):
    f = line.split("\t")
    if not f[1].lstrip("-").isdigit(): continue
    truth[f[0]] = (int(f[1]), int(f[2]))
adapter_bases = removed = clean = clean_trimmed = 0
with gzip.open(sys.argv[2], "rt") as fh:
    while True:
        h = fh.readline()
        if not h: break
        seq = fh.readline().strip(); fh.readline(); fh.readline()
        name = h[1:].split()[0]
        if name.endswith("/1"): name = name[:-2]
        start, length = truth[name]
        if start < 0:
            clean += 1
            clean_trimmed += len(seq) < length
        else:
            adapter_bases += length - start
            removed += min(length - start, length - len(seq))
pct = 100.0 * removed / adapter_bases
false_pct = 100.0 * clean_trimmed / clean
print(f"removed {pct:.3f}% of adapter bases, {false_pct:.4f}% of clean reads trimmed")
sys.exit(0 if pct >= 99 and false_pct < 0.05 else 1)
PYEOF
finish
