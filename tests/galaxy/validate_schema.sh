#!/usr/bin/env bash
# Validates every Galaxy wrapper, after macro expansion (expand_macros.py), against Galaxy's tool
# schema with xmllint, as planemo lint's XSD check does. The schema is not part of the repository:
# it is looked for at $GALAXY_XSD, else ../shared/galaxy/galaxy.xsd next to the checkout; without
# it the test is skipped (exit 77) with a message saying so.
# Usage: validate_schema.sh [WRAPPERS_DIR]      (default: the repository's galaxy-wrappers/)
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=${PLATEAU_SRC:-$(cd "$here/../.." && pwd)}
wrappers=${1:-$src/galaxy-wrappers}
xsd=${GALAXY_XSD:-$src/../shared/galaxy/galaxy.xsd}
PY=/usr/bin/python3

if [ ! -f "$xsd" ]; then
  echo "SKIP: Galaxy's tool schema not found at $xsd (a checkout without ../shared); set GALAXY_XSD to validate"
  exit 77
fi
command -v xmllint >/dev/null || { echo "FAIL - xmllint is missing (scripts/install-deps.sh galaxy)"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/plateau-xsd.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
# A tool file is an XML file in a tool folder whose root element is <tool>.
for xml in "$wrappers"/*/*.xml; do
  [ -f "$xml" ] || continue
  grep -q '<tool[[:space:]>]' "$xml" || continue
  name=$(basename "$(dirname "$xml")")/$(basename "$xml")
  expanded=$work/$(basename "$xml")
  if ! msg=$("$PY" "$here/expand_macros.py" "$xml" "$expanded" 2>&1); then
    echo "FAIL - $name: macro expansion: $msg"; failed=$((failed + 1)); continue
  fi
  if msg=$(xmllint --noout --schema "$xsd" "$expanded" 2>&1); then
    echo "ok   - $name validates against $(basename "$xsd")"; passed=$((passed + 1))
  else
    echo "FAIL - $name:"; echo "$msg" | sed "s#$work/##; s/^/       /"; failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
