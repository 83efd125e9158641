/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conftest main: carves the scratch untyped and the slot window every case
 * allocates from, turns on the harness's per-case leak check, runs the
 * cases, then ends with DebugHalt (so that system call is covered too; the
 * kernel's "debug halt requested" line is its evidence).
 */
#include "conftest.h"

const struct cnd_boot_info *bi;
cnd_cptr_t scratch;
unsigned scratch_bits = 22; /* 4 MiB: room for every object type but giga pages */

/* Slot layout from the first empty slot: 3 probe slots the leak check
 * names (never filled), the 256-slot window, then fixed slots. */
#define WINDOW_SLOTS 256
static cnd_cptr_t window_lo;
static uint8_t window_used[WINDOW_SLOTS];

cnd_cptr_t slot_take(void)
{
    for (unsigned i = 0; i < WINDOW_SLOTS; i++) {
        if (!window_used[i]) {
            window_used[i] = 1;
            return window_lo + i;
        }
    }
    put_str("conftest: FAIL slot window exhausted\n");
    return 0;
}

void slot_give(cnd_cptr_t s)
{
    if (s < window_lo || s >= window_lo + WINDOW_SLOTS)
        return;
    (void)cnd_cnode_delete(ROOT, s, DEPTH);
    window_used[s - window_lo] = 0;
}

cnd_cptr_t make(cnd_word_t type, cnd_word_t size_bits)
{
    cnd_cptr_t s = slot_take();
    struct cnd_result r = cnd_untyped_retype(scratch, ROOT, type, size_bits, 0, 0, s, 1);
    EXPECT_ERR(r, CND_NO_ERROR);
    return s;
}

cnd_cptr_t empty_slot(void)
{
    return window_lo + WINDOW_SLOTS + 1;
}

cnd_cptr_t boot_untyped(unsigned bits)
{
    cnd_cptr_t best = 0;
    unsigned best_bits = 64;
    for (cnd_word_t s = bi->untyped.start; s < bi->untyped.end; s++) {
        const struct cnd_untyped_desc *d = &bi->untyped_list[s - bi->untyped.start];
        if (!d->is_device && d->size_bits >= bits && d->size_bits < best_bits) {
            best = s;
            best_bits = d->size_bits;
        }
    }
    return best;
}

cnd_cptr_t device_untyped(void)
{
    for (cnd_word_t s = bi->untyped.start; s < bi->untyped.end; s++)
        if (bi->untyped_list[s - bi->untyped.start].is_device)
            return s;
    return 0;
}

int main(const struct cnd_boot_info *boot_info)
{
    bi = boot_info;
    put_str("conftest: conformance cases\n");
    cnd_cptr_t probe = bi->empty.start;
    window_lo = probe + 3;
    scratch = window_lo + WINDOW_SLOTS;
    struct cnd_result r = cnd_untyped_retype(boot_untyped(scratch_bits + 1), ROOT,
                                             CND_OBJ_UNTYPED, scratch_bits, 0, 0, scratch, 1);
    if (r.error != CND_NO_ERROR) {
        put_str("conftest: FAIL cannot make the scratch untyped\n");
        return 1;
    }
    harness_leak_track(scratch, scratch_bits, probe, window_lo, window_lo + WINDOW_SLOTS);

    test_generic();
    test_wrappers();
    test_cnode();
    test_tcb();
    test_misc();
    test_isolation();

    harness_summary();
    cnd_debug_halt();
    return 0;
}
