/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kv: a key-value and echo server (protocol in kv_protocol.h), isolated
 * from everything but its channel: it holds its endpoint (Read), a channel
 * to the supervisor, and a bound notification only the supervisor may
 * signal (the shutdown notice). It has no serial driver cap, so what it
 * reports goes to the kernel's debug console.
 *
 * A signal on the bound notification arrives as a Recv on the endpoint
 * with the signal's badge; client badges stay below SYSTEM_SHUTDOWN_BADGE,
 * so the bit tells the two apart.
 */
#include <conductor/supervisor.h>
#include "capdl_component.h"
#include "kv_protocol.h"
#include "../slots.h"

struct entry {
    char key[KV_KEY_MAX];
    char value[KV_VALUE_MAX];
    bool used;
};

static struct entry table[KV_ENTRIES];
static cnd_word_t served;
/* Null, but the compiler may not know it (a literal null store is undefined
 * behaviour it could turn into something else than a store). */
static volatile cnd_word_t *volatile fault_target;

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

static struct entry *find(const char *key)
{
    for (unsigned i = 0; i < KV_ENTRIES; i++)
        if (table[i].used && streq(table[i].key, key))
            return &table[i];
    return NULL;
}

/* Splits "key\0value\0" out of n message words; false if malformed. */
static bool parse_set(const cnd_word_t *mr, unsigned n, char *key, char *value)
{
    unsigned klen = capdl_unpack_string(mr, n, key, KV_KEY_MAX);
    if (klen == 0 || klen + 1 >= KV_KEY_MAX)
        return false;
    /* The value starts right after the key's NUL, which may be mid-word:
     * unpack byte by byte from there. */
    unsigned at = klen + 1, len = 0;
    for (; at < n * 8; at++) {
        char c = (char)(mr[at / 8] >> (8 * (at % 8)));
        if (c == '\0')
            break;
        if (len + 1 >= KV_VALUE_MAX)
            return false;
        value[len++] = c;
    }
    value[len] = '\0';
    return at < n * 8;   /* the value's NUL was inside the message */
}

static cnd_word_t set(const cnd_word_t *mr, unsigned n)
{
    char key[KV_KEY_MAX], value[KV_VALUE_MAX];
    if (!parse_set(mr, n, key, value))
        return KV_EINVAL;
    struct entry *e = find(key);
    for (unsigned i = 0; !e && i < KV_ENTRIES; i++)
        if (!table[i].used)
            e = &table[i];
    if (!e)
        return KV_EFULL;
    copy(e->key, key);
    copy(e->value, value);
    e->used = true;
    return KV_OK;
}

static void shutdown(void)
{
    unsigned n = 0;
    for (unsigned i = 0; i < KV_ENTRIES; i++)
        n += table[i].used;
    cnd_debug_puts(n == 0 ? "kv: shutdown notice: store empty, finishing\n"
                          : "kv: shutdown notice: dropping the store, finishing\n");
    cnd_msginfo_t r = cnd_call(KV_SLOT_SUP, cnd_msginfo_new(SUP_SHUTDOWN_DONE, 0, 0, 1));
    if (cnd_msginfo_get_label(r) != SUP_OK)
        cnd_debug_puts("kv: the supervisor refused SUP_SHUTDOWN_DONE\n");
}

int cnd_main(cnd_word_t a0, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    cnd_debug_puts("kv: ready\n");
    bool reply = false;
    cnd_msginfo_t out = cnd_msginfo_new(0, 0, 0, 0);
    for (;;) {
        cnd_badge_t badge = 0;
        cnd_msginfo_t in = reply ? cnd_reply_recv(KV_SLOT_ENDPOINT, out, &badge)
                                 : cnd_recv(KV_SLOT_ENDPOINT, &badge);
        reply = true;
        if (badge & SYSTEM_SHUTDOWN_BADGE) {
            shutdown();
            reply = false;   /* nobody called */
            continue;
        }
        served++;
        unsigned n = (unsigned)cnd_msginfo_get_length(in);
        if (n > CND_MSG_MAX_LENGTH)
            n = CND_MSG_MAX_LENGTH;
        switch (cnd_msginfo_get_label(in)) {
        case KV_PING:
            /* The words are already in place: echo them back. */
            out = cnd_msginfo_new(KV_OK, 0, 0, n);
            break;
        case KV_SET:
            out = cnd_msginfo_new(set(ipc->msg, n), 0, 0, 0);
            break;
        case KV_GET: {
            char key[KV_KEY_MAX];
            capdl_unpack_string(ipc->msg, n, key, sizeof key);
            const struct entry *e = find(key);
            if (!e) {
                out = cnd_msginfo_new(KV_ENOENT, 0, 0, 0);
                break;
            }
            out = cnd_msginfo_new(KV_OK, 0, 0,
                                  capdl_pack_string(ipc->msg, CND_MSG_MAX_LENGTH, e->value));
            break;
        }
        case KV_COUNT: {
            cnd_word_t used = 0;
            for (unsigned i = 0; i < KV_ENTRIES; i++)
                used += table[i].used;
            ipc->msg[0] = used;
            ipc->msg[1] = served;
            out = cnd_msginfo_new(KV_OK, 0, 0, 2);
            break;
        }
        case KV_FAULT:
            cnd_debug_puts("kv: asked to fault: storing to address 0\n");
            *fault_target = 0xdead;
            /* Not reached: the supervisor restarts or stops this thread. */
            reply = false;
            break;
        default:
            out = cnd_msginfo_new(KV_EINVAL, 0, 0, 0);
            break;
        }
    }
}
