"""Test support for plateau-gateway: starts the real service on a free loopback port (port 0,
read back from --port-file) and talks to it the way Galaxy's pulsar_rest client does
(every parameter in the query string, private_token appended to every URL, raw upload bodies
labelled application/x-www-form-urlencoded). Standard library only."""
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

BIN = os.environ.get("PLATEAU_BIN") or os.path.join(os.path.dirname(__file__), "../../build/bin")
GATEWAY = os.path.join(BIN, "plateau-gateway")
TOKEN = "test-token-0123456789"


class Results:
    """One line per case, as tests/cli/lib.sh prints them; exit status 1 if any case failed."""

    def __init__(self):
        self.cases = 0
        self.failures = 0

    def check(self, description, condition, detail=""):
        self.cases += 1
        if condition:
            print(f"ok   - {description}", flush=True)
        else:
            self.failures += 1
            print(f"FAIL - {description} {detail}", flush=True)
        return condition

    def finish(self):
        print(f"{self.cases - self.failures} passed, {self.failures} failed", flush=True)
        sys.exit(1 if self.failures else 0)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Gateway:
    def __init__(self, workdir=None, executor="local", extra_args=(), env=None, token=TOKEN):
        self.own_workdir = workdir is None
        self.workdir = workdir or tempfile.mkdtemp(prefix="plateau-gw-test.")
        self.data_dir = os.path.join(self.workdir, "data")
        self.staging_dir = os.path.join(self.data_dir, "jobs")
        self.executor = executor
        self.extra_args = list(extra_args)
        self.env = dict(os.environ, **(env or {}))
        self.token = token
        self.proc = None
        self.port = None
        self.log_path = os.path.join(self.workdir, "gateway.log")

    # -- process control ---------------------------------------------------------------------
    def start(self, timeout=20):
        port_file = os.path.join(self.workdir, "port")
        if os.path.exists(port_file):
            os.unlink(port_file)
        args = [GATEWAY, "--data-dir", self.data_dir, "--port", "0", "--port-file", port_file,
                "--executor", self.executor, "--log-level", "debug"] + self.extra_args
        env = dict(self.env)
        if self.token:
            env["PLATEAU_GATEWAY_TOKEN"] = self.token
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=log, stderr=log, env=env, cwd=self.workdir)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gateway exited with {self.proc.returncode}:\n{self.log()}")
            if os.path.exists(port_file):
                self.port = int(open(port_file).read().strip())
                return self
            time.sleep(0.02)
        raise RuntimeError("gateway did not start:\n" + self.log())

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def terminate(self, timeout=30):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    def restart(self):
        if self.proc and self.proc.poll() is None:
            self.kill9()
        return self.start()

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.terminate()
        if self.own_workdir and os.environ.get("PLATEAU_KEEP_TEST_DIRS") != "1":
            shutil.rmtree(self.workdir, ignore_errors=True)

    def log(self):
        try:
            return open(self.log_path, errors="replace").read()
        except OSError:
            return ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    # -- HTTP ------------------------------------------------------------------------------------
    def url(self, path, params=None, token=True):
        query = dict(params or {})
        if token and self.token:
            query["private_token"] = self.token
        return path + ("?" + urllib.parse.urlencode(query) if query else "")

    def request(self, method, path, params=None, body=None, headers=None, token=True, timeout=60):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            h = dict(headers or {})
            if body is not None and "Content-Type" not in h:
                h["Content-Type"] = "application/x-www-form-urlencoded"
            chunked = h.get("Transfer-Encoding") == "chunked"
            conn.request(method, self.url(path, params, token), body=body, headers=h, encode_chunked=chunked)
            r = conn.getresponse()
            return Response(r.status, dict(r.getheaders()), r.read())
        finally:
            conn.close()

    # -- Pulsar client calls ---------------------------------------------------------------------
    def setup(self, job_id, tool_id="test_tool", tool_version="1.0", manager=None):
        prefix = f"/managers/{manager}" if manager else ""
        return self.request("POST", prefix + "/jobs", {"job_id": job_id, "tool_id": tool_id,
                                                       "tool_version": tool_version, "use_metadata": "true"}, body=b"")

    def upload(self, job_id, name, data, type_="input", headers=None):
        return self.request("POST", f"/jobs/{job_id}/files", {"name": name, "type": type_, "job_id": job_id},
                            body=data, headers=headers)

    def submit(self, job_id, command_line, params=None, env=None, submit_extras=None, dynamic_file_sources=None,
               remote_staging=None, timeout=60):
        query = {
            "command_line": command_line,
            "job_id": job_id,
            "params": json.dumps(params or {}),
            "dependencies_description": "null",
            "env": json.dumps(env or []),
            "remote_staging": json.dumps(remote_staging or {"action_mapper": {}, "client_outputs": {}}),
            "submit_extras": json.dumps(submit_extras or {}),
            "dynamic_file_sources": json.dumps(dynamic_file_sources),
            "token_endpoint": "http://galaxy.example/api/jobs/x/oidc-token",
        }
        return self.request("POST", f"/jobs/{job_id}/submit", query, body=b"", timeout=timeout)

    def status(self, job_id):
        return self.request("GET", f"/jobs/{job_id}/status")

    def wait(self, job_id, states=("complete", "failed", "cancelled", "lost"), timeout=60, interval=0.1):
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            r = self.status(job_id)
            if r.status == 200:
                last = r.json()
                if last["status"] in states:
                    return last
            time.sleep(interval)
        raise TimeoutError(f"job {job_id} did not reach {states}; last status {last}")

    def download(self, job_id, name, type_="output", headers=None, method="GET"):
        return self.request(method, f"/jobs/{job_id}/files", {"name": name, "type": type_}, headers=headers)

    def cancel(self, job_id):
        return self.request("PUT", f"/jobs/{job_id}/cancel", body=b"")

    def clean(self, job_id):
        return self.request("DELETE", f"/jobs/{job_id}")

    def api(self, path, params=None):
        r = self.request("GET", path, params)
        return r.json() if r.status == 200 else r


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def raw_request(port, head, body=b"", shutdown_after=True, read=True, timeout=10):
    """Sends bytes as they are (for truncated bodies); returns the response bytes (may be b'')."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(head + body)
        if shutdown_after:
            s.shutdown(socket.SHUT_WR)
        if not read:
            return b""
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        s.close()


def slurm_available(tools=("sbatch", "scontrol")):
    """Whether the Slurm tests can run here: root, the commands, and a controller that answers
    (the slurm fixture started it). Prints why not; callers exit 77 (skipped)."""
    if os.geteuid() != 0:
        print("# not root: skipping the Slurm tests")
        return False
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        print(f"# {', '.join(missing)} missing (scripts/install-deps.sh test): skipping")
        return False
    ping = subprocess.run(["scontrol", "ping"], capture_output=True, text=True)
    if "UP" not in ping.stdout:
        print(f"# no Slurm controller answers (SLURM_CONF={os.environ.get('SLURM_CONF')}): {ping.stdout}{ping.stderr}")
        return False
    return True


def temp_files(root):
    found = []
    for dirpath, _, files in os.walk(root):
        found += [os.path.join(dirpath, f) for f in files if f.startswith(".plateau-upload.")]
    return found


def process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] not in ("Z", "X")
    except OSError:
        return False
