import io
import json

from kvline.__main__ import main


def run(argv, text):
    out = io.StringIO()
    code = main(argv, stdin=io.StringIO(text), stdout=out)
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def test_text_values_by_default():
    assert run([], "a=1 b=x\n") == (0, [{"a": "1", "b": "x"}])


def test_typed():
    assert run(["--typed"], "a=1 ok=true none=\n") == (0, [{"a": 1, "ok": True, "none": None}])


def test_bad_line_stops_with_exit_code_1(capsys):
    code, records = run([], 'a=1\nb="oops\nc=3\n')
    assert code == 1
    assert records == [{"a": "1"}]
    assert "-: line 2, column 3: unterminated quoted value" in capsys.readouterr().err


def test_skip_bad():
    assert run(["--skip-bad"], 'a=1\nb="oops\nc=3\n') == (0, [{"a": "1"}, {"c": "3"}])


def test_reads_files(tmp_path):
    path = tmp_path / "x.log"
    path.write_text("msg=\"héllo wörld\"\n", encoding="utf-8")
    assert run([str(path)], "") == (0, [{"msg": "héllo wörld"}])
