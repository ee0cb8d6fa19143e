use numgroup::{group, group_i64};

#[test]
fn small_numbers_are_not_grouped() {
    assert_eq!(group(0, ','), "0");
    assert_eq!(group(7, ','), "7");
    assert_eq!(group(999, ','), "999");
}

#[test]
fn groups_of_three() {
    assert_eq!(group(1000, ','), "1,000");
    assert_eq!(group(1234567, ','), "1,234,567");
    assert_eq!(group(123456789, ','), "123,456,789");
}

#[test]
fn any_separator() {
    assert_eq!(group(1234567, '.'), "1.234.567");
    assert_eq!(group(1234567, '\u{202f}'), "1\u{202f}234\u{202f}567");
}

#[test]
fn largest_unsigned() {
    assert_eq!(group(u64::MAX, ','), "18,446,744,073,709,551,615");
}

#[test]
fn signed_numbers() {
    assert_eq!(group_i64(1234, ','), "1,234");
    assert_eq!(group_i64(-12, ','), "-12");
    assert_eq!(group_i64(-1234, ','), "-1,234");
    assert_eq!(group_i64(-1234567, ','), "-1,234,567");
}
