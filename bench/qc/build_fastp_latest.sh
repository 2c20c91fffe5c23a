#!/usr/bin/env bash
# Builds fastp 1.3.6 (the newest release when this was written) and the Google Highway it needs
# (Debian bookworm's libhwy 1.0.3 is too old) from source, outside the repository.
#
#   bench/qc/build_fastp_latest.sh [PREFIX]      # default PREFIX=/work/peers
#
# Sources, in this order of preference:
#   FASTP_SRC / HWY_SRC   a directory holding the unpacked source, or a .tar.gz of it
#                         (e.g. https://github.com/OpenGene/fastp/archive/refs/tags/v1.3.6.tar.gz and
#                          https://github.com/google/highway/archive/refs/tags/1.3.0.tar.gz)
#   FASTP_GIT / HWY_GIT   a git directory (bare or not) holding the tags FASTP_TAG / HWY_TAG
# Needs: g++, cmake, make, pkg-config, libisal-dev and libdeflate-dev (Debian), tar.
# Result: $PREFIX/fastp-$FASTP_TAG/fastp, linked statically; bench_qc.sh takes it as FASTP_LATEST=.
set -euo pipefail
PREFIX=${1:-/work/peers}
FASTP_TAG=${FASTP_TAG:-v1.3.6}
HWY_TAG=${HWY_TAG:-1.3.0}
FASTP_GIT=${FASTP_GIT:-/work/.mirror/OpenGene+fastp/repo}
HWY_GIT=${HWY_GIT:-/work/.mirror/google+highway/repo}
JOBS=${JOBS:-2}
die() { echo "build_fastp_latest.sh: $*" >&2; exit 1; }

# unpack NAME SRC GIT TAG DEST: puts the source tree in DEST.
unpack() {
  local src=$2 git=$3 tag=$4 dest=$5
  rm -rf "$dest"; mkdir -p "$dest"
  if [ -n "$src" ] && [ -d "$src" ]; then cp -a "$src/." "$dest/"
  elif [ -n "$src" ] && [ -f "$src" ]; then tar -xzf "$src" -C "$dest" --strip-components=1
  elif [ -d "$git" ]; then git -C "$git" archive "$tag" | tar -x -C "$dest"
  else die "no source for $1: set ${1}_SRC (directory or .tar.gz) or ${1}_GIT"; fi
}

mkdir -p "$PREFIX"
hwy_src=$PREFIX/src/highway-$HWY_TAG; hwy_prefix=$PREFIX/highway-$HWY_TAG
if [ ! -f "$hwy_prefix/lib/libhwy.a" ]; then
  unpack HWY "${HWY_SRC:-}" "$HWY_GIT" "$HWY_TAG" "$hwy_src"
  cmake -S "$hwy_src" -B "$hwy_src/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DHWY_ENABLE_TESTS=OFF -DHWY_ENABLE_EXAMPLES=OFF -DHWY_ENABLE_CONTRIB=OFF -DBUILD_TESTING=OFF \
    -DCMAKE_INSTALL_PREFIX="$hwy_prefix" -DCMAKE_INSTALL_LIBDIR=lib > "$PREFIX/highway-cmake.log"
  cmake --build "$hwy_src/build" -j "$JOBS" > "$PREFIX/highway-build.log"
  cmake --install "$hwy_src/build" > /dev/null
fi

fastp_dir=$PREFIX/fastp-$FASTP_TAG
unpack FASTP "${FASTP_SRC:-}" "$FASTP_GIT" "$FASTP_TAG" "$fastp_dir"
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
# The Makefile links statically when every library has a .a in LIBRARY_DIRS.
make -C "$fastp_dir" -j "$JOBS" INCLUDE_DIRS="$hwy_prefix/include" \
  LIBRARY_DIRS="$hwy_prefix/lib /usr/lib/$multiarch" > "$PREFIX/fastp-build.log" 2>&1 \
  || { tail -20 "$PREFIX/fastp-build.log" >&2; die "fastp build failed (log: $PREFIX/fastp-build.log)"; }
"$fastp_dir/fastp" --version 2>&1 | head -n1
echo "FASTP_LATEST=$fastp_dir/fastp"
