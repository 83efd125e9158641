/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of the capability derivation tree (kernel/cap/cdt.c) against a
 * reference model: an explicit forest (parent and ordered children per slot)
 * that the test updates by seL4's rules (cteInsert, insertNewCap, cteMove,
 * cteSwap, emptySlot, isCapRevocable, isMDBParentOf as the seL4 manual and
 * source describe them) alongside the real slots. After every step:
 *  - the real lists equal the model's depth-first orders (prev/next
 *    consistent, every full slot linked once, empty slots unlinked);
 *  - each cap's revocable/first_badged flags and cap words match the model;
 *  - for every slot, the run of following slots that cdt_is_parent_of() it
 *    (what Revoke deletes) is exactly its model subtree;
 *  - cdt_is_final() matches "no other cap names the same object".
 * Hand-written cases per rule, then random legal sequences over several seeds.
 * Objects are fake physical addresses (never dereferenced); only slots are
 * real memory.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <abi/constants.h>
#include <kernel/cte.h>
#include "test.h"

#define NSLOTS 48
#define NVIRT NSLOTS           /* one virtual node per separate list */
#define TMP (NSLOTS + NVIRT)   /* scratch node for swaps */
#define NNODES (TMP + 1)

static struct cte *slots;
static char ctx[128];          /* names the case / seed / step in messages */

/* ---- the model --------------------------------------------------------- */

static int m_parent[NNODES], m_first[NNODES], m_next[NNODES], m_prev[NNODES];
static bool m_live[NNODES], m_rev[NNODES], m_fb[NNODES];
static struct cap m_cap[NNODES];

static bool is_virtual(int x) { return x >= NSLOTS && x < TMP; }

static void model_reset(void)
{
    for (int i = 0; i < NNODES; i++) {
        m_parent[i] = m_first[i] = m_next[i] = m_prev[i] = -1;
        m_live[i] = m_rev[i] = m_fb[i] = false;
        m_cap[i] = cap_null();
    }
    memset(slots, 0, NSLOTS * sizeof *slots);
}

/* x becomes the first child of p. */
static void m_link_first(int p, int x)
{
    m_parent[x] = p;
    m_prev[x] = -1;
    m_next[x] = m_first[p];
    if (m_first[p] >= 0)
        m_prev[m_first[p]] = x;
    m_first[p] = x;
}

/* x becomes the sibling right after s. */
static void m_link_after(int s, int x)
{
    m_parent[x] = m_parent[s];
    m_prev[x] = s;
    m_next[x] = m_next[s];
    if (m_next[s] >= 0)
        m_prev[m_next[s]] = x;
    m_next[s] = x;
}

/* Takes x out; its children take its place, in order, under its parent. */
static void m_unlink(int x)
{
    int p = m_parent[x], prev = m_prev[x], next = m_next[x], first = m_first[x], last = -1;
    for (int k = first; k >= 0; k = m_next[k]) {
        m_parent[k] = p;
        last = k;
    }
    int head = first >= 0 ? first : next, tail = first >= 0 ? last : prev;
    if (first >= 0) {
        m_prev[first] = prev;
        m_next[last] = next;
    }
    if (prev >= 0)
        m_next[prev] = head;
    else
        m_first[p] = head;
    if (next >= 0)
        m_prev[next] = tail;
    m_parent[x] = m_first[x] = m_next[x] = m_prev[x] = -1;
}

/* Node `from` is renamed `to` (an unused node): a cap changing slots. */
static void m_rename(int from, int to)
{
    m_parent[to] = m_parent[from], m_first[to] = m_first[from];
    m_next[to] = m_next[from], m_prev[to] = m_prev[from];
    if (m_prev[to] >= 0)
        m_next[m_prev[to]] = to;
    else
        m_first[m_parent[to]] = to;
    if (m_next[to] >= 0)
        m_prev[m_next[to]] = to;
    for (int k = m_first[to]; k >= 0; k = m_next[k])
        m_parent[k] = to;
    m_live[to] = m_live[from], m_rev[to] = m_rev[from], m_fb[to] = m_fb[from];
    m_cap[to] = m_cap[from];
    m_parent[from] = m_first[from] = m_next[from] = m_prev[from] = -1;
    m_live[from] = m_rev[from] = m_fb[from] = false;
    m_cap[from] = cap_null();
}

/* The node after x in its list (depth-first order), or -1. */
static int m_dfs_next(int x)
{
    if (m_first[x] >= 0)
        return m_first[x];
    for (; x >= 0 && !is_virtual(x); x = m_parent[x])
        if (m_next[x] >= 0)
            return m_next[x];
    return -1;
}

