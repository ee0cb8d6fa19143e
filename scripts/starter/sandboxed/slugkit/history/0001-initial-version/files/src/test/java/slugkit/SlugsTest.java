package slugkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlugsTest {
    @ParameterizedTest
    @CsvSource({
        "Hello World, hello-world",
        "'  Hello,   World!  ', hello-world",
        "Crème Brûlée: A History, creme-brulee-a-history",
        "Top 10 Tips, top-10-tips",
        "already-a-slug, already-a-slug",
    })
    void slugs(String title, String expected) {
        assertEquals(expected, Slugs.of(title));
    }

    @Test
    void nothingToKeepGivesEmpty() {
        assertEquals("", Slugs.of("!!! ???"));
        assertEquals("", Slugs.of(""));
    }

    @Test
    void accentsAreStripped() {
        assertEquals("Cafe naive", Slugs.stripAccents("Café naïve"));
    }
}
