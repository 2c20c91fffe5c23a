#!/usr/bin/env bash
# run: the same bytes for every output at --threads 1 and 2 (the report's command line and run
# timings aside), without primers (dada2's sam1/sam2) and with primer removal (a 5' and a 3'
# sequence that most of these V4 reads carry, so the primers step keeps some and drops others),
# with the intermediate files kept (--keep-work) in one of the runs.
source "$(dirname "$0")/../lib.sh"
extdata=usr/lib/R/site-library/dada2/extdata
export SOURCE_DATE_EPOCH=1767225600
for s in sam1 sam2; do
  printf '%s\t%s\t%s\n' $s "$(debfile r-bioc-dada2 $extdata/${s}F.fastq.gz)" "$(debfile r-bioc-dada2 $extdata/${s}R.fastq.gz)"
done > "$WORK/sheet.tsv"
strip_timings() {  # FILE: the report without its command line and run figures
  "$PY" - "$1" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
if sys.argv[1].endswith('.json'):
    r = json.loads(text)
    del r["command"], r["plateau"]["run"]
    print(json.dumps(r, sort_keys=True))
else:
    print(re.sub(r'(?s)<footer>.*?</footer>|<pre class="cmd">.*?</pre>', '', text))
PY
}
compare() {  # TAG OPTIONS...: runs at 1 and 2 threads, compares the outputs
  local tag=$1; shift
  "$TOOL_BIN" run --quiet -t 1 --samples "$WORK/sheet.tsv" --outdir "$WORK/$tag.1" "$@" --keep-work || { fail "$tag -t 1"; return; }
  "$TOOL_BIN" run --quiet -t 2 --samples "$WORK/sheet.tsv" --outdir "$WORK/$tag.2" "$@" || { fail "$tag -t 2"; return; }
  local differ=""
  for f in abundance.biom abundance.tsv seeds.fasta composition.tsv excluded.tsv; do
    cmp -s "$WORK/$tag.1/$f" "$WORK/$tag.2/$f" || differ+=" $f"
  done
  for f in report.json report.html; do
    cmp -s <(strip_timings "$WORK/$tag.1/$f") <(strip_timings "$WORK/$tag.2/$f") || differ+=" $f"
  done
  local rows; rows=$(($(wc -l < "$WORK/$tag.1/abundance.tsv") - 1))
  if [ -z "$differ" ] && [ "$rows" -gt 2 ]; then pass "$tag: every output the same at -t 1 and -t 2 ($rows clusters)"
  else fail "$tag: outputs differ:$differ ($rows clusters)"; fi
}
compare without_primers --without-primers --min-amplicon-size 250 --max-amplicon-size 256 --differences 1
compare with_primers --five-prime TACGGAGGAT --three-prime ATCAAACAGG --min-amplicon-size 200 --max-amplicon-size 256 \
  --chimera lenient --min-sample-presence 2
check "--keep-work keeps the intermediate files" test -s "$WORK/with_primers.1/work/sample2.primers.fastq"
check "without --keep-work no work folder is left" test ! -e "$WORK/with_primers.2/work"
finish
