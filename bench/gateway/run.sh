#!/usr/bin/env bash
# plateau-gateway benchmarks (figures go to docs/benchmarks.md):
#  1. status: wrk against /jobs/<id>/status of 1,000 known jobs (queued and running, then
#     complete), reporting requests/s and latency percentiles;
#  2. upload: 8 parallel uploads of 512 MiB through the gateway (curl -T, streamed, with
#     Expect: 100-continue) against dd writing the same bytes to the same disk in the same run,
#     both ending in fsync; the sha256 of every uploaded file is checked and recorded.
# Usage: bench/gateway/run.sh [OUT_DIR]   (needs wrk and curl: scripts/install-deps.sh bench)
# Knobs: UPLOADS (8), UPLOAD_MIB (512), DURATION (10s), CONNECTIONS (16), JOBS (1000), THREADS (64),
#        PARTS ("status upload"), CLIENT (sendfile | curl)
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
[[ " $parts " == *" upload "* ]] || exit 0
src=$work/source.bin
head -c $((mib << 20)) /dev/urandom > "$src"
want=$(sha256sum "$src" | cut -d' ' -f1)
cat "$src" > /dev/null  # in the page cache for both runs
curl -sf -o /dev/null -X POST "$base/jobs?job_id=upload&$q"
sync
t0=$(date +%s.%N)
pids=()
for i in $(seq 1 "$uploads"); do
  dd if="$src" of="$work/dd_$i.bin" bs=1M conv=fsync status=none & pids+=($!)
done
wait "${pids[@]}"
t1=$(date +%s.%N)
rm -f "$work"/dd_*.bin; sync
t2=$(date +%s.%N)
pids=()
port=$(cat "$work/port")
for i in $(seq 1 "$uploads"); do
  if [ "$client" = curl ]; then
    curl -sf -T "$src" -X POST "$base/jobs/upload/files?name=file_$i.bin&type=input&$q" -o "$out/upload_$i.json" & pids+=($!)
  else
    python3 "$here/upload.py" "$port" "$token" upload "file_$i.bin" "$src" > "$out/upload_$i.json" & pids+=($!)
  fi
done
wait "${pids[@]}"
t3=$(date +%s.%N)
total_mib=$((mib * uploads))
{
  echo "--- upload: $uploads x $mib MiB in parallel ($client client), same disk, both fsync'd"
  awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v m="$total_mib" 'BEGIN {
    dd = b - a; gw = d - c
    printf "dd:      %.2f s, %.0f MiB/s\n", dd, m / dd
    printf "gateway: %.2f s, %.0f MiB/s (%.2f x dd)\n", gw, m / gw, (m / gw) / (m / dd) }'
} | tee -a "$out/summary.txt"
ok=0
for i in $(seq 1 "$uploads"); do
  got=$(sed -E 's/.*"sha256":"([0-9a-f]+)".*/\1/' "$out/upload_$i.json")
  disk=$(sha256sum "$work/data/jobs/upload/inputs/file_$i.bin" | cut -d' ' -f1)
  [ "$got" = "$want" ] && [ "$disk" = "$want" ] && ok=$((ok + 1))
  echo "file_$i.bin sha256 $got" >> "$out/sha256.txt"
done
echo "sha256: $ok of $uploads uploads match the source ($want); list in $out/sha256.txt" | tee -a "$out/summary.txt"
curl -sf -o /dev/null -X DELETE "$base/jobs/upload?$q"
rm -f "$src"
