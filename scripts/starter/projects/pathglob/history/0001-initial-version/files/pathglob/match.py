"""Matching paths against glob patterns."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Union

from pathglob.translate import translate

PathLike = Union[str, "os.PathLike[str]"]


@lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(translate(pattern))


def normalize(path: PathLike) -> str:
    """The path as matched: "/"-separated, without a leading "./"."""
    text = os.fspath(path).replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text


def match(pattern: str, path: PathLike) -> bool:
    """Whether the whole of `path` matches `pattern`."""
    return compile_pattern(pattern).match(normalize(path)) is not None
