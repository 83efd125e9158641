/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test helpers: objects from one untyped, and threads in the root task's
 * own address space and CSpace (each with its own stack, TLS block and IPC
 * buffer frame).
 */
#ifndef IPCTEST_THREADS_H
#define IPCTEST_THREADS_H

#include <abi/boot_info.h>
#include <conductor/conductor.h>

#define ROOT CND_CAP_INIT_THREAD_CNODE
#define VSPACE CND_CAP_INIT_THREAD_VSPACE
#define DEPTH 64

extern const struct cnd_boot_info *bi;

/* Sets up the helpers: an untyped to allocate from, the free slots, page
 * tables for IPC buffer frames. */
void helpers_init(const struct cnd_boot_info *boot_info);
cnd_cptr_t alloc_slot(void);
/* A new object of `type` (size_bits for untyped/CNode); 0 on failure. */
cnd_cptr_t make_object(cnd_word_t type, cnd_word_t size_bits);

struct thread {
    cnd_cptr_t tcb;
    cnd_cptr_t ipc_frame;
    void (*fn)(struct thread *self);
    cnd_word_t arg;
    cnd_word_t ipc_va;
    volatile cnd_word_t result;
    volatile int done;
};

/* Creates a thread (not yet running) at `prio` with fault endpoint
 * `fault_ep` (0: none); `fn` runs with the thread's own struct. */
struct thread *thread_create(void (*fn)(struct thread *), cnd_word_t arg, cnd_word_t prio,
                             cnd_cptr_t fault_ep);
/* Lets every other runnable thread run until it blocks or stops (the
 * root task drops to the lowest priority for a moment). */
void let_others_run(void);

/* Makes it runnable. */
void thread_start(struct thread *t);
/* Suspends it, deletes its TCB and IPC buffer frame caps and gives its
 * index (stack, TLS block, IPC buffer address) back for a new thread. */
void thread_destroy(struct thread *t);

#endif
