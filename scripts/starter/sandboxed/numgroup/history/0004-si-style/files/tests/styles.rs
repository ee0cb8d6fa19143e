use numgroup::Style;

#[test]
fn indian_grouping() {
    let style = Style::indian(',');
    assert_eq!(style.format_u64(999), "999");
    assert_eq!(style.format_u64(1234), "1,234");
    assert_eq!(style.format_u64(123456), "1,23,456");
    assert_eq!(style.format_u64(1234567), "12,34,567");
    assert_eq!(style.format_u64(123456789), "12,34,56,789");
}

#[test]
fn si_leaves_four_digits_alone() {
    let style = Style::si();
    assert_eq!(style.format_u64(1234), "1234");
    assert_eq!(style.format_u64(12345), "12 345");
    assert_eq!(style.format_u64(1234567), "1 234 567");
}
