/* SPDX-License-Identifier: BSD-2-Clause */
/* Ready queues, priority bitmap, time slices (see sched.h). */
#include <abi/constants.h>
#include <arch/arch.h>
#include <arch/timer.h>
#include <kernel/printf.h>
#include <kernel/sched.h>

#define PRIORITIES CND_NUM_PRIORITIES
#define BITMAP_WORDS SCHED_BITMAP_WORDS   /* sched.h: the fastpaths read it too */

/* Shared with the fastpaths, which queue a thread inline (sched.h). */
struct sched_queue sched_ready[PRIORITIES];
/* The bitmap, the pending decision and the slice state: shared with the
 * fastpaths, which read them inline (sched.h). */
struct sched_state sched_state = {
    .action = ACTION_CHOOSE_NEW,
    .debruijn = 0x03f79d71b4cb0a89ULL,
    /* For bit b (63 - the priority within the word), at index
     * ((1 << b) * debruijn) >> 58: 63 - b. */
    .prio_in_word = {
        63, 62, 15, 61, 6, 14, 35, 60, 2, 5, 13, 21, 25, 34, 46, 59,
        1, 8, 4, 27, 10, 12, 20, 41, 18, 24, 30, 33, 39, 45, 51, 58,
        0, 16, 7, 36, 3, 22, 26, 47, 9, 28, 11, 42, 19, 31, 40, 52,
        17, 37, 23, 48, 29, 43, 32, 53, 38, 49, 44, 54, 50, 55, 56, 57,
    },
    .top_word = { 0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3 },
    .top_rest = { 0, 0, 0, 1, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7 },
};
_Static_assert(SCHED_BITMAP_WORDS <= 4, "top_word covers ready_top");
static struct tcb *switch_target;

/* seL4: 5 ticks of 2 ms. */
#define TIME_SLICE_US 10000

void sched_init(uint64_t timebase_hz)
{
    sched_state.slice_ticks = timebase_hz * TIME_SLICE_US / 1000000;
    if (sched_state.slice_ticks == 0)
        sched_state.slice_ticks = 1;
}

static void bitmap_set(uint32_t prio)
{
    sched_bitmap_set(prio);
}

static void bitmap_clear(uint32_t prio)
{
    sched_state.ready_bitmap[prio / 64] &= ~sched_prio_bit(prio);
    if (!sched_state.ready_bitmap[prio / 64])
        sched_state.ready_top &= ~(1ULL << (prio / 64));
}

/* One out-of-line copy for the general path (inlined there it grows
 * sched_schedule's frame); the fastpath that blocks has its own. */
static __attribute__((noinline)) int highest_ready(void)
{
    return (int)sched_highest_ready();
}

void sched_append(struct tcb *t)
{
    if (t->in_ready_queue)
        return;
    uint32_t p = t->priority;
    t->sched_next = 0;
    t->sched_prev = sched_ready[p].tail;
    if (sched_ready[p].tail)
        sched_ready[p].tail->sched_next = t;
    else
        sched_ready[p].head = t;
    sched_ready[p].tail = t;
    t->in_ready_queue = true;
    bitmap_set(p);
}

void sched_prepend(struct tcb *t)
{
    if (t->in_ready_queue)
        return;
    uint32_t p = t->priority;
    t->sched_prev = 0;
    t->sched_next = sched_ready[p].head;
    if (sched_ready[p].head)
        sched_ready[p].head->sched_prev = t;
    else
        sched_ready[p].tail = t;
    sched_ready[p].head = t;
    t->in_ready_queue = true;
    bitmap_set(p);
}

void sched_dequeue(struct tcb *t)
{
    if (!t->in_ready_queue)
        return;
    uint32_t p = t->priority;
    if (t->sched_prev)
        t->sched_prev->sched_next = t->sched_next;
    else
        sched_ready[p].head = t->sched_next;
    if (t->sched_next)
        t->sched_next->sched_prev = t->sched_prev;
    else
        sched_ready[p].tail = t->sched_prev;
    t->sched_next = t->sched_prev = 0;
    t->in_ready_queue = false;
    if (!sched_ready[p].head)
        bitmap_clear(p);
}

void sched_possible_switch_to(struct tcb *t)
{
    if (sched_state.action == ACTION_RESUME) {
        struct tcb *cur = current_thread;
        bool cur_runs = cur && thread_runnable(cur);
        /* Straight to `t` when it beats the current thread (or that one
         * just blocked) and nothing queued beats it. */
        if ((!cur_runs || t->priority > cur->priority) && (int)t->priority >= highest_ready()) {
            sched_state.action = ACTION_SWITCH_TO;
            switch_target = t;
            return;
        }
        sched_append(t);
        if (!cur_runs)
            sched_state.action = ACTION_CHOOSE_NEW;
        return;
    }
    if (sched_state.action == ACTION_SWITCH_TO) {
        /* Two candidates: let the queues decide. */
        sched_append(switch_target);
        switch_target = 0;
        sched_state.action = ACTION_CHOOSE_NEW;
    }
    sched_append(t);
}

