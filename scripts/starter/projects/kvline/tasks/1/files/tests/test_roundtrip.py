import pytest

import kvline


class TestRoundTrip:
    def roundtrip(self, record):
        return kvline.loads(kvline.dumps(record), convert=True)

    def test_typed_values(self):
        record = {"n": 42, "neg": -3, "ratio": 0.25, "big": 1e21, "ok": True, "bad": False, "none": None}
        assert self.roundtrip(record) == record

    def test_strings_that_look_typed_stay_strings(self):
        record = {"zip": "02134", "flag": "true", "version": "1.10", "empty": ""}
        assert self.roundtrip(record) == record

    def test_plain_strings(self):
        record = {"level": "warn", "msg": "disk almost full", "path": "/var/log", "eq": "a=b"}
        assert self.roundtrip(record) == record

    def test_unicode(self):
        record = {"city": "Zürich", "greeting": "こんにちは 世界"}
        assert self.roundtrip(record) == record

    def test_double_quotes(self):
        record = {"msg": 'user said "hi"', "only": '"', "edges": '"quoted"'}
        assert self.roundtrip(record) == record

    def test_backslashes(self):
        record = {"path": "C:\\Program Files\\app", "trailing": "dir\\", "both": 'a\\"b'}
        assert self.roundtrip(record) == record

    def test_line_breaks_and_tabs(self):
        record = {"err": 'Traceback (most recent call last):\n  File "app.py", line 3\nKeyError: \'user\'', "crlf": "a\r\nb", "tab": "a\tb"}
        assert self.roundtrip(record) == record

    def test_escaped_values_stay_on_one_line(self):
        line = kvline.dumps({"err": "one\ntwo\rthree", "n": 1})
        assert "\n" not in line and "\r" not in line

    def test_without_convert_everything_is_text(self):
        assert kvline.loads(kvline.dumps({"n": 1, "ok": True, "none": None})) == {
            "n": "1",
            "ok": "true",
            "none": "",
        }


def test_flag_converts_to_true():
    assert kvline.loads("retry n=2", convert=True) == {"retry": True, "n": 2}


@pytest.mark.parametrize("value", [float("inf"), float("nan")])
def test_non_finite_floats_are_written_as_their_repr(value):
    assert kvline.dumps({"x": value}) == f"x={value!r}"
