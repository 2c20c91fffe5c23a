#!/usr/bin/env bash
# Acceptance 3: plateau-qc's FastQC-style verdicts on FastQC's own example.fastq equal the
# verdicts in the shipped example_fastqc_expected_summary.txt (Debian package fastqc), for every
# module we implement (all but the disabled "Kmer Content").
source "$(dirname "$0")/../lib.sh"
example=$(debfile fastqc usr/share/doc/fastqc/examples/example.fastq) || exit 1
expected=$(dirname "$example")/example_fastqc_expected_summary.txt
"$TOOL_BIN" --quiet -i "$example" -j "$WORK/example.fastp.json"
"$PY" - "$WORK/example.fastp.json" "$expected" > "$WORK/verdicts.txt" <<'PYEOF'
import json, sys
ours = {m["module"]: m["status"].upper() for m in json.load(open(sys.argv[1]))["plateau"]["fastqc"]["read1"]}
not_implemented = {"Kmer Content"}
failures = compared = 0
for line in open(sys.argv[2]):
    status, module, _ = line.rstrip("\n").split("\t")
    if module in not_implemented:
        continue
    compared += 1
    got = ours.get(module, "missing")
    print(("ok  " if got == status else "FAIL"), module, "expected", status, "got", got)
    failures += got != status
print(f"{compared} modules compared")
sys.exit(1 if failures or compared < 11 else 0)
PYEOF
rc=$?
cat "$WORK/verdicts.txt"
check "every implemented module matches FastQC's expected summary" test $rc -eq 0
finish
