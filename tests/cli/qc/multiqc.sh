#!/usr/bin/env bash
# Acceptance 4: MultiQC 1.14 (Debian package multiqc) reads our JSON with its fastp module and
# lists the sample in its general statistics, with the figures from our report.
source "$(dirname "$0")/../lib.sh"
command -v multiqc >/dev/null || { echo "multiqc is not installed (scripts/install-deps.sh test)"; exit 1; }
lambda=$(debfile bowtie2-examples usr/share/doc/bowtie2/examples/reads/reads_1.fq.gz) || exit 1
mkdir -p "$WORK/qc" "$WORK/in"
ln -s "$lambda" "$WORK/in/lambda_R1.fq.gz"
ln -s "${lambda%_1.fq.gz}_2.fq.gz" "$WORK/in/lambda_R2.fq.gz"
"$TOOL_BIN" --quiet -i "$WORK/in/lambda_R1.fq.gz" -I "$WORK/in/lambda_R2.fq.gz" -j "$WORK/qc/lambda.fastp.json"
check "plateau-qc wrote the JSON report" test -s "$WORK/qc/lambda.fastp.json"

multiqc --no-ansi -q -f -o "$WORK/mqc" "$WORK/qc" > "$WORK/multiqc.log" 2>&1
check "multiqc ran" test -s "$WORK/mqc/multiqc_data/multiqc_general_stats.txt"
check "multiqc's fastp module found the report" grep -q "fastp" "$WORK/mqc/multiqc_data/multiqc_sources.txt"

# The general statistics row must name the sample (from -i in "command") and carry our figures.
"$PY" - "$WORK/mqc/multiqc_data/multiqc_general_stats.txt" "$WORK/qc/lambda.fastp.json" <<'PYEOF' && pass "general stats list the sample with our figures" || fail "general stats do not match the report"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
report = json.load(open(sys.argv[2]))
assert len(rows) == 1, rows
row = rows[0]
assert "lambda_R1" in row["Sample"], row["Sample"]
def col(suffix):
    keys = [k for k in row if k.endswith(suffix)]
    assert keys, (suffix, list(row))
    return float(row[keys[0]])
passed = report["filtering_result"]["passed_filter_reads"]
total = report["summary"]["before_filtering"]["total_reads"]
assert abs(col("pct_surviving") - 100.0 * passed / total) < 0.01
assert abs(col("after_filtering_q30_rate") - report["summary"]["after_filtering"]["q30_rate"]) < 1e-6
assert col("filtering_result_passed_filter_reads") == passed
assert abs(col("pct_duplication") - 100.0 * report["duplication"]["rate"]) < 0.01
print("sample", row["Sample"], "surviving", col("pct_surviving"))
PYEOF
finish
