#!/usr/bin/env bash
# Plateau QC benchmark: plateau-qc against fastp 0.23.2 (Debian) and, with FASTP_LATEST=, the newest
# fastp (1.3.6, built by bench/qc/build_fastp_latest.sh) on 2x150 gzip paired reads with known adapters.
#
# Data (cached in $WORK/data/...): GENOME=ecoli (E. coli K-12 MG1655, 4.64 Mbp) or GENOME=saureus (S. aureus
# N315, 2.81 Mbp), both from Debian ragout-examples -> ART HS25 pairs
# (art_illumina -ss HS25 -p -l 150 -f $FOLD -m 400 -s 50 -rs $ART_SEED -na; FOLD=100 gives ~1.55 M pairs)
# -> splice_adapters.py splice: $ADAPTER_SHARE of the pairs get adapter read-through at known positions.
# Runs: fastp -w $THREADS -z $COMPRESSION and plateau-qc --threads $THREADS --compression $COMPRESSION,
# default filters, adapter trimming on, gz in and out, alternating, $REPEATS times each, `sync` and a
# pause before every run, measured with /usr/bin/time -v. Then the last outputs of each tool are scored
# against the truth with score_adapter_trimming.py and a table is printed (also saved in the run folder).
#
# Usage: bench/qc/bench_qc.sh            (see bench/qc/README.md for the knobs below)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
gen="$repo/tests/data/adapters/gen"
py=/usr/bin/python3

WORK=${WORK:-/tmp/plateau-bench-qc}
DEBDATA=${DEBDATA:-$WORK/debdata}
REPEATS=${REPEATS:-3}
THREADS=${THREADS:-2}
COMPRESSION=${COMPRESSION:-4}
SLEEP=${SLEEP:-3}
GENOME=${GENOME:-ecoli}                  # ecoli | saureus (the second genome of issue 16)
FOLD=${FOLD:-100}
MIN_PAIRS=${MIN_PAIRS:-1500000}
ART_SEED=${ART_SEED:-42}
ADAPTER_SHARE=${ADAPTER_SHARE:-0.10}
SPLICE_SEED=${SPLICE_SEED:-42}
GEN_GZIP_LEVEL=${GEN_GZIP_LEVEL:-4}
ADAPTER_MODE=${ADAPTER_MODE:-default}   # default | detect | given
TOOLS=${TOOLS:-fastp${FASTP_LATEST:+ fastp_latest} plateau}
MIN_REMOVED_PCT=${MIN_REMOVED_PCT:-99}
MAX_FALSE_TRIM_PCT=${MAX_FALSE_TRIM_PCT:-0.05}
STRICT=${STRICT:-0}                     # 1: exit 3 when plateau-qc misses the adapter thresholds
FASTP=${FASTP:-fastp}
FASTP_LATEST=${FASTP_LATEST:-}            # e.g. /work/peers/fastp-v1.3.6/fastp (bench/qc/build_fastp_latest.sh)
FASTP_EXTRA=${FASTP_EXTRA:-}
PLATEAU_EXTRA=${PLATEAU_EXTRA:-}

adapter1=AGATCGGAAGAGCACACGTCTGAACTCCAGTCA
adapter2=AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT

die() { echo "bench_qc.sh: error: $*" >&2; exit 1; }
log() { echo "[bench_qc $(date +%H:%M:%S)] $*" >&2; }

for t in $TOOLS; do
  case $t in fastp|fastp_latest|plateau) ;; *) die "TOOLS may list fastp, fastp_latest and plateau, got '$t'";; esac
done
[[ $REPEATS =~ ^[1-9][0-9]*$ ]] || die "REPEATS must be a positive integer"
case $ADAPTER_MODE in default|detect|given) ;; *) die "ADAPTER_MODE must be default, detect or given";; esac
case $GENOME in
  ecoli)   genome_ref=E.Coli/references/MG1655-K12.fasta.gz ;;
  saureus) genome_ref=S.Aureus/references/N315.fasta.gz ;;
  *) die "GENOME must be ecoli or saureus, got '$GENOME'" ;;
esac
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
[ -x "$py" ] || die "$py is missing"

