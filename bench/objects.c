/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capability and memory benchmarks, run by the root task itself (alone at
 * priority 255, so no time slice and no preemption point ever fires).
 *
 *   untyped_retype_4k           Untyped_Retype of one 4 KiB frame per call
 *   untyped_retype_4k_fanout    the same frames, up to 250 per call (per frame)
 *   page_map_4k / page_unmap_4k Page_Map / Page_Unmap of distinct frames
 *   cnode_revoke_frames         Revoke of the untyped: per frame cap deleted
 *   untyped_reset               the first Retype after that revoke, which
 *                               zeroes the untyped's used memory (per reset)
 *   cnode_copy / cnode_delete   CNode_Copy of an endpoint cap / its Delete
 *   cnode_revoke                one Revoke of an endpoint cap with
 *                               BENCH_REVOKE_CAPS children (per revoke)
 *
 * Each batch works on BENCH_BATCH distinct frames / slots; one untimed round
 * comes first (the warm-up).
 */
#include "bench.h"

#define FANOUT 250

/* Adds the counters since `s0` to batch `round - 1`; round 0 is the warm-up. */
static void account(struct result *r, unsigned round, struct sample s0)
{
    struct sample s1 = sample_end();
    if (round > 0)
        sample_add(&r->batch[round - 1], s1, s0);
}

static void finish(struct result *r, struct sample overhead)
{
    r->batches = BENCH_BATCHES;
    r->overhead = overhead;
}

/* One start/end pair of counter reads (overhead_sample_pair holds a batch). */
static struct sample pair_overhead(void)
{
    struct sample s = overhead_sample_pair;
    s.instret /= BENCH_BATCH;
    s.cycle /= BENCH_BATCH;
    s.time /= BENCH_BATCH;
    return s;
}

static unsigned log2_up(uint64_t v)
{
    unsigned n = 0;
    while ((1ULL << n) < v)
        n++;
    return n;
}

static void frames(void)
{
    static struct result retype, fanout, map, unmap, revoke, reset;
    const uint64_t n = BENCH_BATCH;
    cnd_cptr_t ut = obj_new(CND_OBJ_UNTYPED, CND_PAGE_BITS + log2_up(n + 1));
    cnd_cptr_t base = slot_alloc();
    for (uint64_t i = 1; i <= n; i++)
        slot_alloc();
    for (cnd_word_t va = FRAMES_VA; va < FRAMES_VA + n * CND_PAGE_SIZE; va += CND_LARGE_PAGE_SIZE)
        ensure_tables(VSPACE, va);
    result_reset(&retype, n);
    result_reset(&fanout, n);
    result_reset(&map, n);
    result_reset(&unmap, n);
    result_reset(&revoke, n + 1);
    result_reset(&reset, 1);

    for (unsigned round = 0; round <= BENCH_BATCHES; round++) {
        struct sample s0 = sample_begin();
        bench_check(cnd_untyped_retype(ut, ROOT, CND_OBJ_4K_PAGE, 0, 0, 0, base + n, 1), "reset");
        account(&reset, round, s0);

        s0 = sample_begin();
        for (uint64_t i = 0; i < n; i++)
            cnd_untyped_retype(ut, ROOT, CND_OBJ_4K_PAGE, 0, 0, 0, base + i, 1);
        account(&retype, round, s0);

        s0 = sample_begin();
        for (uint64_t i = 0; i < n; i++)
            cnd_page_map(base + i, VSPACE, FRAMES_VA + i * CND_PAGE_SIZE, CND_READ_WRITE,
                         CND_VM_EXECUTE_NEVER);
        account(&map, round, s0);

        s0 = sample_begin();
        for (uint64_t i = 0; i < n; i++)
            cnd_page_unmap(base + i);
        account(&unmap, round, s0);

        s0 = sample_begin();
        bench_check(cnd_cnode_revoke(ROOT, ut, DEPTH), "revoke frames");
        account(&revoke, round, s0);

        /* Fan-out: reset first (untimed), so only the retypes are counted. */
        bench_check(cnd_untyped_retype(ut, ROOT, CND_OBJ_4K_PAGE, 0, 0, 0, base + n, 1), "reset");
        s0 = sample_begin();
        for (uint64_t i = 0; i < n; i += FANOUT)
            cnd_untyped_retype(ut, ROOT, CND_OBJ_4K_PAGE, 0, 0, 0, base + i,
                               n - i < FANOUT ? n - i : FANOUT);
        account(&fanout, round, s0);
        bench_check(cnd_cnode_revoke(ROOT, ut, DEPTH), "revoke frames");
    }
    /* Sanity: the last round's caps are all gone, the slots reusable. */
    bench_check(cnd_untyped_retype(ut, ROOT, CND_OBJ_4K_PAGE, 0, 0, 0, base, 1), "retype after");
    bench_check(cnd_cnode_revoke(ROOT, ut, DEPTH), "revoke after");

    /* Subtract an empty loop of as many iterations where there is one
     * (counter reads included), else one pair of counter reads. */
    finish(&retype, overhead_batch_loop);
    finish(&map, overhead_batch_loop);
    finish(&unmap, overhead_batch_loop);
    finish(&fanout, pair_overhead());
    finish(&revoke, pair_overhead());
    finish(&reset, pair_overhead());
    result_print("untyped_retype_4k", &retype, "instructions", 0, 0);
    result_print("untyped_retype_4k_fanout", &fanout, "instructions", "fanout", FANOUT);
    result_print("page_map_4k", &map, "instructions", 0, 0);
    result_print("page_unmap_4k", &unmap, "instructions", 0, 0);
    result_print("cnode_revoke_frames", &revoke, "instructions", "caps", n + 1);
    result_print("untyped_reset", &reset, "instructions", "bytes", (n + 1) * CND_PAGE_SIZE);
}

