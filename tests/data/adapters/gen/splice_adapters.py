#!/usr/bin/python3
"""Make paired-end reads with adapter read-through at known positions, plus a truth table.

Two modes (see tests/data/adapters/README.md for the data provenance):

  simulate  draw read pairs from a reference FASTA(.gz): fragment length ~ N(mean, sd);
            R1 = fragment start (forward), R2 = fragment end (reverse-complemented);
            Illumina-like Phred+33 qualities that decline along the read, and substitution
            errors drawn from those qualities (P(error) = 10^(-Q/10)).
  splice    take existing paired FASTQ(.gz) (e.g. from ART) and give a share of the pairs
            adapter read-through, keeping the original quality strings.

In both modes a pair chosen for read-through (probability --adapter-share) gets an insert I drawn
uniformly from [--min-insert, L-1] (L = the shorter read of the pair):
  R1 = insert + ADAPTER_R1 + random filler, cut to L
  R2 = revcomp(insert) + ADAPTER_R2 + random filler, cut to L
In splice mode the insert is R1[:I] of the original pair. With the default --error-model quality,
substitutions are drawn (from each base's quality) in every base the script writes itself: the
adapter and filler of both reads and R2's copy of the insert, so the read-through part looks sequenced.

Truth TSV (tab-separated, one line per pair, '#' header):
  pair  adapter_start  r1_len  r2_len
adapter_start is the 0-based position in both R1 and R2 where the adapter begins (= insert length);
-1 for adapter-free pairs. Reads are named sim:<n> (n = 1, 2, ...; the same name in R1 and R2), so the
name carries nothing a trimmer could use; --keep-names keeps the input names in splice mode.

Output ending in .gz is gzip-compressed (pigz when it is on PATH, else Python's gzip), level
--gzip-level (default 1). Same arguments and seed => same reads (only random.random() is used,
whose sequence is stable across Python versions).

Examples:
  splice_adapters.py simulate --ref lambda_virus.fa.gz --pairs 20000 --seed 7 \\
      --out1 r1.fq.gz --out2 r2.fq.gz --truth truth.tsv
  splice_adapters.py splice --in1 art1.fq --in2 art2.fq --adapter-share 0.1 --seed 42 \\
      --out1 r1.fq.gz --out2 r2.fq.gz --truth truth.tsv
"""

import argparse
import gzip
import io
import math
import random
import shutil
import subprocess
import sys
import time

ADAPTER_R1 = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA"  # TruSeq, read 1 side
ADAPTER_R2 = "AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT"  # TruSeq, read 2 side

_RC = str.maketrans("ACGTNacgtn", "TGCANtgcan")
_BASES = "ACGT"
# Error probability per Phred score, capped at 0.75 (a uniformly random base).
_PERR = [min(0.75, 10.0 ** (-q / 10.0)) for q in range(94)]


def revcomp(seq):
    return seq.translate(_RC)[::-1]


class Failure(Exception):
    pass


# ----------------------------------------------------------------------------------------------
# I/O: gzip through pigz when available (much faster than Python's zlib for our sizes)


class _Pipe:
    """A binary stream to or from a pigz process; close() checks its exit status."""

    def __init__(self, proc, stream, what):
        self._proc, self._stream, self._what = proc, stream, what

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def __iter__(self):
        return iter(self._stream)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._stream.close()
        if self._proc.wait() != 0:
            raise Failure(f"pigz failed ({self._what}), exit status {self._proc.returncode}")


def open_in(path):
    if path.endswith(".gz"):
        pigz = shutil.which("pigz")
        if pigz:
            proc = subprocess.Popen([pigz, "-dc", path], stdout=subprocess.PIPE, bufsize=1 << 20)
            return _Pipe(proc, proc.stdout, f"reading {path}")
        return io.BufferedReader(gzip.open(path, "rb"), 1 << 20)
    return open(path, "rb", buffering=1 << 20)


def open_out(path, level, threads):
    if path.endswith(".gz"):
        pigz = shutil.which("pigz")
        if pigz:
            out = open(path, "wb")
            proc = subprocess.Popen([pigz, "-c", "-n", f"-{level}", "-p", str(threads)],
                                    stdin=subprocess.PIPE, stdout=out, bufsize=1 << 20)
            out.close()  # the child holds its own descriptor
            return _Pipe(proc, proc.stdin, f"writing {path}")
        return io.BufferedWriter(gzip.GzipFile(path, "wb", compresslevel=level, mtime=0), 1 << 20)
    return open(path, "wb", buffering=1 << 20)


