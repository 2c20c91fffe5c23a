"""kill -9 of the gateway at awkward moments, then restart: every job is found again and
reconciled with the local executor (still running, finished while the gateway was down, still
queued, or caught between submit and launch), and an upload cut off by the kill never becomes
a file. Also a graceful SIGTERM restart with a job running."""
import json
import os
import random
import socket
import threading
import time
import urllib.parse

from gateway_client import Gateway, Results, TOKEN, temp_files

R = Results()
ROUNDS = 25


def mid_job():
    with Gateway(extra_args=["--max-concurrent", "1"]) as gw:
        gw.setup("10")
        gw.submit("10", "sleep 2; echo done > ../outputs/out.txt; exit 4")
        gw.wait("10", ("running",))
        gw.setup("11")
        gw.submit("11", "echo second > ../outputs/out.txt")
        gw.setup("12")
        gw.submit("12", "sleep 0.3; exit 0")
        gw.setup("13")  # set up, never submitted
        R.check("before the kill: 10 running, 11 and 12 queued",
                [gw.status(j).json()["status"] for j in ("10", "11", "12")] == ["running", "queued", "queued"])
        gw.kill9()
        gw.start()
        st = gw.wait("10", timeout=20)
        R.check("kill -9 mid-job: the running job is adopted and completes with its own return code",
                st["status"] == "complete" and st["returncode"] == 4 and
                open(os.path.join(gw.staging_dir, "10/outputs/out.txt")).read() == "done\n", st)
        st11 = gw.wait("11", timeout=20)
        st12 = gw.wait("12", timeout=20)
        R.check("kill -9: queued jobs are started after the restart",
                st11["status"] == "complete" and st12["status"] == "complete", (st11["status"], st12["status"]))
        R.check("kill -9: a job that was only set up is still there (preprocessing)",
                gw.status("13").json()["status"] == "preprocessing")
        audit = [a["action"] for a in gw.api("/api/jobs/10")["audit"]]
        R.check("audit records the recovery", "job.recovered" in audit, audit)
        elapsed = gw.api("/api/jobs/10")["job"]["usage"]["elapsed_seconds"]
        R.check("adopted job gets an elapsed time from its start to its return code", elapsed and elapsed >= 1.5, elapsed)


def finished_while_down():
    with Gateway() as gw:
        gw.setup("20")
        gw.submit("20", "sleep 0.5; echo ok > ../outputs/o")
        gw.wait("20", ("running",))
        gw.kill9()
        time.sleep(1.5)
        gw.start()
        st = gw.wait("20", timeout=10)
        R.check("job that finished while the gateway was down is complete after restart",
                st["status"] == "complete" and st["returncode"] == 0, st)
        gw.setup("21")
        gw.submit("21", "sleep 0.3; kill -9 $$")
        gw.wait("21", ("running",))
        gw.kill9()
        time.sleep(1.0)
        gw.start()
        st = gw.wait("21", timeout=10)
        R.check("job whose script died while the gateway was down is failed (no return code)",
                st["status"] == "failed" and st.get("failure_reason") == "no_return_code", st)


def _kill_during_submits(gw, batch, delay, command=None):
    """Sets the batch up, submits it from one thread per job, kill -9s the gateway `delay`
    seconds in, restarts it, and submits again what it did not record (what a client does when
    its submit failed)."""
    extra = (command,) if command else ()
    for job in batch:
        gw.setup(job)
    threads = [threading.Thread(target=lambda j=job: _quiet_submit(gw, j, *extra)) for job in batch]
    for t in threads:
        t.start()
    time.sleep(delay)
    gw.kill9()
    for t in threads:
        t.join()
    gw.start()
    for job in batch:
        if gw.status(job).json()["status"] == "preprocessing":
            _quiet_submit(gw, job, *extra)


def kill_anywhere():
    """Kill while submits are in flight: afterwards every job runs exactly once (a submit the
    gateway had recorded is launched after the restart; one that never arrived is sent again by
    the client, and a repeated submit of a recorded job is ignored)."""
    rng = random.Random(4)
    with Gateway() as gw:
        jobs = []
        for round_ in range(6):
            batch = [f"3{round_}{k}" for k in range(4)]
            jobs += batch
            _kill_during_submits(gw, batch, rng.uniform(0, 0.03))
        states = {job: gw.wait(job, timeout=30)["status"] for job in jobs}
        runs = {job: open(os.path.join(gw.staging_dir, job, "outputs/runs")).read().count("run")
                if os.path.exists(os.path.join(gw.staging_dir, job, "outputs/runs")) else 0 for job in jobs}
        R.check(f"kill -9 while submits are in flight (6 rounds): all {len(jobs)} jobs complete",
                all(s == "complete" for s in states.values()), states)
        R.check("... and each ran exactly once", all(n == 1 for n in runs.values()), runs)
        listed = gw.api("/api/jobs", {"limit": 1000})["count"]
        R.check("the store lists every job after six kills", listed == len(jobs), listed)


