/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * adder server: answers each Call on the channel in slot 4 (system.cdl puts
 * it there) with the number it carried plus one, forever.
 */
#include <conductor/libcap.h>

int cnd_main(cnd_word_t a0, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    for (;;) {
        cnd_badge_t badge = 0;
        cnd_recv(4, &badge);
        cnd_word_t v = cnd_get_mr(0);
        cnd_printf("adder server: %lu from badge %lu\n", (unsigned long)v, (unsigned long)badge);
        cnd_set_mr(0, v + 1);
        cnd_reply(cnd_msginfo_new(0, 0, 0, 1));
    }
}
