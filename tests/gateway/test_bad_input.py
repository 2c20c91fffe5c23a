"""Bad input against the running gateway: wrong and missing tokens on every route, the token in
a header, malformed queries, unknown jobs, path traversal (names, types, job ids and symbolic
links that point out of the job directory), oversize and truncated bodies, and concurrent uploads
to one name."""
import os
import socket
import threading
import time
import urllib.parse

from gateway_client import Gateway, Results, TOKEN, raw_request, sha256, temp_files

R = Results()
MAX_UPLOAD = 1 << 20


def is_json_error(r, status):
    try:
        body = r.json()
    except ValueError:
        return False
    return r.status == status and body.get("status") == status and "error" in body


def auth(gw):
    gw.setup("1")
    routes = [("POST", "/jobs", {"job_id": "9"}), ("POST", "/jobs/1/files", {"name": "x", "type": "input"}),
              ("GET", "/jobs/1/files", {"name": "x"}), ("GET", "/jobs/1/files/path", {"name": "x"}),
              ("POST", "/jobs/1/submit", {"command_line": "true"}), ("GET", "/jobs/1/status", {}),
              ("PUT", "/jobs/1/cancel", {}), ("DELETE", "/jobs/1", {}), ("GET", "/healthz", {}),
              ("GET", "/metrics", {}), ("GET", "/api/jobs", {}), ("GET", "/api/usage", {}),
              ("GET", "/managers/_default_/jobs/1/status", {})]
    for method, path, params in routes:
        wrong = gw.request(method, path, dict(params, private_token="wrong"), body=b"" if method != "GET" else None,
                           token=False)
        missing = gw.request(method, path, params, body=b"" if method != "GET" else None, token=False)
        R.check(f"{method} {path}: wrong and missing token are 401 JSON",
                is_json_error(wrong, 401) and is_json_error(missing, 401), (wrong.status, missing.status))
    r = gw.request("GET", "/jobs/1/status", token=False, headers={"Authorization": f"Bearer {TOKEN}"})
    R.check("token accepted in an Authorization: Bearer header", r.status == 200)
    r = gw.request("GET", "/jobs/1/status", token=False, headers={"X-Plateau-Token": TOKEN})
    R.check("token accepted in an X-Plateau-Token header", r.status == 200)
    r = gw.request("GET", "/jobs/1/status", {"private_token": TOKEN + "x"}, token=False)
    R.check("a longer token with the right prefix is refused", r.status == 401)
    r = gw.request("GET", "/jobs/1/status", token=False, headers={"Authorization": f"Bearer {TOKEN[:-1]}"})
    R.check("a shorter token is refused", r.status == 401)
    r = gw.request("DELETE", "/jobs/1", {"private_token": "wrong"}, token=False)
    R.check("refused clean leaves the job alone", r.status == 401 and os.path.isdir(os.path.join(gw.staging_dir, "1")))


def malformed(gw):
    r = gw.request("GET", f"/jobs/1/status?private_token={TOKEN}&x=%zz", token=False)
    R.check("malformed percent-encoding is 400 JSON", is_json_error(r, 400), r.text)
    r = gw.request("GET", f"/jobs/1/status?private_token={TOKEN}&x=%4", token=False)
    R.check("truncated percent escape is 400 JSON", is_json_error(r, 400), r.text)
    r = gw.request("POST", "/jobs", {}, body=b"")
    R.check("setup without job_id is 400 naming the parameter", is_json_error(r, 400) and "job_id" in r.json()["error"])
    r = gw.request("POST", "/jobs/1/files", {"type": "input"}, body=b"x")
    R.check("upload without name is 400", is_json_error(r, 400))
    r = gw.request("POST", "/jobs/1/files", {"name": "x", "type": "bogus"}, body=b"x")
    R.check("upload with an unknown type is 400", is_json_error(r, 400) and r.json()["reason"] == "unknown_type")
    r = gw.request("POST", "/jobs/1/submit", {"command_line": "true", "params": "{not json"}, body=b"")
    R.check("submit with malformed JSON params is 400", is_json_error(r, 400))
    r = gw.request("POST", "/jobs/1/submit", {}, body=b"")
    R.check("submit without command_line is 400", is_json_error(r, 400))
    r = gw.request("GET", "/api/jobs", {"limit": "ten"})
    R.check("non-integer limit is 400", is_json_error(r, 400))
    r = gw.request("GET", "/api/jobs", {"since": "yesterday-ish"})
    R.check("malformed since is 400", is_json_error(r, 400))
    r = gw.request("GET", "/no/such/route")
    R.check("unknown route is 404 JSON (never 501)", is_json_error(r, 404))
    r = gw.request("GET", "/jobs")
    R.check("wrong method is 405 with Allow", is_json_error(r, 405) and r.headers.get("Allow") == "POST")
    reply = raw_request(gw.port, b"GARBAGE\r\n\r\n")
    R.check("a request line that is not HTTP gets 400 or a closed connection",
            reply == b"" or reply.startswith(b"HTTP/1.0 400") or reply.startswith(b"HTTP/1.1 400"), reply[:60])
    R.check("the service still answers after garbage", gw.request("GET", "/healthz").status == 200)


