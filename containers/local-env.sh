# Sourced by build-local.sh and the container test: podman/buildah settings that work on a
# Debian bookworm machine without a Docker daemon (runc rather than crun, ulimits under the hard
# limits, cgroupfs, no network namespace; see ../shared/docs/slurm-and-containers.md), with the
# image storage under the build folder so that nothing outside it is touched.
# Needs: $build (the CMake build folder). Sets: $ctdir, CONTAINERS_CONF, CONTAINERS_STORAGE_CONF.
ctdir=${PLATEAU_CONTAINER_DIR:-$build/containers}
mkdir -p "$ctdir"
cat > "$ctdir/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
netns = "none"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
cat > "$ctdir/storage.conf" <<EOF
[storage]
driver = "overlay"
runroot = "$ctdir/storage/run"
graphroot = "$ctdir/storage/graph"
EOF
export CONTAINERS_CONF=$ctdir/containers.conf
export CONTAINERS_STORAGE_CONF=$ctdir/storage.conf
