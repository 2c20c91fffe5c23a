#!/usr/bin/env bash
# Single-end adapters outside the built-in list, found de novo (k-mer seeds grown into the
# adapter): reads simulated from the lambda phage genome (Debian bowtie2-examples), 10% of them
# running into an adapter made up for this test, then into random bases. Recall and false trims
# are scored against the truth table, beside fastp 0.23.2 run live on the same reads.
source "$(dirname "$0")/../lib.sh"
ref=$(debfile bowtie2-examples usr/share/doc/bowtie2/examples/reference/lambda_virus.fa.gz) || exit 1
gen=$SRC/tests/data/adapters/gen
novel=GTCAGTCCTACGATTGCAACTGGTACCGATTAC
"$PY" "$gen/splice_adapters.py" simulate --ref "$ref" --pairs 20000 --seed 5 --adapter-r1 $novel \
  --adapter-r2 CTTGACCGTAGTTCAGCAATCCGATGCATGA --out1 "$WORK/r1.fq.gz" --out2 "$WORK/r2.fq.gz" \
  --truth "$WORK/truth.tsv" > /dev/null 2>&1
"$PY" "$gen/splice_adapters.py" simulate --ref "$ref" --pairs 20000 --seed 6 --adapter-share 0 \
  --out1 "$WORK/c1.fq.gz" --out2 "$WORK/c2.fq.gz" --truth "$WORK/clean.tsv" > /dev/null 2>&1

for threads in 1 2; do
  "$TOOL_BIN" --quiet --threads $threads -i "$WORK/r1.fq.gz" -o "$WORK/se.$threads.fq.gz" -j "$WORK/se.$threads.json"
done
check "adapter discovered" grep -q '"adapter_source": "discovered"' "$WORK/se.1.json"
check "discovered adapter is the spliced one" grep -q "\"read1_adapter_sequence\": \"$novel\"" "$WORK/se.1.json"
check "same output at 1 and 2 threads" cmp -s "$WORK/se.1.fq.gz" "$WORK/se.2.fq.gz"
if "$PY" "$gen/score_se_trimming.py" "$WORK/truth.tsv" "$WORK/se.1.fq.gz" --min-removed-pct 98 \
     --max-false-trim-pct 0.05 --label "plateau-qc: " > "$WORK/score.txt"; then
  pass "$(cat "$WORK/score.txt")"
else
  fail "$(cat "$WORK/score.txt") (want >= 98% removed, <= 0.05% false trims)"
fi
ours=$(grep -o 'removed [0-9.]*' "$WORK/score.txt" | cut -d' ' -f2)

# fastp 0.23.2 on the same reads, with its default single-end adapter detection.
fastp -i "$WORK/r1.fq.gz" -o "$WORK/fastp.fq.gz" -j "$WORK/fastp.json" -h "$WORK/fastp.html" 2> "$WORK/fastp.err"
"$PY" "$gen/score_se_trimming.py" "$WORK/truth.tsv" "$WORK/fastp.fq.gz" --label "fastp $(fastp --version 2>&1 | cut -d' ' -f2): " \
  > "$WORK/fastp_score.txt"
theirs=$(grep -o 'removed [0-9.]*' "$WORK/fastp_score.txt" | cut -d' ' -f2)
check "recall at least fastp's ($(cat "$WORK/fastp_score.txt"))" awk -v a="$ours" -v b="$theirs" 'BEGIN { exit !(a >= b) }'

# Adapter-free reads: nothing discovered, nothing trimmed.
"$TOOL_BIN" --quiet -i "$WORK/c1.fq.gz" -o "$WORK/clean.fq.gz" -j "$WORK/clean.json"
check "adapter-free reads: no adapter" grep -q '"adapter_source": "none"' "$WORK/clean.json"
if "$PY" "$gen/score_se_trimming.py" "$WORK/clean.tsv" "$WORK/clean.fq.gz" --max-false-trim-pct 0 > "$WORK/clean.txt"; then
  pass "adapter-free reads: $(cat "$WORK/clean.txt")"
else
  fail "adapter-free reads: $(cat "$WORK/clean.txt")"
fi
finish
