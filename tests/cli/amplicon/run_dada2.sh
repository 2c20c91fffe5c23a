#!/usr/bin/env bash
# run on real MiSeq 16S V4 reads (r-bioc-dada2 sam1/sam2, primers already removed: --without-primers)
# against bench/amplicon/frogs_chain.sh run live on the same sheet (vsearch 2.22.1 merge, filter and
# derep, swarm 3.1.2 -d 1 -f, per-sample vsearch --uchime_denovo with FROGS' strict rule, FROGS'
# abundance filter in Python): the same seeds (sha1 ids) in the same order, the same per-sample
# counts in the final table, the same chimera set, the same reads per sample after each step.
# A third sample, sam3, is sam2's first 500 pairs plus error-free pairs of two chimeras of sam2's
# two most abundant amplicons (merged by vsearch here), so that the chimera sets are not empty.
# No difference is intended. Then the report: report.json parses, its funnel never increases,
# starts at the pairs counted with zcat and ends at abundance.tsv's column sums; only the seven
# outputs are left (no work folder).
source "$(dirname "$0")/../lib.sh"
extdata=usr/lib/R/site-library/dada2/extdata
export SOURCE_DATE_EPOCH=1767225600
mkdir -p "$WORK/data"
for s in sam1 sam2; do
  ln -s "$(debfile r-bioc-dada2 $extdata/${s}F.fastq.gz)" "$WORK/data/${s}_R1.fastq.gz" || exit 1
  ln -s "$(debfile r-bioc-dada2 $extdata/${s}R.fastq.gz)" "$WORK/data/${s}_R2.fastq.gz" || exit 1
done
vsearch --quiet --fastq_mergepairs "$WORK/data/sam2_R1.fastq.gz" --reverse "$WORK/data/sam2_R2.fastq.gz" \
  --fastqout "$WORK/sam2.merged.fq" 2> /dev/null || { fail "vsearch --fastq_mergepairs sam2"; finish; exit; }
"$PY" - "$WORK" <<'PY'
import collections, gzip, itertools, sys
w = sys.argv[1]
seqs = collections.Counter(l.strip() for i, l in enumerate(open(w + '/sam2.merged.fq')) if i % 4 == 1)
(a, _), (b, _) = seqs.most_common(2)
rc = lambda s: s[::-1].translate(str.maketrans('ACGT', 'TGCA'))
chimeras = [(a[:150] + b[150:], 10), (b[:110] + a[110:], 8)]
with open(w + '/data/sam3_R1.fastq', 'w') as r1, open(w + '/data/sam3_R2.fastq', 'w') as r2:
    for out, mate in ((r1, 'R1'), (r2, 'R2')):
        with gzip.open('%s/data/sam2_%s.fastq.gz' % (w, mate), 'rt') as f:
            out.writelines(itertools.islice(f, 2000))
    n = 0
    for chimera, copies in chimeras:
        for _ in range(copies):
            n += 1
            r1.write('@chimera%d 1:N:0:1\n%s\n+\n%s\n' % (n, chimera[:250], 'I' * 250))
            r2.write('@chimera%d 2:N:0:1\n%s\n+\n%s\n' % (n, rc(chimera)[:250], 'I' * 250))
PY
# Our sheet has relative paths (resolved against the sheet's folder, not the working directory).
printf '# name\tR1\tR2\nsam1\tdata/sam1_R1.fastq.gz\tdata/sam1_R2.fastq.gz\nsam2\tdata/sam2_R1.fastq.gz\tdata/sam2_R2.fastq.gz\nsam3\tdata/sam3_R1.fastq\tdata/sam3_R2.fastq\n' \
  > "$WORK/sheet.tsv"
