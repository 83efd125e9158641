/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A process that misbehaves twice: it writes where nothing is mapped, then
 * runs an instruction user mode may not (a write to the read-only cycle
 * CSR). Its creator handles both faults, and it carries on.
 */
#include <conductor/libcap.h>

int cnd_main(cnd_word_t where, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3)
{
    (void)a1, (void)a2, (void)a3;
    volatile int *p = (volatile int *)where;
    cnd_printf("faulty: writing to %p, where nothing is mapped\n", (void *)p);
    *p = 41;
    cnd_printf("faulty: the write went through after all; now an illegal instruction\n");
    __asm__ volatile(".4byte 0xc0001073");  /* csrw cycle, zero: illegal in U-mode */
    cnd_printf("faulty: skipped it; exiting with %d\n", *p + 1);
    return *p + 1;
}
