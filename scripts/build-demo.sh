#!/usr/bin/env bash
# Rebuilds the embedded demo bundle (resources/demo) from nothing: synthesises the speech corpus with
# espeak-ng, trains the tokenizer, the encoder (CTC and frame-wise phones), the LM (text only), the SteerMoE module and
# the linear baseline, evaluates them (work/results.json, the table in docs/demo.md) and writes the bundle
# with its recording. Deterministic for a fixed seed and thread count.
#   bash scripts/build-demo.sh [WORK_DIR]      (default: build/demo-work; resumable: run it again)
# Environment: SEED (1), THREADS (2), BUNDLE (resources/demo).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
WORK=${1:-$BUILD_DIR/demo-work}
SEED=${SEED:-1}
THREADS=${THREADS:-2}
BUNDLE=${BUNDLE:-resources/demo}
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
cmake -S . -B "$BUILD_DIR" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)" --target steerscope-cli
CLI="$BUILD_DIR/app/cli/steerscope-cli"

mkdir -p "$WORK"
start=$(date +%s)
if [ ! -f "$WORK/corpus/manifest.tsv" ]; then
  "$CLI" corpus --out "$WORK/corpus" --seed "$SEED" --jobs "$THREADS"
fi
"$CLI" train --corpus "$WORK/corpus" --work "$WORK/train" --seed "$SEED" --threads "$THREADS" --stage all --bundle "$BUNDLE"
echo "build-demo: $(( ($(date +%s) - start) / 60 )) min from corpus to bundle; the bundle is $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"
