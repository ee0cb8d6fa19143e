"""Session fixtures for the parser tests: one npm project with jest, vitest and mocha for the session."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

NPM_PACKAGES = ("jest@29", "mocha@10", "vitest@3")
"""vitest 3 (with vite 7) installs with node 20; vite 8 does not."""


@pytest.fixture(scope="session")
def npm_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A node project with the JS test runners installed (from the npm registry, npm's cache reused)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("toolchain not installed: node/npm")
    root = tmp_path_factory.mktemp("npm-runners")
    (root / "package.json").write_text(json.dumps({"name": "runners", "version": "1.0.0", "private": True}))
    try:
        done = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", *NPM_PACKAGES],
            cwd=root, capture_output=True, text=True, timeout=300,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("npm install of jest/mocha/vitest timed out")
    if done.returncode != 0:
        pytest.skip(f"npm install of jest/mocha/vitest failed: {done.stderr.strip()[-300:]}")
    return root
