/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of CSpace addressing (kernel/cap/cspace.c) and of the
 * FailedLookup / RangeError words (kernel/cap/error.c), checked against
 * seL4 16.0's resolveAddressBits / lookupSlotForCNodeOp as the ABI sheet
 * (tests/data/abi/seL4-16.0-riscv64.md, sections 4, 4.1, 12, 13) states them:
 *  - hand-written one-, two- and three-level guarded CSpaces: full-depth
 *    lookups, CNode-operation lookups with index/depth, early stops at
 *    non-CNode caps, guard and depth mismatches, invalid roots, depth range;
 *  - the error words, with the literal numbers the sheet gives;
 *  - random CSpace trees (including cycles) and random cptrs/depths compared
 *    with a bit-by-bit reference resolver written here from the sheet.
 * CNodes are host arrays (aligned_alloc, 32-byte slots); on the host the
 * "physical" address of an object is its host address.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/cspace.h>
#include <kernel/error.h>
#include "test.h"

/* ---- CNode arrays --------------------------------------------------- */

#define MAX_ALLOCS 64
static void *allocs[MAX_ALLOCS];
static int n_allocs;

static struct cte *cnode_alloc(unsigned radix)
{
    size_t bytes = (size_t)sizeof(struct cte) << radix;
    struct cte *c = aligned_alloc(32, bytes);
    if (!c || n_allocs == MAX_ALLOCS) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    memset(c, 0, bytes);
    allocs[n_allocs++] = c;
    return c;
}

static void free_all(void)
{
    while (n_allocs > 0)
        free(allocs[--n_allocs]);
}

static struct cap cn(struct cte *c, unsigned radix, unsigned guard_size, uint64_t guard)
{
    return cap_cnode((uint64_t)(uintptr_t)c, radix, guard_size, guard);
}

static struct cap ep(uint64_t n)
{
    return cap_endpoint(0x10000000ULL + n * 16, 0, RIGHTS_ALL);
}

/* Builds a cptr most significant part first: push(guard, 36), push(idx, 4)... */
struct bitbuf {
    uint64_t v;
    unsigned n;
};

