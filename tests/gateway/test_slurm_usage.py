"""Lab usage report (plateau-gateway usage, GET /api/usage/labs) against the real single-node
Slurm of the slurm fixture (jobcomp/filetxt, no accounting database). Real jobs run as three
local users in two groups (created here), and one through the gateway on behalf of one of them;
their lines in Slurm's job completion log are copied, and records of the previous calendar year
are appended in the same format (a job crossing New Year, a GPU job, a login in no lab, a line
written twice, a job cancelled before it started). Every expected total is computed here, in
Python, from the lines of that log, not from the gateway's output."""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from gateway_client import GATEWAY, Gateway, Results, slurm_available

R = Results()
USERS = {"plateau-usage-a": "plateau-usage-g1", "plateau-usage-b": "plateau-usage-g1", "plateau-usage-c": "plateau-usage-g2"}
A, B, C = USERS
NOLAB = "plateau-usage-nolab"
LABS = {"labA": [A, B], "labC": [C]}
PUE, CARBON = 1.5, 60.0
W_CORE, W_GPU, W_GB = 12.0, 250.0, 0.3725


def ensure_users():
    for user, group in USERS.items():
        if subprocess.run(["getent", "group", group], capture_output=True).returncode != 0:
            subprocess.run(["groupadd", group], check=True)
        if subprocess.run(["id", user], capture_output=True).returncode != 0:
            subprocess.run(["useradd", "-M", "-N", "-g", group, "-s", "/bin/sh", user], check=True)


def jobcomp_log():
    out = subprocess.run(["scontrol", "show", "config"], capture_output=True, text=True, check=True).stdout
    return re.search(r"^JobCompLoc\s*=\s*(\S+)", out, re.M).group(1)


def sbatch_as(user, cpus, seconds):
    out = subprocess.run(["runuser", "-u", user, "--", "sbatch", "--parsable", "-c", str(cpus), "--chdir=/tmp",
                          "-o", "/dev/null", "--wrap", f"sleep {seconds}"], capture_output=True, text=True, check=True)
    return out.stdout.strip().split(";")[0]


