/* SPDX-License-Identifier: BSD-2-Clause */
/* Debug-build invariant checks (see invariants.h). */
#include <abi/constants.h>
#include <kernel/cspace.h>
#include <kernel/ep_queue.h>
#include <kernel/invariants.h>
#include <kernel/panic.h>
#include <kernel/printf.h>
#include <kernel/sched.h>

static struct tcb *all_threads;
static struct tcb *cursor;     /* where the incremental sweep continues */
static unsigned exits;
static unsigned prio_cursor;

void thread_registry_add(struct tcb *t)
{
    t->all_prev = 0;
    t->all_next = all_threads;
    if (all_threads)
        all_threads->all_prev = t;
    all_threads = t;
}

void thread_registry_remove(struct tcb *t)
{
    if (cursor == t)
        cursor = t->all_next;
    if (t->all_prev)
        t->all_prev->all_next = t->all_next;
    else if (all_threads == t)
        all_threads = t->all_next;
    if (t->all_next)
        t->all_next->all_prev = t->all_prev;
    t->all_next = t->all_prev = 0;
}

#define check(cond, ...)                                                          \
    do {                                                                          \
        if (!(cond))                                                              \
            panic("invariant violated: " __VA_ARGS__);                            \
    } while (0)

/* A queue of waiters (endpoint or notification layout) is well formed and
 * every thread on it waits there in the right state. */
static void check_queue(const struct endpoint *q, enum thread_state want, const char *what)
{
    struct tcb *prev = 0;
    unsigned n = 0;
    for (struct tcb *t = ep_head(q); t; prev = t, t = t->ep_next) {
        check(++n < 100000, "%s queue %p does not end", what, (const void *)q);
        check(t->ep_prev == prev, "%s queue %p: broken back link at %s", what, (const void *)q, t->name);
        check(t->blocking_object == (uint64_t)(uintptr_t)q, "%s queue %p: %s blocks elsewhere",
              what, (const void *)q, t->name);
        check(t->state == want || (want == THREAD_BLOCKED_ON_SEND && t->state == THREAD_BLOCKED_ON_RECEIVE),
              "%s queue %p: %s is in state %d", what, (const void *)q, t->name, t->state);
        check(!t->in_ready_queue, "%s queue %p: %s is also ready", what, (const void *)q, t->name);
    }
    check((uint64_t)(uintptr_t)prev == q->queue_tail, "%s queue %p: wrong tail", what, (const void *)q);
}

static void check_cap_links(const struct cte *s)
{
    const struct cte *p = cte_prev(s), *n = cte_next(s);
    if (cap_is_null(s->cap)) {
        check(!p && !n, "empty slot %p is linked", (const void *)s);
        return;
    }
    check(!p || cte_next(p) == s, "slot %p: prev does not point back", (const void *)s);
    check(!n || cte_prev(n) == s, "slot %p: next does not point back", (const void *)s);
    if (cap_type(s->cap) == CAP_UNTYPED)
        check(cap_untyped_free_index(s->cap) <= (1ULL << cap_untyped_size_bits(s->cap)),
              "slot %p: untyped watermark past its end", (const void *)s);
}

/* The slots of a CNode and, one level down, of the CNodes it holds. */
static void check_cnode(struct cap cnode, unsigned depth)
{
    struct cte *slots = cnode_slot(cnode, 0);
    uint64_t n = 1ULL << cap_cnode_radix(cnode);
    for (uint64_t i = 0; i < n; i++) {
        check_cap_links(&slots[i]);
        if (depth > 0 && cap_type(slots[i].cap) == CAP_CNODE && cap_object(slots[i].cap) != cap_object(cnode))
            check_cnode(slots[i].cap, depth - 1);
    }
}

