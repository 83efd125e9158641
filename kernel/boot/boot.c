/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kernel_boot_main: everything between the jump to the upper half and the
 * first return to user mode. Reads the device tree, maps RAM and the console,
 * works out which memory is free, checks the timer, then loads the root task.
 */
#include <stdarg.h>
#include <arch/arch.h>
#include <arch/boot.h>
#include <arch/csr.h>
#include <arch/sbi.h>
#include <arch/timer.h>
#include <arch/vm.h>
#include <arch/vm_layout.h>
#include <kernel/boot.h>
#include <kernel/boot_cspace.h>
#include <kernel/console.h>
#include <kernel/irq.h>
#include <kernel/sched.h>
#include <kernel/panic.h>
#include <kernel/printf.h>
#include <kernel/string.h>
#include <kernel/trap.h>

struct boot_state boot_state;

extern uint64_t arch_boot_hart_id;
extern paddr_t arch_kernel_load_paddr;
extern char trap_entry[];

void boot_fail(const char *fmt, ...)
{
    va_list ap;
    kprintf("\nBOOT FAILED: ");
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    arch_halt();
}

paddr_t boot_alloc(uint64_t size, uint64_t align, const char *what)
{
    paddr_t pa;
    if (!region_list_alloc(&boot_state.free_memory, size, align, &pa))
        boot_fail("out of memory allocating %s (%lu bytes, %lu free)", what,
                  (unsigned long)size, (unsigned long)region_list_total(&boot_state.free_memory));
    memset(paddr_to_kptr(pa), 0, size);
    return pa;
}

static uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static void read_device_tree(struct boot_state *b)
{
    if (b->dtb_paddr == 0 || (b->dtb_paddr & 7) != 0)
        boot_fail("no usable device tree: a1 = %#lx (the firmware must pass its address)",
                  (unsigned long)b->dtb_paddr);
    const uint8_t *dtb = paddr_to_kptr(b->dtb_paddr);
    if (be32(dtb) != 0xd00dfeedu)
        boot_fail("a1 = %#lx does not point at a device tree (magic %#x)",
                  (unsigned long)b->dtb_paddr, be32(dtb));
    b->dtb_size = be32(dtb + 4);
    if (b->dtb_size > DTB_MAX_SIZE)
        boot_fail("device tree is %lu bytes; the kernel accepts at most %lu",
                  (unsigned long)b->dtb_size, (unsigned long)DTB_MAX_SIZE);
    struct platform_error err;
    if (!platform_info_parse(dtb, b->dtb_size, &b->platform, &err))
        boot_fail("device tree at %#lx: %s (at offset %u)", (unsigned long)b->dtb_paddr,
                  err.message, err.offset);
}

static void map_ram_and_console(struct boot_state *b)
{
    struct platform_info *p = &b->platform;
    for (uint32_t i = 0; i < p->n_memory; i++) {
        paddr_t base = p->memory[i].base, end = base + p->memory[i].size;
        if (base >= PADDR_TOP) {
            kprintf("warning: memory [%#lx, %#lx) is beyond the kernel window; unused\n",
                    (unsigned long)base, (unsigned long)end);
            continue;
        }
        if (end > PADDR_TOP)
            end = PADDR_TOP;
        vm_map_ram_window(base, end);
        if (!region_list_add(&b->free_memory, base, end))
            boot_fail("too many memory ranges");
    }
    if (p->console.kind != CONSOLE_NONE) {
        void *regs = vm_map_kernel_device(p->console.base, p->console.size ? p->console.size : 0x100);
        if (regs)
            console_use_uart(&p->console, regs);
    }
}

