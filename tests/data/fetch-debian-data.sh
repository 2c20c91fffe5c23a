#!/usr/bin/env bash
# Extracts Debian data packages (test inputs with independent provenance) into a cache folder,
# without installing them or their dependencies (fastqc would pull in a Java runtime).
# Usage: fetch-debian-data.sh CACHE_DIR PACKAGE...
# Prints nothing on success; the files land under CACHE_DIR/<package>/ as in the package (usr/share/...).
set -euo pipefail
cache=$1; shift
mkdir -p "$cache"
for pkg in "$@"; do
  [ -f "$cache/$pkg/.done" ] && continue
  tmp=$(mktemp -d "$cache/.dl.XXXXXX")
  ( cd "$tmp" && apt-get download -qq "$pkg" >/dev/null 2>&1 ) || {
    apt-get update -qq >/dev/null 2>&1 || true
    ( cd "$tmp" && apt-get download -qq "$pkg" >/dev/null )
  }
  rm -rf "$cache/$pkg"
  dpkg -x "$tmp"/*.deb "$cache/$pkg"
  rm -rf "$tmp"
  touch "$cache/$pkg/.done"
done
