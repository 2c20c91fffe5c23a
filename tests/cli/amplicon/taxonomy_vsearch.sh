#!/usr/bin/env bash
# taxonomy --method align against vsearch 2.22.1 --usearch_global on the same queries and
# database: 40 dereplicated MiSeq 16S V4 amplicons (r-bioc-dada2 sam1, merged by vsearch) against
# the 3,994 SINTAX-format references of ten_16s.100.fa.gz. vsearch reports the hits with the top
# identity among the first 50 candidates it accepts; we report the references tied at the best
# score. Checked: the best identity agrees (vsearch prints one decimal) and our best hits are
# among vsearch's top hits, for every query; the same bytes at 1 and 2 threads.
source "$(dirname "$0")/../lib.sh"
extdata=usr/lib/R/site-library/dada2/extdata
command -v vsearch > /dev/null || { echo "SKIP: vsearch is not installed"; exit 0; }
f=$(debfile r-bioc-dada2 $extdata/sam1F.fastq.gz) || exit 1
r=$(debfile r-bioc-dada2 $extdata/sam1R.fastq.gz) || exit 1
db=$(debfile r-bioc-dada2 $extdata/ten_16s.100.fa.gz) || exit 1
cd "$WORK" || exit 1
vsearch --quiet --fastq_mergepairs "$f" --reverse "$r" --fastq_maxdiffs 30 --fastq_maxdiffpct 10 --threads 1 \
  --fastaout merged.fa 2> /dev/null || { fail "vsearch --fastq_mergepairs"; finish; exit; }
vsearch --quiet --derep_fulllength merged.fa --relabel q --output derep.fa 2> /dev/null || { fail "vsearch --derep_fulllength"; finish; exit; }
awk '/^>/ { n++ } n <= 40' derep.fa > queries.fa
zcat "$db" > ref.fa
vsearch --quiet --usearch_global queries.fa --db ref.fa --id 0 --maxaccepts 50 --maxrejects 0 --top_hits_only --strand plus \
  --userout vsearch.tsv --userfields query+target+id --threads 2 2> /dev/null || { fail "vsearch --usearch_global"; finish; exit; }
"$TOOL_BIN" taxonomy --quiet --method align --ref-fasta "$db" -i queries.fa -o aff1.tsv --multi-hits multi1.tsv -t 1 \
  || { fail "taxonomy -t 1"; finish; exit; }
"$TOOL_BIN" taxonomy --quiet --method align --ref-fasta "$db" -i queries.fa -o aff2.tsv --multi-hits multi2.tsv -t 2 \
  || fail "taxonomy -t 2"
check "same affiliation TSV at 1 and 2 threads" cmp -s aff1.tsv aff2.tsv
check "same multi_hits.tsv at 1 and 2 threads" cmp -s multi1.tsv multi2.tsv
check "one row per query" [ "$(awk 'NR > 2' aff1.tsv | wc -l)" -eq 40 ]

# Our hits: a single best reference (hits = 1: its lineage is in the TSV) or every tied one (multi_hits).
$PY - aff1.tsv multi1.tsv vsearch.tsv ref.fa > compare.txt << 'PYEOF'
import sys
aff, multi, vs, ref = sys.argv[1:]
names = {}
for line in open(ref):
    if line.startswith('>'):
        rid, tax = line[1:].strip().split(';tax=')
        names[rid] = dict(f.split(':', 1) for f in tax.rstrip(';').split(','))
used = [l for l in 'dkpcofgst' if any(l in n for n in names.values())]
lineage = {rid: ';'.join(n.get(l, '') for l in used) for rid, n in names.items()}
rows = {}
for line in list(open(aff))[2:]:
    q, tax, conf, ident, cov, hits = line.rstrip('\n').split('\t')
    rows[q] = (tax, float(ident), int(hits))
tied = {}
for line in list(open(multi))[1:]:
    f = line.rstrip('\n').split('\t')
    tied.setdefault(f[0], set()).add(f[2])
top = {}
for line in open(vs):
    q, target, ident = line.rstrip('\n').split('\t')
    top.setdefault(q.split(';')[0], (float(ident), set()))[1].add(target.split(';')[0])
bad = 0
for q, (tax, ident, hits) in rows.items():
    vid, vtargets = top[q]
    ours = tied.get(q)
    if ours is None:  # one hit: its lineage must be that of one of vsearch's top hits
        ok_hits = any(lineage[t] == tax for t in vtargets)
    else:
        ok_hits = ours <= vtargets
    ok_id = abs(round(ident, 1) - vid) < 0.051
    if not (ok_hits and ok_id):
        bad += 1
        print(f"{q}: ours {tax} {ident} ({hits} hits {sorted(ours or [])}) vsearch {vid} {sorted(vtargets)[:5]}")
print(f"disagreements {bad} of {len(rows)}")
PYEOF
cat compare.txt | tail -5
check "best identity and best hits agree with vsearch on every query ($(tail -1 compare.txt))" \
  [ "$(tail -1 compare.txt)" = "disagreements 0 of 40" ]
finish
