/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A channel client: Calls the endpoint in slot 10 a0 times with the numbers
 * 1..a0 (label 1) and prints each reply; then, if a1 is 1, signals the
 * notification in slot a2 and faults on purpose (a write to address 0x10)
 * so that its fault handler has something to report.
 */
#include "common.h"

int cnd_main(cnd_word_t rounds, cnd_word_t then_fault, cnd_word_t ntfn, cnd_word_t a3)
{
    (void)a3;
    for (cnd_word_t i = 1; i <= rounds; i++) {
        cnd_set_mr(0, i * 10);
        cnd_msginfo_t info = cnd_call(10, cnd_msginfo_new(1, 0, 0, 1));
        cnd_printf("client: call %lu: reply label %lu, value %lu\n", (unsigned long)i,
                   (unsigned long)cnd_msginfo_get_label(info), (unsigned long)cnd_get_mr(0));
    }
    if (then_fault == 1) {
        if (ntfn)
            cnd_signal(ntfn);
        cnd_printf("client: now faulting on purpose\n");
        /* Through a volatile pointer: the compiler may not see that it is bad. */
        volatile cnd_word_t *volatile bad = (volatile cnd_word_t *)0x10;
        *bad = 1;
        cnd_printf("client: FAIL: the write to 0x10 succeeded\n");
    }
    return 0;
}
