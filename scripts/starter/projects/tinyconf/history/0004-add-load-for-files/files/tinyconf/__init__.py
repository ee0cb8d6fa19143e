"""tinyconf: a small reader for INI-style configuration files."""

from tinyconf.config import Config
from tinyconf.errors import ConfigError, MissingOption, ParseError
from tinyconf.parser import load, loads

__all__ = ["Config", "ConfigError", "MissingOption", "ParseError", "load", "loads"]
__version__ = "0.2.0"
