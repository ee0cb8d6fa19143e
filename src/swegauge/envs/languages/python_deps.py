"""What a Python project needs installed to run its tests, and the install ladder that gets it there.

Sources, all from the repository itself: requirement files (requirements*.txt, requirements/ test and dev
files, tests/requirements*.txt), tox.ini's [testenv] deps (and the files it names with -r), the test extra
(tox's [testenv] extras, else one named test/tests/testing/dev of pyproject.toml / setup.cfg / setup.py), setup.py's or setup.cfg's tests_require, PEP 735 dependency
groups, and the pytest plugins its pytest configuration uses (`--cov` needs pytest-cov, `-n` pytest-xdist,
`asyncio_mode` pytest-asyncio, `required_plugins` as listed).

The date bound leaves build backends out (BUILD_BACKENDS): they are taken as new as the interpreter allows.

Rungs (one resolver call each, so the versions agree with each other):
1. everything above, date-bounded;
2. the package (no extras) with its requirement files and pytest;
3. the same with every `==` / `<=` pin in the requirement files dropped (pins of another era);
4. rung 1 without the date bound (a dependency the bound hides);
5. requirement files and pytest only, the package not installed (tests import it from /workspace).
Each rung must also pass a collection check (CHECK: pytest starts and collects at the environment commit);
when none does, rung 1 is installed unchecked, as the last rung. Bytecode is compiled at install time
(`--compile-bytecode`): test runs cannot write it to the read-only /env, and compiling a dependency's
source during a run under `filterwarnings = error` turns its old escape sequences into errors.
"""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

from swegauge.envs.auto import ladder

REQUIREMENT_FILES = (
    "requirements.txt", "requirements-dev.txt", "requirements-test.txt", "requirements-tests.txt",
    "requirements_dev.txt", "requirements_test.txt", "test-requirements.txt", "test_requirements.txt",
    "dev-requirements.txt", "requirements-testing.txt", "requirements/test.txt", "requirements/tests.txt",
    "requirements/dev.txt", "requirements/testing.txt", "requirements/base.txt", "tests/requirements.txt",
    "test/requirements.txt",
)
TEST_EXTRAS = ("test", "tests", "testing", "dev", "develop", "all")
TEST_GROUPS = ("test", "tests", "testing", "dev")
PLUGIN_FLAGS = {
    "--cov": "pytest-cov", "-n": "pytest-xdist", "--numprocesses": "pytest-xdist", "--dist": "pytest-xdist",
    "--timeout": "pytest-timeout", "--benchmark": "pytest-benchmark", "--reruns": "pytest-rerunfailures",
    "--mypy": "pytest-mypy", "--flake8": "pytest-flake8", "--black": "pytest-black", "--doctest-rst": "",
    "--html": "pytest-html", "--randomly": "pytest-randomly", "--hypothesis": "hypothesis",
    "--import-check": "", "--mpl": "pytest-mpl", "--env": "pytest-env",
}
INI_PLUGINS = {"asyncio_mode": "pytest-asyncio", "timeout": "pytest-timeout", "env": "pytest-env",
               "mock_use_standalone_module": "pytest-mock", "django_settings_module": "pytest-django",
               "DJANGO_SETTINGS_MODULE": "pytest-django"}
BUILD_BACKENDS = ("setuptools", "wheel", "setuptools-scm", "flit-core", "hatchling", "hatch-vcs", "poetry-core",
                  "pdm-backend")
"""Left out of the date bound: an editable install needs a backend with PEP 660 hooks (setuptools >= 64,
2022), and a 2020 setuptools has none (measured: itsdangerous at 2020-08 failed to build editable)."""
UNBOUNDED = "2099-12-31"
RUNTIME_SETUPTOOLS = "setuptools<81"
"""Installed beside the tests: older pytest (and plugins) import pkg_resources at start-up (measured:
requests at 2021-05, pytest 3.x: "No module named 'pkg_resources'"), which setuptools 81 drops and a
fresh uv venv does not have."""
CHECK = ("{ python -m pytest --collect-only -q -p no:cacheprovider > /tmp/swegauge-collect.log 2>&1; status=$?; "
         "[ $status -le 2 ] || [ $status -eq 5 ] || { tail -n 15 /tmp/swegauge-collect.log; echo "
         "\"collection check failed (exit $status)\"; false; }; }")
