#!/usr/bin/env bash
# Issue 15: the SIF an Apptainer site gets. containers/build-sif.sh assembles it here from the OCI
# image's root filesystem (the docker archive containers/build-local.sh writes); this test checks
# that it has the data objects Apptainer writes (definition, JSON inspect metadata, squashfs as
# primary partition, launch line), the same tools, byte for byte, as the OCI image, and that
# plateau-qc run from it by an unprivileged user with Charliecloud's ch-run (the SIF's squashfs
# mounted at its offset with squashfuse) writes the same reads, JSON and HTML as the host build.
# Needs root, debootstrap, buildah, podman, squashfs-tools, siftool, squashfuse and ch-run
# (scripts/install-deps.sh containers), FUSE and user namespaces; skips (77) with a message
# otherwise. Environment from ctest: PLATEAU_BIN, PLATEAU_BUILD, PLATEAU_DEBDATA, PLATEAU_SRC.
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/lib.sh"
MAX_MB=150

skip_unless_root_and debootstrap buildah podman mksquashfs siftool squashfuse ch-run
[ -c /dev/fuse ] || { echo "SKIP: no /dev/fuse: squashfuse cannot mount the SIF's squashfs"; exit 77; }
userns=$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0)
[ "$userns" -gt 0 ] || { echo "SKIP: user namespaces are disabled: ch-run cannot start"; exit 77; }
source "$SRC/containers/local-env.sh"
image=localhost/plateau:$version
mnt=$WORK/mnt
trap 'umount "$mnt" 2>/dev/null; rm -rf "$WORK"' EXIT
chmod 755 "$WORK"  # the unprivileged user must reach the bound folders

# ---- build: the image, then the SIF from its docker archive -------------------------------------
build_image
start=$SECONDS
if BUILD_DIR=$build bash "$SRC/containers/build-sif.sh" > "$WORK/sif.log" 2>&1; then
  pass "containers/build-sif.sh builds the SIF in $((SECONDS - start)) s"
else
  fail "containers/build-sif.sh failed: $(tail -n 5 "$WORK/sif.log" | tr '\n' ' ')"
  finish; exit 1
fi
sif=$ctdir/plateau-$version.sif
size=$(stat -c %s "$sif")
check "SIF size $((size / 1000000)) MB is under $MAX_MB MB" test "$size" -lt $((MAX_MB * 1000000))

# ---- the SIF's data objects, as Apptainer writes them ---------------------------------------------
check "the SIF starts with Apptainer's launch line" \
  test "$(head -c 31 "$sif")" = '#!/usr/bin/env run-singularity'
