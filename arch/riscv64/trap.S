/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Trap entry and exit. The kernel runs with interrupts off, so a trap taken
 * in S-mode is a kernel bug and goes to the panic path; every other trap
 * comes from U-mode and saves the thread's registers into the context that
 * sscratch points at, then continues on the hart's kernel stack in C.
 */
#include <abi/syscall_numbers.h>
#include <arch/context.h>

/* gp = the kernel's global pointer (kernel.ld), PC-relative; not itself
 * relaxed into a gp-relative form. */
.macro KERNEL_GP
    .option push
    .option norelax
    lla     gp, __global_pointer$
    .option pop
.endm

/* From U-mode: t6 = context, sscratch = user t6. Saves every user register,
 * sepc and sstatus into the context and switches to the kernel stack; t6
 * stays the context, t5 = scause, and a0..a7 still hold the user's values
 * (the fastpaths take their arguments from them). */
.macro SAVE_USER_CONTEXT
    sd      x1, CTX_REG(1)(t6)
    sd      x2, CTX_REG(2)(t6)
    sd      x3, CTX_REG(3)(t6)
    sd      x4, CTX_REG(4)(t6)
    sd      x5, CTX_REG(5)(t6)
    sd      x6, CTX_REG(6)(t6)
    sd      x7, CTX_REG(7)(t6)
    sd      x8, CTX_REG(8)(t6)
    sd      x9, CTX_REG(9)(t6)
    sd      x10, CTX_REG(10)(t6)
    sd      x11, CTX_REG(11)(t6)
    sd      x12, CTX_REG(12)(t6)
    sd      x13, CTX_REG(13)(t6)
    sd      x14, CTX_REG(14)(t6)
    sd      x15, CTX_REG(15)(t6)
    sd      x16, CTX_REG(16)(t6)
    sd      x17, CTX_REG(17)(t6)
    sd      x18, CTX_REG(18)(t6)
    sd      x19, CTX_REG(19)(t6)
    sd      x20, CTX_REG(20)(t6)
    sd      x21, CTX_REG(21)(t6)
    sd      x22, CTX_REG(22)(t6)
    sd      x23, CTX_REG(23)(t6)
    sd      x24, CTX_REG(24)(t6)
    sd      x25, CTX_REG(25)(t6)
    sd      x26, CTX_REG(26)(t6)
    sd      x27, CTX_REG(27)(t6)
    sd      x28, CTX_REG(28)(t6)
    sd      x29, CTX_REG(29)(t6)
    sd      x30, CTX_REG(30)(t6)
    csrr    t5, sscratch
    sd      t5, CTX_REG(31)(t6)
    csrw    sscratch, zero          /* now in the kernel: faults panic */
    csrr    t5, sepc
    sd      t5, CTX_PC(t6)
    csrr    t5, sstatus
    sd      t5, CTX_SSTATUS(t6)

    ld      sp, CTX_KERNEL_SP(t6)
    ld      gp, CTX_KERNEL_GP(t6)   /* = KERNEL_GP below, in one instruction */
    csrr    t5, scause
.endm

#if CONDUCTOR_DEBUG
/* Debug builds: records the trap for the panic report's last system calls
 * (invariants_trace_entry(context, scause) keeps system calls, ignores other
 * traps) once, at the one point every system call passes, fastpath or not.
 * Entered as SAVE_USER_CONTEXT leaves it: the user registers are all in the
 * context, so s1 may hold the context across the call; afterwards t6 (the
 * context), t5 (scause) and the user's a0..a7, which the dispatch and the
 * fastpaths read, are set again. Release builds have no such code: their
 * trap entry is unchanged. */
.macro TRACE_ENTRY
    mv      s1, t6
    mv      a0, t6
    mv      a1, t5
    call    invariants_trace_entry
    mv      t6, s1
    csrr    t5, scause
    ld      a0, CTX_REG(10)(t6)
    ld      a1, CTX_REG(11)(t6)
    ld      a2, CTX_REG(12)(t6)
    ld      a3, CTX_REG(13)(t6)
    ld      a4, CTX_REG(14)(t6)
    ld      a5, CTX_REG(15)(t6)
    ld      a6, CTX_REG(16)(t6)
    ld      a7, CTX_REG(17)(t6)
