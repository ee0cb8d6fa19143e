use linewrap::{wrap_with, Options};

#[test]
fn same_indent_on_every_line() {
    let options = Options::new(12).indent("  ");
    assert_eq!(wrap_with("alpha beta gamma delta", &options), vec!["  alpha beta", "  gamma", "  delta"]);
}

#[test]
fn hanging_indent() {
    let options = Options { subsequent_indent: "    ".to_string(), ..Options::new(16) };
    let lines = wrap_with("--verbose print every step as it happens", &options);
    assert_eq!(lines, vec!["--verbose print", "    every step", "    as it", "    happens"]);
}

#[test]
fn lines_never_exceed_the_width() {
    let options = Options::new(10).indent("> ");
    for line in wrap_with("a bb ccc dddd eeeee ffffff", &options) {
        assert!(line.len() <= 10, "{line:?}");
    }
}