def out_of_range(gw):
    """Submit values a Galaxy would never send: accepted as a submit (200 OK, as Pulsar answers),
    the job then fails with invalid_submit and a reason; nothing is started."""
    cases = [
        ("walltime 10^10 s", {"params": {"walltime": 10_000_000_000}}, "walltime"),
        ("walltime -1", {"params": {"walltime": -1}}, "walltime"),
        ("walltime '0'", {"params": {"walltime": "0"}}, "walltime"),
        ("slots 0", {"params": {"slots": 0}}, "slots"),
        ("slots 10^6", {"params": {"slots": 1_000_000}}, "slots"),
        ("memory_mb -5", {"params": {"memory_mb": -5}}, "memory_mb"),
        ("an env value that is a number", {"env": [{"name": "X", "value": 5}]}, "env[0].value must be a string"),
        ("an env name that is a list", {"env": [{"name": ["X"], "value": "1"}]}, "env[0].name must be a string"),
        # issue 8
        ("walltime 'NaN'", {"params": {"walltime": "NaN"}}, "params.walltime 'NaN' is not a duration"),
        ("walltime 'inf'", {"params": {"walltime": "inf"}}, "params.walltime 'inf' is not a duration"),
        ("walltime '99:99:99'", {"params": {"walltime": "99:99:99"}}, "params.walltime '99:99:99' is not a duration"),
        ("walltime '1:60:00'", {"params": {"walltime": "1:60:00"}}, "is not a duration"),
        ("walltime '1-24:00:00'", {"params": {"walltime": "1-24:00:00"}}, "is not a duration"),
        ("walltime 1e300 (a JSON float)", {"params": {"walltime": 1e300}}, "params.walltime = 1e+300 is outside 1..31622400"),
        ("memory_mb 'NaN'", {"params": {"memory_mb": "NaN"}}, "params.memory_mb must be an integer, not 'NaN'"),
        ("slots 2^64-1", {"params": {"slots": 2**64 - 1}}, "params.slots = 18446744073709551615 is outside"),
        ("an env raw that is the string 'yes'", {"env": [{"name": "X", "value": "$HOME", "raw": "yes"}]},
         'env[0].raw must be true or false, not "yes"'),
        ("an env raw that is a number", {"env": [{"name": "X", "value": "1", "raw": 1}]}, "env[0].raw"),
    ]
    for i, (what, extra, word) in enumerate(cases):
        _refused(gw, f"range{i}", what, "touch ../outputs/ran", extra, word)
    for i, blank in enumerate(["", "   ", " \n\t \n"]):
        _refused(gw, f"blank{i}", f"command_line {blank!r}", blank, {}, "command_line is empty")


def _refused(gw, job, what, command_line, extra, word):
    gw.setup(job)
    r = gw.submit(job, command_line, **extra)
    st = gw.wait(job, timeout=20)
    R.check(f"submit with {what}: 200 OK, then failed/invalid_submit naming {word}, nothing ran",
            r.status == 200 and st["status"] == "failed" and st.get("failure_reason") == "invalid_submit"
            and word in st["job_stderr"] and "-9223372036854775808" not in st["job_stderr"]
            and not os.path.exists(os.path.join(gw.staging_dir, job, "outputs", "ran"))
            and not os.path.exists(os.path.join(gw.staging_dir, job, "command.sh")),
            (r.status, st.get("status"), st.get("failure_reason"), st.get("job_stderr")))


