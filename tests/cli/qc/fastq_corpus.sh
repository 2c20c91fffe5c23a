#!/usr/bin/env bash
# The Cock et al. (2009) FASTQ corpus (tests/data/fastq-corpus, README.md there): every error_*
# file is rejected with exit 1 and one error line naming the file and record, and no output; every
# valid file is read with the right number of records; and qualities are converted exactly:
# *_original_illumina with --phred64, *_original_solexa with --solexa, and every *_as_illumina with
# --phred64 give the qualities of the matching *_as_sanger file (the authors' conversion).
source "$(dirname "$0")/../lib.sh"
corpus=$SRC/tests/data/fastq-corpus
ls "$corpus"/error_*.fastq > /dev/null || exit 1

# run_qc OUT INPUT [OPTIONS...]: no trimming or filtering, every read is written as read.
run_qc() {
  local out=$1 in=$2; shift 2
  "$TOOL_BIN" --quiet -A -Q -L -G --dont-eval-duplication "$@" -i "$in" -o "$out"
}

rejected=0
for f in "$corpus"/error_*.fastq; do
  name=$(basename "$f")
  rm -f "$WORK/out.fq"
  run_qc "$WORK/out.fq" "$f" 2> "$WORK/stderr"
  rc=$?
  lines=$(wc -l < "$WORK/stderr")
  if [ "$rc" -eq 1 ] && [ "$lines" -eq 1 ] && grep -qF "plateau-qc: error: $f: record " "$WORK/stderr" && [ ! -e "$WORK/out.fq" ]; then
    rejected=$((rejected + 1))
  else
    fail "$name: rc=$rc, $lines stderr lines: $(head -c 300 "$WORK/stderr")"
  fi
done
check "all 22 error_* files rejected (exit 1, one line naming file and record, no output)" test "$rejected" -eq 22

# Record counts: the *_as_* files have four lines per record (README.txt), and each original holds
# the records of its *_as_sanger file.
expected_records() {
  local f=$1 base
  case $f in
    *_original_*) base=${f%_original_*}; echo $(( $(wc -l < "${base}_as_sanger.fastq") / 4 )) ;;
    *) echo $(( $(wc -l < "$f") / 4 )) ;;
  esac
}
valid=0
for f in "$corpus"/*.fastq; do
  case $(basename "$f") in error_*) continue ;; esac
  run_qc "$WORK/out.fq" "$f" 2> "$WORK/stderr"
  rc=$?
  got=$(( $(wc -l < "$WORK/out.fq") / 4 ))
  want=$(expected_records "$f")
  if [ "$rc" -eq 0 ] && [ "$got" -eq "$want" ] && [ "$want" -gt 0 ]; then
    valid=$((valid + 1))
  else
    fail "$(basename "$f"): rc=$rc, $got records (want $want): $(head -c 300 "$WORK/stderr")"
  fi
done
check "all 28 valid files read with the right record count" test "$valid" -eq 28

# same_as_sanger OURS TRUTH: same titles, same sequences (we upper-case bases), same qualities.
same_as_sanger() {
  "$PY" - "$1" "$2" <<'PYEOF'
import sys
ours, truth = (open(p).read().split("\n") for p in sys.argv[1:])
assert len(ours) == len(truth), (len(ours), len(truth))
assert ours[0::4] == truth[0::4], "titles differ"
assert [s.upper() for s in ours[1::4]] == [s.upper() for s in truth[1::4]], "sequences differ"
for a, b in zip(ours[3::4], truth[3::4]):
    assert a == b, ("qualities differ", a, b)
PYEOF
}
convert_case() {  # convert_case INPUT TRUTH [OPTIONS...]
  local in=$1 truth=$2; shift 2
  rm -f "$WORK/conv.fq"
  run_qc "$WORK/conv.fq" "$corpus/$in" "$@" 2> "$WORK/stderr" && same_as_sanger "$WORK/conv.fq" "$corpus/$truth"
}
for base in longreads wrapping sanger_full_range misc_dna misc_rna; do
  check "${base}_original_sanger read as Phred+33 equals ${base}_as_sanger" convert_case "${base}_original_sanger.fastq" "${base}_as_sanger.fastq"
done
check "illumina_full_range_original_illumina with --phred64 equals its _as_sanger" \
  convert_case illumina_full_range_original_illumina.fastq illumina_full_range_as_sanger.fastq --phred64
check "solexa_full_range_original_solexa with --solexa equals its _as_sanger (Solexa log-odds to Phred)" \
  convert_case solexa_full_range_original_solexa.fastq solexa_full_range_as_sanger.fastq --solexa
# (Not sanger_full_range: Phred+64 cannot hold its scores above 62, so that conversion is lossy.)
for f in "$corpus"/*_as_illumina.fastq; do
  base=$(basename "$f" _as_illumina.fastq)
  [ "$base" = sanger_full_range ] && continue
  check "${base}_as_illumina with --phred64 equals ${base}_as_sanger" convert_case "${base}_as_illumina.fastq" "${base}_as_sanger.fastq" --phred64
done

# Files valid in one variant only (README.txt): the full Sanger range is not Phred+64 or Solexa+64,
# and the full Solexa range is not Phred+64.
wrong_encoding() {  # wrong_encoding FILE OPTION
  rm -f "$WORK/out.fq"
  run_qc "$WORK/out.fq" "$corpus/$1" "$2" 2> "$WORK/stderr"
  local rc=$?
  [ "$rc" -eq 1 ] && [ "$(wc -l < "$WORK/stderr")" -eq 1 ] && grep -q "invalid quality character" "$WORK/stderr" && [ ! -e "$WORK/out.fq" ]
}
check "sanger_full_range rejected as --phred64" wrong_encoding sanger_full_range_original_sanger.fastq --phred64
check "sanger_full_range rejected as --solexa" wrong_encoding sanger_full_range_original_sanger.fastq --solexa
check "solexa_full_range rejected as --phred64" wrong_encoding solexa_full_range_original_solexa.fastq --phred64
finish