static int m_subtree_size(int x)
{
    int n = 0;
    for (int k = m_first[x]; k >= 0; k = m_next[k])
        n += 1 + m_subtree_size(k);
    return n;
}

static bool m_in_subtree(int anc, int x)
{
    for (x = m_parent[x]; x >= 0; x = m_parent[x])
        if (x == anc)
            return true;
    return false;
}

/* seL4's isCapRevocable, from the manual: a new badge, an IRQ handler made
 * from IRQ control, and untyped caps start subtrees of their own. */
static bool ref_revocable(struct cap new_cap, struct cap src)
{
    switch (cap_type(new_cap)) {
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
        return cap_badge(new_cap) != cap_badge(src);
    case CAP_IRQ_HANDLER:
        return cap_type(src) == CAP_IRQ_CONTROL;
    case CAP_UNTYPED:
        return true;
    default:
        return false;
    }
}

/* Whether a copy of src lands under src (else it becomes src's sibling):
 * only an original (revocable) cap covers copies; a badged original covers
 * only copies with its badge that do not start a badge subtree of their own. */
static bool ref_covers(int src, struct cap new_cap, bool new_first_badged)
{
    if (!m_rev[src])
        return false;
    struct cap s = m_cap[src];
    if (cap_type(s) == CAP_ENDPOINT || cap_type(s) == CAP_NOTIFICATION)
        return cap_badge(s) == 0 || (cap_badge(s) == cap_badge(new_cap) && !new_first_badged);
    return true;
}

/* seL4's sameObjectAs for the caps the test makes, by field comparison. */
static bool ref_same_object(struct cap a, struct cap b)
{
    if (cap_type(a) != cap_type(b) || cap_type(a) == CAP_UNTYPED)
        return false;
    switch (cap_type(a)) {
    case CAP_CNODE:
        return cap_object(a) == cap_object(b) && cap_cnode_radix(a) == cap_cnode_radix(b);
    case CAP_FRAME:
        return cap_object(a) == cap_object(b) && cap_frame_size(a) == cap_frame_size(b) &&
               cap_frame_is_device(a) == cap_frame_is_device(b);
    case CAP_IRQ_HANDLER:
        return cap_irq(a) == cap_irq(b);
    case CAP_IRQ_CONTROL:
        return true;
    default:
        return cap_object(a) == cap_object(b);
    }
}

/* ---- operations: real and model together -------------------------------- */

static int idx(const struct cte *s)
{
    if (s < slots || s >= slots + NSLOTS)
        return -1;
    return (int)(s - slots);
}

static void op_root(int dest, struct cap cap)
{
    int v = NSLOTS;
    while (v < TMP && m_first[v] >= 0)
        v++;
    cdt_insert_root(cap, &slots[dest]);
    m_link_first(v, dest);
    m_live[dest] = m_rev[dest] = m_fb[dest] = true;
    m_cap[dest] = cap;
}

static void op_new(int parent, int dest, struct cap cap)
{
    cdt_insert_new(cap, &slots[parent], &slots[dest]);
    m_link_first(parent, dest);
    m_live[dest] = m_rev[dest] = m_fb[dest] = true;
    m_cap[dest] = cap;
}

static void op_derive(int src, int dest, struct cap cap)
{
    bool rev = ref_revocable(cap, m_cap[src]);
    if (ref_covers(src, cap, rev)) {
        m_link_first(src, dest);
    } else {
        CHECK_MSG(m_first[src] < 0, "%s: test bug: sibling copy of a cap with children", ctx);
        m_link_after(src, dest);
    }
    /* A copied untyped: the source is marked full (setUntypedCapAsFull). */
    if (cap_type(cap) == CAP_UNTYPED && cap_type(m_cap[src]) == CAP_UNTYPED)
        m_cap[src] = cap_untyped_set_free_index(m_cap[src],
                                                1ULL << cap_untyped_size_bits(m_cap[src]));
    m_live[dest] = true, m_rev[dest] = m_fb[dest] = rev;
    m_cap[dest] = cap;
    cdt_insert_derived(cap, &slots[src], &slots[dest]);
}

static void op_move(int src, int dest, struct cap cap)
{
    cdt_move(cap, &slots[src], &slots[dest]);
    m_rename(src, dest);
    m_cap[dest] = cap;
}

/* cap1 (from a) goes to b and cap2 (from b) to a, each with its tree place. */
static void op_swap(int a, struct cap cap1, int b, struct cap cap2)
{
    cdt_swap(cap1, &slots[a], cap2, &slots[b]);
    m_rename(a, TMP);
    m_rename(b, a);
    m_rename(TMP, b);
    m_cap[b] = cap1;
    m_cap[a] = cap2;
}

