"""termtable: plain-text tables for terminals."""

from termtable.table import render
from termtable.width import display_width, pad, truncate

__all__ = ["display_width", "pad", "render", "truncate"]
