/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The benchmark root task: shared declarations.
 *
 * Counters: rdinstret / rdcycle / rdtime from U-mode. Under QEMU with
 * -icount shift=0,sleep=off, instret and cycle are QEMU's virtual clock in
 * ns: the instructions executed (plus idle time in wfi, which no benchmark
 * interval has), and time advances 1 tick per 100 of them (10 MHz), so every
 * figure is deterministic. Without -icount, instret and cycle are host TSC
 * ticks and time is wall clock: noisy.
 *
 * Everything here uses seL4's ABI only (plus Conductor's power-off, used
 * when the system-control chunk is present), so the same ELF boots on seL4
 * (one that lets U-mode read the counters). QEMU virt only: the interrupt
 * benchmark drives the UART at 0x10000000 (PLIC source 10).
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdint.h>
#include <abi/boot_info.h>
#include <conductor/conductor.h>

/* --- Sizes: full run, the smoke run of the ctest (-DBENCH_SMOKE), or two
 * iterations of everything for instruction traces (-DBENCH_TRACE) -------- */
#if defined(BENCH_TRACE)
#define BENCH_BATCH 2
#define BENCH_BATCHES 1
#define BENCH_WARMUP 2
#define BENCH_REVOKE_CAPS 10
#elif defined(BENCH_SMOKE)
#define BENCH_BATCH 10         /* iterations per batch */
#define BENCH_BATCHES 10
#define BENCH_WARMUP 10
#define BENCH_REVOKE_CAPS 100
#else
#define BENCH_BATCH 1000
#define BENCH_BATCHES 10
#define BENCH_WARMUP 1000
#define BENCH_REVOKE_CAPS 10000
#endif
#define BENCH_MAX_BATCHES 16

#define ROOT CND_CAP_INIT_THREAD_CNODE
#define VSPACE CND_CAP_INIT_THREAD_VSPACE
#define DEPTH 64

/* Priorities: the root task stays at 255 and only waits; benchmark threads
 * run below it. */
#define PRIO_BASE 100
#define PRIO_HIGH 150
#define PRIO_LOW 50

/* --- Counters ----------------------------------------------------------------- */
struct sample {
    uint64_t instret, cycle, time;
};

/* Start of an interval: instret last, closest to the measured code. */
static inline __attribute__((always_inline)) struct sample sample_begin(void)
{
    struct sample s;
    __asm__ volatile("rdtime %0\n\trdcycle %1\n\trdinstret %2"
                     : "=r"(s.time), "=r"(s.cycle), "=r"(s.instret)::"memory");
    return s;
}

/* End of an interval: instret first. */
static inline __attribute__((always_inline)) struct sample sample_end(void)
{
    struct sample s;
    __asm__ volatile("rdinstret %0\n\trdcycle %1\n\trdtime %2"
                     : "=r"(s.instret), "=r"(s.cycle), "=r"(s.time)::"memory");
    return s;
}

static inline void sample_add(struct sample *acc, struct sample end, struct sample start)
{
    acc->instret += end.instret - start.instret;
    acc->cycle += end.cycle - start.cycle;
    acc->time += end.time - start.time;
}

/* --- Results ------------------------------------------------------------------------ */
struct result {
    unsigned batches;          /* batches measured */
    uint64_t per_batch;        /* operations per batch */
    struct sample batch[BENCH_MAX_BATCHES]; /* raw totals per batch */
    struct sample overhead;    /* to subtract from each batch's totals */
};

/* Filled by whichever thread measures; printed by the root task. */
extern struct result bench_result;

/* Overheads measured once at start-up: an empty batch loop, and one
 * sample_begin/sample_end pair. */
extern struct sample overhead_batch_loop, overhead_sample_pair;

void result_reset(struct result *r, uint64_t per_batch);
/* Sets r->overhead for a batch loop / for per-operation samples. */
void result_overhead_loop(struct result *r);
void result_overhead_samples(struct result *r);
/* Prints "BENCH name=... iterations=... mean=... min=... max=... unit=...",
 * plus " key=value" if key is not NULL. */
void result_print(const char *name, const struct result *r, const char *unit, const char *key,
                  uint64_t value);