static uint64_t mask(unsigned n)
{
    return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

static void push(struct bitbuf *b, uint64_t val, unsigned width)
{
    b->v = width >= 64 ? val : (b->v << width) | (val & mask(width));
    b->n += width;
}

/* ---- expectation helpers -------------------------------------------- */

static void expect_fault(bool ok, const struct lookup_fault *lf, enum lookup_fault_type type,
                         uint64_t bits_left, uint64_t guard_found, uint64_t bits_found,
                         const char *what)
{
    CHECK_MSG(!ok, "%s: lookup should fail", what);
    if (ok)
        return;
    CHECK_MSG(lf->type == type, "%s: type %d, want %d", what, (int)lf->type, (int)type);
    if (type == LOOKUP_DEPTH_MISMATCH || type == LOOKUP_GUARD_MISMATCH ||
        type == LOOKUP_MISSING_CAPABILITY)
        CHECK_MSG(lf->bits_left == bits_left, "%s: bits_left %llu, want %llu", what,
                  (unsigned long long)lf->bits_left, (unsigned long long)bits_left);
    if (type == LOOKUP_DEPTH_MISMATCH || type == LOOKUP_GUARD_MISMATCH)
        CHECK_MSG(lf->bits_found == bits_found, "%s: bits_found %llu, want %llu", what,
                  (unsigned long long)lf->bits_found, (unsigned long long)bits_found);
    if (type == LOOKUP_GUARD_MISMATCH)
        CHECK_MSG(lf->guard_found == guard_found, "%s: guard_found %#llx, want %#llx", what,
                  (unsigned long long)lf->guard_found, (unsigned long long)guard_found);
}

/* An error reply: code and exactly these detail words. */
static void expect_error(const struct syscall_error *e, cnd_error_t code, unsigned n,
                         const uint64_t *w, const char *what)
{
    CHECK_MSG(e->code == code, "%s: code %d, want %d", what, (int)e->code, (int)code);
    CHECK_MSG(e->n_words == n, "%s: %u words, want %u", what, e->n_words, n);
    for (unsigned i = 0; i < n && i < e->n_words && i < ERROR_MAX_WORDS; i++)
        CHECK_MSG(e->words[i] == w[i], "%s: word %u = %#llx, want %#llx", what, i,
                  (unsigned long long)e->words[i], (unsigned long long)w[i]);
}

/* A CNode-op lookup that must succeed and give `want`. */
static void op_ok(struct cap root, uint64_t index, uint64_t depth, struct cte *want,
                  const char *what)
{
    struct cte *slot = NULL;
    struct syscall_error e = { 0 };
    bool ok = cspace_lookup_for_op(false, root, index, depth, &slot, &e);
    CHECK_MSG(ok && slot == want, "%s: ok %d slot %p want %p (error %d)", what, ok,
              (void *)slot, (void *)want, (int)e.code);
}

/* A CNode-op lookup that must fail with these error words. */
static void op_err(bool src, struct cap root, uint64_t index, uint64_t depth, cnd_error_t code,
                   unsigned n, const uint64_t *w, const char *what)
{
    struct cte *slot = NULL;
    struct syscall_error e = { 0 };
    bool ok = cspace_lookup_for_op(src, root, index, depth, &slot, &e);
    CHECK_MSG(!ok, "%s: should fail", what);
    if (!ok)
        expect_error(&e, code, n, w, what);
}

/* A full-depth (invocation) lookup that must succeed and give `want`. */
static void slot_ok(struct cap root, uint64_t cptr, struct cte *want, unsigned want_left,
                    const char *what)
{
    struct cte *slot = NULL;
    struct lookup_fault lf = { 0 };
    bool ok = cspace_lookup_slot(root, cptr, &slot, &lf);
    CHECK_MSG(ok && slot == want, "%s: ok %d slot %p want %p", what, ok, (void *)slot,
              (void *)want);
    unsigned left = 99;
    slot = NULL;
    ok = cspace_resolve(root, cptr, 64, &slot, &left, &lf);
    CHECK_MSG(ok && slot == want && left == want_left, "%s: resolve ok %d left %u want %u", what,
              ok, left, want_left);
}

/* ---- error encoding --------------------------------------------------- */

static void test_error_words(void)
{
    struct syscall_error e;
    struct lookup_fault lf = { .type = LOOKUP_INVALID_ROOT };
    error_failed_lookup(&e, true, &lf);
    expect_error(&e, CND_FAILED_LOOKUP, 2, (uint64_t[]){ 1, 1 }, "invalid root, source");
    error_failed_lookup(&e, false, &lf);
    expect_error(&e, CND_FAILED_LOOKUP, 2, (uint64_t[]){ 0, 1 }, "invalid root, dest");

    lf = (struct lookup_fault){ .type = LOOKUP_MISSING_CAPABILITY, .bits_left = 7 };
    error_failed_lookup(&e, false, &lf);
    expect_error(&e, CND_FAILED_LOOKUP, 3, (uint64_t[]){ 0, 2, 7 }, "missing capability");

    lf = (struct lookup_fault){ .type = LOOKUP_DEPTH_MISMATCH, .bits_left = 12, .bits_found = 20 };
    error_failed_lookup(&e, true, &lf);
    expect_error(&e, CND_FAILED_LOOKUP, 4, (uint64_t[]){ 1, 3, 12, 20 }, "depth mismatch");

    lf = (struct lookup_fault){ .type = LOOKUP_GUARD_MISMATCH, .bits_left = 64,
                                .guard_found = 0xabc, .bits_found = 52 };
    error_failed_lookup(&e, false, &lf);
    expect_error(&e, CND_FAILED_LOOKUP, 5, (uint64_t[]){ 0, 4, 64, 0xabc, 52 }, "guard mismatch");

    /* The bare block (as a CapFault carries it from MR3). */
    uint64_t w[4] = { 0 };
    CHECK(lookup_fault_encode(&lf, w) == 4 && w[0] == 4 && w[1] == 64 && w[2] == 0xabc &&
          w[3] == 52);
    lf = (struct lookup_fault){ .type = LOOKUP_INVALID_ROOT };
    CHECK(lookup_fault_encode(&lf, w) == 1 && w[0] == 1);

    error_range(&e, 1, 64);
    expect_error(&e, CND_RANGE_ERROR, 2, (uint64_t[]){ 1, 64 }, "range");
    CHECK(CND_FAILED_LOOKUP == 6 && CND_RANGE_ERROR == 4);
}

/* ---- one level: the root task's CSpace shape ------------------------- */

static void test_single_level(void)
{
    struct cte *root = cnode_alloc(12);
    struct cap rc = cn(root, 12, 52, 0);
    const uint64_t ns[] = { 0, 1, 7, 2047, 2048, 4095 };
    for (unsigned i = 0; i < sizeof ns / sizeof ns[0]; i++)
        root[ns[i]].cap = ep(ns[i]);
    for (unsigned i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        slot_ok(rc, ns[i], &root[ns[i]], 0, "single level cptr N");
        op_ok(rc, ns[i], 64, &root[ns[i]], "single level op depth 64");
    }
    /* Lookups do not care whether the slot is empty. */
    slot_ok(rc, 100, &root[100], 0, "single level empty slot");

    /* Bits above the 12 index bits meet the 52-bit zero guard. */
    struct cte *slot;
    struct lookup_fault lf;
    bool ok = cspace_lookup_slot(rc, (1ULL << 12) | 5, &slot, &lf);
    expect_fault(ok, &lf, LOOKUP_GUARD_MISMATCH, 64, 0, 52, "single level bit 12");
    ok = cspace_lookup_slot(rc, 1ULL << 63, &slot, &lf);
    expect_fault(ok, &lf, LOOKUP_GUARD_MISMATCH, 64, 0, 52, "single level bit 63");
    op_err(true, rc, 5 | (1ULL << 40), 64, CND_FAILED_LOOKUP, 5, (uint64_t[]){ 1, 4, 64, 0, 52 },
           "single level op guard");

    /* Depth 12: the 52-bit guard does not fit in 12 bits. */
    op_err(false, rc, 5, 12, CND_FAILED_LOOKUP, 5, (uint64_t[]){ 0, 4, 12, 0, 52 },
           "single level depth 12");
    /* Depth 63: the guard (bits 62..11) matches, then 64 > 63 bits. */
    op_err(false, rc, 5, 63, CND_FAILED_LOOKUP, 4, (uint64_t[]){ 0, 3, 63, 64 },
           "single level depth 63");

    /* A non-zero guard. */
    struct cap rg = cn(root, 12, 52, 0xabcdef);
    slot_ok(rg, (0xabcdefULL << 12) | 7, &root[7], 0, "guarded root");
    ok = cspace_lookup_slot(rg, 7, &slot, &lf);
    expect_fault(ok, &lf, LOOKUP_GUARD_MISMATCH, 64, 0xabcdef, 52, "guarded root, guard 0");

    /* Guard size 0: index/depth 12 names a slot; a 64-bit lookup stops at
     * the first slot (not a CNode) with 52 bits left, which is success. */
    struct cap r0 = cn(root, 12, 0, 0);
    op_ok(r0, 7, 12, &root[7], "guard size 0, depth 12");
    op_ok(r0, 7 | (0xfffULL << 12), 12, &root[7], "guard size 0, bits above depth ignored");
    slot_ok(r0, 7ULL << 52, &root[7], 52, "guard size 0, full depth stops early");
    slot_ok(r0, 100ULL << 52, &root[100], 52, "guard size 0, empty slot stops early");
    op_err(true, r0, 7ULL << 52, 64, CND_FAILED_LOOKUP, 4, (uint64_t[]){ 1, 3, 52, 0 },
           "guard size 0, op depth 64 leftover");
    op_err(false, r0, 7, 11, CND_FAILED_LOOKUP, 4, (uint64_t[]){ 0, 3, 11, 12 },
           "guard size 0, depth 11 < radix");
}

/* ---- two and three levels ------------------------------------------- */

/*
 * R: radix 4, guard 0 of 36 bits (level 40); R[5] = B with guard 0xA/4
 * (level 12); B[0x7f] = C with guard 1/2 (level 12): 40 + 12 + 12 = 64.
 * B[0x10] holds a notification, R[6] is empty, R[7] names B again with no
 * guard (level 8), C[0x155] holds an endpoint.
 */
static void test_multi_level(void)
{
    struct cte *r = cnode_alloc(4), *b = cnode_alloc(8), *c = cnode_alloc(10);
    struct cap rc = cn(r, 4, 36, 0);
    r[5].cap = cn(b, 8, 4, 0xa);
    r[7].cap = cn(b, 8, 0, 0);
    b[0x7f].cap = cn(c, 10, 2, 1);
    b[0x10].cap = cap_notification(0x20000000, 0, RIGHTS_ALL);
    c[0x155].cap = ep(1);

    struct bitbuf full = { 0 };
    push(&full, 0, 36), push(&full, 5, 4), push(&full, 0xa, 4), push(&full, 0x7f, 8);
    push(&full, 1, 2), push(&full, 0x155, 10);
    CHECK(full.n == 64);
    slot_ok(rc, full.v, &c[0x155], 0, "three levels");
    op_ok(rc, full.v, 64, &c[0x155], "three levels op");
    /* Shorter depths name the slots on the way (the low `depth` bits). */
    op_ok(rc, full.v >> 12, 52, &b[0x7f], "op depth 52 names B's slot holding C");
    op_ok(rc, full.v >> 24, 40, &r[5], "op depth 40 names R's slot holding B");
    op_ok(rc, (full.v >> 12) | (0xfffULL << 52), 52, &b[0x7f], "bits above depth ignored");

    /* Stops at the notification in B with 12 bits left. */
    struct bitbuf nt = { 0 };
    push(&nt, 0, 36), push(&nt, 5, 4), push(&nt, 0xa, 4), push(&nt, 0x10, 8), push(&nt, 0xfff, 12);
    slot_ok(rc, nt.v, &b[0x10], 12, "stops at non-CNode with bits left");
    op_err(true, rc, nt.v, 64, CND_FAILED_LOOKUP, 4, (uint64_t[]){ 1, 3, 12, 0 },
           "op at non-CNode with 12 bits left");
    op_ok(rc, nt.v >> 12, 52, &b[0x10], "op depth 52 at the notification");

    /* Stops at the empty R[6] with 24 bits left. */
    struct bitbuf em = { 0 };
    push(&em, 0, 36), push(&em, 6, 4), push(&em, 0x123456, 24);
    slot_ok(rc, em.v, &r[6], 24, "stops at an empty slot");
    op_err(false, rc, em.v, 64, CND_FAILED_LOOKUP, 4, (uint64_t[]){ 0, 3, 24, 0 },
           "op at an empty slot, 24 bits left");
    op_ok(rc, em.v >> 24, 40, &r[6], "op depth 40 at the empty slot");

    /* Guard mismatches at each level. */
    struct cte *slot;
    struct lookup_fault lf;
    bool ok = cspace_lookup_slot(rc, full.v | (1ULL << 63), &slot, &lf);
    expect_fault(ok, &lf, LOOKUP_GUARD_MISMATCH, 64, 0, 36, "R guard");
    struct bitbuf gb = { 0 };
    push(&gb, 0, 36), push(&gb, 5, 4), push(&gb, 0xb, 4), push(&gb, 0x7f, 8), push(&gb, 0, 12);
    ok = cspace_lookup_slot(rc, gb.v, &slot, &lf);
    expect_fault(ok, &lf, LOOKUP_GUARD_MISMATCH, 24, 0xa, 4, "B guard");
    op_err(false, rc, gb.v, 64, CND_FAILED_LOOKUP, 5, (uint64_t[]){ 0, 4, 24, 0xa, 4 },
           "B guard, op");
    struct bitbuf gc = { 0 };
    push(&gc, 0, 36), push(&gc, 5, 4), push(&gc, 0xa, 4), push(&gc, 0x7f, 8), push(&gc, 2, 2);
    push(&gc, 0x155, 10);
    ok = cspace_lookup_slot(rc, gc.v, &slot, &lf);
    expect_fault(ok, &lf, LOOKUP_GUARD_MISMATCH, 12, 1, 2, "C guard");

    /* Depth 45: B's guard (4 bits) fits and matches, its 12 bits do not. */
    struct bitbuf d45 = { 0 };
    push(&d45, 0, 36), push(&d45, 5, 4), push(&d45, 0xa, 4), push(&d45, 1, 1);
    op_err(false, rc, d45.v, 45, CND_FAILED_LOOKUP, 4, (uint64_t[]){ 0, 3, 5, 12 },
           "depth mismatch at B");
    /* Depth 42: B's 4-bit guard does not fit in 2 bits: a guard mismatch. */
    struct bitbuf d42 = { 0 };
    push(&d42, 0, 36), push(&d42, 5, 4), push(&d42, 2, 2);
    op_err(true, rc, d42.v, 42, CND_FAILED_LOOKUP, 5, (uint64_t[]){ 1, 4, 2, 0xa, 4 },
           "guard longer than the bits left");
    /* Depth 58: C's guard matches, 12 > 6 bits. */
    op_err(false, rc, full.v >> 6, 58, CND_FAILED_LOOKUP, 4, (uint64_t[]){ 0, 3, 6, 12 },
           "depth mismatch at C");

    /* Through the unguarded alias R[7] (level 8): C's slot at depth 60, and
     * a 64-bit lookup that stops at the endpoint with 4 bits left. */
    struct bitbuf al = { 0 };
    push(&al, 0, 36), push(&al, 7, 4), push(&al, 0x7f, 8), push(&al, 1, 2), push(&al, 0x155, 10);
    op_ok(rc, al.v, 60, &c[0x155], "alias, depth 60");
    slot_ok(rc, al.v << 4, &c[0x155], 4, "alias, full depth stops early");
    op_err(false, rc, al.v << 4, 64, CND_FAILED_LOOKUP, 4, (uint64_t[]){ 0, 3, 4, 0 },
           "alias, op depth 64");

    /* A CNode op may name the slot of a CNode cap itself. */
    op_ok(rc, full.v >> 12, 52, &b[0x7f], "op names a CNode slot");
}

/* ---- roots, depth range, odd shapes ----------------------------------- */

static void test_roots_and_range(void)
{
    struct cte *r = cnode_alloc(3);
    struct cap rc = cn(r, 3, 61, 0);
    struct cte *slot;
    struct lookup_fault lf;
    struct cap bad[] = { ep(3), cap_null(), cap_untyped(0x80000000, 12, false, 0) };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bool ok = cspace_lookup_slot(bad[i], 0, &slot, &lf);
        expect_fault(ok, &lf, LOOKUP_INVALID_ROOT, 0, 0, 0, "invalid root");
        op_err(true, bad[i], 0, 64, CND_FAILED_LOOKUP, 2, (uint64_t[]){ 1, 1 }, "invalid root op");
        op_err(false, bad[i], 0, 64, CND_FAILED_LOOKUP, 2, (uint64_t[]){ 0, 1 },
               "invalid root op (dest)");
        /* The root check comes before the depth check. */
        op_err(false, bad[i], 0, 0, CND_FAILED_LOOKUP, 2, (uint64_t[]){ 0, 1 },
               "invalid root before range");
    }
    const uint64_t bad_depths[] = { 0, 65, 128, (1ULL << 32) | 64, ~0ULL };
    for (unsigned i = 0; i < sizeof bad_depths / sizeof bad_depths[0]; i++)
        op_err(true, rc, 0, bad_depths[i], CND_RANGE_ERROR, 2, (uint64_t[]){ 1, 64 },
               "depth out of 1..64");
    op_ok(rc, 5, 64, &r[5], "depth 64");

    /* Depth 1 with a one-bit unguarded CNode. */
    struct cte *one = cnode_alloc(1);
    struct cap oc = cn(one, 1, 0, 0);
    op_ok(oc, 1, 1, &one[1], "depth 1");
    op_ok(oc, 0x7e, 1, &one[0], "depth 1, upper bits ignored");

    /* A cycle: Z[1] names Z. Every level uses one bit, so 64 levels. */
    struct cte *z = cnode_alloc(1);
    struct cap zc = cn(z, 1, 0, 0);
    z[1].cap = zc;
    z[0].cap = ep(9);
    slot_ok(zc, ~0ULL, &z[1], 0, "cycle, all ones");
    slot_ok(zc, ~1ULL, &z[0], 0, "cycle, last bit 0");
    slot_ok(zc, ~0ULL << 10, &z[0], 9, "cycle, stops at the endpoint with 9 bits left");
    op_ok(zc, 0x6, 3, &z[0], "cycle, depth 3");

    /* Level wider than 64 bits: the guard matches, then 68 > 64. */
    struct cte *w = cnode_alloc(8);
    struct cap wc = cn(w, 8, 60, 0x123);
    bool ok = cspace_lookup_slot(wc, 0x123ULL << 4, &slot, &lf);
    expect_fault(ok, &lf, LOOKUP_DEPTH_MISMATCH, 64, 0, 68, "level of 68 bits");

    /* Radix 0, guard 0 resolves nothing; seL4 asserts it never happens.
     * Conductor must just fail (not loop). */
    unsigned left;
    struct cte *n0 = cnode_alloc(0);
    ok = cspace_resolve(cn(n0, 0, 0, 0), 0, 64, &slot, &left, &lf);
    CHECK(!ok);
}

