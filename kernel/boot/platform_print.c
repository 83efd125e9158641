/* SPDX-License-Identifier: BSD-2-Clause */
/* The platform summary printed as the first lines of every boot. */
#include <kernel/boot.h>
#include <kernel/printf.h>

static const char *console_kind_name(enum console_kind k)
{
    switch (k) {
    case CONSOLE_NS16550A: return "16550";
    case CONSOLE_DW_APB_UART: return "dw-apb-uart";
    case CONSOLE_SIFIVE_UART0: return "sifive-uart";
    default: return "none";
    }
}

void boot_print_platform(const struct platform_info *p, uint64_t boot_hart)
{
    kprintf("platform: %s\n", p->model[0] ? p->model : "(no model)");
    kprintf("  harts:");
    for (uint32_t i = 0; i < p->n_harts; i++)
        kprintf(" %u%s", p->harts[i].hartid, p->harts[i].hartid == boot_hart ? "*" : "");
    kprintf(" (%u usable, * = boot hart)\n", p->n_harts);
    for (uint32_t i = 0; i < p->n_memory; i++)
        kprintf("  memory: [%#lx, %#lx) %lu MiB\n", (unsigned long)p->memory[i].base,
                (unsigned long)(p->memory[i].base + p->memory[i].size),
                (unsigned long)(p->memory[i].size >> 20));
    for (uint32_t i = 0; i < p->n_reserved; i++)
        kprintf("  reserved: [%#lx, %#lx)\n", (unsigned long)p->reserved[i].base,
                (unsigned long)(p->reserved[i].base + p->reserved[i].size));
    if (p->console.kind == CONSOLE_NONE)
        kprintf("  console: sbi (no usable UART in /chosen/stdout-path)\n");
    else
        kprintf("  console: %s (%s) at %#lx, reg-shift %u, reg-io-width %u, irq %u\n",
                p->console.compatible, console_kind_name(p->console.kind),
                (unsigned long)p->console.base, p->console.reg_shift, p->console.reg_io_width,
                p->console.irq);
    if (!p->plic.present) {
        kprintf("  plic: none\n");
    } else {
        kprintf("  plic: at %#lx, %u sources, S-mode contexts:", (unsigned long)p->plic.base,
                p->plic.ndev);
        for (uint32_t i = 0; i < p->plic.n_contexts; i++)
            kprintf(" hart %u->%u", p->plic.contexts[i].hartid, p->plic.contexts[i].context);
        kprintf("\n");
    }
    kprintf("  timebase: %lu Hz\n", (unsigned long)p->timebase);
}