# --- tools --------------------------------------------------------------------------------------
fastp_bin=""; plateau_bin=""; fastp_latest_bin=""
if [[ " $TOOLS " == *" fastp_latest "* ]]; then
  [ -x "$FASTP_LATEST" ] || die "fastp_latest needs FASTP_LATEST=/path/to/fastp (build it with bench/qc/build_fastp_latest.sh)"
  fastp_latest_bin=$FASTP_LATEST
fi
if [[ " $TOOLS " == *" fastp "* ]]; then
  fastp_bin=$(command -v "$FASTP") || die "fastp not found (set FASTP=)"
fi
if [[ " $TOOLS " == *" plateau "* ]]; then
  if [ -n "${PLATEAU_QC:-}" ]; then
    plateau_bin=$PLATEAU_QC
  else
    for c in "$repo/build/tools/plateau-qc" "$repo/build/bin/plateau-qc" "$repo/build/tools/plateau-qc/plateau-qc"; do
      if [ -f "$c" ] && [ -x "$c" ]; then plateau_bin=$c; break; fi
    done
    if [ -z "$plateau_bin" ] && [ -d "$repo/build" ]; then
      plateau_bin=$(find "$repo/build" -type f -name plateau-qc -perm -u+x 2>/dev/null | head -n1 || true)
    fi
  fi
  if [ -z "$plateau_bin" ] || [ ! -x "$plateau_bin" ]; then
    die "plateau-qc not found: build it, set PLATEAU_QC=/path/to/plateau-qc, or run with TOOLS=fastp"
  fi
fi
for tool in art_illumina pigz; do command -v $tool >/dev/null || die "$tool not found"; done

# --- data -----------------------------------------------------------------------------------------
data="$WORK/data/${GENOME}_art_hs25_l150_f${FOLD}_rs${ART_SEED}_ad${ADAPTER_SHARE}_s${SPLICE_SEED}_z${GEN_GZIP_LEVEL}"
r1="$data/r1.fq.gz"; r2="$data/r2.fq.gz"; truth="$data/truth.tsv"
if [ ! -f "$data/.done" ]; then
  mkdir -p "$data"
  log "fetching ragout-examples into $DEBDATA"
  bash "$repo/tests/data/fetch-debian-data.sh" "$DEBDATA" ragout-examples
  ref_gz="$DEBDATA/ragout-examples/usr/share/doc/ragout/examples/$genome_ref"
  [ -f "$ref_gz" ] || die "missing $ref_gz"
  zcat "$ref_gz" > "$data/ref.fa"
  log "ART: art_illumina -ss HS25 -p -l 150 -f $FOLD -m 400 -s 50 -rs $ART_SEED -na"
  t0=$SECONDS
  art_illumina -ss HS25 -p -l 150 -f "$FOLD" -m 400 -s 50 -rs "$ART_SEED" -na \
    -i "$data/ref.fa" -o "$data/art" > "$data/art.log" 2>&1 || { tail "$data/art.log" >&2; die "art_illumina failed"; }
  log "ART took $((SECONDS - t0)) s"
  t0=$SECONDS
  "$py" "$gen/splice_adapters.py" splice --in1 "$data/art1.fq" --in2 "$data/art2.fq" \
    --adapter-share "$ADAPTER_SHARE" --seed "$SPLICE_SEED" --gzip-level "$GEN_GZIP_LEVEL" \
    --out1 "$r1" --out2 "$r2" --truth "$truth" 2> "$data/splice.log" || { cat "$data/splice.log" >&2; die "splice failed"; }
  cat "$data/splice.log" >&2
  log "splicing took $((SECONDS - t0)) s"
  [ "${KEEP_ART:-0}" = 1 ] || rm -f "$data/art1.fq" "$data/art2.fq"
  rm -f "$data/ref.fa"
  touch "$data/.done"
fi
pairs=$(grep -vc '^#' "$truth")
[ "$pairs" -ge "$MIN_PAIRS" ] || log "warning: only $pairs pairs (< MIN_PAIRS=$MIN_PAIRS); raise FOLD"
reads=$((2 * pairs))

# --- runs -----------------------------------------------------------------------------------------
run_dir="$WORK/runs/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$run_dir"
times="$run_dir/times.tsv"
if [ -n "$plateau_bin" ]; then
  # Snapshot the binary so that a rebuild during the benchmark cannot swap it between runs.
  cp "$plateau_bin" "$run_dir/plateau-qc.bin"
  plateau_src=$plateau_bin
  plateau_bin=$run_dir/plateau-qc.bin
