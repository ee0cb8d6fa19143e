"""Share identical files between built environments by hard links.

Environments of one repository at neighbouring versions hold mostly the same installed packages (the same
numpy, pandas, pytest wheels unpacked again). After a build, every regular file of the new environment is
hashed; a file whose content (size + SHA-256) and permission bits equal a file already indexed in another
environment becomes a hard link to that file. Environments are written only by their own build and are
mounted read-only afterwards, so a shared inode never changes; the uv cache (writable during builds) is
never a link target. `du` over the environments folder counts each shared inode once.

The index is a small SQLite file beside the environments. An entry is used only while its file still has
the inode, size and modification time recorded and hashes the same again; otherwise the new file takes its
place.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

from pydantic import BaseModel

MIN_BYTES = 4096  # smaller files cost more in index rows than they save
INDEX_NAME = "dedupe.sqlite"
_SCHEMA = ("CREATE TABLE IF NOT EXISTS files (digest TEXT, mode INTEGER, path TEXT, ino INTEGER, size INTEGER,"
           " mtime_ns INTEGER, PRIMARY KEY (digest, mode))")


class DedupeStats(BaseModel):
    files: int = 0
    linked: int = 0
    bytes_saved: int = 0


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb", buffering=0) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _regular_files(root: Path):
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in files:
            path = Path(folder) / name
            info = path.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_size >= MIN_BYTES and info.st_nlink == 1:
                yield path, info


def _still_same(path: str, ino: int, size: int, mtime_ns: int, dev: int) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (stat.S_ISREG(info.st_mode) and info.st_ino == ino and info.st_size == size
            and info.st_mtime_ns == mtime_ns and info.st_dev == dev)


def _link_over(target: str, path: Path) -> None:
    """Replace `path` by a hard link to `target`, atomically (a crash leaves one or the other)."""
    temporary = path.with_name(f".{path.name}.dedupe-{os.getpid()}")
    os.link(target, temporary)
    os.replace(temporary, path)


def dedupe(environment: Path, *, index_dir: Path) -> DedupeStats:
    """Hard-link the files of `environment` to identical files of environments indexed before it."""
    stats = DedupeStats()
    db = sqlite3.connect(index_dir / INDEX_NAME, timeout=60)
    try:
        db.execute(_SCHEMA)
        for path, info in _regular_files(environment):
            stats.files += 1
            digest, mode = _digest(path), stat.S_IMODE(info.st_mode)
            row = db.execute("SELECT path, ino, size, mtime_ns FROM files WHERE digest=? AND mode=?",
                             (digest, mode)).fetchone()
            if (row and row[0] != str(path) and _still_same(*row, dev=info.st_dev)
                    and _digest(Path(row[0])) == digest):  # inode numbers and coarse times can repeat
                try:
                    _link_over(row[0], path)
                except OSError:  # the target went away, or the filesystem has no hard links: index this one
                    pass
                else:
                    stats.linked += 1
                    stats.bytes_saved += info.st_size
                    continue
            db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                       (digest, mode, str(path), info.st_ino, info.st_size, info.st_mtime_ns))
        db.commit()
    finally:
        db.close()
    return stats
