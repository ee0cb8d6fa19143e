package slugkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @ParameterizedTest
    @CsvSource({
        "Hello World, 20, hello-world",
        "Hello World, 5, hello",
        "Hello World, 11, hello-world",
    })
    void maxLength(String title, int maxLength, String expected) {
        assertEquals(expected, Slugs.of(title, maxLength));
    }

    @Test
    void maxLengthMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Slugs.of("x", 0));
    }

    @Test
    void accentsAreStripped() {
        assertEquals("Cafe naive", Slugger.stripAccents("Café naïve"));
    }
}
