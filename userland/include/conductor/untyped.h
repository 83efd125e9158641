/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: an untyped-memory allocator.
 *
 * It retypes kernel objects of any type out of a set of untyped caps (the
 * boot untypeds, or any untyped you give it), keeping a model of each
 * untyped's watermark: the kernel places objects at the watermark rounded up
 * to the object's size, and resets an untyped to empty when it has no
 * children left. The model follows the same rule, so it knows each object's
 * physical address and never asks the kernel for what cannot fit; if it is
 * ever wrong (someone else retyped from the same untyped), the kernel's
 * NotEnoughMemory reply resynchronises it.
 *
 * Freeing, and its granularity. cnd_ut_free() deletes an object's cap and
 * frees its slot at once, but its memory comes back only when every object
 * made from the same untyped is gone (that is when the kernel resets the
 * untyped). So memory is recycled per untyped, never per object. To recycle
 * a group of objects together, carve a child untyped for them
 * (cnd_ut_alloc of CND_OBJ_UNTYPED) and give it to a second allocator, or
 * use cnd_ut_revoke(), which destroys everything made from one untyped
 * (including copies of the caps, wherever they are) in one call.
 *
 * Device memory. Device untypeds are used only by cnd_ut_alloc_at(), which
 * makes a frame at a given physical address by splitting the untyped that
 * covers it into halves (buddy style) until a piece of the frame's size
 * starts there; the other halves stay available for later requests.
 */
#ifndef CONDUCTOR_UNTYPED_H
#define CONDUCTOR_UNTYPED_H

#include <abi/boot_info.h>
#include <abi/object_types.h>
#include <conductor/invoke.h>

_Static_assert(CND_MAX_UNTYPED_BITS < 64 && CND_MIN_UNTYPED_BITS == 4,
               "untyped sizes the allocator accepts (cnd_ut_add)");

struct cnd_cspace;
struct cnd_lock;

/* One untyped the allocator manages. */
struct cnd_ut_entry {
    cnd_cptr_t cptr;         /* its cap (in the allocator's CSpace) */
    cnd_paddr_t paddr;
    cnd_word_t watermark;    /* model: bytes handed out from its start */
    uint32_t live;           /* objects made from it and not yet freed */
    uint32_t generation;     /* bumped by cnd_ut_revoke */
    uint8_t size_bits;
    uint8_t device;
    uint8_t split;           /* 0, CND_UT_SPLIT (device: now two halves), CND_UT_GONE */
    uint8_t unsure;          /* the kernel disagreed once: never assume a reset */
};

/* cnd_ut_entry.split: pieces of a split device untyped, and pieces whose
 * parent was revoked, are never used for allocation. */
#define CND_UT_SPLIT 1
#define CND_UT_GONE 2

struct cnd_ut_alloc {
    struct cnd_cspace *cs;   /* slots for new caps */
    struct cnd_ut_entry *entries;
    unsigned count, capacity;
    struct cnd_lock *lock;   /* NULL (init): unlocked; an env shares its lock (lock.h) */
};

/* An object the allocator made. */
struct cnd_object {
    cnd_cptr_t cptr;         /* its cap (the first of `count` caps); 0 if placed elsewhere */
    cnd_paddr_t paddr;       /* physical address of the (first) object */
    uint32_t count;          /* objects made together (consecutive slots and addresses) */
    uint16_t untyped;        /* index of its untyped in the allocator */
    uint8_t type;            /* enum cnd_object_type */
    uint8_t size_bits;       /* log2 of one object's size in bytes */
    uint32_t generation;     /* its untyped's generation when made */
    uint8_t own_slots;       /* the caps sit in slots the allocator allocated */
};

/* Sets up an empty allocator with room for `capacity` untypeds in
 * `entries`; new caps go into slots from `cs`. No lock (an env sets one).
 * Errors: none (it only records its arguments). */
void cnd_ut_init(struct cnd_ut_alloc *ut, struct cnd_cspace *cs, struct cnd_ut_entry *entries,
                 unsigned capacity);

/* Adds an untyped cap (nothing made from it yet, or only objects that will
 * stay). Errors: CND_ERR_TABLE_FULL. */
struct cnd_result cnd_ut_add(struct cnd_ut_alloc *ut, cnd_cptr_t cptr, cnd_paddr_t paddr,
                             unsigned size_bits, bool device);

