"""cronlite: cron expressions for Python schedulers."""

from cronlite.expr import CronExpr
from cronlite.fields import CronError, parse_field
from cronlite.schedule import NoFireTime, fires_between, iter_fires, next_fire, prev_fire

__all__ = [
    "CronError",
    "CronExpr",
    "NoFireTime",
    "fires_between",
    "iter_fires",
    "next_fire",
    "parse_field",
    "prev_fire",
]
