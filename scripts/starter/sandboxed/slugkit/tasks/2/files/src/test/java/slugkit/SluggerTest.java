package slugkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SluggerTest {
    @Test
    void underscoreSeparator() {
        assertEquals("hello_big_world", new Slugger().separator('_').slug("Hello, big World"));
    }

    @Test
    void optionsCombine() {
        Slugger slugger = new Slugger().maxLength(8).separator('.');
        assertEquals("v2.0.rel", slugger.slug("v2 0 release notes"));
    }

    @Test
    void cutAfterAWordDropsTheSeparator() {
        assertEquals("hello", new Slugger().separator('_').maxLength(6).slug("Hello World"));
        assertEquals("v2.0", new Slugger().separator('.').maxLength(5).slug("v2 0 release"));
    }

    @Test
    void settersReturnNewSluggers() {
        Slugger plain = new Slugger();
        plain.separator('_');
        assertEquals("a-b", plain.slug("a b"));
    }

    @Test
    void lettersWithoutDecompositionAreSpelledOut() {
        Slugger slugger = new Slugger();
        assertEquals("strasse", slugger.slug("Straße"));
        assertEquals("lodz-aeroskobing-thorn", slugger.slug("Łódź Ærøskøbing Þorn"));
    }

    @Test
    void letterSeparatorIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Slugger().separator('x'));
    }
}
