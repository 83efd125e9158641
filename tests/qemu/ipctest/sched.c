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

static void spinner_a(struct thread *self)
{
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

static void revoker(struct thread *self)
{
    cnd_cptr_t cnode = make_object(CND_OBJ_CAP_TABLE, COPY_BITS);
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
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

void test_sched(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("SCHED0001 SCHED0002 SCHED0003 SCHED0004"))
        return;
    cnd_badge_t badge;
    case_begin("SCHED0001 a woken higher-priority thread preempts at once");
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
    case_end();

    case_begin("SCHED0002 round robin at one priority");
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
    struct thread *a = thread_create(spinner_a, ep, 100, 0);
    struct thread *b = thread_create(spinner_b, 0, 100, 0);
    spin_a = spin_b = 0;
    thread_start(a);
    thread_start(b);
    cnd_word_t m[4];
    cnd_recv_with_mrs(ep, &badge, &m[0], &m[1], &m[2], &m[3]);
    EXPECT(m[0] > 0 && spin_a > 0);
    thread_destroy(b);
    case_end();

    case_begin("SCHED0003 MCP bounds priorities");
    struct thread *t = thread_create(high_body, n, 10, 0);
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
    case_end();

    case_begin("SCHED0004 revoke of 100000 caps preempted by a time slice, restarted");
    struct thread *rv = thread_create(revoker, ep, 100, 0);
    b = thread_create(spinner_b, 0, 100, 0);
    rv->result = alloc_slot();
    spin_b = 0;
    thread_start(rv);
    thread_start(b);
    cnd_recv_with_mrs(ep, &badge, &m[0], &m[1], &m[2], &m[3]);
    put_str("  revoke attempts until preempted: ");
    put_dec(m[0]);
    put_str("\n");
    EXPECT(m[1] == 1);   /* preempted at least once */
    EXPECT(m[2] == 1);   /* and every revoke completed */
    thread_destroy(b);
    case_end();
}