def unlisted_outputs(gw):
    """A job that leaves a file deeper than PATH_MAX under outputs/ (issue 8): the file cannot be
    listed for Galaxy, so the job is failed/outputs_unlisted naming the directory, and every other
    output is still listed."""
    job = "deep1"
    gw.setup(job)
    gw.submit(job, 'd=$(printf "d%.0s" $(seq 100)); cd ../outputs && echo top > top.dat && '
                   'for i in $(seq 60); do mkdir $d && cd $d || exit 9; done && echo deep > leaf.dat')
    st = gw.wait(job, timeout=20)
    R.check("an output deeper than PATH_MAX: failed/outputs_unlisted, return code kept, reason in job_stderr",
            st["status"] == "failed" and st.get("failure_reason") == "outputs_unlisted" and st["returncode"] == 0
            and "File name too long" in st["job_stderr"] and "dddd" in st.get("failure_detail", ""), st)
    R.check("... and the outputs that can be listed still are", "top.dat" in st["outputs_directory_contents"],
            st["outputs_directory_contents"])
    gw.setup("deep2")
    gw.submit("deep2", "mkdir -p ../outputs/a/b && echo x > ../outputs/a/b/c.dat")
    st = gw.wait("deep2", timeout=20)
    R.check("nested outputs within PATH_MAX still complete", st["status"] == "complete" and
            st["outputs_directory_contents"] == ["a/b/c.dat"], st)


def unknown_jobs(gw):
    r = gw.status("never-set-up")
    R.check("status of an unknown job is 200 JSON 'lost'", r.status == 200 and r.json()["status"] == "lost"
            and r.json()["complete"] == "true" and r.headers["Content-Type"] == "application/json")
    r = gw.upload("never-set-up", "x", b"data")
    R.check("upload to an unknown job is 404 JSON", is_json_error(r, 404))
    R.check("download from an unknown job is 404", is_json_error(gw.download("never-set-up", "x"), 404))
    R.check("submit to an unknown job is 404", is_json_error(gw.submit("never-set-up", "true"), 404))
    R.check("cancel of an unknown job is 404", is_json_error(gw.cancel("never-set-up"), 404))
    R.check("clean of an unknown job is OK (idempotent, as Pulsar's rm -rf)", gw.clean("never-set-up").status == 200)
    R.check("job detail of an unknown job is 404", is_json_error(gw.request("GET", "/api/jobs/never-set-up"), 404))


def traversal(gw):
    job = "2"
    gw.setup(job)
    root = os.path.join(gw.staging_dir, job)
    outside = os.path.join(gw.workdir, "outside")
    os.makedirs(outside, exist_ok=True)
    with open(os.path.join(outside, "secret"), "w") as f:
        f.write("secret")
    bad_uploads = [
        ("input", "../escape"), ("input", "../../escape"), ("input", "/etc/passwd"), ("input", "a/../../escape"),
        ("input", ".."), ("input", "./../escape"), ("input", "a/b/../../../escape"), ("output", "../outputs/../../x"),
        ("tool", "../../../../tmp/escape"), ("unstructured", "abc/../../../escape"), ("config", "../escape"),
        ("jobdir", "../escape"), ("workdir", "../../escape"), ("metadata", "/abs/name"), ("input", "a\\..\\..\\escape"),
        ("input", "bad\nname"), ("input", "nul\x00byte"), ("input", ""), ("input", "x" * 300),
        ("output_metadata", "../../escape"), ("input", "a//../../escape"), ("input", "/"),
    ]
    for type_, name in bad_uploads:
        r = gw.upload(job, name, b"payload", type_)
        R.check(f"traversal rejected: upload type={type_} name={name[:40]!r}",
                r.status == 400 and r.json().get("reason") == "path_rejected", (r.status, r.text[:100]))
    escaped = [p for p in (os.path.join(gw.staging_dir, "escape"), os.path.join(gw.data_dir, "escape"),
                           "/tmp/escape", os.path.join(gw.workdir, "escape"), os.path.join(gw.staging_dir, "x"))
               if os.path.exists(p)]
    R.check("no file was written outside the job directory", not escaped, escaped)

    # Percent-encoded traversal in the query decodes to '..' and is still refused.
    r = gw.request("POST", f"/jobs/{job}/files?name=%2e%2e%2fescape&type=input&private_token={TOKEN}", body=b"x",
                   token=False)
    R.check("traversal rejected: percent-encoded ../ in the query", r.status == 400)
    for bad_id in ["..", ".", "a/b", "../2", "x" * 200, "semi;colon"]:
        r = gw.request("GET", "/jobs/" + urllib.parse.quote(bad_id, safe="") + "/status")
        R.check(f"job id {bad_id[:20]!r} in the path is refused (400 JSON)", is_json_error(r, 400), (r.status, r.text[:80]))
    r = gw.setup("../../etc")
    R.check("setup with a traversal job id is 400", is_json_error(r, 400))

    # Symbolic links: a job (or anyone with access to the job directory) points out of it.
    os.symlink(os.path.join(outside, "secret"), os.path.join(root, "outputs", "link_to_secret"))
    os.symlink(outside, os.path.join(root, "outputs", "linkdir"))
    os.symlink(outside, os.path.join(root, "working", "evil"))
    os.symlink("/etc/passwd", os.path.join(root, "metadata", "passwd"))
    with open(os.path.join(root, "outputs", "real.txt"), "w") as f:
        f.write("inside")
    os.symlink("real.txt", os.path.join(root, "outputs", "inner_link"))
    for type_, name in [("output", "link_to_secret"), ("output", "linkdir/secret"), ("output_workdir", "evil/secret"),
                        ("output_metadata", "passwd"), ("output_workdir", "evil/*")]:
        r = gw.download(job, name, type_)
        R.check(f"symlink escape refused: download type={type_} name={name}", r.status in (400, 404) and
                b"secret" not in r.body and b"root:" not in r.body, (r.status, r.body[:60]))
    r = gw.download(job, "inner_link")
    R.check("a symlink that stays inside the job directory is served", r.status == 200 and r.body == b"inside")
    for type_, name in [("output_workdir", "evil/planted"), ("output", "linkdir/planted")]:
        r = gw.upload(job, name, b"planted", type_)
        R.check(f"symlink escape refused: upload through a linked directory {name}",
                r.status == 400 and not os.path.exists(os.path.join(outside, "planted")), r.text)
    r = gw.upload(job, "link_to_secret", b"replaced", "output")
    R.check("upload over a symlink replaces the link, never writes through it",
            r.status == 200 and open(os.path.join(outside, "secret")).read() == "secret"
            and not os.path.islink(os.path.join(root, "outputs", "link_to_secret")))


