"""Finding the host toolchains a recipe needs: Python interpreters (several versions) and uv.

uv makes and fills the virtual environment of every interpreter from UV_MIN_PYTHON on. Older ones (3.6,
which SWE-bench uses for Django 3.x, astropy 1.3 and scikit-learn 0.2x) get a `python -m venv` environment
with pip in it, the same /env/venv layout: legacy `setup.py develop` editable installs need pip and a
setuptools older than the PEP 660 editable hooks, which uv's own installer does not drive.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path


class ToolchainError(Exception):
    """A toolchain a recipe asks for is not on this machine."""


def _pyenv_roots() -> list[Path]:
    roots = [os.environ.get("PYENV_ROOT", ""), str(Path.home() / ".pyenv"), "/root/.pyenv", "/opt/pyenv"]
    return [Path(r) / "versions" for r in roots if r and (Path(r) / "versions").is_dir()]


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text)[:3])


@lru_cache(maxsize=None)
def find_python(version: str | None) -> Path:
    """The interpreter for "3.9" (or "3.9.18"); None means the one running swegauge.

    Looks in pyenv's versions folders, then for pythonX.Y on PATH.
    """
    if not version:
        return Path(sys.base_prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    found: list[Path] = []
    for root in _pyenv_roots():
        for entry in root.iterdir():
            if entry.name == version or entry.name.startswith(version + "."):
                exe = entry / "bin" / "python"
                if exe.exists():
                    found.append(exe)
    if found:
        return max(found, key=lambda p: _version_key(p.parent.parent.name))
    on_path = shutil.which(f"python{version}")
    if on_path:
        return Path(on_path).resolve()
    raise ToolchainError(f"no Python {version} interpreter on this machine (looked in pyenv and PATH)")


@lru_cache(maxsize=None)
def python_prefix(interpreter: Path) -> Path:
    """The installation prefix of an interpreter: the directory a sandbox must see read-only."""
    out = subprocess.run(
        [str(interpreter), "-c", "import sys; print(getattr(sys, 'base_prefix', sys.prefix))"], capture_output=True, text=True
    )
    if out.returncode != 0:
        raise ToolchainError(f"{interpreter} does not run: {out.stderr.strip()}")
    return Path(out.stdout.strip())


UV_MIN_PYTHON = (3, 7)


@lru_cache(maxsize=None)
def python_version(interpreter: Path) -> tuple[int, int]:
    """(major, minor) of an interpreter, asked of the interpreter itself."""
    out = subprocess.run([str(interpreter), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise ToolchainError(f"{interpreter} does not run: {out.stderr.strip()}")
    major, minor = out.stdout.strip().split(".")
    return int(major), int(minor)


def uv_manages(version: tuple[int, int]) -> bool:
    """Whether uv makes this interpreter's environment (else `python -m venv` and pip do)."""
    return version >= UV_MIN_PYTHON


@lru_cache(maxsize=None)
def find_uv() -> Path:
    try:
        from uv import find_uv_bin  # the uv wheel ships its binary

        return Path(find_uv_bin()).resolve()
    except (ImportError, FileNotFoundError):
        pass
    found = shutil.which("uv")
    if not found:
        raise ToolchainError("uv is not installed (pip install uv)")
    return Path(found).resolve()


@lru_cache(maxsize=None)
def available_pythons() -> list[str]:
    """The "X.Y" versions this machine has interpreters for, oldest first."""
    versions = set()
    for root in _pyenv_roots():
        for entry in root.iterdir():
            parts = entry.name.split(".")
            if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit() and (entry / "bin" / "python").exists():
                versions.add(f"{parts[0]}.{parts[1]}")
    versions.add(f"{sys.version_info.major}.{sys.version_info.minor}")
    return sorted(versions, key=_version_key)
