/* SPDX-License-Identifier: BSD-2-Clause */
/* Fault cases: every fault type arrives at the handler with seL4's label
 * and layout, and the handler's reply restarts the thread as specified. */
#include "../captest/harness.h"
#include "ipctest.h"

#define FAULT_VA 0x3000000000ULL

static void vm_faulter(struct thread *self)
{
    volatile cnd_word_t *p = (volatile cnd_word_t *)FAULT_VA;
    self->result = *p;   /* faults until the handler maps something here */
}

static void unknown_syscall(struct thread *self)
{
    register cnd_word_t a0 __asm__("a0") = 11;
    register cnd_word_t a7 __asm__("a7") = 42;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
    self->result = a0;   /* the handler's reply wrote a0 */
}

static void illegal(struct thread *self)
{
    __asm__ volatile(".word 0" ::: "memory");   /* all zero: illegal */
    self->result = 1;
}

static void cap_faulter(struct thread *self)
{
    /* The guard bits make this cptr fail to resolve. */
    cnd_call(self->arg, cnd_msginfo_new(5, 0, 0, 0));
    self->result = 1;
}

static void recv_faulter(struct thread *self)
{
    cnd_badge_t badge;
    cnd_recv(self->arg, &badge);
    self->result = 1;
}

long fpu_double(long x);   /* fpu_probe.S */

/* Doubles its argument in the FPU. */
static void fpu_user(struct thread *self)
{
    self->result = (cnd_word_t)fpu_double((long)self->arg);
}

static cnd_msginfo_t wait_fault(cnd_cptr_t fep, cnd_word_t m[8])
{
    cnd_badge_t badge;
    cnd_msginfo_t info = cnd_recv_with_mrs(fep, &badge, &m[0], &m[1], &m[2], &m[3]);
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    for (unsigned i = 4; i < 8; i++)
        m[i] = ipc->msg[i];
    return info;
}

/*
 * Each case makes its own fault endpoint, threads and objects and deletes
 * them at its end (once one fault endpoint served FAULT0001..0005 and
 * FAULT0006 unmapped FAULT0001's frame, and the six ran only as one
 * chain), so each runs alone and leaves nothing behind.
 */
static void vm_fault_case(void)
{
    if (!case_begin("FAULT0001 VM fault, handler maps a page, thread restarts"))
        return;
    cnd_cptr_t fep = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_word_t m[8];
    cnd_msginfo_t info;
    struct thread *t = thread_create(vm_faulter, 0, 200, fep);
    thread_start(t);
    info = wait_fault(fep, m);
    EXPECT(cnd_msginfo_get_label(info) == CND_FAULT_VM);
    EXPECT(cnd_msginfo_get_length(info) == 4);
    EXPECT(m[1] == FAULT_VA && m[2] == 0 && m[3] == 5);
    cnd_word_t fault_pc = m[0];
    struct cnd_user_context regs = { 0 };
    cnd_tcb_read_registers(t->tcb, false, 0, 1, &regs);
    EXPECT(regs.pc == fault_pc);
    cnd_cptr_t f = make_object(CND_OBJ_4K_PAGE, 0);
    cnd_cptr_t pt1 = make_object(CND_OBJ_PAGE_TABLE, 0), pt0 = make_object(CND_OBJ_PAGE_TABLE, 0);
    cnd_page_table_map(pt1, VSPACE, FAULT_VA, 0);
    cnd_page_table_map(pt0, VSPACE, FAULT_VA, 0);
    EXPECT_ERR(cnd_page_map(f, VSPACE, FAULT_VA, CND_ALL_RIGHTS, 0), CND_NO_ERROR);
    *(volatile cnd_word_t *)FAULT_VA = 0x5151;
    cnd_reply(cnd_msginfo_new(0, 0, 0, 0));
    let_others_run();
    EXPECT(t->done && t->result == 0x5151);
    thread_destroy(t);
    /* Deleting the frame and the tables unmaps them: FAULT_VA is unmapped
     * again (FAULT0006 relies on it). */
    harness_del(f);
    harness_del(pt0);
    harness_del(pt1);
    harness_del(fep);
    case_end();
}

static void unknown_syscall_case(void)
{
    if (!case_begin("FAULT0002 unknown syscall, reply sets registers and skips the ecall"))
        return;
    cnd_cptr_t fep = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_word_t m[8];
    cnd_msginfo_t info;
    struct thread *t = thread_create(unknown_syscall, 0, 200, fep);
    thread_start(t);
    info = wait_fault(fep, m);
    EXPECT(cnd_msginfo_get_label(info) == CND_FAULT_UNKNOWN_SYSCALL);
    EXPECT(cnd_msginfo_get_length(info) == 11);
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    EXPECT(ipc->msg[10] == 42);   /* the syscall number, last */
    EXPECT(m[3] == 11);           /* a0 */
    /* Reply: FaultIP + 4, SP, RA unchanged, a0 = 77. */
    cnd_word_t pc = m[0], sp = m[1], ra = m[2];
    ipc->msg[4] = 0;
    cnd_reply_with_mrs(cnd_msginfo_new(0, 0, 0, 4), pc + 4, sp, ra, 77);
    let_others_run();
    EXPECT(t->done && t->result == 77);
    thread_destroy(t);
    harness_del(fep);
    case_end();
}

