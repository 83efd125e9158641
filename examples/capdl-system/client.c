/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * adder client: Calls the server (channel `add`, slot 4) with a0 and exits
 * with the answer, which the supervisor reports.
 */
#include <conductor/libcap.h>

int cnd_main(cnd_word_t n, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3)
{
    (void)a1, (void)a2, (void)a3;
    cnd_set_mr(0, n);
    cnd_call(4, cnd_msginfo_new(0, 0, 0, 1));
    cnd_word_t sum = cnd_get_mr(0);
    cnd_printf("adder client: %lu + 1 = %lu\n", (unsigned long)n, (unsigned long)sum);
    return (int)sum;
}
