#!/usr/bin/env bash
# Output order and every figure are identical at any --threads: compressed outputs are
# byte-identical and the JSON reports differ only in the command line and the run's timing.
source "$(dirname "$0")/../lib.sh"
lambda=$(debfile bowtie2-examples usr/share/doc/bowtie2/examples/reads/reads_1.fq.gz) || exit 1
lambda2=${lambda%_1.fq.gz}_2.fq.gz
for t in 1 2 5; do
  "$TOOL_BIN" --quiet --threads $t -i "$lambda" -I "$lambda2" -o "$WORK/t$t.1.fq.gz" -O "$WORK/t$t.2.fq.gz" \
        --unpaired1 "$WORK/t$t.u1.fq" --failed-out "$WORK/t$t.failed.fq.gz" -j "$WORK/t$t.json" --cut-right -x
done
strip() { "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); r.pop("command"); r["plateau"].pop("run"); print(json.dumps(r, sort_keys=True))' "$1"; }
for t in 2 5; do
  for f in 1.fq.gz 2.fq.gz u1.fq failed.fq.gz; do
    check "--threads $t: $f identical to --threads 1" cmp -s "$WORK/t1.$f" "$WORK/t$t.$f"
  done
  check "--threads $t: report figures identical to --threads 1" test "$(strip "$WORK/t1.json")" = "$(strip "$WORK/t$t.json")"
done
check "outputs are valid gzip" gzip -t "$WORK/t1.1.fq.gz" "$WORK/t1.failed.fq.gz"
check "failed reads carry their reason" grep -q "failed=low_quality" <(gzip -dc "$WORK/t1.failed.fq.gz")
finish
