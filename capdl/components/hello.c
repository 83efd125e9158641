/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The smallest capDL component: says where it runs and what its CSpace
 * holds, then powers the machine off with the system-control cap in slot 4
 * (capdl/examples/hello.cdl puts it there).
 */
#include "common.h"

int cnd_main(cnd_word_t a0, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    const struct cnd_process_info *pi = cnd_process_self();
    cnd_printf("hello: running as a capDL component, IPC buffer at %p, CNode of 2^%u slots\n",
               (void *)pi->ipc_buffer, pi->cnode_bits);
    cnd_printf("hello: slot 1 tag %lu (thread), 2 tag %lu (cnode), 3 tag %lu (page table)\n",
               (unsigned long)cnd_debug_cap_identify(1), (unsigned long)cnd_debug_cap_identify(2),
               (unsigned long)cnd_debug_cap_identify(3));
    comp_power_off("hello", 4);
    return 0;
}
