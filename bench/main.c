/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The benchmark root task: measures the kernel's costs in instructions and
 * prints one "BENCH name=..." line per figure (tools/bench/run-bench.sh
 * turns them into a table and JSON), then "bench: done", and powers off
 * through Conductor's system-control capability (on seL4, which has none,
 * it just stops). See bench/README.md for the method.
 */
#include <conductor/runtime.h>
#include "bench.h"

void measure_overheads(void);
void bench_yield(void);

/* The system-control slot from its extra boot-info chunk, or 0 (seL4). */
static cnd_cptr_t system_control_slot(const struct cnd_boot_info *bi)
{
    const uint8_t *extra = (const uint8_t *)bi + CND_PAGE_SIZE;
    for (cnd_word_t off = 0; off + sizeof(struct cnd_boot_info_header) <= bi->extra_len;) {
        const struct cnd_boot_info_header *h = (const void *)(extra + off);
        if (h->len < sizeof *h)
            break;
        if (h->id == CND_BOOTINFO_HEADER_SYSTEM_CONTROL)
            return ((const struct cnd_boot_info_system_control *)(const void *)h)->slot;
        off += h->len;
    }
    return 0;
}

static void put_config(const char *key, uint64_t v)
{
    put_str(" ");
    put_str(key);
    put_str("=");
    put_dec(v);
}

int main(const struct cnd_boot_info *bi)
{
    /* First thing: the instruction count since the machine started. */
    struct sample at_main = sample_end();
    extern char __bss_start[], __bss_end[];

    sys_init(bi);
    measure_overheads();
    put_str("bench: Conductor kernel benchmarks");
    put_config("batch", BENCH_BATCH);
    put_config("batches", BENCH_BATCHES);
    put_config("warmup", BENCH_WARMUP);
    put_str("\nbench: overhead per batch: loop");
    put_config("instructions", overhead_batch_loop.instret);
    put_str(", counter-read pairs");
    put_config("instructions", overhead_sample_pair.instret);
    put_str("\n");

    /* Boot: instret at main counts the firmware, the kernel's boot, and
     * crt0 (which clears .bss: about bss/2 instructions) and TLS set-up. */
    result_print_single("boot_to_main", at_main.instret, "instructions", "bss_bytes",
                        (uint64_t)(__bss_end - __bss_start));

    bench_yield();
    bench_ipc();
    bench_signal();
    bench_irq();
    bench_objects();

    if (bench_errors) {
        put_str("bench: ");
        put_dec(bench_errors);
        put_str(" errors\n");
    }
    put_str("bench: done\n");
    cnd_cptr_t sc = system_control_slot(bi);
    if (sc)
        cnd_system_control_power_off(sc);
    park();
}
