/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The scheduler: 256 priority ready queues with a two-level bitmap (the
 * highest runnable priority in constant time), round robin within a
 * priority on a time slice, preemption when a higher-priority thread wakes,
 * and an idle loop that waits with wfi. The running thread is not on a
 * ready queue; blocked threads wait on the endpoint or notification that
 * holds them. The timer is armed only while a time slice needs it.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdbool.h>
#include <arch/arch.h>
#include <arch/timer.h>
#include <kernel/tcb.h>

/* ---- Scheduler state the fastpaths test inline (scheduler.c owns it) ----
 * The fastpaths must leave the kernel in a state the general exit
 * (sched_schedule) would have produced; they check these instead of calling
 * into the scheduler, since a call and the bitmap search cost more than the
 * rest of a fast system call. */
#define SCHED_BITMAP_WORDS (CND_NUM_PRIORITIES / 64)
enum sched_action { ACTION_RESUME = 0, ACTION_CHOOSE_NEW, ACTION_SWITCH_TO };
struct sched_state {
    union {
        struct {
            uint8_t action;       /* enum sched_action: what the exit must do */
            bool slice_armed;     /* the current thread's slice is being timed */
            bool timer_armed;     /* a deadline is programmed */
        };
        uint32_t exit_work;       /* all three at once (the fourth byte stays 0) */
    };
    uint64_t ready_top;           /* bit w: ready_bitmap[w] != 0 */
    /* Bit 63 - p % 64 of word p / 64: queue p non-empty. Reversed, so that
     * a word's highest priority is its lowest set bit, which x & -x
     * isolates (rv64imac has no count-leading-zeros). */
    uint64_t ready_bitmap[SCHED_BITMAP_WORDS];
    uint64_t slice_ticks;         /* a full time slice, in timebase ticks */
    uint64_t slice_started;       /* when the current thread's timed slice began */
    /* Constants of the search for the highest ready priority (see
     * sched_highest_ready), kept here so that a fastpath reaches them from
     * the same base address instead of building a 64-bit constant. */
    uint64_t debruijn;            /* a de Bruijn sequence: (bit * debruijn) >> 58 is unique */
    uint8_t prio_in_word[64];     /* by that index: the priority within its word */
    uint8_t top_word[16];         /* by ready_top: its highest set bit */
    uint8_t top_rest[16];         /* by ready_top: itself without that bit */
};
/* One object, so that a fastpath reaches all of it from one address. */
extern struct sched_state sched_state;

/* Whether the exit path has nothing to do for the current thread: no
 * decision pending and no time slice or timer to stop (sched_schedule would
 * only find that out and return). */
static inline __attribute__((always_inline)) bool sched_idle_exit(void)
{
    return sched_state.exit_work == 0;
}

/* prio's bit in its ready_bitmap word. */
static inline __attribute__((always_inline)) uint64_t sched_prio_bit(uint32_t prio)
{
    return (1ULL << 63) >> (prio % 64);
}

/* Whether a thread of priority `prio` is ready (queued). */
static inline __attribute__((always_inline)) bool sched_prio_ready(uint32_t prio)
{
    return (sched_state.ready_bitmap[prio / 64] << (prio % 64)) >> 63;
}

/* Whether some thread of priority >= `prio` is ready (queued). Exact, no
 * search: a word above prio's, or a bit at or above prio in its word (at
 * or below prio's bit: those the shift keeps). */
static inline __attribute__((always_inline)) bool sched_ready_at_or_above(uint32_t prio)
{
    unsigned w = prio / 64;
    return ((sched_state.ready_top >> w) >> 1) != 0 || (sched_state.ready_bitmap[w] << (prio % 64)) != 0;
}

/* The ready queues, one per priority (scheduler.c owns them). */
struct sched_queue {
    struct tcb *head, *tail;
};
extern struct sched_queue sched_ready[CND_NUM_PRIORITIES];

static inline __attribute__((always_inline)) void sched_bitmap_set(uint32_t prio)
{
    uint64_t w = prio / 64;
    sched_state.ready_bitmap[w] |= sched_prio_bit(prio);
    sched_state.ready_top |= 1ULL << w;
}

/* sched_prepend (or sched_append, `at_head` false) of a thread known not
 * to be queued, in line: a fastpath's call would cost about as much as the
 * queueing itself. */
static inline __attribute__((always_inline)) void sched_enqueue_unqueued(struct tcb *t, bool at_head)
{
    uint64_t prio = t->priority;
    /* (Priorities are below 256: the compiler may then skip extending a
     * 32-bit load.) */
    if (prio >= CND_NUM_PRIORITIES)
        __builtin_unreachable();
    struct sched_queue *q = &sched_ready[prio];
    /* (The queue is most often empty: a thread that waits is rarely one of
     * several ready at its priority. The hints save a jump.) */
    if (at_head) {
        struct tcb *head = q->head;
        t->sched_prev = 0;
        t->sched_next = head;
        q->head = t;
        if (__builtin_expect(head != 0, 0))
            head->sched_prev = t;
        else
            q->tail = t;
    } else {
        struct tcb *tail = q->tail;
        t->sched_next = 0;
        t->sched_prev = tail;
        q->tail = t;
        if (__builtin_expect(tail != 0, 0))
            tail->sched_next = t;
        else
            q->head = t;
    }
    t->in_ready_queue = true;
    sched_bitmap_set((uint32_t)prio);
}

/* The highest priority with a ready thread, or -1: in line for the
 * fastpath that blocks a thread (a call costs a third of the search). */
