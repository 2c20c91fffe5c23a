#!/usr/bin/env bash
# primers vs cutadapt (Debian's 4.2) run live with FROGS 5.0.2's flags: the same reads written,
# trimmed at the same positions, and the same counts. FROGS runs two passes on merged reads:
#   cutadapt -g FIVE --error-rate 0.1 --discard-untrimmed --match-read-wildcards --overlap len-1
#   cutadapt -a THREE (same flags) on its output.
# Data: dada2's MiSeq V4 reads merged with vsearch (FROGS' merge flags) carry no primers any more,
# so make_primer_reads.py puts 515F / 806R variants (IUPAC codes resolved, substitutions, indels,
# partial primers, N in reads, second copies, short and empty reads) around them; dada2's PacBio
# reads with their real 27F primer; random amplicons under other flag combinations; random
# configurations (primer length, IUPAC letters, error rate, overlap, anchors, wildcards); --revcomp.
# Counts are read from our --json report. Outputs are compared byte for byte: lower-case letters and
# '.' in reads (make_primer_reads.py puts some in) come out as cutadapt writes them, unchanged.
source "$(dirname "$0")/../lib.sh"
extdata=usr/lib/R/site-library/dada2/extdata
gen="$PY $SRC/tests/cli/amplicon/make_primer_reads.py"
F515=GTGCCAGCMGCCGCGGTAA
R806RC=ATTAGAWACCCBDGTAGTCC  # reverse complement of 806R GGACTACHVGGGTWTCTAAT: read orientation
reads_with_adapters() { sed -n 's/^Reads with adapters: *\([0-9,]*\).*/\1/p' "$1" | tr -d ,; }

# compare NAME INPUT FIVE THREE "cutadapt flags" "our flags" ["cutadapt 3' pass flags"]: two cutadapt
# passes vs one primers run.
compare() {
  local name=$1 in=$2 five=$3 three=$4 cflags=$5 oflags=$6 cflags3=${7:-$5}
  local pass1=$WORK/$name.pass1.fq
  # shellcheck disable=SC2086
  cutadapt -g "$five" $cflags -o "$pass1" "$in" > "$WORK/$name.c5.log" 2>&1 &&
    cutadapt -a "$three" $cflags3 -o - "$pass1" 2> "$WORK/$name.c3.log" > "$WORK/$name.cutadapt.fq" \
    || { fail "$name: cutadapt failed: $(tail -2 "$WORK/$name.c5.log")"; return; }
  # shellcheck disable=SC2086
  "$TOOL_BIN" primers -g "$five" -a "$three" $oflags -o "$WORK/$name.ours.fq" --json "$WORK/$name.json" "$in" 2> "$WORK/$name.ours.log" \
    || { fail "$name: plateau-amplicon primers failed: $(cat "$WORK/$name.ours.log")"; return; }
  local n; n=$(( $(wc -l < "$WORK/$name.cutadapt.fq") / 4 ))
  if cmp -s "$WORK/$name.cutadapt.fq" "$WORK/$name.ours.fq" && [ "$n" -gt 0 ]; then
    pass "$name: $n reads, identical to cutadapt's"
  else
    fail "$name: output differs from cutadapt's ($n reads there): $(cmp "$WORK/$name.cutadapt.fq" "$WORK/$name.ours.fq" 2>&1)"
  fi
  local c5 c3 o5 o3
  c5=$(reads_with_adapters "$WORK/$name.c5.log"); c3=$(sed -n 's/^Reads with adapters: *\([0-9,]*\).*/\1/p' "$WORK/$name.c3.log" | tr -d ,)
  o5=$($PY -c 'import json, sys; print(json.load(open(sys.argv[1]))["primers"]["with_five_prime"])' "$WORK/$name.json")
  o3=$($PY -c 'import json, sys; print(json.load(open(sys.argv[1]))["primers"]["with_three_prime"])' "$WORK/$name.json")
  if [ -n "$c5" ] && [ "$c5" = "$o5" ] && [ "$c3" = "$o3" ]; then
    pass "$name: counts as cutadapt's (5': $c5, 3': $c3)"
  else
    fail "$name: counts 5' $o5 / 3' $o3, cutadapt $c5 / $c3"
  fi
}
frogs="--error-rate 0.1 --discard-untrimmed --match-read-wildcards"

