#!/usr/bin/env bash
# Installs every Debian 12 package SteerScope needs to build, run and test.
# Idempotent; run as root (or with sudo available). Usage: scripts/install-deps.sh [--runtime-only]
set -euo pipefail

BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libtorch-dev
  libfftw3-dev libhdf5-dev hdf5-tools
  libsndfile1-dev libsamplerate0-dev
  libespeak-ng-dev espeak-ng-data
  libpcre2-dev libutf8proc-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  qt6-base-dev qt6-charts-dev qt6-multimedia-dev qt6-svg-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6
  libqt6opengl6-dev libxkbcommon-dev libgl-dev
  xvfb xauth
)
TEST_PACKAGES=(
  sctk python3 python3-h5py python3-numpy time
)
# The tokenizer oracle runs on Node.js; a machine may already have it from NodeSource (which bundles npm
# and conflicts with Debian's npm package), so Debian's are only added where node or npm is missing.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  TEST_PACKAGES+=(nodejs npm)
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
