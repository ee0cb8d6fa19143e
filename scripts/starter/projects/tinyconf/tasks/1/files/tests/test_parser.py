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


def test_continuation_lines_join_with_newlines():
    cfg = tinyconf.loads(
        """
[paths]
include = /etc/app/conf.d
    /home/me/.config/app
\t/opt/app/conf
after = 1
"""
    )
    assert cfg.get("paths", "include") == "/etc/app/conf.d\n/home/me/.config/app\n/opt/app/conf"
    assert cfg.get("paths", "after") == "1"


def test_continuation_of_empty_value():
    cfg = tinyconf.loads("[a]\nitems =\n    one,\n    two\n")
    assert cfg.get("a", "items") == "one,\ntwo"
    assert cfg.get_list("a", "items") == ["one", "two"]


def test_comment_inside_continuation_is_skipped():
    cfg = tinyconf.loads("[a]\nitems = one\n  # not this\n  two\n")
    assert cfg.get("a", "items") == "one\ntwo"


def test_continuation_without_option_is_an_error():
    with pytest.raises(ParseError) as info:
        tinyconf.loads("[a]\n  stray\n")
    assert info.value.lineno == 2


def test_continuation_after_section_header_is_an_error():
    with pytest.raises(ParseError, match="continuation line without an option"):
        tinyconf.loads("[a]\nx = 1\n[b]\n  stray\n")


def test_last_option_without_trailing_newline():
    cfg = tinyconf.loads("[server]\nhost = 0.0.0.0\nport = 8080")
    assert cfg.get("server", "host") == "0.0.0.0"
    assert cfg.get_int("server", "port") == 8080


def test_last_boolean_without_trailing_newline():
    cfg = tinyconf.loads("[app]\r\ndebug = true")
    assert cfg.get_bool("app", "debug") is True


def test_last_section_header_without_trailing_newline():
    cfg = tinyconf.loads("[a]\nx = 1\n[extra]")
    assert cfg.sections() == ["a", "extra"]
    assert cfg.options("extra") == {}


def test_last_continuation_line_without_trailing_newline():
    cfg = tinyconf.loads("[paths]\ninclude = /etc/app\n    /srv/app")
    assert cfg.get_list("paths", "include") == ["/etc/app", "/srv/app"]
