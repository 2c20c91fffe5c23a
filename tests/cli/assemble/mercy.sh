#!/usr/bin/env bash
# Mercy k-mers at low coverage (10x, 0.2 % substitution errors): with them the assembly has fewer, longer
# contigs than with --no-mercy, and every contig is still an exact substring of the genome
# (check_contigs.py, independent of plateau-assemble).
source "$(dirname "$0")/../lib.sh"
here=$(dirname "$0")
$PY "$here/simulate_genome.py" "$WORK/low" --coverage 10 --error-rate 0.002 --seed 9
"$TOOL_BIN" -1 "$WORK/low_1.fq" -2 "$WORK/low_2.fq" -o "$WORK/m" -t 1 2> "$WORK/m.err"
"$TOOL_BIN" -1 "$WORK/low_1.fq" -2 "$WORK/low_2.fq" -o "$WORK/n" --no-mercy 2> /dev/null
with=$(grep -c '>' "$WORK/m/contigs.fa"); without=$(grep -c '>' "$WORK/n/contigs.fa")
check "mercy k-mers were added ($(grep -o '[0-9]* mercy' "$WORK/m.err" | head -1))" grep -qE '\b[1-9][0-9]* mercy' "$WORK/m.err"
check "fewer contigs with mercy k-mers ($with) than without ($without)" [ "$with" -lt "$without" ]
check "with mercy k-mers every contig is an exact substring of the genome" \
  $PY "$here/check_contigs.py" "$WORK/low.genome.fa" "$WORK/m/contigs.fa"
"$TOOL_BIN" -1 "$WORK/low_1.fq" -2 "$WORK/low_2.fq" -o "$WORK/m3" -t 3 2> /dev/null
check "the same contigs at 1 and 3 threads" cmp -s "$WORK/m/contigs.fa" "$WORK/m3/contigs.fa"
finish
