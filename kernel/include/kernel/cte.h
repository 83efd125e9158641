/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capability slots and the capability derivation tree (CDT).
 *
 * A slot is 32 bytes: the cap and two link words. As in seL4, the tree lives
 * in the slots themselves with no other memory: every slot holding a cap is on
 * one doubly linked list in depth-first order, so a node's descendants are
 * exactly the nodes that follow it while cdt_is_parent_of() holds. Flags ride
 * in the low bits of the links (slots are 32-byte aligned):
 *   revocable    - Revoke of this cap deletes the caps that follow it as
 *                  children (set for untyped-created caps, newly badged
 *                  endpoint/notification caps, IRQ handler caps);
 *   first_badged - this badged cap was the first with its badge, so it starts
 *                  a new subtree rather than continuing its sibling's.
 */
#ifndef KERNEL_CTE_H
#define KERNEL_CTE_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel/cap.h>

struct cte {
    struct cap cap;
    uint64_t prev;   /* struct cte * | first_badged (bit 1) | revocable (bit 0) */
    uint64_t next;   /* struct cte * */
};

_Static_assert(sizeof(struct cte) == 32, "a slot is 2^5 bytes, as in seL4");

#define CTE_REVOCABLE 1ULL
#define CTE_FIRST_BADGED 2ULL
#define CTE_FLAGS 3ULL

static inline struct cte *cte_prev(const struct cte *s) { return (struct cte *)(uintptr_t)(s->prev & ~CTE_FLAGS); }
static inline struct cte *cte_next(const struct cte *s) { return (struct cte *)(uintptr_t)s->next; }
static inline bool cte_revocable(const struct cte *s) { return s->prev & CTE_REVOCABLE; }
static inline bool cte_first_badged(const struct cte *s) { return s->prev & CTE_FIRST_BADGED; }

static inline void cte_set_prev(struct cte *s, struct cte *p)
{
    s->prev = (uint64_t)(uintptr_t)p | (s->prev & CTE_FLAGS);
}
static inline void cte_set_next(struct cte *s, struct cte *n) { s->next = (uint64_t)(uintptr_t)n; }
static inline void cte_set_flags(struct cte *s, bool revocable, bool first_badged)
{
    s->prev = (s->prev & ~CTE_FLAGS) | (revocable ? CTE_REVOCABLE : 0) |
              (first_badged ? CTE_FIRST_BADGED : 0);
}

/* Links slot `s` into the list right after `pos` (s's flags are kept).
 * (The IPC fastpath links reply caps itself, in fewer steps, from what it
 * knows of their place: see fastpath.c; keep the two in agreement.) */
static inline __attribute__((always_inline)) void cte_link_after(struct cte *pos, struct cte *s)
{
    struct cte *n = cte_next(pos);
    cte_set_prev(s, pos);
    cte_set_next(s, n);
    if (n)
        cte_set_prev(n, s);
    cte_set_next(pos, s);
}

/* cdt_remove's work: unlinks `s` and leaves it empty; a following cap that
 * was not first_badged inherits the flag. (The IPC fastpath unlinks reply
 * caps itself, as for cte_link_after.) */
static inline __attribute__((always_inline)) void cte_unlink(struct cte *s)
{
    struct cte *p = cte_prev(s), *n = cte_next(s);
    if (p)
        cte_set_next(p, n);
    if (n) {
        cte_set_prev(n, p);
        if (cte_first_badged(s))
            n->prev |= CTE_FIRST_BADGED;
    }
    s->cap = cap_null();
    s->prev = 0;
    s->next = 0;
}

/* Whether `child` (which follows `parent` in the list) is its child. */
bool cdt_is_parent_of(const struct cte *parent, const struct cte *child);

/* Whether the cap in `s` has children (the next slot is one). */
bool cdt_has_children(const struct cte *s);

/* Puts `cap`, derived from the cap in `src`, into empty slot `dest`, right
 * after `src` in the tree; revocable/first_badged follow from the two caps. */
void cdt_insert_derived(struct cap cap, struct cte *src, struct cte *dest);

/* Puts `cap`, a new object carved from the untyped in `parent`, into empty
 * slot `dest` as a child of `parent` (revocable, first_badged). */
void cdt_insert_new(struct cap cap, struct cte *parent, struct cte *dest);

/* Puts a cap with no parent (a boot-time original) into empty slot `dest`:
 * it starts a list of its own, revocable and first_badged like any
 * original. */
void cdt_insert_root(struct cap cap, struct cte *dest);

/* Moves the cap in `src` (replaced by `cap`, e.g. with new guard bits) to the
 * empty slot `dest`, keeping its place in the tree; `src` becomes empty. */
void cdt_move(struct cap cap, struct cte *src, struct cte *dest);

/* Exchanges the caps of two full slots: cap1 (from s1) goes into s2 and
 * cap2 into s1, each cap keeping its place in the tree. */
void cdt_swap(struct cap cap1, struct cte *s1, struct cap cap2, struct cte *s2);

/* Takes the (already finalised) cap out of `s`: unlinks the slot and leaves
 * it empty. A following cap that was not first_badged inherits the flag. */
void cdt_remove(struct cte *s);

/* Whether the cap in `s` is the last one referring to its object (no
 * neighbour in the list names the same object). */
bool cdt_is_final(const struct cte *s);

/* Whether two caps name the same kernel object (and region, for untyped,
 * frames and page tables). */
bool cap_same_object(struct cap a, struct cap b);
/* Whether `b` lies within what `a` names (an untyped contains its objects). */
bool cap_same_region(struct cap a, struct cap b);

#endif
