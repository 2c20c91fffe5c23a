#!/usr/bin/env bash
# Issue 10, acceptance 1 at scale: a synthetic set of more than 100,000 unique amplicons
# (bench/amplicon/simulate.py: mutation tree of 2,000 true 253-nt sequences, log-normal
# abundances, 200,000 reads with 0.5 % substitution and indel errors; 104,724 uniques) and
# 100,000 synthetic read pairs (bench/amplicon/simulate_pairs.py), each step against its peer run
# live on the same input:
#   derep    vs vsearch 2.22.1 --derep_fulllength --sizeout --relabel_sha1 (FASTA byte for byte)
#   cluster  vs swarm 3.1.2 -d 1 with and without -f and -z: -o -s -w -i byte for byte
#            (-u is left out here: swarm needs about 100 s per run to write it for 100,000
#            amplicons; cli.amplicon.swarm_synthetic checks -u on 11,500 uniques)
#   chimera  vs vsearch --uchime_denovo on the d = 1 -f seeds with their masses as ;size=:
#            --uchimeout, --chimeras, --nonchimeras, --borderline byte for byte
#   merge    vs vsearch --fastq_mergepairs on 100,000 pairs: merged FASTQ and the statistics
#            text (every failure-reason count) byte for byte
# The pairs are simulated in 2 chunks of 50,000 (seeds 5 and 6) running side by side.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/swarm_lib.bash"
command -v vsearch >/dev/null || { echo "vsearch is not installed (scripts/install-deps.sh test)"; exit 1; }
vsearch --version 2>&1 | grep -q 'v2.22.1' || { echo "vsearch 2.22.1 expected"; exit 1; }
T0=$(date +%s)
stamp() { echo "     ($(( $(date +%s) - T0 )) s) $*"; }

# ---- inputs --------------------------------------------------------------------------------------
"$PY" "$SRC/bench/amplicon/simulate_pairs.py" --pairs 50000 --seed 5 --out1 "$WORK/a1.fq" --out2 "$WORK/a2.fq" &
pairs_a=$!
"$PY" "$SRC/bench/amplicon/simulate_pairs.py" --pairs 50000 --seed 6 --out1 "$WORK/b1.fq" --out2 "$WORK/b2.fq" &
pairs_b=$!
"$PY" "$SRC/bench/amplicon/simulate.py" --true 2000 --reads 200000 --error-rate 0.005 --seed 7 --out "$WORK/reads.fa"
stamp "reads simulated"

# ---- derep ---------------------------------------------------------------------------------------
vsearch --derep_fulllength "$WORK/reads.fa" --sizeout --relabel_sha1 --output "$WORK/v.derep.fa" --quiet 2>/dev/null
"$TOOL_BIN" derep --quiet -t 2 --sample s="$WORK/reads.fa" --relabel_sha1 -o "$WORK/p.derep.fa" \
  || { fail "derep failed"; finish; exit; }
uniques=$(grep -c '>' "$WORK/v.derep.fa")
check "derep: identical to vsearch --derep_fulllength --sizeout --relabel_sha1 ($uniques uniques)" \
  cmp -s "$WORK/v.derep.fa" "$WORK/p.derep.fa"
check "the synthetic set has at least 100,000 unique amplicons ($uniques)" test "$uniques" -ge 100000
stamp "derep"

