"""rmbfmt: formatting RMB amounts."""

from rmbfmt.amount import format_amount, to_decimal

__all__ = ["format_amount", "to_decimal"]
