#!/usr/bin/env bash
# Compares the outputs of two plateau-qc binaries byte for byte (a refactoring must not change
# them). Both run in their own folder, as ../bin/plateau-qc with the same relative paths, so the
# command lines in the reports are equal; the JSON is compared without plateau.run (wall/CPU/RSS) and the HTML with the
# footer's timing figures masked. Everything else, and every FASTQ(.gz) output, must be identical.
#   compare_outputs.sh OLD_BIN NEW_BIN WORK_DIR -- <plateau-qc arguments with relative outputs>
set -euo pipefail
old=$1 new=$2 work=$3; shift 3
[ "$1" = "--" ] && shift
for side in old new; do
  rm -rf "${work:?}/$side"; mkdir -p "$work/$side/bin" "$work/$side/out"
done
ln -s "$(realpath "$old")" "$work/old/bin/plateau-qc"
ln -s "$(realpath "$new")" "$work/new/bin/plateau-qc"
(cd "$work/old/out" && ../bin/plateau-qc "$@" 2> ../stderr.log)
(cd "$work/new/out" && ../bin/plateau-qc "$@" 2> ../stderr.log)
work_old=$work/old/out work_new=$work/new/out
status=0
for f in $(ls "$work_old"); do
  case $f in
    *.json) /usr/bin/python3 -c 'import json,sys
a,b=(json.load(open(p)) for p in sys.argv[1:3])
for r in (a,b): r["plateau"].pop("run",None)
sys.exit(0 if a==b else 1)' "$work_old/$f" "$work_new/$f" \
              && cmp -s <(sed -E '/"(wall|cpu)_seconds"|"peak_rss_mb"/d' "$work_old/$f") \
                        <(sed -E '/"(wall|cpu)_seconds"|"peak_rss_mb"/d' "$work_new/$f") ;;
    *.html) cmp -s <(sed -E 's#wall time [^&]*&\#183; CPU time [^&]*&\#183; peak memory [0-9.]+ MB##' "$work_old/$f") \
                   <(sed -E 's#wall time [^&]*&\#183; CPU time [^&]*&\#183; peak memory [0-9.]+ MB##' "$work_new/$f") ;;
    *) cmp -s "$work_old/$f" "$work_new/$f" ;;
  esac && echo "identical  $f ($(stat -c %s "$work_new/$f") bytes)" || { echo "DIFFERENT  $f"; status=1; }
done
exit $status