/* Adds every untyped of the boot info. Errors: CND_ERR_TABLE_FULL. */
struct cnd_result cnd_ut_add_bootinfo(struct cnd_ut_alloc *ut, const struct cnd_boot_info *bi);

/* The size in bytes of one object (size_bits as Untyped_Retype reads it:
 * bytes for untypeds, slots for CNodes, ignored otherwise). Errors: 0 if
 * the type is unknown or the size out of range. */
cnd_word_t cnd_object_bytes(cnd_word_t type, cnd_word_t size_bits);

/*
 * Makes `count` objects of `type` (size_bits as for Untyped_Retype) from
 * the best-fitting non-device untyped, into `count` consecutive new slots.
 * Errors: CND_ERR_BAD_ARGUMENT (type, size, count 0 or above 256),
 * CND_ERR_NO_MEMORY, CND_ERR_NO_SLOTS, or the kernel's.
 */
struct cnd_result cnd_ut_alloc_n(struct cnd_ut_alloc *ut, cnd_word_t type, cnd_word_t size_bits,
                                 cnd_word_t count, struct cnd_object *out);
/* One object: cnd_ut_alloc_n(ut, type, size_bits, 1, out). Errors: as
 * cnd_ut_alloc_n. */
struct cnd_result cnd_ut_alloc(struct cnd_ut_alloc *ut, cnd_word_t type, cnd_word_t size_bits,
                               struct cnd_object *out);

/*
 * As cnd_ut_alloc_n, but the caps go where the caller says: the CNode
 * (root, node_index, node_depth) from `offset` on, exactly as
 * Untyped_Retype takes them (e.g. into another process's CSpace). out->cptr
 * is 0 and cnd_ut_free() will not touch those slots. Errors:
 * CND_ERR_BAD_ARGUMENT, CND_ERR_NO_MEMORY, or the kernel's Untyped_Retype
 * errors (e.g. DeleteFirst: a target slot is not empty).
 */
struct cnd_result cnd_ut_alloc_into(struct cnd_ut_alloc *ut, cnd_word_t type,
                                    cnd_word_t size_bits, cnd_word_t count, cnd_cptr_t root,
                                    cnd_word_t node_index, cnd_word_t node_depth,
                                    cnd_word_t offset, struct cnd_object *out);

/*
 * A frame of `type` (CND_OBJ_4K_PAGE, _MEGA_PAGE or _GIGA_PAGE) at physical
 * address paddr (aligned to the frame size) from the device untyped covering
 * it, e.g. a device's registers. Errors: CND_ERR_BAD_ARGUMENT,
 * CND_ERR_NO_DEVICE_MEMORY, CND_ERR_IN_USE (that memory is already a frame
 * or split smaller), CND_ERR_TABLE_FULL (no room to record the pieces),
 * CND_ERR_NO_SLOTS, or the kernel's.
 */
struct cnd_result cnd_ut_alloc_at(struct cnd_ut_alloc *ut, cnd_word_t type, cnd_paddr_t paddr,
                                  struct cnd_object *out);

/*
 * Deletes the object's caps (if the allocator placed them), frees their
 * slots and counts the objects as gone; see the granularity note above.
 * Freeing an object whose untyped was revoked since only frees the slots.
 * Errors: the kernel's CNode_Delete errors.
 */
struct cnd_result cnd_ut_free(struct cnd_ut_alloc *ut, struct cnd_object *obj);

/*
 * Revokes untyped `index`: every object made from it is destroyed and every
 * cap to them deleted, wherever it is. Its memory is all free again. The
 * slots those caps used in the allocator's CSpace are still marked in use:
 * give them back with cnd_ut_free() on each object (which then only frees
 * slots). A device untyped's halves (cnd_ut_alloc_at splits) are destroyed
 * with it and their slots given back here; their table entries stay, never
 * used again. Errors: CND_ERR_BAD_ARGUMENT, the kernel's CNode_Revoke
 * errors.
 */
struct cnd_result cnd_ut_revoke(struct cnd_ut_alloc *ut, unsigned index);

/* Bytes the model says are still free in non-device untypeds, and in
 * *largest (may be NULL) the largest single block among them (the biggest
 * object that still fits). With other threads allocating, a snapshot.
 * Errors: none. */
cnd_word_t cnd_ut_free_bytes(const struct cnd_ut_alloc *ut, cnd_word_t *largest);

#endif /* CONDUCTOR_UNTYPED_H */
