"""Full Pulsar-style job lifecycles against the running gateway with the local executor:
setup, uploads of every type, submit (env, touch_outputs, dynamic file sources), poll, the
status payload, downloads (Range, HEAD, If-Range, globs), clean; a non-zero exit; cancel while
queued and while running (the whole process group goes); a walltime kill; a failed launch;
the audit trail, usage, /metrics and the /managers alias."""
import datetime
import os
import time

from gateway_client import Gateway, Results, process_alive, sha256

R = Results()

ENV_COMMAND = r"""
{ echo "cwd=$PWD"; echo "home=$_GALAXY_JOB_HOME_DIR"; echo "tmp=$_GALAXY_JOB_TMP_DIR"; echo "tmpdir=$TMPDIR";
  echo "slots=$GALAXY_SLOTS"; echo "myvar=$MY_VAR"; echo "raw=$RAW_VAR"; echo "job=$PLATEAU_JOB_ID";
  test -d "$_GALAXY_JOB_HOME_DIR" && test -d "$_GALAXY_JOB_TMP_DIR" && echo dirs_exist;
  env | grep -q '^_GALAXY_JOB_HOME_DIR=' && env | grep -q '^_GALAXY_JOB_TMP_DIR=' && echo exported; } > ../metadata/tool_stdout
cat ../inputs/dataset_1.dat ../inputs/dataset_1_files/part.txt > ../outputs/dataset_2.dat
echo '{"dataset_2": {"name": "renamed"}}' > galaxy.json
echo extra > primary_77_out.txt
mkdir -p sub && echo deep > sub/deep.txt
echo meta > ../metadata/metadata_out
echo tool-err > ../metadata/tool_stderr
echo to-job-stderr >&2
exit 0
"""


