/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: the lock that makes the allocators thread-safe.
 *
 * Threads of one address space share its env: several may allocate slots,
 * objects or mappings at the same time. Each allocator (struct cnd_cspace,
 * cnd_ut_alloc, cnd_vspace) has a `lock` pointer; an env points all three at
 * one struct cnd_lock, because they call each other in both directions (a
 * retype needs slots; a two-level CSpace needs a CNode retyped), and
 * separate locks taken in opposite orders could deadlock.
 *
 * It is a spinlock on an atomic compare-and-swap (lr.d/sc.d with the A
 * extension), recursive so that one allocator can call another while the
 * lock is held. The owner is the thread pointer (tp): every thread the
 * library makes has its own TLS block, so tp tells threads apart. A thread
 * that finds the lock taken calls Yield before retrying: the kernel runs one
 * thread per hart, and the holder may be a preempted thread on this hart.
 *
 * Priorities. Yield only lets threads of the same priority run, so on one
 * hart a thread spinning here never lets a lower-priority holder finish.
 * Threads that share an allocator must therefore have the same priority
 * (or never contend: e.g. the higher one allocates only while the lower one
 * is blocked). The lock is held only inside library calls, never across
 * them.
 */
#ifndef CONDUCTOR_LOCK_H
#define CONDUCTOR_LOCK_H

#include <abi/types.h>
#include <conductor/syscalls.h>

struct cnd_lock {
    cnd_word_t owner;        /* tp of the holder; 0: free */
    unsigned depth;          /* nested acquisitions by the owner */
    unsigned contended;      /* times a thread found it taken (for tests) */
};

/* An unlocked lock, for static initialisation. */
#define CND_LOCK_INIT { 0, 0, 0 }

/* The calling thread's identity for the lock: its thread pointer. Errors:
 * none (0 only for a thread started without TLS, which must not lock). */
static inline cnd_word_t cnd_lock_self(void)
{
    cnd_word_t tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    return tp;
}

/* Takes `l` (NULL: does nothing), waiting with Yield while another thread
 * holds it; the holder may take it again (nesting is counted). Errors: none;
 * waits forever if the holder never releases it (see "Priorities"). */
static inline void cnd_lock_acquire(struct cnd_lock *l)
{
    if (l == NULL)
        return;
    cnd_word_t me = cnd_lock_self();
    if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me) {
        l->depth++;
        return;
    }
    for (;;) {
        cnd_word_t expected = 0;
        if (__atomic_compare_exchange_n(&l->owner, &expected, me, false, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            break;
        __atomic_fetch_add(&l->contended, 1, __ATOMIC_RELAXED);
        cnd_yield();
    }
    l->depth = 1;
}

/* Gives back one acquisition of `l` (NULL: does nothing); the last one frees
 * it. Must be called by the holder. Errors: none. */
static inline void cnd_lock_release(struct cnd_lock *l)
{
    if (l == NULL)
        return;
    if (--l->depth == 0)
        __atomic_store_n(&l->owner, 0, __ATOMIC_RELEASE);
}

#endif /* CONDUCTOR_LOCK_H */