static void user_exception_case(void)
{
    if (!case_begin("FAULT0003 user exception, non-zero reply label leaves it stopped"))
        return;
    cnd_cptr_t fep = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_word_t m[8];
    cnd_msginfo_t info;
    struct thread *t = thread_create(illegal, 0, 200, fep);
    thread_start(t);
    info = wait_fault(fep, m);
    EXPECT(cnd_msginfo_get_label(info) == CND_FAULT_USER_EXCEPTION);
    EXPECT(cnd_msginfo_get_length(info) == 4 && m[2] == 2 && m[3] == 0);
    cnd_reply_with_mrs(cnd_msginfo_new(1, 0, 0, 0), 0, 0, 0, 0);
    let_others_run();
    EXPECT(!t->done);
    /* A zero label with the pc moved past the instruction resumes it. */
    cnd_tcb_resume(t->tcb);
    info = wait_fault(fep, m);
    EXPECT(cnd_msginfo_get_label(info) == CND_FAULT_USER_EXCEPTION);
    cnd_reply_with_mrs(cnd_msginfo_new(0, 0, 0, 1), m[0] + 4, 0, 0, 0);
    let_others_run();
    EXPECT(t->done && t->result == 1);
    thread_destroy(t);
    harness_del(fep);
    case_end();
}

static void cap_fault_case(void)
{
    if (!case_begin("FAULT0004 cap faults in send and receive phase"))
        return;
    cnd_cptr_t fep = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_word_t m[8];
    cnd_msginfo_t info;
    struct cnd_user_context regs = { 0 };
    cnd_cptr_t bad = (1ULL << 62) | 5;
    struct thread *t = thread_create(cap_faulter, bad, 200, fep);
    thread_start(t);
    info = wait_fault(fep, m);
    EXPECT(cnd_msginfo_get_label(info) == CND_FAULT_CAP);
    EXPECT(m[1] == bad && m[2] == 0);
    EXPECT(m[3] == CND_GUARD_MISMATCH && m[4] == 64 && m[5] == 0 &&
           m[6] == 64 - bi->init_thread_cnode_size_bits);
    EXPECT(cnd_msginfo_get_length(info) == 7);
    /* Point its a0 at a real notification, then restart it by replying. */
    cnd_cptr_t n = make_object(CND_OBJ_NOTIFICATION, 0);
    cnd_tcb_read_registers(t->tcb, false, 0, 32, &regs);
    regs.a0 = n;
    cnd_tcb_write_registers(t->tcb, false, 0, 32, &regs);
    cnd_reply(cnd_msginfo_new(0, 0, 0, 0));
    let_others_run();
    EXPECT(t->done);
    thread_destroy(t);
    t = thread_create(recv_faulter, bad, 200, fep);
    thread_start(t);
    info = wait_fault(fep, m);
    EXPECT(cnd_msginfo_get_label(info) == CND_FAULT_CAP && m[2] == 1);
    /* Not replied to: deleting it takes our reply cap to it too. */
    thread_destroy(t);
    harness_del(n);
    harness_del(fep);
    case_end();
}

static void fpu_case(void)
{
    if (!case_begin("FAULT0005 FPU: lazily enabled, or a fault when disabled"))
        return;
    cnd_cptr_t fep = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_word_t m[8];
    cnd_msginfo_t info;
    struct thread *t = thread_create(fpu_user, 20, 200, fep);
    thread_start(t);
    let_others_run();
    EXPECT(t->done && t->result == 40);
    thread_destroy(t);
    t = thread_create(fpu_user, 20, 200, fep);
    cnd_word_t flags;
    cnd_tcb_set_flags(t->tcb, 0, CND_TCB_FLAG_FPU_DISABLED, &flags);
    thread_start(t);
    info = wait_fault(fep, m);
    EXPECT(cnd_msginfo_get_label(info) == CND_FAULT_USER_EXCEPTION && m[2] == 2);
    cnd_tcb_set_flags(t->tcb, CND_TCB_FLAG_FPU_DISABLED, 0, &flags);
    cnd_reply(cnd_msginfo_new(0, 0, 0, 0));
    let_others_run();
    EXPECT(t->done && t->result == 40);
    thread_destroy(t);
    harness_del(fep);
    case_end();
}

static void no_handler_case(void)
{
    if (!case_begin("FAULT0006 no handler: the thread stops, the system runs on"))
        return;
    /* Nothing is mapped at FAULT_VA (FAULT0001 deletes what it maps). */
    struct thread *t = thread_create(vm_faulter, 0, 200, 0);
    thread_start(t);
    let_others_run();
    EXPECT(!t->done);
    struct thread *u = thread_create(vm_faulter, 0, 200, CND_CAP_DOMAIN);   /* not an endpoint */
    thread_start(u);
    let_others_run();
    EXPECT(!u->done);
    thread_destroy(t);
    thread_destroy(u);
    case_end();
}

void test_faults(void)
{
    vm_fault_case();
    unknown_syscall_case();
    user_exception_case();
    cap_fault_case();
    fpu_case();
    no_handler_case();
}
