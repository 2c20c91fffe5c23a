#!/usr/bin/env bash
# Dataset staging benchmark (issue 14, acceptance 3; figures in docs/benchmarks.md):
# one file (4 GiB by default) sent in 8 parallel parts, every byte's sha256 checked, and in the same
# run, alternating, REPEATS times:
#   dd       dd writing the same bytes to the same disk (conv=fdatasync)
#   sha256   sha256sum of the same bytes
#   stage    plateau-stage upload --parallel 8 into plateau-gateway: 8 tus partial uploads with a
#            sha256 Upload-Checksum per 16 MiB request, joined (reflink or copy_file_range), the
#            dataset's sha256 computed by the gateway and compared by the client with its own
#   stage-base  the same with another plateau-stage (STAGE_BASE_BIN, e.g. main's build): before/after
#   page-node   the /stage/ page's flow in Node (tus_node/page_flow_client.mjs: 8 partial uploads,
#            the final upload made first, 16 MiB PATCHes without checksum, the dataset from HEAD)
#   gw-node  the common client (tus_node/parts_client.mjs: 8 independent uploads of the same byte
#            ranges, no checksum, no join) into plateau-gateway
#   tus-node the same client into @tus/server 2.x with its FileStore (no fsync, no checksum, no join:
#            it has neither extension); the sha256 of its 8 files, in order, is checked after the timing
#   tus-node+sync    the same upload, timed until its 8 files are also fdatasync'ed (sync -d): the
#            durability every gateway answer already has (its offsets count only fdatasync'ed bytes)
#   tus-node+verify  the same upload, timed until its files are fdatasync'ed and their sha256, in
#            order, is computed (openssl dgst -sha256: SHA extensions, as fast as the gateway's own)
#            and compared with the source's: the whole task of stage (durable, every byte's sha256
#            checked), done with @tus/server and the common client
# Medians of wall time; throughput = bytes / wall; the gateway's CPU-seconds (user + system, from
# /proc/<pid>/stat) per GiB for stage and gw-node; the server's for tus-node; the client's (user +
# system, /usr/bin/time) per GiB for every client row.
# Usage: bench/stage/bench.sh [WORK_DIR]   (on the disk to measure; default build/bench-stage)
# Knobs: SIZE_MIB (4096), PARTS (8), REPEATS (3), ROWS ("dd sha256 stage gw-node tus-node"; also
# stage-base, page-node), STAGE_BASE_BIN. Needs: scripts/install-deps.sh bench (node, npm packages
# in build/npm-bench, for the tus-node rows only), a build with plateau-gateway and plateau-stage.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${PLATEAU_BIN:-$root/build/bin}
npm_dir=${PLATEAU_NPM_BENCH:-$root/build/npm-bench}
work=${1:-$root/build/bench-stage}
size_mib=${SIZE_MIB:-4096}
parts=${PARTS:-8}
repeats=${REPEATS:-3}
rows=" ${ROWS:-dd sha256 stage gw-node tus-node} "
has() { [[ "$rows" == *" $1 "* ]]; }
token=bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
! has tus-node || [ -d "$npm_dir/node_modules/@tus/server" ] || { echo "bench/stage: $npm_dir has no @tus/server (scripts/install-deps.sh bench)" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
mkdir -p "$npm_dir" && cp "$root/bench/stage/tus_node/"*.mjs "$npm_dir/"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "bench/stage: writing $size_mib MiB of random bytes" >&2
head -c $((size_mib << 20)) /dev/urandom > "$work/src.bin"
bytes=$((size_mib << 20))
want=$(openssl dgst -sha256 -r "$work/src.bin" | cut -d" " -f1)

PLATEAU_GATEWAY_TOKEN=$token "$bin/plateau-gateway" --data-dir "$work/gw" --port 0 --port-file "$work/gw.port" \
  --log-level warn > "$work/gateway.log" 2>&1 &
gw=$!; pids+=($gw)
tus=""
if has tus-node; then
  node "$npm_dir/tus_server.mjs" "$work/tus" "$work/tus.port" > "$work/tus.log" 2>&1 &
  tus=$!; pids+=($tus)
else
  echo 0 > "$work/tus.port"
fi
for _ in $(seq 200); do [ -s "$work/gw.port" ] && [ -s "$work/tus.port" ] && break; sleep 0.1; done
gw_url="http://127.0.0.1:$(cat "$work/gw.port")"
tus_url="http://127.0.0.1:$(cat "$work/tus.port")/files"

cpu() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }  # user + system seconds (USER_HZ 100)
now() { date +%s.%N; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
results=$work/results.tsv
: > "$results"
record() { echo -e "$1\t$2\t$3\t${4:-0}" >> "$results"; }  # what wall server-cpu client-cpu
client_cpu() { awk '{print $1 + $2}' "$work/client.time"; }  # from /usr/bin/time -f '%U %S'
timed() { /usr/bin/time -o "$work/client.time" -f '%U %S' "$@"; }

run_dd() { local t=$(now); dd if="$work/src.bin" of="$work/dd.bin" bs=1M conv=fdatasync status=none; record dd "$(sub "$(now)" "$t")" 0; rm -f "$work/dd.bin"; }
run_sha() { local t=$(now); sha256sum "$work/src.bin" > /dev/null; record sha256 "$(sub "$(now)" "$t")" 0; }
run_stage() {  # run_stage NAME PLATEAU_STAGE
  local c0 t out; c0=$(cpu $gw); t=$(now)
  out=$(timed "$2" --url "$gw_url" --token "$token" --quiet upload --parallel "$parts" --state-dir "$work/state" "$work/src.bin")
  record "$1" "$(sub "$(now)" "$t")" "$(sub "$(cpu $gw)" "$c0")" "$(client_cpu)"
  [ "$(cut -f4 <<< "$out")" = "$want" ] || { echo "bench/stage: plateau-stage's dataset sha256 differs" >&2; exit 1; }
  curl -sf -X DELETE -H "Authorization: Bearer $token" "$gw_url/api/v1/datasets/$(cut -f1 <<< "$out")"
}
run_page() {
  local c0 t id got; c0=$(cpu $gw); t=$(now)
  id=$(timed node "$npm_dir/page_flow_client.mjs" "$gw_url/api/v1/uploads" "$work/src.bin" "$parts" "$token")
  record page-node "$(sub "$(now)" "$t")" "$(sub "$(cpu $gw)" "$c0")" "$(client_cpu)"
  got=$(curl -sf -H "Authorization: Bearer $token" "$gw_url/api/v1/datasets/$id" | sed 's/.*"sha256":"\([0-9a-f]*\)".*/\1/')
  [ "$got" = "$want" ] || { echo "bench/stage: page-node's dataset sha256 differs" >&2; exit 1; }
  curl -sf -X DELETE -H "Authorization: Bearer $token" "$gw_url/api/v1/datasets/$id"
}
run_node() {  # run_node NAME PID ENDPOINT [TOKEN]
  local c0 t urls; c0=$(cpu "$2"); t=$(now)
  urls=$(timed node "$npm_dir/parts_client.mjs" "$3" "$work/src.bin" "$parts" ${4:-})
  record "$1" "$(sub "$(now)" "$t")" "$(sub "$(cpu "$2")" "$c0")" "$(client_cpu)"
  local got
  if [ "$1" = tus-node ]; then
    local files=() c1 t1
    for u in $urls; do files+=("$work/tus/$(basename "$u")"); done
    sync -d "${files[@]}"
    record tus-node+sync "$(sub "$(now)" "$t")" "$(sub "$(cpu "$2")" "$c0")"
    got=$(cat "${files[@]}" | openssl dgst -sha256 -r | cut -d' ' -f1)
    record tus-node+verify "$(sub "$(now)" "$t")" "$(sub "$(cpu "$2")" "$c0")"
    rm -rf "${work:?}/tus/"*
  else
    got=$(for u in $urls; do cat "$work/gw/datasets/files/$(basename "$u")"; done | openssl dgst -sha256 -r | cut -d" " -f1)
    for u in $urls; do curl -sf -X DELETE -H "Authorization: Bearer $4" "$gw_url/api/v1/datasets/$(basename "$u")"; done
  fi
  [ "$got" = "$want" ] || { echo "bench/stage: $1's files do not hold the source bytes" >&2; exit 1; }
}

echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$work/summary.txt"
for r in $(seq "$repeats"); do
  echo "bench/stage: round $r of $repeats" >&2
  if has dd; then run_dd; fi
  if has sha256; then run_sha; fi
  if has stage; then run_stage stage "$bin/plateau-stage"; fi
  if has stage-base; then run_stage stage-base "${STAGE_BASE_BIN:?STAGE_BASE_BIN names the other plateau-stage}"; fi
  if has page-node; then run_page; fi
  if has gw-node; then run_node gw-node $gw "$gw_url/api/v1/uploads" "$token"; fi
  if has tus-node; then run_node tus-node $tus "$tus_url"; fi
  echo "load after round $r: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/summary.txt"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/summary.txt"
awk -v bytes="$bytes" -F'\t' '
  { wall[$1] = wall[$1] " " $2; cpu[$1] = cpu[$1] " " $3; client[$1] = client[$1] " " $4 }
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END {
    printf "%-16s %9s %10s %16s %16s  %s\n", "what", "wall s", "MiB/s", "server CPU s/GiB", "client CPU s/GiB", "runs (wall s)"
    for (k in wall) { w = median(wall[k]); c = median(cpu[k]); m[k] = bytes / 1048576 / w
      printf "%-16s %9.2f %10.0f %16.2f %16.2f %s\n", k, w, m[k], c / (bytes / 1073741824), median(client[k]) / (bytes / 1073741824), wall[k] }
    if (!("dd" in m) || !("sha256" in m) || !("tus-node" in m)) exit
    floor = m["dd"] < m["sha256"] ? m["dd"] : m["sha256"]
    printf "stage / min(dd, sha256sum) = %.2f (target >= 0.9)\n", m["stage"] / floor
    printf "gw-node / tus-node = %.2f; stage / tus-node = %.2f (target >= 2)\n", m["gw-node"] / m["tus-node"], m["stage"] / m["tus-node"]
    printf "durable: gw-node / tus-node+sync = %.2f; whole task: stage / tus-node+verify = %.2f (target >= 2)\n", m["gw-node"] / m["tus-node+sync"], m["stage"] / m["tus-node+verify"]
  }' "$results" | tee -a "$work/summary.txt"
