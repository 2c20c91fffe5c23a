#!/usr/bin/env bash
# k above 63 (256-bit k-mer words): a simulated 50 kbp genome with an 80-bp segment present three
# times (simulate_genome.py --mid-repeat 80), 40x pairs of 150 bp. At k=63 without pair joins no
# contig can span the repeat; at k=63 with them (the default), the pairs place each copy between
# its own flanks (every copy spanned, every contig an exact substring); with --k-list 63,99 each copy is inside a contig with 100 bp of unique sequence on both
# sides, every contig is still an exact substring of the genome, they cover >= 99 % of it
# (check_contigs.py, independent of plateau-assemble), GFA links overlap by 98 bases
# (check_gfa.py), and the output is the same at 1 and 3 threads.
source "$(dirname "$0")/../lib.sh"
here=$(dirname "$0")
$PY "$here/simulate_genome.py" "$WORK/w" --coverage 40 --error-rate 0.001 --seed 5 --mid-repeat 80

# The three copies with 100 bp of flank on each side, from the genome file.
spans() { $PY -c "
import sys
g = ''.join(l.strip() for l in open('$WORK/w.genome.fa') if not l.startswith('>'))
c = ''.join(l.strip() + ('\n' if not l.startswith('>') else '') for l in open(sys.argv[1]) if not l.startswith('>'))
rc = lambda s: s.translate(str.maketrans('ACGT', 'TGCA'))[::-1]
found = sum(1 for s in (10000, 20000, 35000) if g[s - 100:s + 180] in c or rc(g[s - 100:s + 180]) in c)
print(found)" "$1"; }

"$TOOL_BIN" -1 "$WORK/w_1.fq" -2 "$WORK/w_2.fq" -o "$WORK/k63" --k-list 63 --no-pair-joins 2> /dev/null
check "k=63 without pair joins: no contig spans a copy of the 80-bp repeat ($(spans "$WORK/k63/contigs.fa") of 3)" \
  [ "$(spans "$WORK/k63/contigs.fa")" = 0 ]
"$TOOL_BIN" -1 "$WORK/w_1.fq" -2 "$WORK/w_2.fq" -o "$WORK/k63p" --k-list 63 2> /dev/null
check "k=63 with pair joins: every copy of the repeat is spanned ($(spans "$WORK/k63p/contigs.fa") of 3)" \
  [ "$(spans "$WORK/k63p/contigs.fa")" = 3 ]
check "k=63 with pair joins: every contig is an exact substring of the genome" \
  $PY "$here/check_contigs.py" "$WORK/w.genome.fa" "$WORK/k63p/contigs.fa"
"$TOOL_BIN" -1 "$WORK/w_1.fq" -2 "$WORK/w_2.fq" -o "$WORK/k99" --k-list 63,99 -t 1 2> "$WORK/k99.err"
check "k=63,99: every copy of the repeat is spanned with 100 bp of flank ($(spans "$WORK/k99/contigs.fa") of 3)" \
  [ "$(spans "$WORK/k99/contigs.fa")" = 3 ]
gf=$($PY "$here/check_contigs.py" "$WORK/w.genome.fa" "$WORK/k99/contigs.fa" 2> "$WORK/check.err")
check "k=63,99: every contig is an exact substring of the genome ($(cat "$WORK/check.err"))" \
  $PY "$here/check_contigs.py" "$WORK/w.genome.fa" "$WORK/k99/contigs.fa"
check "k=63,99: contigs cover >= 99 % of the genome (independent: $gf %)" awk -v g="$gf" 'BEGIN { exit !(g >= 99) }'
check "k=63,99: GFA links overlap by 98 bases" \
  awk -F'\t' '$1 == "L" { n++; if ($6 != "98M") bad = 1 } END { exit bad }' "$WORK/k99/graph.gfa"
check "k=63,99: every GFA link's oriented sequences overlap ($($PY "$here/check_gfa.py" "$WORK/k99/graph.gfa" 2>&1 | tail -1))" \
  $PY "$here/check_gfa.py" "$WORK/k99/graph.gfa"
"$TOOL_BIN" -1 "$WORK/w_1.fq" -2 "$WORK/w_2.fq" -o "$WORK/k99t3" --k-list 63,99 -t 3 2> /dev/null
check "k=63,99: the same contigs and graph at 1 and 3 threads" \
  cmp -s "$WORK/k99/contigs.fa" "$WORK/k99t3/contigs.fa" && cmp -s "$WORK/k99/graph.gfa" "$WORK/k99t3/graph.gfa"
"$TOOL_BIN" -1 "$WORK/w_1.fq" -2 "$WORK/w_2.fq" -o "$WORK/k127" --k-list 127 2> /dev/null
check "k=127 alone runs and every contig is an exact substring" \
  $PY "$here/check_contigs.py" "$WORK/w.genome.fa" "$WORK/k127/contigs.fa"
finish
