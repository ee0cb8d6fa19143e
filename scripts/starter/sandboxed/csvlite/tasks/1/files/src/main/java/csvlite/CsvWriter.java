package csvlite;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** Writes rows as CSV text that CsvReader (with the same format) reads back unchanged. */
public final class CsvWriter {
    private final CsvFormat format;

    public CsvWriter() {
        this(CsvFormat.DEFAULT);
    }

    public CsvWriter(CsvFormat format) {
        this.format = format;
    }

    /** One row, without a line break. */
    public String formatRow(List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(format.delimiter());
            }
            out.append(field(fields.get(i)));
        }
        return out.toString();
    }

    /** Every row, each ended by a line break. */
    public String formatAll(List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            out.append(formatRow(row)).append('\n');
        }
        return out.toString();
    }

    public void writeRow(Writer out, List<String> fields) throws IOException {
        out.write(formatRow(fields));
        out.write('\n');
    }

    private String field(String value) {
        if (value == null) {
            return "";
        }
        if (!needsQuotes(value)) {
            return value;
        }
        String quote = String.valueOf(format.quote());
        return quote + value.replace(quote, quote + quote) + quote;
    }

    private boolean needsQuotes(String value) {
        return value.indexOf(format.delimiter()) >= 0 || value.indexOf(format.quote()) >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    }
}