/* ---- randomized: reference resolver ---------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

static unsigned rnd_below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

enum ref_kind { REF_OK, REF_INVALID_ROOT, REF_DEPTH, REF_GUARD };

struct ref_result {
    enum ref_kind kind;
    unsigned levels;        /* CNodes passed through */
    struct cte *slot;
    unsigned left;          /* ok: bits left; faults: bitsLeft */
    uint64_t guard_found;   /* guard mismatch: the CNode cap's guard */
    uint64_t bits_found;    /* guard: guard size; depth: radix + guard size */
};

/*
 * Written from the sheet, bit by bit: the next bit to resolve is bit
 * (left - 1) of cptr. At each CNode the guard must fit and equal the cap's
 * stored guard (else GuardMismatch with the bits left at that CNode), then
 * the whole level must fit (else DepthMismatch with radix + guard size),
 * then `radix` bits index the slot. Stop when no bits are left or the slot
 * holds anything but a CNode cap.
 */
static struct ref_result ref_resolve(struct cap root, uint64_t cptr, unsigned depth)
{
    struct ref_result r = { .kind = REF_INVALID_ROOT, .left = depth };
    if (cap_type(root) != CAP_CNODE)
        return r;
    struct cap node = root;
    unsigned left = depth, levels = 0;
    for (;; levels++) {
        unsigned gs = cap_cnode_guard_size(node), radix = cap_cnode_radix(node);
        uint64_t guard = cap_cnode_guard(node);
        bool match = gs <= left && (guard >> gs) == 0;
        for (unsigned i = 1; match && i <= gs; i++)
            match = ((guard >> (gs - i)) & 1) == ((cptr >> (left - i)) & 1);
        if (!match)
            return (struct ref_result){ .kind = REF_GUARD, .left = left, .guard_found = guard,
                                        .bits_found = gs };
        if (gs + radix > left || gs + radix == 0)
            return (struct ref_result){ .kind = REF_DEPTH, .left = left, .bits_found = gs + radix };
        left -= gs;
        uint64_t index = 0;
        for (unsigned i = 0; i < radix; i++) {
            left--;
            index = (index << 1) | ((cptr >> left) & 1);
        }
        struct cte *s = (struct cte *)(uintptr_t)cap_object(node) + index;
        if (left == 0 || cap_type(s->cap) != CAP_CNODE)
            return (struct ref_result){ .kind = REF_OK, .slot = s, .left = left,
                                        .levels = levels + 1 };
        node = s->cap;
    }
}

