import pytest

from termtable import display_width, pad, truncate


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


def test_decomposed_accents_take_no_extra_columns():
    assert display_width("e\u0301") == 1
    assert display_width("Re\u0301sume\u0301.pdf") == 10
    assert display_width("A\u030angstro\u0308m") == 8


def test_thai_vowel_and_tone_marks_take_no_columns():
    assert display_width("\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35") == 4


def test_zero_width_format_characters_take_no_columns():
    assert display_width("zero\u200bwidth") == 9
    assert display_width("\ufeffbom") == 3
    assert display_width("a\u200db") == 2


def test_soft_hyphen_still_takes_a_column():
    assert display_width("co\u00adop") == 5


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


def test_truncate_leaves_short_text_alone():
    assert truncate("hello", 5) == "hello"


def test_truncate_adds_ellipsis():
    assert truncate("hello world", 8) == "hello w\u2026"
    assert display_width(truncate("hello world", 8)) == 8


def test_truncate_never_splits_a_wide_character():
    assert truncate("東京都庁舎", 6) == "東京\u2026"
    assert display_width(truncate("東京都庁舎", 6)) == 5


def test_truncate_keeps_marks_with_their_letter():
    text = "Cre\u0300me bru\u0302le\u0301e.txt"
    assert truncate(text, 6) == "Cre\u0300me\u2026"
    assert display_width(truncate(text, 6)) == 6


def test_pad_decomposed_text():
    assert pad("Cafe\u0301", 6) == "Cafe\u0301  "


def test_truncate_custom_placeholder():
    assert truncate("abcdefgh", 6, placeholder="...") == "abc..."


def test_truncate_too_narrow_for_placeholder():
    with pytest.raises(ValueError):
        truncate("abcdef", 2, placeholder="...")
