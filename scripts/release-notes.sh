#!/usr/bin/env bash
# Prints one version's section of CHANGELOG.md (Keep a Changelog), without its heading: the notes
# of the GitHub release (.github/workflows/release.yml). VERSION is X.Y.Z (a leading v is dropped)
# or Unreleased.
# Usage: scripts/release-notes.sh VERSION [CHANGELOG]   (default: CHANGELOG.md of this checkout)
# Exits 1, with a message, when the changelog has no such section or the section is empty.
set -euo pipefail
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: release-notes.sh VERSION [CHANGELOG]" >&2; exit 2; }
version=${1#v}
changelog=${2:-$(cd "$(dirname "$0")/.." && pwd)/CHANGELOG.md}
[ -f "$changelog" ] || { echo "release-notes: no $changelog" >&2; exit 1; }
# The section runs from `## [VERSION]` (followed by the end of the line or ` - date`) to the next
# `## ` heading or the link definitions at the end; leading and trailing blank lines go.
notes=$(awk -v v="$version" '
  /^## / { if (inside) exit; h = $0; sub(/^## +/, "", h)
           if (h == "[" v "]" || index(h, "[" v "] - ") == 1) { inside = 1; next } }
  /^\[[^]]+\]: / { if (inside) exit }
  inside { print }' "$changelog" | sed -e '/./,$!d' | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}')
if [ -z "$(tr -d '[:space:]' <<<"$notes")" ]; then
  echo "release-notes: $changelog has no notes for $version (a '## [$version] - YYYY-MM-DD' section)" >&2
  exit 1
fi
printf '%s\n' "$notes"
