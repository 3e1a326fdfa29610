#!/usr/bin/env bash
# Builds steerscope-cli and runs the main job on the embedded demo.
# Until the demo bundle (resources/demo) exists, this runs the CLI on the tiny fixture checkpoints that
# the test suite uses (random weights: the router statistics are real computations, the text is not
# meaningful) and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
cmake -S . -B "$BUILD_DIR" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)" --target steerscope-cli
CLI="$BUILD_DIR/app/cli/steerscope-cli"

if [ -f resources/demo/bundle.json ]; then
  exec "$CLI" demo "$@"
fi

F=tests/data/fixtures
echo
echo "== The demo bundle is not built yet: running on the tiny fixture checkpoints (random weights) =="
echo
"$CLI" info "$F/steermoe_ckpt/pytorch_model.bin"
echo
"$CLI" encode --encoder "$F/whisper_tiny" --steering "$F/steermoe_ckpt/pytorch_model.bin" --audio "$F/audio/clip0_16k.wav"
echo
echo "== transcribe (reference layout, fixed prompt ids; the fixture decoder has no tokenizer) =="
"$CLI" transcribe --encoder "$F/whisper_tiny" --steering "$F/steermoe_ckpt" --decoder "$F/qwen2_tiny" \
  --prompt-ids 101,7,333,42,256,18 --max-new-tokens 8 --json --audio "$F/audio/clip0_16k.wav" "$F/audio/clip1_16k.wav"
