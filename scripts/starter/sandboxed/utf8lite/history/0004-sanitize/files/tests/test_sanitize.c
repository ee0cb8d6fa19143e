#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8lite.h"

static void sanitize_keeps_valid_text(void **state)
{
    (void)state;
    char out[32];
    const char *text = "na\xc3\xafve \xe2\x82\xac";
    assert_int_equal(utf8_sanitize(text, strlen(text), out, sizeof out), strlen(text));
    assert_string_equal(out, text);
}

static void sanitize_replaces_stray_bytes(void **state)
{
    (void)state;
    char out[32];
    assert_int_equal(utf8_sanitize("a\xff" "b", 3, out, sizeof out), 5);
    assert_string_equal(out, "a\xef\xbf\xbd" "b");
}

static void sanitize_replaces_truncated_sequence_byte_by_byte(void **state)
{
    (void)state;
    char out[32];
    assert_int_equal(utf8_sanitize("x\xe2\x82", 3, out, sizeof out), 7);
    assert_string_equal(out, "x\xef\xbf\xbd\xef\xbf\xbd");
}

static void sanitize_reports_needed_length_like_snprintf(void **state)
{
    (void)state;
    char out[4];
    assert_int_equal(utf8_sanitize("ab\xc3\xa9", 4, out, sizeof out), 4);
    assert_string_equal(out, "ab");                     /* é does not fit whole in 3 bytes */
    assert_int_equal(utf8_sanitize("abc", 3, NULL, 0), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sanitize_keeps_valid_text),
        cmocka_unit_test(sanitize_replaces_stray_bytes),
        cmocka_unit_test(sanitize_replaces_truncated_sequence_byte_by_byte),
        cmocka_unit_test(sanitize_reports_needed_length_like_snprintf),
    };
    return cmocka_run_group_tests_name("sanitize", tests, NULL, NULL);
}
