/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The capability derivation tree (see cte.h): insertion, moves, removal and
 * the parent test that gives the list its tree shape. Pure pointer work, no
 * hardware: unit-tested on the host against a reference model.
 */
#include <abi/constants.h>
#include <kernel/cte.h>

/* Whether the cap names a region of physical memory (an object). */
static bool cap_is_physical(struct cap c)
{
    switch (cap_type(c)) {
    case CAP_UNTYPED:
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
    case CAP_CNODE:
    case CAP_THREAD:
    case CAP_ZOMBIE:
    case CAP_FRAME:
    case CAP_PAGE_TABLE:
    case CAP_ASID_POOL:
        return true;
    default:
        return false;
    }
}

uint64_t cap_object_size_bits(struct cap c)
{
    switch (cap_type(c)) {
    case CAP_UNTYPED: return cap_untyped_size_bits(c);
    case CAP_ENDPOINT: return CND_ENDPOINT_BITS;
    case CAP_NOTIFICATION: return CND_NOTIFICATION_BITS;
    case CAP_CNODE: return cap_cnode_radix(c) + CND_SLOT_BITS;
    case CAP_THREAD: return CND_TCB_BITS;
    case CAP_ZOMBIE:
        return cap_zombie_kind(c) == ZOMBIE_TCB ? CND_TCB_BITS : cap_zombie_kind(c) + CND_SLOT_BITS;
    case CAP_FRAME:
        return cap_frame_size(c) == FRAME_4K ? CND_PAGE_BITS
             : cap_frame_size(c) == FRAME_2M ? CND_LARGE_PAGE_BITS : CND_HUGE_PAGE_BITS;
    /* A page table and an ASID pool are both one 4 KiB page. */
    _Static_assert(CND_PAGE_TABLE_BITS == CND_ASID_POOL_BITS, "one size for both");
    case CAP_PAGE_TABLE:
    case CAP_ASID_POOL:
        return CND_PAGE_TABLE_BITS;
    default: return 0;
    }
}

bool cap_same_region(struct cap a, struct cap b)
{
    switch (cap_type(a)) {
    case CAP_UNTYPED: {
        if (!cap_is_physical(b))
            return false;
        uint64_t a_base = cap_object(a), b_base = cap_object(b);
        uint64_t a_last = a_base + ((1ULL << cap_untyped_size_bits(a)) - 1);
        uint64_t b_last = b_base + ((1ULL << cap_object_size_bits(b)) - 1);
        return a_base <= b_base && b_last <= a_last && b_base <= b_last;
    }
    case CAP_FRAME: {
        if (cap_type(b) != CAP_FRAME)
            return false;
        uint64_t a_base = cap_object(a), b_base = cap_object(b);
        uint64_t a_last = a_base + ((1ULL << cap_object_size_bits(a)) - 1);
        uint64_t b_last = b_base + ((1ULL << cap_object_size_bits(b)) - 1);
        return a_base <= b_base && a_last >= b_last && b_base <= b_last;
    }
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
    case CAP_THREAD:
    case CAP_PAGE_TABLE:
    case CAP_ASID_POOL:
        return cap_type(b) == cap_type(a) && cap_object(a) == cap_object(b);
    case CAP_REPLY:
        return cap_type(b) == CAP_REPLY && cap_object(a) == cap_object(b);
    case CAP_CNODE:
        return cap_type(b) == CAP_CNODE && cap_object(a) == cap_object(b) &&
               cap_cnode_radix(a) == cap_cnode_radix(b);
    case CAP_IRQ_CONTROL:
        /* IRQ handler caps are issued by, and are children of, IRQ control. */
        return cap_type(b) == CAP_IRQ_CONTROL || cap_type(b) == CAP_IRQ_HANDLER;
    case CAP_IRQ_HANDLER:
        return cap_type(b) == CAP_IRQ_HANDLER && cap_irq(a) == cap_irq(b);
    case CAP_DOMAIN:
    case CAP_ASID_CONTROL:
    case CAP_SYSTEM_CONTROL:
        return cap_type(b) == cap_type(a);
    default:
        return false;
    }
}

/* The object a CNode, TCB or zombie cap names, as (address, kind): a
 * zombie is the same object as the CNode or TCB it is destroying. */
static bool container_of(struct cap c, uint64_t *obj, unsigned *kind)
{
    switch (cap_type(c)) {
    case CAP_CNODE:
        *obj = cap_object(c);
        *kind = cap_cnode_radix(c);
        return true;
    case CAP_THREAD:
        *obj = cap_object(c);
        *kind = ZOMBIE_TCB;
        return true;
    case CAP_ZOMBIE:
        *obj = cap_object(c);
        *kind = cap_zombie_kind(c);
        return true;
    default:
        return false;
    }
}

