#!/usr/bin/env bash
# Acceptance 4: MultiQC 1.14 (Debian package multiqc) reads our JSON with its fastp module and
# lists the sample in its general statistics, with the figures from our report; and it reads our
# --fastqc-dir output with its FastQC module: the FastQC status table lists each file with the
# verdicts, sequence counts and %GC of our JSON.
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
# FastQC module: pairs (two fastqc_data.txt) and a single-end file with Illumina tile names.
"$PY" "$SRC/tests/data/fastqc-peer/gen/tile_reads.py" "$WORK/in/tiles.fq" 20000 casava 9
mkdir -p "$WORK/fq"
"$TOOL_BIN" --quiet -i "$WORK/in/lambda_R1.fq.gz" -I "$WORK/in/lambda_R2.fq.gz" -j "$WORK/fq/lambda.fastp.json" --fastqc-dir "$WORK/fq/fastqc"
"$TOOL_BIN" --quiet -i "$WORK/in/tiles.fq" -j "$WORK/fq/tiles.fastp.json" --fastqc-dir "$WORK/fq/fastqc"
multiqc --no-ansi -q -f -o "$WORK/mqc_fastqc" "$WORK/fq/fastqc" > "$WORK/multiqc_fastqc.log" 2>&1
table=$WORK/mqc_fastqc/multiqc_data/multiqc_fastqc.txt
check "multiqc's FastQC module read our fastqc_data.txt files" test -s "$table"
"$PY" - "$table" "$WORK/fq/lambda.fastp.json" "$WORK/fq/tiles.fastp.json" <<'PYEOF' && pass "FastQC status table: same samples, verdicts, sequence counts and %GC as our JSON" || fail "FastQC status table differs from our JSON"
import csv, json, sys
rows = {r["Sample"]: r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")}
lambda_json, tiles_json = (json.load(open(p)) for p in sys.argv[2:])
expected = {"lambda_R1": (lambda_json, "read1"), "lambda_R2": (lambda_json, "read2"), "tiles": (tiles_json, "read1")}
assert sorted(rows) == sorted(expected), sorted(rows)
for sample, (report, read) in expected.items():
    row, modules = rows[sample], report["plateau"]["fastqc"][read]
    compared = 0
    for m in modules:
        key = m["module"].lower().replace(" ", "_")
        if m["status"] == "not_applicable":
            assert key not in row or row[key] == "", (sample, key, row.get(key))
            continue
        assert row[key] == m["status"], (sample, key, row[key], m["status"])
        compared += 1
    info = modules[0]["info"]
    assert float(row["Total Sequences"]) == float(info["Total Sequences"]) == report[read + "_before_filtering"]["total_reads"], sample
    assert float(row["%GC"]) == float(info["%GC"]), sample
    print(sample, compared, "verdicts,", row["Total Sequences"], "sequences, %GC", row["%GC"])
    assert compared >= 10, compared
assert rows["tiles"]["per_tile_sequence_quality"] == "warn"
PYEOF
finish
