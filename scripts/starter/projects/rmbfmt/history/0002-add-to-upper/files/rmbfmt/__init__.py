"""rmbfmt: formatting RMB amounts."""

from rmbfmt.amount import format_amount, to_decimal
from rmbfmt.upper import to_upper

__all__ = ["format_amount", "to_decimal", "to_upper"]
