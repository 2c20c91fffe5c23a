"""The Galaxy configuration the README and docs/gateway.md tell an administrator to use is valid:
every YAML block that configures a pulsar_rest runner parses, loads Galaxy's Pulsar REST runner,
and its default environment uses that runner with a URL and a token; every repository file the
documented shell commands copy or install exists; the unit file starts the gateway with the
configuration path the commands create. Run with /usr/bin/python3 (python3-yaml)."""
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from check_report import Report  # noqa: E402

SRC = os.environ.get("PLATEAU_SRC", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PULSAR_REST = "galaxy.jobs.runners.pulsar:PulsarRESTJobRunner"
R = Report()


def blocks(text, lang):
    return re.findall(r"```" + lang + r"\n(.*?)```", text, re.S)


def check_job_conf(where, block):
    conf = yaml.safe_load(block)
    runners = conf.get("runners", {})
    pulsar = [name for name, r in runners.items() if r.get("load") == PULSAR_REST]
    R.check(len(pulsar) == 1, f"{where}: one runner loads {PULSAR_REST}", str(runners))
    envs = conf.get("execution", {}).get("environments", {})
    default = envs.get(conf.get("execution", {}).get("default"), {})
    R.check(pulsar and default.get("runner") == pulsar[0], f"{where}: the default environment uses the Pulsar runner", str(default))
    R.check(re.match(r"https?://[^/]+(:\d+)?/$", str(default.get("url", ""))) is not None,
            f"{where}: the destination URL is http(s)://host[:port]/", str(default.get("url")))
    R.check(bool(default.get("private_token")), f"{where}: the destination has a private_token")
    R.check(default.get("default_file_action", "transfer") == "transfer", f"{where}: files are transferred (no remote staging)")
    for rule in conf.get("tools", []):
        R.check(rule.get("environment") in envs, f"{where}: tool {rule.get('id')} names an existing environment")
        R.check(envs.get(rule.get("environment"), {}).get("runner") in runners,
                f"{where}: environment {rule.get('environment')} names an existing runner")


def check_commands(where, block):
    for path in re.findall(r"\b((?:tools|scripts|containers)/[\w./-]+)", block):
        R.check(os.path.exists(os.path.join(SRC, path)), f"{where}: {path} exists in the repository")


def main():
    found = 0
    for doc in ("README.md", "docs/gateway.md"):
        text = open(os.path.join(SRC, doc), encoding="utf-8").read()
        for block in blocks(text, "yaml"):
            if PULSAR_REST in block:
                found += 1
                check_job_conf(doc, block)
        for block in blocks(text, "sh"):
            if "plateau-gateway" in block:
                check_commands(doc, block)
    R.check(found >= 2, "README.md and docs/gateway.md each show a job_conf.yml", f"{found} found")
    unit = open(os.path.join(SRC, "tools/plateau-gateway/plateau-gateway.service"), encoding="utf-8").read()
    R.check(re.search(r"^ExecStart=\S*plateau-gateway --config /etc/plateau-gateway/gateway.ini$", unit, re.M) is not None,
            "the systemd unit starts the gateway with /etc/plateau-gateway/gateway.ini")
    R.check(re.search(r"^KillMode=process$", unit, re.M) is not None, "the unit leaves running jobs alone on restart")
    print(f"# {R.passed} passed, {R.failed} failed")
    return 1 if R.failed else 0


if __name__ == "__main__":
    sys.exit(main())
