#!/usr/bin/env bash
# Same seed, same bytes at any --j: the class averages, particle STAR and model STAR of a run with
# 1 thread and with 3 threads are identical (the JSON/HTML reports differ only in timings and the
# thread count, so they are not compared); a different seed changes the classes' file.
source "$(dirname "$0")/../lib.sh"
here=$(dirname "$0")
cd "$WORK" || exit 1
$PY "$here/make_stacks.py" "$WORK" 60 32 || exit 1
for j in 1 3; do
  "$TOOL_BIN" --quiet --i particles.star --o "j$j/" --K 3 --iter 4 --particle_diameter 60 --ctf --j $j
  check "run with --j $j (exit 0)" [ $? -eq 0 ]
done
for f in run_classes.mrcs run_data.star; do
  check "$f: same bytes at --j 1 and --j 3" cmp -s "j1/$f" "j3/$f"
done
# The model names its classes' file (00000k@j1/run_classes.mrcs): compared with the folder masked.
check "run_model.star: same bytes at --j 1 and --j 3 (folder name masked)" \
  cmp -s <(sed 's#@j1/#@J/#' j1/run_model.star) <(sed 's#@j3/#@J/#' j3/run_model.star)
"$TOOL_BIN" --quiet --i particles.star --o seed2/ --K 3 --iter 4 --particle_diameter 60 --ctf --j 3 --random_seed 2
check "another --random_seed gives other class averages" bash -c '! cmp -s j1/run_classes.mrcs seed2/run_classes.mrcs'
finish
