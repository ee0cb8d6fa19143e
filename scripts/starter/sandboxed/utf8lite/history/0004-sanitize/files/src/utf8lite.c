#include "utf8lite.h"

/* The length of the sequence a lead byte starts, or 0 for a byte that cannot start one. */
static int sequence_length(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if ((lead & 0xE0) == 0xC0)
        return 2;
    if ((lead & 0xF0) == 0xE0)
        return 3;
    if ((lead & 0xF8) == 0xF0)
        return 4;
    return 0;
}

int utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    if (len == 0)
        return -1;
    int n = sequence_length(p[0]);
    if (n == 0 || (size_t)n > len)
        return -1;
    uint32_t value = n == 1 ? p[0] : (uint32_t)(p[0] & (0x7F >> n));
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return -1;
        value = (value << 6) | (p[i] & 0x3F);
    }
    if (cp)
        *cp = value;
    return n;
}

bool utf8_valid(const char *s, size_t len)
{
    return utf8_length(s, len) >= 0;
}

ptrdiff_t utf8_length(const char *s, size_t len)
{
    ptrdiff_t count = 0;
    size_t pos = 0;
    while (pos < len) {
        int n = utf8_decode(s + pos, len - pos, NULL);
        if (n < 0)
            return -1;
        pos += (size_t)n;
        count++;
    }
    return count;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
    unsigned char *p = (unsigned char *)out;
    if (cp < 0x80) {
        p[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        p[0] = (unsigned char)(0xC0 | (cp >> 6));
        p[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        p[0] = (unsigned char)(0xE0 | (cp >> 12));
        p[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        p[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF)
        return 0;
    p[0] = (unsigned char)(0xF0 | (cp >> 18));
    p[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    p[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    p[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* How many bytes to step over at a lead byte: the length of the character it starts, or 1. */
static size_t step_width(unsigned char lead)
{
    if ((lead & 0xE0) == 0xC0)
        return 2;
    if ((lead & 0xF0) == 0xE0)
        return 3;
    return 1;
}

size_t utf8_truncate(const char *s, size_t len, size_t max_bytes)
{
    size_t pos = 0;
    while (pos < len) {
        size_t n = step_width((unsigned char)s[pos]);
        if (n > len - pos)
            n = 1;
        if (pos + n > max_bytes)
            break;
        pos += n;
    }
    return pos;
}

static const char REPLACEMENT[] = "\xef\xbf\xbd";

size_t utf8_sanitize(const char *s, size_t len, char *out, size_t out_size)
{
    size_t needed = 0;
    size_t written = 0;
    size_t pos = 0;
    while (pos < len) {
        int n = utf8_decode(s + pos, len - pos, NULL);
        const char *piece = n > 0 ? s + pos : REPLACEMENT;
        size_t width = n > 0 ? (size_t)n : 3;
        pos += n > 0 ? (size_t)n : 1;
        if (out_size > 0 && written == needed && written + width < out_size) {
            for (size_t i = 0; i < width; i++)
                out[written + i] = piece[i];
            written += width;
        }
        needed += width;
    }
    if (out_size > 0)
        out[written] = '\0';
    return needed;
}
