package csvlite;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The rows after the first as maps from column name (the first row) to value, in column order.
     * Missing trailing fields are empty strings; a row with more fields than the header is an error.
     */
    public List<Map<String, String>> readRecords(String text) {
        List<List<String>> rows = parse(text);
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> header = rows.get(0);
        List<Map<String, String>> records = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() > header.size()) {
                throw new CsvException("record " + r + " has " + row.size() + " fields but the header has "
                        + header.size(), r + 1);
            }
            Map<String, String> record = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                record.put(header.get(c), c < row.size() ? row.get(c) : "");
            }
            records.add(Collections.unmodifiableMap(record));
        }
        return records;
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
            } else if (c == '\n' || c == '\r') {
                line++;
                if (field.length() > 0 || quoted || !row.isEmpty()) {
                    endRow();
                }
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    return i + 2;  // a Windows line ending is one line break
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
                if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
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
