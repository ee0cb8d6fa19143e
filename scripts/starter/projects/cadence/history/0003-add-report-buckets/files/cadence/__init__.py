"""cadence: calendar arithmetic for billing and reporting code."""

from cadence.buckets import group_by, month_key, quarter_key, week_bounds, week_key
from cadence.months import add_months, days_in_month, month_end, month_start
from cadence.schedule import daily, monthly, weekly

__all__ = [
    "add_months",
    "daily",
    "days_in_month",
    "group_by",
    "month_end",
    "month_key",
    "month_start",
    "monthly",
    "quarter_key",
    "week_bounds",
    "week_key",
    "weekly",
]
