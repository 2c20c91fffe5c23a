#!/usr/bin/env bash
# bench/class2d/score.py: ARI, NMI and purity against hand-computed cases, STAR matching, template search,
# and the command line on a simulated set scored against itself and against a shuffled assignment.
source "$(dirname "$0")/../lib.sh"
export PLATEAU_SRC=$SRC
SCORE=$SRC/bench/class2d/score.py
"$PY" "$SRC/tests/cli/class2d/check_score.py" "$WORK" && pass "score.py functions" || fail "score.py functions"

"$PY" "$SRC/bench/class2d/simulate.py" --out "$WORK/sim" --n 120 --box 48 --apix 3.0 --K 3 --snr 0.1 --diameter 120 --seed 4 --quiet
"$PY" "$SCORE" --truth "$WORK/sim/truth.star" --data "$WORK/sim/truth.star" --classes "$WORK/sim/templates.mrcs" \
  --json "$WORK/self.json" > "$WORK/self.txt"
check "truth against itself: ARI 1" grep -qx "ari 1.0000" "$WORK/self.txt"
check "templates as class averages: each matches itself with cc 1" \
  test "$(grep -c '^average class \([123]\): template \1 cc 1.000' "$WORK/self.txt")" -eq 3
check "psi resultant 1 in every class" test "$(grep -c 'psi_resultant 1.000' "$WORK/self.txt")" -eq 3
# Class numbers of a fixed pattern (1,2,3,1,2,3,...) are independent of the truth: ARI near 0.
awk 'BEGIN { OFS = " " } /^[0-9]+@/ { $12 = (n++ % 3) + 1 } { print }' "$WORK/sim/truth.star" > "$WORK/shuffled_data.star"
"$PY" "$SCORE" --truth "$WORK/sim/truth.star" --data "$WORK/shuffled_data.star" --min-ari 0.5 > "$WORK/shuffled.txt"
rc=$?
ari=$(awk '$1 == "ari" { print $2 }' "$WORK/shuffled.txt")
check "unrelated classes: ARI $ari near 0 and --min-ari 0.5 exits 3" \
  awk -v a="$ari" -v rc="$rc" 'BEGIN { exit !(a < 0.1 && a > -0.1 && rc == 3) }'
finish
