import io

import pytest

import kvline
from kvline import KvlineError


def test_reads_a_file_like_object():
    text = 'level=info msg="started"\n\nlevel=warn n=3\r\n'
    assert list(kvline.iter_records(io.StringIO(text), convert=True)) == [
        {"level": "info", "msg": "started"},
        {"level": "warn", "n": 3},
    ]


def test_malformed_line_raises_with_line_number():
    lines = ["a=1", 'b="unterminated']
    with pytest.raises(KvlineError, match="^line 2, column 3: unterminated quoted value$") as info:
        list(kvline.iter_records(lines))
    assert info.value.lineno == 2


def test_malformed_lines_can_be_skipped():
    lines = ["a=1", 'b="unterminated', "c=3"]
    assert list(kvline.iter_records(lines, errors="skip")) == [{"a": "1"}, {"c": "3"}]


def test_unknown_errors_mode():
    with pytest.raises(ValueError):
        kvline.iter_records([], errors="ignore")


def test_records_written_by_dumps_read_back(tmp_path):
    records = [{"level": "info", "msg": "a b c", "n": 1}, {"level": "error", "ok": False}]
    path = tmp_path / "app.log"
    path.write_text("".join(kvline.dumps(r) + "\n" for r in records), encoding="utf-8")
    with path.open(encoding="utf-8") as handle:
        assert list(kvline.iter_records(handle, convert=True)) == records
