# Shared by the bench/amplicon scripts (sourced): timed runs, medians and the result table.
# The caller sets $work (the benchmark's folder) and runs its tools alternately, REPEATS times,
# through bench_measure; bench_row then prints one table row per tool from the medians.
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed (Debian package time)" >&2; exit 1; }

# bench_need PROGRAM...: exits with a message when one of the peers is not installed.
bench_need() {
  local p
  for p in "$@"; do command -v "$p" > /dev/null || { echo "$p is not installed (scripts/install-deps.sh bench)" >&2; exit 1; }; done
}

# bench_measure NAME COMMAND...: runs COMMAND (stdout and stderr discarded) under /usr/bin/time -v
# and appends "wall_seconds peak_kb cpu_seconds load" to $work/NAME.times: CPU = user + system,
# load = the 1-minute load average after the run (the machine may be shared: CPU time is the
# steadier figure then). Returns COMMAND's exit status.
bench_measure() {
  local name=$1 rc=0; shift
  /usr/bin/time -v -o "$work/$name.time" "$@" > /dev/null 2>&1 || rc=$?
  awk -F': ' -v load="$(cut -d' ' -f1 /proc/loadavg)" '
              /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; wall = s }
              /User time|System time/ { cpu += $2 }
              /Maximum resident set size/ { rss = $2 } END { print wall, rss, cpu, load }' "$work/$name.time" >> "$work/$name.times"
  return "$rc"
}

# The median of the numbers on stdin, one per line (the mean of the middle two for an even count).
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# bench_median NAME COLUMN: the median of column COLUMN (1 wall, 2 peak KB, 3 CPU) of $work/NAME.times.
bench_median() { cut -d' ' -f"$2" "$work/$1.times" | median; }

bench_table_header() {
  echo "| tool | median wall (s) | median CPU (s) | median peak RSS (MB) |"
  echo "|---|---|---|---|"
}
# bench_row LABEL NAME: one table row from $work/NAME.times.
bench_row() {
  local rss; rss=$(bench_median "$2" 2)
  echo "| $1 | $(bench_median "$2" 1) | $(bench_median "$2" 3) | $(( ${rss%.*} / 1024 )) |"
}
# bench_ratio NAME_A NAME_B COLUMN: median of A / median of B, two decimals.
bench_ratio() { awk -v a="$(bench_median "$1" "$3")" -v b="$(bench_median "$2" "$3")" 'BEGIN { printf "%.2f", a / b }'; }

# bench_gold_sintax GOLD OUT: the records of the microbiomeutil gold set GOLD (taxonomy in the last
# tab field, "Bacteria; Firmicutes; ...") rewritten with SINTAX headers (>ID;tax=d:...,g:...;) for
# vsearch --sintax; sequences as they are.
bench_gold_sintax() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys
out = open(sys.argv[2], 'w')
for line in open(sys.argv[1]):
    if line.startswith('>'):
        f = line[1:].rstrip('\n').split('\t')
        ranks = [x.strip() for x in f[-1].split(';')]
        out.write('>%s;tax=%s;\n' % (f[0].split()[0], ','.join('%s:%s' % (l, n) for l, n in zip('dpcofg', ranks))))
    else:
        out.write(line)
PY
}

# bench_grinder_v4 REFS READS DIVERSITY DIR: grinder 250-nt amplicon reads of the V4 region
# (515F/806R, forward strand), READS of them from a power-law community (0.7) of DIVERSITY
# references of REFS, grinder's poly4 position-dependent error model (-md poly4 0.1 2e-10, 95 %
# substitutions), seed 1. Writes DIR/grinder-reads.fa (headers keep grinder's reference=ID).
bench_grinder_v4() {
  printf '>515F\nGTGCCAGCMGCCGCGGTAA\n>806R\nGGACTACHVGGGTWTCTAAT\n' > "$4/primers.fa"
  grinder -rf "$1" -fr "$4/primers.fa" -un 1 -cb 1 -lb 0 -rd 250 uniform 0 -tr "$2" -di "$3" -am powerlaw 0.7 \
    -md poly4 0.1 2e-10 -mr 95 5 -rs 1 -bn grinder -od "$4" > "$4/grinder.log"
}
