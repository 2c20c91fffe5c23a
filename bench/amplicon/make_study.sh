#!/usr/bin/env bash
# Ground-truth amplicon study for plateau-amplicon (issue 10, acceptance 2): grinder 0.5.4 communities
# drawn from the 16S gold set of microbiomeutil-data, paired-end MiSeq-like 2 x 250 reads over the
# V4 region (515F GTGCCAGCMGCCGCGGTAA / 806R GGACTACHVGGGTWTCTAAT, amplicons 291-294 nt with the
# primers, which stay in the reads), with grinder's chimeras, abundance model and error model.
#
#   bench/amplicon/make_study.sh OUT_DIR [SAMPLES=20] [PAIRS_PER_SAMPLE=5000] [SEED=1]
#
# Writes OUT_DIR/reads/<sample>_R1.fastq.gz, _R2.fastq.gz (grinder's read descriptions kept),
# OUT_DIR/samples.tsv (name, R1, R2), OUT_DIR/primers.fa, and OUT_DIR/truth/:
#   refs.fa               the gold references drawn: 500 of those written in A, C, G, T only (seed
#                         SEED; swarm, like real reads, has no IUPAC codes), most carrying both primers
#   true_amplicons.fa     ">ref_id" + the reference's amplicon (primer to primer, upper case), for
#                         every reference some non-chimeric read comes from (grinder's amplicon= field)
#   reads.tsv             sample, pair, references (several: a chimera, parents in order),
#                         chimeric (0/1), errors in R1, errors in R2 (grinder's description)
#   chimeric_amplicons.fa distinct chimeric amplicons, rebuilt from chimeric pairs with no error in
#                         either read (R1 + reverse complement of R2 on their exact overlap)
#   ranks/                grinder's true relative abundances per sample
# Why 2 x 250 and V4: the gold set's sequences are near full length, so both V4 primers are found
# in most; V4 (~253 nt without primers) is fully overlapped by 2 x 250 reads, as in the Kozich et al.
# MiSeq protocol dada2's sam1/sam2 come from, so merging is realistic; 2 x 150 would not overlap.
set -euo pipefail
out=${1:?usage: make_study.sh OUT_DIR [SAMPLES] [PAIRS_PER_SAMPLE] [SEED]}
samples=${2:-20}
pairs=${3:-5000}
seed=${4:-1}
gold=/usr/share/microbiomeutil-data/RESOURCES/rRNA16S.gold.fasta
[ -r "$gold" ] || { echo "make_study: $gold missing (apt-get install microbiomeutil-data)" >&2; exit 1; }
command -v grinder > /dev/null || { echo "make_study: grinder missing (apt-get install grinder)" >&2; exit 1; }
mkdir -p "$out/truth/ranks" "$out/reads" "$out/grinder"
printf '>515F\nGTGCCAGCMGCCGCGGTAA\n>806R\nGGACTACHVGGGTWTCTAAT\n' > "$out/primers.fa"
/usr/bin/python3 - "$gold" "$seed" "$out/truth/refs.fa" <<'PY'
import random, sys
recs, name, seq = [], None, []
for line in open(sys.argv[1]):
    if line.startswith('>'):
        if name: recs.append((name, ''.join(seq)))
        name, seq = line[1:].split()[0], []
    else:
        seq.append(line.strip())
recs.append((name, ''.join(seq)))
random.seed(int(sys.argv[2]))
recs = [(n, s) for n, s in recs if s.strip('ACGTacgt') == '' and set(s.upper()) <= set('ACGT')]
with open(sys.argv[3], 'w') as f:
    for n, s in random.sample(recs, 500):
        f.write('>%s\n%s\n' % (n, s))
PY
# grinder: -tr counts reads (two per pair). Error model: percent error at position x of a read =
# 0.1 + 2e-10 x^4 (0.1 % at the start, 0.88 % at base 250), 95 % substitutions, 5 % indels;
# qualities 36 for correct bases and 12 for errors. 5 % chimeric reads (bimeras:trimeras:quadrameras
# 314:38:1, Quince et al. 2011), random break points (-ck 0: grinder's k-mer rule fails on some
# references). Per sample 40 references, 60 % of them shared by all samples, ranks permuted,
# power-law abundances (0.7).
if [ ! -e "$out/grinder/done" ]; then  # a rerun with the same OUT_DIR reuses grinder's reads
  grinder -rf "$out/truth/refs.fa" -fr "$out/primers.fa" -un 1 -cb 1 -lb 0 -rd 250 uniform 0 -id 292 uniform 0 -mo FR \
    -tr $((pairs * 2)) -nl "$samples" -di 40 -sp 60 -pp 100 -am powerlaw 0.7 -cp 5 -cd 314 38 1 -ck 0 \
    -md poly4 0.1 2e-10 -mr 95 5 -ql 36 12 -fq 1 -rs "$seed" -bn study -od "$out/grinder" > "$out/grinder/grinder.log"
  touch "$out/grinder/done"
fi
: > "$out/samples.tsv"
for i in $(seq 1 "$samples"); do
  name=$(printf 'S%02d' "$i")
  n=$(printf "%0${#samples}d" "$i")  # grinder pads library numbers to the width of the count
  f="$out/grinder/study-$n-reads.fastq"
  [ "$samples" -eq 1 ] && f="$out/grinder/study-reads.fastq"
  awk -v r1="$out/reads/${name}_R1.fastq" -v r2="$out/reads/${name}_R2.fastq" \
    'NR % 4 == 1 { mate = ($1 ~ /\/1$/) ? r1 : r2 } { print > mate }' "$f"
  gzip -f "$out/reads/${name}_R1.fastq" "$out/reads/${name}_R2.fastq"
  mv "$out/grinder/study-$n-ranks.txt" "$out/truth/ranks/$name.txt" 2> /dev/null || true
  printf '%s\t%s\t%s\n' "$name" "$out/reads/${name}_R1.fastq.gz" "$out/reads/${name}_R2.fastq.gz" >> "$out/samples.tsv"
done
/usr/bin/python3 "$(dirname "$0")/study_truth.py" "$out"
rm -f "$out"/grinder/*.fastq "$out/grinder/done"
echo "make_study: $samples samples x $pairs pairs in $out ($(wc -l < "$out/truth/true_amplicons.fa" | awk '{print $1 / 2}') true amplicons)"
