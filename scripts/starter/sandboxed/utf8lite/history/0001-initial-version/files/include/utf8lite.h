#ifndef UTF8LITE_H
#define UTF8LITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes the code point at the start of s (len bytes available). Returns the number of bytes it
 * takes (1 to 4) and stores the code point in *cp (when cp is not NULL), or returns -1 when s does
 * not start with a well-formed UTF-8 sequence or the sequence is cut short by len. */
int utf8_decode(const char *s, size_t len, uint32_t *cp);

/* True when all len bytes of s are well-formed UTF-8. */
bool utf8_valid(const char *s, size_t len);

/* The number of code points in s, or -1 when s is not well-formed UTF-8. */
ptrdiff_t utf8_length(const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif
