import termtable

FRUIT = """\
+-------+-----+
| fruit | qty |
+-------+-----+
| apple | 3   |
| kiwi  | 12  |
+-------+-----+"""


def test_render_with_headers():
    assert termtable.render([["apple", 3], ["kiwi", 12]], headers=["fruit", "qty"]) == FRUIT


def test_render_without_headers():
    assert termtable.render([["a", "bb"], ["ccc", ""]]) == (
        "+-----+----+\n"
        "| a   | bb |\n"
        "| ccc |    |\n"
        "+-----+----+"
    )


def test_none_is_an_empty_cell_and_short_rows_are_padded():
    assert termtable.render([[None, 1], ["x"]]) == (
        "+---+---+\n"
        "|   | 1 |\n"
        "| x |   |\n"
        "+---+---+"
    )


def test_headers_only():
    assert termtable.render([], headers=["a", "b"]) == "+---+---+\n| a | b |\n+---+---+"


def test_empty_table():
    assert termtable.render([]) == ""


def test_all_lines_have_the_same_length():
    table = termtable.render([["a", "long cell"], ["longer cell", "b"]], headers=["x", "y"])
    assert len({len(line) for line in table.splitlines()}) == 1


def test_wide_characters_take_two_columns():
    assert termtable.render([["東京", 1], ["Osaka", 22]], headers=["city", "n"]) == (
        "+-------+----+\n"
        "| city  | n  |\n"
        "+-------+----+\n"
        "| 東京  | 1  |\n"
        "| Osaka | 22 |\n"
        "+-------+----+"
    )


def test_decomposed_accents_line_up():
    rows = [["Re\u0301sume\u0301.pdf", "48 KB"], ["notes.txt", "2 KB"]]
    assert termtable.render(rows, headers=["name", "size"]) == (
        "+------------+-------+\n"
        "| name       | size  |\n"
        "+------------+-------+\n"
        "| Re\u0301sume\u0301.pdf | 48 KB |\n"
        "| notes.txt  | 2 KB  |\n"
        "+------------+-------+"
    )


def test_every_line_has_the_same_display_width_with_marks():
    rows = [["\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35", 1], ["zero\u200bwidth", 2], ["Cre\u0300me bru\u0302le\u0301e", 3]]
    table = termtable.render(rows, headers=["text", "n"], max_width=8)
    assert len({termtable.display_width(line) for line in table.splitlines()}) == 1


def test_max_width_cuts_long_cells():
    rows = [["a very long description", "ok"]]
    assert termtable.render(rows, headers=["what", "status"], max_width=10) == (
        "+------------+--------+\n"
        "| what       | status |\n"
        "+------------+--------+\n"
        "| a very lo\u2026 | ok     |\n"
        "+------------+--------+"
    )


def test_max_width_must_be_positive():
    import pytest

    with pytest.raises(ValueError):
        termtable.render([["x"]], max_width=0)


def test_align_every_column():
    assert termtable.render([["a", 1], ["bbb", 100]], align="right") == (
        "+-----+-----+\n"
        "|   a |   1 |\n"
        "| bbb | 100 |\n"
        "+-----+-----+"
    )


def test_align_per_column_with_headers():
    table = termtable.render([["apple", 3], ["kiwi", 12]], headers=["fruit", "qty"], align=["left", "right"])
    assert table.splitlines()[1] == "| fruit | qty |"
    assert table.splitlines()[3] == "| apple |   3 |"
    assert table.splitlines()[4] == "| kiwi  |  12 |"


def test_align_center_and_missing_entries_default_to_left():
    table = termtable.render([["x", "y", "z"], ["xxx", "yyy", "zzz"]], align=["center"])
    assert table.splitlines()[1] == "|  x  | y   | z   |"


def test_align_rejects_unknown_values():
    import pytest

    with pytest.raises(ValueError):
        termtable.render([["x"]], align=["middle"])
