"""A five-field cron expression: minute, hour, day of month, month, day of week."""

from __future__ import annotations

from datetime import date, datetime

from cronlite.fields import DAY, HOUR, MINUTE, MONTH, WEEKDAY, CronError, parse_field


class CronExpr:
    """A parsed cron expression. Cron has no seconds: `matches` ignores them."""

    def __init__(self, text: str) -> None:
        self.text = text
        fields = text.split()
        if len(fields) != 5:
            raise CronError(f"expected 5 fields (minute hour day month weekday), got {len(fields)}: {text!r}")
        self.minutes = parse_field(fields[0], MINUTE)
        self.hours = parse_field(fields[1], HOUR)
        self.days = parse_field(fields[2], DAY)
        self.months = parse_field(fields[3], MONTH)
        self.weekdays = parse_field(fields[4], WEEKDAY)

    def __repr__(self) -> str:
        return f"CronExpr({self.text!r})"

    def day_matches(self, day: date) -> bool:
        """Whether the day-of-month, month and day-of-week fields allow `day`."""
        return (
            day.month in self.months
            and day.day in self.days
            and day.isoweekday() % 7 in self.weekdays
        )

    def matches(self, moment: datetime) -> bool:
        """Whether the expression fires in the minute of `moment`."""
        return moment.minute in self.minutes and moment.hour in self.hours and self.day_matches(moment)
