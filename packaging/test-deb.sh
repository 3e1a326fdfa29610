#!/usr/bin/env bash
# Builds the Debian package with CPack, installs it with apt on this machine, and runs the installed
# programs from their installed locations:
#   steerscope-cli --version
#   steerscope --version            (offscreen: no display needed)
#   steerscope-cli demo             (from the installed bundle, in a scratch directory)
# Needs root (or sudo) for apt. Environment:
#   BUILD_DIR   build directory (default: build-deb; a configured tree is reused)
#   JOBS        parallel build jobs (default: 2)
#   REMOVE=1    purge the package at the end (by default it stays installed)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-deb}
JOBS=${JOBS:-2}
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

step() { printf '\n== %s\n' "$*"; }

step "configure ($BUILD_DIR)"
# Only the programs and the packaged files are built: install() must not wait for the test suites.
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSTEERSCOPE_BUILD_GUI=ON -DSTEERSCOPE_BUILD_TESTS=OFF -DSTEERSCOPE_BUILD_BENCHMARKS=OFF \
  -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON >/dev/null

step "build steerscope, steerscope-cli and the manual pages"
cmake --build "$BUILD_DIR" -j "$JOBS" --target steerscope steerscope-cli steerscope_man_pages

step "package"
rm -f "$BUILD_DIR"/steerscope_*.deb
(cd "$BUILD_DIR" && cpack -G DEB >/dev/null)
deb=$(ls "$BUILD_DIR"/steerscope_*.deb)
echo "$deb"
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends
contents=$(dpkg-deb --contents "$deb")
for f in ./usr/bin/steerscope ./usr/bin/steerscope-cli ./usr/share/applications/steerscope.desktop \
         ./usr/share/icons/hicolor/scalable/apps/steerscope.svg \
         ./usr/share/metainfo/io.github.steerscope.SteerScope.metainfo.xml \
         ./usr/share/man/man1/steerscope-cli.1.gz ./usr/share/man/man1/steerscope.1.gz; do
  if ! grep -q " $f\$" <<<"$contents"; then
    echo "test-deb: the package lacks $f" >&2
    exit 1
  fi
done
if [ -d resources/demo ]; then
  grep -q " ./usr/share/steerscope/demo/" <<<"$contents" || { echo "test-deb: resources/demo exists but is not packaged" >&2; exit 1; }
  echo "demo bundle: packaged"
else
  echo "demo bundle: none in resources/demo yet, not packaged"
fi

step "install with apt"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -qq --reinstall "$(realpath "$deb")" >/dev/null
dpkg-query -W -f='installed: ${Package} ${Version}\n' steerscope

step "run the installed programs"
cd /  # nothing from the source or build tree is on hand
/usr/bin/steerscope-cli --version
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp} /usr/bin/steerscope --version
if [ -f /usr/share/steerscope/demo/bundle.json ]; then
  out=$(mktemp -d)
  (cd "$out" && /usr/bin/steerscope-cli demo --no-gui)
  test -s "$out/steerscope-demo.h5" || { echo "test-deb: the installed demo wrote no recording" >&2; exit 1; }
  rm -rf "$out"
else
  echo "SKIPPED: steerscope-cli demo (this package was built without a demo bundle)"
fi
man -w steerscope-cli >/dev/null 2>&1 && echo "man page: $(man -w steerscope-cli)" || echo "man page: installed (man-db not available to look it up)"

if [ "${REMOVE:-0}" = "1" ]; then
  step "remove"
  $SUDO apt-get purge -y -qq steerscope >/dev/null
fi
step "test-deb: OK"
