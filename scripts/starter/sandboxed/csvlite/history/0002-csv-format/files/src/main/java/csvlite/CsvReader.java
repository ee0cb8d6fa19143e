package csvlite;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** Parses CSV text into rows of fields. */
public final class CsvReader {
    private final CsvFormat format;

    public CsvReader() {
        this(CsvFormat.DEFAULT);
    }

    public CsvReader(CsvFormat format) {
        this.format = format;
    }

    /** Every row of `text`; blank lines are skipped. */
    public List<List<String>> parse(String text) {
        return new Parser(text, format.delimiter(), format.quote()).rows();
    }

    /** Reads `in` to the end and parses it. */
    public List<List<String>> readAll(Reader in) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            text.append(buffer, 0, n);
        }
        return parse(text.toString());
    }

    private static final class Parser {
        private final String text;
        private final char delimiter;
        private final char quote;
        private final List<List<String>> rows = new ArrayList<>();
        private List<String> row = new ArrayList<>();
        private final StringBuilder field = new StringBuilder();
        private boolean quoted;
        private int line = 1;

        Parser(String text, char delimiter, char quote) {
            this.text = text;
            this.delimiter = delimiter;
            this.quote = quote;
        }

        List<List<String>> rows() {
            int i = 0;
            while (i < text.length()) {
                i = step(i);
            }
            if (field.length() > 0 || quoted || !row.isEmpty()) {
                endRow();
            }
            return rows;
        }

        private int step(int i) {
            char c = text.charAt(i);
            if (c == quote && field.length() == 0 && !quoted) {
                quoted = true;
                return quotedField(i + 1);
            }
            if (c == delimiter) {
                endField();
            } else if (c == '\n') {
                line++;
                if (field.length() > 0 || quoted || !row.isEmpty()) {
                    endRow();
                }
            } else {
                field.append(c);
            }
            return i + 1;
        }

        /** Reads a quoted field's content from `i` (just past the opening quote) to its closing quote. */
        private int quotedField(int i) {
            int start = line;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == quote) {
                    if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                        field.append(quote);
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                if (c == '\n') {
                    line++;
                }
                field.append(c);
                i++;
            }
            throw new CsvException("unterminated quoted field", start);
        }

        private void endField() {
            row.add(field.toString());
            field.setLength(0);
            quoted = false;
        }

        private void endRow() {
            endField();
            rows.add(row);
            row = new ArrayList<>();
        }
    }
}