bool cap_same_object(struct cap a, struct cap b)
{
    if (cap_type(a) == CAP_UNTYPED)
        return false;
    if (cap_type(a) == CAP_ZOMBIE || cap_type(b) == CAP_ZOMBIE) {
        /* Caps to an object being destroyed still count as caps to it, so
         * no other cap to it is "final" and becomes a second zombie: that is
         * what keeps rings of CNodes from making deletion go round. */
        uint64_t oa, ob;
        unsigned ka, kb;
        return container_of(a, &oa, &ka) && container_of(b, &ob, &kb) && oa == ob && ka == kb;
    }
    if (cap_type(a) == CAP_IRQ_CONTROL && cap_type(b) == CAP_IRQ_HANDLER)
        return false;
    if (cap_type(a) == CAP_FRAME && cap_type(b) == CAP_FRAME)
        return cap_object(a) == cap_object(b) && cap_frame_size(a) == cap_frame_size(b) &&
               cap_frame_is_device(a) == cap_frame_is_device(b);
    return cap_same_region(a, b);
}

bool cdt_is_parent_of(const struct cte *parent, const struct cte *child)
{
    if (!cte_revocable(parent))
        return false;
    if (!cap_same_region(parent->cap, child->cap))
        return false;
    switch (cap_type(parent->cap)) {
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION: {
        /* An unbadged cap is the parent of every cap to its object; a badged
         * one only of later caps with its badge that do not start a new
         * badged subtree of their own. */
        uint64_t badge = cap_badge(parent->cap);
        if (badge == 0)
            return true;
        return badge == cap_badge(child->cap) && !cte_first_badged(child);
    }
    default:
        return true;
    }
}

bool cdt_has_children(const struct cte *s)
{
    const struct cte *n = cte_next(s);
    return n && cdt_is_parent_of(s, n);
}

/* Whether a cap derived from `src` may be revoked to take its own children
 * (it starts a subtree of its own). */
static bool cap_is_revocable(struct cap derived, struct cap src)
{
    switch (cap_type(derived)) {
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
        return cap_badge(derived) != cap_badge(src);
    case CAP_IRQ_HANDLER:
        return cap_type(src) == CAP_IRQ_CONTROL;
    case CAP_UNTYPED:
        return true;
    default:
        return false;
    }
}

void cdt_insert_derived(struct cap cap, struct cte *src, struct cte *dest)
{
    bool revocable = cap_is_revocable(cap, src->cap);
    /* A copied untyped takes over allocation: the source is marked full so
     * the two can never hand out the same memory. */
    if (cap_type(src->cap) == CAP_UNTYPED && cap_type(cap) == CAP_UNTYPED)
        src->cap = cap_untyped_set_free_index(src->cap, 1ULL << cap_untyped_size_bits(src->cap));
    dest->cap = cap;
    dest->prev = 0;
    cte_set_flags(dest, revocable, revocable);
    cte_link_after(src, dest);
}

void cdt_insert_new(struct cap cap, struct cte *parent, struct cte *dest)
{
    dest->cap = cap;
    dest->prev = 0;
    cte_set_flags(dest, true, true);
    cte_link_after(parent, dest);
}

void cdt_insert_root(struct cap cap, struct cte *dest)
{
    dest->cap = cap;
    dest->prev = 0;
    dest->next = 0;
    cte_set_flags(dest, true, true);
}

void cdt_move(struct cap cap, struct cte *src, struct cte *dest)
{
    dest->cap = cap;
    dest->prev = src->prev;
    dest->next = src->next;
    struct cte *p = cte_prev(src), *n = cte_next(src);
    if (p)
        cte_set_next(p, dest);
    if (n)
        cte_set_prev(n, dest);
    src->cap = cap_null();
    src->prev = 0;
    src->next = 0;
}

void cdt_swap(struct cap cap1, struct cte *s1, struct cap cap2, struct cte *s2)
{
    /* cap1 (from s1) goes to s2 with s1's tree position, and vice versa. */
    struct cte t1 = *s1, t2 = *s2;
    s2->cap = cap1;
    s2->prev = t1.prev;
    s2->next = t1.next;
    s1->cap = cap2;
    s1->prev = t2.prev;
    s1->next = t2.next;
    /* Point the outer neighbours at the slots the caps now occupy. Links
     * between the two slots themselves became self-references; fix those. */
    struct cte *slots[2] = { s1, s2 };
    for (int i = 0; i < 2; i++) {
        struct cte *s = slots[i], *p = cte_prev(s), *n = cte_next(s);
        if (p && p != s1 && p != s2)
            cte_set_next(p, s);
        if (n && n != s1 && n != s2)
            cte_set_prev(n, s);
    }
    if (cte_next(s1) == s1)
        cte_set_next(s1, s2);
    if (cte_prev(s1) == s1)
        cte_set_prev(s1, s2);
    if (cte_next(s2) == s2)
        cte_set_next(s2, s1);
    if (cte_prev(s2) == s2)
        cte_set_prev(s2, s1);
}

void cdt_remove(struct cte *s)
{
    cte_unlink(s);
}

bool cdt_is_final(const struct cte *s)
{
    const struct cte *p = cte_prev(s), *n = cte_next(s);
    if (p && cap_same_object(p->cap, s->cap))
        return false;
    if (n && cap_same_object(n->cap, s->cap))
        return false;
    return true;
}
