/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Deleting and revoking caps, and destroying objects when their last cap
 * goes. Destroying a CNode or a TCB means emptying its slots, which may hold
 * the last caps to further CNodes, and so on: the cap being deleted becomes
 * a zombie (object + slots still to empty), and the work proceeds one slot
 * at a time, always at the deepest pending zombie, found again from the top
 * after each step. So the kernel stack never grows with the nesting, every
 * step is bounded, and a preemption between steps loses nothing.
 */
#include <arch/fpu.h>
#include <arch/vspace.h>
#include <kernel/cnode.h>
#include <kernel/invariants.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/irq.h>
#include <kernel/sched.h>
#include <kernel/objects.h>
#include <kernel/tcb.h>

/* The slots a zombie still has to empty. */
static struct cte *zombie_slots(struct cap z)
{
    void *obj = paddr_to_kptr(cap_object(z));
    if (cap_zombie_kind(z) == ZOMBIE_TCB)
        return ((struct tcb *)obj)->slots;
    return obj;
}

/* Side effects of removing `c` from its slot; `final` = no other cap to the
 * object remains. Bounded work; never fails. */
static void finalise_cap(struct cap c, bool final)
{
    switch (cap_type(c)) {
    case CAP_FRAME:
        /* Each frame cap maps at most one place: undo it. */
        if (cap_frame_is_mapped(c))
            vspace_unmap_frame(cap_mapped_asid(c), cap_mapped_vaddr(c), cap_object(c),
                               (unsigned)cap_object_size_bits(c));
        break;
    case CAP_PAGE_TABLE:
        if (final && cap_page_table_is_mapped(c)) {
            uint16_t asid = cap_mapped_asid(c);
            if (vspace_for_asid(asid) == cap_object(c))
                vspace_delete_asid(asid, cap_object(c));
            else
                vspace_unmap_page_table(asid, cap_mapped_vaddr(c), cap_object(c));
        }
        break;
    case CAP_ASID_POOL:
        if (final)
            vspace_delete_asid_pool(cap_asid_pool_index(c), paddr_to_kptr(cap_object(c)));
        break;
    case CAP_ENDPOINT:
        if (final)
            endpoint_cancel_all(paddr_to_kptr(cap_object(c)));
        break;
    case CAP_NOTIFICATION:
        if (final)
            notification_destroy(paddr_to_kptr(cap_object(c)));
        break;
    case CAP_IRQ_HANDLER:
        if (final)
            irq_handler_destroy(cap_irq(c));
        break;
    default:
        /* Reply caps need nothing (the caller stays blocked until restarted,
         * as in seL4); untyped, CNode and control caps need none either. */
        break;
    }
}

void cte_delete_one(struct cte *slot)
{
    if (cap_is_null(slot->cap))
        return;
    finalise_cap(slot->cap, cdt_is_final(slot));
    cdt_remove(slot);
}

/* Whether removing the cap in `s` must first empty an object's slots. */
static bool needs_zombie(const struct cte *s)
{
    enum cap_type t = cap_type(s->cap);
    return (t == CAP_CNODE || t == CAP_THREAD) && cdt_is_final(s);
}

static struct cap make_zombie(struct cap c)
{
    if (cap_type(c) == CAP_THREAD) {
        struct tcb *t = paddr_to_kptr(cap_object(c));
        if (t->bound_notification)
            notification_unbind(t);
        thread_suspend(t, 0);
        arch_fpu_thread_destroyed(t);
        if (current_thread == t)
            sched_forget_current();
        return cap_zombie(cap_object(c), ZOMBIE_TCB, TCB_N_SLOTS);
    }
    return cap_zombie(cap_object(c), cap_cnode_radix(c), 1ULL << cap_cnode_radix(c));
}

/* Zombies a walk passes through, to recognise a cap to an object that an
 * outer zombie is already destroying (a CNode holding a cap to itself, or
 * rings of CNodes): such a cap is simply removed, never turned into a second
 * zombie of the same object, so the walk cannot go round in a circle. */
#define WALK_MAX 256

static bool on_path(const uint64_t *path, unsigned n, struct cap c)
{
    enum cap_type t = cap_type(c);
    if (t != CAP_ZOMBIE && t != CAP_CNODE && t != CAP_THREAD)
        return false;
    for (unsigned i = 0; i < n; i++)
        if (path[i] == cap_object(c))
            return true;
    return false;
}

/*
 * Does one bounded step of deleting the cap in `top`: removes one cap
 * somewhere under it (or the cap itself), or shrinks a zombie past an empty
 * slot. Returns true when `top` is empty.
 */
static bool delete_step(struct cte *top)
{
    uint64_t path[WALK_MAX];
    unsigned depth = 0;
    struct cte *s = top;
    for (;;) {
        struct cap c = s->cap;
        if (cap_is_null(c))
            return s == top;
        if (cap_type(c) != CAP_ZOMBIE) {
            if (needs_zombie(s)) {
                s->cap = make_zombie(c);
                continue;
            }
            finalise_cap(c, cdt_is_final(s));
            cdt_remove(s);
            return s == top;
        }
        uint64_t remaining = cap_zombie_remaining(c);
        if (remaining == 0) {
            /* Every slot of the object is empty: the object is gone. */
            if (cap_zombie_kind(c) == ZOMBIE_TCB)
                thread_registry_remove(paddr_to_kptr(cap_object(c)));
            cdt_remove(s);
            return s == top;
        }
        struct cte *last = &zombie_slots(c)[remaining - 1];
        if (cap_is_null(last->cap) || last == s) {
            /* Empty, or the zombie itself (it lives in the object it
             * destroys): move on; it goes when the count reaches 0. */
            s->cap = cap_zombie(cap_object(c), cap_zombie_kind(c), remaining - 1);
            return false;
        }
        if (depth < WALK_MAX)
            path[depth++] = cap_object(c);
        if (on_path(path, depth, last->cap)) {
            /* A cap to an object already being destroyed further out. */
            cdt_remove(last);
            return false;
        }
        s = last;
    }
}

bool cte_delete(struct cte *slot)
{
    while (!delete_step(slot))
        if (preemption_point())
            return false;
    return true;
}

bool cte_revoke(struct cte *slot)
{
    /* Children follow their parent in the list: delete the next one until
     * the next one is no child. */
    while (cdt_has_children(slot)) {
        if (!cte_delete(cte_next(slot)))
            return false;
        if (preemption_point())
            return false;
    }
    return true;
}
