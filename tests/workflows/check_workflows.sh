#!/usr/bin/env bash
# The GitHub workflows cannot run here: check_workflows.py checks that each parses as YAML, has the
# shape GitHub needs and names only paths and ctest labels that exist. This test runs it on the
# real workflows (must pass) and on copies broken in one way each (must fail with the right message).
# Environment from ctest: PLATEAU_SRC (PLATEAU_BIN is not used).
export PLATEAU_BIN=${PLATEAU_BIN:-/nonexistent}
source "$(dirname "$0")/../cli/lib.sh"
checker=$SRC/tests/workflows/check_workflows.py
wf=$SRC/.github/workflows

out=$("$PY" "$checker" --root "$SRC" 2>&1); rc=$?
check "the real workflows pass: $(tail -n 1 <<<"$out")" test "$rc" -eq 0
grep '^FAIL' <<<"$out"
for f in ci.yml containers.yml galaxy.yml release.yml; do
  check "$f is checked" grep -q "^ok   - .github/workflows/$f parses as YAML" <<<"$out"
done

# broken NAME SOURCE PYTHON_EXPR EXPECTED: a copy of SOURCE edited by the expression (text in s)
# must make the checker fail and print EXPECTED.
broken() {
  local name=$1 src=$2 expr=$3 expected=$4 copy=$WORK/$1.yml
  "$PY" -c 'import sys; s=open(sys.argv[1]).read(); n=eval(sys.argv[2]); assert n != s; open(sys.argv[3],"w").write(n)' \
    "$wf/$src" "$expr" "$copy" || { fail "$name: could not make the broken copy"; return; }
  local res rc
  res=$("$PY" "$checker" --root "$SRC" "$copy" 2>&1); rc=$?
  if [ "$rc" -ne 0 ] && grep -q "^FAIL.*$expected" <<<"$res"; then pass "$name is caught"; else
    fail "$name: rc=$rc, no FAIL line with '$expected'"; fi
}
broken "a missing script" ci.yml 's.replace("bash scripts/test.sh", "bash scripts/tset.sh")' \
  "every repository path it names exists: .*scripts/tset.sh"
broken "a missing Dockerfile input" containers.yml 's.replace("file: containers/Dockerfile", "file: docker/Dockerfile")' \
  "with.file docker/Dockerfile"
broken "a missing definition file" containers.yml 's.replace("containers/plateau.def", "containers/plateau2.def")' \
  "containers/plateau2.def"
broken "a missing wrapper folder" galaxy.yml 's.replace("galaxy-wrappers/plateau_qc\n", "galaxy-wrappers/plateau-qc\n")' \
  "galaxy-wrappers/plateau-qc"
broken "invalid YAML" ci.yml 's.replace("jobs:", "jobs: [")' "parses as YAML"
broken "a job without runs-on" ci.yml 's.replace("    runs-on: ubuntu-latest\n", "", 1)' "has runs-on"
broken "a step with both run and uses" ci.yml 's.replace("      - uses: actions/checkout@v4\n", "      - uses: actions/checkout@v4\n        run: echo\n", 1)' \
  "exactly one of run/uses"
broken "an unpinned action" galaxy.yml 's.replace("actions/setup-python@v5", "actions/setup-python", 1)' "pinned to a version"
broken "an unknown ctest label" ci.yml 's.replace("-LE container", "-LE containers", 1)' "ctest labels it selects exist"
# The release workflow: its scripts, and what a job that publishes a GitHub release must do.
broken "a missing release-notes script" release.yml 's.replace("bash scripts/release-notes.sh \"$VERSION\"", "bash scripts/notes.sh \"$VERSION\"")' \
  "scripts/notes.sh"
broken "a release on branch pushes" release.yml 's.replace("tags: [\x27v*\x27]", "tags: [\x27v*\x27]\n    branches: [main]")' \
  "runs for version tags only"
broken "a release without contents: write" release.yml 's.replace("contents: write", "contents: read")' \
  "contents: write"
broken "release notes not from the changelog" release.yml 's.replace("} > release-notes.md", "} > notes.md")' \
  "takes its notes"
broken "a release with no files" release.yml 's[:s.index("          files: |")] + "          draft: true\n"' \
  "attaches files"
broken "needs naming no job" galaxy.yml 's.replace("needs: lint", "needs: lint-wrappers")' "needs an existing job"
finish
