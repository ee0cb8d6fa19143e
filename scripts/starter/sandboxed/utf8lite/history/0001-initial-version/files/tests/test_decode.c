#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8lite.h"

static void decode_ascii(void **state)
{
    (void)state;
    uint32_t cp = 0;
    assert_int_equal(utf8_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 0x41);
}

static void decode_two_three_and_four_bytes(void **state)
{
    (void)state;
    uint32_t cp = 0;
    assert_int_equal(utf8_decode("\xc3\xa9", 2, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(utf8_decode("\xe2\x82\xac", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
}

static void decode_highest_code_point(void **state)
{
    (void)state;
    uint32_t cp = 0;
    assert_int_equal(utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
    assert_int_equal(cp, 0x10FFFF);
}

static void decode_rejects_stray_continuation(void **state)
{
    (void)state;
    assert_int_equal(utf8_decode("\x80", 1, NULL), -1);
    assert_int_equal(utf8_decode("\xbf" "A", 2, NULL), -1);
}

static void decode_rejects_truncated_sequence(void **state)
{
    (void)state;
    assert_int_equal(utf8_decode("\xe2\x82", 2, NULL), -1);
    assert_int_equal(utf8_decode("\xe2\x82\xac", 2, NULL), -1);
    assert_int_equal(utf8_decode("", 0, NULL), -1);
}

static void decode_rejects_bad_continuation(void **state)
{
    (void)state;
    assert_int_equal(utf8_decode("\xc3" "A", 2, NULL), -1);
    assert_int_equal(utf8_decode("\xff", 1, NULL), -1);
}

static void valid_and_length(void **state)
{
    (void)state;
    const char *text = "na\xc3\xafve \xe2\x82\xac";
    assert_true(utf8_valid(text, strlen(text)));
    assert_int_equal(utf8_length(text, strlen(text)), 7);
    assert_int_equal(utf8_length("", 0), 0);
}

static void invalid_buffer_has_no_length(void **state)
{
    (void)state;
    assert_false(utf8_valid("ab\xc3", 3));
    assert_int_equal(utf8_length("ab\xc3", 3), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decode_ascii),
        cmocka_unit_test(decode_two_three_and_four_bytes),
        cmocka_unit_test(decode_highest_code_point),
        cmocka_unit_test(decode_rejects_stray_continuation),
        cmocka_unit_test(decode_rejects_truncated_sequence),
        cmocka_unit_test(decode_rejects_bad_continuation),
        cmocka_unit_test(valid_and_length),
        cmocka_unit_test(invalid_buffer_has_no_length),
    };
    return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
