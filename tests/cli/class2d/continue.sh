#!/usr/bin/env bash
# --continue (relion_refine's --continue <run>_itNNN_optimiser.star): 2 iterations, then 2 more from
# the written iteration, give the bytes of one uninterrupted 4-iteration run (final and per-iteration
# files), from either the optimiser or the model STAR, at another thread count; bad continuations are
# refused with one error line, exit 1 (2 for a name that is no iteration file), nothing written.
source "$(dirname "$0")/../lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
cd "$WORK" || exit 1
$PY "$here/make_stacks.py" "$WORK" 40 32 || exit 1
common=(--i ../particles.star --particle_diameter 60 --ctf --zero_mask --seed 5)
mkdir -p whole part other bad1 bad2 bad3 bad4 bad5

(cd whole && "$TOOL_BIN" "${common[@]}" --K 2 --iter 4 --j 2 --o run 2> run.err)
check "uninterrupted 4 iterations (exit 0)" [ $? -eq 0 ]
(cd part && "$TOOL_BIN" "${common[@]}" --K 2 --iter 2 --j 2 --o run 2> run.err)
check "first 2 iterations (exit 0)" [ $? -eq 0 ]
# The premise: a 2-iteration run is the 4-iteration run's start (no re-seeding in either, full EM).
check "part/run_it002_data.star = whole/run_it002_data.star" cmp -s part/run_it002_data.star whole/run_it002_data.star

(cd part && "$TOOL_BIN" "${common[@]}" --K 2 --iter 4 --j 1 --o run --continue run_it002_optimiser.star 2> continue.err)
check "--continue run_it002_optimiser.star --iter 4 (exit 0)" [ $? -eq 0 ]
check "the log says where it continued from" grep -q "continuing from run_it002_state.bin" part/continue.err
# (The state files themselves differ: they carry each iteration's wall time for the report.)
for f in run_classes.mrcs run_data.star run_model.star run_it003_classes.mrcs run_it003_data.star run_it004_model.star; do
  check "continued $f = uninterrupted $f" cmp -s part/$f whole/$f
done
check "the continued report lists all 4 iterations" \
  $PY -c "import json, sys; r = json.load(open('part/run_report.json')); sys.exit(len(r['class2d']['iterations']) != 4)"

(cd other && "$TOOL_BIN" "${common[@]}" --K 2 --iter 4 --j 2 --o run --continue ../part/run_it002_model.star 2> continue.err)
check "--continue from the model STAR into another folder (exit 0)" [ $? -eq 0 ]
check "continued from the model STAR: run_data.star = uninterrupted" cmp -s other/run_data.star whole/run_data.star
check "continued from the model STAR: no iteration 1 or 2 files written" \
  bash -c "! ls other/run_it001_* other/run_it002_* 2> /dev/null | grep -q ."

# Refused continuations (each in an empty folder that must stay empty; --quiet: only the error line).
(cd bad1 && "$TOOL_BIN" "${common[@]}" --K 2 --iter 2 --o run --quiet --continue ../part/run_it002_optimiser.star 2> "$WORK/last.err")
check_failure last 1 "iteration 2 is already the last of --iter 2" bad1
(cd bad2 && "$TOOL_BIN" "${common[@]}" --K 3 --iter 4 --o run --quiet --continue ../part/run_it002_optimiser.star \
  2> "$WORK/classes.err")
check_failure classes 1 "written by a run with --K 2, this run has --K 3" bad2
(cd bad3 && "$TOOL_BIN" "${common[@]}" --K 2 --iter 4 --o run --quiet --continue ../particles.star 2> "$WORK/name.err")
check_failure name 2 "expected a per-iteration file of a run" bad3
head -c 300 part/run_it002_state.bin > cut_it002_state.bin
(cd bad4 && "$TOOL_BIN" "${common[@]}" --K 2 --iter 4 --o run --quiet --continue ../cut_it002_model.star 2> "$WORK/cut.err")
check_failure cut 1 "cut_it002_state.bin: truncated state" bad4
(cd bad5 && "$TOOL_BIN" "${common[@]}" --K 2 --iter 4 --o run --quiet --continue ../none_it002_model.star 2> "$WORK/missing.err")
check_failure missing 1 "cannot read ../none_it002_state.bin" bad5
finish
