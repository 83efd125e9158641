/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * System-call entry: the number in a7 picks a handler from a table (seL4's
 * numbering: -1..-8 the IPC calls, -9.. the debug calls). Object-specific
 * work lives with the objects; this file only dispatches.
 */
#include <abi/syscall_numbers.h>
#include <arch/arch.h>
#include <arch/timer.h>
#include <arch/vm_layout.h>
#include <kernel/boot_cspace.h>
#include <kernel/console.h>
#include <kernel/cspace.h>
#include <kernel/fastpath.h>
#include <kernel/invariants.h>
#include <kernel/fault.h>
#include <kernel/ipc.h>
#include <kernel/irq.h>
#include <kernel/sched.h>
#include <kernel/snapshot.h>
#include <kernel/printf.h>
#include <kernel/syscall.h>
#include <kernel/tcb.h>
#include <kernel/trap.h>

#define SYSCALL_MIN (-14)
#define SYSCALL_MAX (-1)

typedef void (*syscall_fn)(struct tcb *t);

/* Call, ReplyRecv, Send, Recv and Yield get here only after their
 * fastpaths (kernel/ipc/fastpath.c, entered from the trap entry) declined. */
static void sys_call(struct tcb *t) { syscall_invoke(t, true, true); }
static void sys_send(struct tcb *t) { syscall_invoke(t, true, false); }
static void sys_nbsend(struct tcb *t) { syscall_invoke(t, false, false); }

/* Receive on the cap in a0: an endpoint or notification with the Read
 * right (and, for a notification bound to another thread, not at all);
 * anything else is a cap fault in the receive phase, as in seL4. */
static void receive(struct tcb *t, bool blocking)
{
    uint64_t cptr = ctx_get(&t->ctx, REG_A0);
    struct cte *slot;
    struct lookup_fault lf;
    if (!cspace_lookup_slot(t->slots[TCB_CTABLE].cap, cptr, &slot, &lf)) {
        fault_cap(t, cptr, true, &lf);
        return;
    }
    struct cap c = slot->cap;
    bool can_read = cap_rights(c) & RIGHT_READ;
    if (cap_type(c) == CAP_ENDPOINT && can_read) {
        reply_delete_caller_cap(t);
        endpoint_receive(t, c, blocking);
        return;
    }
    if (cap_type(c) == CAP_NOTIFICATION && can_read) {
        struct notification *n = paddr_to_kptr(cap_object(c));
        struct tcb *bound = (struct tcb *)(uintptr_t)n->bound_tcb;
        if (!bound || bound == t) {
            notification_receive(t, c, blocking);
            return;
        }
    }
    lf = (struct lookup_fault){ .type = LOOKUP_MISSING_CAPABILITY, .bits_left = 0 };
    fault_cap(t, cptr, true, &lf);
}

static void sys_recv(struct tcb *t) { receive(t, true); }
static void sys_nbrecv(struct tcb *t) { receive(t, false); }
static void sys_reply(struct tcb *t) { reply_from_caller_slot(t); }

static void sys_reply_recv(struct tcb *t)
{
    reply_from_caller_slot(t);
    receive(t, true);
}

static void sys_yield(struct tcb *t)
{
    (void)t;
    sched_yield();
}

static void sys_debug_put_char(struct tcb *t)
{
    console_putc((char)(ctx_get(&t->ctx, REG_A0) & 0xff));
}

/* DebugDumpScheduler: one line per thread (debug builds; a no-op in
 * release builds, as in seL4). */
static void sys_debug_dump_scheduler(struct tcb *t)
{
    (void)t;
    if (CONDUCTOR_DEBUG)
        invariants_dump_threads();
}

#if CONDUCTOR_DEBUG
static void sys_debug_halt(struct tcb *t)
{
    if (root_layout.options.selftest_halt_fault) {
        /* The panic report then lists this DebugHalt and the calls before
         * it (tests/qemu: qemu.boot.panic_report). */
        kprintf("selftest: the kernel now faults on purpose in DebugHalt\n");
        *(volatile uint64_t *)(KDEV_BASE + KDEV_SIZE - 8) = 1;
    }
    kprintf("debug halt requested by %s: powering off\n", t->name);
    arch_power_off();
}

/* DebugNameThread: a0 names a TCB; the NUL-terminated name is in the
 * caller's IPC buffer from byte 8 (libsel4 copies it there). seL4 halts on
 * a bad cap or a name that does not fit; user input must not stop the
 * kernel, so this prints why and ignores the call. */
static void sys_debug_name_thread(struct tcb *t)
{
    struct cte *slot;
    struct lookup_fault lf;
    const char *buffer = (const char *)tcb_ipc_buffer(t, false);
    if (!cspace_lookup_slot(t->slots[TCB_CTABLE].cap, ctx_get(&t->ctx, REG_A0), &slot, &lf) ||
        cap_type(slot->cap) != CAP_THREAD || !buffer) {
        kprintf("<<%s: DebugNameThread needs a TCB cap and an IPC buffer>>\n", t->name);
        return;
    }
    struct tcb *target = paddr_to_kptr(cap_object(slot->cap));
    const char *name = buffer + 8;
    unsigned i = 0;
    /* The name may fill the message area (960 bytes); keep what fits. */
    for (; i + 1 < THREAD_NAME_MAX && i < 960 && name[i]; i++)
        target->name[i] = name[i];
    target->name[i] = 0;
}

