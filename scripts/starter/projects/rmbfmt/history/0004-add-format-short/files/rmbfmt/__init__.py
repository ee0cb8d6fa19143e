"""rmbfmt: formatting RMB amounts."""

from rmbfmt.amount import format_amount, to_decimal
from rmbfmt.short import format_short
from rmbfmt.upper import to_upper

__all__ = ["format_amount", "format_short", "to_decimal", "to_upper"]