sed "/^#/d; s|\tdata/|\t$WORK/data/|g" "$WORK/sheet.tsv" > "$WORK/sheet_abs.tsv"
chain() {  # TAG "OUR FLAGS" ENV...: runs both on the sheet, compares; leaves $WORK/TAG/{ours,peer}
  local tag=$1 flags=$2; shift 2
  mkdir -p "$WORK/$tag"
  (cd / && "$TOOL_BIN" run --quiet -t 2 --samples "$WORK/sheet.tsv" --outdir "$WORK/$tag/ours" $flags --min-abundance 0.005 \
    2> "$WORK/$tag/ours.err") || { fail "$tag: run: $(cat "$WORK/$tag/ours.err")"; return 1; }
  env "$@" MIN_ABUNDANCE=0.005 READ_LEN=250 bash "$SRC/bench/amplicon/frogs_chain.sh" "$WORK/sheet_abs.tsv" "$WORK/$tag/peer" 2 \
    > /dev/null 2> "$WORK/$tag/peer.err" || { fail "$tag: frogs_chain.sh: $(tail -3 "$WORK/$tag/peer.err")"; return 1; }
  cd "$WORK/$tag" || return 1
  # Every cluster with its members, in swarm's order: composition.tsv vs swarm -o; seeds vs swarm -w.
  check "$tag: composition.tsv = swarm -o on vsearch's derep ($(wc -l < peer/work/swarms.txt) clusters)" \
    cmp -s ours/composition.tsv peer/work/swarms.txt
  awk '{ split($1, a, ";"); print a[1] }' ours/composition.tsv | sort > ours_seeds.txt
  awk -F'[>;]' '/^>/ { print $2 }' peer/seeds_all.fa | sort > peer_seeds.txt
  check "$tag: the same $(wc -l < peer_seeds.txt) cluster seeds (sha1 ids)" cmp -s ours_seeds.txt peer_seeds.txt
  awk -F'\t' '$0 ~ /chimera/ { print $2 }' ours/excluded.tsv | sort > ours_chimeras.txt
  sort peer/chimeras.txt > peer_chimeras.txt
  check "$tag: the same chimera set ($(wc -l < peer_chimeras.txt) clusters)" cmp -s ours_chimeras.txt peer_chimeras.txt
  [ "$(wc -l < peer_chimeras.txt)" -ge 2 ] || fail "$tag: the two chimeras of sam3 were not called ($(wc -l < peer_chimeras.txt))"
  awk -F'\t' -v OFS='\t' '{ line = NR == 1 ? "#seed_id" : $2; for (i = 6; i <= NF; i++) line = line OFS $i; print line }' \
    ours/abundance.tsv > ours_table.tsv
  check "$tag: the same final table: $(($(wc -l < peer/table.tsv) - 1)) clusters, seed ids and per-sample counts, in order" \
    cmp -s ours_table.tsv peer/table.tsv
  [ "$(wc -l < peer/table.tsv)" -gt 5 ] || fail "$tag: the final table is too small to compare ($(wc -l < peer/table.tsv) lines)"
  # Reads per sample after each step: pairs, merged, primers, filter, non-chimeric, final (steps.tsv).
  "$PY" - ours/report.json peer/steps.tsv > funnels.txt <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
steps = {s["step"]: s["reads"] for s in r["funnel"]}
steps.setdefault("primers", steps["merged"])
for i, name in enumerate(r["samples"]):
    print(name, *(steps[k][i] for k in ("input pairs", "merged", "primers", "filter", "non-chimeric", "cluster filters")))
for line in list(open(sys.argv[2]))[1:]:
    f = line.split()
    print(f[0], f[1], f[2], f[4], f[5], f[6], f[7])
PY
  check "$tag: the same reads per sample after merge, primers, filter, chimera removal and filters: $(head -3 funnels.txt | tr '\n' ' ')" \
    cmp -s <(head -3 funnels.txt) <(tail -3 funnels.txt)
  cd "$WORK" || return 1
}
chain without_primers "--without-primers --min-amplicon-size 250 --max-amplicon-size 256" \
  WITHOUT_PRIMERS=1 MIN_AMPLICON=250 MAX_AMPLICON=256
# Primers that most of these V4 reads carry at their ends (the Bacteroidetes' start of V4 and the
# end before 806R), so the primers step (vs cutadapt) keeps some reads and drops others; THREE is
# given to frogs_chain.sh as the reverse PCR primer, to run as its reverse complement.
chain with_primers "--five-prime TACGGAGGAT --three-prime ATCAAACAGG --min-amplicon-size 200 --max-amplicon-size 256" \
  FIVE=TACGGAGGAT THREE=CCTGTTTGAT MIN_AMPLICON=200 MAX_AMPLICON=256
cd "$WORK/without_primers" || exit 1

# The report, checked against the files: pairs from zcat, the final step from abundance.tsv.
pairs=$(for s in sam1 sam2 sam3; do echo $(( $(zcat -f ../data/${s}_R1.fastq* | wc -l) / 4 )); done | tr '\n' ' ')
sums=$(awk -F'\t' 'NR > 1 { a += $6; b += $7; c += $8 } END { print a, b, c }' ours/abundance.tsv)
IFS='|' read -r order first last kept_clusters steps < <("$PY" - ours/report.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f = r["funnel"]
ok = all(f[k]["reads"][s] >= f[k + 1]["reads"][s] for k in range(len(f) - 1) for s in range(len(r["samples"])))
print("non-increasing" if ok else "increasing", " ".join(str(x) for x in f[0]["reads"]),
      " ".join(str(x) for x in f[-1]["reads"]), r["clusters"]["kept"], ", ".join(s["step"] for s in f), sep="|")
PY
)
check "report.json's funnel never increases per sample ($steps)" [ "$order" = non-increasing ]
check "report.json's first step = pairs in R1 (zcat): $first" [ "$first " = "$pairs" ]
check "report.json's last step = abundance.tsv column sums: $last" [ "$last" = "$sums" ]
kept=$(($(wc -l < ours/abundance.tsv) - 1))
check "report.json's kept clusters = abundance.tsv rows ($kept)" [ "$kept_clusters" = "$kept" ]
check "only the seven outputs are left in --outdir (no work folder)" \
  [ "$(ls ours | tr '\n' ' ')" = "abundance.biom abundance.tsv composition.tsv excluded.tsv report.html report.json seeds.fasta " ]
check "report.html loads nothing from the network" bash -c "! grep -Eiq '(src|href)=[\"'\'']?(https?:)?//' ours/report.html"
finish
