/* SPDX-License-Identifier: BSD-2-Clause */
/* Notification cases: signals before a wait coalesce, waiters wake with
 * the badge, a bound notification wakes a thread waiting on an endpoint. */
#include "../captest/harness.h"
#include "ipctest.h"

static void waiter(struct thread *self)
{
    self->result = cnd_wait(self->arg);
}

static void bound_receiver(struct thread *self)
{
    cnd_badge_t badge;
    cnd_recv(self->arg, &badge);
    self->result = badge;
}

/* Each case makes its own notification n with badged copies b[1], b[2],
 * b[4] (once one set shared by the three cases) and ntfn_teardown deletes
 * them, so each runs alone and leaves nothing behind. */
static cnd_cptr_t n, b[5];

static void ntfn_setup(void)
{
    n = make_object(CND_OBJ_NOTIFICATION, 0);
    for (unsigned badge = 1; badge <= 4; badge *= 2) {
        b[badge] = alloc_slot();
        cnd_cnode_mint(ROOT, ROOT, b[badge], DEPTH, n, DEPTH, CND_ALL_RIGHTS, badge);
    }
}

static void ntfn_teardown(void)
{
    /* The badged copies are n's children. */
    EXPECT_ERR(cnd_cnode_revoke(ROOT, n, DEPTH), CND_NO_ERROR);
    harness_del(n);
}

static void coalesce_case(void)
{
    if (!case_begin("NTFN0001 signals before a wait are OR-ed into one word"))
        return;
    ntfn_setup();
    cnd_cptr_t b1 = b[1], b4 = b[4];
    EXPECT(cnd_poll(n) == 0);
    cnd_signal(b1);
    cnd_signal(b4);
    cnd_signal(b4);
    EXPECT(cnd_wait(n) == 5);
    EXPECT(cnd_poll(n) == 0);
    ntfn_teardown();
    case_end();
}

static void waiter_case(void)
{
    if (!case_begin("NTFN0002 a waiting thread wakes with the badge"))
        return;
    ntfn_setup();
    cnd_cptr_t b2 = b[2];
    struct thread *w = thread_create(waiter, n, 200, 0);
    thread_start(w);
    let_others_run();
    EXPECT(!w->done);
    cnd_signal(b2);
    let_others_run();
    EXPECT(w->done && w->result == 2);
    thread_destroy(w);
    ntfn_teardown();
    case_end();
}

static void bound_case(void)
{
    if (!case_begin("NTFN0003 a bound notification wakes an endpoint waiter"))
        return;
    ntfn_setup();
    cnd_cptr_t b4 = b[4];
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
    struct thread *r = thread_create(bound_receiver, ep, 200, 0);
    EXPECT_ERR(cnd_tcb_bind_notification(r->tcb, n), CND_NO_ERROR);
    thread_start(r);
    let_others_run();
    EXPECT(!r->done);
    cnd_signal(b4);
    let_others_run();
    EXPECT(r->done && r->result == 4);
    /* Somebody else may not wait on a bound notification. */
    /* Deleting r's TCB unbinds n. */
    thread_destroy(r);
    harness_del(ep);
    ntfn_teardown();
    case_end();
}

void test_notifications(void)
{
    coalesce_case();
    waiter_case();
    bound_case();
}
