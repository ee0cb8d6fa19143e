"""termtable: plain-text tables for terminals."""

from termtable.table import render

__all__ = ["render"]
