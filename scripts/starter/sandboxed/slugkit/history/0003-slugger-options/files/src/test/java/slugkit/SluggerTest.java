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
    void settersReturnNewSluggers() {
        Slugger plain = new Slugger();
        plain.separator('_');
        assertEquals("a-b", plain.slug("a b"));
    }

    @Test
    void letterSeparatorIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Slugger().separator('x'));
    }
}
