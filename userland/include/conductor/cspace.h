/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: a CSpace slot allocator.
 *
 * Addressing. Every CSpace this allocator manages is laid out so that slot
 * number n is simply cptr n, resolved with depth 64 (CND_CSPACE_DEPTH):
 *   - one level: a root CNode of 2^root_bits slots whose cap has a zero guard
 *     of 64 - root_bits bits (the root task's CSpace as the kernel builds it);
 *   - two levels: a root CNode of 2^root_bits slots whose cap has a zero guard
 *     of 64 - root_bits - l2_bits bits; root slot i holds a CNode of
 *     2^l2_bits slots with no guard, made on demand; slot n lives in the
 *     level-2 CNode n >> l2_bits, at index n & (2^l2_bits - 1).
 * So (root, n, 64) names slot n for every CNode operation, and n alone names
 * it for invocations. A level-2 CNode is named (root, i, 64 - l2_bits), and
 * cnd_cspace_node() gives the (CNode, offset) pair Untyped_Retype wants.
 *
 * Bookkeeping is a bitmap the caller provides (one bit per managed slot),
 * or none at all ("bump" mode: slots are handed out in order and only given
 * back all at once with cnd_cspace_reset, for short-lived uses such as a
 * process loader). The allocator never deletes caps unless a function says
 * so: freeing a slot only marks it free, so delete the cap first (or use
 * cnd_cspace_delete).
 */
#ifndef CONDUCTOR_CSPACE_H
#define CONDUCTOR_CSPACE_H

#include <abi/boot_info.h>
#include <conductor/invoke.h>

/* The depth that resolves any slot of a managed CSpace. */
#define CND_CSPACE_DEPTH 64
/* Words of bitmap for n slots. */
#define CND_CSPACE_BITMAP_WORDS(n) (((n) + 63) / 64)
/* Most level-2 CNodes a two-level CSpace may have (root_bits <= 8). */
#define CND_CSPACE_MAX_L2 256
_Static_assert(CND_CSPACE_DEPTH == CND_WORD_BITS, "slot n is resolved with all the word's bits");
_Static_assert(CND_CSPACE_DEPTH < 256, "depths travel as uint8_t in CNode invocations");

struct cnd_ut_alloc;
struct cnd_lock;

struct cnd_cspace {
    cnd_cptr_t root;         /* CNode cap to the root, guarded as described above */
    unsigned root_bits;      /* the root CNode has 2^root_bits slots */
    unsigned l2_bits;        /* 0: one level; else the level-2 CNodes' radix */
    cnd_word_t first, end;   /* managed slot numbers: [first, end) */
    cnd_word_t *bitmap;      /* bit n - first set = slot n in use; NULL: bump mode */
    cnd_word_t capacity;     /* bits the bitmap holds (>= end - first) */
    cnd_word_t next;         /* where the next search starts / the bump pointer */
    cnd_word_t used;         /* slots in use */
    struct cnd_ut_alloc *ut; /* two levels: where level-2 CNodes come from */
    cnd_word_t l2_made[CND_CSPACE_MAX_L2 / 64]; /* bit i: root slot i holds a CNode */
    struct cnd_lock *lock;   /* NULL (init): unlocked; an env shares its lock (lock.h) */
};

/*
 * Sets up an allocator over slots [first, end) of the CSpace whose root CNode
 * cap is `root` (in the caller's CSpace). bitmap (capacity bits, zeroed
 * here) may be NULL for bump mode. l2_bits 0 means one level. For two levels
 * `ut` provides the level-2 CNodes; root slots that already hold a level-2
 * CNode are declared with cnd_cspace_mark_node().
 * Errors: CND_ERR_BAD_ARGUMENT (root_bits/l2_bits/range that do not fit 64
 * bits, a bitmap too small, more than CND_CSPACE_MAX_L2 level-2 CNodes).
 */
struct cnd_result cnd_cspace_init(struct cnd_cspace *cs, cnd_cptr_t root, unsigned root_bits,
                                  unsigned l2_bits, cnd_word_t first, cnd_word_t end,
                                  cnd_word_t *bitmap, cnd_word_t capacity,
                                  struct cnd_ut_alloc *ut);

/* The root task's own CSpace: root CND_CAP_INIT_THREAD_CNODE, the empty
 * range from the boot info, one level. Errors: as cnd_cspace_init
 * (CND_ERR_BAD_ARGUMENT: bitmap too small for the empty range). */
struct cnd_result cnd_cspace_init_root_task(struct cnd_cspace *cs,
                                            const struct cnd_boot_info *bi,
                                            cnd_word_t *bitmap, cnd_word_t capacity);

/* Declares that root slot `index` already holds a level-2 CNode (so none
 * is made for it). Errors: none; ignored for one-level CSpaces and indices
 * of CND_CSPACE_MAX_L2 or more. */
void cnd_cspace_mark_node(struct cnd_cspace *cs, cnd_word_t index);

/*
 * A free slot in *slot. Two levels: makes the level-2 CNode first if needed
 * (from cs->ut; its errors are returned). Errors: CND_ERR_NO_SLOTS.
 */
struct cnd_result cnd_cspace_alloc(struct cnd_cspace *cs, cnd_cptr_t *slot);

/* `count` consecutive free slots, all inside one CNode (so one
 * Untyped_Retype can fill them); the first in *first. Errors:
 * CND_ERR_BAD_ARGUMENT (count 0), CND_ERR_NO_SLOTS (detail0 = count), or
 * those of making a level-2 CNode. */
struct cnd_result cnd_cspace_alloc_range(struct cnd_cspace *cs, cnd_word_t count,
                                         cnd_cptr_t *first);

/* Marks slot(s) free. The caps in them must already be gone. Errors: none;
 * slots outside the managed range or already free are ignored. Bump mode:
 * only the most recent allocation can be given back this way (others are
 * ignored until cnd_cspace_reset). */
void cnd_cspace_free(struct cnd_cspace *cs, cnd_cptr_t slot);
void cnd_cspace_free_range(struct cnd_cspace *cs, cnd_cptr_t first, cnd_word_t count);

/* Deletes the cap in `slot` (CNode_Delete) and frees the slot. Errors: the
 * kernel's CNode_Delete errors (then the slot stays allocated). */
struct cnd_result cnd_cspace_delete(struct cnd_cspace *cs, cnd_cptr_t slot);

/* Bump mode and bitmap mode alike: forget every allocation (the caps must be
 * gone already). Level-2 CNodes stay. Errors: none. */
void cnd_cspace_reset(struct cnd_cspace *cs);

/* Free slots left (bump mode: left in order); with other threads
 * allocating, a snapshot. Errors: none. */
cnd_word_t cnd_cspace_free_count(const struct cnd_cspace *cs);

/* Whether slot is allocated. Errors: false outside the managed range. */
bool cnd_cspace_in_use(const struct cnd_cspace *cs, cnd_cptr_t slot);

/*
 * Where slot lives, as Untyped_Retype and IRQControl_Get want it: the CNode
 * (*index, *depth) relative to cs->root (depth 0 = the root itself) and the
 * slot's *offset inside it. Errors: none (pure arithmetic; the slot need
 * not be allocated).
 */
void cnd_cspace_node(const struct cnd_cspace *cs, cnd_cptr_t slot, cnd_word_t *index,
                     cnd_word_t *depth, cnd_word_t *offset);

/*
 * Grows the root task's own one-level CSpace into two levels: a new root
 * CNode of 2^extra_bits slots whose slot 0 is the old root CNode, so every
 * existing cptr keeps its meaning and slots up to 2^(extra_bits + old bits)
 * become available (level-2 CNodes as big as the old root, made on demand
 * from cs->ut). Calls TCB_SetSpace on the root task (fault endpoint 0, as
 * the kernel starts it; VSpace unchanged). cs->root then names the new root;
 * CND_CAP_INIT_THREAD_CNODE still names the old one, so (that, n, 64) keeps
 * working for old slots only. Threads created before keep the old CSpace.
 * Errors: CND_ERR_BAD_ARGUMENT (already two levels, extra_bits 0 or more
 * than 8), CND_ERR_TABLE_FULL (the bitmap cannot hold the new size), and
 * the kernel's and allocators' errors.
 */
struct cnd_result cnd_cspace_expand_root_task(struct cnd_cspace *cs, unsigned extra_bits);

#endif /* CONDUCTOR_CSPACE_H */
