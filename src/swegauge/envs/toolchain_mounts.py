"""What each language's environments need from the host: read-only toolchain mounts, variables, caches.

Per-language knowledge lives here as data-shaped functions keyed by the recipe's language, never by
repository name. Build-time entries (caches, network settings) apply only while installing.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from swegauge.envs.recipe import Recipe
from swegauge.envs.toolchains import ToolchainError, find_python, find_uv, python_prefix, python_version, uv_manages
from swegauge.paths import cache_subdir
from swegauge.sandbox import Mount

TOOLS_DIR = "/opt/swegauge/bin"
BASE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class Toolchain(BaseModel):
    model_config = ConfigDict(frozen=True)

    mounts: tuple[Mount, ...] = ()
    variables: dict[str, str] = {}
    build_mounts: tuple[Mount, ...] = ()
    build_variables: dict[str, str] = {}
    setup: list[str] = []
    """Shell lines run before the recipe's install steps."""


PIP_VARIABLES = {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
UV_LINK_MODE_VARIABLE = "SWEGAUGE_UV_LINK_MODE"
"""How uv puts packages from its cache into /env: "copy" (the default), "hardlink" or "symlink". Hard links
need the cache and /env on one mount; inside the build sandbox they are two bind mounts, so uv falls back to
copying. "symlink" links /env's packages into uv's cache, which test sandboxes then mount read-only at the
same place: environments shrink to their own files, but pruning the uv cache breaks them (see
envs/recipes/VALIDATION.md for the measurements)."""
LINK_MODES = ("copy", "hardlink", "symlink")


def uv_link_mode() -> str:
    mode = os.environ.get(UV_LINK_MODE_VARIABLE, "copy")
    if mode not in LINK_MODES:
        raise ToolchainError(f"${UV_LINK_MODE_VARIABLE} must be one of {', '.join(LINK_MODES)}, not {mode!r}")
    return mode


def _venv_setup(interpreter: Path) -> list[str]:
    """Shell lines that make /env/venv: uv for the interpreters it manages, else `python -m venv` with pip."""
    version = python_version(interpreter)
    if uv_manages(version):
        return [f"uv venv --quiet --clear --python {interpreter} /env/venv"]
    if version < (3, 3):
        raise ToolchainError(f"Python {version[0]}.{version[1]} ({interpreter}) has no venv module and uv "
                             "does not support it; use Python 3.6 or newer")
    return [f"{interpreter} -m venv --clear /env/venv",
            "/env/venv/bin/python -m pip install --quiet --upgrade pip"]


def _python(recipe: Recipe) -> Toolchain:
    interpreter = find_python(recipe.python)
    prefix = python_prefix(interpreter)
    uv_cache = cache_subdir("uv-cache")
    pip_cache = cache_subdir("pip-cache")
    link_mode = uv_link_mode()
    shared_cache = (Mount(source=uv_cache, target="/cache/uv"),) if link_mode == "symlink" else ()
    return Toolchain(
        mounts=(Mount(source=prefix, target=str(prefix)), Mount(source=find_uv(), target=f"{TOOLS_DIR}/uv"),
                *shared_cache),
        variables={
            "PATH": f"/env/venv/bin:{TOOLS_DIR}:{BASE_PATH}",
            "VIRTUAL_ENV": "/env/venv",
            "PYTHONDONTWRITEBYTECODE": "1",
            "UV_PYTHON_DOWNLOADS": "never",
            "UV_OFFLINE": "1",
            **PIP_VARIABLES,
        },
        build_mounts=(Mount(source=uv_cache, target="/cache/uv", writable=True),
                      Mount(source=pip_cache, target="/cache/pip", writable=True)),
        build_variables={
            "UV_CACHE_DIR": "/cache/uv",
            "UV_LINK_MODE": link_mode,
            "UV_OFFLINE": "0",
            "PIP_CACHE_DIR": "/cache/pip",
            "PIP_CERT": "/etc/ssl/certs/ca-certificates.crt",
            "SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt",
        },
        setup=_venv_setup(interpreter),
    )


_BUILDERS = {"python": _python}


def register_toolchain(language: str, builder) -> None:
    _BUILDERS[language] = builder


def toolchain_for(recipe: Recipe) -> Toolchain:
    try:
        builder = _BUILDERS[recipe.language]
    except KeyError:
        known = ", ".join(sorted(_BUILDERS))
        raise ToolchainError(f"no toolchain for language {recipe.language!r} (known: {known})") from None
    return builder(recipe)