def read_fastq(stream, path):
    """Yields (header_bytes_without_at, seq_str, qual_str)."""
    lineno = 0
    while True:
        head = stream.readline()
        if not head:
            return
        lineno += 1
        if head.strip() == b"":
            continue  # tolerate blank lines (e.g. at the end of a file)
        seq = stream.readline()
        plus = stream.readline()
        qual = stream.readline()
        if not head.startswith(b"@") or not plus.startswith(b"+") or not qual:
            raise Failure(f"{path}: malformed FASTQ record near line {lineno}")
        seq = seq.rstrip(b"\r\n").decode("ascii")
        qual = qual.rstrip(b"\r\n").decode("ascii")
        if len(seq) != len(qual):
            raise Failure(f"{path}: sequence and quality lengths differ near line {lineno}")
        lineno += 3
        yield head[1:].rstrip(b"\r\n"), seq, qual


def pair_name(header):
    name = header.split(None, 1)[0] if header else b""
    if name.endswith(b"/1") or name.endswith(b"/2"):
        name = name[:-2]
    return name.decode("ascii")


# ----------------------------------------------------------------------------------------------
# Random helpers (random.random() only, so the stream is stable across Python versions)


def rand_int(rng, n):
    """Uniform integer in [0, n)."""
    return min(n - 1, int(rng.random() * n))


def rand_normal(rng):
    """Standard normal deviate (Box-Muller)."""
    u1 = rng.random()
    while u1 <= 1e-300:
        u1 = rng.random()
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * rng.random())


def random_bases(rng, n):
    return "".join(_BASES[rand_int(rng, 4)] for _ in range(n))


def add_errors(rng, bases, qual, start, end):
    """Substitutes bases[start:end] (a list) with probability 10^(-Q/10) from qual (a str).

    Uses thinning: candidate positions at the highest rate in the range, each accepted with
    p(Q)/p_max, so high-quality stretches cost a few random numbers instead of one per base.
    """
    if end <= start:
        return
    qb = qual.encode("ascii")
    pmax = _PERR[min(qb[start:end]) - 33]
    if pmax <= 0.0:
        return
    log_keep = math.log1p(-pmax)
    i = start - 1
    while True:
        u = rng.random()
        i += 1 + (int(math.log1p(-u) / log_keep) if u > 0.0 else 0)
        if i >= end:
            return
        if rng.random() * pmax < _PERR[qb[i] - 33]:
            old = bases[i]
            choices = [b for b in _BASES if b != old] if old in _BASES else list(_BASES)
            bases[i] = choices[rand_int(rng, len(choices))]


def read_through(rng, insert, length, adapter, after=""):
    """insert + adapter + `after` (e.g. index and flow-cell primer) + random filler, cut to length."""
    s = insert + adapter + after
    if len(s) < length:
        s += random_bases(rng, length - len(s))
    return s[:length]


# ----------------------------------------------------------------------------------------------
# Quality model (simulate mode)


def make_quality_templates(rng, length, count, mate, bad_read_rate):
    """Illumina-1.8-like Phred+33 quality strings for one mate.

    Mean Q falls from ~37.5 (R1) / ~36 (R2) at the start to ~31.5 / ~28 at the end, with a per-read
    offset, per-base noise, rare single-base dips, a low-quality tail in 4% of reads, and a share of
    uniformly bad reads (mean Q ~12) that default quality filters should drop.
    """
    top, drop = (37.5, 6.0) if mate == 1 else (36.0, 8.0)
    templates = []
    for _ in range(count):
        if rng.random() < bad_read_rate:
            q = [max(2, min(41, int(round(12 + 6 * rand_normal(rng))))) for _ in range(length)]
        else:
            offset = 1.5 * rand_normal(rng)
            q = []
            for i in range(length):
                x = i / max(1, length - 1)
                mean = top - drop * x * x - (2.0 if i < 3 else 0.0)
                v = int(round(mean + offset + 2.2 * rand_normal(rng)))
                if rng.random() < 0.003:
                    v = 2 + rand_int(rng, 14)
                q.append(max(2, min(41, v)))
            if rng.random() < 0.04:
                crash = int(length * (0.7 + 0.3 * rng.random()))
                for i in range(crash, length):
                    q[i] = 2 + rand_int(rng, 11)
        templates.append("".join(chr(33 + v) for v in q))
    return templates


def load_fasta(path):
    records, name, chunks = [], None, []
    with open_in(path) as f:
        for line in f:
            line = line.rstrip(b"\r\n")
            if line.startswith(b">"):
                if name is not None:
                    records.append((name, "".join(chunks)))
                name, chunks = line[1:].decode("ascii", "replace"), []
            elif name is not None:
                chunks.append(line.decode("ascii", "replace").upper())
    if name is not None:
        records.append((name, "".join(chunks)))
    table = str.maketrans({c: "N" for c in "BDEFHIJKLMOPQRSUVWXYZ"})
    records = [(n, s.translate(table)) for n, s in records if s]
    if not records:
        raise Failure(f"{path}: no sequences")
    return records


