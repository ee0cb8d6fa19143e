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
    let mut empty = true;
    for word in text.split_whitespace() {
        for piece in options.pieces(word) {
            if !empty && line.len() + 1 + piece.len() > options.width {
                lines.push(std::mem::replace(&mut line, options.subsequent_indent.clone()));
                empty = true;
            }
            if !empty {
                line.push(' ');
            }
            line.push_str(piece);
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
