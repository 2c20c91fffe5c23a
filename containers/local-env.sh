# Sourced by build-local.sh and the container test: podman/buildah settings that work on a
# Debian bookworm machine without a Docker daemon (runc rather than crun, ulimits under the hard
# limits, cgroupfs, no network namespace; see ../shared/docs/slurm-and-containers.md), with the
# image storage under the build folder so that nothing else is touched.
# Per-boot state (storage runroot, podman's tmp_dir) goes under /run/plateau-containers/<hash of
# the folder>: podman refuses a runroot longer than 50 characters (conmon's socket paths), which a
# build folder easily exceeds, and stores must not share a tmp_dir (exit files, boot refresh).
# Needs: $build (the CMake build folder). Sets: $ctdir, CONTAINERS_CONF, CONTAINERS_STORAGE_CONF.
ctdir=${PLATEAU_CONTAINER_DIR:-$build/containers}
mkdir -p "$ctdir"
ctdir=$(cd "$ctdir" && pwd)
ctrun=/run/plateau-containers/$(printf '%s' "$ctdir" | sha256sum | cut -c1-12)
mkdir -p "$ctrun"
cat > "$ctdir/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
netns = "none"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$ctrun/tmp"
EOF
cat > "$ctdir/storage.conf" <<EOF
[storage]
driver = "overlay"
runroot = "$ctrun/run"
graphroot = "$ctdir/storage"
EOF
export CONTAINERS_CONF=$ctdir/containers.conf
export CONTAINERS_STORAGE_CONF=$ctdir/storage.conf
