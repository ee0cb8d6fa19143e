use crate::width_of;

/// How to wrap: the width, indents for the first and the following lines, and what to do with words
/// longer than a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The most characters a line may have, indent included.
    pub width: usize,
    /// Put before the first line.
    pub initial_indent: String,
    /// Put before every line after the first.
    pub subsequent_indent: String,
    /// Split words longer than the room on a line (false: such a word gets a line of its own).
    pub break_words: bool,
}

impl Options {
    /// `width` characters, no indents, long words kept whole.
    pub fn new(width: usize) -> Options {
        Options { width, initial_indent: String::new(), subsequent_indent: String::new(), break_words: false }
    }

    /// The same indent on every line.
    pub fn indent(mut self, indent: &str) -> Options {
        self.initial_indent = indent.to_string();
        self.subsequent_indent = indent.to_string();
        self
    }

    /// Sets [`Options::break_words`].
    pub fn break_words(mut self, on: bool) -> Options {
        self.break_words = on;
        self
    }

    /// The pieces `word` is laid out as: itself, or, with `break_words`, chunks that each fit on a line
    /// after the subsequent indent.
    pub(crate) fn pieces<'a>(&self, word: &'a str) -> Vec<&'a str> {
        let room = self.width.saturating_sub(width_of(&self.subsequent_indent)).max(1);
        if !self.break_words || width_of(word) <= room {
            return vec![word];
        }
        let mut pieces = Vec::new();
        let mut rest = word;
        while width_of(rest) > room {
            let cut = rest.char_indices().nth(room).map_or(rest.len(), |(at, _)| at);
            let (head, tail) = rest.split_at(cut);
            pieces.push(head);
            rest = tail;
        }
        pieces.push(rest);
        pieces
    }
}