/* A single value (boot): iterations=1, mean = min = max. */
void result_print_single(const char *name, uint64_t value, const char *unit, const char *key,
                         uint64_t key_value);

/* Runs `body` WARMUP times, then BATCHES batches of BATCH times, sampling
 * the counters around each batch into r->batch[]. */
#define BENCH_BATCHED(r, body)                                                  \
    do {                                                                        \
        for (uint64_t w_ = 0; w_ < BENCH_WARMUP; w_++) {                        \
            body;                                                               \
        }                                                                       \
        for (unsigned b_ = 0; b_ < BENCH_BATCHES; b_++) {                       \
            struct sample s0_ = sample_begin();                                 \
            for (uint64_t i_ = 0; i_ < BENCH_BATCH; i_++) {                     \
                body;                                                           \
            }                                                                   \
            struct sample s1_ = sample_end();                                   \
            sample_add(&(r)->batch[b_], s1_, s0_);                              \
        }                                                                       \
        (r)->batches = BENCH_BATCHES;                                           \
    } while (0)

/* --- Output ---------------------------------------------------------------------------- */
void put_str(const char *s);
void put_dec(uint64_t v);
void put_hex(uint64_t v);
/* Prints "bench: ERROR what (error name)" and counts it. */
void bench_check(struct cnd_result r, const char *what);
extern unsigned bench_errors;

/* --- Memory, objects, address spaces ------------------------------------------------------ */
extern const struct cnd_boot_info *bench_bi;

void sys_init(const struct cnd_boot_info *bi);
cnd_cptr_t slot_alloc(void);
/* A new object from the general pool (size_bits for untyped / CNode). */
cnd_cptr_t obj_new(cnd_word_t type, cnd_word_t size_bits);
/* Page tables so that `va` can take a 4 KiB page in `vspace`. */
void ensure_tables(cnd_cptr_t vspace, cnd_word_t va);
/* The device untyped covering `paddr`; 4 KiB frame cap at exactly `paddr`. */
cnd_cptr_t device_frame(cnd_word_t paddr);
/* A second address space running a copy of this image (same frames). */
cnd_cptr_t second_vspace(void);

/* Virtual layout of our own additions (above the image, below USER_TOP). */
#define THREAD_REGION 0x1000000000ULL       /* 2 MiB: stacks and IPC buffers */
#define THREAD_STRIDE 0x8000ULL             /* 32 KiB per thread slot */
#define UART_VA (THREAD_REGION + 0x1ff000ULL)
#define FRAMES_VA (THREAD_REGION + 0x200000ULL) /* the map/unmap benchmark */

/* --- Threads ------------------------------------------------------------------------------ */
/* Fixed thread slots: each has a stack, TLS block and IPC buffer mapped at
 * THREAD_REGION + slot * THREAD_STRIDE; the X-slots are also mapped in the
 * second address space. */
enum { T_CLIENT, T_SERVER, T_XSERVER, T_NSLOTS };

struct bthread {
    cnd_cptr_t tcb;            /* slot of its TCB cap (0: none) */
    void (*fn)(struct bthread *self);
    cnd_word_t arg[4];
    cnd_word_t ipc_va;
    cnd_cptr_t frames[5];      /* 4 stack pages, then the IPC buffer */
    unsigned slot;
    int in_second_vspace;
};

/* Creates and starts a thread in slot `slot` (T_XSERVER: in the second
 * address space) at `prio`; fn(self) runs with its own IPC buffer. */
struct bthread *thread_run(unsigned slot, void (*fn)(struct bthread *), cnd_word_t prio,
                           cnd_word_t a0, cnd_word_t a1);
/* Stops it and deletes its TCB. */
void thread_kill(struct bthread *t);
/* The measuring thread reports here when its result is in bench_result. */
extern cnd_cptr_t done_ntfn;
void wait_done(void);
/* Blocks the calling thread for good. */
void park(void) __attribute__((noreturn));

/* --- The benchmark groups -------------------------------------------------------------- */
void bench_ipc(void);
void bench_signal(void);
void bench_irq(void);
void bench_objects(void);

#endif /* BENCH_BENCH_H */
