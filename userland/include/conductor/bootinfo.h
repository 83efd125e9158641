/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: reading the boot info the kernel hands the root task.
 *
 * The boot-info frame (struct cnd_boot_info, <abi/boot_info.h>) lists the
 * untyped caps and the free slots; the "extra boot info" after it holds
 * chunks (id, len, payload): the device tree (id CND_BOOTINFO_HEADER_FDT)
 * and Conductor's system-control chunk (id CND_BOOTINFO_HEADER_SYSTEM_CONTROL).
 * These accessors hide the layout arithmetic. All take the boot-info pointer
 * main() received (or cnd_boot_info()); none changes anything.
 */
#ifndef CONDUCTOR_BOOTINFO_H
#define CONDUCTOR_BOOTINFO_H

#include <stddef.h>
#include <abi/boot_info.h>
#include <conductor/invoke.h>

/* Number of untyped caps (0..CND_MAX_NUM_BOOTINFO_UNTYPED_CAPS; a larger
 * range in a corrupt boot info is capped there). Errors: none. */
size_t cnd_bootinfo_untyped_count(const struct cnd_boot_info *bi);

/* Untyped i (0 <= i < count): its description, and its cap in *cptr (may be
 * NULL). Errors: NULL if i is out of range (*cptr untouched). */
const struct cnd_untyped_desc *cnd_bootinfo_untyped(const struct cnd_boot_info *bi, size_t i,
                                                    cnd_cptr_t *cptr);

/* Iterates every untyped: `i` a size_t, `cptr` a cnd_cptr_t and `desc` a
 * const struct cnd_untyped_desc * declared by the caller. Errors: none (an
 * empty list runs the body zero times). */
#define CND_BOOTINFO_FOR_EACH_UNTYPED(bi, i, cptr, desc)                      \
    for ((i) = 0; ((desc) = cnd_bootinfo_untyped((bi), (i), &(cptr))) != NULL; (i)++)

/* Total bytes of the untypeds, RAM (device = false) or device memory.
 * Errors: none. */
cnd_word_t cnd_bootinfo_untyped_bytes(const struct cnd_boot_info *bi, bool device);

/* The free slot range [start, end) of the root CNode. Errors: none. */
struct cnd_slot_region cnd_bootinfo_empty(const struct cnd_boot_info *bi);

/* log2 of the number of slots in the root CNode. Errors: none. */
unsigned cnd_bootinfo_cnode_bits(const struct cnd_boot_info *bi);

/*
 * The payload of the first extra-boot-info chunk with `id` (after its
 * 16-byte header); *len (may be NULL) gets the payload's length. NULL if
 * there is no such chunk or the chunk list is malformed (a chunk shorter
 * than its header or running past extra_len ends the walk).
 * Errors: NULL as just said; never reads past extra_len.
 */
const void *cnd_bootinfo_chunk(const struct cnd_boot_info *bi, cnd_word_t id, size_t *len);

/* The flattened device tree (chunk id 6) and its size in bytes (size may be
 * NULL). Errors: NULL if the kernel passed none. The blob is not checked:
 * open it with cnd_fdt_open. */
const void *cnd_bootinfo_fdt(const struct cnd_boot_info *bi, size_t *size);

/* The image option args=TEXT (CND_BOOTINFO_HEADER_ARGS chunk), or "" when the
 * image has none. Errors: none (no chunk, or one without a NUL, gives "").
 */
const char *cnd_bootinfo_args(const struct cnd_boot_info *bi);

/* The slot of the system-control cap (PowerOff/Reboot) as the kernel
 * announced it (chunk 0x434e44). Errors: 0 (CND_CAP_NULL) if it did not,
 * or the chunk is too short. */
cnd_cptr_t cnd_bootinfo_system_control(const struct cnd_boot_info *bi);

/*
 * Powers the machine off through the system-control cap the kernel
 * announced; prints why and falls back to cnd_exit(0) if there is none or
 * the call fails (e.g. on a board without a power-off device the kernel
 * halts instead). Errors: none reported (it never returns).
 */
void cnd_power_off(const struct cnd_boot_info *bi) __attribute__((noreturn));

#endif /* CONDUCTOR_BOOTINFO_H */
