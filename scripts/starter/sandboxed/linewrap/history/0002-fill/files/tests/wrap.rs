use linewrap::{fill, wrap};

#[test]
fn short_text_is_one_line() {
    assert_eq!(wrap("hello world", 20), vec!["hello world"]);
}

#[test]
fn wraps_at_word_boundaries() {
    let text = "The quick brown fox jumps over the lazy dog";
    assert_eq!(wrap(text, 15), vec!["The quick brown", "fox jumps over", "the lazy dog"]);
}

#[test]
fn a_line_may_be_exactly_the_width() {
    assert_eq!(wrap("aaaa bbbb cccc", 9), vec!["aaaa bbbb", "cccc"]);
}

#[test]
fn whitespace_runs_collapse() {
    assert_eq!(wrap("  one\t two \n\n three  ", 80), vec!["one two three"]);
}

#[test]
fn long_words_get_their_own_line() {
    assert_eq!(wrap("see https://example.com/a/long/path now", 10), vec!["see", "https://example.com/a/long/path", "now"]);
}

#[test]
fn empty_text_has_no_lines() {
    assert!(wrap("", 10).is_empty());
    assert!(wrap("   \n ", 10).is_empty());
}

#[test]
fn fill_joins_lines() {
    assert_eq!(fill("The quick brown fox jumps", 10), "The quick\nbrown fox\njumps");
}
