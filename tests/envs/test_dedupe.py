"""Identical files of built environments share one inode; nothing else is touched."""

from __future__ import annotations

import os

import pytest

from swegauge.envs import EnvironmentBuilder, Recipe
from swegauge.envs.dedupe import MIN_BYTES, dedupe
from swegauge.sandbox import BwrapSandbox
from tests.helpers import head, make_repo

BLOB = bytes(range(256)) * 64  # 16 KiB


def _env(root, name, files):
    path = root / name
    for rel, data in files.items():
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_bytes(data)
    return path


def test_an_identical_file_becomes_a_link_to_the_first_and_keeps_its_content(tmp_path):
    first = _env(tmp_path, "a", {"lib/x.so": BLOB, "lib/other": BLOB[::-1]})
    second = _env(tmp_path, "b", {"site/x.so": BLOB, "site/unique": BLOB + b"!"})
    assert dedupe(first, index_dir=tmp_path).linked == 0
    stats = dedupe(second, index_dir=tmp_path)
    assert (stats.files, stats.linked, stats.bytes_saved) == (2, 1, len(BLOB))
    assert (second / "site/x.so").stat().st_ino == (first / "lib/x.so").stat().st_ino
    assert (second / "site/x.so").read_bytes() == BLOB
    assert (second / "site/unique").stat().st_nlink == 1
    assert not [p for p in second.rglob("*") if ".dedupe-" in p.name]


def test_small_files_other_modes_links_and_already_linked_files_are_left_alone(tmp_path):
    first = _env(tmp_path, "a", {"big": BLOB, "exe": BLOB + b"x", "small": b"s" * (MIN_BYTES - 1)})
    os.chmod(first / "exe", 0o755)
    dedupe(first, index_dir=tmp_path)
    second = _env(tmp_path, "b", {"big2": BLOB, "exe": BLOB + b"x", "small": b"s" * (MIN_BYTES - 1)})
    os.chmod(second / "exe", 0o644)
    (second / "link").symlink_to(first / "big")
    os.link(second / "big2", tmp_path / "held-elsewhere")  # nlink 2: not ours to merge
    stats = dedupe(second, index_dir=tmp_path)
    assert stats.linked == 0
    assert (second / "exe").stat().st_ino != (first / "exe").stat().st_ino
    assert (second / "small").stat().st_ino != (first / "small").stat().st_ino
    assert (second / "link").is_symlink()


def test_an_indexed_file_changed_since_is_not_a_link_target(tmp_path):
    first = _env(tmp_path, "a", {"f": BLOB})
    dedupe(first, index_dir=tmp_path)
    (first / "f").unlink()
    (first / "f").write_bytes(b"tampered" + BLOB[8:])  # same size, another inode and content
    second = _env(tmp_path, "b", {"f": BLOB})
    assert dedupe(second, index_dir=tmp_path).linked == 0
    assert (second / "f").read_bytes() == BLOB
    third = _env(tmp_path, "c", {"f": BLOB})  # the second is now the indexed copy
    assert dedupe(third, index_dir=tmp_path).linked == 1
    assert (third / "f").stat().st_ino == (second / "f").stat().st_ino


@pytest.mark.integration
def test_two_builds_with_the_same_files_share_them(tmp_path, cache_root):
    repo = make_repo(tmp_path / "proj", {"setup.py": "print('x')\n"})
    write = "python -c \"open('/env/blob.bin','wb').write(bytes(range(256))*400)\""
    recipe = Recipe(language="python", python="3.11", install=(write,), test_command="true")
    builder = EnvironmentBuilder(BwrapSandbox())
    envs = []
    for name in ("one", "two"):
        key = f"test/dedupe-{name}-{tmp_path.name}"
        outcome = builder.get(key=key, recipe=recipe, repo=key, repo_source=str(repo), commit=head(repo))
        assert outcome.environment is not None, outcome.error
        envs.append(outcome.environment.path)
    assert (envs[0] / "blob.bin").stat().st_ino == (envs[1] / "blob.bin").stat().st_ino
    assert "files shared" in (envs[1] / "build.log").read_text()