# ---- cluster: -d 1, with and without -f and -z ---------------------------------------------------
# compare NAME INPUT [swarm options]: -o -s -w -i byte for byte (plateau at -t 2).
compare() {
  local name=$1 input=$2; shift 2
  local d=$WORK/$name x bad=""
  mkdir -p "$d"
  swarm -t 2 "$@" -o "$d/s.o" -s "$d/s.s" -w "$d/s.w" -i "$d/s.i" "$input" 2> "$d/swarm.log" \
    || { fail "$name: swarm failed: $(tail -1 "$d/swarm.log")"; return; }
  "$TOOL_BIN" cluster --quiet -t 2 "$@" -o "$d/p.o" -s "$d/p.s" -w "$d/p.w" -i "$d/p.i" "$input" 2> "$d/plateau.log" \
    || { fail "$name: plateau-amplicon failed: $(cat "$d/plateau.log")"; return; }
  for x in o s w i; do cmp -s "$d/s.$x" "$d/p.$x" || bad+=" -$x"; done
  if [ -z "$bad" ]; then pass "cluster $*: -o -s -w -i identical to swarm 3.1.2 ($(wc -l < "$d/s.o") swarms)"
  else fail "cluster $*: differs from swarm 3.1.2:$bad"; fi
  stamp "cluster $*"
}
to_swarm_style "$WORK/p.derep.fa" > "$WORK/p.derep.n.fa"
compare d1 "$WORK/p.derep.n.fa" -d 1
compare d1z "$WORK/p.derep.fa" -d 1 -z
compare d1f "$WORK/p.derep.n.fa" -d 1 -f
compare d1fz "$WORK/p.derep.fa" -d 1 -f -z

# ---- chimera on the fastidious seeds -------------------------------------------------------------
seeds=$WORK/d1fz/s.w  # swarm's own seeds: label;size=MASS;
vsearch --uchime_denovo "$seeds" --quiet --uchimeout "$WORK/v.uc" --chimeras "$WORK/v.ch" --nonchimeras "$WORK/v.nc" \
  --borderline "$WORK/v.bl" 2>/dev/null
"$TOOL_BIN" chimera --quiet -t 2 "$seeds" --uchimeout "$WORK/p.uc" --chimeras "$WORK/p.ch" --nonchimeras "$WORK/p.nc" \
  --borderline "$WORK/p.bl" || fail "chimera failed"
bad=""
for x in uc ch nc bl; do cmp -s "$WORK/v.$x" "$WORK/p.$x" || bad+=" $x"; done
calls=$(cut -f18 "$WORK/v.uc" | sort | uniq -c | tr -s ' \n' ' ')
if [ -z "$bad" ] && [ -s "$WORK/v.uc" ]; then
  pass "chimera on $(grep -c '>' "$seeds") fastidious seeds: uchimeout, chimeras, nonchimeras, borderline identical to vsearch --uchime_denovo (calls:$calls)"
else
  fail "chimera on the fastidious seeds differs from vsearch in:$bad"
fi
stamp "chimera"

# ---- merge: 100,000 pairs ------------------------------------------------------------------------
wait "$pairs_a" && wait "$pairs_b" || { fail "simulate_pairs.py failed"; finish; exit; }
cat "$WORK/a1.fq" "$WORK/b1.fq" > "$WORK/r1.fq"
cat "$WORK/a2.fq" "$WORK/b2.fq" > "$WORK/r2.fq"
rm -f "$WORK"/[ab][12].fq
n_pairs=$(( $(wc -l < "$WORK/r1.fq") / 4 ))
vsearch --fastq_mergepairs "$WORK/r1.fq" --reverse "$WORK/r2.fq" --threads 2 --fastqout "$WORK/v.m.fq" 2> "$WORK/v.m.log"
"$TOOL_BIN" merge -t 2 --fastq_mergepairs "$WORK/r1.fq" --reverse "$WORK/r2.fq" --fastqout "$WORK/p.m.fq" 2> "$WORK/p.m.log"
sed -n '/  Pairs$/,$p' "$WORK/v.m.log" > "$WORK/v.m.stats"
grep -v '^\[plateau' "$WORK/p.m.log" > "$WORK/p.m.stats"
check "merge: $n_pairs pairs simulated" test "$n_pairs" -eq 100000
check "merge on $n_pairs pairs: merged FASTQ identical to vsearch --fastq_mergepairs ($(grep -m1 Merged "$WORK/v.m.stats" | sed 's/^ *//'))" \
  cmp -s "$WORK/v.m.fq" "$WORK/p.m.fq"
reasons=$(sed -n '/various reasons/,/^$/p' "$WORK/v.m.stats" | grep -c '^ *[0-9]')
check "merge: statistics text with its $reasons failure counts identical to vsearch's" \
  bash -c "test -s '$WORK/v.m.stats' && cmp -s '$WORK/v.m.stats' '$WORK/p.m.stats'"
stamp "merge"
finish
