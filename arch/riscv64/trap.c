/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Trap dispatch in C. User traps become system calls, interrupts or faults of
 * the current thread (generic code decides what each means); kernel traps are
 * kernel bugs and panic with the full register state and a backtrace.
 */
#include <arch/arch.h>
#include <arch/boot.h>
#include <arch/context.h>
#include <arch/csr.h>
#include <arch/fpu.h>
#include <kernel/invariants.h>
#include <kernel/tcb.h>
#include <kernel/panic.h>
#include <kernel/printf.h>
#include <kernel/trap.h>

const char *arch_trap_cause_name(uint64_t scause)
{
    if (scause & SCAUSE_INTERRUPT) {
        switch (scause & ~SCAUSE_INTERRUPT) {
        case IRQ_S_SOFT: return "supervisor software interrupt";
        case IRQ_S_TIMER: return "supervisor timer interrupt";
        case IRQ_S_EXT: return "supervisor external interrupt";
        default: return "unknown interrupt";
        }
    }
    switch (scause) {
    case EXC_INST_MISALIGNED: return "instruction address misaligned";
    case EXC_INST_ACCESS: return "instruction access fault";
    case EXC_ILLEGAL_INST: return "illegal instruction";
    case EXC_BREAKPOINT: return "breakpoint";
    case EXC_LOAD_MISALIGNED: return "load address misaligned";
    case EXC_LOAD_ACCESS: return "load access fault";
    case EXC_STORE_MISALIGNED: return "store/AMO address misaligned";
    case EXC_STORE_ACCESS: return "store/AMO access fault";
    case EXC_ECALL_U: return "environment call from U-mode";
    case EXC_ECALL_S: return "environment call from S-mode";
    case EXC_INST_PAGE_FAULT: return "instruction page fault";
    case EXC_LOAD_PAGE_FAULT: return "load page fault";
    case EXC_STORE_PAGE_FAULT: return "store/AMO page fault";
    default: return "unknown exception";
    }
}

static const char *const reg_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
    "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
    "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

/* Prints x1..x31 from a save area, four per line. */
void arch_print_registers(const uint64_t regs[31])
{
    for (unsigned r = 1; r < 32; r++)
        kprintf("  %-4s %016lx%s", reg_names[r], (unsigned long)regs[r - 1],
                (r % 4 == 3 || r == 31) ? "\n" : "");
}

/* Called from trap.S for a trap taken in S-mode: always a kernel bug. */
void handle_kernel_trap(struct kernel_trap_frame *f);
void handle_kernel_trap(struct kernel_trap_frame *f)
{
    kprintf("\nKERNEL PANIC on hart %lu: kernel trap: %s\n", (unsigned long)arch_hart_id(),
            arch_trap_cause_name(f->scause));
    kprintf("  scause %#lx (%s) sepc %#lx stval %#lx sstatus %#lx\n",
            (unsigned long)f->scause, arch_trap_cause_name(f->scause),
            (unsigned long)f->sepc, (unsigned long)f->stval, (unsigned long)f->sstatus);
    arch_print_registers(f->regs);
    arch_backtrace(f->regs[REG_S0 - 1], f->sepc);
    invariants_dump_trace();
    arch_halt();
}

/* Called from trap.S for every trap from U-mode; never returns. */
void handle_user_trap(struct arch_context *ctx, uint64_t scause, uint64_t stval);
void handle_user_trap(struct arch_context *ctx, uint64_t scause, uint64_t stval)
{
    if (scause & SCAUSE_INTERRUPT) {
        uint64_t irq = scause & ~SCAUSE_INTERRUPT;
        if (irq == IRQ_S_SOFT)
            csr_clear(sip, 1UL << IRQ_S_SOFT);
        kernel_handle_interrupt(irq == IRQ_S_TIMER ? INTERRUPT_TIMER
                                : irq == IRQ_S_EXT ? INTERRUPT_EXTERNAL
                                                   : INTERRUPT_SOFTWARE);
    } else if (scause == EXC_ECALL_U) {
        kernel_handle_syscall(ctx, (int64_t)ctx_get(ctx, REG_A7));
    } else if (scause == EXC_ILLEGAL_INST && arch_fpu_trap(current_thread)) {
        /* A first FPU use: the FPU is now the thread's; retry. */
    } else if (scause == EXC_INST_PAGE_FAULT || scause == EXC_INST_ACCESS) {
        /* seL4 reports every VM fault with the access-fault cause. */
        kernel_handle_vm_fault(ctx, stval, true, EXC_INST_ACCESS, scause);
    } else if (scause == EXC_LOAD_PAGE_FAULT || scause == EXC_LOAD_ACCESS) {
        kernel_handle_vm_fault(ctx, stval, false, EXC_LOAD_ACCESS, scause);
    } else if (scause == EXC_STORE_PAGE_FAULT || scause == EXC_STORE_ACCESS) {
        kernel_handle_vm_fault(ctx, stval, false, EXC_STORE_ACCESS, scause);
    } else {
        kernel_handle_user_exception(ctx, scause, stval);
    }
    kernel_return_to_user();
}

void arch_handle_pending_interrupts(void)
{
    uint64_t pending = csr_read(sip) & csr_read(sie);
    if (pending & (1UL << IRQ_S_TIMER))
        kernel_handle_interrupt(INTERRUPT_TIMER);
    if (pending & (1UL << IRQ_S_EXT))
        kernel_handle_interrupt(INTERRUPT_EXTERNAL);
    if (pending & (1UL << IRQ_S_SOFT)) {
        csr_clear(sip, 1UL << IRQ_S_SOFT);
        kernel_handle_interrupt(INTERRUPT_SOFTWARE);
    }
}

void arch_enter_user(struct arch_context *ctx)
{
    ctx->kernel_sp = (uint64_t)boot_stack_top;
    /* The kernel's gp, which trap entry loads from here (trap.S). Set with
     * kernel_sp: every thread leaves the kernel through here before it
     * first runs in U-mode. */
    uint64_t gp;
    __asm__("mv %0, gp" : "=r"(gp));
    ctx->kernel_gp = gp;
    arch_return_to_user(ctx);
}

void arch_backtrace(uint64_t fp, uint64_t pc)
{
    kprintf("  backtrace:\n    %#lx\n", (unsigned long)pc);
    /* With frame pointers, fp points just above the saved ra (fp - 8) and
     * the caller's fp (fp - 16). Only follow frames inside the kernel stack. */
    uint64_t lo = (uint64_t)boot_stack_bottom, hi = (uint64_t)boot_stack_top;
    for (unsigned depth = 0; depth < 32; depth++) {
        if (fp < lo + 16 || fp > hi || (fp & 7) != 0)
            break;
        uint64_t ra = ((const uint64_t *)fp)[-1];
        uint64_t next = ((const uint64_t *)fp)[-2];
        if (ra == 0)
            break;
        kprintf("    %#lx\n", (unsigned long)ra);
        if (next <= fp)
            break;
        fp = next;
    }
}
