package csvlite;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class CsvFormatTest {
    @Test
    public void defaultIsCommaAndDoubleQuote() {
        assertEquals(',', CsvFormat.DEFAULT.delimiter());
        assertEquals('"', CsvFormat.DEFAULT.quote());
    }

    @Test
    public void withersKeepTheOtherSetting() {
        CsvFormat format = CsvFormat.DEFAULT.withDelimiter('\t').withQuote('\'');
        assertEquals('\t', format.delimiter());
        assertEquals('\'', format.quote());
    }

    @Test
    public void delimiterAndQuoteMustDiffer() {
        assertThrows(IllegalArgumentException.class, () -> new CsvFormat('"', '"'));
    }

    @Test
    public void lineBreaksAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CsvFormat.DEFAULT.withDelimiter('\n'));
        assertThrows(IllegalArgumentException.class, () -> CsvFormat.DEFAULT.withQuote('\r'));
    }
}
