"""JavaScript and TypeScript environments: the host's node and npm, the project's node_modules kept in /env.

Build (network on, /env writable, a throw-away copy of the repository at /workspace): the recipe's install
lines run npm as a user would, in /workspace (`npm ci` when a lockfile exists, else `npm install`), with
npm's cache under the swegauge cache (mounted writable only while building); then `swegauge-node save`
copies every node_modules folder of the tree into /env.

Test (network off, /env read-only, a fresh copy of the repository): the recipe's pre_test line
`swegauge-node link` gives /workspace a writable node_modules whose entries are symlinks into /env
(node resolves them to their real paths, so packages find their own dependencies there), and npm is
pinned offline with an empty cache in /tmp, so nothing tries to reach the registry. TypeScript runs
through the project's own tooling (tsc, ts-jest, vitest), installed like any other dependency.

The helper `swegauge-node` (node_helper.sh beside this file) is mounted on PATH at /opt/swegauge/bin;
recipes call it by name. /workspace/node_modules/.bin comes first on PATH, so `jest`, `vitest`, `mocha`
and `tsc` are the project's own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from swegauge.envs.recipe import Recipe
from swegauge.envs.toolchain_mounts import BASE_PATH, TOOLS_DIR, Toolchain, register_toolchain
from swegauge.envs.toolchains import ToolchainError
from swegauge.paths import cache_subdir
from swegauge.sandbox import Mount

LANGUAGES = ("javascript", "typescript")
HELPER_NAME = "swegauge-node"
HELPER_SOURCE = Path(__file__).with_name("node_helper.sh")
SAVE_LINE = f"{HELPER_NAME} save"
"""The install line that keeps node_modules: the last install step of every node recipe."""
LINK_LINE = f"{HELPER_NAME} link"
"""The pre_test line that gives a fresh workspace its node_modules back."""
CA_FILE = "/etc/ssl/certs/ca-certificates.crt"
SYSTEM_PREFIXES = ("/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/")
"""Directories every sandbox already sees read-only: a node installed under them needs no mount."""
WORKSPACE_BIN = "/workspace/node_modules/.bin"

QUIET_NPM = {
    "NPM_CONFIG_UPDATE_NOTIFIER": "false",
    "NPM_CONFIG_FUND": "false",
    "NPM_CONFIG_AUDIT": "false",
    "NPM_CONFIG_CAFILE": CA_FILE,
    "NO_UPDATE_NOTIFIER": "1",
    "COREPACK_ENABLE_DOWNLOAD_PROMPT": "0",
}


@lru_cache(maxsize=None)
def find_node() -> Path:
    """The host's node executable (resolved); ToolchainError when there is none."""
    found = shutil.which("node")
    if not found:
        raise ToolchainError("node is not installed (JavaScript/TypeScript recipes need node and npm on PATH)")
    node = Path(found).resolve()
    if shutil.which("npm", path=str(Path(found).parent)) is None and shutil.which("npm") is None:
        raise ToolchainError(f"npm is not installed beside {node}")
    return node


def node_prefix(node: Path) -> Path | None:
    """The installation prefix to mount when node lives outside the system directories (nvm, /opt)."""
    if str(node).startswith(SYSTEM_PREFIXES):
        return None
    return node.parent.parent


def helper_path() -> Path:
    """The helper script, copied executable into the cache (a wheel may not keep the file's mode)."""
    text = HELPER_SOURCE.read_bytes()
    target = cache_subdir("tools") / HELPER_NAME
    if target.exists() and target.read_bytes() == text and os.access(target, os.X_OK):
        return target
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{HELPER_NAME}-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(text)
    os.chmod(temp, 0o755)
    os.replace(temp, target)
    return target


def node_toolchain(recipe: Recipe) -> Toolchain:
    """What a node recipe's sandboxes need; the same for JavaScript and TypeScript."""
    node = find_node()
    prefix = node_prefix(node)
    mounts = [Mount(source=helper_path(), target=f"{TOOLS_DIR}/{HELPER_NAME}")]
    path = [WORKSPACE_BIN, TOOLS_DIR]
    if prefix is not None:
        mounts.append(Mount(source=prefix, target=str(prefix)))
        path.append(str(node.parent))
    npm_cache = cache_subdir("npm-cache")
    return Toolchain(
        mounts=tuple(mounts),
        variables={
            "PATH": ":".join([*path, BASE_PATH]),
            **QUIET_NPM,
            "NPM_CONFIG_OFFLINE": "true",
            "NPM_CONFIG_CACHE": "/tmp/npm-cache",
            "NEXT_TELEMETRY_DISABLED": "1",
        },
        build_mounts=(Mount(source=npm_cache, target="/cache/npm", writable=True),),
        build_variables={
            "NPM_CONFIG_OFFLINE": "false",
            "NPM_CONFIG_PREFER_OFFLINE": "true",
            "NPM_CONFIG_CACHE": "/cache/npm",
            "SSL_CERT_FILE": CA_FILE,
            "NODE_EXTRA_CA_CERTS": CA_FILE,
        },
        setup=["echo \"node $(node --version), npm $(npm --version)\""],
    )


for _language in LANGUAGES:
    register_toolchain(_language, node_toolchain)

from swegauge.envs.languages import node_infer as _node_infer  # noqa: E402,F401  (registers auto inference)
