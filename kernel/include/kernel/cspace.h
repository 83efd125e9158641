/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CSpace addressing: guarded, variable-radix CNode trees walked from a root
 * CNode cap with a cptr and a depth, as seL4 defines it.
 */
#ifndef KERNEL_CSPACE_H
#define KERNEL_CSPACE_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/arch.h>
#include <kernel/cte.h>
#include <kernel/error.h>

#define WORD_BITS 64

/*
 * Resolves the low `depth` bits of `cptr` (most significant first) starting
 * at the CNode cap `root`.
 * Stops at the first slot whose cap is not a CNode (with bits possibly left)
 * or when all bits are used. On success sets *slot and *bits_left and
 * returns true; otherwise fills `lf` (invalid root, guard or depth mismatch)
 * and returns false. Never fails for any input values.
 */
bool cspace_resolve(struct cap root, uint64_t cptr, unsigned depth, struct cte **slot,
                    unsigned *bits_left, struct lookup_fault *lf);

/* The slot `cptr` names in the CSpace rooted at `root`, resolving all 64
 * bits or stopping early at a non-CNode cap (as invocations do). */
bool cspace_lookup_slot(struct cap root, uint64_t cptr, struct cte **slot,
                        struct lookup_fault *lf);

/*
 * A CNode-operation lookup (index, depth): `root` must be a CNode cap (else
 * FailedLookup/InvalidRoot), depth 1..64 (else RangeError 1..64) and the
 * lookup must use exactly `depth` bits (else FailedLookup/DepthMismatch).
 * `is_source` goes into the error's first word.
 */
bool cspace_lookup_for_op(bool is_source, struct cap root, uint64_t index, uint64_t depth,
                          struct cte **slot, struct syscall_error *err);

/* Slot `index` of the CNode a CNode cap names. */
static inline struct cte *cnode_slot(struct cap cnode, uint64_t index)
{
    return (struct cte *)paddr_to_kptr(cap_object(cnode)) + index;
}

#endif