fi
printf 'tool\trepeat\twall_s\tmax_rss_kb\tout_bytes\tload1_before\tcpu_s\n' > "$times"

fastp_adapter=(); plateau_adapter=()
case $ADAPTER_MODE in
  detect) fastp_adapter=(--detect_adapter_for_pe); plateau_adapter=(--detect-adapter-for-pe) ;;
  given)  fastp_adapter=(--adapter_sequence "$adapter1" --adapter_sequence_r2 "$adapter2")
          plateau_adapter=(--adapter-sequence "$adapter1" --adapter-sequence-r2 "$adapter2") ;;
esac

command_for() {  # tool -> the command in the array "cmd"; outputs go to $run_dir/<tool>.*
  local o="$run_dir/$1"
  case $1 in
    fastp) cmd=("$fastp_bin" -i "$r1" -I "$r2" -o "$o.R1.fq.gz" -O "$o.R2.fq.gz" --json "$o.fastp.json"
                --html "$o.html" -w "$THREADS" -z "$COMPRESSION" "${fastp_adapter[@]}") ;;
    fastp_latest) cmd=("$fastp_latest_bin" -i "$r1" -I "$r2" -o "$o.R1.fq.gz" -O "$o.R2.fq.gz" --json "$o.fastp.json"
                --html "$o.html" -w "$THREADS" -z "$COMPRESSION" "${fastp_adapter[@]}") ;;
    plateau) cmd=("$plateau_bin" -i "$r1" -I "$r2" -o "$o.R1.fq.gz" -O "$o.R2.fq.gz" --json "$o.fastp.json"
                  --html "$o.html" --threads "$THREADS" --compression "$COMPRESSION" "${plateau_adapter[@]}") ;;
  esac
  # shellcheck disable=SC2206  # word splitting of the *_EXTRA knobs is intended
  if [ "$1" != plateau ]; then cmd+=($FASTP_EXTRA); else cmd+=($PLATEAU_EXTRA); fi
}

{
  echo "# bench_qc.sh $(date -Is) on $(hostname), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# data: $data ($pairs pairs, $reads reads)"
  [ -n "$fastp_bin" ] && echo "# fastp: $fastp_bin ($("$fastp_bin" --version 2>&1 | head -n1))"
  [ -n "$fastp_latest_bin" ] && echo "# fastp_latest: $fastp_latest_bin ($("$fastp_latest_bin" --version 2>&1 | head -n1))"
  [ -n "$plateau_bin" ] && echo "# plateau-qc: copy of $plateau_src ($("$plateau_bin" --version 2>&1 | head -n1 || true)," \
    "sha256 $(sha256sum "$plateau_bin" | cut -c1-16), built $(date -r "$plateau_src" -Is))"
  for t in $TOOLS; do command_for "$t"; echo "# $t command: ${cmd[*]}"; done
} | tee "$run_dir/env.txt" >&2
load1=$(cut -d' ' -f1 /proc/loadavg)
"$py" -c "import sys; sys.exit(0 if float('$load1') < 0.5 else 1)" ||
  log "warning: load average $load1; timings on a busy machine are not comparable"

for ((rep = 1; rep <= REPEATS; rep++)); do
  for t in $TOOLS; do
    command_for "$t"
    rm -f "$run_dir/$t".R[12].fq.gz
    sync; sleep "$SLEEP"
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    log "run $rep/$REPEATS: $t (load $load_before)"
    if ! /usr/bin/time -v -o "$run_dir/$t.time.$rep" "${cmd[@]}" > "$run_dir/$t.log.$rep" 2>&1; then
      tail -n 20 "$run_dir/$t.log.$rep" >&2
      die "$t failed (run $rep); log: $run_dir/$t.log.$rep"
    fi
    out_bytes=$(( $(stat -c %s "$run_dir/$t.R1.fq.gz") + $(stat -c %s "$run_dir/$t.R2.fq.gz") ))
    "$py" - "$run_dir/$t.time.$rep" "$t" "$rep" "$out_bytes" "$load_before" >> "$times" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
cpu = float(re.search(r"User time \(seconds\): (\S+)", text).group(1)) + float(re.search(r"System time \(seconds\): (\S+)", text).group(1))
print(f"{sys.argv[2]}\t{sys.argv[3]}\t{secs:.2f}\t{rss}\t{sys.argv[4]}\t{sys.argv[5]}\t{cpu:.2f}")
EOF
    tail -n1 "$times" >&2
  done
