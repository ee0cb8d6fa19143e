import pytest

import tinyconf
from tinyconf import ParseError


def test_load_reads_a_file(tmp_path):
    path = tmp_path / "app.conf"
    path.write_text("[server]\nport = 8080\n", encoding="utf-8")
    cfg = tinyconf.load(path)
    assert cfg.get_int("server", "port") == 8080


def test_load_accepts_str_paths(tmp_path):
    path = tmp_path / "app.conf"
    path.write_text("[a]\nx = 1\n", encoding="utf-8")
    assert tinyconf.load(str(path)).get("a", "x") == "1"


def test_load_skips_byte_order_mark(tmp_path):
    path = tmp_path / "app.conf"
    path.write_bytes(b"\xef\xbb\xbf[a]\r\nname = caf\xc3\xa9\r\n")
    cfg = tinyconf.load(path)
    assert cfg.sections() == ["a"]
    assert cfg.get("a", "name") == "caf\u00e9"


def test_load_file_without_trailing_newline(tmp_path):
    path = tmp_path / "service.conf"
    path.write_bytes(b"[server]\nhost = 0.0.0.0\nport = 8080")
    cfg = tinyconf.load(path)
    assert cfg.options("server") == {"host": "0.0.0.0", "port": "8080"}


def test_parse_error_names_the_file(tmp_path):
    path = tmp_path / "bad.conf"
    path.write_text("[a]\nx = 1\noops\n", encoding="utf-8")
    with pytest.raises(ParseError) as info:
        tinyconf.load(path)
    assert info.value.filename == str(path)
    assert info.value.lineno == 3
    assert str(info.value).startswith(f"{path}:3: expected 'key = value'")


def test_loads_error_without_file_name():
    with pytest.raises(ParseError, match=r"^line 2: "):
        tinyconf.loads("[a]\noops\n")
