/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Takes part in the supervisor's shutdown protocol: waits on the
 * notification in slot a0 (the supervisor signals it on SUP_SHUTDOWN),
 * tidies up, answers SUP_SHUTDOWN_DONE on the supervisor channel in slot a1
 * and waits for the power to go.
 */
#include "common.h"
#include <conductor/supervisor.h>

int cnd_main(cnd_word_t ntfn, cnd_word_t sup, cnd_word_t a2, cnd_word_t a3)
{
    (void)a2, (void)a3;
    cnd_printf("worker: running, waiting for the shutdown signal\n");
    cnd_badge_t badge = cnd_wait(ntfn);
    cnd_printf("worker: shutdown signal (badge %lu), saying done\n", (unsigned long)badge);
    cnd_set_mr(0, 0);
    cnd_msginfo_t info = cnd_call(sup, cnd_msginfo_new(SUP_SHUTDOWN_DONE, 0, 0, 1));
    cnd_printf("worker: supervisor answered %lu\n", (unsigned long)cnd_msginfo_get_label(info));
    for (;;)
        cnd_wait(ntfn);
}