/* The highest ready priority (prio, -1 if none) with what the search
 * found on the way, which taking its queue's last thread off reuses: the
 * bitmap word and its value without prio's bit. */
struct sched_top {
    int64_t prio;
    uint64_t *word, rest;
};

static inline __attribute__((always_inline)) struct sched_top sched_find_top(void)
{
    struct sched_top f = { .prio = -1 };
    uint64_t top = sched_state.ready_top;
    if (!top)
        return f;
    /* (64-bit arithmetic: the result indexes arrays without extension.) */
    uint64_t w = sched_state.top_word[top];
    f.word = &sched_state.ready_bitmap[w];
    uint64_t bits = *f.word;
    /* The lowest set bit, named by a de Bruijn multiplication: a few
     * instructions instead of a binary search. */
    uint64_t bit = bits & -bits;
    f.rest = bits & (bits - 1);
    f.prio = (int64_t)(w * 64 + sched_state.prio_in_word[(bit * sched_state.debruijn) >> 58]);
    return f;
}

static inline __attribute__((always_inline)) int64_t sched_highest_ready(void)
{
    return sched_find_top().prio;
}

/* The current thread `cur` just blocked (no decision was pending, as at
 * every system-call entry) and `next`, the head of the highest ready queue
 * `p`, runs instead: sched_reschedule + sched_schedule for this case, in
 * line (`f`: sched_find_top's result, `q` = &sched_ready[f->prio]). `cur`'s timed slice is charged (one reading of the time serves the
 * charge and the new slice), `next` leaves its queue, gets a fresh slice if
 * its last one ran out, and is timed only if others of its priority are
 * still ready; else the timer stops. The caller has checked timer_sstc
 * (so that the timer writes are single instructions, not calls). */
static inline __attribute__((always_inline)) void sched_switch_after_block(struct tcb *cur, struct tcb *next,
                                                                           struct sched_queue *q,
                                                                           const struct sched_top *f)
{
    struct tcb *after = next->sched_next;
    q->head = after;
    if (after) {
        after->sched_prev = 0;
    } else {
        q->tail = 0;
        *f->word = f->rest;
        if (!f->rest)
            sched_state.ready_top = sched_state.top_rest[sched_state.ready_top];
    }
    next->sched_next = 0;
    next->in_ready_queue = false;
    uint64_t now = 0;
    if (sched_state.slice_armed || after)
        now = arch_time_now();
    if (sched_state.slice_armed) {
        uint64_t ran = now - sched_state.slice_started;
        cur->time_slice = ran >= cur->time_slice ? 0 : cur->time_slice - ran;
        sched_state.slice_armed = false;
    }
    current_thread = next;
    if (next->time_slice == 0)
        next->time_slice = sched_state.slice_ticks;
    if (after) {
        sched_state.slice_started = now;
        timer_set_deadline_sstc(now + next->time_slice);
        sched_state.slice_armed = sched_state.timer_armed = true;
    } else if (sched_state.timer_armed) {
        timer_disarm();   /* a mask, not an all-ones deadline (timer.h) */
        sched_state.timer_armed = false;
    }
}

/* What sched_schedule does for a running thread that now has others of
 * its priority ready (a Signal queued one): its slice is timed from now.
 * `sstc`: the caller has checked timer_sstc (the deadline is one CSR
 * write, no call). */
static inline __attribute__((always_inline)) void sched_time_slice_now(const struct tcb *cur, bool sstc)
{
    uint64_t now = arch_time_now();
    sched_state.slice_started = now;
    if (sstc)
        timer_set_deadline_sstc(now + cur->time_slice);
    else
        timer_set_deadline(now + cur->time_slice);
    sched_state.slice_armed = sched_state.timer_armed = true;
}

/* Adds a runnable thread at the tail (or head) of its priority's queue. */
void sched_append(struct tcb *t);
void sched_prepend(struct tcb *t);
/* Takes a thread off its ready queue if it is on one. */
void sched_dequeue(struct tcb *t);

/* A thread just became runnable: run it instead of the current one if its
 * priority is higher, else queue it. */
void sched_possible_switch_to(struct tcb *t);

/* The current thread stopped running (blocked, suspended, yielded): pick
 * the next one before returning to user mode. */
void sched_reschedule(void);

/* The current thread gives up the rest of its slice (Yield). */
void sched_yield(void);

/* The time-slice timer fired. */
void sched_timer_tick(void);

/* Changes a thread's priority, moving it between queues as needed. */
void sched_set_priority(struct tcb *t, uint32_t priority);

/* Chooses the thread to run (the current one, a higher-priority one, or
 * none); sets current_thread; arms or disarms the slice timer. */
void sched_schedule(void);

/* Whether the scheduler state is what every exit leaves for the thread
 * that runs: no decision pending, its slice timed exactly while others of
 * its priority are ready, and no deadline programmed otherwise. The
 * notification fastpaths rely on it at system-call entry (debug builds
 * check it at every exit). */
bool sched_check_exit_state(void);

/* Starts timing the current thread's slice (others of its priority are
 * ready): what sched_schedule does when it finds that. */
void sched_arm_slice(void);

/* The current thread is being destroyed: nothing may refer to it. */
void sched_forget_current(void);

/* Sets up the slice length from the timer frequency (boot). */
void sched_init(uint64_t timebase_hz);

/* Checks the ready queues and bitmap agree (debug invariant). */
bool sched_check_invariants(void);
/* The same for `count` priority levels from `first`. */
bool sched_check_priorities(unsigned first, unsigned count);

#endif
