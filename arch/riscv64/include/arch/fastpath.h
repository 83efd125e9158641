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

/* Always inlined: the point of each is to avoid a call. */
#define ARCH_FAST_INLINE static inline __attribute__((always_inline))

/* paddr_to_kptr for an object in the physical window (every kernel object
 * a cap names is). */
ARCH_FAST_INLINE void *arch_fast_kptr(paddr_t pa)
{
    return (void *)(uintptr_t)(PPTR_BASE + pa);
}

/* Whether the context has the FPU off (what arch_fpu_prepare makes sure of
 * for every thread but the FPU's owner). */
ARCH_FAST_INLINE bool arch_fast_fpu_is_off(const struct arch_context *c)
{
    return (c->sstatus & SSTATUS_FS_MASK) == 0;
}

/* arch_fpu_prepare in line: `owner` = the thread is the FPU's owner. */
ARCH_FAST_INLINE void arch_fast_fpu_prepare(struct arch_context *c, bool owner)
{
    if (!owner)
        c->sstatus &= ~SSTATUS_FS_MASK;
}

/* Whether arch_fast_vm_switch can switch to `root` by itself: nothing to
 * do when the root is already in satp (same address space), a single satp
 * write with hardware ASIDs (entries are tagged, so no flush). Without
 * them a switch needs vm_activate's flush: the general path does it. */
ARCH_FAST_INLINE bool arch_fast_vm_switch_ok(paddr_t root)
{
    return root == vm_active_root || vspace_hw_asids;
}

/* What vm_activate writes to satp for `root` with hardware ASID `asid`. */
ARCH_FAST_INLINE uint64_t arch_fast_satp(paddr_t root, uint16_t asid)
{
    return SATP_MODE_SV39 | ((uint64_t)asid << SATP_ASID_SHIFT) | (root >> PAGE_BITS);
}

/* vm_activate for a root arch_fast_vm_switch_ok accepted, `satp` from
 * arch_fast_satp. */
ARCH_FAST_INLINE void arch_fast_vm_switch(paddr_t root, uint64_t satp)
{
    if (root == vm_active_root)
        return;
    csr_write(satp, satp);
    vm_active_root = root;
}

/* arch_return_to_user under a second name declared without noreturn, so
 * that a compiler makes a call to it the caller's last instruction, a jump
 * (see FASTPATH_ENTRY in kernel/ipc/fastpath.c). It does not return. */
void arch_fast_return_to_user(struct arch_context *c);

/* arch_enter_user without the call, and without setting kernel_sp (or
 * kernel_gp, set with it): a
 * fastpath only returns to a thread that entered the kernel before (the
 * caller, or one blocked in a system call), so its context already holds
 * the one kernel stack top (trap entry loads sp from it), which nothing
 * else ever writes. */
ARCH_FAST_INLINE void arch_fast_return(struct arch_context *c)
{
    arch_fast_return_to_user(c);
}

/* Whether the context holds what arch_enter_user sets (arch_context_init
 * sets it too): the kernel's stack top and gp. */
ARCH_FAST_INLINE bool arch_fast_kernel_entry_set(const struct arch_context *c)
{
    uint64_t gp;
    __asm__("mv %0, gp" : "=r"(gp));
    return c->kernel_sp == (uint64_t)boot_stack_top && c->kernel_gp == gp;
}

/* arch_enter_user in line, for an exit to a thread that may never have
 * run (so its kernel_sp and kernel_gp may not be set yet). */
ARCH_FAST_INLINE __attribute__((noreturn)) void arch_fast_enter_user(struct arch_context *c)
{
    c->kernel_sp = (uint64_t)boot_stack_top;
    uint64_t gp;
    __asm__("mv %0, gp" : "=r"(gp));
    c->kernel_gp = gp;
    arch_return_to_user(c);
}

#endif