#define POOL 10

struct tree {
    struct cte *node[POOL];
    unsigned radix[POOL];
    unsigned n;
    struct cap root;
};

static unsigned rnd_guard_size(void)
{
    unsigned p = rnd_below(100);
    return p < 50 ? 0 : p < 80 ? 1 + rnd_below(8) : p < 95 ? 9 + rnd_below(32) : 41 + rnd_below(23);
}

static struct cap rnd_cnode_cap(const struct tree *t, unsigned i)
{
    unsigned gs = rnd_guard_size();
    return cn(t->node[i], t->radix[i], gs, rnd() & mask(gs));
}

static void build_tree(struct tree *t)
{
    t->n = 1 + rnd_below(POOL);
    for (unsigned i = 0; i < t->n; i++) {
        t->radix[i] = 1 + rnd_below(8);
        t->node[i] = cnode_alloc(t->radix[i]);
    }
    for (unsigned i = 0; i < t->n; i++) {
        for (uint64_t j = 0; j < (1ULL << t->radix[i]); j++) {
            unsigned p = rnd_below(100);
            if (p < 35)
                t->node[i][j].cap = rnd_cnode_cap(t, rnd_below(t->n));
            else if (p < 60)
                t->node[i][j].cap = ep(j);
        }
    }
    unsigned p = rnd_below(100);
    if (p < 4)
        t->root = p < 2 ? ep(1) : cap_null();
    else if (p < 30)   /* a root whose guard takes the bits the tree leaves */
        t->root = cn(t->node[0], t->radix[0], 64 - t->radix[0] - rnd_below(16), 0);
    else
        t->root = rnd_cnode_cap(t, rnd_below(t->n));
}

