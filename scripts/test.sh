#!/usr/bin/env bash
# Configures, builds and runs the test suite. Extra arguments are passed to ctest (e.g. -L unit).
# Environment: BUILD_DIR (default build), STEERSCOPE_SANITIZE=1 for an ASan+UBSan build,
# STEERSCOPE_BUILD_GUI=OFF to skip the Qt workbench.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
SANITIZE=${STEERSCOPE_SANITIZE:-0}
GUI=${STEERSCOPE_BUILD_GUI:-ON}
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
cmake -S . -B "$BUILD_DIR" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSTEERSCOPE_SANITIZE=$([ "$SANITIZE" = 1 ] && echo ON || echo OFF) -DSTEERSCOPE_BUILD_GUI="$GUI"
cmake --build "$BUILD_DIR" -j "$(nproc)"
bash scripts/install-test-tools.sh
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)" "$@"
