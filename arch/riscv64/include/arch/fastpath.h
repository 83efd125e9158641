/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Inline arch helpers for the system-call fastpaths (kernel/ipc/fastpath.c).
 * Each replaces an out-of-line call of the general exit path with the few
 * instructions it comes down to in the fastpath's situation: the fastpaths
 * are short enough that call overhead is a large part of their cost.
 */
#ifndef ARCH_FASTPATH_H
#define ARCH_FASTPATH_H

#include <stdint.h>
#include <arch/arch.h>
#include <arch/boot.h>
#include <arch/context.h>
#include <arch/csr.h>
#include <arch/pte.h>
#include <arch/vm.h>
#include <arch/vm_layout.h>
#include <arch/vspace.h>

/* paddr_to_kptr for an object in the physical window (every kernel object
 * a cap names is). */
static inline void *arch_fast_kptr(paddr_t pa)
{
    return (void *)(uintptr_t)(PPTR_BASE + pa);
}

/* arch_fpu_prepare for a thread that does not own the FPU: its first FP
 * instruction must trap. */
static inline void arch_fast_fpu_off(struct arch_context *c)
{
    c->sstatus &= ~SSTATUS_FS_MASK;
}

/* vm_activate: nothing when the root is already in satp (same address
 * space); with hardware ASIDs a single satp write (entries are tagged, so
 * no flush); without them the general function, which flushes. */
static inline void arch_fast_vm_switch(paddr_t root, uint16_t asid)
{
    if (root == vm_active_root)
        return;
    if (!vspace_hw_asids) {
        vm_activate(root, asid);
        return;
    }
    csr_write(satp, SATP_MODE_SV39 | ((uint64_t)asid << SATP_ASID_SHIFT) | (root >> PAGE_BITS));
    vm_active_root = root;
}

/* arch_enter_user without the call: restores `c` and srets. */
static inline __attribute__((noreturn)) void arch_fast_return(struct arch_context *c)
{
    c->kernel_sp = (uint64_t)boot_stack_top;
    arch_return_to_user(c);
}

#endif
