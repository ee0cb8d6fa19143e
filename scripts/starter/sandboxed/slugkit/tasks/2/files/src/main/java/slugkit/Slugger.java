package slugkit;

import java.text.Normalizer;

/** Makes slugs with chosen options. Immutable: each setter returns a new Slugger. */
public final class Slugger {
    private final char separator;
    private final int maxLength;

    public Slugger() {
        this('-', Integer.MAX_VALUE);
    }

    private Slugger(char separator, int maxLength) {
        this.separator = separator;
        this.maxLength = maxLength;
    }

    /** The character between words (default '-'); it must not be a letter or a digit. */
    public Slugger separator(char newSeparator) {
        if (Character.isLetterOrDigit(newSeparator)) {
            throw new IllegalArgumentException("separator must not be a letter or digit: " + newSeparator);
        }
        return new Slugger(newSeparator, maxLength);
    }

    /** Slugs longer than this are cut at the limit (and never end with the separator). */
    public Slugger maxLength(int newMaxLength) {
        if (newMaxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive: " + newMaxLength);
        }
        return new Slugger(separator, newMaxLength);
    }

    /** The slug of `text`; empty when it has no letters or digits. */
    public String slug(String text) {
        String plain = plain(text);
        StringBuilder slug = new StringBuilder();
        boolean pendingSeparator = false;
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (pendingSeparator && slug.length() > 0) {
                    slug.append(separator);
                }
                slug.append(c);
                pendingSeparator = false;
            } else {
                pendingSeparator = true;
            }
        }
        if (slug.length() > maxLength) {
            slug.setLength(maxLength);
            if (slug.charAt(maxLength - 1) == separator) {
                slug.setLength(maxLength - 1);  // cut right after a word: no separator at the end
            }
        }
        return slug.toString();
    }

    /** Lower case, without accents, with letters that have no decomposition spelled out. */
    static String plain(String text) {
        return transliterate(stripAccents(text)).toLowerCase();
    }

    private static final String[][] SPELLED_OUT = {
        {"ß", "ss"}, {"ẞ", "SS"}, {"æ", "ae"}, {"Æ", "AE"}, {"ø", "o"}, {"Ø", "O"},
        {"ł", "l"}, {"Ł", "L"}, {"đ", "d"}, {"Đ", "D"}, {"þ", "th"}, {"Þ", "TH"},
    };

    /** Letters that NFD does not decompose, written with ASCII letters. */
    static String transliterate(String text) {
        String out = text;
        for (String[] pair : SPELLED_OUT) {
            out = out.replace(pair[0], pair[1]);
        }
        return out;
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