.endm
#endif

/* beq a7, t0, target, for a target in another section (the fastpaths).
 * GNU as turns such a branch into bne + j, whatever the distance; this is
 * the instruction with a zero offset and the relocation that fills it in
 * (the link fails if the target is out of reach). */
.macro BEQ_A7_T0 target
#if defined(__clang__)
    beq     a7, t0, \target
#else
    .reloc  ., R_RISCV_BRANCH, \target
    .4byte  0x00588063              /* beq a7, t0, . */
#endif
.endm

    /* In .text.trap, which kernel.ld places right before the fastpaths'
     * entry points (.text.fastpath), so that the dispatch below reaches
     * them with one conditional branch (+-4 KiB) each. */
    .section .text.trap, "ax"
    .balign 4
    .globl trap_entry
trap_entry:
    csrrw   t6, sscratch, t6
    beqz    t6, kernel_trap

    SAVE_USER_CONTEXT
#if CONDUCTOR_DEBUG
    TRACE_ENTRY
#endif

    /* The frequent system calls go to their fastpaths (kernel/ipc/fastpath.c)
     * before any generic dispatch: a7 still holds the number, a0..a5 the
     * user's cptr, message info and message registers, which are the
     * fastpaths' first six arguments (no reloading them from the context);
     * the seventh, a6, is the context (= the current TCB). Each fastpath
     * never returns and falls back to the general path itself when anything
     * is unusual. The registers are all saved above, so the TCB holds the
     * full user context whichever way the call goes. (fp is still the
     * user's there: a backtrace stops at it, as arch_backtrace only follows
     * frame pointers into the kernel stack.) */
    li      t0, 8               /* EXC_ECALL_U (csr.h is C only) */
    bne     t5, t0, .Ltrap_general
    mv      a6, t6
    li      t0, CND_SYS_CALL
    BEQ_A7_T0 fastpath_call
    li      t0, CND_SYS_REPLY_RECV
    BEQ_A7_T0 fastpath_reply_recv
    li      t0, CND_SYS_SEND
    BEQ_A7_T0 fastpath_send
    li      t0, CND_SYS_RECV
    BEQ_A7_T0 fastpath_recv
    li      t0, CND_SYS_YIELD
    BEQ_A7_T0 fastpath_yield
    /* (falls through for the others) */
.Ltrap_general:
    mv      a0, t6                  /* handle_user_trap(context, scause, stval) */
    mv      a1, t5
    li      fp, 0                   /* end of the backtrace chain */
    csrr    a2, stval
    call    handle_user_trap
    /* handle_user_trap never returns: it leaves through arch_return_to_user. */
1:  j       1b

/* A fastpath's way to the general path for its system call, with the
 * context still in a6 as the trap entry passed it (so the fastpath needs
 * no register move to keep it for this): kernel_syscall_general(context). */
    .globl fastpath_general
fastpath_general:
    mv      a0, a6
    j       kernel_syscall_general

/* The trap vector when the image option fastpath=off is set (root_task.c
 * installs it): every trap goes to the general path, so the fastpaths need
 * not test fastpath_enabled on each call. */
    .balign 4
    .globl trap_entry_general
trap_entry_general:
    csrrw   t6, sscratch, t6
    beqz    t6, kernel_trap
    SAVE_USER_CONTEXT
#if CONDUCTOR_DEBUG
    TRACE_ENTRY
#endif
    j       .Ltrap_general

