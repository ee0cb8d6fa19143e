"""kvline: read and write logfmt-style key=value log lines."""

from kvline.decode import KvlineError, loads
from kvline.encode import dumps, format_value

__all__ = ["KvlineError", "dumps", "format_value", "loads"]
