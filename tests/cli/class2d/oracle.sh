#!/usr/bin/env bash
# bench/class2d/oracle.py: the true templates classify a clean set perfectly and a drowned one
# poorly, and knowing the pose does far better than searching for it on a noisy set.
source "$(dirname "$0")/../lib.sh"
ORACLE=$SRC/bench/class2d/oracle.py
sim() {  # sim NAME SNR
  "$PY" "$SRC/bench/class2d/simulate.py" --out "$WORK/$1" --n 120 --box 48 --apix 3.0 --K 3 --snr "$2" \
    --diameter 120 --seed 4 --quiet
}
field() { awk -v r="$1" -v f="$2" '$1 == r { for (i = 2; i < NF; i += 2) if ($i == f) print $(i + 1) }' "$3"; }

sim clean 1.0
"$PY" "$ORACLE" "$WORK/clean" --psi-step 10 --offset-range 3 --json "$WORK/clean.json" > "$WORK/clean.txt"
check "clean set: every rule places every particle (ARI 1)" \
  test "$(grep -c ' misassigned 0 ari 1.0000 ' "$WORK/clean.txt")" -eq 3
check "JSON report carries the three rules" "$PY" -c "
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(not (r['particles'] == 120 and all(r[k]['ari'] == 1.0 for k in ('known_pose', 'best_pose', 'marginal'))))" \
  "$WORK/clean.json"

sim drowned 0.003
"$PY" "$ORACLE" "$WORK/drowned" --psi-step 10 --offset-range 3 > "$WORK/drowned.txt"
known=$(field known_pose ari "$WORK/drowned.txt"); best=$(field best_pose ari "$WORK/drowned.txt")
check "SNR 0.003: searching the pose fails (best-pose ARI $best < 0.3)" awk -v a="$best" 'BEGIN { exit !(a < 0.3) }'
check "SNR 0.003: knowing the pose does far better (ARI $known > $best + 0.2)" \
  awk -v k="$known" -v b="$best" 'BEGIN { exit !(k > b + 0.2) }'
finish