"""A rung counts only when pytest can start and collect: exit 3 (internal error: a plugin too new for the
pytest chosen) and 4 (usage error: a conftest.py that cannot import its dependencies) fail it; failures of
single test files (exit 1, 2) and no tests (5) do not. Measured: attrs at 2021-06 (conftest needs
hypothesis, which only tox's `extras` named), flask at 2021-06 (an installed dependency whose source
warns, under filterwarnings=error)."""
UNPIN = r"sed -E -e 's/[[:space:]]+#.*$//' -e 's/ *(==|<=|~=|===)[^;#]*//' -e '/^[[:space:]]*--hash/d' -e 's/[[:space:]]*\\$//' {src} > {dest}"
BUILD_CONSTRAINTS = "/tmp/swegauge-build-constraints.txt"
WRITE_BUILD_CONSTRAINTS = f"printf 'setuptools<81\\n' > {BUILD_CONSTRAINTS}"
"""Old sdists (iniconfig 1.0.0, setuptools-scm-based builds) import pkg_resources while building: the build
backend is new, but not past setuptools 80 (measured: markupsafe at 2021-01)."""


def requirement_files(tree: Path) -> list[str]:
    """Requirement files for running the tests (docs and lint-only files left out)."""
    found = [name for name in REQUIREMENT_FILES if (tree / name).is_file()]
    for pattern in ("requirements*.txt", "requirements/*.txt", "*-requirements.txt"):
        for path in sorted(tree.glob(pattern)):
            rel = path.relative_to(tree).as_posix()
            if rel not in found and re.search(r"test|dev|ci", path.stem) and not re.search(r"doc|lint|typ", path.stem):
                found.append(rel)
    return found


def _ini(path: Path) -> configparser.ConfigParser | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return None
    return parser


def tox_deps(tree: Path) -> tuple[list[str], list[str]]:
    """[testenv] deps of tox.ini: (requirement strings, requirement files it names with -r)."""
    path = tree / "tox.ini"
    parser = _ini(path) if path.is_file() else None
    if parser is None:
        return [], []
    raw = parser.get("testenv", "deps", fallback="")
    specs: list[str] = []
    files: list[str] = []
    for line in (d.strip() for d in raw.splitlines()):
        if re.match(r"^[\w,!-]+:\s", line) or re.search(r"\w\+\w+://|^https?://", line):
            continue  # a factor's own deps (`py38: x`), or a VCS/URL requirement (nothing but PyPI is reachable)
        if line.startswith("-r"):
            rel = line[2:].strip().replace("{toxinidir}/", "")
            if (tree / rel).is_file():
                files.append(rel)
        elif line and not line.startswith(("-", "{", "#", ".")):
            specs.append(line.split(" #")[0].strip())
    return specs, files


def _setup_cfg_lists(tree: Path) -> tuple[set[str], list[str]]:
    """setup.cfg's extras names and its tests_require."""
    cfg = tree / "setup.cfg"
    parser = _ini(cfg) if cfg.is_file() else None
    if parser is None:
        return set(), []
    extras = set(parser.options("options.extras_require")) if parser.has_section("options.extras_require") else set()
    tests_require = parser.get("options", "tests_require", fallback="")
    return extras, [r.strip() for r in tests_require.splitlines() if r.strip()]


def test_extra(tree: Path, pyproject: dict) -> str:
    """"[test]" (or the project's name for it) when the project declares one, else ""."""
    from swegauge.envs.languages.python import setup_py_keywords

    extras = set((pyproject.get("project") or {}).get("optional-dependencies") or {})
    cfg_extras, _ = _setup_cfg_lists(tree)
    extras |= cfg_extras
    declared = setup_py_keywords(tree).get("extras_require")
    if isinstance(declared, dict):
        extras |= {str(k) for k in declared}
    for name in tox_extras(tree):  # the extra tox itself installs for the tests (setup.py may build it late)
        return f"[{name}]"
    for name in TEST_EXTRAS:
        if name in extras:
            return f"[{name}]"
    return ""


def tox_extras(tree: Path) -> list[str]:
    """[testenv] extras of tox.ini ("extras = tests")."""
    parser = _ini(tree / "tox.ini") if (tree / "tox.ini").is_file() else None
    raw = parser.get("testenv", "extras", fallback="") if parser is not None else ""
    raw = re.sub(r"\{env:[^:}]+:([^}]*)\}", r"\1", raw)  # tox's {env:NAME:default} -> default
    return [e.strip() for e in re.split(r"[\s,]+", raw) if e.strip() and not e.strip().startswith("{")]


