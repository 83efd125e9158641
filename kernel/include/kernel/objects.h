/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Layouts of the small kernel objects and the global ASID table. Every
 * object lives in memory retyped from an Untyped (or, for the root task's
 * initial objects, carved at boot); the kernel allocates nothing else.
 */
#ifndef KERNEL_OBJECTS_H
#define KERNEL_OBJECTS_H

#include <stdint.h>
#include <abi/constants.h>
#include <kernel/cap.h>
#include <kernel/cte.h>

struct endpoint {
    uint64_t queue_head_state;   /* struct tcb * | state (low 2 bits) */
    uint64_t queue_tail;
};
_Static_assert(sizeof(struct endpoint) == (1u << CND_ENDPOINT_BITS), "endpoint size");

struct notification {
    uint64_t queue_head_state;   /* struct tcb * | state (low 2 bits) */
    uint64_t queue_tail;
    uint64_t word;               /* badges OR-ed together while active */
    uint64_t bound_tcb;
};
_Static_assert(sizeof(struct notification) == (1u << CND_NOTIFICATION_BITS), "notification size");

#define ASID_POOL_ENTRIES (1u << CND_ASID_POOL_INDEX_BITS)
#define ASID_POOLS (1u << CND_NUM_ASID_POOLS_BITS)

/* An ASID pool: the VSpace root (page table, physical address) of each of
 * its 512 ASIDs, 0 where unassigned. */
struct asid_pool {
    uint64_t vspace_root[ASID_POOL_ENTRIES];
};
_Static_assert(sizeof(struct asid_pool) == (1u << CND_ASID_POOL_BITS), "ASID pool size");

/* The pools by index (ASID >> 9); ASID 0 is never handed out. */
extern struct asid_pool *asid_table[ASID_POOLS];

#endif
