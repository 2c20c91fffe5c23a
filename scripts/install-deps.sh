#!/usr/bin/env bash
# Installs the Debian bookworm packages Plateau needs. Idempotent: only missing packages are installed.
# Usage: scripts/install-deps.sh [build] [test] [bench] [galaxy] [containers]   (default: build)
# test includes galaxy and containers: the packaging tests run in .ci/run.
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config ninja-build
  libpoco-dev libhts-dev libfftw3-dev nlohmann-json3-dev catch2 libcli11-dev
  libdeflate-dev libisal-dev zlib1g-dev libsqlite3-dev libopenmpi-dev openmpi-bin)
# fastp, fastqc and multiqc are the peers the tests compare against (swarm 3.1.2, vsearch 2.22.1 and cutadapt 4.2 for plateau-amplicon;
# minimap2 for plateau-assemble evaluate); python3 is Debian's own interpreter.
# slurm-wlm, slurmctld, slurmd, slurm-client and munge: plateau-gateway's tests start a real single-node Slurm;
# curl is what the gateway quick start uses to talk to the service.
# python3-biom-format and r-bioc-phyloseq read plateau-amplicon table's BIOM back (cli.amplicon.table_dada2, cli.amplicon.taxonomy_table: the taxonomy ranks too).
# time (/usr/bin/time): bench/amplicon/frogs_chain.sh times its steps; cli.amplicon.run_dada2 runs it as the peer.
# minimap2: plateau-assemble evaluate's aligner (cli.assemble.evaluate*).
# chromium: the headless browser gateway.stage_page drives (through playwright-core from npm).
# strace: gateway.staging_join_durable checks the order of fdatasync and database writes on the gateway's system calls.
# python3-numpy, python3-scipy, python3-mrcfile: bench/class2d's particle simulator and scorer
# (cli.class2d.simulate, score, accuracy); relion (3.1.3, relion_refine, relion_star_handler): the peer
# that reads plateau-class2d's outputs (cli.class2d.relion_interop, cli.class2d.iterations).
# openmpi-bin (mpirun, also in build): cli.class2d.mpi runs plateau-class2d-mpi on 2 and 3 ranks.
# r-bioc-dada2: assignTaxonomy run live against taxonomy --method rdp (cli.amplicon.taxonomy_dada2).
test_pkgs=(fastp fastqc multiqc samtools swarm vsearch cutadapt minimap2 python3 slurm-wlm slurmctld slurmd slurm-client munge curl
  python3-biom-format r-bioc-phyloseq r-bioc-dada2 time python3-numpy python3-scipy python3-mrcfile relion chromium strace openmpi-bin)
# wrk: plateau-gateway's status benchmark (bench/gateway); megahit and minimap2: bench/assemble.
# grinder, microbiomeutil-data (16S gold set) and cutadapt: the amplicon ground-truth study and the
# FROGS-flag chain (bench/amplicon/make_study.sh, frogs_chain.sh).
# relion (relion_refine) and the simulator's python3-numpy, python3-scipy, python3-mrcfile: bench/class2d.
# make, git and linux-perf: bench/qc/build_fastp_latest.sh (fastp 1.3.6 from source) and its profiles.
bench_pkgs=(fastp art-nextgen-simulation-tools time pigz wrk curl swarm vsearch grinder microbiomeutil-data cutadapt python3 megahit minimap2
  relion python3-numpy python3-scipy python3-mrcfile make git linux-perf)
# Galaxy wrapper checks: schema validation, macro expansion, Cheetah rendering, .shed.yml and RST help.
galaxy_pkgs=(libxml2-utils python3-lxml python3-cheetah python3-yaml python3-docutils)
# Container image built from a Debian rootfs without a Docker daemon, and run with podman (runc);
# the SIF assembled from it (squashfs-tools, siftool) and run unprivileged with Charliecloud from
# its squashfs (charliecloud-runtime, squashfuse).
container_pkgs=(debootstrap buildah podman runc squashfs-tools siftool charliecloud-runtime squashfuse)

want=()
groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(build)
for g in "${groups[@]}"; do
  case "$g" in
    build) want+=("${build_pkgs[@]}") ;;
    test)  want+=("${build_pkgs[@]}" "${test_pkgs[@]}" "${galaxy_pkgs[@]}" "${container_pkgs[@]}") ;;
    bench) want+=("${build_pkgs[@]}" "${bench_pkgs[@]}") ;;
    galaxy) want+=("${galaxy_pkgs[@]}") ;;
    containers) want+=("${container_pkgs[@]}") ;;
    *) echo "install-deps: unknown group '$g' (build, test, bench, galaxy, containers)" >&2; exit 2 ;;
  esac
done

# npm packages, each set from its committed lock file into a folder of the build (PLATEAU_BUILD_DIR,
# default build), never globally. Test group: tus-js-client for gateway.staging_tus_js
# (tests/gateway/tus_js -> <build>/npm) and playwright-core for gateway.stage_page
# (tests/gateway/stage_page -> <build>/npm-stage-page; it drives Debian's chromium, never a browser
# of its own: no `playwright install`). Bench group: @tus/server, @tus/file-store and tus-js-client
# (the peer of bench/stage/bench.sh) into <build>/npm-bench. Node.js and npm come from
# Debian (package npm) where the machine has no node of its own.
install_npm_packages() {  # install_npm_packages SOURCE_FOLDER BUILD_SUBFOLDER
  local dir="${PLATEAU_BUILD_DIR:-build}/$2" src
  src="$(cd "$(dirname "$0")/.." && pwd)/$1"
  if ! command -v npm >/dev/null; then
    "${as_root[@]}" apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  mkdir -p "$dir"
  cp "$src/package.json" "$src/package-lock.json" "$dir/"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  echo "install-deps: npm packages of $1 in $dir"
}
install_wanted_npm() {
  [ "$want_npm" = 1 ] && install_npm_packages tests/gateway/tus_js npm
  [ "$want_npm" = 1 ] && install_npm_packages tests/gateway/stage_page npm-stage-page
  [ "$want_npm_bench" = 1 ] && install_npm_packages bench/stage/tus_node npm-bench
  return 0
}
want_npm=0
want_npm_bench=0
for g in "${groups[@]}"; do
  [ "$g" = test ] && want_npm=1
  [ "$g" = bench ] && want_npm_bench=1
done
as_root=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then as_root=(sudo); fi

missing=()
for p in $(printf '%s\n' "${want[@]}" | sort -u); do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  install_wanted_npm
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
install_wanted_npm
exit 0
