/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The smallest capDL component: says where it runs and the kernel's type
 * tag of every cap in slots 1..15, the header of the device tree if a0 says
 * where the spec mapped it, then powers the machine off with the system-control cap in slot 4
 * (capdl/examples/hello.cdl puts it there).
 */
#include "common.h"

int cnd_main(cnd_word_t a0, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3)
{
    (void)a1, (void)a2, (void)a3;
    const struct cnd_process_info *pi = cnd_process_self();
    cnd_printf("hello: running as a capDL component, IPC buffer at %p, CNode of 2^%u slots, "
               "first free slot %lu\n", (void *)pi->ipc_buffer, pi->cnode_bits,
               (unsigned long)pi->first_free);
    /* What the loader put into the CSpace, as the kernel sees it. */
    for (cnd_cptr_t slot = 1; slot < 16; slot++) {
        cnd_word_t tag = cnd_debug_cap_identify(slot);
        if (tag != CND_CAP_TAG_NULL)
            cnd_printf("hello: slot %lu: tag %lu\n", (unsigned long)slot, (unsigned long)tag);
    }
    if (a0 != 0) {
        /* a0: where the spec mapped a frame filled with the device tree. */
        const volatile uint8_t *p = (const volatile uint8_t *)a0;
        uint32_t magic = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        uint32_t size = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
        cnd_printf("hello: at %p: magic 0x%08x, total size %u\n", (void *)a0, magic, size);
    }
    comp_power_off("hello", 4);
    return 0;
}