static void op_remove(int s)
{
    int n = m_dfs_next(s);
    if (n >= 0)
        m_fb[n] = m_fb[n] || m_fb[s];
    cdt_remove(&slots[s]);
    m_unlink(s);
    m_live[s] = m_rev[s] = m_fb[s] = false;
    m_cap[s] = cap_null();
}

/* Revoke as the kernel does it: delete the next slot while it is a child. */
static void op_revoke(int s)
{
    for (int guard = 0; cdt_has_children(&slots[s]) && guard <= NSLOTS; guard++) {
        int n = idx(cte_next(&slots[s]));
        CHECK_MSG(n >= 0 && m_live[n] && m_in_subtree(s, n),
                  "%s: revoke of %d reaches slot %d outside its subtree", ctx, s, n);
        if (n < 0 || !m_live[n] || !m_in_subtree(s, n))
            return;
        op_remove(n);
    }
    CHECK_MSG(m_first[s] < 0, "%s: revoke of %d left model children", ctx, s);
}

/* ---- the invariant check ----------------------------------------------- */

static void check_all(void)
{
    int seen[NSLOTS] = { 0 };
    for (int i = 0; i < NSLOTS; i++) {
        const struct cte *s = &slots[i];
        if (!m_live[i]) {
            CHECK_MSG(cap_is_null(s->cap) && s->prev == 0 && s->next == 0,
                      "%s: empty slot %d not clean", ctx, i);
            continue;
        }
        CHECK_MSG(s->cap.w0 == m_cap[i].w0 && s->cap.w1 == m_cap[i].w1,
                  "%s: slot %d cap %#llx/%#llx, want %#llx/%#llx",
                  ctx, i, (unsigned long long)s->cap.w0, (unsigned long long)s->cap.w1,
                  (unsigned long long)m_cap[i].w0, (unsigned long long)m_cap[i].w1);
        CHECK_MSG(cte_revocable(s) == m_rev[i] && cte_first_badged(s) == m_fb[i],
                  "%s: slot %d flags rev %d fb %d, want %d %d", ctx, i, cte_revocable(s),
                  cte_first_badged(s), m_rev[i], m_fb[i]);
    }
    /* Each list equals its model depth-first order, both directions. */
    for (int v = NSLOTS; v < TMP; v++) {
        int x = m_first[v];
        if (x < 0)
            continue;
        CHECK_MSG(cte_prev(&slots[x]) == NULL, "%s: list head %d has a prev", ctx, x);
        for (; x >= 0; x = m_dfs_next(x)) {
            seen[x]++;
            int y = m_dfs_next(x);
            struct cte *want = y >= 0 ? &slots[y] : NULL;
            CHECK_MSG(cte_next(&slots[x]) == want, "%s: next of %d is %d, want %d", ctx, x,
                      idx(cte_next(&slots[x])), y);
            if (y >= 0)
                CHECK_MSG(cte_prev(&slots[y]) == &slots[x], "%s: prev of %d is %d, want %d", ctx,
                          y, idx(cte_prev(&slots[y])), x);
        }
    }
    for (int i = 0; i < NSLOTS; i++)
        CHECK_MSG(seen[i] == (m_live[i] ? 1 : 0), "%s: slot %d on %d lists", ctx, i, seen[i]);

    /* Subtrees (what Revoke would delete) and finality. */
    for (int i = 0; i < NSLOTS; i++) {
        if (!m_live[i])
            continue;
        int run = 0;
        const struct cte *n = cte_next(&slots[i]);
        while (n && idx(n) >= 0 && run <= NSLOTS && cdt_is_parent_of(&slots[i], n)) {
            run++;
            n = cte_next(n);
        }
        int want = m_subtree_size(i);
        CHECK_MSG(run == want, "%s: slot %d: %d caps follow as children, model subtree %d", ctx, i,
                  run, want);
        CHECK_MSG(cdt_has_children(&slots[i]) == (want > 0), "%s: slot %d has_children", ctx, i);
        bool final = true;
        for (int j = 0; j < NSLOTS; j++)
            if (j != i && m_live[j] && ref_same_object(m_cap[i], m_cap[j]))
                final = false;
        CHECK_MSG(cdt_is_final(&slots[i]) == final, "%s: slot %d is_final %d, want %d", ctx, i,
                  !final, final);
    }
}

static void step(const char *what) { snprintf(ctx, sizeof ctx, "%s", what), check_all(); }

#define UT_BASE 0x80000000ULL
static struct cap ep_at(uint64_t a) { return cap_endpoint(a, 0, RIGHTS_ALL); }
static struct cap ntfn_at(uint64_t a) { return cap_notification(a, 0, RIGHTS_ALL); }

