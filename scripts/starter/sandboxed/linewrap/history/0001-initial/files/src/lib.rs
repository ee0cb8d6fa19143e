//! Greedy word wrapping for terminal output: help texts, log messages, table cells.
//!
//! Words are separated by whitespace (runs of spaces, tabs and newlines count as one break). A line
//! holds as many words as fit in the width, counted in characters, separated by single spaces.

/// Wraps `text` into lines of at most `width` characters. A word longer than `width` gets a line of
/// its own.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
