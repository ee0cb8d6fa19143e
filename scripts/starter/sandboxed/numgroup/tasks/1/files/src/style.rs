/// A way of grouping digits: the size of the rightmost group, the size of the groups left of it, the
/// separator, and the fewest digits a number needs before it is grouped at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    first: usize,
    rest: usize,
    sep: char,
    min_digits: usize,
}

impl Style {
    /// Groups of three: 1,234,567.
    pub fn western(sep: char) -> Style {
        Style { first: 3, rest: 3, sep, min_digits: 4 }
    }

    /// The Indian system: three digits, then groups of two (lakh, crore): 12,34,567.
    pub fn indian(sep: char) -> Style {
        Style { first: 3, rest: 2, sep, min_digits: 4 }
    }

    /// The SI / ISO 80000 rule: groups of three separated by a space, but four-digit numbers are left
    /// whole: 1234, 12 345.
    pub fn si() -> Style {
        Style { first: 3, rest: 3, sep: ' ', min_digits: 5 }
    }

    /// Formats an unsigned number.
    pub fn format_u64(&self, n: u64) -> String {
        let mut buffer = itoa::Buffer::new();
        self.insert(buffer.format(n))
    }

    /// Formats a signed number; a negative one keeps its minus sign in front.
    pub fn format_i64(&self, n: i64) -> String {
        let mut buffer = itoa::Buffer::new();
        let text = buffer.format(n);
        match text.strip_prefix('-') {
            // The sign is not a digit: group the digits alone, then put it back.
            Some(digits) => format!("-{}", self.insert(digits)),
            None => self.insert(text),
        }
    }

    fn insert(&self, digits: &str) -> String {
        let len = digits.len();
        if len < self.min_digits {
            return digits.to_string();
        }
        let mut out = String::with_capacity(len + len / 2);
        for (i, c) in digits.chars().enumerate() {
            let left = len - i;
            if i > 0 && left >= self.first && (left - self.first) % self.rest == 0 {
                out.push(self.sep);
            }
            out.push(c);
        }
        out
    }
}
