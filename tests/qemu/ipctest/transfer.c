/* SPDX-License-Identifier: BSD-2-Clause */
/* Cap transfer through IPC, and IPC between address spaces. */
#include "../captest/harness.h"
#include "ipctest.h"

void fifo_sender(struct thread *self)
{
    cnd_send_with_mrs(self->arg, cnd_msginfo_new(self->result, 0, 0, 0), 0, 0, 0, 0);
}

static cnd_cptr_t recv_slot;

/* Receives with a receive slot; replies with what arrived:
 * MR0 extraCaps, MR1 capsUnwrapped, MR2 caps_or_badges[0], MR3 the tag of
 * the cap now in the receive slot. Label 2: keep the received cap; label
 * 3: use receive depth 0 next time. */
static void cap_server(struct thread *self)
{
    cnd_cptr_t ep = self->arg;
    cnd_badge_t badge;
    cnd_word_t depth = DEPTH;
    for (;;) {
        cnd_set_receive_path(ROOT, recv_slot, depth);
        cnd_msginfo_t info = cnd_recv(ep, &badge);
        cnd_word_t m0 = cnd_msginfo_get_extra_caps(info), m1 = cnd_msginfo_get_caps_unwrapped(info);
        cnd_word_t m2 = cnd_get_badge(0), m3 = cnd_debug_cap_identify(recv_slot);
        cnd_word_t label = cnd_msginfo_get_label(info);
        if (label != 2)
            cnd_cnode_delete(ROOT, recv_slot, DEPTH);
        depth = label == 3 ? 0 : DEPTH;
        cnd_word_t a = m0, b = m1, c = m2, d = m3;
        /* The reply goes through the caller slot, saved from nothing. */
        cnd_reply_with_mrs(cnd_msginfo_new(0, 0, 0, 4), a, b, c, d);
    }
}

static void send_cap(cnd_cptr_t ep, cnd_word_t label, cnd_cptr_t cap, cnd_word_t m[4])
{
    cnd_set_cap(0, cap);
    cnd_msginfo_t info = cnd_call_with_mrs(ep, cnd_msginfo_new(label, 0, 1, 0), &m[0], &m[1],
                                           &m[2], &m[3]);
    (void)info;
}

void test_cap_transfer(void)
{
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_cptr_t ntfn = make_object(CND_OBJ_NOTIFICATION, 0);
    cnd_cptr_t no_grant = alloc_slot(), badged = alloc_slot();
    recv_slot = alloc_slot();
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, no_grant, DEPTH, ep, DEPTH,
                              CND_CAN_READ | CND_CAN_WRITE | CND_CAN_GRANT_REPLY, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, badged, DEPTH, ep, DEPTH, CND_ALL_RIGHTS, 0x99), CND_NO_ERROR);
    struct thread *server = thread_create(cap_server, ep, 200, 0);
    thread_start(server);
    cnd_word_t m[4];

    /* With Grant: the cap arrives in the receive slot. */
    send_cap(ep, 1, ntfn, m);
    EXPECT(m[0] == 1 && m[1] == 0 && m[3] == CND_CAP_TAG_NOTIFICATION);
    /* Without Grant: nothing is transferred, the message still is. */
    send_cap(no_grant, 1, ntfn, m);
    EXPECT(m[0] == 0 && m[3] == CND_CAP_TAG_NULL);
    /* A cap to the endpoint in use travels as its badge. */
    send_cap(ep, 1, badged, m);
    EXPECT(m[0] == 1 && m[1] == 1 && m[2] == 0x99 && m[3] == CND_CAP_TAG_NULL);
    /* Keep the received cap: the next transfer finds the slot occupied. */
    send_cap(ep, 2, ntfn, m);
    EXPECT(m[0] == 1 && m[3] == CND_CAP_TAG_NOTIFICATION);
    send_cap(ep, 3, ntfn, m);
    EXPECT(m[0] == 0);
    /* Receive depth 0 is no valid receive slot. */
    send_cap(ep, 1, ntfn, m);
    EXPECT(m[0] == 0);
    /* The server deleted what it received (label 3 emptied the slot). */
    EXPECT(cnd_debug_cap_identify(recv_slot) == CND_CAP_TAG_NULL);
    thread_destroy(server);   /* blocked in its receive on ep */
    harness_del(badged);
    harness_del(no_grant);
    harness_del(ep);
    harness_del(ntfn);
}

