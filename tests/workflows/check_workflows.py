#!/usr/bin/python3
"""Checks the GitHub workflows, which cannot run here: each file parses as YAML and has the shape
GitHub requires (a trigger, jobs with runs-on and steps, each step a `run` or a `uses`), actions
are pinned to a version, and every repository path a workflow names exists: scripts, Dockerfiles,
definition files, wrapper folders and test-data in `run` scripts and in `with:` inputs. Paths under
build*/ (build outputs) and files a step creates itself are not looked for. ctest labels given to
-L/-LE must be labels that tests/CMakeLists.txt defines. A job that publishes a GitHub release
(softprops/action-gh-release) must run for version tags only, with contents: write, attach files,
and take its notes from a file that a step of the same job writes with scripts/release-notes.sh.

Usage: check_workflows.py [--root REPO] [WORKFLOW.yml...]   (default: REPO/.github/workflows/*.yml)
Prints one line per check, then "N passed, N failed"; exits 1 on any failure.
Run with /usr/bin/python3 (Debian's python3-yaml).
"""
import argparse
import glob
import os
import re
import sys

import yaml
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from check_report import Report  # noqa: E402

# Top-level folders and files of the repository that a workflow may name.
REPO_PREFIXES = ("scripts/", "containers/", "galaxy-wrappers/", "tests/", ".ci/", ".github/", "docs/",
                 "src/", "tools/", "cmake/", "bench/")
REPO_FILES = ("CMakeLists.txt", "README.md", "CHANGELOG.md")
PATH_RE = re.compile(r"(?<![\w$./{-])((?:%s)[\w.*/@+-]*|(?:%s))(?![\w/-])"
                     % ("|".join(re.escape(p) for p in REPO_PREFIXES), "|".join(re.escape(f) for f in REPO_FILES)))
LABEL_RE = re.compile(r"(?:^|\s)-L(?:E)?\s+(\S+)")
# Inputs of well-known actions that name repository paths (outputs such as upload paths excluded).
PATH_INPUTS = {"file", "context", "dockerfile", "working-directory", "skip_file", "path-to-def"}


def ctest_labels(root):
    """The LABELS that tests/CMakeLists.txt gives (values with ${...} are left out)."""
    labels = set()
    path = os.path.join(root, "tests", "CMakeLists.txt")
    text = open(path).read() if os.path.isfile(path) else ""
    for m in re.finditer(r'LABELS\s+"?([^"\s)]+)"?', text):
        labels.update(x for x in m.group(1).split(";") if x and "$" not in x)
    return labels


def exists(root, path):
    path = path.rstrip("/.,;:)")
    if any(c in path for c in "*?["):
        return bool(glob.glob(os.path.join(root, path)))
    return os.path.exists(os.path.join(root, path))


def created_in(script, path):
    """True when the script itself makes the path (mkdir, > file, -o file): not a repository path."""
    p = re.escape(path.rstrip("/"))
    return re.search(rf"(mkdir\s+(-p\s+)?\S*{p}|>\s*\S*{p}|-o\s+\S*{p})", script) is not None


