from rmbfmt import format_short


def test_small_amounts_are_written_out():
    assert format_short(9999) == "9999"
    assert format_short("12.50") == "12.5"
    assert format_short(0) == "0"


def test_wan():
    assert format_short(12345) == "1.23万"
    assert format_short(10000) == "1万"
    assert format_short(2500000) == "250万"


def test_yi():
    assert format_short(450000000) == "4.5亿"
    assert format_short("123456789012") == "1234.57亿"


def test_rounding_moves_to_the_next_unit():
    assert format_short(99999999) == "1亿"


def test_negative():
    assert format_short(-12345) == "-1.23万"


def test_places():
    assert format_short(12345, places=0) == "1万"
    assert format_short(12345, places=3) == "1.235万"


def test_just_below_wan_after_rounding():
    assert format_short("9999.999") == "1万"