/* ---- hand-written cases ------------------------------------------------- */

static void test_roots(void)
{
    model_reset();
    op_root(0, cap_untyped(UT_BASE, 16, false, 0));
    op_root(1, ep_at(0x1000));
    op_root(2, ntfn_at(0x2000));
    op_root(3, cap_cnode(0x4000, 4, 0, 0));
    op_root(4, cap_simple(CAP_IRQ_CONTROL));
    op_root(5, cap_frame(0x200000, FRAME_2M, VM_READ_WRITE, false));
    step("roots");
    for (int i = 0; i < 6; i++)
        CHECK(cte_revocable(&slots[i]) && cte_first_badged(&slots[i]) &&
              cte_prev(&slots[i]) == NULL && cte_next(&slots[i]) == NULL &&
              cdt_is_final(&slots[i]) && !cdt_has_children(&slots[i]));
}

static void test_retype(void)
{
    model_reset();
    op_root(0, cap_untyped(UT_BASE, 16, false, 0));
    op_new(0, 1, ep_at(UT_BASE));
    step("retype ep");
    op_new(0, 2, ntfn_at(UT_BASE + 32));
    op_new(0, 3, cap_cnode(UT_BASE + 0x100, 3, 0, 0));
    op_new(0, 4, cap_frame(UT_BASE + 0x1000, FRAME_4K, VM_READ_WRITE, false));
    op_new(0, 5, cap_untyped(UT_BASE + 0x8000, 15, false, 0));
    step("retype several");
    /* The newest object comes first, right after the untyped. */
    CHECK(cte_next(&slots[0]) == &slots[5] && cte_next(&slots[5]) == &slots[4]);
    op_new(5, 6, ep_at(UT_BASE + 0x8000));   /* grandchild through the child untyped */
    step("retype from child untyped");
    CHECK(cdt_is_parent_of(&slots[0], &slots[6]) && cdt_is_parent_of(&slots[5], &slots[6]));
    CHECK(!cdt_is_parent_of(&slots[5], &slots[4]));   /* the frame is outside it */
    op_revoke(5);
    step("revoke child untyped");
    CHECK(!m_live[6] && m_live[4]);
    op_revoke(0);
    step("revoke untyped");
    CHECK(cte_next(&slots[0]) == NULL);
}

static void test_copies(void)
{
    model_reset();
    op_root(0, ep_at(0x1000));
    op_derive(0, 1, ep_at(0x1000));          /* copy of the original: its child */
    step("copy original ep");
    CHECK(!cte_revocable(&slots[1]) && !cte_first_badged(&slots[1]));
    CHECK(cdt_is_parent_of(&slots[0], &slots[1]));
    op_derive(1, 2, ep_at(0x1000));          /* copy of a copy: sibling, right after */
    step("copy of copy");
    CHECK(m_parent[2] == 0 && cte_next(&slots[1]) == &slots[2]);
    CHECK(!cdt_is_parent_of(&slots[1], &slots[2]));
    CHECK(!cdt_is_final(&slots[0]) && !cdt_is_final(&slots[2]));

    op_root(3, cap_frame(0x400000, FRAME_4K, VM_READ_WRITE, false));
    op_derive(3, 4, cap_frame(0x400000, FRAME_4K, VM_READ_ONLY, false));
    op_derive(4, 5, cap_frame(0x400000, FRAME_4K, VM_READ_ONLY, false));
    step("frame copies");
    CHECK(m_parent[4] == 3 && m_parent[5] == 3);

    op_root(6, cap_cnode(0x8000, 4, 0, 0));
    op_derive(6, 7, cap_cnode(0x8000, 4, 3, 5));   /* Mint with a new guard */
    step("cnode mint");
    CHECK(m_parent[7] == 6 && cdt_is_parent_of(&slots[6], &slots[7]));

    op_root(8, cap_untyped(UT_BASE, 16, false, 0x100));
    op_derive(8, 9, cap_untyped(UT_BASE, 16, false, 0x100));
    step("untyped copy");
    CHECK(cte_revocable(&slots[9]) && cte_first_badged(&slots[9]));
    CHECK(cap_untyped_free_index(slots[8].cap) == (1ULL << 16));   /* source is full */
    CHECK(cap_untyped_free_index(slots[9].cap) == 0x100);
    CHECK(cdt_is_final(&slots[8]) && cdt_is_final(&slots[9]));   /* untyped: always */

    op_root(10, cap_simple(CAP_IRQ_CONTROL));
    op_derive(10, 11, cap_irq_handler(3));
    op_derive(11, 12, cap_irq_handler(3));
    op_derive(10, 13, cap_irq_handler(4));
    step("irq handlers");
    CHECK(cte_revocable(&slots[11]) && !cte_revocable(&slots[12]));
    CHECK(m_parent[12] == 11 && m_parent[13] == 10);
    CHECK(cdt_is_final(&slots[10]) && !cdt_is_final(&slots[11]) && cdt_is_final(&slots[13]));
    op_revoke(10);
    step("revoke irq control");
    op_revoke(0);
    step("revoke ep original");
    CHECK(!m_live[1] && !m_live[2] && cdt_is_final(&slots[0]));
}

