"""Per-language environment support. Each module registers a toolchain (envs.toolchain_mounts) and an
auto-recipe inference (envs.auto) for its language; importing this package registers them all."""

from importlib import import_module

_MODULES = ("python", "node", "go", "rust", "jvm", "native", "make")

for _name in _MODULES:
    try:
        import_module(f"swegauge.envs.languages.{_name}")
    except ModuleNotFoundError as _err:  # a language module not written yet
        if _err.name != f"swegauge.envs.languages.{_name}":
            raise
