/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capability operations shared by CNode invocations, IPC cap transfer and
 * object destruction: deriving, masking and updating caps, and deleting or
 * revoking them (preemptibly).
 */
#ifndef KERNEL_CNODE_H
#define KERNEL_CNODE_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel/cte.h>
#include <kernel/error.h>

/* Reduces the rights of `c` to those in the seL4 rights word `rights`. */
struct cap cap_mask_rights(unsigned rights, struct cap c);

/* Applies a badge or guard word (Mint: preserve = false; Mutate, Rotate:
 * preserve = true); returns the null cap where the result is not allowed. */
struct cap cap_update_data(bool preserve, uint64_t data, struct cap c);

/* The cap to store for a copy of the cap in `slot` (`c`, possibly already
 * masked): null for caps that cannot be copied; RevokeFirst for an untyped
 * with children; IllegalOperation for an unmapped page table. */
bool cap_derive(struct cte *slot, struct cap c, struct cap *out, struct syscall_error *err);

/* Deletes the cap in `slot`; when it was the last cap to an object, the
 * object is destroyed (a CNode's or TCB's slots are emptied first). Returns
 * false if preempted: the work done so far is kept and calling again
 * continues from there. */
bool cte_delete(struct cte *slot);

/* Deletes a cap whose removal is bounded work (never the last cap to a
 * CNode or TCB), such as a reply cap. */
void cte_delete_one(struct cte *slot);

/* Deletes every cap derived from the one in `slot`. Preemptible like
 * cte_delete. */
bool cte_revoke(struct cte *slot);

#endif