# ----------------------------------------------------------------------------------------------
# Modes


class Stats:
    def __init__(self):
        self.pairs = self.adapter_pairs = self.adapter_bases = 0
        self.insert_min, self.insert_max = None, None

    def add(self, start, l1, l2):
        self.pairs += 1
        if start >= 0:
            self.adapter_pairs += 1
            self.adapter_bases += (l1 - start) + (l2 - start)
            self.insert_min = start if self.insert_min is None else min(self.insert_min, start)
            self.insert_max = start if self.insert_max is None else max(self.insert_max, start)


def write_record(out, name, seq, qual):
    out.write(b"@%s\n%s\n+\n%s\n" % (name, seq.encode("ascii"), qual.encode("ascii")))


def run_simulate(args, rng, out1, out2, truth, stats):
    records = load_fasta(args.ref)
    L = args.read_length
    longest = max(len(s) for _, s in records)
    if longest < L:
        raise Failure(f"{args.ref}: longest sequence ({longest} bp) is shorter than the read length {L}")
    quals1 = make_quality_templates(rng, L, args.quality_templates, 1, args.bad_read_rate)
    quals2 = make_quality_templates(rng, L, args.quality_templates, 2, args.bad_read_rate)
    cumulative, total = [], 0
    for _, s in records:
        total += len(s)
        cumulative.append(total)

    def draw_fragment(length):
        while True:
            x = rand_int(rng, total)
            k = next(i for i, c in enumerate(cumulative) if x < c) if len(records) > 1 else 0
            seq = records[k][1]
            if len(seq) >= length:
                break
        pos = rand_int(rng, len(seq) - length + 1)
        frag = seq[pos:pos + length]
        return revcomp(frag) if rng.random() < 0.5 else frag

    for n in range(1, args.pairs + 1):
        if rng.random() < args.adapter_share:
            start = args.min_insert + rand_int(rng, L - args.min_insert)
            frag = draw_fragment(start)
            r1 = read_through(rng, frag, L, args.adapter_r1, args.after_adapter)
            r2 = read_through(rng, revcomp(frag), L, args.adapter_r2, args.after_adapter)
        else:
            start = -1
            while True:
                flen = int(round(args.insert_mean + args.insert_sd * rand_normal(rng)))
                if L <= flen <= longest:
                    break
            frag = draw_fragment(flen)
            r1 = frag[:L]
            r2 = revcomp(frag)[:L]
        q1 = quals1[rand_int(rng, len(quals1))]
        q2 = quals2[rand_int(rng, len(quals2))]
        reads = []
        for seq, qual in ((r1, q1), (r2, q2)):
            bases = list(seq)
            if args.error_model == "quality":
                add_errors(rng, bases, qual, 0, L)
            if "N" in seq:
                qual = "".join("#" if b == "N" else c for b, c in zip(bases, qual))
            reads.append(("".join(bases), qual))
        name = f"sim:{n}".encode("ascii")
        write_record(out1, name, *reads[0])
        write_record(out2, name, *reads[1])
        truth.write(f"sim:{n}\t{start}\t{L}\t{L}\n".encode("ascii"))
        stats.add(start, L, L)


