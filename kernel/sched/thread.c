/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Choosing what runs next and leaving the kernel. Until the scheduler proper
 * (priorities, queues, time slices) arrives with the threads work, the hart
 * runs the current thread while it is runnable and idles otherwise.
 */
#include <arch/csr.h>
#include <arch/vm.h>
#include <arch/vspace.h>
#include <kernel/printf.h>
#include <kernel/tcb.h>
#include <kernel/trap.h>

struct tcb *current_thread;

void thread_suspend(struct tcb *t, const char *why)
{
    t->state = THREAD_INACTIVE;
    if (why && CONDUCTOR_DEBUG)
        kprintf("thread %s suspended at pc %#lx: %s\n", t->name, (unsigned long)t->ctx.pc, why);
}

/* Nothing runnable: wait for interrupts with the timer disarmed. */
static void __attribute__((noreturn)) idle(void)
{
    kprintf("idle: no runnable thread\n");
    for (;;)
        __asm__ volatile("wfi");
}

void kernel_return_to_user(void)
{
    struct tcb *t = current_thread;
    if (!t || (t->state != THREAD_RUNNING && t->state != THREAD_RESTART))
        idle();
    /* A thread whose VSpace is gone (or was never a root) runs on the
     * kernel's table, where every user access faults, as seL4 does. */
    struct cap vspace = t->slots[TCB_VTABLE].cap;
    if (cap_type(vspace) == CAP_PAGE_TABLE && cap_page_table_is_mapped(vspace) &&
        vspace_for_asid(cap_mapped_asid(vspace)) == cap_object(vspace))
        vm_activate(cap_object(vspace), cap_mapped_asid(vspace));
    else
        vm_activate_kernel();
    /* A restarted thread re-executes its interrupted system call. */
    if (t->state == THREAD_RESTART) {
        t->ctx.pc = t->restart_pc;
        t->state = THREAD_RUNNING;
    }
    arch_enter_user(&t->ctx);
}
