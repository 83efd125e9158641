/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Threads in the caller's address space (see conductor/thread.h). The
 * stack mapping holds the TLS block at its very top and the stack below it,
 * so one mapping (and one free) covers both.
 */
#include <abi/object_types.h>
#include <abi/user_context.h>
#include <conductor/error.h>
#include <conductor/invocations.h>
#include <conductor/runtime.h>
#include <conductor/syscalls.h>
#include <conductor/thread.h>

/* Runs in the new thread: tp and gp are already set, the IPC buffer
 * pointer (thread-local) is not. */
static void thread_entry(struct cnd_thread *t)
{
    cnd_set_ipc_buffer(t->ipc_buffer);
    t->result = t->fn(t->arg);
    t->finished = true;
    cnd_signal(t->done.cptr);
    cnd_tcb_suspend(t->tcb);
    for (;;)
        cnd_yield();  /* not reached: suspended above */
}

static void undo(struct cnd_thread *t, int stage)
{
    struct cnd_vspace *vs = &t->env->vspace;
    if (stage >= 4)
        cnd_vspace_free(vs, &t->ipc);
    if (stage >= 3)
        cnd_vspace_free(vs, &t->stack);
    if (stage >= 2)
        cnd_ut_free(&t->env->untyped, &t->done);
    if (stage >= 1)
        cnd_ut_free(&t->env->untyped, &t->tcb_obj);
}

struct cnd_result cnd_thread_create(struct cnd_thread *t, cnd_thread_fn fn, void *arg,
                                    cnd_word_t priority, const struct cnd_thread_options *opts)
{
    struct cnd_thread_options none = { 0, 0, NULL, NULL };
    if (opts == NULL)
        opts = &none;
    struct cnd_env *env = opts->env != NULL ? opts->env : cnd_env();
    if (env == NULL)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 5, 0);
    if (fn == NULL)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, 0);
    t->env = env;
    t->fn = fn;
    t->arg = arg;
    t->result = 0;
    t->finished = false;

    struct cnd_result r = cnd_ut_alloc(&env->untyped, CND_OBJ_TCB, 0, &t->tcb_obj);
    if (!cnd_result_ok(r))
        return r;
    r = cnd_ut_alloc(&env->untyped, CND_OBJ_NOTIFICATION, 0, &t->done);
    if (!cnd_result_ok(r)) {
        undo(t, 1);
        return r;
    }
    /* Stack plus a page-rounded TLS area at the top. */
    cnd_word_t stack = opts->stack_size != 0 ? opts->stack_size : CND_THREAD_DEFAULT_STACK;
    cnd_word_t tls_area = (cnd_tls_size() + 64 + CND_PAGE_SIZE - 1) & ~(CND_PAGE_SIZE - 1);
    r = cnd_vspace_alloc_stack(&env->vspace, stack + tls_area, &t->stack);
    if (!cnd_result_ok(r)) {
        undo(t, 2);
        return r;
    }
    r = cnd_vspace_alloc_ipc_buffer(&env->vspace, &t->ipc);
    if (!cnd_result_ok(r)) {
        undo(t, 3);
        return r;
    }
    t->tcb = t->tcb_obj.cptr;
    t->ipc_buffer = (struct cnd_ipc_buffer *)t->ipc.vaddr;
    cnd_vaddr_t end = t->stack.vaddr + t->stack.size;
    cnd_vaddr_t tls = (end - cnd_tls_size()) & ~(cnd_vaddr_t)63;
    t->stack_top = tls & ~(cnd_vaddr_t)15;

    r = cnd_tcb_configure(t->tcb, env->cspace.root, env->vspace_root, t->ipc.frames.cptr,
                          opts->fault_ep, CND_NIL_DATA, CND_NIL_DATA, t->ipc.vaddr);
    if (cnd_result_ok(r))
        r = cnd_tcb_set_sched_params(t->tcb, env->tcb, priority, priority);
    if (cnd_result_ok(r)) {
        struct cnd_user_context regs = { 0 };
        cnd_word_t gp;
        __asm__ volatile("mv %0, gp" : "=r"(gp));
        regs.pc = (cnd_word_t)thread_entry;
        regs.sp = t->stack_top;
        regs.gp = gp;
        regs.tp = (cnd_word_t)cnd_tls_init((void *)tls);
        regs.a0 = (cnd_word_t)t;
        r = cnd_tcb_write_registers(t->tcb, false, 0, CND_USER_CONTEXT_WORDS, &regs);
    }
    if (!cnd_result_ok(r)) {
        undo(t, 4);
        return r;
    }
    if (opts->name != NULL)
        cnd_debug_name_thread(t->tcb, opts->name);
    return r;
}

struct cnd_result cnd_thread_start(struct cnd_thread *t)
{
    return cnd_tcb_resume(t->tcb);
}

int cnd_thread_join(struct cnd_thread *t)
{
    while (!t->finished)
        cnd_wait(t->done.cptr);
    return t->result;
}

struct cnd_result cnd_thread_destroy(struct cnd_thread *t)
{
    struct cnd_result r = cnd_tcb_suspend(t->tcb);
    if (!cnd_result_ok(r))
        return r;
    /* Suspended, it no longer touches its stack, TLS or IPC buffer. */
    undo(t, 4);
    t->tcb = 0;
    return cnd_ok();
}