static void test_badges(void)
{
    model_reset();
    op_root(0, ep_at(0x1000));
    op_derive(0, 1, cap_set_badge(ep_at(0x1000), 5));   /* Mint: revocable child */
    step("mint badge 5");
    CHECK(cte_revocable(&slots[1]) && cte_first_badged(&slots[1]) && m_parent[1] == 0);
    /* A copy of the badged cap has the same badge and is not first_badged,
     * so it is in the badged cap's subtree (Revoke of the badged cap deletes
     * it: seL4's isMDBParentOf with equal badges). */
    op_derive(1, 2, cap_set_badge(ep_at(0x1000), 5));
    step("copy badged");
    CHECK(!cte_revocable(&slots[2]) && !cte_first_badged(&slots[2]));
    CHECK(cdt_is_parent_of(&slots[1], &slots[2]) && m_parent[2] == 1);
    op_derive(2, 3, cap_set_badge(ep_at(0x1000), 5));   /* copy of the copy */
    step("copy of badged copy");
    CHECK(m_parent[3] == 1);
    /* The same badge minted again starts a subtree of its own. */
    op_derive(0, 4, cap_set_badge(ep_at(0x1000), 5));
    step("mint badge 5 again");
    CHECK(cte_next(&slots[4]) == &slots[1] && !cdt_is_parent_of(&slots[4], &slots[1]));
    op_derive(0, 5, cap_set_badge(ep_at(0x1000), 6));
    step("mint badge 6");
    /* Mint from a non-original unbadged copy: a child of the original. */
    op_derive(0, 6, ep_at(0x1000));
    op_derive(6, 7, cap_set_badge(ep_at(0x1000), 9));
    step("mint from an unbadged copy");
    CHECK(m_parent[7] == 0 && cte_revocable(&slots[7]));
    /* Removing the first badged cap passes first_badged on to its copy. */
    op_remove(1);
    step("remove badged original");
    CHECK(cte_first_badged(&slots[2]) && !cte_first_badged(&slots[3]));
    CHECK(m_parent[3] == 0 && m_parent[2] == 0);
    op_revoke(4);
    step("revoke second badge-5 original");
    CHECK(m_live[2] && m_live[3]);
    op_revoke(0);
    step("revoke unbadged original");
    CHECK(cte_next(&slots[0]) == NULL);

    model_reset();
    op_root(0, ntfn_at(0x2000));
    op_derive(0, 1, cap_set_badge(ntfn_at(0x2000), 1));
    op_derive(1, 2, cap_set_badge(ntfn_at(0x2000), 1));
    op_derive(0, 3, cap_set_badge(ntfn_at(0x2000), 2));
    step("notification badges");
    op_revoke(1);
    step("revoke badged notification");
    CHECK(!m_live[2] && m_live[3]);
}

static void test_move_swap_remove(void)
{
    model_reset();
    op_root(0, ep_at(0x1000));
    op_derive(0, 1, cap_set_badge(ep_at(0x1000), 1));
    op_derive(1, 2, cap_set_badge(ep_at(0x1000), 1));
    op_derive(0, 3, ep_at(0x1000));
    op_root(4, cap_untyped(UT_BASE, 16, false, 0));
    op_new(4, 5, ep_at(UT_BASE));
    op_new(4, 6, ntfn_at(UT_BASE + 64));
    step("setup");                            /* lists: 0 3 1 2 and 4 6 5 */
    op_move(2, 10, slots[2].cap);
    step("move leaf");
    op_move(1, 11, slots[1].cap);
    step("move badged parent");
    op_move(0, 12, slots[0].cap);
    step("move list head");
    op_move(10, 2, slots[10].cap);
    step("move back");
    /* Adjacent swaps, both argument orders (list 12 3 11 2). */
    CHECK(cte_next(&slots[12]) == &slots[3]);
    op_swap(12, slots[12].cap, 3, slots[3].cap);
    step("swap adjacent, first before second");   /* list 3 12 11 2 */
    CHECK(cte_next(&slots[3]) == &slots[12]);
    op_swap(12, slots[12].cap, 3, slots[3].cap);
    step("swap adjacent, second before first");   /* list 12 3 11 2 */
    op_swap(11, slots[11].cap, 2, slots[2].cap);
    step("swap badged parent with its child");
    op_swap(4, slots[4].cap, 6, slots[6].cap);
    step("swap head with its child");
    op_swap(2, slots[2].cap, 5, slots[5].cap);
    step("swap across lists");
    op_swap(12, slots[12].cap, 2, slots[2].cap);
    step("swap non-adjacent");
    op_swap(4, slots[4].cap, 5, slots[5].cap);
    step("swap tails");
    for (int i = 0; i < NSLOTS; i++)
        if (m_live[i]) {
            snprintf(ctx, sizeof ctx, "remove %d", i);
            op_remove(i);
            check_all();
        }
}