def wait_in_log(path, job_ids, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        text = open(path).read() if os.path.exists(path) else ""
        if all(re.search(rf"^JobId={j} ", text, re.M) for j in job_ids):
            return True
        time.sleep(0.5)
    return False


# -- the independent computation ----------------------------------------------------------------
def local_epoch(text):
    return time.mktime(time.strptime(text, "%Y-%m-%dT%H:%M:%S"))


def new_year(year):
    return time.mktime((year, 1, 1, 0, 0, 0, 0, 0, -1))


def memory_gb(tres):
    m = re.search(r"(?:^|,)mem=([0-9.]+)([KMGT]?)", tres)
    if not m:
        return 0.0
    return float(m.group(1)) * {"K": 1 / 1024, "M": 1, "G": 1024, "T": 1024 ** 2, "": 1}[m.group(2)] / 1024


def records_of(text, gateway_users):
    """(job, user, start, end, cpus, gpus, mem_gb) per distinct line that has a start."""
    seen, out = set(), []
    for line in text.splitlines():
        m = re.match(r"JobId=(\d+) UserId=([^(]*)\(", line)
        start = re.search(r" StartTime=(\S+)", line).group(1) if m else "Unknown"
        if not m or start == "Unknown":
            continue
        end = re.search(r" EndTime=(\S+)", line).group(1)
        tres = re.search(r" Tres=(\S*)", line).group(1)
        gpus = re.search(r"gres/gpu=(\d+)", tres)
        key = (m.group(1), start, end)
        if key in seen:
            continue
        seen.add(key)
        user = gateway_users.get(m.group(1), m.group(2))
        out.append((m.group(1), user, local_epoch(start), local_epoch(end), int(re.search(r" ProcCnt=(\d+)", line).group(1)),
                    int(gpus.group(1)) if gpus else 0, memory_gb(tres)))
    return out


def zero():
    return {"jobs": 0, "cpu_hours": 0.0, "gpu_hours": 0.0, "elapsed_hours": 0.0, "energy_kwh": 0.0}


def expected_totals(records, years):
    """{(who, year): figures} for who in logins, labs, 'cluster' and 'unassigned'."""
    lab_of = {login: lab for lab, logins in LABS.items() for login in logins}
    totals = {}
    for job, user, start, end, cpus, gpus, mem in records:
        end_year = time.localtime(end - 1 if end > start else end).tm_year
        for year in years:
            lo, hi = max(start, new_year(year)), min(end, new_year(year + 1))
            ends_here = year == end_year
            if hi < lo or (hi == lo and not ends_here):
                continue
            hours = (hi - lo) / 3600
            whos = ["cluster", user, lab_of[user]] if user in lab_of else ["cluster", "unassigned"]
            for who in whos:
                f = totals.setdefault((who, year), zero())
                f["jobs"] += 1 if ends_here else 0
                f["cpu_hours"] += hours * cpus
                f["gpu_hours"] += hours * gpus
                f["elapsed_hours"] += hours
                f["energy_kwh"] += hours * (cpus * W_CORE + gpus * W_GPU + mem * W_GB) * PUE / 1000
    return totals


def close(a, b, tolerance=2e-5):
    return abs(a - b) <= tolerance * max(1.0, abs(b))


def same_figures(got, want, keys=("jobs", "cpu_hours", "gpu_hours", "elapsed_hours", "energy_kwh")):
    return all(close(got[k], want[k]) for k in keys)


# -- the synthetic previous-year records -------------------------------------------------------
def synthetic_lines(template, prev):
    def line(job, user, start, end, cpus, tres):
        group = USERS.get(user, "plateau-usage-g2")
        out = re.sub(r"^JobId=\d+", f"JobId={job}", template)
        out = re.sub(r" UserId=\S+", f" UserId={user}(4242)", out)
        out = re.sub(r" GroupId=\S+", f" GroupId={group}(4243)", out)
        out = re.sub(r" StartTime=\S+", f" StartTime={start}", out)
        out = re.sub(r" EndTime=\S+", f" EndTime={end}", out)
        out = re.sub(r" ProcCnt=\d+", f" ProcCnt={cpus}", out)
        return re.sub(r" Tres=\S*", f" Tres={tres}", out)
    a1 = line(9100001, A, f"{prev}-03-10T08:00:00", f"{prev}-03-10T12:00:00", 8, "cpu=8,mem=4G,node=1,billing=8")
    return [
        a1,
        a1,  # the same record twice: one job
        line(9100002, B, f"{prev}-07-01T00:00:00", f"{prev}-07-01T01:30:00", 4, "cpu=4,mem=1000M,node=1,billing=4,gres/gpu=2"),
        line(9100003, C, f"{prev}-12-31T22:00:00", f"{prev + 1}-01-01T03:00:00", 2, "cpu=2,mem=512M,node=1,billing=2"),
        line(9100004, NOLAB, f"{prev}-05-05T10:00:00", f"{prev}-05-05T11:00:00", 16, "cpu=16,mem=8G,node=1,billing=16"),
        line(9100005, A, "Unknown", f"{prev}-05-05T11:00:00", 4, "cpu=4,mem=1G,node=1,billing=4"),
    ]


def run_cli(args, env=None):
    r = subprocess.run([GATEWAY] + args, capture_output=True, text=True, env=dict(os.environ, **(env or {})))
    return r


def check_report(label, report, totals, years, unassigned=True):
    by_key = {}
    for lab in report["labs"]:
        for y in lab["years"]:
            by_key[(lab["lab"], y["year"])] = y["total"]
            for row in y["by_login"]:
                by_key[(row["login"], y["year"])] = row
    for kind in ("cluster", "unassigned"):
        for row in report[kind]:
            by_key[(kind, row["year"])] = row
    whos = list(LABS) + [u for logins in LABS.values() for u in logins] + ["cluster"] + (["unassigned"] if unassigned else [])
    bad = []
    for who in whos:
        for year in years:
            want = totals.get((who, year), zero())
            got = by_key.get((who, year))
            if got is None or not same_figures(got, want):
                bad.append((who, year, got, want))
    R.check(f"{label}: jobs, CPU-, GPU-, elapsed hours and energy per lab, login, year, cluster and unassigned "
            f"match the independent sums ({len(whos) * len(years)} rows)", not bad, bad[:3])
    for who, year in [("labA", years[0]), ("labC", years[0]), ("labC", years[1])]:
        got = by_key.get((who, year), {})
        if "energy_kwh" in got:
            R.check(f"{label}: carbon of {who} {year} = energy x {CARBON} g/kWh",
                    close(got["carbon_kg_co2e"], got["energy_kwh"] * CARBON / 1000, 1e-4), got)


def main():
    if not slurm_available(("sbatch", "scontrol", "useradd")):
        sys.exit(77)
    ensure_users()
    log_path = jobcomp_log()
    work = tempfile.mkdtemp(prefix="plateau-usage-test.")
    this_year = time.localtime().tm_year
    prev = this_year - 1
    years = [prev, this_year]
    labs_file = os.path.join(work, "labs.txt")
    with open(labs_file, "w") as f:
        f.write("# lab login login ...\nlabA %s %s  # two logins, one group\nlabC %s\n" % (A, B, C))
    copy = os.path.join(work, "jobcomp.txt")
    with open(os.path.join(work, "tokens.txt"), "w") as f:
        f.write("viewer somelab viewer-secret-0123456789\n")
    ini = os.path.join(work, "gateway.ini")
    with open(ini, "w") as f:
        f.write(f"[auth]\ntoken_group = ops\noperator_groups = ops\ntoken_file = {work}/tokens.txt\n"
                f"[usage]\nlabs_file = {labs_file}\nsource = jobcomp\njobcomp_file = {copy}\n"
                f"pue = {PUE}\ncarbon_g_per_kwh = {CARBON}\n")
    gw = Gateway(workdir=work, executor="slurm", extra_args=["-c", ini, "--set", "slurm.poll_interval_ms=500"])
    gw.start()
    try:
        run(gw, work, log_path, copy, ini, years)
    finally:
        gw.close()
        if os.environ.get("PLATEAU_KEEP_TEST_DIRS") != "1":
            shutil.rmtree(work, ignore_errors=True)
    R.finish()


def run(gw, work, log_path, copy, ini, years):
    prev, this_year = years
    gw.setup("u1")
    r = gw.submit("u1", "sleep 1", params={"user": B, "group": "plateau-usage-g1", "native_specification": "-c 2"})
    R.check("usage: a job through the gateway on behalf of a lab member", r.status == 200, r.text)
    ids = [sbatch_as(A, 2, 2), sbatch_as(A, 1, 1), sbatch_as(B, 3, 1), sbatch_as(C, 1, 2)]
    st = gw.wait("u1", timeout=90)
    gateway_slurm_id = gw.api("/api/jobs/u1")["job"]["external_id"]
    R.check("usage: the gateway job completed in Slurm", st["status"] == "complete" and gateway_slurm_id.isdigit(), st)
    R.check("usage: Slurm wrote the jobs to its job completion log", wait_in_log(log_path, ids + [gateway_slurm_id]))
    real = open(log_path).read()
    template = next(l for l in real.splitlines() if l.startswith(f"JobId={ids[0]} "))
    R.check("usage: the real lines are the users' (UserId=login(uid) GroupId=group(gid))",
            f"UserId={A}(" in template and "GroupId=plateau-usage-g1(" in template, template)
    with open(copy, "w") as f:
        f.write(real + "\n".join(synthetic_lines(template, prev)) + "\n")
    totals = expected_totals(records_of(open(copy).read(), {gateway_slurm_id: B}), years)
    R.check("usage: the test data cover both years for labA and labC",
            all(totals.get((w, y), zero())["cpu_hours"] > 0 for w in ("labA", "labC") for y in years), totals)

    # The API (operators only), then the subcommand with the service stopped.
    api = gw.request("GET", "/api/usage/labs", {"years": f"{prev},{this_year}"})
    R.check("api: GET /api/usage/labs answers JSON for an operator", api.status == 200, api.text[:300])
    report = api.json() if api.status == 200 else {"labs": [], "cluster": [], "unassigned": []}
    R.check("api: versioned schema and the factors shown", report.get("schema") == "plateau-lab-usage"
            and report.get("schema_version") == 1 and report["energy"]["pue"] == PUE
            and report["energy"]["carbon_g_per_kwh"] == CARBON and report["energy"]["watts_per_core"] == W_CORE, report.get("energy"))
    check_report("api", report, totals, years)
    R.check("api: the gateway's job and the line written twice are counted once",
            report.get("merged_duplicates") == 2 and report.get("gateway_only_jobs") == 0, report.get("merged_duplicates"))
    other = gw.request("GET", "/api/usage/labs", {"private_token": "viewer-secret-0123456789"}, token=False)
    R.check("api: a client outside auth.operator_groups gets 403", other.status == 403, other.status)
    csv_api = gw.request("GET", "/api/usage/labs", {"years": f"{prev},{this_year}", "format": "csv", "lab": "labA"})
    R.check("api: ?format=csv&lab=labA is text/csv", csv_api.status == 200 and csv_api.headers.get("Content-Type", "").startswith("text/csv"))
    R.check("api: unknown lab 404, bad year 400",
            gw.request("GET", "/api/usage/labs", {"format": "csv", "lab": "nolab"}).status == 404
            and gw.request("GET", "/api/usage/labs", {"year": "1800"}).status == 400)
    gw.terminate()

    out_json, csv_dir = os.path.join(work, "usage.json"), os.path.join(work, "csv")
    cli = run_cli(["-c", ini, "--data-dir", gw.data_dir, "usage", "--year", str(prev), "--year", str(this_year),
                   "--json", out_json, "--csv-dir", csv_dir, "--lab", f"labX={NOLAB}"])
    R.check("cli: plateau-gateway usage exits 0 with the service stopped", cli.returncode == 0, cli.stderr)
    cli_report = json.load(open(out_json)) if cli.returncode == 0 else {"labs": [], "cluster": [], "unassigned": []}
    check_report("cli", cli_report, totals, years, unassigned=False)  # labX takes the login in no lab
    labx = [l for l in cli_report["labs"] if l["lab"] == "labX"]
    R.check("cli: --lab adds a lab to the file's (the login in no lab of the file)",
            len(labx) == 1 and close(labx[0]["years"][0]["total"]["cpu_hours"], 16.0), labx)
    R.check("cli: same lab figures as the API", [l for l in cli_report["labs"] if l["lab"] != "labX"] == report["labs"])
    rows = list(csv.reader(io.StringIO(open(os.path.join(csv_dir, "labA.csv"), newline="").read())))
    raw = open(os.path.join(csv_dir, "labA.csv"), "rb").read()
    R.check("cli: labA.csv is RFC 4180 (CRLF, a header, same number of fields per row)",
            raw.endswith(b"\r\n") and rows[0][:4] == ["lab", "year", "login", "jobs"] and len({len(r) for r in rows}) == 1, rows[:2])
    want = totals.get(("labA", prev), zero())
    total_row = [r for r in rows if r[1] == str(prev) and r[2] == "*"]
    R.check("cli: labA.csv lab row of the previous year = the independent CPU- and GPU-hours",
            total_row and abs(float(total_row[0][4]) - want["cpu_hours"]) < 0.0015
            and abs(float(total_row[0][5]) - want["gpu_hours"]) < 0.0015 and int(total_row[0][3]) == want["jobs"], (total_row, want))
    R.check("api and cli: the same CSV bytes", csv_api.body == raw)

    # Discovery: no jobcomp file given, no accounting database: scontrol's JobCompLoc is read.
    auto = run_cli(["usage", "--source", "auto", "--no-store", "--year", str(this_year), "--lab", f"labA={A},{B}"])
    R.check("cli: --source auto finds the job completion log through scontrol", auto.returncode == 0, auto.stderr)
    if auto.returncode == 0:
        got = json.loads(auto.stdout)
        live = expected_totals(records_of(open(log_path).read(), {}), [this_year])
        R.check("cli: its labA figures match the live log's", same_figures(got["labs"][0]["years"][0]["total"],
                                                                           dict(live.get(("labA", this_year), zero()),
                                                                                energy_kwh=got["labs"][0]["years"][0]["total"]["energy_kwh"])),
                (got["labs"][0]["years"][0]["total"], live.get(("labA", this_year))))
    bad = run_cli(["usage", "--lab", "nologins"])
    R.check("cli: a malformed --lab exits 2 with one error line",
            bad.returncode == 2 and bad.stderr.count("error") == 1, (bad.returncode, bad.stderr))


if __name__ == "__main__":
    main()
