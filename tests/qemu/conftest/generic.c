/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Table-driven cases over every method of abi/conductor.api (through the
 * generated method table, so a new method is covered without a new case):
 * the generic errors, and TruncatedMessage for every method that documents it.
 */
#include "conftest.h"

/* A raw Call with `len` zero words and no caps: what a wrapper cannot send. */
static struct cnd_result raw(cnd_cptr_t c, cnd_word_t label, cnd_word_t len)
{
    cnd_word_t m[4] = { 0, 0, 0, 0 };
    cnd_msginfo_t info = cnd_call_with_mrs(c, cnd_msginfo_new(label, 0, 0, len), &m[0], &m[1],
                                           &m[2], &m[3]);
    return cnd_result_from_reply(info, m[0], m[1], m[2], m[3]);
}

static void empty_slot_case(void)
{
    if (case_begin("GEN0001 every method on an empty slot: InvalidCapability, MR0 = 0")) {
        for (unsigned i = 0; i < CND_NUM_METHODS; i++) {
            const struct cnd_method_info *m = &cnd_method_table()[i];
            struct cnd_result r = raw(empty_slot(), m->label, m->msg_length);
            EXPECT_ERR(r, CND_INVALID_CAPABILITY);
            EXPECT_DETAIL(r, 0, 0);
        }
        case_end();
    }
}

static void wrong_type_case(void)
{
    if (case_begin("GEN0002 every method on a cap of another kernel type: IllegalOperation")) {
        for (unsigned i = 0; i < CND_NUM_METHODS; i++) {
            const struct cnd_method_info *m = &cnd_method_table()[i];
            /* The untyped's decoder knows one label; the CNode's none of
             * the untyped's. Neither call changes anything. */
            cnd_cptr_t other = m->cap_tag == CND_CAP_TAG_UNTYPED ? ROOT : scratch;
            EXPECT(cnd_debug_cap_identify(other) != m->cap_tag);
            EXPECT_ERR(raw(other, m->label, m->msg_length), CND_ILLEGAL_OPERATION);
        }
        case_end();
    }
}

/* One cap of each invocable type, for the truncation case. */
struct typed_caps {
    cnd_cptr_t tcb, cnode, pt, frame, handler;
};

static cnd_cptr_t cap_of(const struct typed_caps *t, unsigned tag)
{
    switch (tag) {
    case CND_CAP_TAG_UNTYPED: return scratch;
    case CND_CAP_TAG_THREAD: return t->tcb;
    case CND_CAP_TAG_CNODE: return t->cnode;
    case CND_CAP_TAG_PAGE_TABLE: return t->pt;
    case CND_CAP_TAG_FRAME: return t->frame;
    case CND_CAP_TAG_IRQ_CONTROL: return CND_CAP_IRQ_CONTROL;
    case CND_CAP_TAG_IRQ_HANDLER: return t->handler;
    case CND_CAP_TAG_DOMAIN: return CND_CAP_DOMAIN;
    case CND_CAP_TAG_ASID_CONTROL: return CND_CAP_ASID_CONTROL;
    case CND_CAP_TAG_ASID_POOL: return CND_CAP_INIT_THREAD_ASID_POOL;
    case CND_CAP_TAG_SYSTEM_CONTROL: return CND_CAP_SYSTEM_CONTROL;
    default: return 0;
    }
}

static void truncated_case(void)
{
    if (case_begin("GEN0003 every method documenting TruncatedMessage: no words, no caps")) {
        struct typed_caps t;
        t.tcb = make(CND_OBJ_TCB, 0);
        t.cnode = make(CND_OBJ_CAP_TABLE, 4);
        t.pt = make(CND_OBJ_PAGE_TABLE, 0);
        t.frame = make(CND_OBJ_4K_PAGE, 0);
        t.handler = slot_take();
        EXPECT_ERR(cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, CONF_IRQ, t.handler, DEPTH),
                   CND_NO_ERROR);
        unsigned n = 0;
        for (unsigned i = 0; i < CND_NUM_METHODS; i++) {
            const struct cnd_method_info *m = &cnd_method_table()[i];
            if (!(m->errors & CND_ERROR_BIT(CND_TRUNCATED_MESSAGE)))
                continue;
            cnd_cptr_t c = cap_of(&t, m->cap_tag);
            EXPECT(c != 0 && cnd_debug_cap_identify(c) == m->cap_tag);
            EXPECT(m->min_length > 0 || m->extra_caps > 0);
            EXPECT_ERR(raw(c, m->label, 0), CND_TRUNCATED_MESSAGE);
            n++;
        }
        EXPECT(n > 20);
        slot_give(t.handler);
        slot_give(t.frame);
        slot_give(t.pt);
        slot_give(t.cnode);
        slot_give(t.tcb);
        case_end();
    }
}

void test_generic(void)
{
    empty_slot_case();
    wrong_type_case();
    truncated_case();
}
