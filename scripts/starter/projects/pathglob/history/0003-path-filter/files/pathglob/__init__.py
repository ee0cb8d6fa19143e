"""pathglob: glob patterns for relative paths."""

from pathglob.filter import PathFilter
from pathglob.match import match
from pathglob.translate import PatternError, translate

__all__ = ["PathFilter", "PatternError", "match", "translate"]
