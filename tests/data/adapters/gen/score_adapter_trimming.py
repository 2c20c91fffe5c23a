#!/usr/bin/python3
"""Score adapter trimming of paired reads against the truth TSV from splice_adapters.py.

Usage: score_adapter_trimming.py TRUTH.tsv OUT_R1.fq[.gz] OUT_R2.fq[.gz] [options]

Reads are matched to the truth by name: the first whitespace-separated word of the header, with a
trailing /1 or /2 removed (so fastp's output, which keeps the input names, works as is). Pairs the
tool dropped (filters) are simply absent; reads written unchanged are fine. The trimmer is assumed
to cut only at the 3' end (the read length is the only signal, as with fastp's default settings),
so for a read of input length L, adapter start a (-1 = no adapter) and output length n:
  adapter bases left       = max(0, n - a)
  adapter bases removed    = (L - a) - left
  over-trimmed into insert = n < a        (bases lost: a - n)
  false 3' trim            = a == -1 and n < L
All figures count R1 and R2 separately. "removed %" is over the adapter bases of reads the tool
wrote (adapter bases of dropped reads are reported on their own line and are not counted as removed).

Exit status: 0 when --min-removed-pct and --max-false-trim-pct (and --max-over-trim-pct, if given)
are met, 1 when not, 2 on bad input (unknown read names, reads longer than the input, ...).
"""

import argparse
import array
import gzip
import io
import json
import shutil
import subprocess
import sys


class Failure(Exception):
    pass


def open_in(path):
    """Binary reader; .gz through `pigz -dc` when available. Returns (stream, process or None)."""
    if path.endswith(".gz"):
        pigz = shutil.which("pigz")
        if pigz:
            proc = subprocess.Popen([pigz, "-dc", path], stdout=subprocess.PIPE, bufsize=1 << 20)
            return proc.stdout, proc
        return io.BufferedReader(gzip.open(path, "rb"), 1 << 20), None
    return open(path, "rb", buffering=1 << 20), None


def close_in(stream, proc, path):
    stream.close()
    if proc is not None and proc.wait() != 0:
        raise Failure(f"{path}: decompression failed (pigz exit status {proc.returncode})")


def read_name(header):
    name = header[1:].split(None, 1)[0] if len(header) > 1 else b""
    if name.endswith(b"/1") or name.endswith(b"/2"):
        name = name[:-2]
    return name


def load_truth(path):
    index = {}
    start, len1, len2 = array.array("i"), array.array("i"), array.array("i")
    stream, proc = open_in(path)
    for lineno, line in enumerate(stream, 1):
        if line.startswith(b"#") or not line.strip():
            continue
        fields = line.split(b"\t")
        if len(fields) < 4:
            raise Failure(f"{path}:{lineno}: expected 4 tab-separated fields")
        name = fields[0]
        if name in index:
            raise Failure(f"{path}:{lineno}: duplicate pair name {name.decode()}")
        index[name] = len(start)
        start.append(int(fields[1]))
        len1.append(int(fields[2]))
        len2.append(int(fields[3]))
    close_in(stream, proc, path)
    if not index:
        raise Failure(f"{path}: no pairs")
    return index, start, (len1, len2)


def scan_output(path, index, starts, lengths, seen, m):
    """Adds one mate's output to the counters in m; seen[i] marks pair i as written."""
    stream, proc = open_in(path)
    get = index.get
    unknown = longer = dup = 0
    first_unknown = None
    left = removed_ok = over_reads = over_bases = false_reads = false_bases = 0
    reads_with_left = 0
    readline = stream.readline
    while True:
        head = readline()
        if not head:
            break
        if head in (b"\n", b"\r\n"):
            continue
        seq = readline()
        readline()
        if not readline() or not head.startswith(b"@"):
            raise Failure(f"{path}: malformed FASTQ (truncated record or missing '@')")
        i = get(read_name(head))
        if i is None:
            unknown += 1
            if first_unknown is None:
                first_unknown = read_name(head).decode("ascii", "replace")
            continue
        if seen[i]:
            dup += 1
            continue
        seen[i] = 1
        n = len(seq.rstrip(b"\r\n"))
        a, full = starts[i], lengths[i]
        if n > full:
            longer += 1
            continue
        if a < 0:
            if n < full:
                false_reads += 1
                false_bases += full - n
        else:
            if n > a:
                left += n - a
                reads_with_left += 1
            elif n < a:
                over_reads += 1
                over_bases += a - n
    close_in(stream, proc, path)
    if unknown:
        raise Failure(f"{path}: {unknown} read(s) not in the truth table (first: {first_unknown})")
    if dup:
        raise Failure(f"{path}: {dup} read name(s) occur more than once")
    if longer:
        raise Failure(f"{path}: {longer} read(s) longer than in the input")
    m["adapter_bases_left"] += left
    m["reads_with_adapter_left"] += reads_with_left
    m["over_trimmed_reads"] += over_reads
    m["over_trimmed_bases"] += over_bases
    m["false_trimmed_reads"] += false_reads
    m["false_trimmed_bases"] += false_bases


