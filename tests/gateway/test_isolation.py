"""Clients are kept apart: with one token per Galaxy server, a job belongs to the token that set
it up. Another client cannot reuse its id, see its status or files, upload, submit, cancel or
clean it; the owner still can. And the gateway's own token never reaches a job's environment."""
import os
import tempfile
import time

from gateway_client import TOKEN, Gateway, Results

R = Results()
SECRET_A = "lab-a-secret-0123456789abcdef"
SECRET_B = "lab-b-secret-fedcba9876543210"
SECRET_OPS = "facility-operator-secret-42"


class As:
    """Acts with another token for the duration of a with-block."""
    def __init__(self, gw, token):
        self.gw, self.token = gw, token

    def __enter__(self):
        self.saved, self.gw.token = self.gw.token, self.token
        return self.gw

    def __exit__(self, *exc):
        self.gw.token = self.saved


def two_clients():
    workdir = tempfile.mkdtemp(prefix="plateau-gw-test.")
    tokens = os.path.join(workdir, "tokens")
    with open(tokens, "w") as f:
        f.write(f"galaxy-a lab-a {SECRET_A}\ngalaxy-b lab-b {SECRET_B}\nops facility {SECRET_OPS}\n")
    os.chmod(tokens, 0o600)
    gw = Gateway(workdir=workdir, token=None, extra_args=["--token-file", tokens, "--set", "auth.operator_groups=facility"])
    gw.own_workdir = True
    gw.start()
    gw.token = SECRET_A  # set after start: the tokens come from the file only
    return gw


def isolation(gw):
    job = "77"  # Galaxy job ids are small integers: two Galaxy servers will meet on them
    gw.setup(job)
    gw.upload(job, "in.txt", b"from A\n")
    gw.submit(job, "cat ../inputs/in.txt > ../outputs/out; sleep 2")
    with As(gw, SECRET_B):
        r = gw.request("POST", "/jobs", {"job_id": job})
        R.check("another client's setup of a live job id is refused (409 job_id_in_use)",
                r.status == 409 and r.json().get("reason") == "job_id_in_use", (r.status, r.text))
        r = gw.request("POST", "/managers/galaxyB/jobs", {"job_id": job})
        R.check("... also through a /managers/{name}/ alias", r.status == 409, (r.status, r.text))
        st = gw.status(job)
        R.check("another client's status poll answers lost, as for an unknown job",
                st.status == 200 and st.json()["status"] == "lost" and st.json()["outputs_directory_contents"] == [], st.text)
        R.check("another client cannot upload into the job",
                gw.upload(job, "in.txt", b"from B\n").status == 404)
        r = gw.request("POST", f"/jobs/{job}/submit", {"command_line": "echo B > ../outputs/out"})
        R.check("another client's submit is refused", r.status == 404, (r.status, r.text))
        R.check("another client cannot cancel", gw.cancel(job).status == 404)
        R.check("another client cannot read the path of a file", gw.request("GET", f"/jobs/{job}/files/path",
                                                                            {"name": "in.txt", "type": "input"}).status == 404)
        listed = gw.request("GET", "/api/jobs").json()["jobs"]
        R.check("another client's job list does not show the job", all(j["job_id"] != job for j in listed), listed)
        R.check("another client cannot read the job's details or audit trail",
                gw.request("GET", f"/api/jobs/{job}").status == 404 and gw.request("GET", f"/api/jobs/{job}/audit").status == 404)
    R.check("the owner lists its job", any(j["job_id"] == job for j in gw.request("GET", "/api/jobs").json()["jobs"]))
    with As(gw, SECRET_OPS):
        R.check("an operator (auth.operator_groups) sees every client's jobs and audit trails",
                any(j["job_id"] == job for j in gw.request("GET", "/api/jobs").json()["jobs"])
                and gw.request("GET", f"/api/jobs/{job}/audit").status == 200)
        R.check("... but is not the owner for the Pulsar routes", gw.status(job).json()["status"] == "lost")
    st = gw.wait(job, timeout=30)
    R.check("the owner's job ran undisturbed", st["status"] == "complete" and st["returncode"] == 0, st)
    with As(gw, SECRET_B):
        R.check("another client cannot download its output", gw.download(job, "out").status == 404)
        R.check("another client cannot clean it", gw.clean(job).status == 404)
    R.check("the owner downloads its own output", gw.download(job, "out").body == b"from A\n")
    def usage_groups(token):
        with As(gw, token):
            return {row["group"] for row in gw.request("GET", "/api/usage").json()["by_group"]}
    R.check("usage: the owner sees its own group's CPU-hours", "lab-a" in usage_groups(SECRET_A))
    R.check("usage: another client does not see them", "lab-a" not in usage_groups(SECRET_B))
    R.check("usage: an operator sees every group", "lab-a" in usage_groups(SECRET_OPS))
    audit = gw.api(f"/api/jobs/{job}")["audit"]
    R.check("nothing another client tried reached the audit trail as an action on the job",
            "galaxy-a" in {a["actor"] for a in audit} and "galaxy-b" not in {a["actor"] for a in audit},
            [(a["actor"], a["action"]) for a in audit])
    R.check("the owner cleans it", gw.clean(job).status == 200)
    with As(gw, SECRET_B):
        R.check("once cleaned the id is free for another client", gw.setup(job).status == 200)
        R.check("... which now owns it", gw.status(job).json()["status"] == "preprocessing")
    R.check("... and the first client no longer sees it", gw.status(job).json()["status"] == "lost")


def token_not_in_jobs():
    with Gateway() as gw:
        gw.setup("env1")
        gw.submit("env1", "env > ../outputs/env.txt")
        st = gw.wait("env1", timeout=30)
        env = gw.download("env1", "env.txt").text
        R.check("a job's environment does not contain the gateway's token",
                st["status"] == "complete" and "PLATEAU_JOB_ID=env1" in env and TOKEN not in env
                and "PLATEAU_GATEWAY_TOKEN" not in env, env[-500:])


def main():
    t0 = time.time()
    gw = two_clients()
    try:
        isolation(gw)
    finally:
        gw.close()
    token_not_in_jobs()
    print(f"# {time.time() - t0:.1f} s")
    R.finish()


if __name__ == "__main__":
    main()
