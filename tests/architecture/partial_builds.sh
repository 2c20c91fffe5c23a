#!/usr/bin/env bash
# architecture.partial_builds: each tool builds alone, with the other tools' packages unfindable.
#   1. the gateway only (PLATEAU_BUILD_QC=OFF, PLATEAU_BUILD_AMPLICON=OFF), with htslib, libdeflate, libisal, FFTW3 and OpenMP
#      made unfindable (CMAKE_DISABLE_FIND_PACKAGE_<Name>; for pkg-config modules the same variable
#      is honoured by cmake/PlateauDependencies.cmake);
#   2. plateau-qc only (PLATEAU_BUILD_GATEWAY=OFF, PLATEAU_BUILD_AMPLICON=OFF), with Poco and OpenSSL made unfindable;
#   3. plateau-amplicon only, 4. plateau-assemble only and 5. the class2d library only (htslib,
#      libdeflate, libisal, Poco, OpenSSL and MPI unfindable: plateau-class2d-mpi must then be off), likewise, configured but not compiled:
#      a configure with Poco and OpenSSL unfindable already fails if their targets link a Poco or
#      OpenSSL target, and architecture.layering checks their includes; compiling them again from
#      scratch would add minutes of CI on 2 cores for little more assurance.
# For 1 and 2 only the tool's own target is built, unoptimised (-O0) to stay within a few minutes
# on 2 cores; each binary must then answer --version. Usage: partial_builds.sh SOURCE_DIR WORK_DIR
set -euo pipefail
src=${1:?source dir}
work=${2:?work dir}
jobs=${JOBS:-2}
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
failures=0

build() {  # build NAME TARGET|--configure-only CMAKE_ARGS...
  local name=$1 target=$2; shift 2
  local dir=$work/$name
  local start=$SECONDS
  if ! cmake -S "$src" -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
         -DPLATEAU_BUILD_TESTS=OFF -DPLATEAU_WERROR=ON "$@" > "$dir.configure.log" 2>&1; then
    echo "FAIL - $name: configure failed"; tail -n 20 "$dir.configure.log"; failures=$((failures + 1)); return
  fi
  if [ "$target" = --configure-only ]; then
    echo "ok   - $name: configured in $((SECONDS - start)) s"; return
  fi
  if ! cmake --build "$dir" -j "$jobs" --target "$target" > "$dir.build.log" 2>&1; then
    echo "FAIL - $name: building $target failed"; tail -n 30 "$dir.build.log"; failures=$((failures + 1)); return
  fi
  if ! "$dir/bin/$target" --version > "$dir.version.log" 2>&1; then
    echo "FAIL - $name: $target --version failed"; cat "$dir.version.log"; failures=$((failures + 1)); return
  fi
  echo "ok   - $name: $(cat "$dir.version.log") built in $((SECONDS - start)) s"
}

rm -rf "${work:?}"  # from scratch: a cached configure would hide a package lookup
mkdir -p "$work"
build gateway-only plateau-gateway -DPLATEAU_BUILD_QC=OFF -DPLATEAU_BUILD_AMPLICON=OFF -DPLATEAU_BUILD_ASSEMBLE=OFF -DPLATEAU_BUILD_CLASS2D=OFF -DPLATEAU_BUILD_GATEWAY=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_HTSLIB=ON -DCMAKE_DISABLE_FIND_PACKAGE_LIBDEFLATE=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_LIBISAL=ON -DCMAKE_DISABLE_FIND_PACKAGE_FFTW3F=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenMP=ON
build qc-only plateau-qc -DPLATEAU_BUILD_QC=ON -DPLATEAU_BUILD_AMPLICON=OFF -DPLATEAU_BUILD_ASSEMBLE=OFF -DPLATEAU_BUILD_CLASS2D=OFF -DPLATEAU_BUILD_GATEWAY=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_Poco=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_FFTW3F=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenMP=ON
build amplicon-only --configure-only -DPLATEAU_BUILD_AMPLICON=ON -DPLATEAU_BUILD_ASSEMBLE=OFF -DPLATEAU_BUILD_CLASS2D=OFF -DPLATEAU_BUILD_QC=OFF -DPLATEAU_BUILD_GATEWAY=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_Poco=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_FFTW3F=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenMP=ON
build assemble-only --configure-only -DPLATEAU_BUILD_ASSEMBLE=ON -DPLATEAU_BUILD_CLASS2D=OFF -DPLATEAU_BUILD_AMPLICON=OFF -DPLATEAU_BUILD_QC=OFF \
  -DPLATEAU_BUILD_GATEWAY=OFF -DCMAKE_DISABLE_FIND_PACKAGE_Poco=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_FFTW3F=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenMP=ON
build class2d-only --configure-only -DPLATEAU_BUILD_CLASS2D=ON -DPLATEAU_BUILD_ASSEMBLE=OFF -DPLATEAU_BUILD_AMPLICON=OFF \
  -DPLATEAU_BUILD_QC=OFF -DPLATEAU_BUILD_GATEWAY=OFF -DCMAKE_DISABLE_FIND_PACKAGE_Poco=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_HTSLIB=ON -DCMAKE_DISABLE_FIND_PACKAGE_LIBDEFLATE=ON -DCMAKE_DISABLE_FIND_PACKAGE_LIBISAL=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_MPI=ON
# Without MPI, class2d configures with plateau-class2d-mpi off (PLATEAU_CLASS2D_MPI defaults to "found").
if [ -f "$work/class2d-only/CMakeCache.txt" ] && ! grep -q '^PLATEAU_CLASS2D_MPI:BOOL=OFF' "$work/class2d-only/CMakeCache.txt"; then
  echo "FAIL - class2d-only with MPI unfindable: PLATEAU_CLASS2D_MPI is not OFF"; failures=$((failures + 1))
fi

# The check must be able to fail: asking for a tool whose package is unfindable is an error.
if cmake -S "$src" -B "$work/negative" "${generator[@]}" -DPLATEAU_BUILD_TESTS=OFF -DPLATEAU_BUILD_GATEWAY=OFF -DPLATEAU_BUILD_AMPLICON=OFF -DPLATEAU_BUILD_ASSEMBLE=OFF -DPLATEAU_BUILD_CLASS2D=OFF \
     -DCMAKE_DISABLE_FIND_PACKAGE_HTSLIB=ON > "$work/negative.configure.log" 2>&1; then
  echo "FAIL - qc with htslib unfindable configured anyway"; failures=$((failures + 1))
else
  echo "ok   - qc with htslib unfindable is refused: $(grep -m1 -o 'htslib.*is needed by [A-Z_]*' "$work/negative.configure.log" || echo '?')"
fi
[ "$failures" -eq 0 ]
