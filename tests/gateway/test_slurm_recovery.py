"""Restarts at the worst moment with the real single-node Slurm (same fixture as test_slurm.py).
The gateway is pointed (slurm.bin_dir) at wrappers that run the real Slurm commands, with two
faults switched on by files in the wrapper directory: `sbatch_slow` makes sbatch submit and then
hang (so the gateway can be killed while its submit is under way), `squeue_down` makes squeue fail
and `squeue_empty` makes it answer nothing (as after Slurm's MinJobAge forgot a finished job), and
`sbatch_lost_answer` makes sbatch create the job and then report a timeout.
Checked: a submit cut short is found again by name and not run twice; when squeue cannot answer
the job is failed with a reason instead of being submitted a second time; a job Slurm no longer
knows but whose return code is on disk is adopted as finished with that code."""
import os
import shutil
import subprocess
import sys
import tempfile
import time

from gateway_client import Gateway, Results, slurm_available

R = Results()

WRAPPER = """#!/bin/bash
here=$(dirname "$0")
real=$(command -v %(tool)s)
case %(tool)s in
  sbatch)
    if [ -e "$here/sbatch_slow" ]; then "$real" "$@"; rc=$?; sleep 600; exit $rc; fi
    if [ -e "$here/sbatch_lost_answer" ]; then
      "$real" "$@" > /dev/null; echo "sbatch: error: Socket timed out on send/recv operation" >&2; exit 1
    fi ;;
  squeue)
    [ -e "$here/squeue_down" ] && { echo "squeue: error: Socket timed out on send/recv operation" >&2; exit 1; }
    [ -e "$here/squeue_empty" ] && exit 0 ;;
esac
exec "$real" "$@"
"""


def make_wrappers(directory):
    for tool in ("sbatch", "squeue", "scontrol", "sacct", "scancel"):
        path = os.path.join(directory, tool)
        with open(path, "w") as f:
            f.write(WRAPPER % {"tool": tool})
        os.chmod(path, 0o755)


def switch(directory, name, on):
    path = os.path.join(directory, name)
    if on:
        open(path, "w").close()
    elif os.path.exists(path):
        os.unlink(path)


def slurm_jobs_named(name):
    out = subprocess.run(["squeue", "-h", "-t", "all", "-n", name, "-o", "%i"], capture_output=True, text=True).stdout
    return out.split()


def kill_during_submit(gw, wrappers, job, command):
    """Submits with sbatch hanging after it has submitted, kills the gateway -9 meanwhile."""
    switch(wrappers, "sbatch_slow", True)
    gw.setup(job)
    try:
        gw.submit(job, command, timeout=3)
    except TimeoutError:
        pass  # the submit is still waiting for sbatch: expected
    deadline = time.time() + 30
    while time.time() < deadline and not slurm_jobs_named(f"plateau_{job}_1"):
        time.sleep(0.2)
    gw.kill9()
    subprocess.run(["pkill", "-f", f"{wrappers}/sbatch"], check=False)
    switch(wrappers, "sbatch_slow", False)


def run(gw, wrappers):
    # 1. Killed during sbatch, restarted normally: found by name, runs once.
    kill_during_submit(gw, wrappers, "r1", "echo once >> ../outputs/runs")
    gw.start()
    st = gw.wait("r1", timeout=90)
    R.check("killed during sbatch: the job completes after the restart", st["status"] == "complete" and st["returncode"] == 0, st)
    R.check("... and ran exactly once (found by name, not submitted again)",
            gw.download("r1", "runs").body == b"once\n" and len(slurm_jobs_named("plateau_r1_1")) <= 1,
            (gw.download("r1", "runs").body, slurm_jobs_named("plateau_r1_1")))

    # 2. Killed during sbatch, squeue down at the restart: failed with a reason, never resubmitted.
    kill_during_submit(gw, wrappers, "r2", "echo once >> ../outputs/runs; sleep 3")
    switch(wrappers, "squeue_down", True)
    gw.start()
    st = gw.wait("r2", timeout=30)
    switch(wrappers, "squeue_down", False)
    R.check("squeue down at the restart: the job is failed with reason recovery_failed",
            st["status"] == "failed" and st.get("failure_reason") == "recovery_failed", st)
    time.sleep(5)
    R.check("... and was not submitted a second time", len(slurm_jobs_named("plateau_r2_1")) == 1,
            slurm_jobs_named("plateau_r2_1"))

    # 3. Killed during sbatch; the job ends while the gateway is down and Slurm forgets it.
    kill_during_submit(gw, wrappers, "r3", "echo done > ../outputs/o; exit 4")
    root = os.path.join(gw.staging_dir, "r3")
    deadline = time.time() + 60
    while time.time() < deadline and not os.path.exists(os.path.join(root, "return_code")):
        time.sleep(0.2)
    switch(wrappers, "squeue_empty", True)
    gw.start()
    st = gw.wait("r3", timeout=30)
    switch(wrappers, "squeue_empty", False)
    R.check("a job Slurm forgot, with its return code on disk, is adopted as finished with that code",
            st["status"] == "complete" and st["returncode"] == 4 and gw.download("r3", "o").body == b"done\n", st)
    R.check("... and was not submitted again", len(slurm_jobs_named("plateau_r3_1")) <= 1, slurm_jobs_named("plateau_r3_1"))


def lost_sbatch_answer(gw, wrappers):
    # 4. sbatch created the job but answered with an error: the job is found by name, runs once.
    switch(wrappers, "sbatch_lost_answer", True)
    gw.setup("r4")
    r = gw.submit("r4", "echo once >> ../outputs/runs")
    switch(wrappers, "sbatch_lost_answer", False)
    st = gw.wait("r4", timeout=60)
    R.check("sbatch failing after creating the job: the job is adopted by name and completes once",
            r.status == 200 and st["status"] == "complete" and gw.download("r4", "runs").body == b"once\n"
            and len(slurm_jobs_named("plateau_r4_1")) == 1, (st.get("status"), st.get("failure_reason"), st.get("job_stderr")))


def main():
    if not slurm_available():
        sys.exit(77)
    t0 = time.time()
    wrappers = tempfile.mkdtemp(prefix="plateau-slurm-wrappers.")
    make_wrappers(wrappers)
    gw = Gateway(executor="slurm", extra_args=["--set", "slurm.poll_interval_ms=500", "--set", f"slurm.bin_dir={wrappers}",
                                               "--set", "slurm.command_timeout_seconds=900"])
    gw.start()
    try:
        run(gw, wrappers)
        lost_sbatch_answer(gw, wrappers)
    finally:
        gw.close()
        subprocess.run(["pkill", "-f", f"{wrappers}/"], check=False)
        shutil.rmtree(wrappers, ignore_errors=True)
    print(f"# {time.time() - t0:.1f} s")
    R.finish()


if __name__ == "__main__":
    main()
