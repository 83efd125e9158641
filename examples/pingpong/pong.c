/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The pong server: a process that answers PING with PONG and the number plus
 * one, ROUNDS times, then exits. Its endpoint (full rights, so it can
 * receive) is the first cap its creator gave it.
 */
#include <conductor/libcap.h>
#include "protocol.h"

static enum cnd_server_action serve(void *ctx, const struct cnd_request *req,
                                    struct cnd_msg *reply)
{
    int *served = ctx;
    if (req->label != PING)
        return CND_SERVER_NO_REPLY;  /* not for us: ignore it */
    cnd_word_t n = cnd_get_mr(0);  /* read the request before writing the reply */
    cnd_printf("pong: got ping %lu from client %lu\n", (unsigned long)n,
               (unsigned long)req->badge);
    reply->label = PONG;
    cnd_msg_add_word(reply, n + 1);
    return ++*served == ROUNDS ? CND_SERVER_REPLY_STOP : CND_SERVER_REPLY;
}

int cnd_main(cnd_word_t a0, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    int served = 0;
    cnd_server_run(CND_PROC_FIRST_CAP, serve, &served);
    return served;
}
