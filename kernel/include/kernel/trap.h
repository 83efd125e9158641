/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What generic kernel code does with a trap from user mode. The arch trap
 * path saves the thread's registers, calls exactly one of the handlers, then
 * kernel_return_to_user(), which picks the thread to run and leaves.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/context.h>

enum interrupt_kind {
    INTERRUPT_TIMER,
    INTERRUPT_EXTERNAL,
    INTERRUPT_SOFTWARE,
};

void kernel_handle_syscall(struct arch_context *ctx, int64_t number);
void kernel_handle_interrupt(enum interrupt_kind kind);
void kernel_handle_user_exception(struct arch_context *ctx, uint64_t scause, uint64_t stval);
/* A user access to an unmapped or forbidden address: `fsr` is the cause
 * as seL4 reports it, `cause` the one the hardware raised. */
void kernel_handle_vm_fault(struct arch_context *ctx, uint64_t addr, bool instruction,
                            uint64_t fsr, uint64_t cause);
void kernel_return_to_user(void) __attribute__((noreturn));
/* The general path of the system call `t` just made (number in a7): what
 * a fastpath falls back to when its case is not the common one. */
struct tcb;
void kernel_syscall_general(struct tcb *t) __attribute__((noreturn));

/* Handles every interrupt pending on this hart (the idle loop polls). */
void arch_handle_pending_interrupts(void);

/* Arch helpers used by the handlers. */
const char *arch_trap_cause_name(uint64_t scause);
void arch_print_registers(const uint64_t regs[31]);
void arch_enter_user(struct arch_context *ctx) __attribute__((noreturn));

#endif