static void test_regions(void)
{
    struct cap f2m = cap_frame(0x40000000, FRAME_2M, VM_READ_WRITE, false);
    struct cap f4k = cap_frame(0x40000000, FRAME_4K, VM_READ_WRITE, false);
    struct cap f4k_hi = cap_frame(0x40001000, FRAME_4K, VM_READ_WRITE, false);
    struct cap f4k_dev = cap_frame(0x40000000, FRAME_4K, VM_READ_WRITE, true);
    struct cap f4k_ro = cap_frame(0x40000000, FRAME_4K, VM_READ_ONLY, false);
    CHECK(cap_same_region(f2m, f4k) && cap_same_region(f2m, f4k_hi));
    CHECK(!cap_same_region(f4k, f2m) && !cap_same_region(f4k, f4k_hi));
    CHECK(!cap_same_object(f2m, f4k) && !cap_same_object(f4k, f2m));
    CHECK(cap_same_object(f4k, f4k_ro) && cap_same_region(f4k, f4k_dev));
    CHECK(!cap_same_object(f4k, f4k_dev));

    struct cap ut = cap_untyped(UT_BASE, 16, false, 0);
    CHECK(cap_same_region(ut, ep_at(UT_BASE)) && cap_same_region(ut, ep_at(UT_BASE + 0xfff0)));
    CHECK(!cap_same_region(ut, ep_at(UT_BASE + 0x10000)) && !cap_same_region(ut, ep_at(UT_BASE - 16)));
    CHECK(!cap_same_region(ut, cap_cnode(UT_BASE + 0xff00, 4, 0, 0)));   /* runs past the end */
    CHECK(cap_same_region(ut, cap_cnode(UT_BASE + 0xfe00, 4, 0, 0)));
    CHECK(cap_same_region(ut, cap_frame(UT_BASE + 0xf000, FRAME_4K, VM_READ_WRITE, false)));
    CHECK(cap_same_region(ut, cap_untyped(UT_BASE, 16, false, 0)));
    CHECK(cap_same_region(ut, cap_untyped(UT_BASE + 0x8000, 15, false, 0)));
    CHECK(!cap_same_region(ut, cap_untyped(UT_BASE, 17, false, 0)));
    CHECK(!cap_same_region(ut, cap_simple(CAP_IRQ_CONTROL)) && !cap_same_region(ut, cap_irq_handler(0)));
    CHECK(!cap_same_region(ut, cap_reply(UT_BASE, true, true)));   /* not physical (non-MCS) */
    CHECK(cap_same_region(ut, cap_zombie(UT_BASE + 0x800, ZOMBIE_TCB, 1)));
    CHECK(!cap_same_object(ut, ut) && !cap_same_region(ep_at(UT_BASE), ut));

    struct cap c4 = cap_cnode(0x9000, 4, 0, 0), c5 = cap_cnode(0x9000, 5, 0, 0);
    CHECK(!cap_same_region(c4, c5) && !cap_same_object(c4, c5));
    CHECK(cap_same_object(c4, cap_cnode(0x9000, 4, 7, 0x55)));

    struct cap ctl = cap_simple(CAP_IRQ_CONTROL), h3 = cap_irq_handler(3);
    CHECK(cap_same_region(ctl, h3) && !cap_same_object(ctl, h3));
    CHECK(!cap_same_region(h3, ctl) && !cap_same_object(h3, ctl));
    CHECK(cap_same_object(h3, cap_irq_handler(3)) && !cap_same_region(h3, cap_irq_handler(4)));
    CHECK(cap_same_object(ep_at(0x1000), cap_set_badge(ep_at(0x1000), 7)));
    CHECK(!cap_same_object(ep_at(0x1000), ntfn_at(0x1000)));
    CHECK(!cap_same_object(cap_thread(0x1000), cap_reply(0x1000, true, true)));
    CHECK(cap_same_object(cap_simple(CAP_DOMAIN), cap_simple(CAP_DOMAIN)));

    /* is_final looks at list neighbours: a handler after IRQ control, a 4K
     * frame after a 2M frame at the same base are other objects. */
    model_reset();
    op_root(0, ctl);
    op_derive(0, 1, h3);
    op_root(2, f2m);
    cdt_insert_derived(f4k, &slots[2], &slots[3]);
    CHECK(cdt_is_final(&slots[0]) && cdt_is_final(&slots[1]));
    CHECK(cdt_is_final(&slots[2]) && cdt_is_final(&slots[3]));
    CHECK(cdt_is_parent_of(&slots[2], &slots[3]));
}

