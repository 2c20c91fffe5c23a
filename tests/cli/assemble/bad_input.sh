#!/usr/bin/env bash
# Bad input: one "plateau-assemble: error:" line naming the problem, exit status 1, and no output
# folder left behind. Bad options: exit status 2.
source "$(dirname "$0")/../lib.sh"
here=$(dirname "$0")
$PY "$here/simulate_genome.py" "$WORK/sim" --length 20000 --coverage 20 --seed 3

check_failure() {  # NAME STATUS EXPECTED_TEXT (rc in $?)
  local rc=$? name=$1 status=$2 expect=$3
  local err=$WORK/$name.err lines; lines=$(wc -l < "$err")
  if [ "$rc" -eq "$status" ] && [ "$lines" -eq 1 ] && grep -q '^plateau-assemble: error: ' "$err" &&
     grep -qF -- "$expect" "$err" && [ ! -e "$WORK/out.$name" ]; then
    pass "$name: $(cat "$err")"
  else
    fail "$name: rc=$rc (want $status) lines=$lines left=$(ls -A "$WORK/out.$name" 2>/dev/null | tr '\n' ' ') message='$(cat "$WORK/$name.err")' (expected '$expect')"
  fi
}
run() {  # run NAME ARGS...
  local name=$1; shift
  "$TOOL_BIN" "$@" -o "$WORK/out.$name" 2> "$WORK/$name.err"
}

run missing_file -1 "$WORK/nonexistent_1.fq" -2 "$WORK/sim_2.fq"
check_failure missing_file 1 "nonexistent_1.fq"

gzip -c "$WORK/sim_1.fq" | head -c 20000 > "$WORK/trunc_1.fq.gz"
gzip -c "$WORK/sim_2.fq" > "$WORK/full_2.fq.gz"
run truncated_gzip -1 "$WORK/trunc_1.fq.gz" -2 "$WORK/full_2.fq.gz"
check_failure truncated_gzip 1 "trunc_1.fq.gz"

awk 'NR % 4 == 1 { sub(/^@r/, "@x") } { print }' "$WORK/sim_2.fq" > "$WORK/renamed_2.fq"
run mismatched_pairs -1 "$WORK/sim_1.fq" -2 "$WORK/renamed_2.fq"
check_failure mismatched_pairs 1 "r0"

head -n 400 "$WORK/sim_2.fq" > "$WORK/short_2.fq"
run mates_out_of_step -1 "$WORK/sim_1.fq" -2 "$WORK/short_2.fq"
check_failure mates_out_of_step 1 "short_2.fq"

: > "$WORK/empty.fq"
run empty_file -r "$WORK/empty.fq"
check_failure empty_file 1 "empty.fq"

awk 'NR % 2 == 0 { $0 = substr($0, 1, 12) } { print }' "$WORK/sim_1.fq" > "$WORK/tiny.fq"
run reads_shorter_than_k -r "$WORK/tiny.fq"
check_failure reads_shorter_than_k 1 "shorter than"

# 150 kbp at 5x: about 150,000 candidate k-mers, more than 2 MB of tables at any load (the 20 kbp
# genome's fit: the cap counts the tables, not the process)
$PY "$here/simulate_genome.py" "$WORK/wide" --length 150000 --coverage 5 --seed 3 > /dev/null
run memory_cap -1 "$WORK/wide_1.fq" -2 "$WORK/wide_2.fq" --memory 2M
check_failure memory_cap 1 "--memory cap of 2 MB"

run even_k -1 "$WORK/sim_1.fq" -2 "$WORK/sim_2.fq" --k-list 31,64
check_failure even_k 2 "--k-list: 64"
run big_k -1 "$WORK/sim_1.fq" -2 "$WORK/sim_2.fq" --k-list 63,129
check_failure big_k 2 "--k-list: 129"
run unpaired_flags -1 "$WORK/sim_1.fq"
check_failure unpaired_flags 2 "-1 and -2"
"$TOOL_BIN" -1 "$WORK/sim_1.fq" -2 "$WORK/sim_2.fq" 2> "$WORK/no_out.err"
check_failure no_out 2 "-o/--out-dir"

"$TOOL_BIN" -1 "$WORK/sim_1.fq" -2 "$WORK/sim_2.fq" -o "$WORK/ok" --memory 200M 2> /dev/null
check "a sufficient --memory cap assembles" [ -s "$WORK/ok/contigs.fa" ]
finish
