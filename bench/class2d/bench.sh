#!/usr/bin/env bash
# plateau-class2d against RELION 3.1.3 on simulated particles (docs/class2d.md, "Simulation and benchmarks").
#
# Usage: bench/class2d/bench.sh [acceptance|seeds|smoke|scale|fast] [REPEATS]
#   acceptance  issue 13's sets: 2,000 particles, 64 px, 2.5 Å/px, K = 4, 25 iterations, SNR 0.05 and
#               0.02 (simulate.py seed 42); RELION and ours alternately, REPEATS times (default 3), all
#               with run seed 0 (both tools are deterministic for a seed: the repeats time them)
#   seeds       the acceptance set at SNR 0.02 (SNRS to change), repeat r with run seed r - 1 for both
#               tools (--random_seed / --seed), REPEATS (default 5) seeds: the medians are over seeds,
#               the fair accuracy comparison where one seed's result moves by a few particles
#   smoke       500 particles, 10 iterations, SNR 0.05, both tools once (proves the script; RELION
#               needs about 1,800 CPU-s for one acceptance set, so do not run that on a shared machine)
#   scale       50,000 particles, 128 px, 1.25 Å/px, K = 4, ITER (default 5) iterations, ours only:
#               CPU time per particle per iteration and peak RSS
#   fast        the fast mode's trade-off: ours with --fast off (full EM) and --fast on (mini-batches),
#               alternately; 50,000 particles, 128 px, 1.25 Å/px, K = 4, 25 iterations, SNR 0.05, once
# Environment: PLATEAU_BIN (folder with plateau-class2d; ours is skipped with a message when absent),
#   WORK (default /tmp/plateau-class2d-bench; simulated sets are cached there), THREADS (2),
#   RELION=0 to skip RELION, and N, BOX, APIX, K, ITER, SNRS, SEED to override a mode's set.
# Prints one table: median wall, median CPU (user + sys), CPU·ms per particle-iteration, median peak
# RSS, ARI and NMI against the truth (median over repeats), then per SNR a table of the ARI after
# each iteration (score.py --trajectory on run_itNNN_data.star, which both tools write), last repeat.
# The machine may be shared: CPU time is the steadier figure, wall time an upper bound.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
mode=${1:-acceptance}
repeats=${2:-}
case "$mode" in
  acceptance) : "${N:=2000}" "${BOX:=64}" "${APIX:=2.5}" "${K:=4}" "${ITER:=25}" "${SNRS:=0.05 0.02}"; repeats=${repeats:-3} ;;
  seeds)      : "${N:=2000}" "${BOX:=64}" "${APIX:=2.5}" "${K:=4}" "${ITER:=25}" "${SNRS:=0.02}"; repeats=${repeats:-5} ;;
  smoke)      : "${N:=500}" "${BOX:=64}" "${APIX:=2.5}" "${K:=4}" "${ITER:=10}" "${SNRS:=0.05}"; repeats=${repeats:-1} ;;
  scale)      : "${N:=50000}" "${BOX:=128}" "${APIX:=1.25}" "${K:=4}" "${ITER:=5}" "${SNRS:=0.05}"; repeats=${repeats:-1}; RELION=0 ;;
  fast)       : "${N:=50000}" "${BOX:=128}" "${APIX:=1.25}" "${K:=4}" "${ITER:=25}" "${SNRS:=0.05}"; repeats=${repeats:-1}; RELION=0 ;;
  *) echo "usage: $0 [acceptance|seeds|smoke|scale|fast] [REPEATS]" >&2; exit 2 ;;
esac
: "${SEED:=42}" "${THREADS:=2}" "${RELION:=1}" "${WORK:=/tmp/plateau-class2d-bench}" "${DIAMETER:=130}"
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed (Debian package time)" >&2; exit 1; }

ours=""
if [ -n "${PLATEAU_BIN:-}" ] && [ -x "$PLATEAU_BIN/plateau-class2d" ]; then
  ours=$(cd "$PLATEAU_BIN" && pwd)/plateau-class2d  # absolute: runs start inside the set's folder