void sched_reschedule(void)
{
    if (sched_state.action == ACTION_SWITCH_TO)
        sched_append(switch_target);
    switch_target = 0;
    sched_state.action = ACTION_CHOOSE_NEW;
}

/* Charges the current thread for the time it ran. */
static void account_current(void)
{
    struct tcb *cur = current_thread;
    if (!cur || !sched_state.slice_armed)
        return;
    uint64_t ran = arch_time_now() - sched_state.slice_started;
    cur->time_slice = ran >= cur->time_slice ? 0 : cur->time_slice - ran;
}

void sched_yield(void)
{
    struct tcb *cur = current_thread;
    /* Alone at its priority (it runs, so nothing is above): a fresh slice
     * and nothing else to do. */
    if (!sched_ready[cur->priority].head && sched_state.action == ACTION_RESUME) {
        cur->time_slice = sched_state.slice_ticks;
        return;
    }
    account_current();
    cur->time_slice = sched_state.slice_ticks;
    sched_reschedule();
    /* To the back of its queue: others of its priority run first. */
    sched_append(cur);
}

void sched_timer_tick(void)
{
    struct tcb *cur = current_thread;
    sched_state.timer_armed = false;
    if (!sched_state.slice_armed)
        return;   /* a deadline nobody waits for any more */
    sched_state.slice_armed = false;
    if (!cur || !thread_runnable(cur))
        return;
    /* The slice is used up: a fresh one, at the back of the queue. */
    cur->time_slice = sched_state.slice_ticks;
    sched_reschedule();
    sched_append(cur);
}

void sched_forget_current(void)
{
    current_thread = 0;
    sched_state.slice_armed = false;
    sched_reschedule();
}

void sched_arm_slice(void)
{
    sched_time_slice_now(current_thread, false);
}

void sched_set_priority(struct tcb *t, uint32_t priority)
{
    bool queued = t->in_ready_queue;
    sched_dequeue(t);
    t->priority = priority;
    if (queued)
        sched_append(t);
    if (t == current_thread)
        sched_reschedule();
}

void sched_schedule(void)
{
    struct tcb *cur = current_thread;
    if (sched_state.action != ACTION_RESUME) {
        account_current();
        sched_state.slice_armed = false;
        bool cur_runs = cur && thread_runnable(cur) && !cur->in_ready_queue;
        if (sched_state.action == ACTION_SWITCH_TO) {
            /* A woken thread of higher priority preempts: the current one
             * goes back to the head of its queue, its slice kept. */
            if (cur_runs && cur != switch_target)
                sched_prepend(cur);
            sched_dequeue(switch_target);
            cur = switch_target;
        } else {
            if (cur_runs)
                sched_prepend(cur);
            int p = highest_ready();
            cur = p < 0 ? 0 : sched_ready[p].head;
            if (cur)
                sched_dequeue(cur);
        }
        current_thread = cur;
        sched_state.action = ACTION_RESUME;
        switch_target = 0;
        if (cur && cur->time_slice == 0)
            cur->time_slice = sched_state.slice_ticks;
    }
    /* Arm the slice timer only while someone of the same priority waits;
     * idle or alone, nothing ticks. */
    if (cur && sched_ready[cur->priority].head) {
        if (!sched_state.slice_armed)
            sched_arm_slice();
    } else {
        account_current();
        sched_state.slice_armed = false;
        if (sched_state.timer_armed) {
            timer_disarm();
            sched_state.timer_armed = false;
        }
    }
}

bool sched_check_exit_state(void)
{
    struct tcb *cur = current_thread;
    if (sched_state.action != ACTION_RESUME)
        return false;
    if (cur && sched_ready[cur->priority].head)
        return sched_state.slice_armed && sched_state.timer_armed;
    return !sched_state.slice_armed && !sched_state.timer_armed;
}

bool sched_check_invariants(void)
{
    return sched_check_priorities(0, PRIORITIES);
}

bool sched_check_priorities(unsigned first, unsigned count)
{
    for (unsigned p = first; p < first + count && p < PRIORITIES; p++) {
        bool bit = sched_prio_ready(p);
        if (bit != (sched_ready[p].head != 0))
            return false;
        for (struct tcb *t = sched_ready[p].head; t; t = t->sched_next)
            if (!t->in_ready_queue || t->priority != p || !thread_runnable(t))
                return false;
    }
    return true;
}
