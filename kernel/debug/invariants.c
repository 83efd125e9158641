/* SPDX-License-Identifier: BSD-2-Clause */
/* Debug-build invariant checks (see invariants.h). */
#include <abi/constants.h>
#include <arch/context.h>
#include <arch/csr.h>
#include <arch/vspace.h>
#include <kernel/cte.h>
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

/*
 * Full rounds also check that every cap names a live object and that every
 * mapped frame is owned. Each CNode is visited once per round (many threads
 * share one), and from each visited slot that heads a derivation list the
 * whole list is walked once, so each cap is seen once:
 *   live objects: a cap made from an untyped lies in the part of that
 *     untyped that is allocated (below its watermark): memory handed back
 *     by a reset can hold no object any cap still names;
 *   owned frames: every frame cap that records a mapping its VSpace really
 *     has is counted; there must be at least as many as there are leaf PTEs
 *     in all user halves, so no page table maps a frame no cap owns (each
 *     cap matches at most one PTE, so fewer caps means an orphaned PTE).
 * If the visited-CNode table overflows, this round skips the frame count
 * (an incomplete walk would under-count): no false alarms.
 */
#define ROUND_MAX_CNODES 1024
#define MAX_UNTYPED_NESTING 64
static uint64_t round_cnodes[ROUND_MAX_CNODES];
static unsigned round_n_cnodes;
static bool round_incomplete;
static uint64_t round_mapped_frames;

static bool first_visit(uint64_t cnode)
{
    for (unsigned i = 0; i < round_n_cnodes; i++)
        if (round_cnodes[i] == cnode)
            return false;
    if (round_n_cnodes == ROUND_MAX_CNODES) {
        round_incomplete = true;
        return true;
    }
    round_cnodes[round_n_cnodes++] = cnode;
    return true;
}

/* c (in slot s) was made, directly or not, from the untyped cap u. */
static void check_live(struct cap u, struct cap c, const struct cte *s)
{
    uint64_t base = cap_object(u), used = cap_untyped_free_index(u);
    uint64_t obj = cap_object(c), size = 1ULL << cap_object_size_bits(c);
    /* A copy of the untyped itself covers all of it, allocated or not. */
    if (cap_type(c) == CAP_UNTYPED && obj == base &&
        cap_untyped_size_bits(c) == cap_untyped_size_bits(u))
        return;
    check(obj >= base && obj - base <= used && size <= used - (obj - base),
          "slot %p: cap (type %u) to [%#lx, +%#lx) is not in the allocated part [%#lx, +%#lx) "
          "of its untyped: a dead object", (const void *)s, (unsigned)cap_type(c),
          (unsigned long)obj, (unsigned long)size, (unsigned long)base, (unsigned long)used);
}

static void walk_list(const struct cte *head)
{
    const struct cte *untypeds[MAX_UNTYPED_NESTING];
    unsigned depth = 0, n = 0;
    for (const struct cte *s = head; s; s = cte_next(s)) {
        check(++n < 10000000, "derivation list at %p does not end", (const void *)head);
        /* Pre-order: the untypeds still on the stack are s's ancestors. */
        while (depth > 0 && !cdt_is_parent_of(untypeds[depth - 1], s))
            depth--;
        struct cap c = s->cap;
        if (depth > 0 && cap_object_size_bits(c) != 0)
            check_live(untypeds[depth - 1]->cap, c, s);
        if (cap_type(c) == CAP_UNTYPED) {
            if (depth < MAX_UNTYPED_NESTING)
                untypeds[depth++] = s;
            else
                round_incomplete = true;
        }
        if (cap_type(c) == CAP_FRAME && cap_frame_is_mapped(c) &&
            vspace_maps_frame(cap_mapped_asid(c), cap_mapped_vaddr(c), cap_object(c),
                              (unsigned)cap_object_size_bits(c)))
            round_mapped_frames++;
    }
}

/* Checks a slot's links and, if it heads a derivation list, the list. */
static void check_slot(const struct cte *s)
{
    check_cap_links(s);
    if (!cap_is_null(s->cap) && !cte_prev(s))
        walk_list(s);
}

/* The slots of a CNode and, one level down, of the CNodes it holds. */
static void check_cnode(struct cap cnode, unsigned depth)
{
    if (!first_visit(cap_object(cnode)))
        return;
    struct cte *slots = cnode_slot(cnode, 0);
    uint64_t n = 1ULL << cap_cnode_radix(cnode);
    for (uint64_t i = 0; i < n; i++) {
        check_slot(&slots[i]);
        if (depth > 0 && cap_type(slots[i].cap) == CAP_CNODE && cap_object(slots[i].cap) != cap_object(cnode))
            check_cnode(slots[i].cap, depth - 1);
    }
}

/*
 * What the IPC fastpaths (fastpath.c) rely on instead of testing it:
 * - A thread that is not inactive has run (or is about to), so it has its
 *   master reply cap, exactly as thread_restart and boot make it: no cap
 *   operation reaches a TCB's own slots, and only deleting the TCB removes
 *   it, which suspends the thread first.
 * - The caller slot holds nothing (both words 0) or a reply cap, not a
 *   master, to a thread blocked on reply: only a Call fills it
 *   (setup_caller_cap, fastpath_call), blocking the caller; the caller
 *   leaves that state only by the reply, which deletes the cap, or by
 *   ipc_cancel (suspend, restart, deletion), which deletes its master's
 *   child, this cap (SaveCaller only moves it away).
 * - A thread blocked on receive has an empty caller slot: it blocks only
 *   in a receive, which deletes the caller cap first (receive in
 *   syscall.c, fastpath_reply_recv), and while it waits only a Call that
 *   takes it off the queue fills the slot.
 * - A master reply cap heads a derivation list of its own (it is made a
 *   root) whose only other member can be one reply cap, its child, which
 *   exists only while the thread is blocked on reply (as above): so the
 *   master's next is 0 in every other state, and a reply cap in a caller
 *   slot comes right after its caller's master with nothing after it (and
 *   no flags: a reply cap is neither revocable nor first_badged).
 */
