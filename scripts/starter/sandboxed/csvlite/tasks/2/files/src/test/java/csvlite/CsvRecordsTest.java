package csvlite;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CsvRecordsTest {
    private final CsvReader reader = new CsvReader();

    @Test
    public void recordsAreKeyedByHeader() {
        List<Map<String, String>> records = reader.readRecords("name,email\nJo,jo@example.org\nAl,al@example.org\n");
        assertEquals(2, records.size());
        assertEquals("jo@example.org", records.get(0).get("email"));
        assertEquals("Al", records.get(1).get("name"));
    }

    @Test
    public void columnOrderIsKept() {
        Map<String, String> record = reader.readRecords("b,a,c\n2,1,3\n").get(0);
        assertEquals(List.of("b", "a", "c"), List.copyOf(record.keySet()));
    }

    @Test
    public void shortRowsGetEmptyValues() {
        assertEquals(Map.of("a", "1", "b", ""), reader.readRecords("a,b\n1\n").get(0));
    }

    @Test
    public void longRowsAreAnError() {
        CsvException error = assertThrows(CsvException.class, () -> reader.readRecords("a,b\n1,2,3\n"));
        assertTrue(error.getMessage().contains("3 fields"));
    }

    @Test
    public void headerOnlyGivesNoRecords() {
        assertTrue(reader.readRecords("a,b\n").isEmpty());
        assertTrue(reader.readRecords("").isEmpty());
    }

    @Test
    public void semicolonFileWithHeader() {
        CsvReader semi = new CsvReader(CsvFormat.DEFAULT.withDelimiter(';'));
        assertEquals("3,5", semi.readRecords("item;price\npen;3,5\n").get(0).get("price"));
    }

    @Test
    public void windowsFileRecords() {
        List<Map<String, String>> records = reader.readRecords("name,email\r\nJo,jo@example.org\r\n\r\nAl,\r\n");
        assertEquals(List.of(Map.of("name", "Jo", "email", "jo@example.org"), Map.of("name", "Al", "email", "")),
                records);
    }
}
