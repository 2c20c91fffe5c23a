#!/usr/bin/env bash
# Acceptance 2: with adapter trimming off and equal filter settings, the reads that pass are
# exactly those that fastp 0.23.2 (Debian package fastp) passes, on real data sets, and the
# filter counts in the two JSON reports agree.
source "$(dirname "$0")/../lib.sh"
command -v fastp >/dev/null || { echo "fastp is not installed (scripts/install-deps.sh test)"; exit 1; }

lambda=$(debfile bowtie2-examples usr/share/doc/bowtie2/examples/reads/reads_1.fq.gz) || exit 1
lambda2=${lambda%_1.fq.gz}_2.fq.gz
longreads=$(debfile bowtie2-examples usr/share/doc/bowtie2/examples/reads/longreads.fq.gz) || exit 1
example=$(debfile fastqc usr/share/doc/fastqc/examples/example.fastq) || exit 1

names() { gzip -dcf "$1" | awk 'NR % 4 == 1 { sub(/^@/, ""); sub(/[ \t].*/, ""); print }' | sort; }
counts() {  # the filtering_result block of a fastp-style JSON, one key=value per line
  "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["filtering_result"]; [print(k, r.get(k, 0)) for k in ("passed_filter_reads","low_quality_reads","too_many_N_reads","too_short_reads","too_long_reads")]' "$1"
}

compare() {  # compare NAME "FILTER FLAGS" -i R1 [-I R2]
  local name=$1 flags=$2; shift 2
  local dir=$WORK/$name; mkdir -p "$dir"
  local paired=0; [[ " $* " == *" -I "* ]] && paired=1
  local pout=(-o "$dir/p1.fq"); local fout=(-o "$dir/f1.fq")
  if [ $paired -eq 1 ]; then pout+=(-O "$dir/p2.fq"); fout+=(-O "$dir/f2.fq"); fi
  # shellcheck disable=SC2086
  "$TOOL_BIN" --quiet -A $flags "$@" "${pout[@]}" -j "$dir/p.fastp.json" || { fail "$name: plateau-qc failed"; return; }
  # shellcheck disable=SC2086
  fastp -A $flags "$@" "${fout[@]}" -j "$dir/f.json" -h "$dir/f.html" -w 2 2> "$dir/fastp.log" || { fail "$name: fastp failed"; return; }
  local ours theirs
  ours=$(names "$dir/p1.fq" | md5sum); theirs=$(names "$dir/f1.fq" | md5sum)
  local n; n=$(names "$dir/p1.fq" | wc -l)
  if [ "$ours" = "$theirs" ] && [ "$n" -gt 0 ]; then pass "$name: same $n passing read names as fastp ($flags)"; else
    fail "$name: passing reads differ from fastp: $(diff <(names "$dir/p1.fq") <(names "$dir/f1.fq") | head -3 | tr '\n' ' ')"; fi
  if [ "$(counts "$dir/p.fastp.json")" = "$(counts "$dir/f.json")" ]; then pass "$name: same filtering_result counts"; else
    fail "$name: filtering_result differs: ours $(counts "$dir/p.fastp.json" | tr '\n' ' ') fastp $(counts "$dir/f.json" | tr '\n' ' ')"; fi
}

compare lambda_pairs_default "" -i "$lambda" -I "$lambda2"
compare lambda_pairs_strict "-q 12 -u 50 -n 1 -l 80 --length_limit 150" -i "$lambda" -I "$lambda2"
compare lambda_long_single "-q 10 -u 50 -n 10 -l 100" -i "$longreads"
compare fastqc_example_single "" -i "$example"
compare fastqc_example_mean_quality "-e 28 -l 30" -i "$example"
finish
