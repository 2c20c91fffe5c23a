#!/usr/bin/env bash
# derep vs vsearch 2.22.1 --derep_fulllength --sizeout: identical FASTA (sequences, order, sizes,
# labels; 80-column lines) on the dada2 MiSeq forward reads (plain labels, --relabel_sha1, swarm's
# _N style) and on synthetic reads; the count table adds up to each sample's reads; same output at
# -t 1 and -t 3.
source "$(dirname "$0")/../lib.sh"
command -v vsearch >/dev/null || { echo "vsearch is not installed (scripts/install-deps.sh test)"; exit 1; }
vsearch --version 2>&1 | grep -q 'v2.22.1' || { echo "vsearch 2.22.1 expected"; exit 1; }
extdata=usr/lib/R/site-library/dada2/extdata
s1=$(debfile r-bioc-dada2 $extdata/sam1F.fastq.gz) || exit 1
s2=$(debfile r-bioc-dada2 $extdata/sam2F.fastq.gz) || exit 1
# vsearch's derep reads FASTA only: the same reads as FASTA, sample 1 then sample 2.
zcat "$s1" "$s2" | awk 'NR % 4 == 1 { print ">" substr($0, 2) } NR % 4 == 2 { print }' > "$WORK/all.fa"

same() {  # same NAME VSEARCH_FILE PLATEAU_FILE
  if cmp -s "$2" "$3"; then pass "$1: identical to vsearch ($(grep -c '>' "$2") uniques)"; else fail "$1: differs from vsearch"; fi
}
vsearch --derep_fulllength "$WORK/all.fa" --sizeout --relabel_sha1 --output "$WORK/v.sha1.fa" --quiet
"$TOOL_BIN" derep --quiet --sample sam1="$s1" --sample sam2="$s2" --relabel_sha1 -o "$WORK/p.sha1.fa" --counts "$WORK/counts.tsv"
same "dada2 FASTQ.gz per sample, --relabel_sha1" "$WORK/v.sha1.fa" "$WORK/p.sha1.fa"

vsearch --derep_fulllength "$WORK/all.fa" --sizeout --output "$WORK/v.label.fa" --quiet
"$TOOL_BIN" derep --quiet --sample all="$WORK/all.fa" -o "$WORK/p.label.fa"
same "dada2 as one FASTA, first labels" "$WORK/v.label.fa" "$WORK/p.label.fa"

vsearch --derep_fulllength "$WORK/all.fa" --sizeout --relabel_sha1 --minuniquesize 2 --output "$WORK/v.min2.fa" --quiet
"$TOOL_BIN" derep --quiet --sample all="$WORK/all.fa" --relabel_sha1 --minuniquesize 2 -o "$WORK/p.min2.fa"
same "dada2 --minuniquesize 2" "$WORK/v.min2.fa" "$WORK/p.min2.fa"

# swarm style: vsearch's ;size=N rewritten as _N must equal derep --abundance-style swarm
"$TOOL_BIN" derep --quiet --sample sam1="$s1" --sample sam2="$s2" --relabel_sha1 --abundance-style swarm -o "$WORK/p.swarm.fa"
sed 's/;size=\([0-9]*\)$/_\1/' "$WORK/v.sha1.fa" > "$WORK/v.swarm.fa"
same "dada2 --abundance-style swarm (_N)" "$WORK/v.swarm.fa" "$WORK/p.swarm.fa"

# count table: header, one row per unique in FASTA order, columns adding up to the reads per sample
reads1=$(( $(zcat "$s1" | wc -l) / 4 )); reads2=$(( $(zcat "$s2" | wc -l) / 4 ))
sums=$(awk -F'\t' 'NR > 1 { a += $2; b += $3 } END { print a, b }' "$WORK/counts.tsv")
head=$(head -1 "$WORK/counts.tsv")
ids_match=$(diff <(tail -n +2 "$WORK/counts.tsv" | cut -f1) <(grep '>' "$WORK/p.sha1.fa" | sed 's/^>//; s/;size=.*//') >/dev/null && echo yes)
sizes_match=$(diff <(tail -n +2 "$WORK/counts.tsv" | awk -F'\t' '{ print $2 + $3 }') <(grep '>' "$WORK/p.sha1.fa" | sed 's/.*;size=//') >/dev/null && echo yes)
if [ "$head" = "$(printf '#id\tsam1\tsam2')" ] && [ "$sums" = "$reads1 $reads2" ] && [ "$ids_match" = yes ] && [ "$sizes_match" = yes ]; then
  pass "count table: header, ids and sizes as the FASTA, columns sum to $reads1 and $reads2 reads"
else
  fail "count table: head='$head' sums='$sums' (want $reads1 $reads2) ids=$ids_match sizes=$sizes_match"
fi

"$PY" "$SRC/bench/amplicon/simulate.py" --true 200 --reads 20000 --seed 5 --out "$WORK/syn.fa"
vsearch --derep_fulllength "$WORK/syn.fa" --sizeout --relabel_sha1 --output "$WORK/v.syn.fa" --quiet
"$TOOL_BIN" derep --quiet -t 1 --sample s="$WORK/syn.fa" --relabel_sha1 -o "$WORK/p.syn.fa"
"$TOOL_BIN" derep --quiet -t 3 --sample s="$WORK/syn.fa" --relabel_sha1 -o "$WORK/p3.syn.fa"
same "synthetic reads" "$WORK/v.syn.fa" "$WORK/p.syn.fa"
if cmp -s "$WORK/p.syn.fa" "$WORK/p3.syn.fa"; then pass "derep: same output at -t 1 and 3"; else fail "derep: -t 1 and 3 differ"; fi
finish
