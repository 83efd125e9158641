/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Faults on purpose, to exercise the supervisor: counts its starts in an
 * initialised global (so a restart that re-fills writable memory from the
 * spec shows "start 1" again), then writes to address 0x10.
 */
#include "common.h"

static volatile int starts = 0x100;

int cnd_main(cnd_word_t a0, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    starts++;
    cnd_printf("faulter: start %d, faulting now\n", starts - 0x100);
    /* Through a volatile pointer: the compiler may not see that it is bad. */
    volatile cnd_word_t *volatile bad = (volatile cnd_word_t *)0x10;
    *bad = 1;
    cnd_printf("faulter: FAIL: the write to 0x10 succeeded\n");
    return 1;
}
