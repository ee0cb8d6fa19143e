/// How to wrap: the width and indents for the first and the following lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The most characters a line may have, indent included.
    pub width: usize,
    /// Put before the first line.
    pub initial_indent: String,
    /// Put before every line after the first.
    pub subsequent_indent: String,
}

impl Options {
    /// `width` characters, no indents.
    pub fn new(width: usize) -> Options {
        Options { width, initial_indent: String::new(), subsequent_indent: String::new() }
    }

    /// The same indent on every line.
    pub fn indent(mut self, indent: &str) -> Options {
        self.initial_indent = indent.to_string();
        self.subsequent_indent = indent.to_string();
        self
    }
}