check "siftool reads the header" siftool header "$sif"
list=$(siftool list "$sif" | awk -F'|' '$1+0 > 0 {gsub(/ +$/, "", $5); print $1+0, $2+0, $5}')
expected='1 1 Def.FILE
2 1 JSON.Generic
3 1 FS (Squashfs/*System/amd64)'
check "objects: definition, JSON, squashfs primary system partition, all in group 1 ($(tr '\n' ';' <<<"$list"))" \
  test "$list" = "$expected"
check "the JSON object is named inspect-metadata.json" grep -q 'Name: *inspect-metadata.json' <(siftool info 2 "$sif")
siftool dump 1 "$sif" > "$WORK/deffile"
check "the definition is containers/plateau.def, built from the docker archive" \
  cmp -s "$WORK/deffile" <(sed "s/{{ ARCHIVE }}/plateau-$version.docker.tar/" "$SRC/containers/plateau.def")
siftool dump 2 "$sif" > "$WORK/inspect.json"
inspect() { "$PY" -c 'import json,sys; a=json.load(open(sys.argv[1]))["data"]["attributes"]; print(eval(sys.argv[2]))' "$WORK/inspect.json" "$1"; }
check "inspect metadata: type container" test "$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["type"])' "$WORK/inspect.json")" = container
check "inspect metadata: the image's version label ($version)" test "$(inspect 'a["labels"]["org.opencontainers.image.version"]')" = "$version"
check "inspect metadata: the image's revision label" test -n "$(inspect 'a["labels"]["org.opencontainers.image.revision"]')"
check "inspect metadata: the definition's bootstrap label" test "$(inspect 'a["labels"]["org.label-schema.usage.singularity.deffile.bootstrap"]')" = docker-archive
check "inspect metadata: the definition file" cmp -s <(inspect 'a["deffile"]') <(cat "$WORK/deffile"; echo)
check "inspect metadata: the runscript" grep -q 'exec "\$@"' <(inspect 'a["runscript"]')

# ---- its root filesystem: the OCI image's ------------------------------------------------------
offset=$(siftool info 3 "$sif" | sed -n 's/^ *Offset: *//p')
mkdir -p "$mnt"
if ! squashfuse -o "offset=$offset,allow_other" "$sif" "$mnt" 2> "$WORK/fuse.err"; then
  echo "SKIP: squashfuse cannot mount the SIF here: $(cat "$WORK/fuse.err")"; exit 77
fi
tools_sif=$(ls "$mnt/usr/local/bin" | sort | tr '\n' ' ')
check "the SIF has every installed tool ($tools_sif)" test "$tools_sif" = "$(installed_tools)"
sums_sif=$(cd "$mnt" && sha256sum usr/local/bin/*)
sums_image=$(podman run --rm "$image" sh -c 'cd / && sha256sum usr/local/bin/*')
check "its tools are byte-identical to the OCI image's" test "$sums_sif" = "$sums_image"
check "the image's user plateau is there" grep -q '^plateau:x:1000:' "$mnt/etc/passwd"
check "labels.json holds the same labels as the inspect metadata" \
  "$PY" -c 'import json,sys; assert json.load(open(sys.argv[1])) == json.load(open(sys.argv[2]))["data"]["attributes"]["labels"]' \
  "$mnt/.singularity.d/labels.json" "$WORK/inspect.json"
check "/singularity is the runscript" test "$(readlink "$mnt/singularity")" = .singularity.d/runscript
check "the image's PATH is in the environment script" grep -q '^export PATH=.*/usr/local/bin' "$mnt/.singularity.d/env/10-docker2singularity.sh"

# ---- run by an unprivileged user with ch-run -------------------------------------------------------
# nobody, in its own user namespace, as on a cluster node; $WORK/w is bound on /mnt.
mkdir -p "$WORK/w"
chrun() { setpriv --reuid=nobody --regid=nogroup --clear-groups env USER=nobody HOME=/tmp ch-run -b "$WORK/w:/mnt" "$@"; }
check "ch-run: plateau-qc --version" test "$(chrun "$mnt" -- plateau-qc --version)" = "plateau-qc $version"
check "ch-run: the user is nobody, not root" test "$(chrun "$mnt" -- id -un)" = nobody
check "ch-run: the runscript passes a command on" test "$(chrun "$mnt" -- /.singularity.d/runscript plateau-qc --version)" = "plateau-qc $version"
check "ch-run: the runscript without arguments prints plateau-qc's help" grep -q '^Usage' <(chrun "$mnt" -- /singularity)
check "ch-run: the definition's %test passes" chrun "$mnt" -- /.singularity.d/test
qc_prepare "$WORK/w"
chrun -c /mnt/ctr "$mnt" -- sh -c "$QC_PE && $QC_SE" 2>/dev/null
qc_compare "$WORK/w" "from the SIF with ch-run"
chrun -c /mnt/ctr "$mnt" -- plateau-qc -i ../data/missing.fq -o x.fq 2> "$WORK/err.txt"; rc=$?
check "a bad input from the SIF exits 1 with one error line" test "$rc" -eq 1 -a "$(wc -l < "$WORK/err.txt")" -eq 1

finish
