"""cronlite: cron expressions for Python schedulers."""

from cronlite.expr import CronExpr
from cronlite.fields import CronError, parse_field

__all__ = ["CronError", "CronExpr", "parse_field"]