def check_workflow(path, root, labels, r):
    name = os.path.relpath(path, root)
    try:
        with open(path) as f:
            doc = yaml.safe_load(f)
    except yaml.YAMLError as e:
        r.check(False, f"{name} parses as YAML", str(e).replace("\n", " "))
        return
    if not r.check(isinstance(doc, dict), f"{name} parses as YAML", "not a mapping"):
        return
    # YAML 1.1 reads the key `on` as True.
    triggers = doc.get("on", doc.get(True))
    r.check(bool(triggers), f"{name}: has triggers (on:)")
    jobs = doc.get("jobs")
    if not r.check(isinstance(jobs, dict) and jobs, f"{name}: has jobs"):
        return
    for job_id, job in jobs.items():
        where = f"{name}: job {job_id}"
        if not r.check(isinstance(job, dict), f"{where} is a mapping"):
            continue
        r.check(bool(job.get("runs-on")), f"{where} has runs-on")
        for need in ([job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs") or []):
            r.check(need in jobs, f"{where} needs an existing job '{need}'")
        steps = job.get("steps")
        if not r.check(isinstance(steps, list) and steps, f"{where} has steps"):
            continue
        bad_steps, unpinned, missing, bad_labels = [], [], [], []
        for i, step in enumerate(steps, 1):
            label = step.get("name") or step.get("uses") or f"step {i}"
            if not isinstance(step, dict) or ("run" in step) == ("uses" in step):
                bad_steps.append(label)
                continue
            texts = []
            if "uses" in step:
                uses = step["uses"]
                if uses.startswith("./"):
                    if not exists(root, uses[2:]):
                        missing.append(uses)
                elif not re.fullmatch(r"[\w.-]+/[\w./-]+@[\w.-]+", uses):
                    unpinned.append(uses)
                for key, value in (step.get("with") or {}).items():
                    if key in PATH_INPUTS and isinstance(value, str) and "${{" not in value:
                        if value not in (".", "") and not exists(root, value):
                            missing.append(f"{label}: with.{key} {value}")
                    elif isinstance(value, str):
                        texts.append(value)
            else:
                texts.append(str(step["run"]))
                wd = step.get("working-directory")
                if wd and not wd.startswith("build") and not exists(root, wd):
                    missing.append(f"{label}: working-directory {wd}")
            for text in texts:
                for m in PATH_RE.finditer(text):
                    p = m.group(1)
                    if not exists(root, p) and not created_in(text, p):
                        missing.append(f"{label}: {p}")
                for m in LABEL_RE.finditer(text):
                    for lab in re.split(r"[|;]", m.group(1)):
                        if lab and lab not in labels:
                            bad_labels.append(f"{label}: {lab}")
        r.check(not bad_steps, f"{where}: every step has exactly one of run/uses", ", ".join(bad_steps))
        r.check(not unpinned, f"{where}: actions are pinned to a version", ", ".join(unpinned))
        r.check(not missing, f"{where}: every repository path it names exists", "; ".join(missing))
        r.check(not bad_labels, f"{where}: ctest labels it selects exist", "; ".join(bad_labels))
    check_release_jobs(name, doc, jobs, r)


RELEASE_ACTION = "softprops/action-gh-release"


def runs_on_tags_only(doc, job, step):
    """True when the workflow is triggered by tag pushes only, or the job or step is guarded by an
    `if:` on refs/tags/."""
    if any("refs/tags/" in str(x.get("if", "")) for x in (job, step)):
        return True
    triggers = doc.get("on", doc.get(True))
    if not isinstance(triggers, dict) or set(triggers) != {"push"}:
        return False
    push = triggers["push"] or {}
    return bool(push.get("tags")) and not push.get("branches") and not push.get("branches-ignore")


def check_release_jobs(name, doc, jobs, r):
    """The checks of a job that publishes a GitHub release (see the module's docstring)."""
    for job_id, job in jobs.items():
        if not isinstance(job, dict):
            continue
        for step in job.get("steps") or []:
            if not isinstance(step, dict) or not str(step.get("uses", "")).startswith(RELEASE_ACTION + "@"):
                continue
            where = f"{name}: job {job_id} (GitHub release)"
            r.check(runs_on_tags_only(doc, job, step), f"{where} runs for version tags only")
            perms = job.get("permissions", doc.get("permissions")) or {}
            r.check(isinstance(perms, dict) and perms.get("contents") == "write",
                    f"{where} has permissions contents: write")
            inputs = step.get("with") or {}
            r.check(bool(str(inputs.get("files", "")).strip()), f"{where} attaches files")
            body = str(inputs.get("body_path", ""))
            writes_notes = any(
                "scripts/release-notes.sh" in str(s.get("run", "")) and re.search(rf">\s*{re.escape(body)}\b", str(s.get("run", "")))
                for s in job.get("steps") or [] if isinstance(s, dict)) if body else False
            r.check(writes_notes, f"{where} takes its notes (body_path) from scripts/release-notes.sh",
                    f"body_path '{body}' is not written by a step running scripts/release-notes.sh")


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.environ.get("PLATEAU_SRC") or
                    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    ap.add_argument("workflows", nargs="*")
    args = ap.parse_args(argv[1:])
    root = os.path.abspath(args.root)
    files = args.workflows or sorted(glob.glob(os.path.join(root, ".github", "workflows", "*.yml")))
    r = Report()
    r.check(bool(files), "there are workflows to check")
    labels = ctest_labels(root)
    for f in files:
        check_workflow(f, root, labels, r)
    print(f"{r.passed} passed, {r.failed} failed")
    return 0 if r.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
