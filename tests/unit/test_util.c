/* test_util.c - unit tests of the error object and the private helpers (util_int.h). */
#include <stdlib.h>
#include <string.h>

#include "bitext/bitext.h"
#include "check.h"
#include "util_int.h"

static void test_error(void)
{
    bitext_error err;
    char line[1400];
    bitext_error_clear(&err);
    CHECK(err.code == 0 && err.offset == -1);
    CHECK(bitext_fail_at(&err, BITEXT_EPARSE, "a.tmx", 3, 14, -1, "bad %s", "thing") ==
          BITEXT_EPARSE);
    CHECK_STR(bitext_error_format(&err, line, sizeof line), "a.tmx:3:14: bad thing");
    bitext_fail_at(&err, BITEXT_EENCODING, "a.txt", 0, 0, 26, "invalid UTF-8");
    CHECK_STR(bitext_error_format(&err, line, sizeof line), "a.txt: byte 26: invalid UTF-8");
    bitext_fail(&err, BITEXT_ENOMEM, "out of memory");
    CHECK_STR(bitext_error_format(&err, line, sizeof line), "out of memory");
    CHECK_STR(bitext_error_name(BITEXT_ESQLITE), "ESQLITE");
    CHECK(bitext_fail(NULL, BITEXT_EIO, "no error object") == BITEXT_EIO);
}

static void test_buf_arena(void)
{
    bitext_buf b = {0};
    bitext_arena a = {0};
    char *s, *big;
    for (int i = 0; i < 1000; i++)
        CHECK_OK(bitext_buf_printf(&b, "%d,", i));
    CHECK(b.len == strlen(b.data));
    CHECK(strncmp(b.data, "0,1,2,", 6) == 0);
    s = bitext_buf_detach(&b);
    CHECK(b.data == NULL && b.len == 0);
    free(s);
    s = bitext_arena_strndup(&a, "hello world", 5);
    CHECK_STR(s, "hello");
    big = bitext_arena_alloc(&a, 200000);      /* larger than a block */
    CHECK(big != NULL && ((uintptr_t)big & 7) == 0);
    memset(big, 'x', 200000);
    CHECK_STR(s, "hello");
    bitext_arena_free(&a);
    CHECK(a.head == NULL);
}

static void test_utf8(void)
{
    const char ok[] = "Zażółć \xF0\x9F\x98\x80!";
    size_t i = 0, j;
    uint32_t cp;
    char enc[4];
    CHECK(bitext_utf8_invalid_offset(ok, strlen(ok)) == -1);
    CHECK(bitext_utf8_invalid_offset("ab\xC0\xAF", 4) == 2);        /* overlong */
    CHECK(bitext_utf8_invalid_offset("ab\xED\xA0\x80", 5) == 2);    /* surrogate */
    CHECK(bitext_utf8_invalid_offset("abc\xE2\x82", 5) == 3);       /* truncated */
    CHECK(bitext_utf8_invalid_offset("\xF4\x90\x80\x80", 4) == 0);  /* > U+10FFFF */
    CHECK(bitext_utf8_count(ok, strlen(ok)) == 9);
    i = 2;
    CHECK(bitext_utf8_next(ok, strlen(ok), &i) == 0x17C && i == 4); /* ż */
    j = strlen(ok) - 1;
    CHECK(bitext_utf8_prev(ok, &j) == 0x1F600);
    for (cp = 1; cp < 0x110000; cp += 997) {
        size_t n = bitext_utf8_encode(cp, enc), k = 0;
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        CHECK(bitext_utf8_next(enc, n, &k) == cp && k == n);
    }
}

static void test_trim(void)
{
    const char s[] = "\xC2\xA0  text\xE3\x80\x80 \n";
    size_t a = 0, b = strlen(s);
    bitext_trim(s, &a, &b);
    CHECK(a == 4 && b == 8);
    a = 0, b = 3;
    bitext_trim("   ", &a, &b);
    CHECK(a == b);
}

static void test_hash(void)
{
    char hex[65];
    bitext_sha256_hex(hex, "", 0);
    CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    bitext_sha256_hex(hex, "abc", 3);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* two-block message from FIPS 180-4 examples (56 bytes: padding spills over) */
    bitext_sha256_hex(hex, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
    CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(bitext_hash64("a", 1) != bitext_hash64("b", 1));
}

static void test_read_all(void)
{
    char *data;
    size_t len;
    bitext_error err;
    bitext_error_clear(&err);
    CHECK_OK(bitext_read_all(&data, &len, "read_plain.txt", 1 << 20, &err));
    CHECK(len > 0 && data[len] == '\0');
    free(data);
    CHECK(bitext_read_all(&data, &len, "read_plain.txt", 10, &err) == BITEXT_EIO);
    CHECK(strstr(err.message, "larger") != NULL);
    CHECK(bitext_read_all(&data, &len, ".", 10, &err) == BITEXT_EIO);
    CHECK(strstr(err.message, "directory") != NULL);
}

int main(void)
{
    test_error();
    test_buf_arena();
    test_utf8();
    test_trim();
    test_hash();
    test_read_all();
    return check_done("test_util");
}
