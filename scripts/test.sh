#!/usr/bin/env bash
# Run the whole test suite (unit and integration: real sandboxes, git, toolchains, servers).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m pytest -q "$@"
