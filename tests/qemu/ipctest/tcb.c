/* SPDX-License-Identifier: BSD-2-Clause */
/* TCB cases: registers, suspend/resume of a blocked thread, TLS, flags,
 * binding, and the errors seL4 gives. */
#include "../captest/harness.h"
#include <conductor/runtime.h>
#include "ipctest.h"

static void receiver(struct thread *self)
{
    cnd_badge_t badge;
    for (;;) {
        cnd_msginfo_t info = cnd_recv(self->arg, &badge);
        self->result += cnd_msginfo_get_label(info);
    }
}

static void tls_reporter(struct thread *self)
{
    cnd_word_t tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    self->result = tp;
}

/*
 * Each case makes its own threads and objects and deletes them at its end
 * (once TCB0003 and TCB0004 used TCB0001's threads and TCB0002's endpoint,
 * and the four ran only as one chain), so each runs alone and leaves
 * nothing behind.
 */
static void registers_case(void)
{
    if (!case_begin("TCB0001 read, write and copy registers"))
        return;
    struct cnd_result r;
    /* Never started: only their registers matter. */
    struct thread *t = thread_create(receiver, 0, 10, 0), *u = thread_create(receiver, 0, 10, 0);
    struct cnd_user_context w, rd;
    cnd_word_t *wp = (cnd_word_t *)&w;
    for (unsigned i = 0; i < 32; i++)
        wp[i] = 0x1000 + i * 8;
    EXPECT_ERR(cnd_tcb_write_registers(t->tcb, false, 0, 32, &w), CND_NO_ERROR);
    EXPECT_ERR(cnd_tcb_read_registers(t->tcb, false, 0, 32, &rd), CND_NO_ERROR);
    cnd_word_t *rp = (cnd_word_t *)&rd;
    unsigned same = 0;
    for (unsigned i = 0; i < 32; i++)
        same += rp[i] == wp[i];
    EXPECT(same == 32);
    /* Copy only the frame registers (pc, ra, sp, gp, s0..s11). */
    struct cnd_user_context zero = { 0 };
    EXPECT_ERR(cnd_tcb_write_registers(u->tcb, false, 0, 32, &zero), CND_NO_ERROR);
    EXPECT_ERR(cnd_tcb_copy_registers(u->tcb, t->tcb, false, false, true, false, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_tcb_read_registers(u->tcb, false, 0, 32, &rd), CND_NO_ERROR);
    EXPECT(rd.pc == w.pc && rd.s11 == w.s11 && rd.a0 == 0 && rd.tp == 0);
    EXPECT_ERR(cnd_tcb_copy_registers(u->tcb, t->tcb, false, false, false, true, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_tcb_read_registers(u->tcb, false, 0, 32, &rd), CND_NO_ERROR);
    EXPECT(rd.a0 == w.a0 && rd.tp == w.tp && rd.t6 == w.t6);
    r = cnd_tcb_read_registers(t->tcb, false, 0, 0, &rd);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 0, 1);
    EXPECT_DETAIL(r, 1, 32);
    EXPECT_ERR(cnd_tcb_read_registers(CND_CAP_INIT_THREAD_TCB, false, 0, 4, &rd), CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_tcb_write_registers(CND_CAP_INIT_THREAD_TCB, false, 0, 4, &w), CND_ILLEGAL_OPERATION);
    r = cnd_tcb_copy_registers(u->tcb, ROOT, false, false, true, true, 0);
    EXPECT_ERR(r, CND_INVALID_CAPABILITY);
    EXPECT_DETAIL(r, 0, 1);
    thread_destroy(t);
    thread_destroy(u);
    case_end();
}

static void suspend_case(void)
{
    if (!case_begin("TCB0002 suspend and resume a blocked thread"))
        return;
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
    struct thread *rx = thread_create(receiver, ep, 200, 0);
    thread_start(rx);
    cnd_send_with_mrs(ep, cnd_msginfo_new(1, 0, 0, 0), 0, 0, 0, 0);
    let_others_run();
    EXPECT(rx->result == 1);
    EXPECT_ERR(cnd_tcb_suspend(rx->tcb), CND_NO_ERROR);
    /* Suspended: no longer waiting, so a non-blocking send is dropped. */
    cnd_nbsend_with_mrs(ep, cnd_msginfo_new(10, 0, 0, 0), 0, 0, 0, 0);
    let_others_run();
    EXPECT(rx->result == 1);
    EXPECT_ERR(cnd_tcb_resume(rx->tcb), CND_NO_ERROR);
    /* Resumed, it re-executes its receive. */
    let_others_run();
    cnd_send_with_mrs(ep, cnd_msginfo_new(100, 0, 0, 0), 0, 0, 0, 0);
    let_others_run();
    EXPECT(rx->result == 101);
    thread_destroy(rx);   /* blocked in its receive on ep */
    harness_del(ep);
    case_end();
}

static void tls_flags_binding_case(void)
{
    if (!case_begin("TCB0003 TLS base, flags, notification binding errors"))
        return;
    static uint64_t alt_tls[64] __attribute__((aligned(64)));
    struct thread *tl = thread_create(tls_reporter, 0, 200, 0);
    cnd_word_t alt = (cnd_word_t)cnd_tls_init(alt_tls);
    EXPECT_ERR(cnd_tcb_set_tls_base(tl->tcb, alt), CND_NO_ERROR);
    thread_start(tl);
    let_others_run();
    EXPECT(tl->result == alt);
    /* Never started: for their flags and bindings. */
    struct thread *t = thread_create(receiver, 0, 10, 0), *u = thread_create(receiver, 0, 10, 0);
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_word_t flags = 7;
    EXPECT_ERR(cnd_tcb_set_flags(t->tcb, 0, CND_TCB_FLAG_FPU_DISABLED | 6, &flags), CND_NO_ERROR);
    EXPECT(flags == CND_TCB_FLAG_FPU_DISABLED);
    EXPECT_ERR(cnd_tcb_set_flags(t->tcb, CND_TCB_FLAG_FPU_DISABLED, 0, &flags), CND_NO_ERROR);
    EXPECT(flags == 0);
    cnd_cptr_t n = make_object(CND_OBJ_NOTIFICATION, 0);
    EXPECT_ERR(cnd_tcb_bind_notification(t->tcb, ep), CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_tcb_unbind_notification(t->tcb), CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_tcb_bind_notification(t->tcb, n), CND_NO_ERROR);
    EXPECT_ERR(cnd_tcb_bind_notification(t->tcb, n), CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_tcb_bind_notification(u->tcb, n), CND_ILLEGAL_OPERATION);   /* taken */
    EXPECT_ERR(cnd_tcb_unbind_notification(t->tcb), CND_NO_ERROR);
    thread_destroy(tl);
    thread_destroy(t);
    thread_destroy(u);
    harness_del(n);
    harness_del(ep);
    case_end();
}

static void configure_errors_case(void)
{
    if (!case_begin("TCB0004 configure errors"))
        return;
    struct cnd_result r;
    /* Never started: the target of the failing configurations. */
    struct thread *t = thread_create(receiver, 0, 10, 0);
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
    r = cnd_tcb_configure(t->tcb, CND_CAP_DOMAIN, VSPACE, 0, 0, 0, 0, 0);
    EXPECT_ERR(r, CND_ILLEGAL_OPERATION);
    r = cnd_tcb_configure(t->tcb, ROOT, ROOT, 0, 0, 0, 0, 0);
    EXPECT_ERR(r, CND_ILLEGAL_OPERATION);
    r = cnd_tcb_configure(t->tcb, ROOT, VSPACE, t->ipc_frame, 0, 0, 0, t->ipc_va + 8);
    EXPECT_ERR(r, CND_ALIGNMENT_ERROR);
    r = cnd_tcb_configure(t->tcb, ROOT, VSPACE, ep, 0, 0, 0, t->ipc_va);
    EXPECT_ERR(r, CND_ILLEGAL_OPERATION);
    r = cnd_tcb_set_ipc_buffer(t->tcb, ep, 0x1000);
    EXPECT_ERR(r, CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_tcb_set_ipc_buffer(t->tcb, ep, 0), CND_NO_ERROR);   /* no buffer */
    cnd_cptr_t unmapped = make_object(CND_OBJ_PAGE_TABLE, 0);
    r = cnd_tcb_set_space(t->tcb, ROOT, unmapped, 0, 0, 0);
    EXPECT_ERR(r, CND_ILLEGAL_OPERATION);
    /* thread_destroy deletes its IPC frame (still mapped in our space). */
    thread_destroy(t);
    harness_del(unmapped);
    harness_del(ep);
    case_end();
}

void test_tcb(void)
{
    registers_case();
    suspend_case();
    tls_flags_binding_case();
    configure_errors_case();
}
