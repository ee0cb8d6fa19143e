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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(truncate_ascii),
        cmocka_unit_test(truncate_keeps_two_byte_characters_whole),
        cmocka_unit_test(truncate_keeps_three_byte_characters_whole),
        cmocka_unit_test(truncate_counts_stray_bytes_as_one),
    };
    return cmocka_run_group_tests_name("truncate", tests, NULL, NULL);
}