def lifecycle(gw):
    job = "1001"
    r = gw.setup(job, tool_id="cat1", tool_version="1.0.0")
    cfg = r.json() if r.status == 200 else {}
    root = os.path.join(gw.staging_dir, job)
    R.check("setup returns 200 with the job configuration", r.status == 200, r.text)
    for key, sub in [("job_directory", ""), ("working_directory", "working"), ("metadata_directory", "metadata"),
                     ("outputs_directory", "outputs"), ("configs_directory", "configs"),
                     ("tools_directory", "tool_files"), ("inputs_directory", "inputs"),
                     ("unstructured_files_directory", "unstructured")]:
        R.check(f"setup: {key} is the absolute {sub or 'job'} directory",
                cfg.get(key) == os.path.join(root, sub).rstrip("/") and os.path.isdir(cfg.get(key, "")), cfg.get(key))
    R.check("setup: job_id kept, separator '/', pulsar_version >= 0.15",
            cfg.get("job_id") == job and cfg.get("system_properties", {}).get("separator") == "/"
            and tuple(int(x) for x in cfg.get("pulsar_version", "0.0").split(".")[:2]) >= (0, 15), cfg)
    R.check("setup again is harmless and returns the same directories", gw.setup(job).json() == cfg)

    data1 = b"ACGT\n" * 1000
    uploads = [  # (type, name, expected path relative to the job directory)
        ("tool", "macros/helper.xml", "tool_files/macros/helper.xml"),
        ("jobdir", "tool_script.sh", "tool_script.sh"),
        ("input", "dataset_1.dat", "inputs/dataset_1.dat"),
        ("input", "dataset_1_files/part.txt", "inputs/dataset_1_files/part.txt"),
        ("workdir", "some/dir/workfile.txt", "working/workfile.txt"),
        ("metadata", "metadata_in", "metadata/metadata_in"),
        ("unstructured", "0f3c/genome/chr1.fa", "unstructured/0f3c/genome/chr1.fa"),
        ("config", "deep/path/galaxy_cfg.xml", "configs/galaxy_cfg.xml"),
    ]
    for type_, name, rel in uploads:
        body = data1 if name == "dataset_1.dat" else f"{type_}:{name}\n".encode()
        r = gw.upload(job, name, body, type_)
        path = os.path.join(root, rel)
        ok = r.status == 200 and r.json().get("path") == path and open(path, "rb").read() == body
        R.check(f"upload type={type_} name={name} lands at exactly {rel}", ok, r.text)
    r = gw.upload(job, "dataset_1.dat", data1, "input", headers={"Expect": "100-continue"})
    R.check("upload with Expect: 100-continue is answered", r.status == 200 and r.json()["sha256"] == sha256(data1), r.text)
    r = gw.upload(job, "empty.dat", b"", "input")
    R.check("upload of an empty body (Content-Length: 0) makes an empty file",
            r.status == 200 and os.path.getsize(os.path.join(root, "inputs/empty.dat")) == 0, r.text)
    r = gw.request("GET", f"/jobs/{job}/files/path", {"name": "dataset_9.dat", "type": "input"})
    R.check("path route returns the absolute remote path",
            r.status == 200 and r.json()["path"] == os.path.join(root, "inputs/dataset_9.dat"), r.text)

    r = gw.submit(job, ENV_COMMAND,
                  env=[{"name": "MY_VAR", "value": "it's $HOME", "raw": False},
                       {"name": "RAW_VAR", "value": "$GALAXY_SLOTS", "raw": True}],
                  submit_extras={"touch_outputs": ["dataset_3.dat", "dataset_2_files/x.txt"]},
                  dynamic_file_sources=[{"type": "galaxy", "path": "galaxy.json"},
                                        {"type": "legacy_galaxy", "path": "absent.json"}])
    R.check("submit answers 200 OK", r.status == 200 and r.text == "OK", r.text)
    st = gw.wait(job)
    R.check("job completes", st["status"] == "complete" and st["complete"] == "true", st)
    R.check("returncode 0 from the return_code file", st["returncode"] == 0 and
            open(os.path.join(root, "return_code")).read().strip() == "0")
    out = st.get("stdout", "")
    R.check("job runs in working/", f"cwd={root}/working" in out, out)
    R.check("_GALAXY_JOB_HOME_DIR/_GALAXY_JOB_TMP_DIR set, created and exported",
            f"home={root}/working/home" in out and f"tmp={root}/working/tmp" in out and "dirs_exist" in out
            and "exported" in out, out)
    R.check("TMPDIR falls back to the job tmp dir", f"tmpdir={root}/working/tmp" in out or "tmpdir=/" in out, out)
    R.check("GALAXY_SLOTS is set (1 by default)", "slots=1" in out, out)
    R.check("env entries: quoted literally unless raw", "myvar=it's $HOME" in out and "raw=1" in out, out)
    R.check("stderr is metadata/tool_stderr; job_stderr is the script's own stream",
            st["stderr"] == "tool-err\n" and "to-job-stderr" in st["job_stderr"], st)
    R.check("outputs_directory_contents lists outputs recursively incl. touched outputs",
            st["outputs_directory_contents"] == ["dataset_2.dat", "dataset_2_files/x.txt", "dataset_3.dat"],
            st["outputs_directory_contents"])
    R.check("working_directory_contents is recursive and relative",
            {"galaxy.json", "primary_77_out.txt", "sub/deep.txt", "workfile.txt"} <= set(st["working_directory_contents"]),
            st["working_directory_contents"])
    R.check("metadata_directory_contents lists metadata files",
            {"tool_stdout", "tool_stderr", "metadata_out", "metadata_in"} <= set(st["metadata_directory_contents"]))
    R.check("job_directory_contents lists top-level names",
            {"inputs", "outputs", "working", "metadata", "tool_script.sh", "return_code"} <= set(st["job_directory_contents"]))
    R.check("realized_dynamic_file_sources has galaxy.json with its contents, not the absent file",
            st["realized_dynamic_file_sources"] == [{"type": "galaxy", "path": "galaxy.json",
                                                     "contents": '{"dataset_2": {"name": "renamed"}}\n'}],
            st["realized_dynamic_file_sources"])
    R.check("status payload has every field Galaxy reads", all(k in st for k in (
        "job_id", "complete", "status", "returncode", "stdout", "stderr", "job_stdout", "job_stderr",
        "working_directory", "metadata_directory", "job_directory", "working_directory_contents",
        "metadata_directory_contents", "outputs_directory_contents", "job_directory_contents",
        "system_properties", "pulsar_version", "realized_dynamic_file_sources")), sorted(st))
    R.check("resource usage recorded (rusage)", st.get("resource_usage", {}).get("max_rss_kb", 0) > 0, st.get("resource_usage"))

    expected = data1 + b"input:dataset_1_files/part.txt\n"
    r = gw.download(job, "dataset_2.dat")
    R.check("download an output", r.status == 200 and r.body == expected and r.headers.get("Accept-Ranges") == "bytes")
    r = gw.download(job, "dataset_2.dat", headers={"Range": "bytes=100-"})
    R.check("Range resumes a download (206, Content-Range)", r.status == 206 and r.body == expected[100:]
            and r.headers.get("Content-Range") == f"bytes 100-{len(expected) - 1}/{len(expected)}", r.headers)
    r2 = gw.download(job, "dataset_2.dat", headers={"Range": "bytes=-10"})
    R.check("suffix Range", r2.status == 206 and r2.body == expected[-10:])
    etag = r.headers.get("ETag")
    r = gw.download(job, "dataset_2.dat", headers={"Range": "bytes=0-9", "If-Range": etag})
    R.check("If-Range with the current ETag resumes", r.status == 206 and r.body == expected[:10])
    r = gw.download(job, "dataset_2.dat", headers={"Range": "bytes=0-9", "If-Range": '"stale"'})
    R.check("If-Range with a stale ETag sends the whole file", r.status == 200 and r.body == expected)
    r = gw.download(job, "dataset_2.dat", headers={"Range": f"bytes={len(expected)}-"})
    R.check("Range past the end is 416 with Content-Range */size",
            r.status == 416 and r.headers.get("Content-Range") == f"bytes */{len(expected)}", r.status)
    r = gw.download(job, "dataset_2.dat", method="HEAD")
    R.check("HEAD gives the size without a body", r.status == 200 and r.headers.get("Content-Length") == str(len(expected))
            and r.body == b"")
    r = gw.download(job, "galaxy.json", "output_workdir")
    R.check("output_workdir downloads from working/", r.status == 200 and b"renamed" in r.body)
    r = gw.download(job, "primary_*", "output_workdir")
    R.check("output_workdir names are globs (first match)", r.status == 200 and r.body == b"extra\n", r.text)
    r = gw.download(job, "sub/deep.txt", "output_workdir")
    R.check("output_workdir nested name", r.status == 200 and r.body == b"deep\n")
    r = gw.download(job, "metadata_out", "output_metadata")
    R.check("output_metadata downloads from metadata/", r.status == 200 and r.body == b"meta\n")
    r = gw.download(job, "nope.dat")
    R.check("missing output is 404 JSON", r.status == 404 and r.json()["reason"] == "not_found")
    r = gw.request("GET", f"/managers/_default_/jobs/{job}/status")
    R.check("/managers/{name}/ alias of status", r.status == 200 and r.json()["status"] == "complete")

    audit = gw.api(f"/api/jobs/{job}")
    actions = [a["action"] for a in audit.get("audit", [])]
    staged = [a for a in audit["audit"] if a["action"] == "file.staged" and a["detail"]["name"] == "dataset_1.dat"]
    R.check("audit: created, staged (size+sha256), submitted, state changes, downloads",
            {"job.created", "file.staged", "job.submitted", "job.state", "file.downloaded"} <= set(actions)
            and staged and staged[0]["detail"]["sha256"] == sha256(data1) and staged[0]["detail"]["size"] == len(data1)
            and all(a["actor"] == "galaxy" for a in audit["audit"] if a["action"] == "file.staged"), actions)
    states = [a["detail"]["to"] for a in audit["audit"] if a["action"] == "job.state"]
    R.check("audit: queued -> running -> complete", states == ["queued", "running", "complete"], states)

    r = gw.clean(job)
    R.check("clean answers OK and removes the job directory", r.status == 200 and r.text == "OK" and not os.path.exists(root))
    st = gw.status(job).json()
    R.check("status after clean is 'lost' (200, JSON)", st["status"] == "lost" and st["complete"] == "true")
    R.check("clean again is harmless", gw.clean(job).status == 200)
    detail = gw.api(f"/api/jobs/{job}")
    R.check("native API keeps the cleaned job and its audit",
            detail["job"]["cleaned"] is not None and detail["audit"][-1]["action"] == "job.cleaned", detail["job"])


