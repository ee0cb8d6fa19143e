import pytest

import tinyconf
from tinyconf import MissingOption, ParseError


def test_sections_and_options():
    cfg = tinyconf.loads(
        """
[server]
host = 127.0.0.1
port = 8080

[client]
retries = 3
"""
    )
    assert cfg.sections() == ["server", "client"]
    assert cfg.get("server", "host") == "127.0.0.1"
    assert cfg.get("server", "port") == "8080"
    assert cfg.options("client") == {"retries": "3"}


def test_comments_and_blank_lines_are_ignored():
    cfg = tinyconf.loads("# top\n\n[a]\n; note\nx = 1\n   \n# end\n")
    assert cfg.options("a") == {"x": "1"}


def test_option_names_are_case_insensitive():
    cfg = tinyconf.loads("[Main]\nLogLevel = debug\n")
    assert cfg.get("Main", "loglevel") == "debug"
    assert cfg.get("Main", "LOGLEVEL") == "debug"
    assert not cfg.has_section("main")


def test_value_may_contain_equals_sign():
    cfg = tinyconf.loads("[db]\ndsn = postgres://u@h/db?sslmode=require\n")
    assert cfg.get("db", "dsn") == "postgres://u@h/db?sslmode=require"


def test_empty_value():
    cfg = tinyconf.loads("[a]\nname =\n")
    assert cfg.get("a", "name") == ""


def test_default_for_missing_option():
    cfg = tinyconf.loads("[a]\nx = 1\n")
    assert cfg.get("a", "y", None) is None
    assert cfg.get("nope", "y", "d") == "d"


def test_missing_option_raises():
    cfg = tinyconf.loads("[a]\nx = 1\n")
    with pytest.raises(MissingOption, match="no option 'y'"):
        cfg.get("a", "y")
    with pytest.raises(MissingOption, match=r"no section \[b\]"):
        cfg.get("b", "x")


def test_option_outside_section_is_an_error():
    with pytest.raises(ParseError) as info:
        tinyconf.loads("x = 1\n")
    assert info.value.lineno == 1


def test_malformed_header_reports_line_number():
    with pytest.raises(ParseError) as info:
        tinyconf.loads("[a]\nx = 1\n[broken\n")
    assert info.value.lineno == 3
    assert "malformed section header" in str(info.value)


def test_line_without_equals_is_an_error():
    with pytest.raises(ParseError, match="expected 'key = value'"):
        tinyconf.loads("[a]\njust words\n")


def test_windows_line_endings():
    cfg = tinyconf.loads("[a]\r\nx = 1\r\ny = 2\r\n")
    assert cfg.options("a") == {"x": "1", "y": "2"}
