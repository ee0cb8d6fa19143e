package csvlite;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class CsvWriterTest {
    private final CsvWriter writer = new CsvWriter();

    @Test
    public void plainFieldsAreNotQuoted() {
        assertEquals("a,b,c", writer.formatRow(List.of("a", "b", "c")));
    }

    @Test
    public void fieldWithDelimiterIsQuoted() {
        assertEquals("\"Smith, Jo\",42", writer.formatRow(List.of("Smith, Jo", "42")));
    }

    @Test
    public void quotesAreDoubled() {
        assertEquals("\"say \"\"hi\"\"\"", writer.formatRow(List.of("say \"hi\"")));
    }

    @Test
    public void lineBreaksAreQuoted() {
        assertEquals("\"a\nb\",c", writer.formatRow(List.of("a\nb", "c")));
    }

    @Test
    public void nullIsAnEmptyField() {
        assertEquals("a,,b", writer.formatRow(Arrays.asList("a", null, "b")));
    }

    @Test
    public void writeRowEndsTheLine() throws IOException {
        StringWriter out = new StringWriter();
        writer.writeRow(out, List.of("x", "y"));
        assertEquals("x,y\n", out.toString());
    }

    @Test
    public void roundTripWithDefaultFormat() {
        List<List<String>> rows = List.of(List.of("id", "note"), List.of("1", "a, \"quoted\"\nnote"), List.of("2", ""));
        assertEquals(rows, new CsvReader().parse(writer.formatAll(rows)));
    }

    @Test
    public void semicolonFormatQuotesFieldsWithSemicolons() {
        CsvWriter semi = new CsvWriter(CsvFormat.DEFAULT.withDelimiter(';'));
        assertEquals("\"Smith; Jo\";42", semi.formatRow(List.of("Smith; Jo", "42")));
    }

    @Test
    public void semicolonFormatLeavesCommasAlone() {
        CsvWriter semi = new CsvWriter(CsvFormat.DEFAULT.withDelimiter(';'));
        assertEquals("3,5;pen", semi.formatRow(List.of("3,5", "pen")));
    }

    @Test
    public void singleQuoteFormatQuotesWithSingleQuotes() {
        CsvWriter single = new CsvWriter(CsvFormat.DEFAULT.withQuote('\''));
        assertEquals("'it''s','a,b',say \"hi\"", single.formatRow(List.of("it's", "a,b", "say \"hi\"")));
    }

    @Test
    public void roundTripWithOtherFormats() {
        List<List<String>> rows = List.of(List.of("name", "note"), List.of("Smith; Jo", "it's \"fine\", 3,5"),
                List.of("", "two\nlines"));
        for (CsvFormat format : List.of(CsvFormat.DEFAULT.withDelimiter(';'), CsvFormat.DEFAULT.withQuote('\''),
                new CsvFormat('\t', '\''))) {
            String text = new CsvWriter(format).formatAll(rows);
            assertEquals(format.toString(), rows, new CsvReader(format).parse(text));
        }
    }
}
