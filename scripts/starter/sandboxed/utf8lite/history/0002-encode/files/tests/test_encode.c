#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8lite.h"

static void encode_each_length(void **state)
{
    (void)state;
    char out[4];
    assert_int_equal(utf8_encode(0x41, out), 1);
    assert_memory_equal(out, "A", 1);
    assert_int_equal(utf8_encode(0xE9, out), 2);
    assert_memory_equal(out, "\xc3\xa9", 2);
    assert_int_equal(utf8_encode(0x20AC, out), 3);
    assert_memory_equal(out, "\xe2\x82\xac", 3);
    assert_int_equal(utf8_encode(0x1F600, out), 4);
    assert_memory_equal(out, "\xf0\x9f\x98\x80", 4);
}

static void encode_refuses_surrogates_and_out_of_range(void **state)
{
    (void)state;
    char out[4];
    assert_int_equal(utf8_encode(0xD800, out), 0);
    assert_int_equal(utf8_encode(0xDFFF, out), 0);
    assert_int_equal(utf8_encode(0x110000, out), 0);
}

static void encode_then_decode_round_trips(void **state)
{
    (void)state;
    const uint32_t samples[] = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        char out[4];
        uint32_t back = 0xFFFFFFFF;
        size_t n = utf8_encode(samples[i], out);
        assert_true(n > 0);
        assert_int_equal(utf8_decode(out, n, &back), (int)n);
        assert_int_equal(back, samples[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(encode_each_length),
        cmocka_unit_test(encode_refuses_surrogates_and_out_of_range),
        cmocka_unit_test(encode_then_decode_round_trips),
    };
    return cmocka_run_group_tests_name("encode", tests, NULL, NULL);
}
