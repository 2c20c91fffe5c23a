#!/usr/bin/env bash
# evaluate against known answers: contigs cut from a two-sequence reference with one planted
# relocation, inversion, translocation and local misassembly (plant_misassemblies.py, where each
# expected value is derived). minimap2 may extend an alignment by a base or two across a junction,
# so block lengths are checked to +-5 bases.
source "$(dirname "$0")/../lib.sh"
command -v minimap2 > /dev/null || { echo "skip - minimap2 not installed"; exit 0; }
$PY "$(dirname "$0")/plant_misassemblies.py" "$WORK/p"
"$TOOL_BIN" evaluate "$WORK/p.contigs.fa" -r "$WORK/p.ref.fa" --tsv "$WORK/p.tsv" --json "$WORK/p.json" \
  --html "$WORK/p.html" 2> "$WORK/err"
get() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$WORK/p.tsv"; }
expect() {  # expect ROW VALUE
  check "$1 = $2 (got $(get "$1"))" [ "$(get "$1")" = "$2" ]
}
near() {  # near ROW VALUE TOLERANCE
  check "$1 = $2 +- $3 (got $(get "$1"))" awk -v g="$(get "$1")" -v w="$2" -v t="$3" 'BEGIN { d = g - w; exit !(d <= t && -d <= t) }'
}
expect '# contigs' 6                     # "short" (300 bp) is below --min-contig 500
expect 'Total length' 59500
expect 'Reference length' 60000
expect 'N50' 10000                       # 15000 + 10000 + 10000 >= 29750
expect '# misassemblies' 3
expect '# relocations' 1
expect '# inversions' 1
expect '# translocations' 1
expect '# misassembled contigs' 3
expect '# local misassemblies' 1
expect '# unaligned contigs' '0 + 0 part'
near 'NGA50' 5000 5                      # blocks 15000, 10000, 5000 x 6, 4500: 15000 + 10000 + 5000 >= 30000
near 'Genome fraction (%)' 99.17 0.01    # all but chrA[37000:37500]: 59500 / 60000
expect 'Duplication ratio' 1.00
expect '# mismatches per 100 kbp' 0.00
check "JSON agrees with the TSV" $PY -c "
import json, sys
m = json.load(open('$WORK/p.json'))['metrics']
sys.exit(not (m['relocations'] == 1 and m['inversions'] == 1 and m['translocations'] == 1 and m['contigs'] == 6))"
check "HTML report: self-contained, and every TSV row with its value (the planted answers above)" $PY -c "
import re, sys
page = open('$WORK/p.html').read()
rows = dict(l.rstrip('\\n').split('\\t') for l in open('$WORK/p.tsv') if not l.startswith('Assembly'))
cells = {re.sub('<[^>]+>', '', th): re.sub('<[^>]+>', '', td).replace(',', '')
         for th, td in re.findall(r'<tr><th>(.*?)</th>(.*?)</tr>', page)}
missing = [k for k in ('# contigs', 'Total length', 'N50', 'NGA50', '# misassemblies', '# relocations', '# inversions',
                       '# translocations', '# local misassemblies', 'Genome fraction (%)', 'Duplication ratio')
           if cells.get(k.replace('&', '&amp;')) != rows[k]]
sys.exit(bool(missing or '<script' in page or 'http' in page.split('</header>')[-1]) and print(missing) is None)"
"$TOOL_BIN" evaluate "$WORK/p.contigs.fa" -r "$WORK/p.ref.fa" --minimap2 /nonexistent/minimap2 --tsv "$WORK/x.tsv" 2> "$WORK/x.err"
rc=$?
check "a missing minimap2: exit 1, one error line, no TSV ($(cat "$WORK/x.err"))" \
  bash -c "[ $rc -eq 1 ] && [ \$(wc -l < '$WORK/x.err') -eq 1 ] && [ ! -e '$WORK/x.tsv' ]"
finish
