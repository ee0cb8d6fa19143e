package csvlite;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.Test;

public class CsvReaderTest {
    private final CsvReader reader = new CsvReader();

    @Test
    public void plainFields() {
        assertEquals(List.of(List.of("a", "b", "c"), List.of("1", "2", "3")), reader.parse("a,b,c\n1,2,3\n"));
    }

    @Test
    public void lastLineWithoutNewline() {
        assertEquals(List.of(List.of("a", "b"), List.of("1", "2")), reader.parse("a,b\n1,2"));
    }

    @Test
    public void emptyFieldsAreKept() {
        assertEquals(List.of(List.of("", "b", "")), reader.parse(",b,\n"));
    }

    @Test
    public void quotedFieldWithDelimiterAndQuotes() {
        assertEquals(List.of(List.of("Smith, Jo", "say \"hi\"")), reader.parse("\"Smith, Jo\",\"say \"\"hi\"\"\"\n"));
    }

    @Test
    public void quotedFieldWithLineBreak() {
        assertEquals(List.of(List.of("line one\nline two", "x")), reader.parse("\"line one\nline two\",x\n"));
    }

    @Test
    public void emptyQuotedFieldIsARow() {
        assertEquals(List.of(List.of("")), reader.parse("\"\"\n"));
    }

    @Test
    public void blankLinesAreSkipped() {
        assertEquals(List.of(List.of("a"), List.of("b")), reader.parse("a\n\n\nb\n"));
    }

    @Test
    public void unterminatedQuoteNamesItsLine() {
        CsvException error = assertThrows(CsvException.class, () -> reader.parse("a\nb\n\"c,d\n"));
        assertEquals(3, error.line());
    }

    @Test
    public void semicolonDelimiter() {
        CsvReader semi = new CsvReader(CsvFormat.DEFAULT.withDelimiter(';'));
        assertEquals(List.of(List.of("Müller", "3,5"), List.of("a;b", "")), semi.parse("Müller;3,5\n\"a;b\";\n"));
    }

    @Test
    public void singleQuoteCharacter() {
        CsvReader single = new CsvReader(CsvFormat.DEFAULT.withQuote('\''));
        assertEquals(List.of(List.of("it's", "\"x\"")), single.parse("'it''s',\"x\"\n"));
    }

    @Test
    public void readAllReadsEverything() throws IOException {
        assertEquals(List.of(List.of("x", "y")), reader.readAll(new StringReader("x,y\n")));
    }
}