/* A cptr that mostly follows the tree (right guards, real CNodes), with
 * random bits where it runs out and garbage above `depth`. */
static uint64_t directed_cptr(const struct tree *t, unsigned depth)
{
    struct bitbuf b = { 0 };
    struct cap node = t->root;
    unsigned left = depth;
    while (cap_type(node) == CAP_CNODE && left > 0) {
        unsigned gs = cap_cnode_guard_size(node), radix = cap_cnode_radix(node);
        uint64_t guard = cap_cnode_guard(node);
        if (rnd_below(40) == 0)
            guard ^= 1ULL << rnd_below(gs ? gs : 1);
        unsigned take = gs < left ? gs : left;
        push(&b, guard >> (gs - take), take);
        left -= take;
        take = radix < left ? radix : left;
        uint64_t index = rnd() & mask(radix);
        const struct cte *cnode = (const struct cte *)(uintptr_t)cap_object(node);
        for (unsigned tries = 0; tries < 4 && rnd_below(4) != 0; tries++) {
            if (cap_type(cnode[index].cap) == CAP_CNODE)
                break;   /* prefer going deeper */
            index = rnd() & mask(radix);
        }
        push(&b, index >> (radix - take), take);
        left -= take;
        if (take < radix)
            break;
        node = cnode[index].cap;
    }
    push(&b, rnd(), left);
    uint64_t v = b.v;
    if (depth < 64)
        v = (v & mask(depth)) | (rnd() << depth);
    return v;
}