# 1. dada2 MiSeq V4 pairs merged as FROGS does, primers put back around the merged amplicons.
s1F=$(debfile r-bioc-dada2 $extdata/sam1F.fastq.gz) && s1R=$(debfile r-bioc-dada2 $extdata/sam1R.fastq.gz) &&
  s2F=$(debfile r-bioc-dada2 $extdata/sam2F.fastq.gz) && s2R=$(debfile r-bioc-dada2 $extdata/sam2R.fastq.gz) || exit 1
for s in 1 2; do
  eval "f=\$s${s}F r=\$s${s}R"
  vsearch --fastq_mergepairs "$f" --reverse "$r" --fastq_allowmergestagger --fastq_ascii 33 --fastq_maxdiffpct 10 \
    --fastq_minovlen 10 --fastq_qmax 93 --threads 1 --fastaout "$WORK/merged$s.fa" 2> /dev/null || { fail "vsearch merge"; finish; exit; }
done
cat "$WORK/merged1.fa" "$WORK/merged2.fa" > "$WORK/merged.fa"
grep -q "^$F515" "$WORK/merged.fa" && fail "dada2 reads unexpectedly still carry 515F" || pass "dada2 merged reads carry no 515F (primers must be added)"
$gen 1 12000 $F515 $R806RC "$WORK/merged.fa" > "$WORK/v4.fq"
compare dada2_v4.frogs "$WORK/v4.fq" $F515 $R806RC "$frogs --overlap 18" "" "$frogs --overlap 19"
compare dada2_v4.frogs_overlap19 "$WORK/v4.fq" $F515 $R806RC "$frogs --overlap 19" "-O 19"

# 2. dada2's PacBio reads with their real 27F primer (IUPAC) and the 1492R primer in read orientation.
pb=$(debfile r-bioc-dada2 $extdata/samPBprimers.fastq.gz) || exit 1
compare pacbio_27f "$pb" AGRGTTYGATYMTGGCTCAG AAGTCGTAACAAGGTARCY "$frogs --overlap 19" "-O 19"

# 3. Random amplicons, other flags: error rates, overlaps, anchors, N in primers, no read wildcards,
#    kept untrimmed reads, an absolute number of errors; FASTA and gzip in and out.
$gen 2 12000 $F515 $R806RC > "$WORK/syn.fq"
compare syn.e02_O3 "$WORK/syn.fq" $F515 $R806RC "-e 0.2 -O 3 --discard-untrimmed --match-read-wildcards" "-e 0.2 -O 3"
compare syn.e03_no_read_wildcards "$WORK/syn.fq" $F515 $R806RC "-e 0.3 -O 5 --discard-untrimmed" "-e 0.3 -O 5 --no-match-read-wildcards"
compare syn.anchored "$WORK/syn.fq" "^$F515" "$R806RC\$" "-e 0.2 --discard-untrimmed --match-read-wildcards" "-e 0.2"
compare syn.keep_untrimmed "$WORK/syn.fq" $F515 $R806RC "-e 0.2 -O 4 --match-read-wildcards" "-e 0.2 -O 4 --keep-untrimmed"
compare syn.errors3 "$WORK/syn.fq" $F515 $R806RC "-e 3 -O 10 --discard-untrimmed --match-read-wildcards" "-e 3 -O 10"
$gen 3 8000 GTGNNAGCMGCCGCGGTAA ATTAGAWACCNBDGTAGTCC > "$WORK/synN.fq"
compare syn.primer_n "$WORK/synN.fq" GTGNNAGCMGCCGCGGTAA ATTAGAWACCNBDGTAGTCC "-e 0.2 -O 4 --discard-untrimmed --match-read-wildcards" "-e 0.2 -O 4"
$gen 4 8000 GTGCCAGCAGCCGCGGTAA ATTAGATACCCTGGTAGTCC > "$WORK/synACGT.fq"
compare syn.plain_primers_no_wildcards "$WORK/synACGT.fq" GTGCCAGCAGCCGCGGTAA ATTAGATACCCTGGTAGTCC "-e 0.2 -O 4 --discard-untrimmed" "-e 0.2 -O 4 --no-match-read-wildcards"

