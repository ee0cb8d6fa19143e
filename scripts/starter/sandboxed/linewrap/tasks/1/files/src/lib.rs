//! Greedy word wrapping for terminal output: help texts, log messages, table cells.
//!
//! Words are separated by whitespace (runs of spaces, tabs and newlines count as one break). A line
//! holds as many words as fit in the width, counted in characters, separated by single spaces.

mod options;

pub use options::Options;

/// Wraps `text` into lines of at most `width` characters. A word longer than `width` gets a line of
/// its own (see [`Options::break_words`] to split it instead).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_with(text, &Options::new(width))
}

/// Wraps `text` with the given options.
pub fn wrap_with(text: &str, options: &Options) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = options.initial_indent.clone();
    let mut used = width_of(&line);
    let mut empty = true;
    for word in text.split_whitespace() {
        for piece in options.pieces(word) {
            let size = width_of(piece);
            if !empty && used + 1 + size > options.width {
                lines.push(std::mem::replace(&mut line, options.subsequent_indent.clone()));
                used = width_of(&line);
                empty = true;
            }
            if !empty {
                line.push(' ');
                used += 1;
            }
            line.push_str(piece);
            used += size;
            empty = false;
        }
    }
    if !empty {
        lines.push(line);
    }
    lines
}

/// Wraps `text` and joins the lines with newlines.
pub fn fill(text: &str, width: usize) -> String {
    wrap(text, width).join("\n")
}

/// The width of `text` in characters (not bytes: "é" is one character, two bytes).
pub(crate) fn width_of(text: &str) -> usize {
    text.chars().count()
}
