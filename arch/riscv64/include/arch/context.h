/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The user register save area the trap path fills. While a thread runs in
 * U-mode, sscratch points at its context; in S-mode sscratch is 0, which is
 * how the trap vector tells a user trap from a kernel fault.
 * Offsets are shared with trap.S; keep the two in step (static asserts below).
 */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#define CTX_REG(n) (((n) - 1) * 8)   /* x1..x31 at 0..240 */
#define CTX_PC 248
#define CTX_SSTATUS 256
#define CTX_KERNEL_SP 264
#define CTX_KERNEL_GP 272
#define CTX_SIZE 280

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <stddef.h>

struct arch_context {
    uint64_t regs[31];     /* x1 (ra) .. x31 (t6) */
    uint64_t pc;           /* sepc at the trap; where sret resumes */
    uint64_t sstatus;      /* SPP = 0, SPIE = 1, FS for the FPU */
    uint64_t kernel_sp;    /* top of the kernel stack of the hart it runs on */
    uint64_t kernel_gp;    /* the kernel's gp (kernel.ld): one load at trap entry */
};

_Static_assert(offsetof(struct arch_context, pc) == CTX_PC, "CTX_PC");
_Static_assert(offsetof(struct arch_context, sstatus) == CTX_SSTATUS, "CTX_SSTATUS");
_Static_assert(offsetof(struct arch_context, kernel_sp) == CTX_KERNEL_SP, "CTX_KERNEL_SP");
_Static_assert(offsetof(struct arch_context, kernel_gp) == CTX_KERNEL_GP, "CTX_KERNEL_GP");
_Static_assert(sizeof(struct arch_context) == CTX_SIZE, "CTX_SIZE");

/* Register numbers (x-register index) of the ABI names we use by name. */
enum {
    REG_RA = 1, REG_SP = 2, REG_GP = 3, REG_TP = 4, REG_T0 = 5, REG_T1 = 6, REG_T2 = 7,
    REG_S0 = 8, REG_S1 = 9, REG_A0 = 10, REG_A1 = 11, REG_A2 = 12, REG_A3 = 13,
    REG_A4 = 14, REG_A5 = 15, REG_A6 = 16, REG_A7 = 17, REG_S2 = 18, REG_T3 = 28,
    REG_T6 = 31
};

static inline uint64_t ctx_get(const struct arch_context *c, unsigned reg)
{
    return reg == 0 ? 0 : c->regs[reg - 1];
}

static inline void ctx_set(struct arch_context *c, unsigned reg, uint64_t v)
{
    if (reg != 0)
        c->regs[reg - 1] = v;
}

/* Kernel-mode trap frame: x1..x31 as above plus the trap CSRs. */
struct kernel_trap_frame {
    uint64_t regs[31];
    uint64_t sepc, sstatus, scause, stval;
};

extern char boot_stack_top[];

/* A new thread's context: everything zero, returning to U-mode with
 * interrupts enabled there. The FPU is usable (seL4 starts threads with the
 * FPU enabled) but switched lazily: FS = Off, as for every thread but the
 * FPU's owner, so the first F/D instruction loads the thread's (zeroed)
 * registers. The kernel stack top and gp, which arch_enter_user sets too:
 * a fastpath may run a thread that never ran without setting them (it
 * holds them from the start). */
static inline void arch_context_init(struct arch_context *c)
{
    c->sstatus = 1UL << 5 /* SPIE */;
    c->kernel_sp = (uint64_t)boot_stack_top;
    uint64_t gp;
    __asm__("mv %0, gp" : "=r"(gp));
    c->kernel_gp = gp;
}

/* Restores `ctx` and returns to U-mode. Does not return. */
void arch_return_to_user(struct arch_context *ctx) __attribute__((noreturn));
#endif

#define KFRAME_SEPC 248
#define KFRAME_SSTATUS 256
#define KFRAME_SCAUSE 264
#define KFRAME_STVAL 272
#define KFRAME_SIZE 288   /* 16-byte aligned */

#endif
