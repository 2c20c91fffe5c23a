#!/usr/bin/env bash
# plateau-class2d recovers simulated classes: 400 particles, 48 px at 3 Å/px, K = 3, SNR 0.1, 15 iterations,
# 2 threads. The truth comes from bench/class2d/simulate.py (its own checks: cli.class2d.simulate); passes
# when the adjusted Rand index against it is >= 0.95 (score.py --min-ari) and, in classes of >= 20
# particles, rlnAnglePsi differs from the truth by one constant per class (circular resultant >= 0.9,
# the RELION convention of em2d-peers.md §11.5). Prints the class-average vs template correlations.
source "$(dirname "$0")/../lib.sh"
export PLATEAU_SRC=$SRC
[ -x "$TOOL_BIN" ] || { echo "FAIL - $TOOL_BIN not built"; exit 1; }
sim=$WORK/sim
"$PY" "$SRC/bench/class2d/simulate.py" --out "$sim" --n 400 --box 48 --apix 3.0 --K 3 --snr 0.1 --diameter 120 \
  --seed 11 --quiet
mkdir -p "$sim/out"
start=$(date +%s)
(cd "$sim" && "$TOOL_BIN" --i particles.star --o out/run --K 3 --iter 15 --tau2_fudge 2 --particle_diameter 120 \
  --psi_step 10 --offset_range 5 --offset_step 2 --zero_mask --ctf --seed 1 --threads 2) > "$WORK/run.log" 2>&1
rc=$?
check "plateau-class2d exits 0 ($(( $(date +%s) - start )) s; $(tail -1 "$WORK/run.log"))" test "$rc" -eq 0
check "writes run_data.star, run_classes.mrcs and run_model.star" \
  test -s "$sim/out/run_data.star" -a -s "$sim/out/run_classes.mrcs" -a -s "$sim/out/run_model.star"
if [ -s "$sim/out/run_data.star" ]; then
  "$PY" "$SRC/bench/class2d/score.py" --truth "$sim/truth.star" --data "$sim/out/run_data.star" \
    --classes "$sim/out/run_classes.mrcs" --min-ari 0.95 > "$WORK/score.txt" 2>&1
  rc=$?
  sed 's/^/  /' "$WORK/score.txt"
  check "ARI >= 0.95 ($(awk '$1 == "ari" { print $2 }' "$WORK/score.txt"))" test "$rc" -eq 0
  check "psi = class constant - true psi (resultant >= 0.9 in classes of >= 20 particles)" \
    awk '/^pose class/ { n++; if ($5 >= 20 && $7 < 0.9) bad++ } END { exit !(n > 0 && bad == 0) }' "$WORK/score.txt"
fi
finish
