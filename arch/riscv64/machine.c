/* SPDX-License-Identifier: BSD-2-Clause */
/* Address translation helpers, hart identity, halt and power control. */
#include <arch/arch.h>
#include <arch/boot.h>
#include <arch/csr.h>
#include <arch/sbi.h>
#include <arch/vm_layout.h>
#include <kernel/printf.h>

/* Set once by kernel_boot_main. */
uint64_t arch_boot_hart_id;
paddr_t arch_kernel_load_paddr;

uint64_t arch_hart_id(void)
{
    return arch_boot_hart_id;
}

void *paddr_to_kptr(paddr_t pa)
{
    return (void *)(PPTR_BASE + pa);
}

paddr_t kptr_to_paddr(const void *p)
{
    uint64_t va = (uint64_t)p;
    if (va >= KERNEL_VBASE)
        return va - KERNEL_VBASE + arch_kernel_load_paddr;
    return va - PPTR_BASE;
}

bool arch_interrupt_pending(void)
{
    return (csr_read(sip) & csr_read(sie)) != 0;
}

void arch_halt(void)
{
    csr_clear(sstatus, SSTATUS_SIE);
    csr_write(sie, 0);
    for (;;)
        __asm__ volatile("wfi");
}

void arch_power_off(void)
{
    sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN);
    kprintf("power off: the firmware refused; halting\n");
    arch_halt();
}

void arch_reboot(void)
{
    sbi_system_reset(SBI_SRST_TYPE_COLD_REBOOT);
    kprintf("reboot: the firmware refused; halting\n");
    arch_halt();
}