else
  echo "bench: plateau-class2d not found (set PLATEAU_BIN to the folder holding it): ours skipped" >&2
fi
relion=""
if [ "$RELION" = 1 ]; then
  command -v relion_refine > /dev/null || { echo "relion_refine is not installed (scripts/install-deps.sh bench)" >&2; exit 1; }
  relion=$(command -v relion_refine)
fi
[ -n "$ours$relion" ] || { echo "bench: nothing to run" >&2; exit 1; }

mkdir -p "$WORK"
results=$WORK/results-$mode-$$.tsv
: > "$results"

# dataset SNR: the cached simulated set's folder (simulated on first use).
dataset() {
  local dir=$WORK/data/n${N}_b${BOX}_a${APIX}_k${K}_snr$1_s${SEED}
  if [ ! -s "$dir/truth.star" ]; then
    echo "bench: simulating $dir" >&2
    "$PY" "$here/simulate.py" --out "$dir" --n "$N" --box "$BOX" --apix "$APIX" --K "$K" --snr "$1" \
      --seed "$SEED" --diameter "$DIAMETER" --quiet
  fi
  echo "$dir"
}

# run_tool TOOL DIR OUTDIR RUN_SEED: one timed run in the project directory DIR; appends a result row.
run_tool() {
  local tool=$1 dir=$2 out=$3 run_seed=$4 rc=0 final
  rm -rf "${dir:?}/$out"; mkdir -p "$dir/$out"
  local cmd
  if [ "$tool" = relion ]; then
    cmd=("$relion" --i particles.star --o "$out/run" --K "$K" --iter "$ITER" --tau2_fudge 2
         --particle_diameter "$DIAMETER" --psi_step 10 --offset_range 5 --offset_step 2 --oversampling 1 --ctf
         --zero_mask --flatten_solvent --norm --scale --j "$THREADS" --dont_combine_weights_via_disc --pool 30
         --random_seed "$run_seed")
    final=$out/run_it$(printf %03d "$ITER")_data.star
  else
    cmd=("$ours" --i particles.star --o "$out/run" --K "$K" --iter "$ITER" --tau2_fudge 2
         --particle_diameter "$DIAMETER" --psi_step 10 --offset_range 5 --offset_step 2 --zero_mask --ctf
         --seed "$run_seed" --threads "$THREADS")
    # fast mode: "ours" is the full EM, "fast" the mini-batch run, whatever --fast auto would pick.
    if [ "$mode" = fast ]; then
      if [ "$tool" = fast ]; then cmd+=(--fast on); else cmd+=(--fast off); fi
    fi
    final=$out/run_data.star
  fi
  echo "bench: $tool in $dir/$out: ${cmd[*]}" >&2
  (cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$out/time.txt" "${cmd[@]}" > "$out/log.txt" 2>&1) || rc=$?
  if [ "$rc" -ne 0 ] || [ ! -s "$dir/$final" ]; then
    echo "bench: $tool failed (exit $rc; log $dir/$out/log.txt)" >&2
    tail -3 "$dir/$out/log.txt" >&2 || true
    return 0
  fi
  "$PY" "$here/score.py" --truth "$dir/truth.star" --data "$dir/$final" --json "$dir/$out/score.json" \
    --trajectory "$dir/$out/run_it[0-9][0-9][0-9]_data.star" > "$dir/$out/score.txt"
  read -r wall user sys rss < "$dir/$out/time.txt"
  local ari nmi wrong
  ari=$(awk '$1 == "ari" { print $2 }' "$dir/$out/score.txt")
  nmi=$(awk '$1 == "nmi" { print $2 }' "$dir/$out/score.txt")
  # misassigned: particles outside their class's majority true class, N (1 - purity)
  wrong=$(awk '$1 == "particles" { n = $2 } $1 == "purity" { printf "%d", n * (1 - $2) + 0.5 }' "$dir/$out/score.txt")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$snr" "$tool" "$wall" "$user" "$sys" "$rss" "$ari" "$nmi" \
    "$dir/$out" "$run_seed" "$wrong" >> "$results"
}

for snr in $SNRS; do
  dir=$(dataset "$snr")
  for r in $(seq 1 "$repeats"); do
    # Alternate which tool goes first, so slow drifts in the machine's load hit both.
    if [ $((r % 2)) -eq 1 ]; then order="relion ours"; else order="ours relion"; fi
    [ "$mode" = fast ] && { if [ $((r % 2)) -eq 1 ]; then order="fast ours"; else order="ours fast"; fi; }
    run_seed=0
    [ "$mode" = seeds ] && run_seed=$((r - 1))
    for tool in $order; do
      if [ "$tool" = relion ] && [ -z "$relion" ]; then continue; fi
      if [ "$tool" != relion ] && [ -z "$ours" ]; then continue; fi
      run_tool "$tool" "$dir" "runs/${tool}_r$r" "$run_seed"
    done
  done
done

echo
echo "## plateau-class2d bench: mode $mode, $N particles, ${BOX} px, ${APIX} Å/px, K $K, $ITER iterations, $THREADS threads, $repeats repeat(s)$([ "$mode" = seeds ] && echo " (run seeds 0 to $((repeats - 1)))"); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| SNR | tool | runs | median wall (s) | median CPU (s) | CPU·ms / particle-iteration | median peak RSS (MB) | ARI | NMI | misassigned (each run) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
awk -F'\t' -v n="$N" -v it="$ITER" '
  function median(list,   a, k, i, j, t) {
    k = split(list, a, " ")
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  { key = $1 "\t" $2; if (!(key in runs)) order[++nk] = key; runs[key]++
    wall[key] = wall[key] " " $3; cpu[key] = cpu[key] " " ($4 + $5); rss[key] = rss[key] " " $6
    ari[key] = ari[key] " " $7; nmi[key] = nmi[key] " " $8; wrong[key] = wrong[key] (wrong[key] == "" ? "" : ", ") $11 }
  END { for (i = 1; i <= nk; i++) { key = order[i]; split(key, f, "\t"); c = median(cpu[key])
          printf "| %s | %s | %d | %.1f | %.1f | %.2f | %.1f | %.4f | %.4f | %s |\n", f[1], f[2], runs[key], median(wall[key]),
                 c, c * 1000 / (n * it), median(rss[key]) / 1024, median(ari[key]), median(nmi[key]), wrong[key] } }' "$results"
echo
# ARI per iteration (score.py --trajectory over run_itNNN_data.star), the last repeat of each tool,
# side by side per SNR: RELION writes the files every iteration, plateau-class2d too (--write_iter 1).
declare -A last
while IFS=$'\t' read -r snr tool _ _ _ _ _ _ out _; do last["$snr $tool"]=$out; done < "$results"
for snr in $SNRS; do
  tools=(); files=()
  for tool in relion ours fast; do
    out=${last["$snr $tool"]:-}
    [ -n "$out" ] && grep -q '^iteration ' "$out/score.txt" && { tools+=("$tool"); files+=("$out/score.txt"); }
  done
  [ ${#tools[@]} -gt 0 ] || continue
  echo "ARI per iteration, SNR $snr (last repeat):"
  echo
  awk -v names="${tools[*]}" '
    BEGIN { n = split(names, t, " "); printf "| iteration |"; for (i = 1; i <= n; i++) printf " %s |", t[i]; printf "\n|---|"
            for (i = 1; i <= n; i++) printf "---|"; printf "\n" }
    FNR == 1 { f++ }
    $1 == "iteration" { ari[$2, f] = $4; if ($2 + 0 > max) max = $2 + 0 }
    END { for (it = 1; it <= max; it++) { printf "| %d |", it
            for (i = 1; i <= n; i++) printf " %s |", ((it, i) in ari) ? ari[it, i] : "-"; printf "\n" } }' "${files[@]}"
  echo
done
echo
echo "Raw rows: $results (SNR, tool, wall, user, sys, peak KB, ARI, NMI, run folder, run seed, misassigned)"