/* ---- randomized --------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

static int rnd_below(int n) { return (int)(rnd() % (uint64_t)n); }

static int pick(bool (*ok)(int))
{
    int c[NSLOTS], n = 0;
    for (int i = 0; i < NSLOTS; i++)
        if (ok(i))
            c[n++] = i;
    return n ? c[rnd_below(n)] : -1;
}

static bool is_live(int i) { return m_live[i]; }
static bool is_empty(int i) { return !m_live[i]; }
static bool is_untyped(int i) { return m_live[i] && cap_type(m_cap[i]) == CAP_UNTYPED; }
static bool is_irq_control(int i) { return m_live[i] && cap_type(m_cap[i]) == CAP_IRQ_CONTROL; }
static bool is_unbadged(int i)
{
    enum cap_type t = cap_type(m_cap[i]);
    return m_live[i] && (t == CAP_ENDPOINT || t == CAP_NOTIFICATION) && cap_badge(m_cap[i]) == 0;
}
/* What CNode_Copy accepts (seL4 deriveCap): not IRQ control, and an
 * untyped only without children. */
static bool is_copyable(int i)
{
    return m_live[i] && cap_type(m_cap[i]) != CAP_IRQ_CONTROL &&
           (cap_type(m_cap[i]) != CAP_UNTYPED || m_first[i] < 0);
}

static uint64_t next_base;   /* fresh 16 MiB-aligned region per root */

static struct cap random_root(void)
{
    uint64_t base = next_base;
    next_base += 1ULL << 24;
    switch (rnd_below(7)) {
    case 0: case 1: return cap_untyped(base, 12 + rnd_below(9), false, 0);
    case 2: return ep_at(base);
    case 3: return ntfn_at(base);
    case 4: return cap_cnode(base, 1 + rnd_below(8), 0, 0);
    case 5: return cap_frame(base, rnd_below(2) ? FRAME_2M : FRAME_4K, VM_READ_WRITE, false);
    default:
        if (pick(is_irq_control) < 0)
            return cap_simple(CAP_IRQ_CONTROL);
        return ep_at(base);
    }
}

/* Retype: an object carved at the untyped's watermark (reset first when it
 * has no children, as seL4 does), or nothing if it does not fit. */
static void random_retype(int u, int dest)
{
    static const unsigned fixed_bits[] = { CND_ENDPOINT_BITS, CND_NOTIFICATION_BITS, 0, CND_TCB_BITS,
                                           CND_PAGE_BITS, CND_PAGE_TABLE_BITS, 0 };
    struct cap uc = m_cap[u];
    uint64_t free = m_first[u] < 0 ? 0 : cap_untyped_free_index(uc);
    int kind = rnd_below(7);
    unsigned bits = kind == 2   ? CND_SLOT_BITS + 1 + (unsigned)rnd_below(3)
                  : kind == 6 ? CND_MIN_UNTYPED_BITS + (unsigned)rnd_below(8)
                              : fixed_bits[kind];
    uint64_t size = 1ULL << bits, off = (free + size - 1) & ~(size - 1);
    if (off + size > (1ULL << cap_untyped_size_bits(uc)))
        return;
    uint64_t a = cap_object(uc) + off;
    struct cap obj = kind == 0 ? ep_at(a)
                   : kind == 1 ? ntfn_at(a)
                   : kind == 2 ? cap_cnode(a, bits - CND_SLOT_BITS, 0, 0)
                   : kind == 3 ? cap_thread(a)
                   : kind == 4 ? cap_frame(a, FRAME_4K, VM_READ_WRITE, false)
                   : kind == 5 ? cap_page_table(a)
                               : cap_untyped(a, bits, false, 0);
    slots[u].cap = m_cap[u] = cap_untyped_set_free_index(uc, off + size);   /* kernel does this */
    op_new(u, dest, obj);
}

