package csvlite;

/** How a CSV file is laid out: the character between fields and the character that quotes them. */
public final class CsvFormat {
    /** Comma-separated, double-quoted (RFC 4180). */
    public static final CsvFormat DEFAULT = new CsvFormat(',', '"');

    private final char delimiter;
    private final char quote;

    public CsvFormat(char delimiter, char quote) {
        if (delimiter == quote) {
            throw new IllegalArgumentException("delimiter and quote must differ");
        }
        if (isLineBreak(delimiter) || isLineBreak(quote)) {
            throw new IllegalArgumentException("delimiter and quote cannot be line breaks");
        }
        this.delimiter = delimiter;
        this.quote = quote;
    }

    public char delimiter() {
        return delimiter;
    }

    public char quote() {
        return quote;
    }

    public CsvFormat withDelimiter(char newDelimiter) {
        return new CsvFormat(newDelimiter, quote);
    }

    public CsvFormat withQuote(char newQuote) {
        return new CsvFormat(delimiter, newQuote);
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }

    @Override
    public String toString() {
        return "CsvFormat[delimiter=" + delimiter + ", quote=" + quote + "]";
    }
}
