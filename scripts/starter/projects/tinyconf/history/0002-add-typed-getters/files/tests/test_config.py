import pytest

import tinyconf
from tinyconf import ConfigError, MissingOption

DOC = """
[server]
port = 8080
workers = -2
debug = off
verbose = YES
plugins = auth, metrics,, cache
name = web
"""


@pytest.fixture
def cfg():
    return tinyconf.loads(DOC)


def test_get_int(cfg):
    assert cfg.get_int("server", "port") == 8080
    assert cfg.get_int("server", "workers") == -2


def test_get_int_rejects_text(cfg):
    with pytest.raises(ConfigError, match="'name' in \\[server\\] is not an integer: 'web'"):
        cfg.get_int("server", "name")


def test_get_bool(cfg):
    assert cfg.get_bool("server", "debug") is False
    assert cfg.get_bool("server", "verbose") is True


def test_get_bool_rejects_other_words(cfg):
    with pytest.raises(ConfigError, match="is not a boolean: 'web'"):
        cfg.get_bool("server", "name")


def test_get_list_splits_and_drops_empty_items(cfg):
    assert cfg.get_list("server", "plugins") == ["auth", "metrics", "cache"]


def test_typed_getters_return_default_unconverted(cfg):
    assert cfg.get_int("server", "timeout", None) is None
    assert cfg.get_bool("server", "tls", "unset") == "unset"
    assert cfg.get_list("other", "x", []) == []


def test_typed_getters_raise_for_missing(cfg):
    with pytest.raises(MissingOption):
        cfg.get_int("server", "timeout")
