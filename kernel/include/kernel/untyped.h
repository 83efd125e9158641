/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Untyped memory: object sizes and the retype arithmetic, shared by the
 * Retype invocation, boot and the host unit tests.
 */
#ifndef KERNEL_UNTYPED_H
#define KERNEL_UNTYPED_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel/cap.h>
#include <kernel/cte.h>

/* Bytes (log2) of an object of `type` given the user's size argument;
 * the caller has checked `type` is valid. */
unsigned object_size_bits(uint64_t type, uint64_t user_size);

/* Whether `type` is a frame type (may come from device memory). */
bool object_is_frame(uint64_t type);

/* The cap for a new object of `type` at physical address `paddr`, after
 * initialising the object's memory where it needs more than zeroes. */
struct cap object_create(uint64_t type, uint64_t user_size, uint64_t paddr, bool device);

/*
 * Where `count` objects of 2^obj_bits bytes go in an untyped at `base` of
 * 2^ut_bits bytes whose watermark is `free_index`: the first object at the
 * watermark rounded up to the object size, the rest after it. Returns
 * false (NotEnoughMemory, with `free_bytes` the bytes left above the
 * watermark, seL4's detail word) when they do not fit.
 */
struct retype_plan {
    uint64_t first;            /* physical address of the first object */
    uint64_t new_free_index;   /* the watermark afterwards */
    uint64_t free_bytes;       /* bytes above the old watermark */
};
bool untyped_plan(uint64_t base, unsigned ut_bits, uint64_t free_index, unsigned obj_bits,
                  uint64_t count, struct retype_plan *plan);

/* Zeroes the used part of the untyped in `slot` from the top down in
 * chunks, moving its watermark down; false if preempted (call again). */
bool untyped_reset(struct cte *slot);

#endif
