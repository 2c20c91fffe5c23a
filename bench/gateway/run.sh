#!/usr/bin/env bash
# plateau-gateway benchmarks (figures go to docs/benchmarks.md):
#  1. status: wrk against /jobs/<id>/status of 1,000 known jobs (queued and running, then
#     complete), reporting requests/s and latency percentiles;
#  2. upload: 8 parallel uploads of 512 MiB through the gateway (curl -T, streamed, with
#     Expect: 100-continue) against dd writing the same bytes to the same disk in the same run,
#     both ending in fsync; the sha256 of every uploaded file is checked and recorded.
# Usage: bench/gateway/run.sh [OUT_DIR]   (needs wrk and curl: scripts/install-deps.sh bench)
# Knobs: UPLOADS (8), UPLOAD_MIB (512), DURATION (10s), CONNECTIONS (16), JOBS (1000), THREADS (64),
#        PARTS ("status upload"), CLIENT (sendfile | curl), REPEATS (5 alternating upload rounds)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${PLATEAU_BIN:-$root/build/bin}
out=${1:-$root/build/bench-gateway}
uploads=${UPLOADS:-8}
mib=${UPLOAD_MIB:-512}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-16}
jobs=${JOBS:-1000}
threads=${THREADS:-64}
parts=${PARTS:-status upload}
# sendfile: bench/gateway/upload.py sends with sendfile(2), so the client costs (almost) no CPU;
# curl: curl -T, which copies every byte through user space on the same 2 cores as the gateway.
client=${CLIENT:-curl}
here=$(cd "$(dirname "$0")" && pwd)
token=bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
for tool in wrk curl sha256sum awk; do command -v $tool >/dev/null || { echo "run.sh: $tool missing (scripts/install-deps.sh bench)" >&2; exit 1; }; done
rm -rf "$out" && mkdir -p "$out"
work=$out/work
mkdir -p "$work"
gw_pid=""
cleanup() {
  if [ -n "$gw_pid" ] && kill -0 "$gw_pid" 2>/dev/null; then
    # Cancel what is still running (the local executor's jobs outlive the gateway by design).
    if [[ " $parts " == *" status "* ]]; then
      for j in $(seq 1 "$jobs"); do curl -s -o /dev/null -X PUT "$base/jobs/b$j/cancel?private_token=$token" || true; done
    fi
    sleep 1
    kill -TERM "$gw_pid"; wait "$gw_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

PLATEAU_GATEWAY_TOKEN=$token "$bin/plateau-gateway" --data-dir "$work/data" --port 0 --port-file "$work/port" \
  --threads "$threads" --max-concurrent 2 --log-level warn >"$out/gateway.log" 2>&1 &
gw_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$work/port")"
q="private_token=$token"
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(uname -r)" | tee "$out/summary.txt"
echo "gateway: $("$bin/plateau-gateway" --version), $threads HTTP threads" | tee -a "$out/summary.txt"

# ---- 1. status -------------------------------------------------------------------------------
if [[ " $parts " == *" status "* ]]; then
# 1,000 jobs: 2 running (sleep), 998 queued behind them (local executor, 2 at a time).
for j in $(seq 1 "$jobs"); do
  curl -sf -o /dev/null -X POST "$base/jobs?job_id=b$j&tool_id=bench&$q"
  curl -sf -o /dev/null -X POST "$base/jobs/b$j/submit?$q" --data-urlencode "command_line=sleep 600" -G -X POST
done
lua=$(cd "$(dirname "$0")" && pwd)/status.lua
run_wrk() {  # label
  echo "--- status, $1: wrk -t1 -c$connections -d$duration over $jobs jobs" | tee -a "$out/summary.txt"
  JOBS=$jobs TOKEN=$token wrk -t1 -c"$connections" -d"$duration" --latency -s "$lua" "$base" | tee "$out/wrk-$1.txt" |
    grep -E "Requests/sec|50%|90%|99%|Socket errors|Non-2xx" | tee -a "$out/summary.txt"
}
run_wrk queued-running
# The same jobs once finished: cancel them all, so status returns the full "complete" payload.
for j in $(seq 1 "$jobs"); do curl -sf -o /dev/null -X PUT "$base/jobs/b$j/cancel?$q"; done
for _ in $(seq 300); do
  curl -s "$base/api/jobs?state=cancelled&limit=10000&$q" | grep -q "\"count\":$jobs," && break; sleep 0.1
done
run_wrk finished
fi

# ---- 2. uploads against dd --------------------------------------------------------------------
# Alternating rounds (dd first in odd rounds, the gateway first in even ones), REPEATS of each;
# medians and their ratio are what to quote. For each run the machine's busy CPU-seconds and the
# CPU-seconds the hypervisor stole (both from /proc/stat) are recorded, and for the gateway its own
# CPU-seconds: on a shared VM the wall clock alone says little.
[[ " $parts " == *" upload "* ]] || exit 0
repeats=${REPEATS:-5}
src=$work/source.bin
head -c $((mib << 20)) /dev/urandom > "$src"
want=$(sha256sum "$src" | cut -d' ' -f1)
cat "$src" > /dev/null  # in the page cache for both
curl -sf -o /dev/null -X POST "$base/jobs?job_id=upload&$q"
port=$(cat "$work/port")
# busy and steal CPU-seconds of the whole machine so far
machine_cpu() { awk '/^cpu / { printf "%.2f %.2f", ($2 + $3 + $4 + $7 + $8) / 100, $9 / 100 }' /proc/stat; }
gateway_cpu() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$gw_pid/stat"; }
run_dd() {
  local pids=() i
  for i in $(seq 1 "$uploads"); do
    dd if="$src" of="$work/dd_$i.bin" bs=1M conv=fsync status=none & pids+=($!)
  done
  wait "${pids[@]}"
}
run_gateway() {  # round
  local pids=() i
  for i in $(seq 1 "$uploads"); do
    if [ "$client" = curl ]; then
      curl -sf -T "$src" -X POST "$base/jobs/upload/files?name=file_$i.bin&type=input&$q" -o "$out/upload_$1_$i.json" & pids+=($!)
    else
      python3 "$here/upload.py" "$port" "$token" upload "file_$i.bin" "$src" > "$out/upload_$1_$i.json" & pids+=($!)
    fi
  done
  wait "${pids[@]}"
}
verify_uploads() {  # round: every answer and every file on disk has the source's sha256
  local i got disk
  for i in $(seq 1 "$uploads"); do
    got=$(sed -E 's/.*"sha256":"([0-9a-f]+)".*/\1/' "$out/upload_$1_$i.json")
    disk=$(sha256sum "$work/data/jobs/upload/inputs/file_$i.bin" | cut -d' ' -f1)
    echo "round $1 file_$i.bin answer $got disk $disk" >> "$out/sha256.txt"
    [ "$got" = "$want" ] && [ "$disk" = "$want" ] && matched=$((matched + 1))
  done
  rm -f "$work"/data/jobs/upload/inputs/file_*.bin
}
measure() {  # what round
  local before after t0 t1 g0="" g1=""
  sync
  before=$(machine_cpu); [ "$1" = gateway ] && g0=$(gateway_cpu)
  t0=$(date +%s.%N)
  if [ "$1" = dd ]; then run_dd; else run_gateway "$2"; fi
  t1=$(date +%s.%N)
  after=$(machine_cpu); [ "$1" = gateway ] && g1=$(gateway_cpu)
  echo "$2 $1 $t0 $t1 $before $after ${g0:-0} ${g1:-0}" >> "$out/upload-runs.txt"
  if [ "$1" = dd ]; then rm -f "$work"/dd_*.bin; else verify_uploads "$2"; fi
}
matched=0
: > "$out/upload-runs.txt"
for round in $(seq 1 "$repeats"); do
  if (( round % 2 )); then measure dd "$round"; measure gateway "$round"
  else measure gateway "$round"; measure dd "$round"; fi
done
total_mib=$((mib * uploads))
{
  echo "--- upload: $uploads x $mib MiB in parallel ($client client), same disk, both fsync'd; $repeats alternating rounds"
  awk -v m="$total_mib" '
    { wall = $4 - $3; busy = $7 - $5; steal = $8 - $6; own = $10 - $9
      printf "round %s %-7s %6.2f s %6.0f MiB/s  machine busy %5.2f CPU-s, stolen %5.2f%s\n", $1, $2, wall, m / wall, busy, steal,
             ($2 == "gateway" ? sprintf(", gateway itself %5.2f", own) : "")
      n[$2]++; w[$2, n[$2]] = wall }
    function median(what,   i, j, k, t, a) {
      k = n[what]; for (i = 1; i <= k; i++) a[i] = w[what, i]
      for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
    END { d = median("dd"); g = median("gateway")
      printf "median dd:      %.2f s, %.0f MiB/s\n", d, m / d
      printf "median gateway: %.2f s, %.0f MiB/s (%.2f x dd)\n", g, m / g, d / g }' "$out/upload-runs.txt"
} | tee -a "$out/summary.txt"
echo "sha256: $matched of $((uploads * repeats)) uploads match the source ($want); list in $out/sha256.txt" | tee -a "$out/summary.txt"
curl -sf -o /dev/null -X DELETE "$base/jobs/upload?$q"
rm -f "$src"
