#!/usr/bin/env bash
# Builds steerscope-cli and the workbench and runs the main job on the embedded demo (resources/demo):
# the miniature SteerMoE transcribes the demo clips, answers a spoken command with a function call,
# writes steerscope-demo.h5 with alignments, prints a short routing analysis and, on a display, opens
# the workbench on the recording. Extra arguments go to `steerscope-cli demo` (e.g. --no-gui).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
cmake -S . -B "$BUILD_DIR" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=(steerscope-cli)
if grep -q '^STEERSCOPE_BUILD_GUI:BOOL=ON' "$BUILD_DIR/CMakeCache.txt"; then targets+=(steerscope); fi
cmake --build "$BUILD_DIR" -j "$(nproc)" --target "${targets[@]}"
exec "$BUILD_DIR/app/cli/steerscope-cli" demo "$@"
