#!/usr/bin/env bash
# The README's test command: installs what is missing, builds with warnings as errors, and runs
# the whole test suite (unit, CLI and peer-comparison tests). CI runs exactly this (.ci/run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/install-deps.sh" build test
BUILD_DIR=${BUILD_DIR:-$root/build} bash "$root/scripts/build.sh" -DPLATEAU_WERROR=ON -DPLATEAU_BUILD_TESTS=ON
cd "${BUILD_DIR:-$root/build}"
ctest --output-on-failure -j "${CTEST_JOBS:-2}" --timeout 900 "$@"
