//! Digit grouping for integers, for reports and tables: `1,234,567`, `1 234 567`.
//!
//! Digits come from the `itoa` crate (no allocation until the separators go in).

/// Groups the digits of `n` in threes with `sep`: `group(1234567, ',')` is "1,234,567".
pub fn group(n: u64, sep: char) -> String {
    let mut buffer = itoa::Buffer::new();
    insert(buffer.format(n), sep)
}

/// [`group`] for signed numbers: `group_i64(-1234, ',')` is "-1,234".
pub fn group_i64(n: i64, sep: char) -> String {
    if n > -1000 && n < 1000 {
        return n.to_string();
    }
    let mut buffer = itoa::Buffer::new();
    insert(buffer.format(n), sep)
}

fn insert(digits: &str, sep: char) -> String {
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}
