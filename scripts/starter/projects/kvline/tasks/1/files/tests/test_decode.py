import pytest

import kvline
from kvline import KvlineError


def test_bare_and_quoted_values():
    assert kvline.loads('level=info msg="user logged in" user=42') == {
        "level": "info",
        "msg": "user logged in",
        "user": "42",
    }


def test_extra_spaces_are_ignored():
    assert kvline.loads("  a=1    b=2  ") == {"a": "1", "b": "2"}


def test_empty_values():
    assert kvline.loads('a= b=""') == {"a": "", "b": ""}


def test_flag_without_value_is_true():
    assert kvline.loads("retry a=1") == {"retry": "true", "a": "1"}


def test_value_with_equals():
    assert kvline.loads("q=a=b") == {"q": "a=b"}


def test_convert_unquoted_values():
    assert kvline.loads("n=42 x=-1.5 e=2e3 ok=true no=false none=", convert=True) == {
        "n": 42,
        "x": -1.5,
        "e": 2000.0,
        "ok": True,
        "no": False,
        "none": None,
    }


def test_convert_keeps_quoted_values_as_text():
    assert kvline.loads('n="42" ok="true" empty=""', convert=True) == {"n": "42", "ok": "true", "empty": ""}


def test_convert_leaves_other_words_alone():
    assert kvline.loads("level=info v=1.2.3", convert=True) == {"level": "info", "v": "1.2.3"}


def test_escaped_quotes_in_quoted_value():
    assert kvline.loads(r'msg="user said \"hi\"" n=1') == {"msg": 'user said "hi"', "n": "1"}


def test_escaped_backslash_and_control_characters():
    assert kvline.loads(r'path="C:\\Program Files" err="a\nb\tc"') == {
        "path": "C:\\Program Files",
        "err": "a\nb\tc",
    }


def test_escaped_quote_does_not_close_the_value():
    with pytest.raises(KvlineError, match="unterminated quoted value"):
        kvline.loads(r'msg="abc\"')


def test_backslashes_in_unquoted_values_are_literal():
    assert kvline.loads(r"path=C:\Users\me") == {"path": r"C:\Users\me"}


def test_empty_line():
    assert kvline.loads("") == {}


def test_unterminated_quote():
    with pytest.raises(KvlineError) as info:
        kvline.loads('a=1 msg="oops')
    assert info.value.column == 9


def test_garbage_after_quoted_value():
    with pytest.raises(KvlineError, match="expected a space after a quoted value"):
        kvline.loads('a="x"y')


def test_quote_inside_bare_value():
    with pytest.raises(KvlineError, match="unexpected"):
        kvline.loads('a=x"y')


def test_missing_key():
    with pytest.raises(KvlineError, match="expected a key"):
        kvline.loads("=1")
