//! Digit grouping for integers, for reports and tables: `1,234,567`, `1 234 567`, `12,34,567`.
//!
//! Digits come from the `itoa` crate (no allocation until the separators go in).

mod style;

pub use style::Style;

/// Groups the digits of `n` in threes with `sep`: `group(1234567, ',')` is "1,234,567".
pub fn group(n: u64, sep: char) -> String {
    Style::western(sep).format_u64(n)
}

/// [`group`] for signed numbers: `group_i64(-1234, ',')` is "-1,234".
pub fn group_i64(n: i64, sep: char) -> String {
    Style::western(sep).format_i64(n)
}
