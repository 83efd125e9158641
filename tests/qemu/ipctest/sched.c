/* SPDX-License-Identifier: BSD-2-Clause */
/* Scheduling cases: preemption by priority, round robin, MCP limits, and a
 * long revoke preempted by a time slice and restarted. */
#include "../captest/harness.h"
#include "ipctest.h"

static char log_buf[32];
static volatile unsigned log_len;

static void log_char(char c)
{
    if (log_len < sizeof log_buf - 1)
        log_buf[log_len++] = c;
}

static struct thread *high;

static void high_body(struct thread *self)
{
    log_char('h');
    cnd_signal(self->arg);
}

static void middle_body(struct thread *self)
{
    log_char('1');
    thread_start(high);      /* higher priority: runs at once */
    log_char('2');
    (void)self;
}

static volatile uint64_t spin_a, spin_b;

/* Signalled by spinner_a once it has counted: only then does SCHED0002
 * start spinner_b. */
static cnd_cptr_t spin_started;

static void spinner_a(struct thread *self)
{
    /* Counts once and tells the case (priority 255: it runs at once), so
     * that it has run before the other spinner exists. Started together,
     * a host stall of QEMU (its clock follows the host's) at its first
     * instructions would end its slice before it counted, the other
     * spinner would run first and it would stop at once with spin_a 0:
     * the case would measure the host. */
    spin_a++;
    cnd_signal(spin_started);
    /* Runs until it has seen the other spinner make progress. */
    for (uint64_t i = 0; i < (1ULL << 32) && spin_b == 0; i++)
        spin_a++;
    cnd_send_with_mrs(self->arg, cnd_msginfo_new(1, 0, 0, 1), spin_b, 0, 0, 0);
}

static void spinner_b(struct thread *self)
{
    (void)self;
    for (;;)
        spin_b++;
}

/* Copies a cap 100,000 times and revokes them, while a spinner of the same
 * priority counts. The revoke takes far longer than a 10 ms time slice in
 * QEMU (about 30 million instructions), so the slice timer must preempt it;
 * the spinner running during the revoke shows it did, and the revoke still
 * completes. (A few attempts, in case QEMU runs unusually fast.) */
#define COPIES 100000
#define COPY_BITS 17

/* The CNode holding the copies and the endpoint copied: made by the case
 * (from the scratch, and deleted by it) before the revoker starts. */
static cnd_cptr_t revoke_cnode, revoke_ep;

static void revoker(struct thread *self)
{
    cnd_cptr_t cnode = revoke_cnode, ep = revoke_ep;
    cnd_word_t attempts = 0, preempted = 0, complete = 1;
    while (attempts < 5 && !preempted) {
        attempts++;
        for (cnd_word_t i = 0; i < COPIES; i++)
            cnd_cnode_copy(cnode, ROOT, i, COPY_BITS, ep, DEPTH, CND_ALL_RIGHTS);
        uint64_t before = spin_b;
        struct cnd_result r = cnd_cnode_revoke(ROOT, ep, DEPTH);
        uint64_t after = spin_b;
        complete &= r.error == CND_NO_ERROR;
        for (cnd_word_t i = 0; i < COPIES; i += 9999)
            complete &= cnd_cnode_copy(ROOT, cnode, self->result, DEPTH, i, COPY_BITS, CND_ALL_RIGHTS).error ==
                        CND_FAILED_LOOKUP;
        preempted = after != before;
    }
    cnd_send_with_mrs(self->arg, cnd_msginfo_new(1, 0, 0, 3), attempts, preempted, complete, 0);
}

/*
 * Each case makes its own threads, notification and endpoints and deletes
 * them at its end (once SCHED0003 used SCHED0001's notification and
 * SCHED0004 SCHED0002's endpoint, and the four ran only as one chain), so
 * each runs alone and leaves nothing behind. Threads of one priority are
 * started in a fixed order while we (priority 255) keep running, so which
 * runs first never depends on the timer; only the round robin itself (by
 * design) waits for a time slice to end.
 */
static void preempt_case(void)
{
    if (!case_begin("SCHED0001 a woken higher-priority thread preempts at once"))
        return;
    cnd_cptr_t n = make_object(CND_OBJ_NOTIFICATION, 0);
    high = thread_create(high_body, n, 220, 0);
    struct thread *mid = thread_create(middle_body, 0, 200, 0);
    log_len = 0;
    log_char('a');
    thread_start(mid);    /* lower than us: does not run yet */
    log_char('b');
    cnd_wait(n);          /* now it runs, starts high, high signals us */
    log_char('c');
    log_buf[log_len] = 0;
    /* We wake when high signals, before mid logs '2' (we outrank mid). */
    EXPECT(log_buf[0] == 'a' && log_buf[1] == 'b' && log_buf[2] == '1' && log_buf[3] == 'h' &&
           log_buf[4] == 'c');
    /* Both are still runnable (high in its signal, mid in the resume). */
    thread_destroy(high);
    thread_destroy(mid);
    harness_del(n);
    case_end();
}