def audit_after_kills():
    """kill -9 at random moments while many submits are in flight (issue 8, defect 6), restart,
    and again: afterwards the audit trail matches the job table for every job. A job whose launch
    is recorded has exactly one job.submitted (none otherwise), one job.created, and its job.state
    entries form one chain from preprocessing to the state the table holds."""
    rng = random.Random(8)
    with Gateway() as gw:
        jobs = []
        for round_ in range(ROUNDS):
            batch = [f"a{round_:02d}{k:02d}" for k in range(12)]
            jobs += batch
            _kill_during_submits(gw, batch, rng.uniform(0.002, 0.04), "echo run >> ../outputs/runs")
        states = {job: gw.wait(job, timeout=60)["status"] for job in jobs}
        R.check(f"kill -9 during {len(jobs)} submits ({ROUNDS} rounds): every job completes",
                all(s == "complete" for s in states.values()), states)
        gw.terminate()
        problems = _audit_problems(os.path.join(gw.data_dir, "gateway.sqlite3"), jobs)
        R.check("... and the audit trail matches the store for every job (job.submitted once when launched, "
                "one job.created, an unbroken job.state chain ending in the stored state)", not problems,
                f"{len(problems)} problems: {problems[:10]}")
        runs = [open(os.path.join(gw.staging_dir, j, "outputs/runs")).read().count("run") for j in jobs]
        R.check("... and each job ran exactly once", all(n == 1 for n in runs), runs)


def _audit_problems(db_path, jobs):
    import sqlite3
    db = sqlite3.connect(db_path)
    problems = []
    for job in jobs:
        attempt, state, launch = db.execute(
            "SELECT attempt, state, launch FROM jobs WHERE job_id = ? AND active = 1", (job,)).fetchone()
        rows = db.execute("SELECT action, detail FROM audit WHERE job_id = ? AND attempt = ? ORDER BY seq",
                          (job, attempt)).fetchall()
        actions = [a for a, _ in rows]
        submitted = actions.count("job.submitted")
        if submitted != (1 if launch else 0):
            problems.append(f"{job}: {submitted} job.submitted, launch {'recorded' if launch else 'absent'}")
        if actions.count("job.created") != 1:
            problems.append(f"{job}: {actions.count('job.created')} job.created")
        current = "preprocessing"
        for action, detail in rows:
            if action != "job.state":
                continue
            d = json.loads(detail)
            # The final change passes through postprocessing in one entry: from postprocessing,
            # with the state before it as "previous".
            passed_through = d.get("from") == "postprocessing" and d.get("previous") == current
            if d.get("from") != current and not passed_through:
                problems.append(f"{job}: job.state from {d.get('from')} after {current}")
            current = d.get("to")
        if current != state:
            problems.append(f"{job}: the audit trail ends in {current}, the store says {state}")
    db.close()
    return problems


def _quiet_submit(gw, job, command="echo run >> ../outputs/runs; sleep 0.2"):
    try:
        gw.submit(job, command)
    except OSError:
        pass  # the gateway was killed under the request


def mid_upload():
    with Gateway() as gw:
        gw.setup("40")
        size = 64 << 20
        query = urllib.parse.urlencode({"name": "big.dat", "type": "input", "private_token": TOKEN})
        s = socket.create_connection(("127.0.0.1", gw.port))
        s.sendall((f"POST /jobs/40/files?{query} HTTP/1.1\r\nHost: x\r\nContent-Length: {size}\r\n"
                   "Content-Type: application/x-www-form-urlencoded\r\n\r\n").encode())
        chunk = os.urandom(1 << 20)
        for _ in range(8):
            s.sendall(chunk)
        deadline = time.time() + 5
        while not temp_files(gw.staging_dir) and time.time() < deadline:
            time.sleep(0.02)
        had_temp = bool(temp_files(gw.staging_dir))
        gw.kill9()
        s.close()
        target = os.path.join(gw.staging_dir, "40/inputs/big.dat")
        R.check("kill -9 mid-upload: the partial data sat in a temporary file, not under the final name",
                had_temp and not os.path.exists(target))
        gw.start()
        R.check("after restart the cut-off upload is not a file and its temporary file is gone",
                not os.path.exists(target) and not temp_files(gw.staging_dir), temp_files(gw.staging_dir))
        R.check("the job set up before the kill is still known", gw.status("40").json()["status"] == "preprocessing")
        r = gw.upload("40", "big.dat", chunk)
        R.check("the upload can be repeated", r.status == 200 and os.path.getsize(target) == len(chunk))


def graceful():
    with Gateway() as gw:
        gw.setup("50")
        gw.submit("50", "sleep 1.5; exit 0")
        gw.wait("50", ("running",))
        t0 = time.time()
        rc = gw.terminate()
        R.check("SIGTERM stops the gateway promptly with status 0", rc == 0 and time.time() - t0 < 10, rc)
        gw.start()
        st = gw.wait("50", timeout=10)
        R.check("a job running across a graceful restart completes", st["status"] == "complete" and st["returncode"] == 0)


def main():
    t0 = time.time()
    mid_job()
    finished_while_down()
    kill_anywhere()
    audit_after_kills()
    mid_upload()
    graceful()
    print(f"# {time.time() - t0:.1f} s")
    R.finish()


if __name__ == "__main__":
    main()
