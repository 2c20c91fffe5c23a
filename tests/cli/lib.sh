# Shared helpers for the CLI tests of every tool (sourced by tests/cli/<tool>/*.sh). Each test
# prints one line per case and exits non-zero if any case failed. Environment from ctest:
# PLATEAU_BIN, PLATEAU_TOOL (plateau-<tool>; by default named after the script's folder),
# PLATEAU_DEBDATA, PLATEAU_SRC.
set -u
PY=/usr/bin/python3
TOOL=${PLATEAU_TOOL:-plateau-$(basename "$(cd "$(dirname "$0")" && pwd)")}
TOOL_BIN=${PLATEAU_BIN:?}/$TOOL
SRC=${PLATEAU_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
failures=0
cases=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/$TOOL-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

pass() { cases=$((cases + 1)); echo "ok   - $*"; }
fail() { cases=$((cases + 1)); failures=$((failures + 1)); echo "FAIL - $*"; }
check() {  # check DESCRIPTION COMMAND...
  local description=$1; shift
  if "$@"; then pass "$description"; else fail "$description"; fi
}
# check_failure NAME STATUS EXPECTED_TEXT OUTPUT_DIR, right after the command (its status in $?),
# which wrote its stderr to $WORK/NAME.err: passes when the command exited with STATUS, printed
# exactly one "$TOOL: error: " line containing EXPECTED_TEXT, and left nothing in OUTPUT_DIR (no
# half-written output, no temporary file).
check_failure() {
  local rc=$? name=$1 status=$2 expect=$3 out=$4
  local err=$WORK/$name.err lines; lines=$(wc -l < "$err")
  local left; left=$(ls -A "$out" 2>/dev/null | tr '\n' ' ')
  if [ "$rc" -eq "$status" ] && [ "$lines" -eq 1 ] && grep -q "^$TOOL: error: " "$err" && grep -qF -- "$expect" "$err" &&
     [ -z "$left" ]; then
    pass "$name: $(cat "$err")"
  else
    fail "$name: rc=$rc (want $status) lines=$lines left='$left' message='$(cat "$err")' (expected '$expect')"
  fi
}
finish() {
  echo "$((cases - failures)) passed, $failures failed"
  [ "$failures" -eq 0 ]
}

# Path of a file from a Debian data package (extracted by tests/data/fetch-debian-data.sh).
debfile() {
  local pkg=$1 rel=$2
  for candidate in "${PLATEAU_DEBDATA:-/nonexistent}/$pkg/$rel" "/$rel"; do
    [ -e "$candidate" ] && { echo "$candidate"; return 0; }
  done
  echo "missing test data: $pkg $rel" >&2
  return 1
}
