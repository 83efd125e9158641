/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Results: overhead subtraction, statistics and the machine-readable
 * output lines
 *
 *   BENCH name=N iterations=I mean=M min=A max=B unit=U cycles=C ticks=T [k=v...]
 *
 * mean is over all measured iterations (batches x per-batch), min and max
 * are the lowest and highest batch means, cycles is the mean in rdcycle
 * units, ticks the total rdtime ticks of all measured iterations (the host
 * script turns them into ns). Values have one decimal.
 */
#include "bench.h"

struct result bench_result;
struct sample overhead_batch_loop, overhead_sample_pair;
unsigned bench_errors;

void put_str(const char *s)
{
    cnd_debug_puts(s);
}

void put_dec(uint64_t v)
{
    cnd_debug_put_dec(v);
}

void put_hex(uint64_t v)
{
    cnd_debug_put_hex(v, 16);
}

void bench_check(struct cnd_result r, const char *what)
{
    if (r.error == CND_NO_ERROR)
        return;
    bench_errors++;
    put_str("bench: ERROR ");
    put_str(what);
    put_str(": ");
    put_str(cnd_error_name(r.error));
    put_str("\n");
}

void result_reset(struct result *r, uint64_t per_batch)
{
    *r = (struct result){ .per_batch = per_batch };
}

/* The smallest batch total: the least disturbed (timer ticks land in few). */
static struct sample min_batch(const struct result *r)
{
    struct sample m = r->batch[0];
    for (unsigned b = 1; b < r->batches; b++) {
        if (r->batch[b].instret < m.instret)
            m.instret = r->batch[b].instret;
        if (r->batch[b].cycle < m.cycle)
            m.cycle = r->batch[b].cycle;
        if (r->batch[b].time < m.time)
            m.time = r->batch[b].time;
    }
    return m;
}

/* Measures both overheads; called once, by the root task, before anything else. */
void measure_overheads(void);
void measure_overheads(void)
{
    struct result r;
    result_reset(&r, BENCH_BATCH);
    BENCH_BATCHED(&r, __asm__ volatile(""));
    overhead_batch_loop = min_batch(&r);

    /* A start sample stored to memory and read back, as the cross-thread
     * benchmarks do, then an end sample. */
    static volatile struct sample start;
    result_reset(&r, BENCH_BATCH);
    for (unsigned b = 0; b < BENCH_BATCHES; b++) {
        for (uint64_t i = 0; i < BENCH_BATCH; i++) {
            struct sample s = sample_begin();
            start.instret = s.instret;
            start.cycle = s.cycle;
            start.time = s.time;
            struct sample e = sample_end();
            struct sample s0 = { start.instret, start.cycle, start.time };
            sample_add(&r.batch[b], e, s0);
        }
    }
    r.batches = BENCH_BATCHES;
    overhead_sample_pair = min_batch(&r);
}

void result_overhead_loop(struct result *r)
{
    r->overhead = overhead_batch_loop;
}

void result_overhead_samples(struct result *r)
{
    r->overhead = overhead_sample_pair;
}

/* value / n with one decimal, as "123.4"; negative values clamp to 0. */
static void put_fixed(int64_t value, uint64_t n)
{
    if (value < 0 || n == 0)
        value = 0;
    uint64_t tenths = ((uint64_t)value * 10 + n / 2) / n;
    put_dec(tenths / 10);
    put_str(".");
    put_dec(tenths % 10);
}

static int64_t corrected(uint64_t raw, uint64_t overhead)
{
    return (int64_t)(raw - overhead);
}

static void put_extra(const char *key, uint64_t value)
{
    if (!key)
        return;
    put_str(" ");
    put_str(key);
    put_str("=");
    put_dec(value);
}

void result_print(const char *name, const struct result *r, const char *unit, const char *key,
                  uint64_t value)
{
    int64_t sum = 0, csum = 0, tsum = 0, lo = INT64_MAX, hi = INT64_MIN;
    for (unsigned b = 0; b < r->batches; b++) {
        int64_t v = corrected(r->batch[b].instret, r->overhead.instret);
        sum += v;
        csum += corrected(r->batch[b].cycle, r->overhead.cycle);
        tsum += corrected(r->batch[b].time, r->overhead.time);
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    uint64_t n = r->batches * r->per_batch;
    put_str("BENCH name=");
    put_str(name);
    put_str(" iterations=");
    put_dec(n);
    put_str(" mean=");
    put_fixed(sum, n);
    put_str(" min=");
    put_fixed(lo, r->per_batch);
    put_str(" max=");
    put_fixed(hi, r->per_batch);
    put_str(" unit=");
    put_str(unit);
    put_str(" cycles=");
    put_fixed(csum, n);
    put_str(" ticks=");
    put_dec(tsum < 0 ? 0 : (uint64_t)tsum);
    put_extra(key, value);
    put_str("\n");
}

void result_print_single(const char *name, uint64_t value, const char *unit, const char *key,
                         uint64_t key_value)
{
    put_str("BENCH name=");
    put_str(name);
    put_str(" iterations=1 mean=");
    put_dec(value);
    put_str(".0 min=");
    put_dec(value);
    put_str(".0 max=");
    put_dec(value);
    put_str(".0 unit=");
    put_str(unit);
    put_extra(key, key_value);
    put_str("\n");
}
