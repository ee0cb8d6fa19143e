package slugkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @ValueSource(strings = {"en-US", "tr-TR", "az-AZ", "lt-LT"})
    void defaultLocaleDoesNotChangeSlugs(String languageTag) {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag(languageTag));
            assertEquals("title-index", Slugs.of("TITLE INDEX"));
            assertEquals("istanbul-izmir", Slugs.of("İstanbul İzmir"));
            assertEquals("wiki", new Slugger().slug("WIKI"));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void letterSeparatorIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Slugger().separator('x'));
    }
}
