#!/usr/bin/env bash
# taxonomy --method rdp vs dada2 1.26 assignTaxonomy (R, run live) with example_train_set.fa.gz
# as the reference: the MiSeq reads of sam1F and dada2's example_seqs.fa, minBoot 80, strand plus
# and tryRC (--strand both, on reverse-complemented reads). Names per rank must agree on >= 99 %
# of the queries at every rank; each disagreement is listed with both supports (dada2 draws its
# bootstraps from R's runif after set.seed(1), which we reproduce; it breaks exact ties between
# genera at random where we take the earlier, and sums in float where we sum in double, so a call
# can still differ). The number of queries with identical supports is printed. Also: same bytes at
# 1 and 2 threads.
source "$(dirname "$0")/../lib.sh"
command -v Rscript >/dev/null || { echo "R is not installed (scripts/install-deps.sh test)"; exit 1; }
Rscript -e 'quit(status = !nzchar(system.file(package = "dada2")))' 2>/dev/null || { echo "r-bioc-dada2 is not installed"; exit 1; }
extdata=usr/lib/R/site-library/dada2/extdata
train=$(debfile r-bioc-dada2 $extdata/example_train_set.fa.gz) || exit 1
reads=$(debfile r-bioc-dada2 $extdata/sam1F.fastq.gz) || exit 1
examples=$(debfile r-bioc-dada2 $extdata/example_seqs.fa) || exit 1

"$TOOL_BIN" db --quiet "$train" -o "$WORK/train.db"
check "db: example_train_set indexed (dada2 layout)" test -s "$WORK/train.db"
$PY - "$reads" "$examples" "$WORK" <<'PY'
import gzip, sys
reads, examples, work = sys.argv[1:4]
lines = gzip.open(reads, 'rt').read().split('\n')
comp = {'A': 'T', 'C': 'G', 'G': 'C', 'T': 'A'}
seqs = [('read%d' % (i // 4), lines[i + 1]) for i in range(0, 1200, 4)]
ex = open(examples).read().split('>')[1:]
seqs += [('example%d' % j, e.split('\n', 1)[1].replace('\n', '')) for j, e in enumerate(ex)]
with open(work + '/q.fa', 'w') as q, open(work + '/rc.fa', 'w') as rc:
    for n, s in seqs: q.write('>%s\n%s\n' % (n, s))
    for n, s in seqs[:100]: rc.write('>rc_%s\n%s\n' % (n, ''.join(comp[c] for c in reversed(s))))
PY

# One R session (loading dada2 takes most of the time): plus strand, then tryRC.
Rscript - "$train" "$WORK" <<'R' 2>/dev/null
suppressMessages(library(dada2))
a <- commandArgs(trailingOnly = TRUE)
run <- function(fasta, try_rc, out_file) {
  seqs <- getSequences(fasta)
  set.seed(1)
  tt <- assignTaxonomy(seqs, a[1], minBoot = 80, tryRC = try_rc, outputBootstraps = TRUE, multithread = FALSE)
  tax <- tt$tax; tax[is.na(tax)] <- ""
  out <- cbind(names(seqs), apply(tax, 1, paste, collapse = ";"), apply(tt$boot, 1, paste, collapse = ";"))
  write.table(out, out_file, sep = "\t", quote = FALSE, row.names = FALSE, col.names = FALSE)
}
run(file.path(a[2], "q.fa"), FALSE, file.path(a[2], "d.plus.tsv"))
run(file.path(a[2], "rc.fa"), TRUE, file.path(a[2], "d.rc.tsv"))
R

compare() {  # compare NAME DADA2_TSV OURS_AFFILIATION
  $PY - "$2" "$3" <<'PY'
import sys
d = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])]
p = [l.rstrip('\n').split('\t') for l in open(sys.argv[2]) if not l.startswith('#')]
assert len(d) == len(p) > 0, (len(d), len(p))
ranks = len(p[0][1].split(';'))
worst = 1.0
for k in range(ranks):
    agree = sum(1 for a, b in zip(d, p) if a[1].split(';')[k] == b[1].split(';')[k])
    worst = min(worst, agree / len(d))
for a, b in zip(d, p):
    assert a[0] == b[0]
    if a[1] != b[1]:
        print('  %s: dada2 %s (boot %s) | ours %s (support %s)' % (a[0], a[1], a[2], b[1], b[2]))
same_support = sum(1 for a, b in zip(d, p) if [int(x) for x in a[2].split(';')] == [round(float(x) * 100) for x in b[2].split(';')])
print('  worst per-rank agreement: %.4f over %d queries; bootstrap supports identical for %d' % (worst, len(d), same_support))
sys.exit(0 if worst >= 0.99 else 1)
PY
  if [ $? -eq 0 ]; then pass "$1: names per rank agree with dada2 assignTaxonomy >= 99 %"
  else fail "$1: agreement with dada2 assignTaxonomy below 99 %"; fi
}

"$TOOL_BIN" taxonomy --quiet --method rdp --db "$WORK/train.db" -i "$WORK/q.fa" -o "$WORK/p.plus.aff" --min-boot 80 -t 2
compare "minBoot 80, 306 queries" "$WORK/d.plus.tsv" "$WORK/p.plus.aff"
"$TOOL_BIN" taxonomy --quiet --method rdp --db "$WORK/train.db" -i "$WORK/q.fa" -o "$WORK/p1.aff" --min-boot 80 -t 1
check "same bytes at 1 and 2 threads" cmp -s "$WORK/p1.aff" "$WORK/p.plus.aff"
"$TOOL_BIN" taxonomy --quiet --method rdp --db "$WORK/train.db" -i "$WORK/rc.fa" -o "$WORK/p.rc.aff" --min-boot 80 \
  --strand both -t 2
compare "tryRC / --strand both, 100 reverse-complemented reads" "$WORK/d.rc.tsv" "$WORK/p.rc.aff"
finish