static void check_reply_slots(const struct tcb *t)
{
    if (t->state != THREAD_INACTIVE) {
        struct cap m = t->slots[TCB_REPLY].cap, want = cap_reply(kptr_to_paddr(t), true, true);
        check(m.w0 == want.w0 && m.w1 == want.w1, "%s: no master reply cap, or a different one", t->name);
    }
    const struct cte *child = cte_next(&t->slots[TCB_REPLY]);
    if (child) {
        check(t->state == THREAD_BLOCKED_ON_REPLY, "%s: master reply cap has a child in state %d", t->name,
              t->state);
        check(cap_type(child->cap) == CAP_REPLY && !cte_next(child),
              "%s: master reply cap followed by something other than one reply cap", t->name);
    }
    struct cap c = t->slots[TCB_CALLER].cap;
    if (c.w0 == 0) {
        check(c.w1 == 0, "%s: caller slot holds a null cap with a nonzero word", t->name);
        return;
    }
    check(cap_type(c) == CAP_REPLY && !cap_reply_is_master(c), "%s: caller slot holds no reply cap",
          t->name);
    const struct tcb *caller = paddr_to_kptr(cap_object(c));
    check(caller->state == THREAD_BLOCKED_ON_REPLY, "%s: reply cap in its caller slot to %s, in state %d",
          t->name, caller->name, caller->state);
    const struct cte *s = &t->slots[TCB_CALLER];
    check(s->prev == (uint64_t)(uintptr_t)&caller->slots[TCB_REPLY] && !cte_next(s),
          "%s: reply cap in its caller slot is not the last after %s's master, without flags", t->name,
          caller->name);
    check(t->state != THREAD_BLOCKED_ON_RECEIVE, "%s: blocked on receive with a reply cap", t->name);
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
    check_reply_slots(t);
    if (!full)
        return;
    for (unsigned i = 0; i < TCB_N_SLOTS; i++)
        check_slot(&t->slots[i]);
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
    /* What the notification fastpaths assume at the next system call
     * (sched.h): the exit that follows needs no scheduler work. */
    check(sched_check_exit_state(), "scheduler state at exit: action %u, slice %d, timer %d",
          (unsigned)sched_state.action, sched_state.slice_armed, sched_state.timer_armed);
    if (++exits % INVARIANT_FULL_PERIOD == 0) {
        check(sched_check_invariants(), "ready queues and bitmap disagree");
        round_n_cnodes = 0;
        round_incomplete = false;
        round_mapped_frames = 0;
        unsigned n = 0;
        for (struct tcb *t = all_threads; t; t = t->all_next) {
            check(++n < 100000, "thread registry does not end");
            check_thread(t, true);
        }
        if (!round_incomplete) {
            uint64_t leaves = vspace_count_user_leaves();
            check(leaves <= round_mapped_frames,
                  "%lu user mappings, but only %lu frame caps own one: a page table maps a "
                  "frame no cap owns", (unsigned long)leaves, (unsigned long)round_mapped_frames);
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

/* The last system calls, for the panic report: with a fuzzer's random
 * calls, what led to a violation is otherwise lost with the panic. trap.S
 * records every system call (debug builds) before the fastpath dispatch, so
 * the fastpaths' calls are here as well as the general path's, each once. */
#define TRACE_LEN 16
static struct {
    const struct tcb *thread;
    int64_t number;
    uint64_t a0, a1, a2;
} trace[TRACE_LEN];
static uint64_t trace_next;

void invariants_trace_entry(const struct arch_context *ctx, uint64_t scause)
{
    if (!CONDUCTOR_DEBUG || scause != EXC_ECALL_U)
        return;
    unsigned i = (unsigned)(trace_next++ % TRACE_LEN);
    trace[i].thread = current_thread;
    trace[i].number = (int64_t)ctx_get(ctx, REG_A7);
    trace[i].a0 = ctx_get(ctx, REG_A0);
    trace[i].a1 = ctx_get(ctx, REG_A1);
    trace[i].a2 = ctx_get(ctx, REG_A2);
}

void invariants_dump_trace(void)
{
    if (!CONDUCTOR_DEBUG || trace_next == 0)
        return;
    kprintf("last system calls (oldest first; fastpath and general path alike):\n");
    uint64_t first = trace_next > TRACE_LEN ? trace_next - TRACE_LEN : 0;
    for (uint64_t k = first; k < trace_next; k++) {
        unsigned i = (unsigned)(k % TRACE_LEN);
        /* The thread may be gone: its name is printed only while it is in
         * the registry. */
        const char *name = "(deleted thread)";
        for (const struct tcb *t = all_threads; t; t = t->all_next)
            if (t == trace[i].thread)
                name = t->name[0] ? t->name : "(unnamed)";
        kprintf("  #%lu %s: syscall %ld cptr %#lx info %#lx (label %lu, len %lu) mr0 %#lx\n",
                (unsigned long)k, name, (long)trace[i].number, (unsigned long)trace[i].a0,
                (unsigned long)trace[i].a1, (unsigned long)(trace[i].a1 >> 12),
                (unsigned long)(trace[i].a1 & 0x7f), (unsigned long)trace[i].a2);
    }
}
