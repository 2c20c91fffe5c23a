"""Pulsar-style lifecycles through the Slurm executor against a real single-node Slurm
(slurmctld + slurmd + munge, started by tests/gateway/slurm/start.sh through the ctest fixture):
success, non-zero exit, a job script that dies without a return code, cancel while queued and
while running, a walltime kill (TIMEOUT -> failed, walltime_reached), a refused sbatch, a
rejected native specification, and kill -9 of the gateway with jobs in Slurm, then restart.
The walltime job is submitted first and the other cases run while it waits for its limit."""
import os
import subprocess
import sys
import time

from gateway_client import Gateway, Results, slurm_available

R = Results()


def main():
    if not slurm_available():
        sys.exit(77)
    t0 = time.time()
    gw = Gateway(executor="slurm", extra_args=["--set", "slurm.poll_interval_ms=500"])
    gw.start()
    try:
        run(gw)
    finally:
        gw.close()
    print(f"# {time.time() - t0:.1f} s")
    R.finish()


def run(gw):
    # Submitted first: Slurm limits are whole minutes, so this takes a minute or more.
    gw.setup("walltime")
    gw.submit("walltime", "sleep 300", params={"native_specification": "--time=1"})

    job = "s1"
    gw.setup(job)
    gw.upload(job, "dataset_1.dat", b"hello slurm\n")
    command = ("echo slots=$GALAXY_SLOTS jobid=$SLURM_JOB_ID cwd=$PWD home=$_GALAXY_JOB_HOME_DIR > ../metadata/tool_stdout; "
               "tr a-z A-Z < ../inputs/dataset_1.dat > ../outputs/dataset_2.dat; echo batch-out; echo batch-err >&2")
    r = gw.submit(job, command, params={"native_specification": "-c 2"})
    R.check("slurm: submit OK", r.status == 200 and r.text == "OK", r.text)
    detail = gw.api(f"/api/jobs/{job}")["job"]
    R.check("slurm: the Slurm job id is the external id", detail["external_id"].isdigit(), detail)
    st = gw.wait(job, timeout=60)
    root = os.path.join(gw.staging_dir, job)
    R.check("slurm: job completes with returncode 0", st["status"] == "complete" and st["returncode"] == 0, st)
    R.check("slurm: output staged back", gw.download(job, "dataset_2.dat").body == b"HELLO SLURM\n")
    R.check("slurm: GALAXY_SLOTS from the allocation (-c 2), working dir and home as Galaxy expects",
            "slots=2" in st["stdout"] and f"cwd={root}/working" in st["stdout"]
            and f"home={root}/working/home" in st["stdout"], st["stdout"])
    R.check("slurm: sbatch -o/-e go to metadata/job_stdout and job_stderr",
            "batch-out" in st["job_stdout"] and "batch-err" in st["job_stderr"], (st["job_stdout"], st["job_stderr"]))
    usage = gw.api(f"/api/jobs/{job}")["job"]["usage"]
    R.check("slurm: usage recorded (elapsed from Slurm, CPU from the job script)",
            usage["elapsed_seconds"] is not None and usage["cpu_seconds"] is not None, usage)
    states = [a["detail"].get("to") for a in gw.api(f"/api/jobs/{job}")["audit"] if a["action"] == "job.state"]
    R.check("slurm: audit shows the state changes ending in complete", states[-1:] == ["complete"] and "queued" in states, states)
    R.check("slurm: clean", gw.clean(job).status == 200 and not os.path.exists(root))

    gw.setup("s2")
    gw.submit("s2", "echo failing >&2; exit 3")
    gw.setup("s3")
    gw.submit("s3", "kill -9 $$")
    gw.setup("s4")
    gw.submit("s4", "echo never", params={"native_specification": "--hold"})
    gw.setup("s5")
    gw.submit("s5", "sleep 300")
    gw.setup("s6")
    gw.submit("s6", "true", params={"native_specification": "-p no_such_partition"})
    gw.setup("s7")
    gw.submit("s7", "true", params={"native_specification": "-o /etc/evil"})

    st = gw.wait("s2", timeout=60)
    R.check("slurm: non-zero exit is complete with the script's return code (Slurm says FAILED)",
            st["status"] == "complete" and st["returncode"] == 3, st)
    st = gw.wait("s3", timeout=60)
    R.check("slurm: script killed without a return code is failed",
            st["status"] == "failed" and st.get("failure_reason") == "no_return_code" and st["returncode"] is None, st)
    R.check("slurm: a held job stays queued", gw.status("s4").json()["status"] == "queued")
    gw.cancel("s4")
    st = gw.wait("s4", timeout=30)
    R.check("slurm: cancel while queued", st["status"] == "cancelled", st)
    gw.wait("s5", ("running",), timeout=60)
    gw.cancel("s5")
    st = gw.wait("s5", timeout=30)
    ext = gw.api("/api/jobs/s5")["job"]["external_id"]
    deadline = time.time() + 30
    sq = record = None
    while time.time() < deadline:
        sq = subprocess.run(["squeue", "-h", "-t", "all", "-j", ext, "-o", "%T"], capture_output=True, text=True).stdout.strip()
        record = gw.api("/api/jobs/s5")["job"]["state"]
        if sq == "CANCELLED" and record == "cancelled":
            break
        time.sleep(0.2)
    R.check("slurm: cancel while running (reported cancelled at once; Slurm ends it CANCELLED and the store follows)",
            st["status"] == "cancelled" and sq == "CANCELLED" and record == "cancelled", (st["status"], sq, record))
    st = gw.wait("s6", timeout=30)
    R.check("slurm: sbatch refusal is a failed job with sbatch's message",
            st["status"] == "failed" and st.get("failure_reason") == "submit_failed" and "partition" in st["job_stderr"].lower(), st)
    st = gw.wait("s7", timeout=30)
    R.check("slurm: a native specification moving output files is refused",
            st["status"] == "failed" and st.get("failure_reason") == "invalid_submit" and "'-o'" in st["job_stderr"], st)

    # kill -9 of the gateway with jobs in Slurm.
    gw.setup("k1")
    gw.submit("k1", "sleep 4; echo survived > ../outputs/o; exit 0")
    gw.setup("k2")
    gw.submit("k2", "exit 0", params={"native_specification": "--hold"})
    gw.wait("k1", ("running",), timeout=60)
    gw.kill9()
    time.sleep(1)  # the gateway is down; Slurm carries on
    gw.start()
    R.check("slurm: after kill -9 and restart the jobs are known again",
            gw.status("k1").json()["status"] in ("running", "complete") and gw.status("k2").json()["status"] == "queued")
    k2 = gw.api("/api/jobs/k2")["job"]["external_id"]
    subprocess.run(["scontrol", "release", k2], check=False)
    st = gw.wait("k1", timeout=60)
    R.check("slurm: job running across kill -9 completes", st["status"] == "complete" and
            gw.download("k1", "o").body == b"survived\n", st["status"])
    st = gw.wait("k2", timeout=60)
    R.check("slurm: job queued across kill -9 runs after release", st["status"] == "complete" and st["returncode"] == 0, st)
    audit = [a["action"] for a in gw.api("/api/jobs/k1")["audit"]]
    R.check("slurm: the restart is in the audit trail", "job.recovered" in audit, audit)

    # Peak memory without accounting storage: the job script's sstat of the batch step. The
    # 200 MiB are held for 8 s so that jobacct_gather (every 5 s here) samples them.
    gw.setup("m1")
    gw.submit("m1", "/usr/bin/python3 -c 'import time; x = bytearray(b\"\\1\") * (200 << 20); time.sleep(8)'")
    st = gw.wait("m1", timeout=60)
    usage = gw.api("/api/jobs/m1")["job"]["usage"]
    R.check("slurm: peak RSS of a job holding 200 MiB is recorded (>= 200 MiB, < 1 GiB)",
            st["status"] == "complete" and usage["max_rss_kb"] is not None and 200 * 1024 <= usage["max_rss_kb"] < 1 << 20,
            (st["status"], usage))

    t_wall = time.time()
    st = gw.wait("walltime", timeout=180, interval=1)
    R.check("slurm: walltime kill (TIMEOUT) is failed with reason walltime_reached, returncode null",
            st["status"] == "failed" and st.get("failure_reason") == "walltime_reached" and st["returncode"] is None, st)
    print(f"# waited {time.time() - t_wall:.0f} s more for the walltime job")
    m = gw.request("GET", "/metrics").text
    R.check("slurm: /metrics shows the executor", 'plateau_gateway_info{executor="slurm"} 1' in m)


if __name__ == "__main__":
    main()
