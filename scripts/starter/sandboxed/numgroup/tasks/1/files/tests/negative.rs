use numgroup::{group_i64, Style};

#[test]
fn no_separator_after_the_minus_sign() {
    assert_eq!(group_i64(-100, ','), "-100");
    assert_eq!(group_i64(-999, ','), "-999");
    assert_eq!(group_i64(-123456, ','), "-123,456");
    assert_eq!(group_i64(-123456789, '.'), "-123.456.789");
}

#[test]
fn negative_numbers_that_were_already_right() {
    assert_eq!(group_i64(-12, ','), "-12");
    assert_eq!(group_i64(-1234, ','), "-1,234");
    assert_eq!(group_i64(-1234567, ','), "-1,234,567");
}

#[test]
fn smallest_signed() {
    assert_eq!(group_i64(i64::MIN, ','), "-9,223,372,036,854,775,808");
}

#[test]
fn indian_negative() {
    let style = Style::indian(',');
    assert_eq!(style.format_i64(-12345), "-12,345");
    assert_eq!(style.format_i64(-1234567), "-12,34,567");
}

#[test]
fn si_negative_four_digits_stay_whole() {
    let style = Style::si();
    assert_eq!(style.format_i64(-1234), "-1234");
    assert_eq!(style.format_i64(-123456), "-123 456");
}

#[test]
fn positive_signed_numbers_unchanged() {
    assert_eq!(group_i64(123456, ','), "123,456");
    assert_eq!(Style::indian(',').format_i64(1234567), "12,34,567");
}
