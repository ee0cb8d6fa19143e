"""A five-field cron expression: minute, hour, day of month, month, day of week."""

from __future__ import annotations

from datetime import date, datetime

from cronlite.fields import DAY, HOUR, MINUTE, MONTH, WEEKDAY, CronError, parse_field


ALIASES = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}


class CronExpr:
    """A parsed cron expression. Cron has no seconds: `matches` ignores them."""

    def __init__(self, text: str) -> None:
        self.text = text
        fields = ALIASES.get(text.strip().lower(), text).split()
        if len(fields) != 5:
            raise CronError(f"expected 5 fields (minute hour day month weekday), got {len(fields)}: {text!r}")
        self.minutes = parse_field(fields[0], MINUTE)
        self.hours = parse_field(fields[1], HOUR)
        self.days = parse_field(fields[2], DAY)
        self.months = parse_field(fields[3], MONTH)
        self.weekdays = parse_field(fields[4], WEEKDAY)
        # As in cron: when both day fields are restricted (neither starts with '*'), a day
        # matches if either of them allows it.
        self.either_day = not fields[2].startswith("*") and not fields[4].startswith("*")
        # Allowed values in ascending order, for searches that walk the calendar.
        self.minute_order = tuple(sorted(self.minutes))
        self.hour_order = tuple(sorted(self.hours))
        self.month_order = tuple(sorted(self.months))

    def __repr__(self) -> str:
        return f"CronExpr({self.text!r})"

    def day_matches(self, day: date) -> bool:
        """Whether the day-of-month, month and day-of-week fields allow `day`."""
        if day.month not in self.months:
            return False
        in_days = day.day in self.days
        in_weekdays = day.isoweekday() % 7 in self.weekdays
        if self.either_day:
            return in_days or in_weekdays
        return in_days and in_weekdays

    def matches(self, moment: datetime) -> bool:
        """Whether the expression fires in the minute of `moment`."""
        return moment.minute in self.minutes and moment.hour in self.hours and self.day_matches(moment)
