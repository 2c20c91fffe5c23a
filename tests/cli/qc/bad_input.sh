#!/usr/bin/env bash
# Acceptance 6: bad input gives one clear error line naming the file (and the record where there
# is one), exit status 1, and leaves no output under its final name (nor temporary files).
source "$(dirname "$0")/../lib.sh"

good=$WORK/good.fq
for i in $(seq 1 200); do printf '@r%d/1\nACGTACGTACGTACGTACGTACGTACGTAC\n+\nIIIIIIIIIIIIIIIIIIIIIIIIIIIIII\n' "$i"; done > "$good"
sed 's#/1$#/2#' "$good" > "$WORK/good2.fq"

# Each case: name, expected text in the message, then the input arguments.
run_case() {
  local name=$1 expect=$2; shift 2
  local out=$WORK/out.$name
  mkdir -p "$out"
  "$TOOL_BIN" --quiet "$@" -o "$out/r1.fq.gz" $( [[ " $* " == *" -I "* ]] && echo "-O $out/r2.fq.gz" ) \
        -j "$out/report.fastp.json" --html "$out/report.html" 2> "$WORK/$name.err"
  check_failure "$name" 1 "$expect" "$out"
}

# Truncated gzip: a large enough file that output has already been written when the error hits.
for i in $(seq 1 100000); do printf '@t%d\nACGTACGTTGCAACGTACGTTGCAACGTACGTTGCA\n+\nIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII\n' "$i"; done | gzip -1 > "$WORK/full.fq.gz"
head -c $(( $(stat -c %s "$WORK/full.fq.gz") * 3 / 4 )) "$WORK/full.fq.gz" > "$WORK/truncated.fq.gz"
run_case truncated_gzip "$WORK/truncated.fq.gz: truncated gzip" -i "$WORK/truncated.fq.gz"

{ head -n 40 "$good"; printf '@x\nACGT\nIIII\n@y\nACGT\n+\nIIII\n'; } > "$WORK/no_plus.fq"
run_case missing_plus "$WORK/no_plus.fq: record 11 (line 44): expected a '+' line" -i "$WORK/no_plus.fq"

{ head -n 80 "$good"; printf '@x\nACGTACGT\n+\nIIII\n'; } > "$WORK/length.fq"
run_case length_mismatch "$WORK/length.fq: record 21 (line 84): sequence and quality lengths differ" -i "$WORK/length.fq"

head -n 400 "$WORK/good2.fq" | head -n 396 > "$WORK/short2.fq"
run_case mates_out_of_step "mates out of step: $WORK/short2.fq ends after record 99" -i "$good" -I "$WORK/short2.fq"

sed '201s#^@r51/2#@other/2#' "$WORK/good2.fq" > "$WORK/renamed2.fq"
run_case mate_names_differ "pair 51: mate names differ ('r51' vs 'other')" -i "$good" -I "$WORK/renamed2.fq"

: > "$WORK/empty.fq"
run_case empty_file "$WORK/empty.fq: empty file" -i "$WORK/empty.fq"

run_case missing_file "$WORK/nope.fq: cannot open: No such file or directory" -i "$WORK/nope.fq"

head -c 65536 /dev/urandom > "$WORK/junk.bin"
run_case binary_junk "$WORK/junk.bin" -i "$WORK/junk.bin"

printf '>s1\nACGT\n' > "$WORK/reads.fa"
run_case fasta_has_no_qualities "$WORK/reads.fa: FASTA has no base qualities" -i "$WORK/reads.fa"

# Without --quiet too, a failed run prints exactly one line: its error.
"$TOOL_BIN" -i "$WORK/nope.fq" -o "$WORK/x.fq" 2> "$WORK/loud.err"; rc=$?
check "without --quiet a failed run prints one error line and exits 1" \
  test "$rc" -eq 1 -a "$(wc -l < "$WORK/loud.err")" -eq 1 -a -n "$(grep '^plateau-qc: error: ' "$WORK/loud.err")"
# --log-level debug adds the version and command line at the start.
"$TOOL_BIN" --log-level debug -i "$good" 2> "$WORK/debug.err"; rc=$?
check "--log-level debug logs the version and command line, the summary ends the run" \
  test "$rc" -eq 0 -a -n "$(grep -F "plateau-qc $("$TOOL_BIN" --version | cut -d' ' -f2) started: $TOOL_BIN --log-level debug -i $good" "$WORK/debug.err")" \
       -a -n "$(tail -n1 "$WORK/debug.err" | grep 'done: 200 reads in, 200 passed; .* s wall, .* s CPU, .* MB peak RSS')"
# An unknown flag is a usage error too (exit 2).
"$TOOL_BIN" -i "$good" --no-such-flag 2> /dev/null; rc=$?
check "an unknown flag exits 2" test "$rc" -eq 2

# Invalid options exit with 2 and name the flag.
"$TOOL_BIN" -i "$good" --threads 0 2> "$WORK/opt.err"; rc=$?
check "invalid option value exits 2 naming the flag" test "$rc" -eq 2 -a -n "$(grep -- '--threads' "$WORK/opt.err")"

finish
