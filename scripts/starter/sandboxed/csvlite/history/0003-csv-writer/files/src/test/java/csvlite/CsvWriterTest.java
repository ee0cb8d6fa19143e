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
}
