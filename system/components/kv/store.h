/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kv's store: a fixed table of string pairs, and the decoding of KV_SET's
 * packed "key\0value\0". No system calls, so it is tested on the host
 * (tests/unit/system).
 */
#ifndef SYSTEM_KV_STORE_H
#define SYSTEM_KV_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "kv_protocol.h"

struct kv_entry {
    char key[KV_KEY_MAX];
    char value[KV_VALUE_MAX];
    bool used;
};

struct kv_store {
    struct kv_entry table[KV_ENTRIES];
};

/* KV_SET from its n message words: KV_OK, KV_EINVAL (empty key, a key or
 * value too long, a string not terminated inside the message) or KV_EFULL.
 * An existing key is overwritten. */
unsigned kv_store_set(struct kv_store *s, const uint64_t *mrs, unsigned n);

/* KV_GET's key from its n message words into key; false if it is longer
 * than a key can be or not terminated inside the message. */
bool kv_key_from_message(const uint64_t *mrs, unsigned n, char key[KV_KEY_MAX]);

/* The value stored under key, or NULL. */
const char *kv_store_get(const struct kv_store *s, const char *key);

unsigned kv_store_count(const struct kv_store *s);

#endif
