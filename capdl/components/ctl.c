/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A supervisor client: asks the supervisor (channel in slot a0) for the
 * component list, the caps of component "worker" (a1 = 1) and the memory,
 * printing every answer, asks for an operation that does not exist, then
 * asks it to shut the system down (twice: the second must be refused) and
 * suspends itself (its TCB is in slot 1).
 */
#include "common.h"
#include <conductor/supervisor.h>

/* One query, all chunks: MR0 cookie, MR1.. the argument; replies carry the
 * next cookie in MR0 and text in MR1.. (supervisor.h). */
static cnd_word_t query(cnd_cptr_t sup, cnd_word_t op, const char *arg)
{
    cnd_word_t cookie = 0;
    do {
        unsigned words = 1;
        cnd_set_mr(0, cookie);
        if (arg) {
            size_t n = 0;
            while (arg[n])
                n++;
            for (size_t w = 0; w * 8 <= n; w++) {
                cnd_word_t v = 0;
                for (size_t b = 0; b < 8 && w * 8 + b < n; b++)
                    v |= (cnd_word_t)(uint8_t)arg[w * 8 + b] << (8 * b);
                cnd_set_mr(1 + (unsigned)w, v);
                words++;
            }
        }
        cnd_msginfo_t info = cnd_call(sup, cnd_msginfo_new(op, 0, 0, words));
        cnd_word_t label = cnd_msginfo_get_label(info);
        cnd_word_t len = cnd_msginfo_get_length(info);
        cookie = len ? cnd_get_mr(0) : 0;
        char text[SUP_TEXT_MAX + 1];
        size_t t = 0;
        for (unsigned w = 1; w < len && t < SUP_TEXT_MAX; w++) {
            cnd_word_t v = cnd_get_mr(w);
            for (unsigned b = 0; b < 8 && t < SUP_TEXT_MAX; b++)
                text[t++] = (char)(v >> (8 * b));
        }
        text[t] = '\0';
        cnd_printf("%s", text);
        if (label != SUP_OK) {
            cnd_printf("ctl: op %lu failed with %lu\n", (unsigned long)op, (unsigned long)label);
            return label;
        }
    } while (cookie != 0);
    return SUP_OK;
}

int cnd_main(cnd_word_t sup, cnd_word_t caps_of_worker, cnd_word_t a2, cnd_word_t a3)
{
    (void)a2, (void)a3;
    cnd_printf("ctl: asking the supervisor\n");
    query(sup, SUP_PS, NULL);
    if (caps_of_worker)
        query(sup, SUP_CAPS, "worker");
    query(sup, SUP_CAPS, "nobody");
    query(sup, SUP_MEM, NULL);
    query(sup, 99, NULL);                     /* no such operation */
    cnd_printf("ctl: requesting shutdown\n");
    query(sup, SUP_SHUTDOWN, NULL);
    query(sup, SUP_SHUTDOWN, NULL);           /* a second one is refused */
    /* Out of the way (it may outrank the components still shutting down). */
    cnd_tcb_suspend(1);
    return 0;
}
