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

void test_notifications(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("NTFN0001 NTFN0002 NTFN0003"))
        return;
    cnd_cptr_t n = make_object(CND_OBJ_NOTIFICATION, 0);
    cnd_cptr_t b1 = alloc_slot(), b2 = alloc_slot(), b4 = alloc_slot();
    cnd_cnode_mint(ROOT, ROOT, b1, DEPTH, n, DEPTH, CND_ALL_RIGHTS, 1);
    cnd_cnode_mint(ROOT, ROOT, b2, DEPTH, n, DEPTH, CND_ALL_RIGHTS, 2);
    cnd_cnode_mint(ROOT, ROOT, b4, DEPTH, n, DEPTH, CND_ALL_RIGHTS, 4);

    case_begin("NTFN0001 signals before a wait are OR-ed into one word");
    EXPECT(cnd_poll(n) == 0);
    cnd_signal(b1);
    cnd_signal(b4);
    cnd_signal(b4);
    EXPECT(cnd_wait(n) == 5);
    EXPECT(cnd_poll(n) == 0);
    case_end();

    case_begin("NTFN0002 a waiting thread wakes with the badge");
    struct thread *w = thread_create(waiter, n, 200, 0);
    thread_start(w);
    let_others_run();
    EXPECT(!w->done);
    cnd_signal(b2);
    let_others_run();
    EXPECT(w->done && w->result == 2);
    case_end();

    case_begin("NTFN0003 a bound notification wakes an endpoint waiter");
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
    case_end();
}
