"""Galaxy's own Pulsar client against the gateway: runs Pulsar's `pulsar-check`
(pulsar.client.test.check, the real client code that Galaxy's pulsar_rest runner uses, urllib
transport) from a Pulsar source checkout named by PLATEAU_PULSAR_SRC, with the stand-ins in
tests/gateway/pulsar_shim for the Galaxy libraries it imports. The check sets up a job, uploads
tool files, inputs, configs, workdir, metadata and unstructured files, submits, polls, downloads
outputs (including galaxy.json-referenced and metadata files) and cleans, and verifies the files.
Skipped (exit 77) without PLATEAU_PULSAR_SRC or pydantic."""
import os
import subprocess
import sys
import time

from gateway_client import Gateway, Results

R = Results()


def main():
    src = os.environ.get("PLATEAU_PULSAR_SRC")
    if not src or not os.path.exists(os.path.join(src, "pulsar", "client", "test", "check.py")):
        print("# PLATEAU_PULSAR_SRC does not name a Pulsar checkout: skipping")
        sys.exit(77)
    shim = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pulsar_shim")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([shim, src]))
    probe = subprocess.run([sys.executable, "-c", "import pulsar.client.test.check"], env=env, capture_output=True, text=True)
    if probe.returncode != 0:
        print("# cannot import Pulsar's client here (pydantic missing?): skipping\n" + probe.stderr[-500:])
        sys.exit(77)
    t0 = time.time()
    with Gateway() as gw:
        def check(job_id, url=None, token=None, extra=()):
            url = url or f"http://127.0.0.1:{gw.port}/"
            cmd = [sys.executable, "-m", "pulsar.client.test.check", "--url", url, "--private_token", token or gw.token,
                   "--job_id", job_id, *extra]
            return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)

        r = check("pc-1")
        R.check("pulsar-check (Galaxy's client, urllib) completes against the gateway", r.returncode == 0, r.stderr[-2000:])
        r = check("pc-2", url=f"http://127.0.0.1:{gw.port}/managers/_default_/")
        R.check("pulsar-check through the /managers/_default_/ alias", r.returncode == 0, r.stderr[-2000:])
        r = check("pc-3", extra=["--test_errors"])
        R.check("pulsar-check --test_errors (missing outputs handled as Pulsar does)", r.returncode == 0, r.stderr[-2000:])
        r = check("pc-4", token="wrong")
        R.check("pulsar-check with a wrong token fails with transport code 401",
                r.returncode != 0 and "transport code: 401" in r.stderr, r.stderr[-500:])
        audit = gw.api("/api/jobs/pc-1")["audit"]
        actions = {a["action"] for a in audit}
        R.check("the client's job went through setup, staging, submit, download and clean",
                {"job.created", "file.staged", "job.submitted", "file.downloaded", "job.cleaned"} <= actions, actions)
    print(f"# {time.time() - t0:.1f} s")
    R.finish()


if __name__ == "__main__":
    main()
