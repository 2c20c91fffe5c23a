#!/usr/bin/env bash
# filter vs vsearch 2.22.1 --fastq_filter run live: the same reads kept, byte for byte, for length,
# N and expected-error limits (EE = sum of 10^(-Q/10), discarded when EE > max); and each discard
# reason's count checked by running vsearch with the limits added one at a time in our order
# (length, N, expected errors): each run's extra discards are that reason's count.
# Data: dada2's MiSeq V4 pairs merged with vsearch, and random reads around the length and N limits
# (some in lower case or mixed case, written back unchanged as vsearch writes them).
source "$(dirname "$0")/../lib.sh"
extdata=usr/lib/R/site-library/dada2/extdata
f=$(debfile r-bioc-dada2 $extdata/sam1F.fastq.gz) && r=$(debfile r-bioc-dada2 $extdata/sam1R.fastq.gz) || exit 1
vsearch --fastq_mergepairs "$f" --reverse "$r" --fastq_allowmergestagger --fastq_maxdiffpct 10 --fastq_qmax 93 \
  --threads 1 --fastqout "$WORK/merged.fq" 2> /dev/null || { fail "vsearch merge"; finish; exit; }
$PY - > "$WORK/random.fq" <<'PYEOF'
import random
r = random.Random(5)
for i in range(20000):
    n = r.choice([0, 1, 5, 19, 20, 21, 100, 150, 199, 200, 201, 250, 300]) + r.randrange(0, 3)
    s = "".join(r.choice("ACGTACGTACGTN" if r.random() < 0.3 else "ACGT") for _ in range(n))
    if r.random() < 0.1:  # lower case (n counts as N), kept as it is by vsearch
        s = s.lower() if r.random() < 0.5 else "".join(c.lower() if r.random() < 0.3 else c for c in s)
    hi = r.choice([41, 41, 30, 20])
    q = "".join(chr(33 + r.randrange(0, hi + 1)) for _ in range(n))
    print(f"@f{i} x\n{s}\n+\n{q}")
PYEOF
discarded() { vsearch --fastq_filter "$1" --fastq_qmax 93 "${@:2}" --fastqout /dev/null 2>&1 | sed -n 's/.* \([0-9]*\) sequences discarded.*/\1/p'; }

# case NAME INPUT MIN MAX MAXNS MAXEE
case_() {
  local name=$1 in=$2 min=$3 max=$4 ns=$5 ee=$6
  vsearch --fastq_filter "$in" --fastq_qmax 93 --fastq_minlen "$min" --fastq_maxlen "$max" --fastq_maxns "$ns" \
    --fastq_maxee "$ee" --fastqout "$WORK/$name.vsearch.fq" 2> /dev/null
  "$TOOL_BIN" filter --min-length "$min" --max-length "$max" --max-ns "$ns" --max-ee "$ee" -o "$WORK/$name.ours.fq" "$in" \
    2> "$WORK/$name.log" || { fail "$name: $(cat "$WORK/$name.log")"; return; }
  local kept; kept=$(( $(wc -l < "$WORK/$name.vsearch.fq") / 4 ))
  cmp -s "$WORK/$name.vsearch.fq" "$WORK/$name.ours.fq" && pass "$name: $kept reads kept, identical to vsearch's" \
    || fail "$name: output differs from vsearch's ($kept reads kept there)"
  local d1 d2 d3 d4 expect got
  d1=$(discarded "$in" --fastq_minlen "$min")
  d2=$(discarded "$in" --fastq_minlen "$min" --fastq_maxlen "$max")
  d3=$(discarded "$in" --fastq_minlen "$min" --fastq_maxlen "$max" --fastq_maxns "$ns")
  d4=$(discarded "$in" --fastq_minlen "$min" --fastq_maxlen "$max" --fastq_maxns "$ns" --fastq_maxee "$ee")
  expect="$d1 too short, $((d2 - d1)) too long, $((d3 - d2)) with too many N, $((d4 - d3)) with too many expected errors"
  got=$(sed -n 's/.*discarded: \(.*errors\);.*/\1/p' "$WORK/$name.log")
  local json; json=$("$TOOL_BIN" filter --quiet --min-length "$min" --max-length "$max" --max-ns "$ns" --max-ee "$ee" -o "$WORK/$name.again.fq" \
    --json - "$in" | $PY -c 'import json, sys; f = json.load(sys.stdin)["filter"]
print("%d too short, %d too long, %d with too many N, %d with too many expected errors" % (f["too_short"], f["too_long"], f["too_many_ns"], f["too_many_expected_errors"]))')
  [ "$json" = "$got" ] || fail "$name: --json counts '$json' differ from the summary line '$got'"
  [ "$got" = "$expect" ] && pass "$name: discard reasons as vsearch step by step ($got)" \
    || fail "$name: discard reasons '$got', vsearch step by step '$expect'"
}
case_ merged.ee1 "$WORK/merged.fq" 1 100000 100000 1
case_ merged.window_ee05 "$WORK/merged.fq" 252 253 0 0.5
case_ merged.ee01 "$WORK/merged.fq" 200 300 0 0.1
case_ random.ee1 "$WORK/random.fq" 20 200 0 1
case_ random.ee25 "$WORK/random.fq" 20 240 2 2.5
case_ random.ee37 "$WORK/random.fq" 1 300 5 3.7
case_ random.minlen0 "$WORK/random.fq" 0 1000 1000 1000

# FASTA out (FROGS writes FASTA after its filters) vs vsearch --fastaout on one line; gzip out.
vsearch --fastq_filter "$WORK/random.fq" --fastq_minlen 20 --fastq_maxns 0 --fastaout "$WORK/v.fa" --fasta_width 0 2> /dev/null
"$TOOL_BIN" filter --quiet --fasta --min-length 20 --max-ns 0 -o "$WORK/o.fa.gz" "$WORK/random.fq" &&
  cmp -s <(zcat "$WORK/o.fa.gz") "$WORK/v.fa" && pass "FASTA gzip output identical to vsearch --fastaout" \
  || fail "FASTA gzip output differs from vsearch --fastaout"
finish
