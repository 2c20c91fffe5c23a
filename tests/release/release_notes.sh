#!/usr/bin/env bash
# CHANGELOG.md keeps Keep a Changelog's shape, and scripts/release-notes.sh (the release workflow's
# notes) prints exactly one version's section: checked on the real changelog and on a fixture
# with known sections, including the ways it must fail. Environment from ctest: PLATEAU_SRC.
export PLATEAU_BIN=${PLATEAU_BIN:-/nonexistent}
source "$(dirname "$0")/../cli/lib.sh"
notes=$SRC/scripts/release-notes.sh
changelog=$SRC/CHANGELOG.md

# ---- the real changelog ----------------------------------------------------------------------------
check "CHANGELOG.md starts with '# Changelog'" test "$(head -n 1 "$changelog")" = "# Changelog"
check "CHANGELOG.md has an Unreleased section" grep -qx '## \[Unreleased\]' "$changelog"
bad_versions=$(grep '^## ' "$changelog" | grep -vxE '## \[Unreleased\]|## \[[0-9]+\.[0-9]+\.[0-9]+\] - [0-9]{4}-[0-9]{2}-[0-9]{2}' || true)
check "every version heading is '## [X.Y.Z] - YYYY-MM-DD'${bad_versions:+ (not: $bad_versions)}" test -z "$bad_versions"
bad_kinds=$(grep '^### ' "$changelog" | grep -vxE '### (Added|Changed|Deprecated|Removed|Fixed|Security)' || true)
check "change kinds are Keep a Changelog's${bad_kinds:+ (not: $bad_kinds)}" test -z "$bad_kinds"
check "the Unreleased notes come out" grep -q '^### Added' <("$notes" Unreleased "$changelog")
version=$(sed -n 's/^project(plateau VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")
if grep -q "^## \[$version\]" "$changelog"; then
  check "the notes of the current version $version come out" test -n "$("$notes" "$version")"
fi

# ---- a fixture with known sections -------------------------------------------------------------
cat > "$WORK/CHANGELOG.md" <<'MD'
# Changelog

## [Unreleased]

## [1.2.0] - 2027-03-01

### Added

- Two.

### Fixed

- Three.

## [1.2.0-rc1] - 2027-02-01

- Not this.

## [1.1.0] - 2027-01-01

- One.

[1.2.0]: https://example.org/v1.2.0
[1.1.0]: https://example.org/v1.1.0
MD
expected=$'### Added\n\n- Two.\n\n### Fixed\n\n- Three.'
out=$("$notes" 1.2.0 "$WORK/CHANGELOG.md"); rc=$?
check "1.2.0: exactly its section, no heading, no blank ends (rc $rc)" test "$rc" -eq 0 -a "$out" = "$expected"
check "v1.2.0 (a tag name) gives the same notes" test "$("$notes" v1.2.0 "$WORK/CHANGELOG.md")" = "$expected"
check "the last section stops before the link definitions" test "$("$notes" 1.1.0 "$WORK/CHANGELOG.md")" = "- One."
check "1.2.0-rc1 is its own section" test "$("$notes" 1.2.0-rc1 "$WORK/CHANGELOG.md")" = "- Not this."
fails() {  # fails DESCRIPTION ARGS...: exit 1 and a message naming the version
  local description=$1 err rc; shift
  err=$("$notes" "$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -eq 1 ] && grep -q "no notes for" <<<"$err"; then pass "$description"; else fail "$description (rc $rc: $err)"; fi
}
fails "a version without a section fails" 9.9.9 "$WORK/CHANGELOG.md"
fails "a prefix of a version (1.2) is not that version" 1.2 "$WORK/CHANGELOG.md"
fails "an empty section (Unreleased here) fails" Unreleased "$WORK/CHANGELOG.md"
"$notes" 1.2.0 "$WORK/missing.md" >/dev/null 2>&1; rc=$?
check "a missing changelog fails" test "$rc" -eq 1
finish
