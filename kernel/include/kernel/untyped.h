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

/* Zeroes the used part of the untyped in `slot` from the top down in
 * chunks, moving its watermark down; false if preempted (call again). */
bool untyped_reset(struct cte *slot);

#endif
