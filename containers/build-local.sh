#!/usr/bin/env bash
# Builds Plateau's container image on a Debian bookworm machine with no Docker daemon and no
# registry access, and exports it as a docker archive (for docker/podman load and Apptainer).
#
#   1. debootstrap a minbase bookworm rootfs with containers/runtime-packages.txt, slimmed like
#      debian:bookworm-slim (cached under the build folder, keyed by the package list);
#   2. import it as a base image with buildah;
#   3. build containers/Dockerfile's runtime stage on it with buildah, taking the tools that
#      `cmake --install` installs from the host build (BINARIES=prebuilt): the host is bookworm, so
#      they link against the same libraries the image has;
#   4. export $OUT/plateau-VERSION.docker.tar, tagged with the image name the Galaxy wrappers use.
#
# Usage: containers/build-local.sh          (after scripts/build.sh; as root)
# Environment: BUILD_DIR (default build), OUT (default BUILD_DIR/containers),
#   DEBIAN_MIRROR (default: the bookworm mirror in the host's apt sources).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${BUILD_DIR:-$root/build}" && pwd)
say() { echo "build-local: $*"; }
die() { echo "build-local: error: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap and buildah)"
for c in debootstrap buildah; do
  command -v "$c" >/dev/null || die "$c is missing: bash scripts/install-deps.sh containers"
done
[ -f "$build/CMakeCache.txt" ] || die "no build in $build: bash scripts/build.sh first"
grep -q '^PLATEAU_NATIVE:BOOL=ON' "$build/CMakeCache.txt" && die "$build uses -march=native; images need a portable build"
grep -q '^PLATEAU_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" && die "$build is a sanitizer build"
source "$root/containers/local-env.sh"
# Working containers keep their layers mounted (and `rm -rf build` would then fail): remove them
# whatever happens. The store under the build folder is Plateau's alone.
trap 'buildah rm --all >/dev/null 2>&1 || true' EXIT
out=${OUT:-$ctdir}
mkdir -p "$out"

version=$(sed -n 's/^project(plateau VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
[ -n "$version" ] || die "cannot read the project version from CMakeLists.txt"
# The wrappers' <container> name, so that a loaded archive is the image Galaxy asks for.
name=$(sed -n 's#.*<token name="@CONTAINER_IMAGE@">\([^<]*\)</token>.*#\1#p' "$root/galaxy-wrappers/macros.xml")
name=${name:-plateau}
revision=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)

# ---- 1. rootfs ----------------------------------------------------------------------------------
mirror=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}
pkgs=$(grep -v '^#' "$root/containers/runtime-packages.txt" | paste -sd, -)
key=$(printf '%s\n' "$pkgs" bookworm minbase | sha256sum | cut -c1-12)
rootfs_tar=$ctdir/rootfs-bookworm-$key.tar
if [ ! -f "$rootfs_tar" ]; then
  say "debootstrap bookworm minbase + $pkgs from $mirror (a few minutes, cached afterwards)"
  tmp=$ctdir/rootfs.tmp
  rm -rf "$tmp"
  mkdir -p "$ctdir/debs"
  debootstrap --variant=minbase --include="$pkgs" --cache-dir="$ctdir/debs" bookworm "$tmp" "$mirror" \
    > "$ctdir/debootstrap.log" 2>&1 || die "debootstrap failed, see $ctdir/debootstrap.log"
  # Slim it as debian:bookworm-slim is: no package lists, caches, logs, manuals or translations;
  # the copyright files stay.
  rm -rf "$tmp"/var/lib/apt/lists/* "$tmp"/var/cache/apt/* "$tmp"/var/cache/debconf/*-old \
         "$tmp"/var/log/* "$tmp"/usr/share/man/* "$tmp"/usr/share/info/* "$tmp"/usr/share/locale/* \
         "$tmp"/usr/share/lintian "$tmp"/usr/share/linda
  find "$tmp/usr/share/doc" -type f ! -name copyright -delete
  find "$tmp/usr/share/doc" -type l -delete
  find "$tmp/usr/share/doc" -mindepth 1 -type d -empty -delete
  printf 'deb http://deb.debian.org/debian bookworm main\ndeb http://deb.debian.org/debian-security bookworm-security main\n' \
    > "$tmp/etc/apt/sources.list"
  tar --numeric-owner -C "$tmp" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf "$rootfs_tar.part" .
  mv "$rootfs_tar.part" "$rootfs_tar"
  rm -rf "$tmp"
else
  say "reusing $rootfs_tar"
fi

# ---- 2. base image ------------------------------------------------------------------------------
base=localhost/plateau-rootfs:bookworm-$key
if ! buildah inspect --type image "$base" >/dev/null 2>&1; then
  say "importing the rootfs as $base"
  ctr=$(buildah from scratch)
  buildah add --quiet "$ctr" "$rootfs_tar" / >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd /bin/bash "$ctr"
  buildah commit --quiet --rm "$ctr" "$base" >/dev/null
fi

# ---- 3. the Dockerfile's runtime stage on it, with the host's tools ---------------------------
ctx=$ctdir/context
rm -rf "$ctx"
mkdir -p "$ctx/containers"
cp "$root/containers/runtime-packages.txt" "$ctx/containers/"
DESTDIR=$ctx/prebuilt cmake --install "$build" --prefix /usr/local --strip >/dev/null
ls "$ctx/prebuilt/usr/local/bin/"* >/dev/null 2>&1 || die "cmake --install put no tools under usr/local/bin"
# As in the Dockerfile's own build (-DPLATEAU_CLASS2D_MPI=OFF): no plateau-class2d-mpi in the image,
# whose runtime has no MPI library; MPI across nodes uses the host's (docs/class2d.md, "MPI").
rm -f "$ctx/prebuilt/usr/local/bin/plateau-class2d-mpi"
image=localhost/plateau:$version
say "building $image"
buildah bud --quiet --pull-never --isolation chroot --layers=false -f "$root/containers/Dockerfile" --target runtime \
  --build-arg DEBIAN_IMAGE="$base" --build-arg BINARIES=prebuilt \
  --build-arg VERSION="$version" --build-arg REVISION="$revision" \
  -t "$image" "$ctx" >/dev/null
buildah tag "$image" "$name:$version"
buildah rm --all >/dev/null  # buildah 1.28 leaves the FROM-only `binaries` stage's container
buildah rmi --prune >/dev/null 2>&1 || true  # the prebuilt stage and any image this one replaced

# ---- 4. export ----------------------------------------------------------------------------------
archive=$out/plateau-$version.docker.tar
rm -f "$archive"
buildah push --quiet "$image" "docker-archive:$archive:$name:$version"
say "image $image ($name:$version), docker archive $archive ($(du -m "$archive" | cut -f1) MB)"