static void round_robin_case(void)
{
    if (!case_begin("SCHED0002 round robin at one priority"))
        return;
    cnd_badge_t badge;
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
    spin_started = make_object(CND_OBJ_NOTIFICATION, 0);
    struct thread *a = thread_create(spinner_a, ep, 100, 0);
    struct thread *b = thread_create(spinner_b, 0, 100, 0);
    spin_a = spin_b = 0;
    /* One at a time: a runs until it has counted and signals us, then b
     * joins it at priority 100. From here on a only stops spinning when it
     * has seen b count, which needs the slice timer to take the processor
     * from it and, for it to report, give it back: round robin. */
    thread_start(a);
    cnd_wait(spin_started);
    thread_start(b);
    cnd_word_t m[4];
    cnd_recv_with_mrs(ep, &badge, &m[0], &m[1], &m[2], &m[3]);
    EXPECT(m[0] > 0 && spin_a > 0);
    thread_destroy(b);
    thread_destroy(a);
    harness_del(spin_started);
    harness_del(ep);
    case_end();
}

static void mcp_case(void)
{
    if (!case_begin("SCHED0003 MCP bounds priorities"))
        return;
    /* Never started: only its priorities matter. */
    struct thread *t = thread_create(high_body, 0, 10, 0);
    struct cnd_result r;
    EXPECT_ERR(cnd_tcb_set_mc_priority(t->tcb, CND_CAP_INIT_THREAD_TCB, 100), CND_NO_ERROR);
    r = cnd_tcb_set_priority(t->tcb, t->tcb, 101);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 0, 0);
    EXPECT_DETAIL(r, 1, 100);
    EXPECT_ERR(cnd_tcb_set_priority(t->tcb, t->tcb, 100), CND_NO_ERROR);
    EXPECT_ERR(cnd_tcb_set_sched_params(t->tcb, t->tcb, 100, 101), CND_RANGE_ERROR);
    EXPECT_ERR(cnd_tcb_set_sched_params(t->tcb, t->tcb, 101, 50), CND_RANGE_ERROR);
    EXPECT_ERR(cnd_tcb_set_sched_params(t->tcb, t->tcb, 90, 50), CND_NO_ERROR);
    /* Its own MCP is now 90: it cannot raise itself above that. */
    EXPECT_ERR(cnd_tcb_set_mc_priority(t->tcb, t->tcb, 91), CND_RANGE_ERROR);
    r = cnd_tcb_set_priority(t->tcb, ROOT, 1);
    EXPECT_ERR(r, CND_INVALID_CAPABILITY);
    EXPECT_DETAIL(r, 0, 1);
    thread_destroy(t);
    case_end();
}

static void long_revoke_case(void)
{
    if (!case_begin("SCHED0004 revoke of 100000 caps preempted by a time slice, restarted"))
        return;
    cnd_badge_t badge;
    cnd_word_t m[4];
    /* 2^17 slots of 32 bytes: half the scratch, made first (aligned to its
     * size, anything made before it would push it to the scratch's end, and
     * nothing would fit after it). */
    revoke_cnode = make_object(CND_OBJ_CAP_TABLE, COPY_BITS);
    revoke_ep = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
    struct thread *rv = thread_create(revoker, ep, 100, 0);
    struct thread *b = thread_create(spinner_b, 0, 100, 0);
    rv->result = alloc_slot();   /* stays empty: the copies back must fail */
    spin_b = 0;
    thread_start(rv);   /* first in the queue of priority 100 */
    thread_start(b);
    cnd_recv_with_mrs(ep, &badge, &m[0], &m[1], &m[2], &m[3]);
    put_str("  revoke attempts until preempted: ");
    put_dec(m[0]);
    put_str("\n");
    EXPECT(m[1] == 1);   /* preempted at least once */
    EXPECT(m[2] == 1);   /* and every revoke completed */
    thread_destroy(b);
    thread_destroy(rv);
    /* The revokes emptied the CNode: deleting it deletes no copies. */
    harness_del(revoke_cnode);
    harness_del(revoke_ep);
    harness_del(ep);
    case_end();
}

void test_sched(void)
{
    preempt_case();
    round_robin_case();
    mcp_case();
    long_revoke_case();
}
