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

/* Whether every switch arch_fast_vm_switch may be asked for is a single
 * satp write (hardware ASIDs). */
ARCH_FAST_INLINE bool arch_fast_vm_switch_hw_asids(void)
{
    return vspace_hw_asids;
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

/* Jumps to the C function `target` (which never returns) with its first
 * three arguments in a0..a2: a jump the compiler does not see as a call.
 * A fastpath that leaves only through these and inline code is a leaf: gcc
 * gives a function that calls even a noreturn function a frame that saves
 * ra. ("memory": every store before it must be done.) */
#define ARCH_FAST_JUMP3(target, x0, x1, x2)                                        \
    do {                                                                           \
        register uint64_t arch_fast_a0_ __asm__("a0") = (uint64_t)(x0);            \
        register uint64_t arch_fast_a1_ __asm__("a1") = (uint64_t)(x1);            \
        register uint64_t arch_fast_a2_ __asm__("a2") = (uint64_t)(x2);            \
        __asm__ volatile("j " #target ::"r"(arch_fast_a0_), "r"(arch_fast_a1_),    \
                         "r"(arch_fast_a2_)                                        \
                         : "memory");                                              \
        __builtin_unreachable();                                                   \
    } while (0)
/* The same for a function of one argument. */
#define ARCH_FAST_JUMP1(target, x0)                                                \
    do {                                                                           \
        register uint64_t arch_fast_a0_ __asm__("a0") = (uint64_t)(x0);            \
        __asm__ volatile("j " #target ::"r"(arch_fast_a0_) : "memory");            \
        __builtin_unreachable();                                                   \
    } while (0)

/* The same with the argument in a6 (to an assembly routine). */
#define ARCH_FAST_JUMP_A6(target, x)                                               \
    do {                                                                           \
        register uint64_t arch_fast_a6_ __asm__("a6") = (uint64_t)(x);             \
        __asm__ volatile("j " #target ::"r"(arch_fast_a6_) : "memory");            \
        __builtin_unreachable();                                                   \
    } while (0)

/* arch_return_to_user as such a jump, without setting kernel_sp (or
 * kernel_gp, set with it): a fastpath only returns to a thread that
 * entered the kernel before (the caller, or one blocked in a system call),
 * so its context already holds the one kernel stack top (trap entry loads
 * sp from it), which nothing else ever writes. */
ARCH_FAST_INLINE __attribute__((noreturn)) void arch_fast_return(struct arch_context *c)
{
    ARCH_FAST_JUMP1(arch_return_to_user, (uintptr_t)c);
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
