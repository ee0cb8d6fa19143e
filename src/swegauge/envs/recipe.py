"""A recipe: how to build and test one repository at one version. Data, never code per repository.

A recipe file is JSON, one per repository, holding one entry per version (or "*" for any version):

    {"repo": "starter/textkit",
     "versions": {"*": {"language": "python", "python": "3.11",
                        "install": ["uv pip install pytest==8.3.3"],
                        "test_command": "python -m pytest -rA --junitxml=/report/junit.xml {tests}",
                        "parser": "pytest"}}}

SWE-bench's repositories have one file each in envs/recipes/ (facts from SWE-bench's published environment
specifications: Python version, pinned packages, install and test commands per version; what was validated
is in envs/recipes/VALIDATION.md). Two conventions there:

- In-tree build outputs. The build workspace is thrown away; only /env persists, and tests run over a fresh
  copy of the repository at base_commit. Editable installs keep working (they point at /workspace), but what
  the install wrote into the tree (extension modules built in place, setuptools_scm's _version.py, a legacy
  develop install's egg-info) would vanish. So the first install line lists the tree's files, the last one
  tars every file the install added (minus build/, .eggs/, *.o, *.pyc) into /env/inplace.tar, and the first
  pre_test line unpacks it over /workspace with --skip-old-files (files of the base commit and the
  candidate's patch win). A candidate that edits C sources is tested against the extensions built at the
  environment commit, as no compiler runs at test time.
- Era-appropriate versions. SWE-bench's pins are installed first, without a date; the remaining resolution
  runs with `uv pip install --exclude-newer <about a month after the environment commit>` (setuptools may be
  as new as mid-2023, for PEP 660 editable installs). uv keeps installed pins even when they are newer.

Commands are shell lines. Install steps run once per environment key in a sandbox that has the network,
with the repository (at the environment commit) at /workspace and the environment directory writable at
/env; test commands run later with the network off and /env read-only.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class RecipeError(Exception):
    """A recipe file is missing, malformed, or has no entry for the version asked for."""


class Recipe(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    language: str = "python"
    python: str | None = None
    """Python version for Python recipes (e.g. "3.9"); the interpreter must exist on the machine."""
    install: tuple[str, ...] = ()
    """Shell lines run once when the environment is built (network on, /env writable)."""
    pre_test: tuple[str, ...] = ()
    """Shell lines run in every test sandbox before the test command (network off)."""
    test_command: str
    """Shell line; `{tests}` is replaced by the shell-quoted test files the test patch touches
    (empty means the whole suite). Reports go under /report."""
    parser: str = "pytest"
    test_selector: str = "paths"
    """How the test files the test patch touches become the runner's arguments (see envs/selectors.py):
    "paths" passes them as they are, "django_labels" turns tests/foo/tests.py into foo.tests."""
    env: dict[str, str] = Field(default_factory=dict)
    """Environment variables set in every sandbox of this recipe (e.g. TZ, LANG, CI=true)."""
    check_exit_status: bool = True
    """Distrust a report that disagrees with the runner's exit status (off for runners whose exit code
    also reflects unrelated packages, e.g. `go test ./...` with one package that does not build)."""
    test_timeout_s: float = 1800.0
    build_timeout_s: float = 3600.0
    memory_mb: int = 4096

    @property
    def fingerprint(self) -> str:
        """Stable text of everything that shapes the built environment: the install steps and what they
        run with (the variables too: install steps see them). What only test runs use (pre_test, the test
        command, the parser) is left out, so changing it reuses the environment. Recipes without variables
        keep the fingerprint they had before variables counted."""
        fields: dict[str, object] = {"language": self.language, "python": self.python, "install": list(self.install)}
        if self.env:
            fields["env"] = dict(self.env)
        return json.dumps(fields, sort_keys=True)


class RecipeFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    repo: str
    versions: dict[str, Recipe]

    def for_version(self, version: str) -> Recipe:
        if version in self.versions:
            return self.versions[version]
        if "*" in self.versions:
            return self.versions["*"]
        known = ", ".join(sorted(self.versions))
        raise RecipeError(f"recipe for {self.repo} has no version {version!r} (known: {known})")


def load_recipe_file(path: Path) -> RecipeFile:
    try:
        return RecipeFile.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecipeError(f"{path}: recipe file not found") from None
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RecipeError(f"{path}: field {where}: {first['msg']}") from None
