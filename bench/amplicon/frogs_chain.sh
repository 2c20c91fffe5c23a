#!/usr/bin/env bash
# The vsearch + cutadapt + swarm chain with FROGS 5.0.2's flags (docs: ../shared/docs/amplicon-peers.md
# section 1), the baseline plateau-amplicon `run` is compared with. Python glue (/usr/bin/python3)
# stands in for FROGS' derepSamples.py, swarm2biom.py, parallelChimera.py and cluster_filters.py.
#
#   bench/amplicon/frogs_chain.sh SAMPLE_SHEET OUT_DIR [THREADS=2]
#     SAMPLE_SHEET: name<TAB>R1<TAB>R2 per line (make_study.sh writes one)
#   env: FIVE (515F), THREE (806R), MIN_AMPLICON (250), MAX_AMPLICON (300) with primers,
#        READ_LEN (250), MIN_ABUNDANCE (0.00005, FROGS' recommended 0.005 %),
#        WITHOUT_PRIMERS=1 (reads without primers, FROGS' --without-primers: no cutadapt, window as given),
#        READ_LEN2 (R2 length, default READ_LEN)
#
# Steps (per sample unless said):
#  1 vsearch --fastq_mergepairs --fastq_allowmergestagger --fastq_ascii 33 --fastq_maxdiffpct 10
#      --fastq_minovlen max(READ_LEN + READ_LEN2 - MAX_AMPLICON, 10) --fastq_qmax 93 --threads 1
#  2 cutadapt -g FIVE --error-rate 0.1 --discard-untrimmed --match-read-wildcards --overlap len-1,
#      then -a reverse-complement(THREE) the same way
#  3 length in [MIN_AMPLICON - primers, MAX_AMPLICON - primers], no N (vsearch --fastq_filter)
#  4 all samples: vsearch --derep_fulllength --sizeout --relabel_sha1 --uc (count table from the uc)
#  5 swarm -d 1 -f -z -t THREADS (FROGS passes _N annotations; ;size= here: the same order and swarms)
#  6 per sample: seeds with that sample's counts as ;size=, vsearch --uchime_denovo; FROGS' strict
#      rule: a cluster called Y in any sample is removed
#  7 cluster filter --min-abundance MIN_ABUNDANCE (fraction of all reads)
# Outputs in OUT_DIR: seeds_all.fa (every swarm seed), chimeras.txt (seed ids removed at 6),
# seeds.fa (kept seeds, ">sha1;size=N"), table.tsv (seed_id, per-sample counts), steps.tsv (reads
# per sample after each step), times.tsv (wall seconds and peak KB per step).
set -euo pipefail
sheet=${1:?usage: frogs_chain.sh SAMPLE_SHEET OUT_DIR [THREADS]}
out=${2:?usage: frogs_chain.sh SAMPLE_SHEET OUT_DIR [THREADS]}
threads=${3:-2}
FIVE=${FIVE:-GTGCCAGCMGCCGCGGTAA}
THREE=${THREE:-GGACTACHVGGGTWTCTAAT}
MIN_AMPLICON=${MIN_AMPLICON:-250}
MAX_AMPLICON=${MAX_AMPLICON:-300}
READ_LEN=${READ_LEN:-250}
MIN_ABUNDANCE=${MIN_ABUNDANCE:-0.00005}
WITHOUT_PRIMERS=${WITHOUT_PRIMERS:-0}
READ_LEN2=${READ_LEN2:-$READ_LEN}
mkdir -p "$out/work"
w=$out/work
three_rc=$(echo "$THREE" | rev | tr 'ACGTMRWSYKVHDBN' 'TGCAKYWSRMBDHVN')
minovlen=$((READ_LEN + READ_LEN2 - MAX_AMPLICON)); [ "$minovlen" -lt 10 ] && minovlen=10
primers=$((${#FIVE} + ${#THREE}))
[ "$WITHOUT_PRIMERS" = 1 ] && primers=0
printf 'step\twall_s\tpeak_kb\n' > "$out/times.tsv"
timed() {  # STEP COMMAND...: appends wall time and peak RSS of the command
  local step=$1; shift
  /usr/bin/time -f '%e %M' -o "$w/time.txt" "$@"
  printf '%s\t%s\t%s\n' "$step" "$(cut -d' ' -f1 "$w/time.txt")" "$(cut -d' ' -f2 "$w/time.txt")" >> "$out/times.tsv"
}
: > "$w/all.fa"
while IFS=$'\t' read -r name r1 r2; do
  [ -z "$name" ] || [ "${name:0:1}" = "#" ] && continue
  timed "merge $name" vsearch --quiet --fastq_mergepairs "$r1" --reverse "$r2" --fastq_allowmergestagger --fastq_ascii 33 \
    --fastq_maxdiffpct 10 --fastq_minovlen "$minovlen" --fastq_qmax 93 --threads 1 --fastqout "$w/$name.merged.fq" 2> /dev/null
  if [ "$WITHOUT_PRIMERS" = 1 ]; then
    cp "$w/$name.merged.fq" "$w/$name.five.fq"; cp "$w/$name.merged.fq" "$w/$name.primers.fq"
  else
    timed "cutadapt 5' $name" cutadapt -g "$FIVE" --error-rate 0.1 --discard-untrimmed --match-read-wildcards \
      --overlap $((${#FIVE} - 1)) -o "$w/$name.five.fq" "$w/$name.merged.fq" > /dev/null
    timed "cutadapt 3' $name" cutadapt -a "$three_rc" --error-rate 0.1 --discard-untrimmed --match-read-wildcards \
      --overlap $((${#THREE} - 1)) -o "$w/$name.primers.fq" "$w/$name.five.fq" > /dev/null
  fi
  timed "filter $name" vsearch --quiet --fastq_filter "$w/$name.primers.fq" --fastq_maxns 0 \
    --fastq_minlen $((MIN_AMPLICON - primers)) --fastq_maxlen $((MAX_AMPLICON - primers)) --relabel "$name." \
    --fastaout "$w/$name.filtered.fa" 2> /dev/null
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(($(zcat -f "$r1" | wc -l) / 4))" "$(($(wc -l < "$w/$name.merged.fq") / 4))" \
    "$(($(wc -l < "$w/$name.five.fq") / 4))" "$(($(wc -l < "$w/$name.primers.fq") / 4))" "$(grep -c '^>' "$w/$name.filtered.fa")" >> "$w/steps.part"
  cat "$w/$name.filtered.fa" >> "$w/all.fa"
done < "$sheet"
timed derep vsearch --quiet --derep_fulllength "$w/all.fa" --sizeout --relabel_sha1 --uc "$w/derep.uc" --output "$w/derep.fa" 2> /dev/null
timed swarm swarm -d 1 -f -z -t "$threads" -o "$w/swarms.txt" -w "$out/seeds_all.fa" -l /dev/null "$w/derep.fa"
/usr/bin/python3 - "$w" "$out" "$MIN_ABUNDANCE" <<'PY'
import collections, subprocess, sys, time, resource
w, out, min_abundance = sys.argv[1], sys.argv[2], float(sys.argv[3])
# Count table: unique (sha1 of its centroid) x sample, from the uc (col 9 read label "sample.N").
samples, counts, seq = [], collections.defaultdict(collections.Counter), {}
for line in open(w + '/derep.uc'):
    f = line.rstrip('\n').split('\t')
    if f[0] not in 'SH':
        continue
    sample = f[8].rsplit('.', 1)[0]
    if sample not in samples:
        samples.append(sample)
    counts[f[8] if f[0] == 'S' else f[9]][sample] += 1
# The uc names centroids by their read labels; derep.fa by sha1: join on order (both abundance-sorted
# differently), so map read label -> sha1 through the sequences instead.
label_of = {}
name = None
for line in open(w + '/derep.fa'):
    if line.startswith('>'):
        name = line[1:].strip().split(';')[0]
        seq[name] = ''
    else:
        seq[name] += line.strip().upper()
read_seq = {}
cur = None
for line in open(w + '/all.fa'):
    if line.startswith('>'):
        cur = line[1:].strip().split()[0]
    elif cur in counts:
        read_seq[cur] = read_seq.get(cur, '') + line.strip().upper()
by_seq = {s: n for n, s in seq.items()}
table = {by_seq[read_seq[c]]: counts[c] for c in counts}
# Clusters (swarm -o, ;size= annotations) -> per-sample counts, seed first.
clusters = []
for line in open(w + '/swarms.txt'):
    members = [m.split(';')[0] for m in line.split()]
    total = collections.Counter()
    for m in members:
        total.update(table[m])
    clusters.append((members[0], total))
# Per-sample uchime_denovo on the seeds with the sample's counts (FROGS' parallelChimera), strict rule.
start = time.time()
chimeric = set()
for s in samples:
    path = '%s/chim.%s.fa' % (w, s)
    with open(path, 'w') as f:
        for seed, total in clusters:
            if total[s] > 0:
                f.write('>%s;size=%d\n%s\n' % (seed, total[s], seq[seed]))
    subprocess.run(['vsearch', '--quiet', '--uchime_denovo', path, '--uchimeout', path + '.uchime', '--threads', '1'],
                   check=True, stderr=subprocess.DEVNULL)
    for line in open(path + '.uchime'):
        f = line.rstrip('\n').split('\t')
        if f[-1] == 'Y':
            chimeric.add(f[1].split(';')[0])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out + '/times.tsv', 'a') as f:
    f.write('chimera (per sample, strict)\t%.2f\t%d\n' % (time.time() - start, usage.ru_maxrss))
kept = [(seed, total) for seed, total in clusters if seed not in chimeric]
all_reads = sum(sum(t.values()) for _, t in kept)
final = [(seed, t) for seed, t in kept if sum(t.values()) >= min_abundance * all_reads]
with open(out + '/chimeras.txt', 'w') as f:
    f.writelines(seed + '\n' for seed, _ in clusters if seed in chimeric)
with open(out + '/seeds.fa', 'w') as f:
    for seed, t in final:
        f.write('>%s;size=%d\n%s\n' % (seed, sum(t.values()), seq[seed]))
with open(out + '/table.tsv', 'w') as f:
    f.write('#seed_id\t' + '\t'.join(samples) + '\n')
    for seed, t in final:
        f.write(seed + '\t' + '\t'.join(str(t[s]) for s in samples) + '\n')
with open(out + '/clusters.txt', 'w') as f:
    f.write('clusters\t%d\nchimeric\t%d\nkept_after_filter\t%d\n' % (len(clusters), len(chimeric), len(final)))
steps = {}
for line in open(w + '/steps.part'):
    f = line.rstrip('\n').split('\t')
    steps[f[0]] = f[1:]
with open(out + '/steps.tsv', 'w') as f:
    f.write('sample\tpairs\tmerged\tfive_primer\tthree_primer\tfiltered\tnon_chimeric\tfinal\n')
    nonchim = {s: sum(t[s] for seed, t in kept) for s in samples}
    fin = {s: sum(t[s] for seed, t in final) for s in samples}
    for s in samples:
        f.write('\t'.join([s] + steps[s] + [str(nonchim[s]), str(fin[s])]) + '\n')
PY
rm -f "$w/steps.part"
echo "frogs_chain: $(tr '\n' ' ' < "$out/clusters.txt")"
