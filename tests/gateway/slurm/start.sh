#!/usr/bin/env bash
# Starts a private single-node Slurm (munged + slurmctld + slurmd) on localhost for the gateway's
# integration tests. Everything lives under PLATEAU_SLURM_DIR (default /tmp/plateau-slurm-test):
# its own slurm.conf (clients find it through SLURM_CONF), state, spool, logs and pid files, and
# its own ports, so a Slurm already configured on the machine is neither used nor disturbed.
# munged is shared: an already working one is reused. Idempotent; must run as root.
#   PLATEAU_SLURM_DIR    state/log/spool directory
#   PLATEAU_SLURM_PORT   slurmctld port (slurmd uses the next one; default: the first pair of free
#                        ports from 6917, so that two checkouts can run their tests at the same time)
#   PLATEAU_SLURM_TIMEOUT  seconds to wait for the node (default 60)
# Exit status 77 (ctest: skipped) when not root or Slurm is not installed.
set -euo pipefail
DIR=${PLATEAU_SLURM_DIR:-/tmp/plateau-slurm-test}
TIMEOUT=${PLATEAU_SLURM_TIMEOUT:-60}
export SLURM_CONF=$DIR/slurm.conf
log() { echo "slurm-fixture: $*"; }
die() { echo "slurm-fixture: ERROR: $*" >&2; exit 1; }
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

if [ "$(id -u)" != 0 ]; then log "not root: skipping"; exit 77; fi
for b in munged munge unmunge slurmctld slurmd sinfo scontrol sbatch squeue sacct scancel; do
  command -v "$b" >/dev/null || { log "$b missing (scripts/install-deps.sh test): skipping"; exit 77; }
done
mkdir -p "$DIR"/{state,spool,log}
# A node name of its own (slurmd -N), so that nothing keyed by node name is shared with another
# Slurm on this machine.
NODE=plateau$(echo "$DIR" | md5sum | cut -c1-8)
listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
if [ -n "${PLATEAU_SLURM_PORT:-}" ]; then
  PORT=$PLATEAU_SLURM_PORT
elif [ -s "$DIR/port" ]; then
  PORT=$(cat "$DIR/port")
else
  PORT=6917
  while listening "$PORT" || listening $((PORT + 1)); do PORT=$((PORT + 2)); done
fi
echo "$PORT" > "$DIR/port"

# munge: reuse a working daemon, else start one (and remember that we did).
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  mungekey --create --keyfile=/etc/munge/munge.key --force
  chown munge:munge /etc/munge/munge.key; chmod 0400 /etc/munge/munge.key
fi
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /run/munge /var/lib/munge /var/log/munge
chmod 0755 /run/munge
# Fixtures that use munged register here; the last one to stop stops it (if a fixture started it).
mkdir -p /run/plateau-slurm-fixtures
touch "/run/plateau-slurm-fixtures/$(echo "$DIR" | md5sum | cut -c1-16)"
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  rm -f /run/munge/munge.socket.2.lock
  setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged
  touch /run/plateau-slurm-fixtures/.munged-started-by-a-fixture
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null || die "munged does not work (see /var/log/munge/munged.log)"
  log "munged started"
fi

read -r CPUS BOARDS SPB CPS TPC MEM < <(slurmd -C | head -1 | sed -E \
  's/.*CPUs=([0-9]+) Boards=([0-9]+) SocketsPerBoard=([0-9]+) CoresPerSocket=([0-9]+) ThreadsPerCore=([0-9]+) RealMemory=([0-9]+).*/\1 \2 \3 \4 \5 \6/')
MEM=$(( MEM > 1024 ? MEM - 100 : MEM ))
# The node claims 4 CPUs per core (SlurmdParameters=config_overrides) so that the tests' short
# jobs run side by side on a 2-core machine.
cat > "$SLURM_CONF.new" <<CONF
ClusterName=plateautest
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=5
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=256
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.txt
MinJobAge=3600
ReturnToService=2
SlurmdParameters=config_overrides
KillWait=2
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=$NODE NodeAddr=127.0.0.1 NodeHostname=$(hostname -s) CPUs=$((CPUS * 4)) Boards=$BOARDS SocketsPerBoard=$SPB CoresPerSocket=$((CPS * 4)) ThreadsPerCore=$TPC RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
mv "$SLURM_CONF.new" "$SLURM_CONF"

if alive "$DIR/slurmctld.pid"; then
  log "slurmctld already running"
else
  slurmctld -c
fi
for _ in $(seq $((TIMEOUT * 5))); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.2; done
scontrol ping | grep -q UP || { tail -20 "$DIR/log/slurmctld.log" >&2; die "slurmctld did not come up"; }
alive "$DIR/slurmctld.pid" || { tail -20 "$DIR/log/slurmctld.log" >&2; die "our slurmctld is not running (port $PORT taken?)"; }
[ "$(scontrol show config 2>/dev/null | sed -n 's/^ClusterName *= *//p')" = plateautest ] ||
  die "the controller on port $PORT is not this fixture's"
if alive "$DIR/slurmd.pid"; then log "slurmd already running"; else slurmd -N "$NODE"; fi
state=""
for i in $(seq $((TIMEOUT * 5))); do
  state=$(sinfo -h -n "$NODE" -o '%T' 2>/dev/null || true)
  case "$state" in
    idle|mixed|allocated|completing) break ;;
    down*|drain*|fail*) [ $((i % 10)) = 1 ] && scontrol update nodename="$NODE" state=resume 2>/dev/null || true ;;
  esac
  sleep 0.2
done
case "$state" in
  idle|mixed|allocated|completing) ;;
  *) tail -20 "$DIR/log/slurmd.log" >&2; die "node $NODE not usable (state '$state')" ;;
esac
log "ready: node $NODE is $state; SLURM_CONF=$SLURM_CONF; logs in $DIR/log"
