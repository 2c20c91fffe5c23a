#!/usr/bin/env bash
# FastQC-format output (--fastqc-dir) against FastQC 0.11.9 itself (Debian package fastqc), run live
# on the same files: fastqc_data.txt is byte-identical on reads with Illumina tile names (Per tile
# sequence quality warning, failing, or not applicable for names without tiles) and on FastQC's
# example.fastq (up to the order of equally frequent overrepresented sequences, which FastQC
# leaves to a hash map); our JSON gives the same verdicts; the files are the same at 1 and 3 threads.
source "$(dirname "$0")/../lib.sh"
command -v fastqc > /dev/null || { echo "fastqc is not installed (scripts/install-deps.sh test)"; exit 1; }
example=$(debfile fastqc usr/share/doc/fastqc/examples/example.fastq) || exit 1
gen=$SRC/tests/data/tiles/gen/tile_reads.py
mkdir -p "$WORK/in" "$WORK/fastqc" "$WORK/ours"
"$PY" "$gen" "$WORK/in/tiles_warn.fq" 30000 casava 9
"$PY" "$gen" "$WORK/in/tiles_fail.fq" 30000 old 14
"$PY" "$gen" "$WORK/in/no_tiles.fq" 30000 plain 9
cp "$example" "$WORK/in/example.fastq"

# json_verdicts JSON: "module<TAB>status" per line, FastQC's modules only (not_applicable left out).
json_verdicts() {
  "$PY" -c 'import json,sys
for m in json.load(open(sys.argv[1]))["plateau"]["fastqc"]["read1"]:
    if m["status"] != "not_applicable": print(m["module"] + "\t" + m["status"])' "$1"
}
data_verdicts() { grep '^>>' "$1" | grep -v '^>>END_MODULE' | sed 's/^>>//'; }
sorted_data() { awk '/^>>Overrepresented/ { o = 1 } /^>>END_MODULE/ { o = 0 } { print (o ? "1" : "0") "\t" NR "\t" $0 }' "$1" | sort -t$'\t' -k1,1 -k3 | cut -f3-; }

for name in tiles_warn tiles_fail no_tiles example; do
  in=$(ls "$WORK/in/$name".*)
  fastqc -q -o "$WORK/fastqc" --extract "$in" > "$WORK/fastqc.log" 2>&1
  "$TOOL_BIN" --quiet -i "$in" -j "$WORK/ours/$name.fastp.json" --fastqc-dir "$WORK/ours"
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

# Same files at any thread count.
"$TOOL_BIN" --quiet --threads 1 -i "$WORK/in/tiles_warn.fq" --fastqc-dir "$WORK/t1"
"$TOOL_BIN" --quiet --threads 3 -i "$WORK/in/tiles_warn.fq" --fastqc-dir "$WORK/t3"
check "fastqc_data.txt is the same at 1 and 3 threads" cmp -s "$WORK/t1/tiles_warn_fastqc/fastqc_data.txt" "$WORK/t3/tiles_warn_fastqc/fastqc_data.txt"
finish