/* A second address space: the root task's image frames mapped again (so
 * the same code runs there), its own page tables, ASID and IPC buffer. */
void test_cross_vspace(void)
{
    cnd_cptr_t root = make_object(CND_OBJ_PAGE_TABLE, 0);
    EXPECT_ERR(cnd_asid_pool_assign(CND_CAP_INIT_THREAD_ASID_POOL, root), CND_NO_ERROR);
    extern char __image_start[];
    cnd_word_t base = (cnd_word_t)__image_start;
    cnd_cptr_t pt1 = make_object(CND_OBJ_PAGE_TABLE, 0), pt0 = make_object(CND_OBJ_PAGE_TABLE, 0);
    EXPECT_ERR(cnd_page_table_map(pt1, root, base, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_page_table_map(pt0, root, base, 0), CND_NO_ERROR);
    unsigned mapped = 0, frames = (unsigned)(bi->user_image_frames.end - bi->user_image_frames.start);
    /* The copies of the image frame caps: one run of window slots. */
    cnd_cptr_t copies = harness_slots(frames);
    for (unsigned i = 0; i < frames; i++) {
        cnd_cptr_t copy = copies + i;
        cnd_cnode_copy(ROOT, ROOT, copy, DEPTH, bi->user_image_frames.start + i, DEPTH, CND_ALL_RIGHTS);
        mapped += cnd_page_map(copy, root, base + i * 0x1000ULL, CND_ALL_RIGHTS, 0).error == CND_NO_ERROR;
    }
    EXPECT(mapped == frames);
    /* Its IPC buffer, in that space only. */
    cnd_word_t ipc_va = 0x2000000000ULL;
    cnd_cptr_t ipc = make_object(CND_OBJ_4K_PAGE, 0);
    cnd_cptr_t ipt1 = make_object(CND_OBJ_PAGE_TABLE, 0), ipt0 = make_object(CND_OBJ_PAGE_TABLE, 0);
    EXPECT_ERR(cnd_page_table_map(ipt1, root, ipc_va, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_page_table_map(ipt0, root, ipc_va, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_page_map(ipc, root, ipc_va, CND_ALL_RIGHTS, 0), CND_NO_ERROR);

    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
    struct thread *server = thread_create(0, ep, 200, 0);
    EXPECT_ERR(cnd_tcb_configure(server->tcb, ROOT, root, ipc, 0, 0, 0, ipc_va), CND_NO_ERROR);
    server->ipc_va = ipc_va;
    extern void ipctest_echo_entry(struct thread *);
    server->fn = ipctest_echo_entry;
    thread_start(server);
    cnd_word_t m[4] = { 1, 2, 3, 4 };
    unsigned ok = 0;
    for (unsigned i = 0; i < 100; i++) {
        m[0] = i;
        cnd_msginfo_t r = cnd_call_with_mrs(ep, cnd_msginfo_new(9, 0, 0, 1), &m[0], &m[1], &m[2], &m[3]);
        ok += cnd_msginfo_get_label(r) == 10 && m[0] == i + 1;
    }
    EXPECT(ok == 100);
    /* Everything goes: the server (thread_destroy deletes the IPC frame
     * thread_create mapped in our space; its own one is `ipc`), the frame
     * copies (deleting them unmaps them), the tables, and last the root
     * table, whose deletion gives its ASID back. */
    thread_destroy(server);
    harness_del(ep);
    for (unsigned i = 0; i < frames; i++)
        harness_del(copies + i);
    harness_del(ipc);
    harness_del(ipt0);
    harness_del(ipt1);
    harness_del(pt0);
    harness_del(pt1);
    harness_del(root);
}
