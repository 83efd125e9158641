/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host tests of the default system's pure logic: strings in message
 * registers (system/runtime/strings.c) and kv's store and KV_SET decoding
 * (system/components/kv/store.c).
 */
#include <string.h>
#include "../kernel/test.h"
#include "../../../system/runtime/mrstring.h"
#include "../../../system/components/kv/store.h"

static void test_strings(void)
{
    uint64_t mr[8];
    char buf[64];
    /* Every length around the word boundaries round-trips, NUL included. */
    for (unsigned len = 0; len < 40; len++) {
        char s[41];
        for (unsigned i = 0; i < len; i++)
            s[i] = (char)('a' + i % 26);
        s[len] = '\0';
        memset(mr, 0xff, sizeof mr);
        unsigned words = capdl_pack_string(mr, 8, s);
        CHECK_MSG(words == len / 8 + 1, "len %u: %u words", len, words);
        CHECK_MSG(capdl_mr_byte(mr, len) == '\0', "len %u: NUL", len);
        CHECK(capdl_unpack_string(mr, words, buf, sizeof buf) == len);
        CHECK_MSG(strcmp(buf, s) == 0, "len %u", len);
    }
    /* Little-endian: the first byte is the low byte of the first word. */
    capdl_pack_string(mr, 8, "ab");
    CHECK(mr[0] == 0x6261);
    /* Too long for the words allowed: refused, not cut. */
    CHECK(capdl_pack_string(mr, 1, "12345678") == 0);
    CHECK(capdl_pack_string(mr, 2, "12345678") == 2);
    /* Unpacking stops at the buffer (still terminated) and at the words. */
    capdl_pack_string(mr, 8, "hello world");
    CHECK(capdl_unpack_string(mr, 2, buf, 6) == 5 && strcmp(buf, "hello") == 0);
    memset(mr, 'x', sizeof mr);   /* no NUL at all */
    CHECK(capdl_unpack_string(mr, 1, buf, sizeof buf) == 8);
    CHECK(capdl_unpack_string(mr, 0, buf, sizeof buf) == 0 && buf[0] == '\0');
}

/* "key\0value\0" into words, as the shell sends KV_SET; returns the words. */
static unsigned pack_pair(uint64_t *mr, const char *key, const char *value)
{
    char bytes[256];
    size_t k = strlen(key), v = strlen(value);
    memcpy(bytes, key, k + 1);
    memcpy(bytes + k + 1, value, v + 1);
    unsigned len = (unsigned)(k + v + 2), words = (len + 7) / 8;
    memset(mr, 0, words * 8);
    for (unsigned i = 0; i < len; i++)
        mr[i / 8] |= (uint64_t)(uint8_t)bytes[i] << (8 * (i % 8));
    return words;
}

static void test_kv_store(void)
{
    static struct kv_store s;
    uint64_t mr[40];
    unsigned n = pack_pair(mr, "colour", "dark blue");
    CHECK(kv_store_set(&s, mr, n) == KV_OK);
    CHECK(kv_store_get(&s, "colour") && strcmp(kv_store_get(&s, "colour"), "dark blue") == 0);
    CHECK(kv_store_get(&s, "colou") == NULL && kv_store_get(&s, "colours") == NULL);
    /* Overwrite keeps one entry. */
    n = pack_pair(mr, "colour", "red");
    CHECK(kv_store_set(&s, mr, n) == KV_OK);
    CHECK(strcmp(kv_store_get(&s, "colour"), "red") == 0 && kv_store_count(&s) == 1);
    /* An empty value is a value; an empty key is not a key. */
    n = pack_pair(mr, "empty", "");
    CHECK(kv_store_set(&s, mr, n) == KV_OK && strcmp(kv_store_get(&s, "empty"), "") == 0);
    n = pack_pair(mr, "", "x");
    CHECK(kv_store_set(&s, mr, n) == KV_EINVAL);
    /* Limits: the longest key and value that fit, and one more byte. */
    char key[KV_KEY_MAX + 1], value[KV_VALUE_MAX + 1];
    memset(key, 'k', KV_KEY_MAX - 1);
    key[KV_KEY_MAX - 1] = '\0';
    memset(value, 'v', KV_VALUE_MAX - 1);
    value[KV_VALUE_MAX - 1] = '\0';
    n = pack_pair(mr, key, value);
    CHECK(kv_store_set(&s, mr, n) == KV_OK && strlen(kv_store_get(&s, key)) == KV_VALUE_MAX - 1);
    key[KV_KEY_MAX - 1] = 'k';
    key[KV_KEY_MAX] = '\0';
    n = pack_pair(mr, key, "v");
    CHECK(kv_store_set(&s, mr, n) == KV_EINVAL);
    value[KV_VALUE_MAX - 1] = 'v';
    value[KV_VALUE_MAX] = '\0';
    n = pack_pair(mr, "k", value);
    CHECK(kv_store_set(&s, mr, n) == KV_EINVAL);
    /* KV_GET's key: the longest that fits; one more byte, or no NUL in the
     * message, is refused rather than cut (a cut key could match another). */
    char got[KV_KEY_MAX];
    memset(key, 'k', KV_KEY_MAX - 1);
    key[KV_KEY_MAX - 1] = '\0';
    n = capdl_pack_string(mr, 40, key);
    CHECK(kv_key_from_message(mr, n, got) && strcmp(got, key) == 0);
    key[KV_KEY_MAX - 1] = 'k';
    key[KV_KEY_MAX] = '\0';
    n = capdl_pack_string(mr, 40, key);
    CHECK(!kv_key_from_message(mr, n, got));
    n = capdl_pack_string(mr, 40, "0123456789abcdef");
    CHECK(!kv_key_from_message(mr, n - 1, got));
    CHECK(kv_key_from_message(mr, n, got) && strcmp(got, "0123456789abcdef") == 0);
    /* A value not terminated inside the message (a short length). */
    n = pack_pair(mr, "key", "0123456789abcdef");
    CHECK(kv_store_set(&s, mr, n - 1) == KV_EINVAL);
    CHECK(kv_store_set(&s, mr, 0) == KV_EINVAL);
    /* Full: every entry used, a new key is refused, an old one still set. */
    unsigned before = kv_store_count(&s);
    for (unsigned i = before; i < KV_ENTRIES; i++) {
        char k[8] = { 'f', (char)('a' + i / 26), (char)('a' + i % 26), 0 };
        n = pack_pair(mr, k, "x");
        CHECK(kv_store_set(&s, mr, n) == KV_OK);
    }
    CHECK(kv_store_count(&s) == KV_ENTRIES);
    n = pack_pair(mr, "one-more", "x");
    CHECK(kv_store_set(&s, mr, n) == KV_EFULL);
    n = pack_pair(mr, "colour", "green");
    CHECK(kv_store_set(&s, mr, n) == KV_OK && strcmp(kv_store_get(&s, "colour"), "green") == 0);
}

int main(void)
{
    test_strings();
    test_kv_store();
    return test_report("system");
}