static bool irq_in_use(uint64_t irq)
{
    for (int i = 0; i < NSLOTS; i++)
        if (m_live[i] && cap_type(m_cap[i]) == CAP_IRQ_HANDLER && cap_irq(m_cap[i]) == irq)
            return true;
    return false;
}

/* CNode caps sometimes get a new guard (Mint/Mutate); others stay. */
static struct cap maybe_reguard(struct cap c)
{
    if (cap_type(c) != CAP_CNODE || rnd_below(2))
        return c;
    unsigned gs = (unsigned)rnd_below(8);
    return cap_cnode(cap_object(c), cap_cnode_radix(c), gs, rnd() & ((1ULL << gs) - 1));
}

static const char *random_step(void)
{
    int live = 0;
    for (int i = 0; i < NSLOTS; i++)
        live += m_live[i];
    int dest = pick(is_empty), a;
    int r = rnd_below(live < 4 ? 4 : 24);
    if (dest >= 0 && r < 2) {
        op_root(dest, random_root());
        return "root";
    }
    if (dest >= 0 && r < 7 && (a = pick(is_untyped)) >= 0) {
        random_retype(a, dest);
        return "retype";
    }
    if (dest >= 0 && r < 11 && (a = pick(is_copyable)) >= 0) {
        struct cap c = maybe_reguard(m_cap[a]);
        op_derive(a, dest, c);
        return "copy";
    }
    if (dest >= 0 && r < 13 && (a = pick(is_unbadged)) >= 0) {
        op_derive(a, dest, cap_set_badge(m_cap[a], 1 + (uint64_t)rnd_below(3)));
        return "mint badge";
    }
    if (dest >= 0 && r < 14 && (a = pick(is_irq_control)) >= 0) {
        uint64_t irq = 1 + (uint64_t)rnd_below(6);
        if (irq_in_use(irq))
            return "irq (in use)";
        op_derive(a, dest, cap_irq_handler(irq));
        return "irq handler";
    }
    if (dest >= 0 && r < 16 && (a = pick(is_live)) >= 0) {
        op_move(a, dest, maybe_reguard(m_cap[a]));
        return "move";
    }
    if (r < 18 && live >= 2) {
        a = pick(is_live);
        int b = rnd_below(2) ? m_dfs_next(a) : pick(is_live);
        if (b < 0 || b == a)
            return "swap (none)";
        if (rnd_below(2))   /* either argument order */
            op_swap(b, maybe_reguard(m_cap[b]), a, maybe_reguard(m_cap[a]));
        else
            op_swap(a, maybe_reguard(m_cap[a]), b, maybe_reguard(m_cap[b]));
        return "swap";
    }
    if (r < 23 && (a = pick(is_live)) >= 0) {
        op_remove(a);
        return "remove";
    }
    if ((a = pick(is_live)) >= 0) {
        op_revoke(a);
        return "revoke";
    }
    return "nothing";
}

static int depth_of(int x)
{
    int d = 0;
    while ((x = m_parent[x]) >= 0 && !is_virtual(x))
        d++;
    return d;
}

static void test_random(void)
{
    int max_depth = 0, max_live = 0, revokes = 0, swaps = 0;
    const uint64_t seeds[] = { 1, 2, 3, 42, 1234, 0xdeadbeef, 77777, 31337 };
    for (unsigned k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        rng_state = seeds[k] * 0x9e3779b97f4a7c15ULL + 1;
        next_base = 1ULL << 32;
        model_reset();
        int before = test_failures;
        for (int s = 0; s < 4000 && test_failures == before; s++) {
            uint64_t saved = rng_state;
            snprintf(ctx, sizeof ctx, "seed %llu step %d (running)", (unsigned long long)seeds[k], s);
            const char *what = random_step();
            snprintf(ctx, sizeof ctx, "seed %llu step %d %s (rng %#llx)",
                     (unsigned long long)seeds[k], s, what, (unsigned long long)saved);
            check_all();
            for (int i = 0, live = 0; i < NSLOTS; i++)
                if (m_live[i]) {
                    max_live = ++live > max_live ? live : max_live;
                    max_depth = depth_of(i) > max_depth ? depth_of(i) : max_depth;
                }
            revokes += strcmp(what, "revoke") == 0, swaps += strcmp(what, "swap") == 0;
        }
    }
    printf("random: max %d caps, max tree depth %d, %d revokes, %d swaps\n", max_live, max_depth,
           revokes, swaps);
}

int main(void)
{
    slots = aligned_alloc(32, NSLOTS * sizeof *slots);
    if (!slots)
        return 2;
    test_roots();
    test_retype();
    test_copies();
    test_badges();
    test_move_swap_remove();
    test_regions();
    test_random();
    free(slots);
    return test_report("test_cdt");
}
