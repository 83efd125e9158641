/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Thread life cycle (suspend, restart) and leaving the kernel: schedule,
 * switch address space, return to user mode -- or idle until an interrupt
 * makes something runnable.
 */
#include <arch/csr.h>
#include <arch/fpu.h>
#include <arch/vm.h>
#include <arch/vspace.h>
#include <kernel/cnode.h>
#include <kernel/invariants.h>
#include <kernel/ipc.h>
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>
#include <kernel/trap.h>

struct tcb *current_thread;

/* The thread whose VSpace the hart last switched to, and the VSpace epoch
 * then (see kernel_return_to_user). */
struct tcb *thread_vspace_last;
uint64_t thread_vspace_epoch;

void thread_suspend(struct tcb *t, const char *why)
{
    if (why && CONDUCTOR_DEBUG && print_user_errors)
        kprintf("thread %s suspended at pc %#lx: %s\n", t->name[0] ? t->name : "(unnamed)",
                (unsigned long)t->restart_pc, why);
    ipc_cancel(t);
    /* A thread suspended while running restarts where it was. */
    if (t->state == THREAD_RUNNING)
        t->restart_pc = t->ctx.pc;
    t->state = THREAD_INACTIVE;
    sched_dequeue(t);
    if (t == current_thread)
        sched_reschedule();
}

void thread_restart(struct tcb *t)
{
    if (t->state != THREAD_INACTIVE && t->state != THREAD_BLOCKED_ON_REPLY)
        return;
    ipc_cancel(t);
    /* The master reply cap exists from the first start on. */
    if (cap_is_null(t->slots[TCB_REPLY].cap))
        cdt_insert_root(cap_reply(kptr_to_paddr(t), true, true), &t->slots[TCB_REPLY]);
    t->state = THREAD_RESTART;
    sched_possible_switch_to(t);
}

void thread_vspace_activated(struct tcb *t)
{
    thread_vspace_last = t;
    thread_vspace_epoch = vspace_epoch;
}

/* Nothing to run: wait for an interrupt, handle it, and look again. The
 * kernel keeps interrupts masked (sstatus.SIE = 0); wfi still wakes up when
 * one is pending, and we poll. */
static void idle_until_runnable(void)
{
    vm_activate_kernel();
    thread_vspace_last = 0;
    while (!current_thread) {
        __asm__ volatile("wfi");
        arch_handle_pending_interrupts();
        sched_schedule();
    }
}

void kernel_return_to_user(void)
{
    sched_schedule();
#if CONDUCTOR_DEBUG
    invariants_check();
#endif
    if (!current_thread)
        idle_until_runnable();
    struct tcb *t = current_thread;
    /* A thread whose VSpace is gone (or was never a root) runs on the
     * kernel's table, where every user access faults, as seL4 does. The
     * thread that just ran, with no VSpace change since, needs no check. */
    if (t != thread_vspace_last || vspace_epoch != thread_vspace_epoch) {
        struct cap vspace = t->slots[TCB_VTABLE].cap;
        if (cap_type(vspace) == CAP_PAGE_TABLE && cap_page_table_is_mapped(vspace) &&
            vspace_for_asid(cap_mapped_asid(vspace)) == cap_object(vspace))
            vm_activate(cap_object(vspace), cap_mapped_asid(vspace));
        else
            vm_activate_kernel();
        thread_vspace_last = t;
        thread_vspace_epoch = vspace_epoch;
    }
    arch_fpu_prepare(t);
    /* A restarted thread re-executes from its restart pc. */
    if (t->state == THREAD_RESTART) {
        t->ctx.pc = t->restart_pc;
        t->state = THREAD_RUNNING;
    }
    arch_enter_user(&t->ctx);
}
