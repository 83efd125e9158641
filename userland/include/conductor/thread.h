/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: threads in the caller's own address space and CSpace.
 *
 * Each thread gets its own TCB, a stack (with an unmapped guard page below
 * it), a TLS block (cnd_tls_init, at the top of its stack mapping, so
 * __thread variables work), its own IPC buffer frame, and the caller's gp.
 * It runs fn(arg); when fn returns, the thread records the result, signals
 * a notification cnd_thread_join() waits on, and suspends itself.
 */
#ifndef CONDUCTOR_THREAD_H
#define CONDUCTOR_THREAD_H

#include <conductor/env.h>

#define CND_THREAD_DEFAULT_STACK (16 * 1024)

typedef int (*cnd_thread_fn)(void *arg);

/* Zero-initialise and set what you need. */
struct cnd_thread_options {
    cnd_word_t stack_size;   /* bytes; 0: CND_THREAD_DEFAULT_STACK */
    cnd_cptr_t fault_ep;     /* endpoint (same CSpace) for its faults; 0: none */
    const char *name;        /* debug kernels only: DebugNameThread */
    struct cnd_env *env;     /* NULL: the default env */
};

struct cnd_thread {
    cnd_cptr_t tcb;                 /* its TCB cap (priority, registers, ...) */
    struct cnd_ipc_buffer *ipc_buffer;
    cnd_vaddr_t stack_top;
    int result;                     /* fn's return value, once finished */
    volatile bool finished;
    /* Bookkeeping of the library. */
    struct cnd_env *env;
    cnd_thread_fn fn;
    void *arg;
    struct cnd_object tcb_obj, done;
    struct cnd_mapping stack, ipc;
};

/*
 * Makes a thread that will run fn(arg) at `priority` (at most the caller's
 * MCP); it does not run until cnd_thread_start(). `t` must stay valid (not
 * on a stack that goes away) until cnd_thread_destroy(). opts may be NULL.
 * On failure nothing stays allocated. Errors: CND_ERR_BAD_ARGUMENT (no env,
 * no fn), the allocators' and the kernel's (e.g. RangeError for a priority
 * above the MCP).
 */
struct cnd_result cnd_thread_create(struct cnd_thread *t, cnd_thread_fn fn, void *arg,
                                    cnd_word_t priority, const struct cnd_thread_options *opts);

/* Lets it run (TCB_Resume). Errors: the kernel's TCB_Resume errors. */
struct cnd_result cnd_thread_start(struct cnd_thread *t);

/* Waits until fn has returned; returns its result (at once if it already
 * has; joining twice is fine). Errors: none; waits forever for a thread
 * that never finishes (e.g. one stopped by a fault). */
int cnd_thread_join(struct cnd_thread *t);

/* Stops it (if still running) and frees its TCB, stack, TLS, IPC buffer
 * and notification; the stack's and IPC buffer's address ranges go back to
 * the env's VSpace window for reuse. Errors: the kernel's TCB_Suspend
 * errors (then nothing is freed). */
struct cnd_result cnd_thread_destroy(struct cnd_thread *t);

#endif /* CONDUCTOR_THREAD_H */
