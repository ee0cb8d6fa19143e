"""cadence: calendar arithmetic for billing and reporting code."""

from cadence.months import add_months, days_in_month, month_end, month_start

__all__ = ["add_months", "days_in_month", "month_end", "month_start"]
