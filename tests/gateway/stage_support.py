"""Running plateau-stage against a test gateway (through a RecordingProxy when a test needs a
witness of the requests). Standard library only."""
import hashlib
import os
import subprocess

from gateway_client import BIN

STAGE = os.path.join(BIN, "plateau-stage")
MiB = 1 << 20


def payload(n, seed):
    """n bytes that differ at every MiB and between seeds (no two parts alike)."""
    out = bytearray()
    block = 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}:{block}".encode()).digest() * (MiB // 32)
        block += 1
    return bytes(out[:n])


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def stage_args(port, token, *args, state_dir=None):
    out = [STAGE, "--url", f"http://127.0.0.1:{port}", "--token", token]
    out += list(args)
    if state_dir and args and args[0] == "upload":
        out += ["--state-dir", state_dir]
    return out


def run_stage(port, token, *args, state_dir=None, timeout=120):
    return subprocess.run(stage_args(port, token, *args, state_dir=state_dir), capture_output=True, text=True,
                          timeout=timeout)


def uploaded(stdout):
    """plateau-stage upload's stdout: name -> (id, size, sha256)."""
    out = {}
    for line in stdout.splitlines():
        fields = line.split("\t")
        if len(fields) == 4:
            out[fields[1]] = (fields[0], int(fields[2]), fields[3])
    return out


def error_lines(stderr):
    return [line for line in stderr.splitlines() if line.startswith("plateau-stage: error:")]
