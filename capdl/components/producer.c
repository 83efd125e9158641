/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared memory, the writing side: writes a message into the region mapped
 * at a0 and signals the notification in slot a1.
 */
#include "common.h"

int cnd_main(cnd_word_t region, cnd_word_t ntfn, cnd_word_t a2, cnd_word_t a3)
{
    (void)a2, (void)a3;
    static const char msg[] = "hello through shared memory";
    char *p = (char *)region;
    for (size_t i = 0; i < sizeof msg; i++)
        p[i] = msg[i];
    /* The last page too: the whole region is shared, not just its start. */
    p[3 * 4096] = 'Z';
    cnd_printf("producer: wrote the message at %p\n", (void *)p);
    cnd_signal(ntfn);
    return 0;
}