def tests_require(tree: Path, pyproject: dict) -> list[str]:
    """tests_require (setup.py, setup.cfg) and the test dependency group (PEP 735), as requirement strings."""
    from swegauge.envs.languages.python import setup_py_keywords

    found = [r for r in setup_py_keywords(tree).get("tests_require") or [] if isinstance(r, str)]
    found += _setup_cfg_lists(tree)[1]
    groups = pyproject.get("dependency-groups") or {}
    for name in TEST_GROUPS:
        for item in groups.get(name) or []:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict) and isinstance(groups.get(item.get("include-group")), list):
                found += [i for i in groups[item["include-group"]] if isinstance(i, str)]
        if groups.get(name):
            break
    return found


def _pytest_settings(tree: Path, pyproject: dict) -> dict[str, str]:
    settings: dict[str, str] = {}
    for name, section in (("pytest.ini", "pytest"), ("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")):
        parser = _ini(tree / name) if (tree / name).is_file() else None
        if parser is not None and parser.has_section(section):
            settings.update(dict(parser.items(section)))
    options = ((pyproject.get("tool") or {}).get("pytest") or {}).get("ini_options") or {}
    for key, value in options.items():
        settings[key] = " ".join(map(str, value)) if isinstance(value, list) else str(value)
    return settings


def pytest_plugins(tree: Path, pyproject: dict) -> list[str]:
    """Plugins the project's pytest configuration cannot run without."""
    settings = _pytest_settings(tree, pyproject)
    plugins: list[str] = []
    for word in settings.get("addopts", "").replace("=", " ").split():
        for flag, plugin in PLUGIN_FLAGS.items():
            if plugin and (word == flag or word.startswith(flag + "-") and flag == "--cov"):
                plugins.append(plugin)
    plugins += [plugin for key, plugin in INI_PLUGINS.items() if key in settings]
    plugins += [p for p in re.split(r"[\s,]+", settings.get("required_plugins", "")) if p]
    return list(dict.fromkeys(plugins))


def runtime_requires(tree: Path, pyproject: dict) -> list[str]:
    """The package's own dependencies ([project] dependencies, setup.py's install_requires)."""
    from swegauge.envs.languages.python import setup_py_keywords

    found = [d for d in (pyproject.get("project") or {}).get("dependencies") or [] if isinstance(d, str)]
    found += [d for d in setup_py_keywords(tree).get("install_requires") or [] if isinstance(d, str)]
    return found


def _quoted(specs: list[str]) -> list[str]:
    return [shlex.quote(s) for s in specs]


def install_ladder(tree: Path, pyproject: dict, *, installable: bool, cutoff) -> list[str]:
    """The install lines of a Python auto recipe: one ladder line (see the module docstring)."""
    files = requirement_files(tree)
    tox_specs, tox_files = tox_deps(tree)
    files += [f for f in tox_files if f not in files]
    extras = test_extra(tree, pyproject) if installable else ""
    extra_specs = tests_require(tree, pyproject) + tox_specs + pytest_plugins(tree, pyproject)
    reqs = [f"-r {shlex.quote(f)}" for f in files]
    package = [f"-e {shlex.quote('.' + extras)}"] if installable else []
    bare_package = ["-e ."] if installable else []
    backends = "".join(f"--exclude-newer-package {name}={UNBOUNDED} " for name in BUILD_BACKENDS)
    build = f"--compile-bytecode -b {BUILD_CONSTRAINTS} "
    bound = (f"--exclude-newer {cutoff.isoformat()} {backends}" if cutoff else "") + build
    tail = ["pytest", shlex.quote(RUNTIME_SETUPTOOLS)]
    everything = [*reqs, *package, *_quoted(extra_specs), *tail]
    rungs: list[tuple[str, list[str]]] = [("test requirements", [f"uv pip install {bound}" + " ".join(everything)])]
    if extras or extra_specs or tox_specs:
        rungs.append(("package without extras", [f"uv pip install {bound}" + " ".join([*reqs, *bare_package, *tail])]))
    if files:
        unpinned = [f"/tmp/unpinned-{i}.txt" for i in range(len(files))]
        steps = [UNPIN.format(src=shlex.quote(f), dest=u) for f, u in zip(files, unpinned)]
        line = " ".join([*(f"-r {u}" for u in unpinned), *bare_package, *tail])
        rungs.append(("requirements unpinned", [*steps, f"uv pip install {bound}{line}"]))
    if cutoff:
        rungs.append(("no date bound", [f"uv pip install {build}" + " ".join(everything)]))
    if installable:
        own = _quoted(runtime_requires(tree, pyproject))
        rungs.append(("package not installed", [f"uv pip install {bound}" + " ".join([*reqs, *own, *tail])]))
    checked = [(label, [*commands, CHECK]) for label, commands in rungs]
    return [WRITE_BUILD_CONSTRAINTS, ladder([*checked, ("test requirements, unchecked", rungs[0][1])])]
