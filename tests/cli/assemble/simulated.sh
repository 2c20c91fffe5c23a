#!/usr/bin/env bash
# Assembly of a simulated 50 kbp genome with planted repeats (simulate_genome.py), checked
# independently of plateau-assemble by check_contigs.py: every contig is an exact substring of the
# genome or its reverse complement, and contigs cover at least 99 % of it. Also: the same bytes at
# 1 and 4 threads, gzip input gives the same contigs, GFA segments are the contigs, and evaluate
# (minimap2) finds no misassembly and an NGA50 equal to the NG50 computed here from the lengths.
source "$(dirname "$0")/../lib.sh"
here=$(dirname "$0")
$PY "$here/simulate_genome.py" "$WORK/sim" --length 50000 --coverage 30 --seed 7

"$TOOL_BIN" -1 "$WORK/sim_1.fq" -2 "$WORK/sim_2.fq" -o "$WORK/t1" -t 1 2> "$WORK/t1.err"
check "assembles (exit 0)" [ -s "$WORK/t1/contigs.fa" ]
"$TOOL_BIN" -1 "$WORK/sim_1.fq" -2 "$WORK/sim_2.fq" -o "$WORK/t4" -t 4 2> "$WORK/t4.err"
check "contigs.fa identical at 1 and 4 threads" cmp -s "$WORK/t1/contigs.fa" "$WORK/t4/contigs.fa"
check "graph.gfa identical at 1 and 4 threads" cmp -s "$WORK/t1/graph.gfa" "$WORK/t4/graph.gfa"

gf=$($PY "$here/check_contigs.py" "$WORK/sim.genome.fa" "$WORK/t1/contigs.fa" 2> "$WORK/check.err")
check "every contig is an exact substring of the genome ($(cat "$WORK/check.err"))" [ -s "$WORK/t1/contigs.fa" ] \
  && $PY "$here/check_contigs.py" "$WORK/sim.genome.fa" "$WORK/t1/contigs.fa" > /dev/null
check "contigs cover >= 99 % of the genome (independent: $gf %)" awk -v g="$gf" 'BEGIN { exit !(g >= 99) }'
check "contig names carry length and coverage" \
  awk '/^>/ { if ($0 !~ /^>NODE_[0-9]+_length_[0-9]+_cov_[0-9.]+$/) bad = 1; n++ } END { exit bad || !n }' "$WORK/t1/contigs.fa"
check "names' lengths are the sequences' lengths" \
  awk '/^>/ { split($0, f, "_"); want = f[4]; next } { if (length($0) != want) bad = 1 } END { exit bad }' "$WORK/t1/contigs.fa"
check "GFA segments are exactly the contigs" \
  diff <(awk -F'\t' '$1 == "S" { print ">" $2; print $3 }' "$WORK/t1/graph.gfa") "$WORK/t1/contigs.fa"
check "GFA links name existing segments with a (k-1)M overlap" \
  awk -F'\t' '$1 == "S" { s[$2] = 1 } $1 == "L" { if (!($2 in s) || !($4 in s) || $6 != "98M") bad = 1 } END { exit bad }' "$WORK/t1/graph.gfa"
check "every GFA link's oriented sequences overlap by k-1 bases ($($PY "$here/check_gfa.py" "$WORK/t1/graph.gfa" 2>&1 | tail -1))" \
  $PY "$here/check_gfa.py" "$WORK/t1/graph.gfa"
"$TOOL_BIN" -1 "$WORK/sim_1.fq" -2 "$WORK/sim_2.fq" -o "$WORK/all" --min-contig-len 0 2> /dev/null
check "with every unitig written, links exist and all overlap by k-1 ($($PY "$here/check_gfa.py" "$WORK/all/graph.gfa" 2>&1 | tail -1))" \
  $PY "$here/check_gfa.py" "$WORK/all/graph.gfa"
check "JSON report: schema, tool, contig count" $PY -c "
import json, sys
r = json.load(open('$WORK/t1/assembly.json'))
n = sum(1 for l in open('$WORK/t1/contigs.fa') if l.startswith('>'))
sys.exit(not (r['plateau']['tool'] == 'plateau-assemble' and r['contigs']['count'] == n and r['k_stages'][-1]['k'] == 99))"
check "HTML report: contig count from the FASTA, the k-mer histogram drawn" bash -c "
  n=\$(grep -c '>' '$WORK/t1/contigs.fa')
  grep -q \"Contigs</th><td class=\\\"n\\\">\$n<\" '$WORK/t1/assembly.html' && grep -q '<svg' '$WORK/t1/assembly.html'"
check "one progress-free summary line on stderr ends the run" grep -q 'plateau-assemble .* done: 10000 reads' "$WORK/t1.err"

gzip -c "$WORK/sim_1.fq" > "$WORK/sim_1.fq.gz"; gzip -c "$WORK/sim_2.fq" > "$WORK/sim_2.fq.gz"
"$TOOL_BIN" -1 "$WORK/sim_1.fq.gz" -2 "$WORK/sim_2.fq.gz" -o "$WORK/gz" -t 2 2> /dev/null
check "gzip input gives the same contigs" cmp -s "$WORK/t1/contigs.fa" "$WORK/gz/contigs.fa"
"$TOOL_BIN" -r "$WORK/sim_1.fq,$WORK/sim_2.fq" -o "$WORK/se" 2> /dev/null
"$TOOL_BIN" -1 "$WORK/sim_1.fq" -2 "$WORK/sim_2.fq" -o "$WORK/np" --no-pair-joins 2> /dev/null
check "the same reads as single-end files give the contigs of the pairs without pair joins" \
  cmp -s "$WORK/np/contigs.fa" "$WORK/se/contigs.fa"

if command -v minimap2 > /dev/null; then
  "$TOOL_BIN" evaluate "$WORK/t1/contigs.fa" -r "$WORK/sim.genome.fa" --tsv "$WORK/eval.tsv" --json "$WORK/eval.json" 2> /dev/null
  ng50=$(awk '!/^>/ && length($0) >= 500 { print length($0) }' "$WORK/t1/contigs.fa" | sort -rn |
         awk '{ s += $1; if (s >= 25000) { print $1; exit } }')
  check "evaluate: no misassembly" grep -qx $'# misassemblies\t0' "$WORK/eval.tsv"
  check "evaluate: NGA50 = NG50 of the lengths ($ng50)" grep -qx "NGA50"$'\t'"$ng50" "$WORK/eval.tsv"
  check "evaluate: JSON has the same NGA50" $PY -c "import json,sys; sys.exit(json.load(open('$WORK/eval.json'))['metrics']['nga50'] != $ng50)"
else
  echo "skip - minimap2 not installed: evaluate not checked"
fi
finish
