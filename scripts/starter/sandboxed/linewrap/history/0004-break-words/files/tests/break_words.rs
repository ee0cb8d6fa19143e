use linewrap::{wrap_with, Options};

#[test]
fn long_words_are_split() {
    let options = Options::new(8).break_words(true);
    assert_eq!(wrap_with("see abcdefghijklmnopq now", &options), vec!["see", "abcdefgh", "ijklmnop", "q now"]);
}

#[test]
fn split_pieces_respect_the_indent() {
    let options = Options::new(6).indent("  ").break_words(true);
    assert_eq!(wrap_with("abcdefghij", &options), vec!["  abcd", "  efgh", "  ij"]);
}

#[test]
fn short_words_are_not_split() {
    let options = Options::new(8).break_words(true);
    assert_eq!(wrap_with("one two three", &options), vec!["one two", "three"]);
}
