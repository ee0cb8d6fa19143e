package slugkit;

/** Turns titles into URL slugs: lower-case ASCII letters and digits, words joined by dashes. */
public final class Slugs {
    private static final Slugger DEFAULT = new Slugger();

    private Slugs() {
    }

    /** The slug of `text`; empty when it has no letters or digits. */
    public static String of(String text) {
        return DEFAULT.slug(text);
    }

    /** The slug of `text`, at most `maxLength` characters long (cut at the limit). */
    public static String of(String text, int maxLength) {
        return DEFAULT.maxLength(maxLength).slug(text);
    }
}
