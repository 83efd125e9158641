/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Choosing what runs next and leaving the kernel. Until the scheduler proper
 * (priorities, queues, time slices) arrives with the TCB object, the hart
 * runs the current thread while it is runnable and idles otherwise.
 */
#include <arch/csr.h>
#include <arch/vm.h>
#include <kernel/printf.h>
#include <kernel/thread.h>
#include <kernel/trap.h>

struct tcb *current_thread;
static paddr_t active_vspace;

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
    if (!t || t->state != THREAD_RUNNING)
        idle();
    if (t->vspace_root != active_vspace) {
        vm_activate(t->vspace_root, t->asid);
        active_vspace = t->vspace_root;
    }
    arch_enter_user(&t->ctx);
}
