#!/usr/bin/env bash
# Taxonomy against the truth (issue 11, acceptance 2): genus-level precision and recall of
# plateau-amplicon taxonomy --method sintax (cutoff 0.8), rdp (--min-boot 80) and align, next to
# vsearch 2.22.1 --sintax (cutoff 0.8), on the same grinder reads and the same database.
# The 16S gold set of microbiomeutil-data (5,181 records, 6 ranks) is split by taxonomy_truth.py
# (seed 1): 10 % of its genera are held out whole (their reads' right answer at genus is "not
# called"), and 10 % of the records of the other genera with two or more records (one always stays).
# The rest is the database, upper-cased (our db index from the gold layout with --allow-conflicts,
# vsearch the same records in SINTAX layout). TAXTRUTH_CASE=asis keeps the gold set's case: 86 % of
# its bases are lower case, and SINTAX (vsearch's and ours) skips database 8-mers with a lower-case
# letter, so 4,468 of the 5,181 records (wholly lower case) then give it no words at all.
# Reads: READS grinder V4 amplicon reads (bench_grinder_v4 in lib.bash, as bench_taxonomy.sh, a
# community of DIVERSITY references) drawn from the whole gold set,
# IUPAC codes resolved to a base. Every tool runs once, THREADS threads, strand plus, seed 1, under
# /usr/bin/time (wall, CPU, peak RSS printed; one run on a shared machine: indicative only).
# Table: precision = correct genus calls / genus calls; recall = correct calls / reads of genera in
# the database (split: reads whose own sequence is in it, reads of held-out sequences); held-out
# genera called = reads of held-out genera given any genus / reads of held-out genera.
# align has no threshold (the best hit always names a genus unless hits tie across genera), so a
# row with its calls kept at identity >= 97 % (FROGS' usual filter) is printed beside it.
#
# Usage: bench/amplicon/bench_taxonomy_truth.sh [READS=2000] [THREADS=1] [DIVERSITY=1000] [WORKDIR]
set -euo pipefail
nq=${1:-2000}
threads=${2:-1}
diversity=${3:-1000}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${4:-$(mktemp -d "${TMPDIR:-/tmp}/taxtruth-bench.XXXXXX")}
bin=${PLATEAU_BIN:-$root/build/bin}/plateau-amplicon
truth=$root/bench/amplicon/taxonomy_truth.py
gold=/usr/share/microbiomeutil-data/RESOURCES/rRNA16S.gold.fasta
mkdir -p "$work"
source "$root/bench/amplicon/lib.bash"
bench_need vsearch grinder
[ -r "$gold" ] || { echo "$gold missing (apt-get install microbiomeutil-data)" >&2; exit 1; }
"$truth" split "$gold" "$work" "${TAXTRUTH_CASE:-upper}"
bench_gold_sintax "$work/db.gold.fa" "$work/db_sintax.fa"
bench_grinder_v4 "$gold" "$nq" "$diversity" "$work"
"$truth" queries "$work/grinder-reads.fa" "$work"
echo "database case: ${TAXTRUTH_CASE:-upper}; load average before: $(cut -d' ' -f1-3 /proc/loadavg); $threads thread(s); $work"
bench_measure db "$bin" db --quiet --allow-conflicts "$work/db.gold.fa" -o "$work/db.idx"
bench_measure vsearch vsearch --sintax "$work/queries.fa" --db "$work/db_sintax.fa" --tabbedout "$work/vsearch.tsv" \
  --sintax_cutoff 0.8 --strand plus --randseed 1 --threads "$threads" --quiet
bench_measure sintax "$bin" taxonomy --quiet --method sintax --db "$work/db.idx" -i "$work/queries.fa" \
  -o "$work/sintax.aff" --cutoff 0.8 --seed 1 -t "$threads"
bench_measure rdp "$bin" taxonomy --quiet --method rdp --db "$work/db.idx" -i "$work/queries.fa" \
  -o "$work/rdp.aff" --min-boot 80 --seed 1 -t "$threads"
bench_measure align "$bin" taxonomy --quiet --method align --db "$work/db.idx" -i "$work/queries.fa" \
  -o "$work/align.aff" -t "$threads"
for t in db vsearch sintax rdp align; do echo "time $t: $(cat "$work/$t.times") (wall s, peak KB, CPU s, load after)"; done
"$truth" score "$work" "vsearch 2.22.1 --sintax, cutoff 0.8=$work/vsearch.tsv" \
  "plateau sintax, cutoff 0.8=$work/sintax.aff" "plateau rdp, min-boot 80=$work/rdp.aff" \
  "plateau align=$work/align.aff" "plateau align, identity >= 97 %=$work/align.aff@97"