def nonzero_exit(gw):
    job = "1002"
    gw.setup(job)
    gw.submit(job, "echo failing >&2; exit 3")
    st = gw.wait(job)
    R.check("non-zero exit: status complete, returncode 3 (Galaxy decides)",
            st["status"] == "complete" and st["returncode"] == 3, st)
    job = "1002_2"  # task-split style id
    gw.setup(job)
    gw.submit(job, "sh -c 'kill -9 $$'")
    st = gw.wait(job)
    R.check("tool killed by a signal: complete, returncode 137 from the shell", st["returncode"] == 137, st)
    job = "1002_3"
    gw.setup(job)
    gw.submit(job, "kill -9 $$")  # $$ is the job script itself: as if the OOM killer took it
    st = gw.wait(job)
    R.check("job script killed (no return code): failed with reason killed_by_signal",
            st["status"] == "failed" and st.get("failure_reason") == "killed_by_signal" and st["returncode"] is None, st)


def failed_launch(gw):
    job = "1003"
    gw.setup(job)
    r = gw.submit(job, "true", remote_staging={"setup": [{"action": {"action_type": "remote_transfer"}}]})
    st = gw.wait(job)
    R.check("unsupported remote_staging: submit still 200, status failed with a reason",
            r.status == 200 and st["status"] == "failed" and st.get("failure_reason") == "unsupported_remote_staging"
            and "not supported" in st["job_stderr"], st)
    job = "1004"
    gw.setup(job)
    gw.submit(job, "true", env=[{"name": "BAD NAME", "value": "x"}])
    st = gw.wait(job)
    R.check("invalid env name fails the job before launch", st["status"] == "failed" and
            st.get("failure_reason") == "invalid_submit", st)


