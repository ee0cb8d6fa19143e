#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8lite.h"

static void truncate_ascii(void **state)
{
    (void)state;
    assert_int_equal(utf8_truncate("hello world", 11, 5), 5);
    assert_int_equal(utf8_truncate("hello", 5, 10), 5);
    assert_int_equal(utf8_truncate("hello", 5, 0), 0);
}

static void truncate_keeps_two_byte_characters_whole(void **state)
{
    (void)state;
    const char *text = "caf\xc3\xa9s";                 /* "cafés" */
    assert_int_equal(utf8_truncate(text, 6, 4), 3);   /* "caf": no room for both bytes of é */
    assert_int_equal(utf8_truncate(text, 6, 5), 5);   /* "café" */
}

static void truncate_keeps_three_byte_characters_whole(void **state)
{
    (void)state;
    const char *text = "12\xe2\x82\xac";                /* "12€" */
    assert_int_equal(utf8_truncate(text, 5, 3), 2);
    assert_int_equal(utf8_truncate(text, 5, 4), 2);
    assert_int_equal(utf8_truncate(text, 5, 5), 5);
}

static void truncate_counts_stray_bytes_as_one(void **state)
{
    (void)state;
    assert_int_equal(utf8_truncate("a\x80" "b", 3, 2), 2);
    assert_int_equal(utf8_truncate("ab\xe2\x82", 4, 3), 3);
}

static void truncate_keeps_four_byte_characters_whole(void **state)
{
    (void)state;
    const char *text = "ab\xf0\x9f\x98\x80";        /* "ab" and U+1F600 */
    assert_int_equal(utf8_truncate(text, 6, 3), 2);
    assert_int_equal(utf8_truncate(text, 6, 4), 2);
    assert_int_equal(utf8_truncate(text, 6, 5), 2);
    assert_int_equal(utf8_truncate(text, 6, 6), 6);
}

static void truncate_flag_keeps_whole_regional_indicators(void **state)
{
    (void)state;
    const char *flag = "\xf0\x9f\x87\xb5\xf0\x9f\x87\xb9";  /* two regional indicators */
    assert_int_equal(utf8_truncate(flag, 8, 7), 4);
    assert_int_equal(utf8_truncate(flag, 8, 3), 0);
}

static void truncated_prefix_is_always_valid(void **state)
{
    (void)state;
    const char *text = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";
    size_t len = strlen(text);
    for (size_t max = 0; max <= len + 1; max++) {
        size_t cut = utf8_truncate(text, len, max);
        assert_true(cut <= max);
        assert_true(utf8_valid(text, cut));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(truncate_ascii),
        cmocka_unit_test(truncate_keeps_two_byte_characters_whole),
        cmocka_unit_test(truncate_keeps_three_byte_characters_whole),
        cmocka_unit_test(truncate_counts_stray_bytes_as_one),
        cmocka_unit_test(truncate_keeps_four_byte_characters_whole),
        cmocka_unit_test(truncate_flag_keeps_whole_regional_indicators),
        cmocka_unit_test(truncated_prefix_is_always_valid),
    };
    return cmocka_run_group_tests_name("truncate", tests, NULL, NULL);
}