kernel_trap:
    /* Restore t6 and sscratch (= 0), then build a frame on the stack. */
    csrrw   t6, sscratch, t6
    addi    sp, sp, -KFRAME_SIZE
    sd      x1, CTX_REG(1)(sp)
    sd      x3, CTX_REG(3)(sp)
    sd      x4, CTX_REG(4)(sp)
    sd      x5, CTX_REG(5)(sp)
    sd      x6, CTX_REG(6)(sp)
    sd      x7, CTX_REG(7)(sp)
    sd      x8, CTX_REG(8)(sp)
    sd      x9, CTX_REG(9)(sp)
    sd      x10, CTX_REG(10)(sp)
    sd      x11, CTX_REG(11)(sp)
    sd      x12, CTX_REG(12)(sp)
    sd      x13, CTX_REG(13)(sp)
    sd      x14, CTX_REG(14)(sp)
    sd      x15, CTX_REG(15)(sp)
    sd      x16, CTX_REG(16)(sp)
    sd      x17, CTX_REG(17)(sp)
    sd      x18, CTX_REG(18)(sp)
    sd      x19, CTX_REG(19)(sp)
    sd      x20, CTX_REG(20)(sp)
    sd      x21, CTX_REG(21)(sp)
    sd      x22, CTX_REG(22)(sp)
    sd      x23, CTX_REG(23)(sp)
    sd      x24, CTX_REG(24)(sp)
    sd      x25, CTX_REG(25)(sp)
    sd      x26, CTX_REG(26)(sp)
    sd      x27, CTX_REG(27)(sp)
    sd      x28, CTX_REG(28)(sp)
    sd      x29, CTX_REG(29)(sp)
    sd      x30, CTX_REG(30)(sp)
    sd      x31, CTX_REG(31)(sp)
    KERNEL_GP                       /* in case the trap hit trap_entry before it set gp */
    addi    t0, sp, KFRAME_SIZE
    sd      t0, CTX_REG(2)(sp)      /* sp before the trap */
    csrr    t0, sepc
    sd      t0, KFRAME_SEPC(sp)
    csrr    t0, sstatus
    sd      t0, KFRAME_SSTATUS(sp)
    csrr    t0, scause
    sd      t0, KFRAME_SCAUSE(sp)
    csrr    t0, stval
    sd      t0, KFRAME_STVAL(sp)
    mv      a0, sp
    call    handle_kernel_trap
1:  j       1b

/* void arch_return_to_user(struct arch_context *ctx); the fastpaths jump
 * here (arch_fast_return in arch/fastpath.h). */
    .globl arch_return_to_user
arch_return_to_user:
    csrw    sscratch, a0
    ld      t0, CTX_PC(a0)
    csrw    sepc, t0
    ld      t0, CTX_SSTATUS(a0)
    csrw    sstatus, t0
    ld      x1, CTX_REG(1)(a0)
    ld      x2, CTX_REG(2)(a0)
    ld      x3, CTX_REG(3)(a0)
    ld      x4, CTX_REG(4)(a0)
    ld      x5, CTX_REG(5)(a0)
    ld      x6, CTX_REG(6)(a0)
    ld      x7, CTX_REG(7)(a0)
    ld      x8, CTX_REG(8)(a0)
    ld      x9, CTX_REG(9)(a0)
    ld      x11, CTX_REG(11)(a0)
    ld      x12, CTX_REG(12)(a0)
    ld      x13, CTX_REG(13)(a0)
    ld      x14, CTX_REG(14)(a0)
    ld      x15, CTX_REG(15)(a0)
    ld      x16, CTX_REG(16)(a0)
    ld      x17, CTX_REG(17)(a0)
    ld      x18, CTX_REG(18)(a0)
    ld      x19, CTX_REG(19)(a0)
    ld      x20, CTX_REG(20)(a0)
    ld      x21, CTX_REG(21)(a0)
    ld      x22, CTX_REG(22)(a0)
    ld      x23, CTX_REG(23)(a0)
    ld      x24, CTX_REG(24)(a0)
    ld      x25, CTX_REG(25)(a0)
    ld      x26, CTX_REG(26)(a0)
    ld      x27, CTX_REG(27)(a0)
    ld      x28, CTX_REG(28)(a0)
    ld      x29, CTX_REG(29)(a0)
    ld      x30, CTX_REG(30)(a0)
    ld      x31, CTX_REG(31)(a0)
    ld      x10, CTX_REG(10)(a0)
    sret