static void cnodes(void)
{
    static struct result copy, del, revoke;
    const unsigned radix = log2_up(BENCH_REVOKE_CAPS > BENCH_BATCH ? BENCH_REVOKE_CAPS : BENCH_BATCH);
    cnd_cptr_t scratch = obj_new(CND_OBJ_CAP_TABLE, radix);
    cnd_cptr_t ep = obj_new(CND_OBJ_ENDPOINT, 0);
    result_reset(&copy, BENCH_BATCH);
    result_reset(&del, BENCH_BATCH);
    result_reset(&revoke, 1);

    for (unsigned round = 0; round <= BENCH_BATCHES; round++) {
        struct sample s0 = sample_begin();
        for (uint64_t i = 0; i < BENCH_BATCH; i++)
            cnd_cnode_copy(scratch, ROOT, i, (uint8_t)radix, ep, DEPTH, CND_ALL_RIGHTS);
        account(&copy, round, s0);
        s0 = sample_begin();
        for (uint64_t i = 0; i < BENCH_BATCH; i++)
            cnd_cnode_delete(scratch, i, (uint8_t)radix);
        account(&del, round, s0);
    }
    for (unsigned round = 0; round <= BENCH_BATCHES; round++) {
        for (uint64_t i = 0; i < BENCH_REVOKE_CAPS; i++)
            cnd_cnode_copy(scratch, ROOT, i, (uint8_t)radix, ep, DEPTH, CND_ALL_RIGHTS);
        struct sample s0 = sample_begin();
        bench_check(cnd_cnode_revoke(ROOT, ep, DEPTH), "revoke");
        account(&revoke, round, s0);
    }
    /* Sanity: every copy went with the revoke. */
    bench_check(cnd_cnode_copy(scratch, ROOT, 0, (uint8_t)radix, ep, DEPTH, CND_ALL_RIGHTS), "copy after");

    finish(&copy, overhead_batch_loop);
    finish(&del, overhead_batch_loop);
    finish(&revoke, pair_overhead());
    result_print("cnode_copy", &copy, "instructions", 0, 0);
    result_print("cnode_delete", &del, "instructions", 0, 0);
    result_print("cnode_revoke", &revoke, "instructions", "caps", BENCH_REVOKE_CAPS);
}

void bench_objects(void)
{
    frames();
    cnodes();
}
