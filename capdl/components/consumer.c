/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared memory, the reading side (its mapping is read-only): waits on the
 * notification in slot a1, prints what the region mapped at a0 holds, then
 * powers off with the system-control cap in slot a2.
 */
#include "common.h"

int cnd_main(cnd_word_t region, cnd_word_t ntfn, cnd_word_t sysctl, cnd_word_t a3)
{
    (void)a3;
    cnd_badge_t badge = cnd_wait(ntfn);
    const volatile char *p = (const volatile char *)region;
    char text[64];
    size_t i = 0;
    while (i + 1 < sizeof text && p[i] != '\0') {
        text[i] = p[i];
        i++;
    }
    text[i] = '\0';
    cnd_printf("consumer: badge %lu, read \"%s\" and '%c' at %p\n", (unsigned long)badge, text,
               p[3 * 4096], (void *)region);
    comp_power_off("consumer", sysctl);
    return 0;
}
