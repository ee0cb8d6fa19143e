package slugkit;

import java.text.Normalizer;

/** Turns titles into URL slugs: lower-case ASCII letters and digits, words joined by dashes. */
public final class Slugs {
    private Slugs() {
    }

    /** The slug of `text`; empty when it has no letters or digits. */
    public static String of(String text) {
        String plain = stripAccents(text).toLowerCase();
        StringBuilder slug = new StringBuilder();
        boolean pendingDash = false;
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (pendingDash && slug.length() > 0) {
                    slug.append('-');
                }
                slug.append(c);
                pendingDash = false;
            } else {
                pendingDash = true;
            }
        }
        return slug.toString();
    }

    /** The slug of `text`, at most `maxLength` characters long (cut at the limit). */
    public static String of(String text, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
        String slug = of(text);
        return slug.length() <= maxLength ? slug : slug.substring(0, maxLength);
    }

    /** `text` without combining marks: "é" becomes "e". */
    static String stripAccents(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
