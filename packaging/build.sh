#!/usr/bin/env bash
# Builds OmiDesk for the platform it runs on, then (on Linux) smoke-tests the result.
#
#   packaging/build.sh [--clean]       # PYTHON=… to use another interpreter than .venv's
#
#   dist/omidesk-<version>-py3-none-any.whl   the wheel (pip install / pipx install)
#   dist/share/                               what a Linux package puts under /usr/share:
#                                             applications/, metainfo/, icons/hicolor/
#   dist/omidesk/                             the one-folder bundle (PyInstaller); on macOS
#                                             also dist/OmiDesk.app
#
# Smoke tests of the Linux bundle: --version, the demo window offscreen quitting by itself
# with no traceback in its output or log, a call through the sandbox (httpx, phonenumbers'
# data, SQLite), and no library in the bundle needing one the spec left out.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [[ -z ${PYTHON:-} ]]; then
  PYTHON=.venv/bin/python
  [[ -x $PYTHON ]] || PYTHON=.venv/Scripts/python.exe  # Git Bash on Windows
fi
clean=()
[[ ${1:-} == --clean ]] && clean=(--clean)
started=$(date +%s)
step() { printf '\n[build] %s\n' "$*"; }
fail() { printf '[build] FAILED: %s\n' "$*" >&2; exit 1; }

step "wheel"
rm -f dist/omidesk-*.whl
"$PYTHON" -m pip wheel --no-deps --disable-pip-version-check --quiet --wheel-dir dist .
wheel=$(ls dist/omidesk-*.whl)
version=${wheel#dist/omidesk-}
version=${version%%-*}
echo "$wheel"

step "icons and freedesktop files (dist/share)"
rm -rf dist/share
mkdir -p dist/share/applications dist/share/metainfo
cp resources/linux/omidesk.desktop dist/share/applications/
cp resources/linux/vn.omidesk.OmiDesk.metainfo.xml dist/share/metainfo/
"$PYTHON" packaging/linux/icons.py dist/share/icons >/dev/null
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate dist/share/applications/omidesk.desktop
fi
if command -v appstreamcli >/dev/null; then
  # validate-tree reads <root>/usr/share: checks the launchable and the icon as installed.
  tree=$(mktemp -d)
  ln -s "$ROOT/dist" "$tree/usr"
  appstreamcli validate-tree --no-net "$tree" || fail "appstreamcli validate-tree"
  rm -rf "$tree"
fi

step "bundle (PyInstaller)"
"$PYTHON" -m PyInstaller --version >/dev/null 2>&1 ||
  "$PYTHON" -m pip install --disable-pip-version-check --quiet pyinstaller
rm -rf dist/omidesk dist/OmiDesk.app
OMIDESK_WHEEL=$wheel "$PYTHON" -m PyInstaller --noconfirm "${clean[@]}" --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/pyinstaller/omidesk.spec

bundle=dist/omidesk
if [[ $(uname -s) == Linux ]]; then
  step "smoke tests"
  scratch=$(mktemp -d)
  trap 'kill "${sandbox_pid:-}" 2>/dev/null || true; rm -rf "$scratch"' EXIT

  said=$("$bundle/omidesk" --version)
  [[ $said == "omidesk $version" ]] || fail "--version said '$said', not 'omidesk $version'"
  echo "--version: $said"

  home=$scratch/window
  code=0
  QT_QPA_PLATFORM=offscreen OMIDESK_HOME=$home timeout 60 \
    "$bundle/omidesk" --demo --quit-after 3 >"$scratch/window.out" 2>&1 || code=$?
  [[ $code == 0 ]] || { cat "$scratch/window.out"; fail "the demo window exited $code"; }
  [[ -s $home/log/omidesk.log ]] || fail "the demo window wrote no log"
  if grep -l -E "Traceback|CRITICAL| ERROR " "$scratch/window.out" "$home/log/omidesk.log"; then
    cat "$scratch/window.out" "$home/log/omidesk.log"
    fail "the demo window logged an error"
  fi
  echo "demo window offscreen: started, quit after 3 s, exit 0, clean log"

  export OMIDESK_HOME=$scratch/cli
  "$bundle/omidesk" sandbox --port 0 >"$scratch/sandbox.out" 2>&1 &
  sandbox_pid=$!
  for _ in $(seq 100); do grep -q "Base URL" "$scratch/sandbox.out" && break; sleep 0.1; done
  url=$(awk '/Base URL/ {print $3}' "$scratch/sandbox.out")
  [[ -n $url ]] || { cat "$scratch/sandbox.out"; fail "the sandbox did not start"; }
  answer=$(OMIDESK_BASE_URL=$url OMIDESK_API_KEY=demo-api-key-0001 OMIDESK_EXTENSION=101 \
    OMIDESK_HOTLINE=02877788056 "$bundle/omidesk" call "(090) 123-4567" --json) ||
    fail "omidesk call: $answer"
  [[ $answer == *'"status": "accepted"'* && $answer == *'"number": "0901234567"'* ]] ||
    fail "omidesk call: $answer"
  kill "$sandbox_pid"
  unset OMIDESK_HOME
  echo "call through the sandbox: accepted"

  # Every library a bundled binary links to must not be one the spec dropped as unused.
  dropped=build/pyinstaller/omidesk/dropped.txt
  needed=$(find "$bundle" -type f \( -name '*.so' -o -name '*.so.*' \) -exec ldd {} + 2>/dev/null |
    awk '$2 == "=>" {print $1}' | sort -u)
  missing=$(grep -Fxf "$dropped" <<<"$needed" || true)
  [[ -z $missing ]] || fail "bundled binaries need dropped libraries: $missing"
  echo "libraries: nothing needs the $(wc -l <"$dropped") dropped files"
fi

step "done in $(($(date +%s) - started)) s"
du -sh "$bundle" | awk '{print "bundle size: " $1 " (" $2 ")"}'
echo "wheel size: $(wc -c <"$wheel") bytes"
