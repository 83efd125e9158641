/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ping client: a process that calls the server ROUNDS times through the
 * badged endpoint cap its creator gave it, and exits with the last answer.
 */
#include <conductor/libcap.h>
#include "protocol.h"

int cnd_main(cnd_word_t start, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3)
{
    (void)a1, (void)a2, (void)a3;
    cnd_word_t n = start;
    for (int i = 0; i < ROUNDS; i++) {
        struct cnd_msg m = cnd_msg_new(PING);
        cnd_msg_add_word(&m, n);
        cnd_msginfo_t reply = cnd_msg_call(CND_PROC_FIRST_CAP, &m);
        if (cnd_msginfo_get_label(reply) != PONG)
            return -1;
        n = cnd_get_mr(0);
        cnd_printf("ping: pong says %lu\n", (unsigned long)n);
    }
    return (int)n;
}
