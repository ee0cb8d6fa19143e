"""What each language's environments need from the host: read-only toolchain mounts, variables, caches.

Per-language knowledge lives here as data-shaped functions keyed by the recipe's language, never by
repository name. Build-time entries (caches, network settings) apply only while installing.
"""

from __future__ import annotations



from pydantic import BaseModel, ConfigDict

from swegauge.envs.recipe import Recipe
from swegauge.envs.toolchains import ToolchainError, find_python, find_uv, python_prefix
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


def _python(recipe: Recipe) -> Toolchain:
    interpreter = find_python(recipe.python)
    prefix = python_prefix(interpreter)
    uv_cache = cache_subdir("uv-cache")
    return Toolchain(
        mounts=(Mount(source=prefix, target=str(prefix)), Mount(source=find_uv(), target=f"{TOOLS_DIR}/uv")),
        variables={
            "PATH": f"/env/venv/bin:{TOOLS_DIR}:{BASE_PATH}",
            "VIRTUAL_ENV": "/env/venv",
            "PYTHONDONTWRITEBYTECODE": "1",
            "UV_PYTHON_DOWNLOADS": "never",
            "UV_OFFLINE": "1",
        },
        build_mounts=(Mount(source=uv_cache, target="/cache/uv", writable=True),),
        build_variables={
            "UV_CACHE_DIR": "/cache/uv",
            "UV_LINK_MODE": "copy",
            "UV_OFFLINE": "0",
            "SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt",
        },
        setup=[f"uv venv --quiet --python {interpreter} /env/venv"],
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


