#!/usr/bin/python3
"""plateau-gateway under idle, lazy and slow clients (issue 8, defect 4): /healthz latency from
another address, and one Galaxy-style job, while idle connections, silent kept-alive connections
and slow-header clients hold the server, for each scenario and each binary given, alternating.
Usage: bench/gateway/slow_clients.py [--seconds 30] [--repeats 3] BIN_DIR [BIN_DIR ...]
Prints a table per scenario: probes, share answered 200 within 1 s, p50/p99/max latency, and
how long the job took. Clients are in tests/gateway/slow_load.py (shared with the ctest)."""
import argparse
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../tests/gateway"))
import gateway_client  # noqa: E402
from slow_load import Attackers, probe, summary  # noqa: E402

SCENARIOS = [  # name, idle, keepalive, slow heads, trickled bodies without a token
    ("quiet", 0, 0, 0, 0),
    ("issue target: 500 idle + 100 slow heads", 500, 0, 100, 0),
    ("2000 idle + 500 silent keep-alive + 200 slow heads", 2000, 500, 200, 0),
    ("200 uploads without a token trickling their body", 0, 0, 0, 200),
]


def job_seconds(gw, tag):
    started = time.time()
    job = f"bench-{tag}"
    data = os.urandom(4 << 20)
    try:
        gw.setup(job)
        gw.upload(job, "in.dat", data)
        gw.submit(job, 'sha256sum "$PWD/../inputs/in.dat" > "$PWD/../outputs/sum.txt"')
        ok = gw.wait(job, timeout=120)["status"] == "complete" and gw.download(job, "sum.txt").status == 200
        gw.clean(job)
    except Exception:
        ok = False
    return time.time() - started if ok else None


def run(bin_dir, scenario, seconds, tag):
    gateway_client.GATEWAY = os.path.join(os.path.abspath(bin_dir), "plateau-gateway")
    name, idle, keepalive, slow, body = scenario
    with gateway_client.Gateway() as gw:
        attackers = Attackers(gw.port, gateway_client.TOKEN, idle=idle, keepalive=keepalive, slow=slow, body=body,
                              addresses=20).start()
        result = {}
        job = threading.Thread(target=lambda: result.update(job=job_seconds(gw, tag)))
        job.start()
        latencies = probe(gw.port, gateway_client.TOKEN, seconds)
        job.join(timeout=150)
        attackers.close()
    s = summary(latencies)
    s["job_s"] = result.get("job")
    return s


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", type=int, help="run only scenario N (0-based)")
    parser.add_argument("bins", nargs="+")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; {args.seconds:.0f} s of probes per run,"
          f" {args.repeats} alternating repeats", flush=True)
    for index, scenario in enumerate(SCENARIOS):
        if args.only is not None and index != args.only:
            continue
        runs = {b: [] for b in args.bins}
        for repeat in range(args.repeats):
            order = args.bins if repeat % 2 == 0 else list(reversed(args.bins))
            for b in order:
                s = run(b, scenario, args.seconds, f"{index}-{repeat}")
                runs[b].append(s)
                print(f"  {scenario[0]} | {b} | repeat {repeat + 1}: {s}", flush=True)
        print(f"\n{scenario[0]} (median of {args.repeats})")
        print(f"| binary | probes | 200 within 1 s | p50 ms | p99 ms | max ms | job s |")
        print("|---|---|---|---|---|---|---|")
        for b, rs in runs.items():
            med = lambda key: statistics.median([r[key] if r[key] is not None else float("inf") for r in rs])  # noqa: E731
            print(f"| {b} | {med('probes'):.0f} | {100 * med('ok_fraction'):.1f}% | {med('p50_ms'):.2f} | "
                  f"{med('p99_ms'):.2f} | {med('max_ms'):.1f} | {med('job_s'):.2f} |", flush=True)


if __name__ == "__main__":
    main()
