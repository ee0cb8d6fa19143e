"""One field of a cron expression, parsed into the set of values it allows."""

from __future__ import annotations

from dataclasses import dataclass, field


class CronError(ValueError):
    """A cron expression that cannot be parsed."""


@dataclass(frozen=True)
class Field:
    name: str
    low: int
    high: int
    names: dict[str, int] = field(default_factory=dict)

    def value(self, text: str) -> int:
        """One value of this field, given as a number or (where the field has them) a name."""
        if text.lower() in self.names:
            return self.names[text.lower()]
        if not text.isdigit():
            raise CronError(f"invalid {self.name} value {text!r}")
        number = int(text)
        if not self.low <= number <= self.high:
            raise CronError(f"{self.name} value {number} is out of range {self.low}-{self.high}")
        return number


MONTH_NAMES = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
WEEKDAY_NAMES = {name: number for number, name in enumerate(["sun", "mon", "tue", "wed", "thu", "fri", "sat"])}

MINUTE = Field("minute", 0, 59)
HOUR = Field("hour", 0, 23)
DAY = Field("day of month", 1, 31)
MONTH = Field("month", 1, 12, MONTH_NAMES)
WEEKDAY = Field("day of week", 0, 7, WEEKDAY_NAMES)


def parse_field(text: str, spec: Field) -> frozenset[int]:
    """The values a field allows: `*`, `5`, `1-5`, `*/15`, `10-40/10`, `5/20`, or a list of these.

    `5/20` means from 5 to the end of the range in steps of 20. In the day-of-week field both
    0 and 7 are Sunday; the result uses 0.
    """
    values: set[int] = set()
    for item in text.split(","):
        base, slash, step_text = item.partition("/")
        if not base:
            raise CronError(f"empty item in {spec.name} field {text!r}")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"invalid step {step_text!r} in {spec.name} field {text!r}")
            step = int(step_text)
        if base == "*":
            low, high = spec.low, spec.high
        elif "-" in base:
            first, _, last = base.partition("-")
            low, high = spec.value(first), spec.value(last)
            if low > high:
                raise CronError(f"backwards range {base!r} in {spec.name} field")
        else:
            low = spec.value(base)
            high = spec.high if slash else low
        values.update(range(low, high + 1, step))
    if spec is WEEKDAY and 7 in values:
        values.discard(7)
        values.add(0)
    return frozenset(values)