def run_splice(args, rng, out1, out2, truth, stats):
    in1, in2 = open_in(args.in1), open_in(args.in2)
    try:
        it2 = read_fastq(in2, args.in2)
        n = 0
        for h1, s1, q1 in read_fastq(in1, args.in1):
            try:
                h2, s2, q2 = next(it2)
            except StopIteration:
                raise Failure(f"{args.in2} has fewer reads than {args.in1}") from None
            n += 1
            name1, name2 = pair_name(h1), pair_name(h2)
            if name1 != name2:
                raise Failure(f"pair {n}: read names differ ({name1} / {name2})")
            if args.keep_names:
                name, head1, head2 = name1, h1, h2
            else:
                name = f"sim:{n}"
                head1 = head2 = name.encode("ascii")
            l1, l2 = len(s1), len(s2)
            shorter = min(l1, l2)
            start = -1
            if rng.random() < args.adapter_share and shorter > args.min_insert:
                start = args.min_insert + rand_int(rng, shorter - args.min_insert)
                insert = s1[:start]
                b1 = list(read_through(rng, insert, l1, args.adapter_r1, args.after_adapter))
                b2 = list(read_through(rng, revcomp(insert), l2, args.adapter_r2, args.after_adapter))
                if args.error_model == "quality":
                    add_errors(rng, b1, q1, start, l1)
                    add_errors(rng, b2, q2, 0, l2)
                s1, s2 = "".join(b1), "".join(b2)
            write_record(out1, head1, s1, q1)
            write_record(out2, head2, s2, q2)
            truth.write(f"{name}\t{start}\t{l1}\t{l2}\n".encode("ascii"))
            stats.add(start, l1, l2)
        for _ in it2:
            raise Failure(f"{args.in2} has more reads than {args.in1}")
    finally:
        in1.close()
        in2.close()


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="mode", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--out1", required=True, help="R1 output FASTQ (.gz = compressed)")
    common.add_argument("--out2", required=True, help="R2 output FASTQ (.gz = compressed)")
    common.add_argument("--truth", required=True, help="truth TSV output (.gz = compressed)")
    common.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    common.add_argument("--adapter-share", type=float, default=0.1,
                        help="probability that a pair gets adapter read-through (default 0.1)")
    common.add_argument("--adapter-r1", default=ADAPTER_R1, help="adapter read through in R1 (default TruSeq)")
    common.add_argument("--adapter-r2", default=ADAPTER_R2, help="adapter read through in R2 (default TruSeq)")
    common.add_argument("--after-adapter", default="",
                        help="fixed bases after the adapter, before the random filler (default none)")
    common.add_argument("--min-insert", type=int, default=15,
                        help="shortest insert of a read-through pair (default 15 = fastp's -l)")
    common.add_argument("--error-model", choices=("quality", "none"), default="quality",
                        help="substitutions drawn from base qualities in generated bases (default quality)")
    common.add_argument("--gzip-level", type=int, default=1, choices=range(1, 10), metavar="1-9",
                        help="gzip level for .gz outputs (default 1)")
    common.add_argument("--gzip-threads", type=int, default=2, help="pigz threads per output (default 2)")
    sim = sub.add_parser("simulate", parents=[common], help="simulate pairs from a reference FASTA(.gz)")
    sim.add_argument("--ref", required=True, help="reference FASTA (.gz ok)")
    sim.add_argument("--pairs", type=int, required=True, help="number of read pairs")
    sim.add_argument("--read-length", type=int, default=150, help="read length L (default 150)")
    sim.add_argument("--insert-mean", type=float, default=300.0,
                     help="mean fragment length of adapter-free pairs (default 300)")
    sim.add_argument("--insert-sd", type=float, default=60.0, help="fragment length sd (default 60)")
    sim.add_argument("--bad-read-rate", type=float, default=0.005,
                     help="share of reads with uniformly low quality (default 0.005)")
    sim.add_argument("--quality-templates", type=int, default=4000,
                     help="quality strings drawn per mate at start-up (default 4000)")
    spl = sub.add_parser("splice", parents=[common], help="splice adapters into existing pairs")
    spl.add_argument("--in1", required=True, help="R1 FASTQ input (.gz ok)")
    spl.add_argument("--in2", required=True, help="R2 FASTQ input (.gz ok)")
    spl.add_argument("--keep-names", action="store_true", help="keep input read names (default: sim:<n>)")
    args = p.parse_args(argv)
    if not 0.0 <= args.adapter_share <= 1.0:
        p.error("--adapter-share must be in [0, 1]")
    if args.min_insert < 1:
        p.error("--min-insert must be >= 1")
    if args.mode == "simulate":
        if args.pairs < 0 or args.read_length < 2 or args.quality_templates < 1:
            p.error("--pairs >= 0, --read-length >= 2 and --quality-templates >= 1 are required")
        if args.min_insert >= args.read_length:
            p.error("--min-insert must be shorter than --read-length")
        if args.insert_sd < 0 or args.insert_mean + 3 * args.insert_sd < args.read_length:
            p.error("--insert-mean/--insert-sd give almost no fragments >= the read length")
    return args


def main(argv):
    args = parse_args(argv)
    rng = random.Random(args.seed)
    t0 = time.monotonic()
    stats = Stats()
    try:
        out1 = open_out(args.out1, args.gzip_level, args.gzip_threads)
        out2 = open_out(args.out2, args.gzip_level, args.gzip_threads)
        truth = open_out(args.truth, args.gzip_level, 1)
        try:
            truth.write(b"#pair\tadapter_start\tr1_len\tr2_len\n")
            (run_simulate if args.mode == "simulate" else run_splice)(args, rng, out1, out2, truth, stats)
        finally:
            for f in (out1, out2, truth):
                f.close()
    except (Failure, OSError) as e:
        print(f"splice_adapters.py: error: {e}", file=sys.stderr)
        return 1
    inserts = f", inserts {stats.insert_min}-{stats.insert_max}" if stats.adapter_pairs else ""
    print(f"splice_adapters.py {args.mode}: {stats.pairs} pairs, {stats.adapter_pairs} with read-through "
          f"({100.0 * stats.adapter_pairs / max(1, stats.pairs):.2f}%{inserts}), "
          f"{stats.adapter_bases} adapter bases, seed {args.seed}, {time.monotonic() - t0:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
