"""pathglob: glob patterns for relative paths."""

from pathglob.match import match
from pathglob.translate import PatternError, translate

__all__ = ["PatternError", "match", "translate"]