static void check_thread(struct tcb *t, bool full)
{
    switch (t->state) {
    case THREAD_RUNNING:
    case THREAD_RESTART:
        check(t == current_thread || t->in_ready_queue, "runnable %s is neither current nor ready",
              t->name);
        break;
    case THREAD_BLOCKED_ON_SEND:
    case THREAD_BLOCKED_ON_RECEIVE:
    case THREAD_BLOCKED_ON_NOTIFICATION:
        check_queue((const struct endpoint *)(uintptr_t)t->blocking_object,
                    t->state == THREAD_BLOCKED_ON_NOTIFICATION ? THREAD_BLOCKED_ON_NOTIFICATION
                                                             : t->state,
                    t->state == THREAD_BLOCKED_ON_NOTIFICATION ? "notification" : "endpoint");
        /* fall through */
    default:
        check(!t->in_ready_queue, "blocked or inactive %s is on a ready queue", t->name);
        break;
    }
    check(t->priority <= CND_MAX_PRIO && t->mcp <= CND_MAX_PRIO, "%s: priority out of range", t->name);
    if (t->bound_notification)
        check(t->bound_notification->bound_tcb == (uint64_t)(uintptr_t)t,
              "%s: bound notification does not point back", t->name);
    if (!full)
        return;
    for (unsigned i = 0; i < TCB_N_SLOTS; i++)
        check_cap_links(&t->slots[i]);
    struct cap root = t->slots[TCB_CTABLE].cap;
    if (cap_type(root) == CAP_CNODE)
        check_cnode(root, 1);
}

static const char *state_name(enum thread_state s)
{
    switch (s) {
    case THREAD_INACTIVE: return "inactive";
    case THREAD_RUNNING: return "running";
    case THREAD_RESTART: return "restart";
    case THREAD_BLOCKED_ON_RECEIVE: return "blocked on receive";
    case THREAD_BLOCKED_ON_SEND: return "blocked on send";
    case THREAD_BLOCKED_ON_REPLY: return "blocked on reply";
    case THREAD_BLOCKED_ON_NOTIFICATION: return "blocked on notification";
    default: return "idle";
    }
}

void invariants_dump_threads(void)
{
    kprintf("%-24s %-24s %4s %4s %18s %18s\n", "thread", "state", "prio", "mcp", "  restart pc",
            "blocked on");
    for (struct tcb *t = all_threads; t; t = t->all_next)
        kprintf("%-24s %-24s %4u %4u 0x%016lx 0x%016lx%s\n", t->name[0] ? t->name : "(unnamed)",
                state_name(t->state), t->priority, t->mcp, (unsigned long)t->restart_pc,
                (unsigned long)t->blocking_object, t == current_thread ? " (current)" : "");
}

/* Every exit checks the current thread and a bounded slice of the rest
 * (INVARIANT_SLICE threads and priority levels), so the cost per kernel
 * entry stays small however many threads exist; every
 * INVARIANT_FULL_PERIOD exits everything is checked, CSpaces included. */
#define INVARIANT_SLICE 8

void invariants_check(void)
{
    if (!CONDUCTOR_DEBUG)
        return;
    if (++exits % INVARIANT_FULL_PERIOD == 0) {
        check(sched_check_invariants(), "ready queues and bitmap disagree");
        unsigned n = 0;
        for (struct tcb *t = all_threads; t; t = t->all_next) {
            check(++n < 100000, "thread registry does not end");
            check_thread(t, true);
        }
        return;
    }
    if (current_thread) {
        check(thread_runnable(current_thread) && !current_thread->in_ready_queue,
              "current thread %s is not runnable or is queued", current_thread->name);
        check_thread(current_thread, false);
    }
    check(sched_check_priorities(prio_cursor, INVARIANT_SLICE), "ready queues and bitmap disagree");
    prio_cursor = (prio_cursor + INVARIANT_SLICE) % CND_NUM_PRIORITIES;
    for (unsigned i = 0; i < INVARIANT_SLICE; i++) {
        if (!cursor)
            cursor = all_threads;
        if (!cursor)
            break;
        check_thread(cursor, false);
        cursor = cursor->all_next;
    }
}
