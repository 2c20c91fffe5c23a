#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, starts plateau-gateway (local
# executor, SQLite job store under build/gateway-demo) and runs the demo job through the gateway's
# own Pulsar API, as Galaxy would: set up a job, upload the demo FASTQ pairs, submit a job that
# runs plateau-qc on them, poll its status, download the JSON and HTML reports. The gateway then
# keeps serving until Ctrl-C. Needs nothing beyond bash (the HTTP calls use bash's /dev/tcp).
#   PLATEAU_GATEWAY_PORT  port to listen on (default 8913; another free port if that one is taken)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/install-deps.sh" build
bash "$root/scripts/build.sh"

bin=$root/build/bin
home=${GATEWAY_DEMO_DIR:-$root/build/gateway-demo}
out=${DEMO_OUT:-$root/build/demo}
for f in demo_R1.fq.gz demo_R2.fq.gz; do
  [ -s "$root/demo/$f" ] || { echo "quickstart: demo/$f is missing" >&2; exit 1; }
done
mkdir -p "$home" "$out"
umask 077
[ -s "$home/token" ] || od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > "$home/token"
token=$(cat "$home/token")
umask 022

# ---- start the gateway -------------------------------------------------------------------------
gw_pid=""
stop_gateway() {
  if [ -n "$gw_pid" ] && kill -0 "$gw_pid" 2>/dev/null; then
    echo; echo "quickstart: stopping plateau-gateway (pid $gw_pid)"
    kill -TERM "$gw_pid" 2>/dev/null || true
    wait "$gw_pid" 2>/dev/null || true
  fi
}
trap stop_gateway EXIT
trap 'exit 130' INT TERM
start_gateway() {  # port
  rm -f "$home/port"
  PLATEAU_GATEWAY_TOKEN=$token "$bin/plateau-gateway" --data-dir "$home/data" --port "$1" \
    --port-file "$home/port" --max-concurrent 2 >>"$home/gateway.log" 2>&1 &
  gw_pid=$!
  for _ in $(seq 100); do
    [ -s "$home/port" ] && return 0
    kill -0 "$gw_pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
start_gateway "${PLATEAU_GATEWAY_PORT:-8913}" || start_gateway 0 ||
  { tail -5 "$home/gateway.log" >&2; echo "quickstart: plateau-gateway did not start" >&2; exit 1; }
port=$(cat "$home/port")

# ---- a minimal HTTP/1.1 client on bash's /dev/tcp ------------------------------------------------
urlencode() {
  local s=$1 out="" c i hex
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [a-zA-Z0-9._~-]) out+=$c ;;
      *) printf -v hex '%%%02X' "'$c"; out+=$hex ;;
    esac
  done
  printf '%s' "$out"
}
# http METHOD PATH_AND_QUERY [UPLOAD_FILE] [BODY_OUT_FILE]: prints the body (or writes it to the
# file); fails unless the status is 2xx. The token goes in a header, not in the URL.
http() {
  local method=$1 path=$2 upload=${3:-} body_out=${4:-} length=0 status line
  [ -n "$upload" ] && length=$(stat -c %s "$upload")
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\nConnection: close\r\nContent-Length: %s\r\n\r\n' \
    "$method" "$path" "$token" "$length" >&3
  [ -n "$upload" ] && cat "$upload" >&3
  IFS= read -r status <&3
  while IFS= read -r line <&3 && [ "${line%$'\r'}" != "" ]; do :; done
  if [ -n "$body_out" ]; then cat <&3 > "$body_out"; else cat <&3; fi
  exec 3<&-
  case $status in "HTTP/1.1 2"*) return 0 ;; *) echo "quickstart: $method ${path%%\?*}: ${status%$'\r'}" >&2; return 1 ;; esac
}
json_field() { sed -nE "s/.*\"$1\":\"?([^\",}]*)\"?.*/\1/p"; }

for _ in $(seq 50); do http GET /healthz >/dev/null 2>&1 && break; sleep 0.1; done
echo "quickstart: plateau-gateway is up on http://127.0.0.1:$port (local executor, store $home/data/gateway.sqlite3)"

# ---- the demo job, as Galaxy's pulsar_rest runner would run it ------------------------------------
job=demo-$(date +%Y%m%d-%H%M%S)
http POST "/jobs?job_id=$job&tool_id=plateau_qc&tool_version=0.1.0" >/dev/null
for f in demo_R1.fq.gz demo_R2.fq.gz; do
  staged=$(http POST "/jobs/$job/files?name=$f&type=input" "$root/demo/$f")
  echo "quickstart: staged $f ($(echo "$staged" | json_field size) bytes, sha256 $(echo "$staged" | json_field sha256 | cut -c1-16)...)"
done
# The job runs in <job>/working; inputs and outputs are next to it, as in Pulsar's layout.
command="'$bin/plateau-qc' --threads 2 -i ../inputs/demo_R1.fq.gz -I ../inputs/demo_R2.fq.gz \
-o ../outputs/demo_R1.trimmed.fq.gz -O ../outputs/demo_R2.trimmed.fq.gz -j ../outputs/demo.fastp.json \
--html ../outputs/demo.html -R 'Plateau demo (lambda phage pairs with adapters)' \
> ../metadata/tool_stdout 2> ../metadata/tool_stderr"
http POST "/jobs/$job/submit?command_line=$(urlencode "$command")" >/dev/null
echo "quickstart: submitted job $job"
state=""
for _ in $(seq 600); do
  state=$(http GET "/jobs/$job/status" | json_field status)
  case $state in complete|failed|cancelled|lost) break ;; esac
  sleep 0.2
done
final=$(http GET "/jobs/$job/status")
rc=$(echo "$final" | json_field returncode)
if [ "$state" != complete ] || [ "$rc" != 0 ]; then
  echo "quickstart: the demo job ended '$state' (returncode $rc):" >&2
  echo "$final" >&2
  exit 1
fi
for f in demo.fastp.json demo.html demo_R1.trimmed.fq.gz demo_R2.trimmed.fq.gz; do
  http GET "/jobs/$job/files?name=$f&type=output" "" "$out/$f"
done

cat <<MSG

Demo done: plateau-qc ran as job $job through plateau-gateway's Pulsar API.
  HTML report:  $out/demo.html (self-contained, open it in any browser)
  JSON report:  $out/demo.fastp.json (MultiQC reads it: multiqc $out)
  Trimmed reads: $out/demo_R1.trimmed.fq.gz $out/demo_R2.trimmed.fq.gz
  Job directory: $home/data/jobs/$job   (audit trail: GET /api/jobs/$job)

plateau-gateway keeps serving on http://127.0.0.1:$port (token in $home/token, log $home/gateway.log):
  curl -H "Authorization: Bearer \$(cat $home/token)" http://127.0.0.1:$port/api/jobs/$job
  curl -H "Authorization: Bearer \$(cat $home/token)" http://127.0.0.1:$port/metrics
Upload data sets from a browser at http://127.0.0.1:$port/stage/ (paste the token there).
Point Galaxy at it with docs/gateway.md. Press Ctrl-C to stop.
MSG
wait "$gw_pid"
