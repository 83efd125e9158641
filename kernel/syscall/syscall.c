/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * System-call entry: the number in a7 picks a handler from a table (seL4's
 * numbering: -1..-8 the IPC calls, -9.. the debug calls). Object-specific
 * work lives with the objects; this file only dispatches.
 */
#include <arch/arch.h>
#include <kernel/console.h>
#include <kernel/printf.h>
#include <kernel/thread.h>
#include <kernel/trap.h>

#define SYSCALL_MIN (-14)
#define SYSCALL_MAX (-1)

typedef void (*syscall_fn)(struct tcb *t);

static void sys_debug_put_char(struct tcb *t)
{
    console_putc((char)(ctx_get(&t->ctx, REG_A0) & 0xff));
}

#if CONDUCTOR_DEBUG
static void sys_debug_halt(struct tcb *t)
{
    kprintf("debug halt requested by %s: powering off\n", t->name);
    arch_power_off();
}
#endif

static void sys_yield(struct tcb *t)
{
    /* One runnable thread per hart so far: yielding returns to it. */
    (void)t;
}

/* Calls that need a capability: there are no capabilities in the root
 * CNode yet, so every lookup fails; with no fault handler the thread is
 * suspended, exactly what seL4 does on a cap fault without a handler. */
static void sys_needs_capability(struct tcb *t)
{
    thread_suspend(t, "cap fault: invalid capability (no capability space)");
}

static const syscall_fn syscall_table[SYSCALL_MAX - SYSCALL_MIN + 1] = {
    [-1 - SYSCALL_MIN] = sys_needs_capability,   /* Call */
    [-2 - SYSCALL_MIN] = sys_needs_capability,   /* ReplyRecv */
    [-3 - SYSCALL_MIN] = sys_needs_capability,   /* Send */
    [-4 - SYSCALL_MIN] = sys_needs_capability,   /* NBSend */
    [-5 - SYSCALL_MIN] = sys_needs_capability,   /* Recv */
    [-6 - SYSCALL_MIN] = sys_yield,              /* Reply: no caller to reply to */
    [-7 - SYSCALL_MIN] = sys_yield,              /* Yield */
    [-8 - SYSCALL_MIN] = sys_needs_capability,   /* NBRecv */
    [-9 - SYSCALL_MIN] = sys_debug_put_char,
#if CONDUCTOR_DEBUG
    [-11 - SYSCALL_MIN] = sys_debug_halt,
#endif
};

void kernel_handle_syscall(struct arch_context *ctx, int64_t number)
{
    struct tcb *t = current_thread;
    (void)ctx;
    /* ecall restarts at the next instruction unless a handler says otherwise. */
    t->ctx.pc += 4;
    if (number >= SYSCALL_MIN && number <= SYSCALL_MAX && syscall_table[number - SYSCALL_MIN]) {
        syscall_table[number - SYSCALL_MIN](t);
        return;
    }
    t->ctx.pc -= 4;
    char why[64];
    ksnprintf(why, sizeof why, "unknown syscall %ld and no fault handler", (long)number);
    thread_suspend(t, why);
}

void kernel_handle_user_exception(struct arch_context *ctx, uint64_t scause, uint64_t stval)
{
    (void)ctx;
    char why[96];
    ksnprintf(why, sizeof why, "%s (scause %lu, stval %#lx) and no fault handler",
              arch_trap_cause_name(scause), (unsigned long)scause, (unsigned long)stval);
    thread_suspend(current_thread, why);
}

void kernel_handle_interrupt(uint64_t cause)
{
    /* Timer and external interrupts get their handlers with the scheduler
     * and the IRQ objects; until then none is enabled while in user mode. */
    kprintf("unexpected interrupt %lu from user mode\n", (unsigned long)cause);
}
