"""cronlite: cron expressions for Python schedulers."""

from cronlite.expr import CronExpr
from cronlite.fields import CronError, parse_field
from cronlite.schedule import NoFireTime, iter_fires, next_fire

__all__ = ["CronError", "CronExpr", "NoFireTime", "iter_fires", "next_fire", "parse_field"]
