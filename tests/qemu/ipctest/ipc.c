/* SPDX-License-Identifier: BSD-2-Clause */
/* IPC cases: ping-pong, lengths, badges, non-blocking calls, FIFO order,
 * capability transfer, cross-address-space calls. */
#include "../captest/harness.h"
#include "ipctest.h"
#include "threads.h"

void ipctest_echo_entry(struct thread *self);

/* Replies to every message with label + 1 and every word + 1; label 100
 * asks for the badge in MR0 instead. */
void ipctest_echo_entry(struct thread *self)
{
    cnd_cptr_t ep = self->arg;
    cnd_badge_t badge;
    cnd_word_t m[4];
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    cnd_msginfo_t info = cnd_recv_with_mrs(ep, &badge, &m[0], &m[1], &m[2], &m[3]);
    for (;;) {
        cnd_word_t label = cnd_msginfo_get_label(info), len = cnd_msginfo_get_length(info);
        for (unsigned i = 0; i < 4; i++)
            m[i] += 1;
        for (unsigned i = 4; i < len; i++)
            ipc->msg[i] += 1;
        if (label == 100)
            m[0] = badge;
        cnd_msginfo_t reply = cnd_msginfo_new(label + 1, 0, 0, len);
        info = cnd_reply_recv_with_mrs(ep, reply, &badge, &m[0], &m[1], &m[2], &m[3]);
    }
}

static cnd_msginfo_t call_words(cnd_cptr_t ep, cnd_word_t label, unsigned len, cnd_word_t m[4])
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    for (unsigned i = 4; i < len && i < CND_MSG_MAX_LENGTH; i++)
        ipc->msg[i] = 1000 + i;
    for (unsigned i = 0; i < 4; i++)
        m[i] = 1000 + i;
    return cnd_call_with_mrs(ep, cnd_msginfo_new(label, 0, 0, len), &m[0], &m[1], &m[2], &m[3]);
}

static void check_echo(cnd_msginfo_t r, cnd_word_t label, unsigned len, cnd_word_t m[4])
{
    unsigned expect_len = len > CND_MSG_MAX_LENGTH ? CND_MSG_MAX_LENGTH : len;
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    EXPECT(cnd_msginfo_get_label(r) == label + 1);
    EXPECT(cnd_msginfo_get_length(r) == expect_len);
    for (unsigned i = 0; i < 4 && i < expect_len; i++)
        EXPECT(m[i] == 1001 + i);
    for (unsigned i = 4; i < expect_len; i++)
        EXPECT(ipc->msg[i] == 1001 + i);
}

/*
 * Every case makes its own objects and threads and deletes them at its end
 * (once one echo server and its endpoint served IPC0001..0006, and the
 * cases ran only as one chain), so each runs alone and the leak check
 * proves the kernel reclaims them. The echo server is not kept as a shared
 * long-lived server: it costs one TCB, one IPC frame and one endpoint, and
 * a server of its own means a case never starts from the state an earlier
 * case left it in (its reply cap, the senders queued on its endpoint), while
 * its deletion, blocked in ReplyRecv, is leak-checked too.
 */
static struct thread *echo_start(cnd_cptr_t *ep)
{
    *ep = make_object(CND_OBJ_ENDPOINT, 0);
    struct thread *server = thread_create(ipctest_echo_entry, *ep, 200, 0);
    thread_start(server);   /* lower than us: runs when we first call */
    return server;
}

static void echo_stop(struct thread *server, cnd_cptr_t ep)
{
    thread_destroy(server);   /* blocked in its ReplyRecv on ep */
    harness_del(ep);
}

static void ping_pong_case(void)
{
    if (!case_begin("IPC0001 call/reply-recv ping-pong, lengths 0 4 5 120 >120"))
        return;
    cnd_cptr_t ep;
    struct thread *server = echo_start(&ep);
    cnd_word_t m[4];
    static const unsigned lengths[] = { 0, 1, 4, 5, 10, 120, 127 };
    for (unsigned i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        cnd_msginfo_t r = call_words(ep, 7 + i, lengths[i], m);
        check_echo(r, 7 + i, lengths[i], m);
    }
    /* Many round trips keep working. */
    unsigned ok = 0;
    for (unsigned i = 0; i < 1000; i++)
        ok += cnd_msginfo_get_label(call_words(ep, 3, 2, m)) == 4;
    EXPECT(ok == 1000);
    echo_stop(server, ep);
    case_end();
}

static void badge_case(void)
{
    if (!case_begin("IPC0002 badges"))
        return;
    cnd_cptr_t ep;
    struct thread *server = echo_start(&ep);
    cnd_word_t m[4];
    cnd_cptr_t b1 = alloc_slot(), b2 = alloc_slot();
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, b1, DEPTH, ep, DEPTH, CND_ALL_RIGHTS, 0x11), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, b2, DEPTH, ep, DEPTH, CND_ALL_RIGHTS, 0xabcdef), CND_NO_ERROR);
    call_words(b1, 100, 1, m);
    EXPECT(m[0] == 0x11);
    call_words(b2, 100, 1, m);
    EXPECT(m[0] == 0xabcdef);
    call_words(ep, 100, 1, m);
    EXPECT(m[0] == 0);
    harness_del(b1);
    harness_del(b2);
    echo_stop(server, ep);
    case_end();
}

static void nonblocking_case(void)
{
    if (!case_begin("IPC0003 non-blocking send and receive with nobody there"))
        return;
    cnd_cptr_t lonely = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_nbsend_with_mrs(lonely, cnd_msginfo_new(5, 0, 0, 1), 42, 0, 0, 0);
    cnd_badge_t badge = 77;
    cnd_nbrecv(lonely, &badge);
    EXPECT(badge == 0);   /* the message was dropped, not queued */
    harness_del(lonely);
    case_end();
}

static void fifo_case(void)
{
    if (!case_begin("IPC0004 FIFO order of blocked senders"))
        return;
    cnd_badge_t badge;
    cnd_cptr_t q = make_object(CND_OBJ_ENDPOINT, 0);
    struct thread *senders[3];
    /* One at a time, each run until it blocks on q before the next starts:
     * started together, a timer tick in the first sender's few instructions
     * (QEMU's clock follows the host's, which a loaded host stalls) would let
     * the second queue first, and the test would measure the host. */
    for (unsigned i = 0; i < 3; i++) {
        senders[i] = thread_create(fifo_sender, q, 150, 0);
        senders[i]->result = 10 + i;
        thread_start(senders[i]);
        let_others_run();
    }
    for (unsigned i = 0; i < 3; i++) {
        cnd_msginfo_t r = cnd_recv(q, &badge);
        EXPECT(cnd_msginfo_get_label(r) == 10 + i);
    }
    for (unsigned i = 0; i < 3; i++)
        thread_destroy(senders[i]);
    harness_del(q);
    case_end();
}

static void cap_transfer_case(void)
{
    if (!case_begin("IPC0005 capability transfer, grant, unwrapping, receive slot"))
        return;
    test_cap_transfer();
    case_end();
}

static void cross_vspace_case(void)
{
    if (!case_begin("IPC0006 call into another address space"))
        return;
    test_cross_vspace();
    case_end();
}

void test_ipc(void)
{
    ping_pong_case();
    badge_case();
    nonblocking_case();
    fifo_case();
    cap_transfer_case();
    cross_vspace_case();
}
