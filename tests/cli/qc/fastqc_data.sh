#!/usr/bin/env bash
# FastQC-format output (--fastqc-dir) against FastQC 0.11.9 itself (Debian package fastqc), run live
# on the same files: fastqc_data.txt is byte-identical on reads with Illumina tile names (Per tile
# sequence quality warning, failing, or not applicable for names without tiles) and on FastQC's
# example.fastq (up to the order of equally frequent overrepresented sequences, which FastQC
# leaves to a hash map); our JSON gives the same verdicts; the files are the same at 1 and 3 threads.
# Overrepresented sequences' "Possible Source": with FastQC's own contaminant list (--contaminants,
# read from the Debian package, not shipped), byte-identical to FastQC on reads built to hit each
# branch of its matching rule; with our built-in list, the hand-derived hits.
source "$(dirname "$0")/../lib.sh"
command -v fastqc > /dev/null || { echo "fastqc is not installed (scripts/install-deps.sh test)"; exit 1; }
example=$(debfile fastqc usr/share/doc/fastqc/examples/example.fastq) || exit 1
gen=$SRC/tests/data/fastqc-peer/gen/tile_reads.py
fastqc_list=$(debfile fastqc etc/fastqc/Configuration/contaminant_list.txt) || exit 1
mkdir -p "$WORK/in" "$WORK/fastqc" "$WORK/ours"
"$PY" "$gen" "$WORK/in/tiles_warn.fq" 30000 casava 9
"$PY" "$gen" "$WORK/in/tiles_fail.fq" 30000 old 14
"$PY" "$gen" "$WORK/in/no_tiles.fq" 30000 plain 9
"$PY" "$SRC/tests/data/fastqc-peer/gen/contaminant_reads.py" "$WORK/in/contaminants.fq"
cp "$example" "$WORK/in/example.fastq"

# json_verdicts JSON: "module<TAB>status" per line, FastQC's modules only (not_applicable left out).
json_verdicts() {
  "$PY" -c 'import json,sys
for m in json.load(open(sys.argv[1]))["plateau"]["fastqc"]["read1"]:
    if m["status"] != "not_applicable": print(m["module"] + "\t" + m["status"])' "$1"
}
data_verdicts() { grep '^>>' "$1" | grep -v '^>>END_MODULE' | sed 's/^>>//'; }
sorted_data() { awk '/^>>Overrepresented/ { o = 1 } /^>>END_MODULE/ { o = 0 } { print (o ? "1" : "0") "\t" NR "\t" $0 }' "$1" | sort -t$'\t' -k1,1 -k3 | cut -f3-; }

for name in tiles_warn tiles_fail no_tiles example contaminants; do
  in=$(ls "$WORK/in/$name".*)
  fastqc -q -o "$WORK/fastqc" --extract "$in" > "$WORK/fastqc.log" 2>&1
  "$TOOL_BIN" --quiet -i "$in" -j "$WORK/ours/$name.fastp.json" --fastqc-dir "$WORK/ours" --contaminants "$fastqc_list"
  theirs=$WORK/fastqc/${name}_fastqc/fastqc_data.txt ours=$WORK/ours/${name}_fastqc/fastqc_data.txt
  if [ "$name" = example ]; then
    check "$name: fastqc_data.txt equals FastQC's (overrepresented rows in any order)" cmp -s <(sorted_data "$ours") <(sorted_data "$theirs")
  else
    check "$name: fastqc_data.txt is byte-identical to FastQC's" cmp -s "$ours" "$theirs"
  fi
  check "$name: summary.txt equals FastQC's" cmp -s "$WORK/ours/${name}_fastqc/summary.txt" "$WORK/fastqc/${name}_fastqc/summary.txt"
  check "$name: JSON verdicts equal FastQC's" cmp -s <(json_verdicts "$WORK/ours/$name.fastp.json") <(data_verdicts "$theirs")
done
check "tiles_warn: Per tile sequence quality warns" grep -q $'^>>Per tile sequence quality\twarn' "$WORK/fastqc/tiles_warn_fastqc/fastqc_data.txt"
check "tiles_fail: Per tile sequence quality fails" grep -q $'^>>Per tile sequence quality\tfail' "$WORK/fastqc/tiles_fail_fastqc/fastqc_data.txt"
check "no_tiles: JSON says Per tile sequence quality is not applicable" \
  "$PY" -c 'import json,sys
m = [m for m in json.load(open(sys.argv[1]))["plateau"]["fastqc"]["read1"] if m["module"] == "Per tile sequence quality"]
assert m and m[0]["status"] == "not_applicable" and "tile" in m[0]["note"], m' "$WORK/ours/no_tiles.fastp.json"

check "contaminants: FastQC's list finds sources for the adapter reads" test "$(grep -c '% over ' "$WORK/ours/contaminants_fastqc/fastqc_data.txt")" -ge 6

# Built-in list (Illumina's published sequences): hits need more than 20 bp, or an 8-19 bp read
# contained in an adapter; 20 bp of P7 is not a hit, 22 bp of Nextera read 2 is.
"$TOOL_BIN" --quiet -i "$WORK/in/contaminants.fq" --fastqc-dir "$WORK/builtin"
source_of() { awk -F'\t' -v s="$1" '$1 == s { print $4 }' "$WORK/builtin/contaminants_fastqc/fastqc_data.txt"; }
check "built-in: exact TruSeq universal adapter" test "$(source_of AATGATACGGCGACCACCGAGATCTACACTCTTTCC)" = "Illumina TruSeq Universal Adapter (100% over 36bp)"
check "built-in: 22 bp of Nextera read 2 at the end" test "$(source_of CATGCAGACCATAGGTCTCGTGGGCTCGGAGATGTG)" = "Nextera Transposase Adapter, Read 2 (100% over 22bp)"
check "built-in: 20 bp of P7 is no hit" test "$(source_of CGTGTTATGAGGCGGCCAAGCAGAAGACGGCATACG)" = "No Hit"
check "built-in: a 15 bp read inside TruSeq read 1" test "$(source_of TCGGAAGAGCACACG)" = "Illumina TruSeq Adapter, Read 1 (100% over 15bp)"
printf 'bad\tACGTX\n' > "$WORK/bad_list.txt"
"$TOOL_BIN" --quiet -i "$WORK/in/example.fastq" --contaminants "$WORK/bad_list.txt" -j "$WORK/bad.json" 2> "$WORK/bad.err"
check "a contaminant list with a non-ACGT base: exit 1, one line naming file and line, no report" \
  test $? -eq 1 -a "$(wc -l < "$WORK/bad.err")" -eq 1 -a ! -e "$WORK/bad.json" -a -n "$(grep -F "$WORK/bad_list.txt: line 1" "$WORK/bad.err")"

# Same files at any thread count.
"$TOOL_BIN" --quiet --threads 1 -i "$WORK/in/tiles_warn.fq" --fastqc-dir "$WORK/t1"
"$TOOL_BIN" --quiet --threads 3 -i "$WORK/in/tiles_warn.fq" --fastqc-dir "$WORK/t3"
check "fastqc_data.txt is the same at 1 and 3 threads" cmp -s "$WORK/t1/tiles_warn_fastqc/fastqc_data.txt" "$WORK/t3/tiles_warn_fastqc/fastqc_data.txt"
finish