def bodies(gw):
    job = "3"
    gw.setup(job)
    root = os.path.join(gw.staging_dir, job)
    big = os.urandom(MAX_UPLOAD + 1)
    r = gw.upload(job, "big.dat", big)
    R.check("oversize upload (Content-Length over server.max_upload_bytes) is 413",
            is_json_error(r, 413) and not os.path.exists(os.path.join(root, "inputs/big.dat")), r.status)
    chunked = gw.request("POST", f"/jobs/{job}/files", {"name": "chunked.dat", "type": "input"},
                         body=iter([big[:600000], big[600000:]]), headers={"Transfer-Encoding": "chunked"})
    R.check("oversize chunked upload is 413 once the limit is passed",
            chunked.status == 413 and not os.path.exists(os.path.join(root, "inputs/chunked.dat")), chunked.status)
    small = b"0123456789" * 10
    okay = gw.request("POST", f"/jobs/{job}/files", {"name": "chunked_ok.dat", "type": "input"},
                      body=iter([small[:30], small[30:]]), headers={"Transfer-Encoding": "chunked"})
    R.check("chunked upload within the limit is stored whole",
            okay.status == 200 and open(os.path.join(root, "inputs/chunked_ok.dat"), "rb").read() == small)
    query = urllib.parse.urlencode({"name": "cut.dat", "type": "input", "private_token": TOKEN})
    head = (f"POST /jobs/{job}/files?{query} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n\r\n").encode()
    reply = raw_request(gw.port, head, b"x" * 5000)
    R.check("truncated body (connection closed early) never becomes the file",
            not os.path.exists(os.path.join(root, "inputs/cut.dat")), reply[:80])
    R.check("no temporary upload file is left behind", not temp_files(gw.staging_dir), temp_files(gw.staging_dir))
    r = gw.upload(job, "after.dat", b"fine")
    R.check("the service is fine after a truncated upload", r.status == 200)

    # Expect: 100-continue refused before the body is sent (no "100 Continue" first).
    for params, want in [({"name": "e.dat", "type": "input", "private_token": "wrong"}, b"401"),
                         ({"name": "e.dat", "type": "input", "private_token": TOKEN}, b"413")]:
        head = (f"POST /jobs/{job}/files?{urllib.parse.urlencode(params)} HTTP/1.1\r\nHost: x\r\n"
                f"Content-Length: {MAX_UPLOAD * 4}\r\nExpect: 100-continue\r\n\r\n").encode()
        reply = raw_request(gw.port, head, shutdown_after=False)
        R.check(f"Expect: 100-continue with a {want.decode()} answer gets it at once, without 100 Continue",
                reply.startswith(b"HTTP/1.1 " + want) and b"100 Continue" not in reply, reply[:40])
    head = (f"POST /jobs/{job}/files?{urllib.parse.urlencode({'name': 'ok.dat', 'type': 'input', 'private_token': TOKEN})}"
            " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n").encode()
    s = socket.create_connection(("127.0.0.1", gw.port), timeout=10)
    s.sendall(head)
    first = s.recv(100)
    s.sendall(b"hello")
    rest = s.recv(1000)
    s.close()
    R.check("Expect: 100-continue accepted: 100 Continue, then the body, then 200",
            first.startswith(b"HTTP/1.1 100") and b"200 OK" in (first + rest), (first + rest)[:80])
    # An error before the body is read does not break a kept-alive connection.
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", gw.port, timeout=10)
    conn.request("POST", f"/jobs/{job}/files?name=..%2Fx&type=input&private_token={TOKEN}", body=b"y" * 100000)
    r1 = conn.getresponse(); r1.read()
    conn.request("POST", f"/jobs/{job}/files?name=kept.dat&type=input&private_token={TOKEN}", body=b"z" * 100000)
    r2 = conn.getresponse(); r2.read()
    conn.close()
    R.check("after a refused upload the same keep-alive connection carries the next upload",
            r1.status == 400 and r2.status == 200 and os.path.getsize(os.path.join(root, "inputs/kept.dat")) == 100000)

    # Eight concurrent uploads of different contents to the same name.
    payloads = [bytes([65 + i]) * 300000 for i in range(8)]
    results = [None] * 8

    def put(i):
        results[i] = gw.upload(job, "same.dat", payloads[i])

    threads = [threading.Thread(target=put, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = open(os.path.join(root, "inputs/same.dat"), "rb").read()
    R.check("concurrent uploads to one name: all answered 200", all(r and r.status == 200 for r in results))
    R.check("concurrent uploads to one name: the file is exactly one complete upload", final in payloads)
    R.check("concurrent uploads: every response carries its own sha256",
            sorted(r.json()["sha256"] for r in results) == sorted(sha256(p) for p in payloads))
    R.check("concurrent uploads leave no temporary files", not temp_files(gw.staging_dir))
    audit = gw.api(f"/api/jobs/{job}")["audit"]
    R.check("audit has one file.staged per concurrent upload",
            sum(1 for a in audit if a["action"] == "file.staged" and a["detail"]["name"] == "same.dat") == 8)
    os.makedirs(os.path.join(root, "inputs", "adir"))
    r = gw.upload(job, "adir", b"x")
    R.check("upload onto a directory name is 409", is_json_error(r, 409), r.status)
    # The same with the body sent after the headers (read straight from the socket), twice on
    # one connection: the answer comes at once and the connection stays usable.
    s = socket.create_connection(("127.0.0.1", gw.port), timeout=10)
    for name, want in (("adir", b"409"), ("after_409.dat", b"200")):
        query = urllib.parse.urlencode({"name": name, "type": "input", "private_token": TOKEN})
        s.sendall(f"POST /jobs/{job}/files?{query} HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n".encode())
        time.sleep(0.05)
        s.sendall(b"b" * 70000)
        reply = s.recv(4096)
        R.check(f"body sent separately, upload {name}: {want.decode()} without waiting", reply.startswith(b"HTTP/1.1 " + want), reply[:40])
    s.close()


def startup_errors():
    """A bad configuration is a usage error (exit 2, one line naming the key); an unreadable
    token file is an input error (exit 1)."""
    import subprocess
    import tempfile
    from gateway_client import GATEWAY
    with tempfile.TemporaryDirectory() as work:
        cases = [(["--set", "server.port=99999"], 2, "server.port"),
                 (["--set", "server.header_timeout=0"], 2, "server.header_timeout"),
                 (["--set", "server.max_request_line=12"], 2, "server.max_request_line"),
                 (["--set", "noequals"], 2, "--set"),
                 (["--token-file", os.path.join(work, "absent")], 1, "auth.token_file")]
        for args, status, word in cases:
            p = subprocess.run([GATEWAY, "--data-dir", os.path.join(work, "d")] + args,
                               env=dict(os.environ, PLATEAU_GATEWAY_TOKEN=TOKEN), capture_output=True, text=True,
                               timeout=20)
            lines = p.stderr.strip().splitlines()
            R.check(f"start-up with {' '.join(args)}: exit {status}, one line naming {word}",
                    p.returncode == status and len(lines) == 1 and word in lines[0], (p.returncode, p.stderr))


def main():
    startup_errors()
    with Gateway(extra_args=["--set", f"server.max_upload_bytes={MAX_UPLOAD}"]) as gw:
        auth(gw)
        malformed(gw)
        out_of_range(gw)
        unlisted_outputs(gw)
        unknown_jobs(gw)
        traversal(gw)
        bodies(gw)
        R.check("the gateway survived everything", gw.proc.poll() is None and gw.request("GET", "/healthz").status == 200,
                gw.log()[-3000:])
    R.finish()


if __name__ == "__main__":
    main()
