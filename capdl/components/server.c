/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A channel server: answers a0 Calls on the endpoint in slot 10 with the
 * value plus one (label 2). Then, if a1 is a slot, receives one fault
 * message on that endpoint (its client's fault endpoint) and prints it
 * decoded; and if a2 is a slot, powers off with the system-control cap
 * there.
 */
#include "common.h"

int cnd_main(cnd_word_t rounds, cnd_word_t fault_ep, cnd_word_t sysctl, cnd_word_t a3)
{
    (void)a3;
    for (cnd_word_t i = 0; i < rounds; i++) {
        cnd_badge_t badge = 0;
        cnd_msginfo_t info = cnd_recv(10, &badge);
        cnd_word_t v = cnd_get_mr(0);
        cnd_printf("server: request label %lu value %lu from badge %lu\n",
                   (unsigned long)cnd_msginfo_get_label(info), (unsigned long)v,
                   (unsigned long)badge);
        cnd_set_mr(0, v + 1);
        cnd_reply(cnd_msginfo_new(2, 0, 0, 1));
    }
    if (fault_ep) {
        /* The server's bound notification also ends a Recv: report such
         * signals and wait on for the fault. */
        struct cnd_fault f;
        for (;;) {
            cnd_badge_t badge = 0;
            cnd_msginfo_t info = cnd_recv(fault_ep, &badge);
            if (cnd_msginfo_get_label(info) != 0) {
                cnd_fault_decode(info, badge, &f);
                break;
            }
            cnd_printf("server: notification, badge %lu\n", (unsigned long)badge);
        }
        char text[160];
        cnd_printf("server: fault from badge %lu: %s\n", (unsigned long)f.badge,
                   cnd_fault_string(&f, text, sizeof text));
    }
    if (sysctl)
        comp_power_off("server", sysctl);
    return 0;
}
