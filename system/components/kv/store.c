/* SPDX-License-Identifier: BSD-2-Clause */
/* kv's store (store.h). */
#include <stddef.h>
#include "mrstring.h"
#include "store.h"

static bool streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static void copy(char *dst, const char *src)
{
    while ((*dst++ = *src++) != '\0')
        ;
}

static struct kv_entry *find(struct kv_store *s, const char *key)
{
    for (unsigned i = 0; i < KV_ENTRIES; i++)
        if (s->table[i].used && streq(s->table[i].key, key))
            return &s->table[i];
    return NULL;
}

/*
 * Reads the string starting at byte `at` of n packed words into buf (size
 * bytes with the NUL); the index after its NUL, or 0 if it is longer than
 * buf or not terminated inside the message.
 */
static unsigned take(const uint64_t *mrs, unsigned n, unsigned at, char *buf, unsigned size)
{
    for (unsigned len = 0; at < n * 8; at++, len++) {
        if (len == size)
            return 0;
        buf[len] = capdl_mr_byte(mrs, at);
        if (buf[len] == '\0')
            return at + 1;
    }
    return 0;
}

unsigned kv_store_set(struct kv_store *s, const uint64_t *mrs, unsigned n)
{
    char key[KV_KEY_MAX], value[KV_VALUE_MAX];
    unsigned at = take(mrs, n, 0, key, sizeof key);
    if (at == 0 || key[0] == '\0' || take(mrs, n, at, value, sizeof value) == 0)
        return KV_EINVAL;
    struct kv_entry *e = find(s, key);
    for (unsigned i = 0; !e && i < KV_ENTRIES; i++)
        if (!s->table[i].used)
            e = &s->table[i];
    if (!e)
        return KV_EFULL;
    copy(e->key, key);
    copy(e->value, value);
    e->used = true;
    return KV_OK;
}

bool kv_key_from_message(const uint64_t *mrs, unsigned n, char key[KV_KEY_MAX])
{
    return take(mrs, n, 0, key, KV_KEY_MAX) != 0;
}

const char *kv_store_get(const struct kv_store *s, const char *key)
{
    const struct kv_entry *e = find((struct kv_store *)s, key);
    return e ? e->value : NULL;
}

unsigned kv_store_count(const struct kv_store *s)
{
    unsigned n = 0;
    for (unsigned i = 0; i < KV_ENTRIES; i++)
        n += s->table[i].used;
    return n;
}