done

# --- adapter scoring (outputs of the last repeat) ------------------------------------------------
strict_fail=0
for t in $TOOLS; do
  log "scoring $t"
  rc=0
  "$py" "$gen/score_adapter_trimming.py" "$truth" "$run_dir/$t.R1.fq.gz" "$run_dir/$t.R2.fq.gz" --label "$t" \
    --min-removed-pct "$MIN_REMOVED_PCT" --max-false-trim-pct "$MAX_FALSE_TRIM_PCT" \
    --json "$run_dir/$t.score.json" > "$run_dir/$t.score.txt" 2>&1 || rc=$?
  cat "$run_dir/$t.score.txt" >&2
  [ $rc -le 1 ] || die "scoring $t failed"
  if [ "$t" = plateau ] && [ $rc -ne 0 ]; then strict_fail=1; fi
done

# --- table ---------------------------------------------------------------------------------------
"$py" - "$times" "$run_dir" "$reads" "$TOOLS" <<'EOF' | tee "$run_dir/table.md"
import json, statistics, sys
times, run_dir, reads, tools = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split()
rows = [l.rstrip("\n").split("\t") for l in open(times)][1:]
res = {}
for t in tools:
    r = [x for x in rows if x[0] == t]
    walls = [float(x[2]) for x in r]
    res[t] = {
        "n": len(r), "wall": statistics.median(walls), "min": min(walls),
        "rss": statistics.median(int(x[3]) for x in r) / 1024.0, "out": int(r[-1][4]) / 1e6,
        "cpu": statistics.median(float(x[6]) for x in r),
        "score": json.load(open(f"{run_dir}/{t}.score.json")),
        "report": json.load(open(f"{run_dir}/{t}.fastp.json")),
    }
    res[t]["rate"] = reads / res[t]["wall"]
base = res.get("fastp", {}).get("rate")
latest = res.get("fastp_latest", {}).get("rate")
print("| tool | runs | median wall s | min wall s | reads/s (median) | ratio vs fastp | ratio vs fastp_latest | CPU s (median) | CPU ratio | peak RSS MiB (median) "
      "| output MB | adapter bases removed % | adapter bases left | false 3' trims (% of adapter-free reads) "
      "| over-trimmed reads | reads written | JSON total_reads / passed | adapter check |")
print("|---" * 18 + "|")
base_cpu = res.get("fastp", {}).get("cpu")
for t in tools:
    x, s, j = res[t], res[t]["score"], res[t]["report"]
    ratio = f"{x['rate'] / base:.2f}" if base else "-"
    ratio_latest = f"{x['rate'] / latest:.2f}" if latest else "-"
    try:
        jt = f"{j['summary']['before_filtering']['total_reads']} / {j['filtering_result']['passed_filter_reads']}"
    except (KeyError, TypeError):
        jt = "missing keys"
    cpu_ratio = f"{base_cpu / x['cpu']:.2f}" if base_cpu else "-"
    print(f"| {t} | {x['n']} | {x['wall']:.2f} | {x['min']:.2f} | {x['rate']:,.0f} | {ratio} | {ratio_latest} | {x['cpu']:.1f} | {cpu_ratio} | {x['rss']:.0f} "
          f"| {x['out']:.1f} | {s['adapter_bases_removed_pct']:.3f} | {s['adapter_bases_left']:,} "
          f"| {s['false_trimmed_reads']} ({s['false_trimmed_pct']:.4f}%) | {s['over_trimmed_reads']} "
          f"| {s['reads_out']:,} | {jt} | {'PASS' if s['pass'] else 'FAIL'} |")
print(f"\nreads in: {reads:,} (R1+R2); adapter bases in input: {next(iter(res.values()))['score']['adapter_bases_in']:,}; "
      f"reads/s = reads in / median wall; RSS MiB = max RSS kB / 1024; output MB = R1+R2 .gz bytes / 1e6; "
      f"1-min load average before the runs: {', '.join(x[5] for x in rows)}")
EOF
log "results in $run_dir"
if [ "$STRICT" = 1 ] && [ $strict_fail = 1 ]; then exit 3; fi
