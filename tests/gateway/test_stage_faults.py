"""plateau-stage's resume, witnessed by a recording proxy between it and the gateway:
 1. the client is killed (SIGKILL) mid-transfer, then run again with the same command: it
    resumes every part where the gateway's HEAD says, so no PATCH of the second run starts below
    an offset the gateway acknowledged in the first; the gateway commits each byte once
    (plateau_gateway_uploaded_bytes_total = the file's size); the dataset's sha256 is hashlib's;
 2. the gateway is killed (kill -9) mid-transfer and restarted (on a new port, which the proxy
    follows): the same client run retries, resumes from HEAD, never goes below an acknowledged
    offset, and finishes with hashlib's sha256."""
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time

from gateway_client import Gateway, Results, TOKEN
from recording_proxy import RecordingProxy
from stage_support import MiB, payload, run_stage, stage_args, uploaded, write

R = Results()
SIZE = 48 * MiB


def acknowledged(events):
    """upload path -> the highest Upload-Offset the gateway acknowledged (204) in `events`."""
    out = {}
    for e in events:
        if e["method"] == "PATCH" and e["status"] == 204 and e["answer_offset"]:
            out[e["path"]] = max(out.get(e["path"], 0), int(e["answer_offset"]))
    return out


def wait_for_acks(proxy, count, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline and sum(1 for e in proxy.patches() if e["status"] == 204) < count:
        time.sleep(0.05)


def below_acknowledged(before, after_events):
    return [(e["path"], e["offset"], before[e["path"]]) for e in after_events
            if e["method"] == "PATCH" and e["path"] in before and int(e["offset"]) < before[e["path"]]]


def client_killed(gw, work):
    data = payload(SIZE, 7)
    write(f"{work}/a.bin", data)
    proxy = RecordingProxy(gw.port)
    args = ["upload", "--parallel", "4", "--request-size", "1M", "--limit-rate", "12M", f"{work}/a.bin"]
    client = subprocess.Popen(stage_args(proxy.port, TOKEN, *args, state_dir=f"{work}/state"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for_acks(proxy, 12)
    client.send_signal(signal.SIGKILL)
    client.wait()
    time.sleep(0.3)
    first = list(proxy.events)
    before = acknowledged(first)
    R.check("the client was killed mid-transfer (some parts acknowledged, the file not finished)",
            sum(before.values()) > 0 and sum(before.values()) < SIZE, sum(before.values()))
    r = run_stage(proxy.port, TOKEN, *args[:-3], f"{work}/a.bin", state_dir=f"{work}/state")
    second = proxy.events[len(first):]
    created_again = [e for e in second if e["method"] == "POST" and e["concat"] == "partial"]
    R.check("the rerun resumes the same uploads (no partial upload created again)",
            r.returncode == 0 and not created_again, (r.returncode, len(created_again), r.stderr))
    bad = below_acknowledged(before, second)
    R.check("no PATCH of the rerun starts below an offset the gateway had acknowledged", not bad, bad[:5])
    R.check("the rerun asked the gateway where each part stands (HEAD per known part)",
            {e["path"] for e in second if e["method"] == "HEAD"} >= set(before), before)
    metrics = gw.request("GET", "/metrics").text
    committed = [line for line in metrics.splitlines() if line.startswith("plateau_gateway_uploaded_bytes_total")]
    R.check("the gateway committed each byte once (uploaded_bytes_total = the file's size)",
            committed == [f"plateau_gateway_uploaded_bytes_total {SIZE}"], committed)
    out = uploaded(r.stdout)
    R.check("the resumed dataset's sha256 is hashlib's", out.get("a.bin", (0, 0, ""))[2] == hashlib.sha256(data).hexdigest())
    proxy.close()


def gateway_killed(work):
    data = payload(SIZE, 8)
    write(f"{work}/b.bin", data)
    with Gateway(extra_args=["--set", "datasets.checkpoint_bytes=1M"]) as gw:
        proxy = RecordingProxy(gw.port)
        args = ["upload", "--parallel", "4", "--request-size", "1M", "--limit-rate", "12M", f"{work}/b.bin"]
        client = subprocess.Popen(stage_args(proxy.port, TOKEN, *args, state_dir=f"{work}/state"),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for_acks(proxy, 10)
        gw.kill9()
        before = acknowledged(proxy.events)
        n_before = len(proxy.events)
        time.sleep(1.0)
        gw.start()
        proxy.upstream_port = gw.port
        stdout, stderr = client.communicate(timeout=90)
        after = proxy.events[n_before:]
        R.check("gateway killed with -9 and restarted: the same client run finishes (exit 0)",
                client.returncode == 0 and 0 < sum(before.values()) < SIZE, (client.returncode, stderr[-2000:]))
        bad = below_acknowledged(before, after)
        R.check("after the restart no PATCH starts below an offset acknowledged before the kill", not bad, bad[:5])
        out = uploaded(stdout)
        d = out.get("b.bin", ("", 0, ""))
        R.check("the dataset's sha256 is hashlib's", d[2] == hashlib.sha256(data).hexdigest(), d)
        path = os.path.join(gw.data_dir, "datasets/files", d[0] or "none")
        R.check("the dataset file on the gateway holds exactly the bytes", os.path.exists(path) and open(path, "rb").read() == data)
        proxy.close()


work = tempfile.mkdtemp(prefix="plateau-stage-faults.")
try:
    with Gateway() as gw:
        client_killed(gw, work)
    gateway_killed(work)
finally:
    shutil.rmtree(work, ignore_errors=True)
R.finish()