static void sys_debug_snapshot(struct tcb *t)
{
    debug_snapshot(t);
}

static void sys_debug_cap_identify(struct tcb *t)
{
    struct cte *slot;
    struct lookup_fault lf;
    uint64_t tag = 0;
    if (cspace_lookup_slot(t->slots[TCB_CTABLE].cap, ctx_get(&t->ctx, REG_A0), &slot, &lf))
        tag = (uint64_t)cap_type(slot->cap);
    ctx_set(&t->ctx, REG_A0, tag);
}
#endif

/* Indexed by -number - 1. */
#define SYSCALL_SLOT(n) (-(n) - 1)
static const syscall_fn syscall_table[-SYSCALL_MIN] = {
    [SYSCALL_SLOT(CND_SYS_CALL)] = sys_call,
    [SYSCALL_SLOT(CND_SYS_REPLY_RECV)] = sys_reply_recv,
    [SYSCALL_SLOT(CND_SYS_SEND)] = sys_send,
    [SYSCALL_SLOT(CND_SYS_NB_SEND)] = sys_nbsend,
    [SYSCALL_SLOT(CND_SYS_RECV)] = sys_recv,
    [SYSCALL_SLOT(CND_SYS_REPLY)] = sys_reply,
    [SYSCALL_SLOT(CND_SYS_YIELD)] = sys_yield,
    [SYSCALL_SLOT(CND_SYS_NB_RECV)] = sys_nbrecv,
    [SYSCALL_SLOT(CND_SYS_DEBUG_PUT_CHAR)] = sys_debug_put_char,
    [SYSCALL_SLOT(CND_SYS_DEBUG_DUMP_SCHEDULER)] = sys_debug_dump_scheduler,
#if CONDUCTOR_DEBUG
    [SYSCALL_SLOT(CND_SYS_DEBUG_HALT)] = sys_debug_halt,
    [SYSCALL_SLOT(CND_SYS_DEBUG_CAP_IDENTIFY)] = sys_debug_cap_identify,
    [SYSCALL_SLOT(CND_SYS_DEBUG_NAME_THREAD)] = sys_debug_name_thread,
    [SYSCALL_SLOT(CND_SYS_DEBUG_SNAPSHOT)] = sys_debug_snapshot,
#endif
};

static syscall_fn syscall_handler(int64_t number)
{
    if (number < SYSCALL_MIN || number > SYSCALL_MAX)
        return 0;
    return syscall_table[SYSCALL_SLOT(number)];
}

void kernel_handle_syscall(struct arch_context *ctx, int64_t number)
{
    struct tcb *t = current_thread;
    (void)ctx;
    /* seL4's convention: the restart PC is the ecall itself; a completed
     * call resumes after it. */
    t->restart_pc = t->ctx.pc;
    t->ctx.pc += 4;
    syscall_fn fn = syscall_handler(number);
    if (fn)
        fn(t);
    else
        fault_unknown_syscall(t, number);
}

void kernel_syscall_general(struct tcb *t)
{
    kernel_handle_syscall(&t->ctx, (int64_t)ctx_get(&t->ctx, REG_A7));
    kernel_return_to_user();
}

void kernel_syscall_invoke_at(struct tcb *t, bool is_call, struct cte *slot)
{
    /* What kernel_handle_syscall and sys_call/sys_send do, minus the lookup. */
    t->restart_pc = t->ctx.pc;
    t->ctx.pc += 4;
    syscall_invoke_at(t, true, is_call, slot);
    kernel_return_to_user();
}

void kernel_handle_user_exception(struct arch_context *ctx, uint64_t scause, uint64_t stval)
{
    current_thread->restart_pc = ctx->pc;
    fault_user_exception(current_thread, scause, stval);
}

void kernel_handle_vm_fault(struct arch_context *ctx, uint64_t addr, bool instruction,
                            uint64_t fsr, uint64_t cause)
{
    current_thread->restart_pc = ctx->pc;
    fault_vm(current_thread, addr, instruction, fsr, cause);
}

void kernel_handle_interrupt(enum interrupt_kind kind)
{
    /* The thread interrupted in user mode restarts where it was. */
    if (current_thread && current_thread->state == THREAD_RUNNING)
        current_thread->restart_pc = current_thread->ctx.pc;
    switch (kind) {
    case INTERRUPT_TIMER:
        timer_disarm();
        sched_timer_tick();
        break;
    case INTERRUPT_EXTERNAL:
        irq_handle_external();
        break;
    default:
        break;
    }
}