def resubmission(gw):
    job = "1005"
    gw.setup(job)
    gw.submit(job, "exit 5")
    first = gw.wait(job)
    gw.setup(job)
    st = gw.status(job).json()
    R.check("setup of a finished job starts a new attempt (Galaxy resubmission)", st["status"] == "preprocessing", st)
    gw.submit(job, "exit 0")
    second = gw.wait(job)
    detail = gw.api(f"/api/jobs/{job}")
    R.check("second attempt completes with its own return code",
            first["returncode"] == 5 and second["returncode"] == 0 and len(detail["attempts"]) == 2, detail["attempts"])


def cancel_and_walltime():
    with Gateway(extra_args=["--max-concurrent", "1", "--set", "local.kill_grace_seconds=2"]) as gw:
        gw.setup("2001")
        gw.submit("2001", "sleep 300 & echo $! > ../child.pid; trap '' TERM; wait")
        gw.wait("2001", ("running",))
        gw.setup("2002")
        gw.submit("2002", "echo should-not-run > ../outputs/ran")
        time.sleep(0.3)
        R.check("second job waits: concurrency limit 1", gw.status("2002").json()["status"] == "queued")
        r = gw.cancel("2002")
        st = gw.wait("2002")
        R.check("cancel while queued", r.status == 200 and st["status"] == "cancelled", st)
        root = os.path.join(gw.staging_dir, "2001")
        deadline = time.time() + 5
        while not os.path.exists(os.path.join(root, "child.pid")) and time.time() < deadline:
            time.sleep(0.05)
        child = int(open(os.path.join(root, "child.pid")).read())
        t0 = time.time()
        gw.cancel("2001")
        st = gw.wait("2001")
        deadline = time.time() + 5
        while process_alive(child) and time.time() < deadline:
            time.sleep(0.05)
        R.check("cancel while running (the script ignores SIGTERM: SIGKILL after the grace period)",
                st["status"] == "cancelled" and time.time() - t0 < 8, st["status"])
        R.check("cancel kills the whole process group (background child gone)", not process_alive(child))
        R.check("cancelled job never ran its successor", not os.path.exists(os.path.join(gw.staging_dir, "2002/outputs/ran")))

        gw.setup("2003")
        gw.submit("2003", "sleep 30", params={"walltime": "1"})
        st = gw.wait("2003", timeout=20)
        R.check("walltime kill is reported as failed with reason walltime_reached",
                st["status"] == "failed" and st.get("failure_reason") == "walltime_reached", st)
        metrics = gw.request("GET", "/metrics").text
        R.check("/metrics counts the failure by reason", 'plateau_gateway_job_failures_total{reason="walltime_reached"} 1' in metrics)


def usage_and_metrics(gw):
    year = datetime.datetime.now(datetime.timezone.utc).year
    u = gw.api("/api/usage", {"year": year})
    users = {row["user"]: row for row in u["by_user"]}
    R.check("usage: CPU-hours per user per year", "galaxy" in users and users["galaxy"]["jobs"] >= 3
            and users["galaxy"]["year"] == year and users["galaxy"]["cpu_hours"] >= 0, u)
    R.check("usage: per group too", len(u["by_group"]) >= 1)
    jobs = gw.api("/api/jobs", {"state": "complete"})
    R.check("native API lists jobs filtered by state", jobs["count"] >= 2 and all(j["state"] == "complete" for j in jobs["jobs"]))
    R.check("native API rejects an unknown state", gw.api("/api/jobs", {"state": "bogus"}).status == 400)
    m = gw.request("GET", "/metrics")
    R.check("/metrics is Prometheus text", m.status == 200 and m.headers["Content-Type"].startswith("text/plain")
            and 'plateau_gateway_http_requests_total{route="status",code="200"}' in m.text
            and "plateau_gateway_jobs{state=" in m.text)
    r = gw.request("GET", "/healthz")
    R.check("/healthz reports a Pulsar version", r.status == 200 and r.json()["version"].startswith("0.15"))


def main():
    t0 = time.time()
    with Gateway() as gw:
        lifecycle(gw)
        nonzero_exit(gw)
        failed_launch(gw)
        resubmission(gw)
        usage_and_metrics(gw)
        r = gw.terminate()
        R.check("SIGTERM: graceful exit with status 0", r == 0, gw.log()[-2000:])
    cancel_and_walltime()
    print(f"# {time.time() - t0:.1f} s")
    R.finish()


if __name__ == "__main__":
    main()
