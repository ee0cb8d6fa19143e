import pytest

from termtable import display_width, pad


def test_ascii_width_is_length():
    assert display_width("hello, world") == 12
    assert display_width("") == 0


def test_cjk_is_two_columns_each():
    assert display_width("東京") == 4
    assert display_width("カタカナ") == 8
    assert display_width("한국어") == 6


def test_fullwidth_forms_are_two_columns():
    assert display_width("ＡＢＣ") == 6


def test_mixed_text():
    assert display_width("abc東京") == 7


def test_precomposed_accents_are_one_column():
    assert display_width("café") == 4
    assert display_width("Ångström") == 8


def test_pad_left_right_center():
    assert pad("ab", 5) == "ab   "
    assert pad("ab", 5, "right") == "   ab"
    assert pad("ab", 5, "center") == " ab  "


def test_pad_counts_columns_not_characters():
    assert pad("東京", 6) == "東京  "


def test_pad_never_cuts():
    assert pad("abcdef", 3) == "abcdef"


def test_pad_rejects_unknown_alignment():
    with pytest.raises(ValueError):
        pad("x", 3, "justify")
