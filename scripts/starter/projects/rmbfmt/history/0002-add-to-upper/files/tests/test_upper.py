import pytest

from rmbfmt import to_upper


def test_zero():
    assert to_upper(0) == "零元整"


def test_jiao_and_fen_only():
    assert to_upper("0.5") == "伍角整"
    assert to_upper("0.05") == "伍分"
    assert to_upper("0.55") == "伍角伍分"


def test_yuan_with_fen_but_no_jiao():
    assert to_upper("1.05") == "壹元零伍分"


def test_ten_is_written_with_leading_one():
    assert to_upper(10) == "壹拾元整"
    assert to_upper(15) == "壹拾伍元整"


def test_typical_amounts():
    assert to_upper("1680.32") == "壹仟陆佰捌拾元叁角贰分"
    assert to_upper("10.50") == "壹拾元伍角整"
    assert to_upper(300) == "叁佰元整"


def test_zeros_inside_a_section():
    assert to_upper(1005) == "壹仟零伍元整"
    assert to_upper(1050) == "壹仟零伍拾元整"
    assert to_upper(1001) == "壹仟零壹元整"


def test_wan_and_yi():
    assert to_upper(12345678.9) == "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整"
    assert to_upper(100000) == "壹拾万元整"
    assert to_upper(100000000) == "壹亿元整"
    assert to_upper(123456789) == "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整"


def test_zeros_inside_the_wan_section():
    assert to_upper(20050000) == "贰仟零伍万元整"


def test_rounds_to_cents_first():
    assert to_upper("0.995") == "壹元整"


def test_negative_amounts_are_rejected():
    with pytest.raises(ValueError):
        to_upper(-1)


def test_amounts_from_one_trillion_are_rejected():
    assert to_upper("999999999999.99").startswith("玖仟玖佰玖拾玖亿")
    with pytest.raises(ValueError):
        to_upper(10**12)
