#!/usr/bin/env bash
# Per-iteration files as relion_refine writes them (RELION 3.1 MlOptimiser::write: <out>_itNNN_
# classes.mrcs, _data.star, _model.star, _optimiser.star, _sampling.star, NNN zero-padded to 3; and
# our _state.bin for --continue, tested in continue.sh):
# names, RELION's relion_star_handler reading every iteration's data STAR (Debian's relion, skipped
# with a note when absent), the last iteration's files equal to the final ones byte for byte,
# --write_iter thinning (compared with the unthinned run's files of the same iterations) and a run
# that fails while writing an iteration leaving only complete files behind.
source "$(dirname "$0")/../lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
cd "$WORK" || exit 1
$PY "$here/make_stacks.py" "$WORK" 40 32 || exit 1
common=(--i particles.star --K 2 --iter 4 --particle_diameter 60 --ctf --zero_mask --j 2 --seed 3)
suffixes="classes.mrcs data.star model.star optimiser.star sampling.star state.bin"

mkdir -p full thin none blocked
"$TOOL_BIN" "${common[@]}" --o full/run 2> full.err
check "full run (exit 0)" [ $? -eq 0 ]
for it in 001 002 003 004; do
  for s in $suffixes; do check "full/run_it${it}_$s written" [ -s "full/run_it${it}_$s" ]; done
done
check "exactly 4 x 6 iteration files and the 5 final ones (no it000, no it005, no temporary file)" \
  [ "$(ls -A full | wc -l)" -eq 29 ]

# The last iteration's files are the final ones: classes and data byte for byte, the model STAR
# once its rlnReferenceImage entries name the final stack instead of the iteration's.
check "run_it004_classes.mrcs = run_classes.mrcs" cmp -s full/run_it004_classes.mrcs full/run_classes.mrcs
check "run_it004_data.star = run_data.star" cmp -s full/run_it004_data.star full/run_data.star
sed 's#@full/run_it004_classes.mrcs#@full/run_classes.mrcs#' full/run_it004_model.star > it004_model.renamed
check "run_it004_model.star = run_model.star (reference image names aside)" cmp -s it004_model.renamed full/run_model.star
check "run_it004_model.star names its own class averages" grep -q '^000001@full/run_it004_classes.mrcs[[:space:]]' full/run_it004_model.star
# The optimiser STAR points at its iteration's files, as RELION's does.
for it in 001 004; do
  check "run_it${it}_optimiser.star: rlnCurrentIteration $((10#$it))" grep -q "^_rlnCurrentIteration  *$((10#$it))\$" full/run_it${it}_optimiser.star
  check "run_it${it}_optimiser.star names run_it${it}_data.star" grep -q "^_rlnExperimentalDataStarFile  *full/run_it${it}_data.star\$" full/run_it${it}_optimiser.star
done
check "run_it001_sampling.star: psi step 12, offset step 2 px = 5 A" \
  bash -c "grep -q '^_rlnPsiStep  *12.000000\$' full/run_it001_sampling.star && grep -q '^_rlnOffsetStep  *5.000000\$' full/run_it001_sampling.star"
# Iterations differ (the run moved): iteration 1's class averages are not iteration 4's.
check "run_it001_classes.mrcs differs from run_it004_classes.mrcs" bash -c "! cmp -s full/run_it001_classes.mrcs full/run_it004_classes.mrcs"

if command -v relion_star_handler > /dev/null; then
  for it in 001 002 003 004; do
    relion_star_handler --i full/run_it${it}_data.star --o rel_$it.star > rel_$it.log 2>&1
    check "relion_star_handler reads run_it${it}_data.star (exit 0)" [ $? -eq 0 ]
    ours=$(awk '/^_rlnClassNumber /{sub("#", "", $2); c=$2} c && NF > 8 && $c == 2 {n++} END {print n+0}' full/run_it${it}_data.star)
    relion_star_handler --i full/run_it${it}_data.star --o sel_$it.star --select rlnClassNumber --minval 2 --maxval 2 > sel_$it.log 2>&1
    theirs=$(grep -c '@Stacks/a.mrcs' sel_$it.star)
    check "it$it: RELION selects $theirs particles of class 2, rlnClassNumber says $ours" [ "$theirs" = "$ours" ]
  done
else
  echo "note: relion_star_handler not installed (Debian package relion): RELION read-back not checked"
fi

# --write_iter 3: iterations 3 and 4 (the last) only, the same bytes as the full run's; 0: none.
"$TOOL_BIN" "${common[@]}" --o thin/run --write_iter 3 2> thin.err
check "--write_iter 3 (exit 0)" [ $? -eq 0 ]
check "--write_iter 3 writes it003 and it004 only" \
  [ "$(cd thin && ls run_it* | sed 's/_[a-z]*\.[a-z]*$//' | sort -u | tr '\n' ' ')" = "run_it003 run_it004 " ]
for s in classes.mrcs data.star; do
  check "thinned run_it003_$s = full run's" cmp -s thin/run_it003_$s full/run_it003_$s
done
check "thinned final data = full run's" cmp -s thin/run_data.star full/run_data.star
"$TOOL_BIN" "${common[@]}" --o none/run --write_iter 0 2> none.err
check "--write_iter 0 writes the 5 final files only" [ "$(ls -A none | wc -l)" -eq 5 ]
"$TOOL_BIN" "${common[@]}" --o none/bad --write_iter -1 2> bad.err
check "--write_iter -1 is a usage error (exit 2)" [ $? -eq 2 ]

# A run that cannot write iteration 2 (a folder holds its first file's name) stops with one error
# line and exit 1; iteration 1's files are complete, nothing of iteration 2 or the final set exists
# and no temporary file is left.
mkdir blocked/run_it002_classes.mrcs
"$TOOL_BIN" "${common[@]}" --o blocked/run 2> blocked.err
check "blocked run exits 1" [ $? -eq 1 ]
check "blocked run: one error line naming the file" \
  bash -c "[ \$(grep -c 'error:' blocked.err) -eq 1 ] && grep -q 'run_it002_classes.mrcs' blocked.err"
for s in classes.mrcs data.star; do check "blocked/run_it001_$s complete (= the full run's)" cmp -s blocked/run_it001_$s full/run_it001_$s; done
for s in model.star optimiser.star sampling.star state.bin; do check "blocked/run_it001_$s written" [ -s blocked/run_it001_$s ]; done
check "blocked: nothing else left (iteration 1's six files and the blocking folder)" [ "$(ls -A blocked | wc -l)" -eq 7 ]
finish
