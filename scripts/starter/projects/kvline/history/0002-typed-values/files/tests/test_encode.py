import pytest

import kvline


def test_bare_values():
    assert kvline.dumps({"level": "info", "user": 42, "ratio": 0.5}) == "level=info user=42 ratio=0.5"


def test_values_with_spaces_or_equals_are_quoted():
    assert kvline.dumps({"msg": "user logged in"}) == 'msg="user logged in"'
    assert kvline.dumps({"q": "a=b"}) == 'q="a=b"'


def test_empty_string_is_quoted():
    assert kvline.dumps({"note": ""}) == 'note=""'


def test_booleans_and_none():
    assert kvline.dumps({"ok": True, "retry": False, "user": None}) == "ok=true retry=false user="


def test_strings_that_look_typed_are_quoted():
    assert kvline.dumps({"zip": "02134", "flag": "false", "v": "1.5"}) == 'zip="02134" flag="false" v="1.5"'


def test_keys_keep_record_order():
    assert kvline.dumps({"b": 1, "a": 2}) == "b=1 a=2"


def test_path_like_keys_are_fine():
    assert kvline.dumps({"http.status": 200, "req/id": "x-1"}) == "http.status=200 req/id=x-1"


@pytest.mark.parametrize(
    "key", ["", "has space", "a=b", 'q"', 7], ids=["empty", "space", "equals", "quote", "not-a-string"]
)
def test_invalid_keys_are_rejected(key):
    with pytest.raises(ValueError):
        kvline.dumps({key: 1})


def test_unicode_values():
    assert kvline.dumps({"city": "Zürich"}) == "city=Zürich"
