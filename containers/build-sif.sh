#!/usr/bin/env bash
# Assembles Plateau's SIF (Apptainer/Singularity image) from the OCI image's root filesystem,
# without Apptainer (which Debian does not ship): the layout `apptainer build` writes for a
# docker-archive bootstrap of containers/plateau.def, made with mksquashfs and siftool.
#
#   1. unpack the docker archive's layers in order (whiteouts applied): the image's root filesystem;
#   2. add /.singularity.d (definition, labels.json, runscript, test, help, environment, actions)
#      from plateau.def and the image's configuration (containers/sif-metadata.py);
#   3. mksquashfs it (gzip, owners kept, as `apptainer build` run as root does);
#   4. a SIF with Apptainer's three data objects (group 1, page-aligned), in Apptainer's order: the definition file
#      (Def.FILE), the JSON inspect metadata (JSON.Generic, named inspect-metadata.json) and the
#      squashfs as primary system partition (FS, Squashfs/*System/amd64); then the launch line
#      `#!/usr/bin/env run-singularity` Apptainer puts in the SIF's first 32 bytes.
#
# Usage: containers/build-sif.sh [DOCKER_ARCHIVE]   (as root, so that owners are kept)
#   default archive: OUT/plateau-VERSION.docker.tar, written by containers/build-local.sh
# Environment: BUILD_DIR (default build), OUT (default BUILD_DIR/containers), SIFTOOL (default
#   siftool; `apptainer sif` works too), SOURCE_DATE_EPOCH (build date label; default: now).
# Writes OUT/plateau-VERSION.sif.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
say() { echo "build-sif: $*"; }
die() { echo "build-sif: error: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (the image's files keep their owners)"
read -r -a siftool <<<"${SIFTOOL:-siftool}"
for c in mksquashfs "${siftool[0]}" python3 tar; do
  command -v "$c" >/dev/null || die "$c is missing: bash scripts/install-deps.sh containers"
done
version=$(sed -n 's/^project(plateau VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
[ -n "$version" ] || die "cannot read the project version from CMakeLists.txt"
build=${BUILD_DIR:-$root/build}
out=${OUT:-$build/containers}
archive=${1:-$out/plateau-$version.docker.tar}
[ -f "$archive" ] || die "no docker archive $archive: bash containers/build-local.sh first"
mkdir -p "$out"
out=$(cd "$out" && pwd)
sif=$out/plateau-$version.sif
tmp=$out/sif.tmp
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/archive" "$tmp/rootfs"
start=$(date +%s)

# ---- 1. the image's root filesystem ------------------------------------------------------------
tar -xf "$archive" -C "$tmp/archive"
manifest() { python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))[0]; print(m[sys.argv[2]] if sys.argv[2]=="Config" else "\n".join(m["Layers"]))' "$tmp/archive/manifest.json" "$1"; }
config=$tmp/archive/$(manifest Config)
[ -f "$config" ] || die "$archive has no image configuration"
nlayers=0
while IFS= read -r layer; do
  nlayers=$((nlayers + 1))
  # Whiteouts first (OCI layer rules): .wh.NAME removes NAME from the layers below, .wh..wh..opq
  # empties its folder; then the layer's own files, whiteouts left out.
  while IFS= read -r wh; do
    dir=$(dirname "$wh") base=$(basename "$wh")
    if [ "$base" = .wh..wh..opq ]; then
      [ -d "$tmp/rootfs/$dir" ] && find "$tmp/rootfs/$dir" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
    else
      rm -rf "${tmp:?}/rootfs/$dir/${base#.wh.}"
    fi
  done < <(tar -tf "$tmp/archive/$layer" | grep -E '(^|/)\.wh\.[^/]*$' || true)
  tar -xpf "$tmp/archive/$layer" --numeric-owner --exclude='.wh.*' -C "$tmp/rootfs"
done < <(manifest Layers)
[ -x "$tmp/rootfs/usr/local/bin/plateau-qc" ] || die "the image has no /usr/local/bin/plateau-qc"
say "$archive: $nlayers layers unpacked"

# ---- 2. Apptainer's metadata -------------------------------------------------------------------
python3 "$root/containers/sif-metadata.py" "$tmp/rootfs" "$config" "$root/containers/plateau.def" \
  "$(basename "$archive")" "$tmp/inspect-metadata.json"
cp "$tmp/rootfs/.singularity.d/Singularity" "$tmp/plateau.def"

# ---- 3. squashfs --------------------------------------------------------------------------------
mksquashfs "$tmp/rootfs" "$tmp/rootfs.sqfs" -noappend -comp gzip -quiet >/dev/null

# ---- 4. SIF -------------------------------------------------------------------------------------
rm -f "$sif.part"
"${siftool[@]}" new "$sif.part" >/dev/null
# Group 1 and page alignment are what Apptainer's SIF library gives every object by default.
add() { "${siftool[@]}" add "$sif.part" "$@" --groupid 1 --alignment 4096 >/dev/null; }
add "$tmp/plateau.def" --datatype 1 --filename plateau.def
add "$tmp/inspect-metadata.json" --datatype 6 --filename inspect-metadata.json
add "$tmp/rootfs.sqfs" --datatype 4 --parttype 2 --partfs 1 --partarch 2 --filename rootfs.sqfs
printf '#!/usr/bin/env run-singularity\n' | dd of="$sif.part" conv=notrunc status=none
chmod 755 "$sif.part"
mv "$sif.part" "$sif"
say "$sif ($(du -m "$sif" | cut -f1) MB) in $(( $(date +%s) - start )) s"