static void expect_like_ref(const struct ref_result *r, bool ok, struct cte *slot, unsigned left,
                            const struct lookup_fault *lf, const char *what, unsigned seed,
                            unsigned it, uint64_t cptr, unsigned depth)
{
    static const enum lookup_fault_type types[] = {
        [REF_INVALID_ROOT] = LOOKUP_INVALID_ROOT,
        [REF_DEPTH] = LOOKUP_DEPTH_MISMATCH,
        [REF_GUARD] = LOOKUP_GUARD_MISMATCH,
    };
    const char *fmt = "%s: seed %u iter %u cptr %#llx depth %u (ref kind %d)";
    unsigned long long c = (unsigned long long)cptr;
    CHECK_MSG(ok == (r->kind == REF_OK), fmt, what, seed, it, c, depth, (int)r->kind);
    if (ok != (r->kind == REF_OK))
        return;
    if (ok) {
        CHECK_MSG(slot == r->slot && left == r->left, fmt, what, seed, it, c, depth, (int)r->kind);
        return;
    }
    bool same = lf->type == types[r->kind];
    if (r->kind != REF_INVALID_ROOT)
        same = same && lf->bits_left == r->left && lf->bits_found == r->bits_found;
    if (r->kind == REF_GUARD)
        same = same && lf->guard_found == r->guard_found;
    CHECK_MSG(same, fmt, what, seed, it, c, depth, (int)r->kind);
}

