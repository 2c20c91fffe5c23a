#!/usr/bin/env bash
# Stops the Slurm started by start.sh (same PLATEAU_SLURM_DIR): cancels its jobs, stops slurmd
# and slurmctld by their pid files, stops munged only if a fixture started it and no other
# fixture still uses it, and removes the directory. Only processes recorded in pid files are touched.
set -uo pipefail
DIR=${PLATEAU_SLURM_DIR:-/tmp/plateau-slurm-test}
export SLURM_CONF=$DIR/slurm.conf
log() { echo "slurm-fixture: $*"; }
[ "$(id -u)" = 0 ] || { log "not root: nothing to stop"; exit 0; }
[ -d "$DIR" ] || exit 0

stop_pidfile() {  # name pidfile
  local name=$1 pf=$2 pid
  [ -s "$pf" ] || return 0
  pid=$(cat "$pf")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "$name ($pid) ignored SIGTERM: SIGKILL"; kill -KILL "$pid"; fi
    log "stopped $name ($pid)"
  fi
  rm -f "$pf"
}

if [ -s "$DIR/slurmctld.pid" ] && kill -0 "$(cat "$DIR/slurmctld.pid")" 2>/dev/null; then
  jobs=$(squeue -h -o '%A' 2>/dev/null | tr '\n' ' ')
  if [ -n "${jobs// }" ]; then
    log "cancelling jobs: $jobs"
    # shellcheck disable=SC2086
    scancel $jobs 2>/dev/null
    for _ in $(seq 100); do [ -z "$(squeue -h -t R,CG -o %A 2>/dev/null)" ] && break; sleep 0.1; done
  fi
fi
stop_pidfile slurmd "$DIR/slurmd.pid"
stop_pidfile slurmctld "$DIR/slurmctld.pid"
rm -f "/run/plateau-slurm-fixtures/$(echo "$DIR" | md5sum | cut -c1-16)"
if [ -e /run/plateau-slurm-fixtures/.munged-started-by-a-fixture ] &&
   [ -z "$(ls /run/plateau-slurm-fixtures 2>/dev/null)" ]; then
  stop_pidfile munged /run/munge/munged.pid
  rm -f /run/plateau-slurm-fixtures/.munged-started-by-a-fixture
fi
rm -rf "$DIR"
log "stopped"
