/* SPDX-License-Identifier: BSD-2-Clause */
/* Deleting objects that threads are blocked on: endpoints, notifications,
 * reply caps and the threads themselves. */
#include "../captest/harness.h"
#include "ipctest.h"

static void blocked_receiver(struct thread *self)
{
    cnd_badge_t badge;
    cnd_recv(self->arg, &badge);
    self->result = 1;
}

static void blocked_waiter(struct thread *self)
{
    cnd_wait(self->arg);
    self->result = 1;
}

static void caller(struct thread *self)
{
    cnd_call(self->arg, cnd_msginfo_new(1, 0, 0, 0));
    self->result++;
}

/* Each case makes its own objects and threads (once DEL0001 made one fault
 * endpoint for all and DEL0005 used DEL0003's reply slot) and deletes them,
 * so it runs alone and leaves nothing behind. */
static void endpoint_case(void)
{
    if (!case_begin("DEL0001 deleting an endpoint releases its waiter"))
        return;
    cnd_cptr_t fep = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_word_t m[4];
    cnd_badge_t badge;
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
    struct thread *t = thread_create(blocked_receiver, ep, 200, fep);
    thread_start(t);
    let_others_run();
    EXPECT_ERR(cnd_cnode_delete(ROOT, ep, DEPTH), CND_NO_ERROR);
    /* It re-executes its receive on a now empty slot: a cap fault in the
     * receive phase, which its handler sees. */
    cnd_msginfo_t info = cnd_recv_with_mrs(fep, &badge, &m[0], &m[1], &m[2], &m[3]);
    EXPECT(cnd_msginfo_get_label(info) == CND_FAULT_CAP && m[1] == ep && m[2] == 1);
    thread_destroy(t);
    harness_del(fep);
    case_end();
}

static void notification_case(void)
{
    if (!case_begin("DEL0002 deleting a notification releases its waiter"))
        return;
    cnd_cptr_t fep = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_word_t m[4];
    cnd_badge_t badge;
    cnd_cptr_t n = make_object(CND_OBJ_NOTIFICATION, 0);
    struct thread *t = thread_create(blocked_waiter, n, 200, fep);
    thread_start(t);
    let_others_run();
    EXPECT_ERR(cnd_cnode_delete(ROOT, n, DEPTH), CND_NO_ERROR);
    cnd_msginfo_t info = cnd_recv_with_mrs(fep, &badge, &m[0], &m[1], &m[2], &m[3]);
    EXPECT(cnd_msginfo_get_label(info) == CND_FAULT_CAP && m[1] == n && m[2] == 1);
    thread_destroy(t);
    harness_del(fep);
    case_end();
}

static void reply_case(void)
{
    if (!case_begin("DEL0003 a deleted reply cap leaves the caller waiting until resumed"))
        return;
    cnd_badge_t badge;
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
    struct thread *t = thread_create(caller, ep, 200, 0);
    thread_start(t);
    cnd_msginfo_t info = cnd_recv(ep, &badge);
    EXPECT(cnd_msginfo_get_label(info) == 1);
    cnd_cptr_t saved = alloc_slot();
    EXPECT_ERR(cnd_cnode_save_caller(ROOT, saved, DEPTH), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(saved) == CND_CAP_TAG_REPLY);
    EXPECT_ERR(cnd_cnode_delete(ROOT, saved, DEPTH), CND_NO_ERROR);
    let_others_run();
    EXPECT(t->result == 0);
    /* Resumed, it calls again; this time the saved reply cap answers. */
    cnd_tcb_resume(t->tcb);
    info = cnd_recv(ep, &badge);
    EXPECT(cnd_msginfo_get_label(info) == 1);
    EXPECT_ERR(cnd_cnode_save_caller(ROOT, saved, DEPTH), CND_NO_ERROR);
    cnd_send(saved, cnd_msginfo_new(0, 0, 0, 0));
    EXPECT(cnd_debug_cap_identify(saved) == CND_CAP_TAG_NULL);   /* one-shot */
    let_others_run();
    EXPECT(t->result == 1);
    thread_destroy(t);
    harness_del(ep);
    case_end();
}

static void blocked_thread_case(void)
{
    if (!case_begin("DEL0004 deleting a blocked thread takes it off the queue"))
        return;
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
    struct thread *t = thread_create(blocked_receiver, ep, 200, 0);
    thread_start(t);
    let_others_run();
    EXPECT_ERR(cnd_cnode_delete(ROOT, t->tcb, DEPTH), CND_NO_ERROR);
    /* Nobody receives any more: a non-blocking send finds nobody, and a
     * new receiver gets the next message. */
    cnd_nbsend(ep, cnd_msginfo_new(3, 0, 0, 0));
    struct thread *r2 = thread_create(blocked_receiver, ep, 200, 0);
    thread_start(r2);
    let_others_run();
    EXPECT(!r2->done);
    cnd_send(ep, cnd_msginfo_new(4, 0, 0, 0));
    let_others_run();
    EXPECT(r2->done);
    /* t's TCB is gone already: thread_destroy deletes its IPC frame. */
    thread_destroy(t);
    thread_destroy(r2);
    harness_del(ep);
    case_end();
}

static void blocked_caller_case(void)
{
    if (!case_begin("DEL0005 deleting a caller blocked on reply removes the reply cap"))
        return;
    cnd_badge_t badge;
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0), saved = alloc_slot();
    struct thread *t = thread_create(caller, ep, 200, 0);
    thread_start(t);
    cnd_recv(ep, &badge);
    EXPECT_ERR(cnd_cnode_save_caller(ROOT, saved, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_delete(ROOT, t->tcb, DEPTH), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(saved) == CND_CAP_TAG_NULL);
    thread_destroy(t);
    harness_del(ep);
    case_end();
}

void test_deletion(void)
{
    endpoint_case();
    notification_case();
    reply_case();
    blocked_thread_case();
    blocked_caller_case();
}
