#!/usr/bin/env bash
# Install everything swegauge needs on a fresh Debian machine (run as root, or with sudo available):
# system packages, the Python environment in .venv, the embedded model, the starter suite.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

APT_PACKAGES=(bubblewrap git patch ca-certificates g++ cmake ninja-build libgtest-dev libcmocka-dev chromium fonts-dejavu-core fonts-liberation
  graphviz libenchant-2-2)  # the last two: SWE-bench tasks (sphinx diagrams, pylint spelling)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# Toolchains the machine may already have from elsewhere (e.g. a JDK outside Debian's packages).
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v javac >/dev/null 2>&1 || missing+=(default-jdk-headless)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON="${SWEGAUGE_PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if ! "$PYTHON" -m uv --version >/dev/null 2>&1; then
  echo "== pip install uv"
  "$PYTHON" -m pip install -q uv
fi

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PYTHON" -m uv venv -q --python "$("$PYTHON" -c 'import sys; print(sys.executable)')" .venv
fi
echo "== installing swegauge into .venv"
"$PYTHON" -m uv pip install -q --python .venv/bin/python -e '.[test,ray]'

if [ -x scripts/install-embedded.sh ] || [ -f scripts/install-embedded.sh ]; then
  echo "== embedded model"
  PATH="$PWD/.venv/bin:$PATH" bash scripts/install-embedded.sh .venv
fi

echo "== starter suite"
.venv/bin/swegauge suites >/dev/null
echo "== installed: .venv/bin/swegauge"
