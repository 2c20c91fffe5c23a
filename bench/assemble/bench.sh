#!/usr/bin/env bash
# Benchmark: MEGAHIT 1.2.9 (Debian megahit, defaults, -t T) versus plateau-assemble (defaults, -t T)
# on E. coli K-12 MG1655 (reference from Debian's ragout-examples) with ART (Debian
# art-nextgen-simulation-tools) 2x150 reads: art_illumina -ss HS25 -p -l 150 -f COVERAGE -m 400 -s 50
# -rs 42 -na (HiSeq 2500 profile, fragments 400 +- 50 bp, fixed seed). Runs alternate (MEGAHIT, ours,
# MEGAHIT, ...) REPEATS times; prints median wall time and peak RSS (/usr/bin/time -f '%e %M'),
# then evaluates the last run's contigs of both with plateau-assemble evaluate (minimap2) and
# prints one table row per assembler.
#
# Every run keeps its outputs (WORKDIR/<tool>.<run>); ONLY=plateau or ONLY=megahit runs one tool
# (for a re-run after an interrupted benchmark; the table then has one row).
#
# Usage: bench/assemble/bench.sh [COVERAGE=50] [REPEATS=3] [THREADS=2] [WORKDIR] [GENOME=E.Coli/references/MG1655-K12]
set -euo pipefail
coverage=${1:-50}
repeats=${2:-3}
threads=${3:-2}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${4:-$(mktemp -d "${TMPDIR:-/tmp}/assembly-bench.XXXXXX")}
genome=${5:-E.Coli/references/MG1655-K12}
bin=${PLATEAU_BIN:-$root/build/bin}/plateau-assemble
mkdir -p "$work"
for tool in megahit art_illumina minimap2; do
  command -v $tool >/dev/null || { echo "$tool is not installed (scripts/install-deps.sh bench)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed (Debian package time)" >&2; exit 1; }

ref=$work/reference.fa
if [ ! -s "$ref" ]; then
  gz=/usr/share/doc/ragout/examples/$genome.fasta.gz
  if [ ! -e "$gz" ]; then  # not installed: unpack the package without installing it
    (cd "$work" && apt-get download ragout-examples >/dev/null && dpkg-deb -x ragout-examples_*.deb pkg)
    gz=$work/pkg/usr/share/doc/ragout/examples/$genome.fasta.gz
  fi
  zcat "$gz" > "$ref"
fi
reads=$work/reads_${coverage}x_
if [ ! -s "${reads}1.fq" ]; then
  art_illumina -ss HS25 -i "$ref" -p -l 150 -f "$coverage" -m 400 -s 50 -rs 42 -na -o "$reads" > "$work/art.log"
fi
echo "input: $(grep -v '>' "$ref" | tr -d '\n' | wc -c) bp reference, $(( $(wc -l < "${reads}1.fq") / 4 )) pairs at ${coverage}x; $repeats alternating runs, -t $threads"

measure() {  # measure NAME COMMAND...: appends "wall_seconds peak_kb user_seconds" to $work/NAME.times
  local name=$1; shift
  /usr/bin/time -f '%e %M %U' -o "$work/$name.time" "$@" > "$work/$name.log" 2>&1
  cat "$work/$name.time" >> "$work/$name.times"
}
: > "$work/megahit.times"; : > "$work/plateau.times"
tools=${ONLY:-megahit plateau}
for r in $(seq 1 "$repeats"); do
  for tool in $tools; do
    rm -rf "${work:?}/$tool.$r"
    case $tool in
      megahit) measure megahit megahit -1 "${reads}1.fq" -2 "${reads}2.fq" -t "$threads" -o "$work/megahit.$r" ;;
      plateau) measure plateau "$bin" -1 "${reads}1.fq" -2 "${reads}2.fq" -t "$threads" -o "$work/plateau.$r" ;;
    esac
    echo "run $r: $tool $(tail -1 "$work/$tool.times") (wall seconds, peak KB, user CPU seconds; load $(cut -d' ' -f1 /proc/loadavg))"
  done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for tool in $tools; do
  contigs=$work/$tool.$repeats/$([ "$tool" = megahit ] && echo final.contigs.fa || echo contigs.fa)
  "$bin" evaluate "$contigs" -r "$ref" -t "$threads" --tsv "$work/$tool.eval.tsv" --json "$work/$tool.eval.json" 2>/dev/null
done
get() { awk -F'\t' -v k="$2" '$1 == k { print $2 }' "$1"; }
echo "| assembler | median wall (s) | median user CPU (s) | median peak RSS (MB) | contigs >=500 | NG50 | NGA50 | largest alignment | genome fraction % | dup. ratio | misassemblies (local) | mismatches/100 kbp | indels/100 kbp |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for name in $tools; do
  w=$(cut -d' ' -f1 "$work/$name.times" | median); m=$(cut -d' ' -f2 "$work/$name.times" | median)
  u=$(cut -d' ' -f3 "$work/$name.times" | median)
  t=$work/$name.eval.tsv
  label=$([ $name = megahit ] && echo "MEGAHIT $(megahit --version | awk '{print $NF}')" || echo "plateau-assemble $("$bin" --version | awk '{print $NF}')")
  echo "| $label -t $threads | $w | $u | $(awk -v m="$m" 'BEGIN { printf "%d", m / 1024 }') | $(get "$t" '# contigs') | $(get "$t" NG50) | $(get "$t" NGA50) | $(get "$t" 'Largest alignment') | $(get "$t" 'Genome fraction (%)') | $(get "$t" 'Duplication ratio') | $(get "$t" '# misassemblies') ($(get "$t" '# local misassemblies')) | $(get "$t" '# mismatches per 100 kbp') | $(get "$t" '# indels per 100 kbp') |"
done
