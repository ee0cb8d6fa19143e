use linewrap::{fill, wrap, wrap_with, Options};

#[test]
fn accented_letters_count_as_one_character() {
    assert_eq!(wrap("café crème brûlée à emporter", 10), vec!["café crème", "brûlée à", "emporter"]);
}

#[test]
fn non_latin_words_fill_the_line() {
    assert_eq!(fill("Привет мир как дела", 10), "Привет мир\nкак дела");
}

#[test]
fn bullet_indent_counts_as_characters() {
    let options = Options { initial_indent: "• ".to_string(), subsequent_indent: "  ".to_string(), ..Options::new(10) };
    assert_eq!(wrap_with("one two three four", &options), vec!["• one two", "  three", "  four"]);
}

#[test]
fn break_words_splits_between_characters() {
    let options = Options::new(5).break_words(true);
    assert_eq!(wrap_with("Übergrößenträger", &options), vec!["Überg", "rößen", "träge", "r"]);
}

#[test]
fn lines_fit_in_characters() {
    let options = Options::new(8).break_words(true);
    for line in wrap_with("naïve façade über Ærøskøbing", &options) {
        assert!(line.chars().count() <= 8, "{line:?}");
    }
}

#[test]
fn ascii_text_wraps_as_before() {
    assert_eq!(wrap("The quick brown fox jumps over the lazy dog", 15), vec!["The quick brown", "fox jumps over", "the lazy dog"]);
}
