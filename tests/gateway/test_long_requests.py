"""Requests in the exact shape Galaxy's Pulsar client sends them, grown past the sizes Poco's
parser took (16 KiB request lines, 8 KiB fields): a submit whose command line and environment
make a request line of more than 1 MiB (pulsar/client/server_interface.py __build_url puts every
parameter in the query string), run to completion with the command intact; and the JSON error
body on every refusal made before routing. Issue 8, defect 7."""
import hashlib
import json
import random
import urllib.parse

from gateway_client import Gateway, Results, TOKEN

R = Results()


def pulsar_submit_url(job_id, command_line, env):
    """The URL Pulsar's client builds for submit: its own argument order, private_token last."""
    args = {
        "command_line": command_line, "job_id": job_id, "params": json.dumps({}), "dependencies_description": "null",
        "env": json.dumps(env), "remote_staging": json.dumps({"action_mapper": {}, "client_outputs": {}}),
        "submit_extras": json.dumps({}), "dynamic_file_sources": "null",
        "token_endpoint": "https://galaxy.example/api/jobs/1/oidc-token", "private_token": TOKEN,
    }
    return f"/jobs/{job_id}/submit?" + urllib.parse.urlencode(args)


def long_submit(gw):
    job = "77"
    gw.setup(job)
    rng = random.Random(8)
    payload = "".join(rng.choice("ACGTacgt0123456789_-.") for _ in range(700_000))
    inputs = " ".join(f"/data/galaxy/files/000/dataset_{i}.dat" for i in range(6000))
    command_line = f"printf '%s' '{payload}' | sha256sum > \"$PWD/../outputs/sum.txt\"; : {inputs}"
    env = [{"name": f"VAR_{i}", "value": "v" * 40, "raw": False} for i in range(2000)]
    url = pulsar_submit_url(job, command_line, env)
    request_line = len("POST ") + len(url) + len(" HTTP/1.1")
    R.check(f"the submit request line is over 1 MiB ({request_line} bytes)", request_line > (1 << 20))
    r = gw.request("POST", url, body=b"", token=False, headers={"Content-Length": "0"})
    if not R.check("the long submit is accepted (200 OK)", r.status == 200 and r.text == "OK", (r.status, r.text[:300])):
        return
    status = gw.wait(job, timeout=60)
    R.check("the job completes", status["status"] == "complete" and status.get("returncode") == 0, status)
    expected = hashlib.sha256(payload.encode()).hexdigest()
    got = gw.download(job, "sum.txt")
    R.check("the command ran with its 700 KB argument intact (sha256 computed by the job)",
            got.status == 200 and got.body.decode().split()[0] == expected, got.body[:100])


def boundary_sizes(gw):
    # The sizes from the issue: 16,224 characters passed and 17,024 failed before.
    for size in (16_224, 17_024, 65_536, 262_144):
        job = f"b{size}"
        gw.setup(job)
        command = "true #" + "x" * (size - 6)
        r = gw.request("POST", pulsar_submit_url(job, command, []), body=b"", token=False)
        if R.check(f"a {size}-character command_line is accepted", r.status == 200, (r.status, r.text[:200])):
            R.check(f"the {size}-character job completes", gw.wait(job, timeout=60)["status"] == "complete")


def main():
    with Gateway() as gw:
        long_submit(gw)
        boundary_sizes(gw)
    R.finish()


if __name__ == "__main__":
    main()
