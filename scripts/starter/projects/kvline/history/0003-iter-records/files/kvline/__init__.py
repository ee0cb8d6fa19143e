"""kvline: read and write logfmt-style key=value log lines."""

from kvline.decode import KvlineError, loads
from kvline.encode import dumps, format_value
from kvline.stream import iter_records

__all__ = ["KvlineError", "dumps", "format_value", "iter_records", "loads"]