# 4. Random configurations (fixed seeds): primers of 4-30 IUPAC letters, error rates 0-0.5 or a
#    number of errors, overlaps 1-30, anchors, read wildcards on and off.
for i in 1 2 4 7 8 12 19 26; do
  read -r five three e o anchor wild <<< "$($PY -c "
import random; r = random.Random($i)
def p(n): return ''.join(r.choice('ACGTACGTACGTACGTRYSWKMBDHVN') for _ in range(n))
f, t = p(r.randrange(4, 31)), p(r.randrange(4, 31))
f = 'A' + f if set(f) == {'N'} else f
t = t + 'C' if set(t) == {'N'} else t
print(f, t, r.choice(['0', '0.05', '0.1', '0.15', '0.2', '0.3', '0.5', '1', '2']), r.choice(['1', '2', '3', '5', '10', '30']),
      r.choice(['none', 'none', 'g', 'a', 'both']), r.choice(['yes', 'no']))")"
  $gen $((i + 100)) 3000 "$five" "$three" > "$WORK/random$i.fq"
  g=$five; a=$three
  [ "$anchor" = g ] || [ "$anchor" = both ] && g="^$five"
  [ "$anchor" = a ] || [ "$anchor" = both ] && a="$three\$"
  if [ "$wild" = yes ]; then cw=--match-read-wildcards; ow=""; else cw=""; ow=--no-match-read-wildcards; fi
  compare "random$i.e$e.O$o.$anchor.$wild" "$WORK/random$i.fq" "$g" "$a" "-e $e -O $o $cw --discard-untrimmed" "-e $e -O $o $ow"
done

# 5. --revcomp (FROGS' long-read calls): half of the reads reverse-complemented; each pass may flip a
#    read (" rc" appended to its name each time).
$PY - "$WORK/v4.fq" > "$WORK/v4rc.fq" <<'PYEOF'
import random, sys
r = random.Random(1)
comp = str.maketrans("ACGTUMRWSYKVHDBNacgtumrwsykvhdbn", "TGCAAKYWSRMBDHVNtgcaakywsrmbdhvn")
lines = open(sys.argv[1]).read().split("\n")
for i in range(0, len(lines) - 3, 4):
    h, s, p, q = lines[i:i + 4]
    if r.random() < 0.5:
        s, q = s.translate(comp)[::-1], q[::-1]
    print(f"{h}\n{s}\n{p}\n{q}")
PYEOF
compare revcomp.frogs "$WORK/v4rc.fq" $F515 $R806RC "--revcomp $frogs --overlap 18" "--revcomp" "--revcomp $frogs --overlap 19"
compare revcomp.e02_O3 "$WORK/v4rc.fq" $F515 $R806RC "--revcomp -e 0.2 -O 3 --discard-untrimmed --match-read-wildcards" "--revcomp -e 0.2 -O 3"
grep -q ' rc rc$' "$WORK/revcomp.e02_O3.ours.fq" && pass "revcomp.e02_O3: some reads flipped by both passes" \
  || fail "revcomp.e02_O3: no read flipped twice (the case is not exercised)"

awk 'NR % 4 == 1 { print ">" substr($0, 2) } NR % 4 == 2 { print }' "$WORK/v4.fq" | gzip -1 > "$WORK/v4.fa.gz"
cutadapt -g $F515 $frogs --overlap 18 -o "$WORK/fa.pass1.fa" "$WORK/v4.fa.gz" > /dev/null 2>&1 &&
  cutadapt -a $R806RC $frogs --overlap 19 -o - "$WORK/fa.pass1.fa" 2> /dev/null > "$WORK/fa.cutadapt.fa"
"$TOOL_BIN" primers --quiet -g $F515 -a $R806RC -o "$WORK/fa.ours.fa.gz" "$WORK/v4.fa.gz" &&
  gzip -t "$WORK/fa.ours.fa.gz" && cmp -s <(zcat "$WORK/fa.ours.fa.gz") "$WORK/fa.cutadapt.fa" \
  && pass "FASTA gzip in, gzip out: identical to cutadapt's" || fail "FASTA gzip in/out differs from cutadapt's"
finish