def score(truth, out1, out2):
    index, starts, lengths = load_truth(truth)
    m = {k: 0 for k in ("adapter_bases_left", "reads_with_adapter_left", "over_trimmed_reads",
                        "over_trimmed_bases", "false_trimmed_reads", "false_trimmed_bases")}
    npairs = len(starts)
    seen = [bytearray(npairs), bytearray(npairs)]
    for mate, path in ((0, out1), (1, out2)):
        scan_output(path, index, starts, lengths[mate], seen[mate], m)
    adapter_reads = adapter_bases = 0
    written_adapter_reads = written_adapter_bases = written_clean_reads = 0
    dropped_adapter_bases = written_reads = 0
    for mate in (0, 1):
        ln, sn = lengths[mate], seen[mate]
        for i in range(npairs):
            a = starts[i]
            if a >= 0:
                bases = ln[i] - a
                adapter_reads += 1
                adapter_bases += bases
                if sn[i]:
                    written_adapter_reads += 1
                    written_adapter_bases += bases
                else:
                    dropped_adapter_bases += bases
            elif sn[i]:
                written_clean_reads += 1
        written_reads += sum(sn)
    removed = written_adapter_bases - m["adapter_bases_left"]
    m.update({
        "pairs": npairs,
        "reads_in": 2 * npairs,
        "reads_out": written_reads,
        "adapter_reads_in": adapter_reads,
        "adapter_bases_in": adapter_bases,
        "adapter_reads_out": written_adapter_reads,
        "adapter_bases_in_written_reads": written_adapter_bases,
        "adapter_bases_in_dropped_reads": dropped_adapter_bases,
        "adapter_bases_removed": removed,
        "adapter_bases_removed_pct": 100.0 * removed / written_adapter_bases if written_adapter_bases else 100.0,
        "adapter_free_reads_out": written_clean_reads,
        "false_trimmed_pct": 100.0 * m["false_trimmed_reads"] / written_clean_reads if written_clean_reads else 0.0,
        "over_trimmed_pct": (100.0 * m["over_trimmed_reads"] / written_adapter_reads
                             if written_adapter_reads else 0.0),
    })
    return m


def report(m, label):
    p = f"[{label}] " if label else ""
    print(f"{p}reads: {m['reads_in']} in ({m['pairs']} pairs), {m['reads_out']} written, "
          f"{m['reads_in'] - m['reads_out']} dropped")
    print(f"{p}adapter bases in input: {m['adapter_bases_in']} in {m['adapter_reads_in']} reads "
          f"({m['adapter_bases_in_dropped_reads']} of them in {m['adapter_reads_in'] - m['adapter_reads_out']} "
          f"dropped reads)")
    print(f"{p}adapter bases removed: {m['adapter_bases_removed']} of {m['adapter_bases_in_written_reads']} "
          f"in written reads ({m['adapter_bases_removed_pct']:.3f}%)")
    print(f"{p}adapter bases left: {m['adapter_bases_left']} in {m['reads_with_adapter_left']} reads")
    print(f"{p}adapter-free reads trimmed at 3' end: {m['false_trimmed_reads']} of {m['adapter_free_reads_out']} "
          f"({m['false_trimmed_pct']:.4f}%), {m['false_trimmed_bases']} bases")
    print(f"{p}reads over-trimmed into the insert: {m['over_trimmed_reads']} of {m['adapter_reads_out']} "
          f"adapter reads ({m['over_trimmed_pct']:.3f}%), {m['over_trimmed_bases']} insert bases lost")


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("truth", help="truth TSV from splice_adapters.py (.gz ok)")
    p.add_argument("out1", help="trimmed R1 FASTQ (.gz ok)")
    p.add_argument("out2", help="trimmed R2 FASTQ (.gz ok)")
    p.add_argument("--min-removed-pct", type=float, default=99.0,
                   help="fail if fewer adapter bases are removed (default 99)")
    p.add_argument("--max-false-trim-pct", type=float, default=0.05,
                   help="fail if more adapter-free reads are 3'-trimmed (default 0.05)")
    p.add_argument("--max-over-trim-pct", type=float, default=None,
                   help="fail if more adapter reads are cut into the insert (default: no limit)")
    p.add_argument("--json", help="also write the figures to this JSON file")
    p.add_argument("--label", default="", help="prefix for the printed lines (e.g. the tool name)")
    args = p.parse_args(argv)
    try:
        m = score(args.truth, args.out1, args.out2)
    except (Failure, OSError, ValueError) as e:
        print(f"score_adapter_trimming.py: error: {e}", file=sys.stderr)
        return 2
    failures = []
    if m["adapter_bases_removed_pct"] < args.min_removed_pct:
        failures.append(f"adapter bases removed {m['adapter_bases_removed_pct']:.3f}% < {args.min_removed_pct}%")
    if m["false_trimmed_pct"] > args.max_false_trim_pct:
        failures.append(f"false 3' trims {m['false_trimmed_pct']:.4f}% > {args.max_false_trim_pct}%")
    if args.max_over_trim_pct is not None and m["over_trimmed_pct"] > args.max_over_trim_pct:
        failures.append(f"over-trimmed reads {m['over_trimmed_pct']:.3f}% > {args.max_over_trim_pct}%")
    m["thresholds"] = {"min_removed_pct": args.min_removed_pct, "max_false_trim_pct": args.max_false_trim_pct,
                       "max_over_trim_pct": args.max_over_trim_pct}
    m["pass"] = not failures
    m["failures"] = failures
    report(m, args.label)
    p_ = f"[{args.label}] " if args.label else ""
    print(f"{p_}result: {'PASS' if not failures else 'FAIL: ' + '; '.join(failures)}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(m, f, indent=1, sort_keys=True)
            f.write("\n")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
