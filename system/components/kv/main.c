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
#include "store.h"
#include "../slots.h"

static struct kv_store store;
/* Null, but the compiler may not know it (a literal null store is undefined
 * behaviour it could turn into something else than a store). */
static volatile cnd_word_t *volatile fault_target;

static void shutdown(void)
{
    cnd_debug_puts(kv_store_count(&store) == 0
                       ? "kv: shutdown notice: store empty, finishing\n"
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
        unsigned n = (unsigned)cnd_msginfo_get_length(in);
        if (n > CND_MSG_MAX_LENGTH)
            n = CND_MSG_MAX_LENGTH;
        switch (cnd_msginfo_get_label(in)) {
        case KV_PING:
            /* The words are already in place: echo them back. */
            out = cnd_msginfo_new(KV_OK, 0, 0, n);
            break;
        case KV_SET:
            out = cnd_msginfo_new(kv_store_set(&store, ipc->msg, n), 0, 0, 0);
            break;
        case KV_GET: {
            char key[KV_KEY_MAX];
            if (!kv_key_from_message(ipc->msg, n, key)) {
                out = cnd_msginfo_new(KV_EINVAL, 0, 0, 0);
                break;
            }
            const char *value = kv_store_get(&store, key);
            if (!value) {
                out = cnd_msginfo_new(KV_ENOENT, 0, 0, 0);
                break;
            }
            out = cnd_msginfo_new(KV_OK, 0, 0,
                                  capdl_pack_string(ipc->msg, CND_MSG_MAX_LENGTH, value));
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