/* Removes from free memory everything that is in use or not ours. */
static void reserve_memory(struct boot_state *b)
{
    struct region_list *f = &b->free_memory;
    struct platform_info *p = &b->platform;
    bool ok = true;
    for (uint32_t i = 0; i < p->n_reserved; i++)
        ok &= region_list_remove(f, p->reserved[i].base, p->reserved[i].base + p->reserved[i].size);
    /* Below the load address there is firmware (whether or not the tree
     * says so: booti's text_offset promises it is unused by us). */
    for (uint32_t i = 0; i < p->n_memory; i++) {
        paddr_t base = p->memory[i].base;
        if (base <= b->kernel_paddr && b->kernel_paddr < base + p->memory[i].size)
            ok &= region_list_remove(f, base, b->kernel_paddr);
    }
    ok &= region_list_remove(f, b->kernel_paddr, b->kernel_end_paddr);
    ok &= region_list_remove(f, b->payload_paddr, b->payload_end_paddr);
    ok &= region_list_remove(f, b->dtb_paddr & ~(PAGE_SIZE - 1),
                             (b->dtb_paddr + b->dtb_size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
    if (!ok)
        boot_fail("memory map too fragmented (more than %d free ranges)", REGION_LIST_MAX);
    if (f->n == 0)
        boot_fail("no free memory left after the kernel, device tree and reserved ranges");
}

/* Checks that the timer interrupt really arrives before anything needs it. */
static void timer_self_test(struct boot_state *b)
{
    bool sstc = true;
    for (uint32_t i = 0; i < b->platform.n_harts; i++)
        if (!(b->platform.harts[i].isa & HART_ISA_SSTC))
            sstc = false;
    timer_init(b->platform.timebase, sstc);
    uint64_t start = arch_time_now();
    uint64_t wait = b->platform.timebase / 1000;   /* 1 ms */
    timer_set_deadline(start + wait);
    /* Interrupts stay globally off: wfi still wakes on a pending enabled
     * interrupt, and we read sip instead of taking the trap. */
    uint64_t spins = 0;
    while (!(csr_read(sip) & (1UL << IRQ_S_TIMER))) {
        __asm__ volatile("wfi");
        if (++spins > 1000000)
            boot_fail("timer interrupt never arrived (%s)", sstc ? "sstc" : "sbi");
    }
    uint64_t elapsed = arch_time_now() - start;
    timer_disarm();
    kprintf("timer: %s, 1 ms deadline fired after %lu ticks\n", sstc ? "sstc" : "sbi TIME",
            (unsigned long)elapsed);
}

/* The PLIC context of the boot hart, every source masked until a driver
 * gives it a notification. */
static void setup_interrupts(struct boot_state *b)
{
    const struct platform_plic *p = &b->platform.plic;
    uint32_t context;
    if (!p->present || !platform_plic_context(&b->platform, (uint32_t)b->hart_id, &context)) {
        kprintf("irq: no PLIC context for hart %lu: device interrupts unavailable\n",
                (unsigned long)b->hart_id);
        return;
    }
    void *regs = vm_map_kernel_device(p->base, p->size);
    if (!regs)
        boot_fail("cannot map the PLIC (%#lx bytes)", (unsigned long)p->size);
    irq_init(regs, p->ndev, context);
    csr_set(sie, SIE_SEIE);
    kprintf("irq: PLIC context %u, sources 1..%u\n", context, p->ndev);
}

static void print_sbi(void)
{
    kprintf("sbi: %s %lu.%lu, spec %lu.%lu:%s%s%s%s%s%s\n", sbi_impl_name(sbi_info.impl_id),
            sbi_info.impl_version >> 16, sbi_info.impl_version & 0xffff, sbi_info.spec_major,
            sbi_info.spec_minor, sbi_info.has_time ? " TIME" : "", sbi_info.has_ipi ? " IPI" : "",
            sbi_info.has_rfence ? " RFENCE" : "", sbi_info.has_hsm ? " HSM" : "",
            sbi_info.has_srst ? " SRST" : "", sbi_info.has_dbcn ? " DBCN" : "");
}

static void print_free_memory(const struct region_list *f)
{
    kprintf("free memory: %lu KiB in %u ranges\n",
            (unsigned long)(region_list_total(f) >> 10), f->n);
    for (uint32_t i = 0; i < f->n; i++)
        kprintf("  [%#lx, %#lx)\n", (unsigned long)f->r[i].base, (unsigned long)f->r[i].end);
}

void kernel_boot_main(uint64_t hart_id, paddr_t dtb_paddr, paddr_t load_paddr);
void kernel_boot_main(uint64_t hart_id, paddr_t dtb_paddr, paddr_t load_paddr)
{
    struct boot_state *b = &boot_state;
    arch_boot_hart_id = hart_id;
    arch_kernel_load_paddr = load_paddr;
    csr_write(stvec, (uint64_t)trap_entry);
    csr_write(sscratch, 0);
    boot_drop_identity_map(load_paddr);
    sbi_probe();

    b->hart_id = hart_id;
    b->dtb_paddr = dtb_paddr;
    b->kernel_paddr = load_paddr;
    b->kernel_end_paddr = kptr_to_paddr(_kernel_end);
    b->payload_paddr = kptr_to_paddr(_payload_start);
    b->payload_end_paddr = kptr_to_paddr(_image_end);

    read_device_tree(b);
    map_ram_and_console(b);
    kprintf("\nConductor kernel " CONDUCTOR_VERSION " (%s build), booting on hart %lu\n",
            CONDUCTOR_DEBUG ? "debug" : "release", (unsigned long)hart_id);
    boot_print_platform(&b->platform, hart_id);
    print_sbi();
    kprintf("kernel: image [%#lx, %#lx), payload [%#lx, %#lx), device tree [%#lx, +%lu)\n",
            (unsigned long)b->kernel_paddr, (unsigned long)b->kernel_end_paddr,
            (unsigned long)b->payload_paddr, (unsigned long)b->payload_end_paddr,
            (unsigned long)b->dtb_paddr, (unsigned long)b->dtb_size);
    reserve_memory(b);
    print_free_memory(&b->free_memory);

    /* U-mode may read cycle, time and instret (benchmarks, seL4 programs). */
    csr_write(scounteren, SCOUNTEREN_CY | SCOUNTEREN_TM | SCOUNTEREN_IR);
    timer_self_test(b);
    sched_init(b->platform.timebase);
    setup_interrupts(b);
    kprintf("asids: %s\n", vm_probe_asids() ? "16-bit hardware ASIDs"
                                             : "no hardware ASIDs: full TLB flush on switch");
    boot_load_root_task();
    if (CONDUCTOR_DEBUG && root_layout.options.selftest_kernel_fault) {
        kprintf("selftest: the kernel now faults on purpose\n");
        *(volatile uint64_t *)(KDEV_BASE + KDEV_SIZE - 8) = 1;
    }
    if (CONDUCTOR_DEBUG && root_layout.options.selftest_write_text) {
        kprintf("selftest: the kernel now writes to its own text\n");
        *(volatile uint32_t *)(void *)_start_image = 0;
    }
    if (root_layout.options.no_hw_asids) {
        vm_disable_hw_asids();
        kprintf("asids: hardware ASIDs off (image option): full TLB flush on switch\n");
    }
    kernel_return_to_user();
}