/* The error words the sheet gives for a CNode-op lookup with this result. */
static unsigned ref_op_words(const struct ref_result *r, bool src, uint64_t *w)
{
    w[0] = src;
    switch (r->kind) {
    case REF_INVALID_ROOT:
        w[1] = 1;
        return 2;
    case REF_OK:   /* stopped with bits left: DepthMismatch, bitsFound 0 */
        w[1] = 3, w[2] = r->left, w[3] = 0;
        return 4;
    case REF_DEPTH:
        w[1] = 3, w[2] = r->left, w[3] = r->bits_found;
        return 4;
    case REF_GUARD:
    default:
        w[1] = 4, w[2] = r->left, w[3] = r->guard_found, w[4] = r->bits_found;
        return 5;
    }
}

static void test_random(void)
{
    char what[96];
    unsigned kinds[4] = { 0 }, deep = 0;
    for (unsigned seed = 1; seed <= 300; seed++) {
        rng_state = 0x9e3779b97f4a7c15ULL * seed;
        struct tree t;
        build_tree(&t);
        int before = test_failures;
        for (unsigned it = 0; it < 400 && test_failures == before; it++) {
            unsigned p = rnd_below(100);
            unsigned depth = p < 50 ? 64 : 1 + rnd_below(64);
            uint64_t cptr = rnd_below(5) ? directed_cptr(&t, depth) : rnd();
            struct ref_result r = ref_resolve(t.root, cptr, depth);
            kinds[r.kind]++;
            deep += r.kind == REF_OK && r.levels >= 3;

            struct cte *slot = NULL;
            struct lookup_fault lf = { 0 };
            unsigned left = 0;
            bool ok = cspace_resolve(t.root, cptr, depth, &slot, &left, &lf);
            expect_like_ref(&r, ok, slot, left, &lf, "cspace_resolve", seed, it, cptr, depth);
            if (depth == 64) {
                slot = NULL;
                ok = cspace_lookup_slot(t.root, cptr, &slot, &lf);
                expect_like_ref(&r, ok, slot, r.left, &lf, "cspace_lookup_slot", seed,
                                it, cptr, depth);
            }

            /* The CNode-op form, sometimes with a depth out of range. */
            bool src = rnd_below(2);
            uint64_t op_depth = rnd_below(20) == 0 ? (rnd_below(2) ? 0 : 65 + rnd_below(100)) : depth;
            struct syscall_error e = { 0 };
            slot = NULL;
            ok = cspace_lookup_for_op(src, t.root, cptr, op_depth, &slot, &e);
            snprintf(what, sizeof what, "lookup_for_op seed %u iter %u cptr %#llx depth %llu", seed,
                     it, (unsigned long long)cptr, (unsigned long long)op_depth);
            uint64_t w[6];
            if (r.kind == REF_INVALID_ROOT) {
                CHECK_MSG(!ok, "%s", what);
                expect_error(&e, CND_FAILED_LOOKUP, ref_op_words(&r, src, w), w, what);
            } else if (op_depth < 1 || op_depth > 64) {
                CHECK_MSG(!ok, "%s", what);
                expect_error(&e, CND_RANGE_ERROR, 2, (uint64_t[]){ 1, 64 }, what);
            } else if (r.kind == REF_OK && r.left == 0) {
                CHECK_MSG(ok && slot == r.slot, "%s", what);
            } else {
                CHECK_MSG(!ok, "%s", what);
                expect_error(&e, CND_FAILED_LOOKUP, ref_op_words(&r, src, w), w, what);
            }
        }
        free_all();
    }
    printf("random lookups: %u resolved (%u through 3+ CNodes), %u invalid root, "
           "%u depth mismatch, %u guard mismatch\n",
           kinds[REF_OK], deep, kinds[REF_INVALID_ROOT], kinds[REF_DEPTH], kinds[REF_GUARD]);
}

int main(void)
{
    test_error_words();
    test_single_level();
    test_multi_level();
    test_roots_and_range();
    free_all();
    test_random();
    return test_report("test_cspace");
}
