/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: a VSpace helper.
 *
 * Mapping a frame on Sv39 needs up to two page tables below the root (one
 * per 1 GiB region, one per 2 MiB region). The kernel says which one is
 * missing: Page_Map fails with FailedLookup and bitsLeft 30 (no table for
 * the 1 GiB region) or 21 (none for the 2 MiB region). cnd_vspace_map()
 * answers that by making the table from the untyped allocator, mapping it,
 * and retrying, so callers never see those errors. Page tables made this way
 * stay for the life of the VSpace (their caps are kept in the allocator's
 * CSpace); deleting the VSpace root or its page-table caps removes them.
 *
 * It also hands out virtual address ranges from a window given at init,
 * and builds the usual mappings: fresh zeroed memory, stacks with an
 * unmapped guard page below, IPC buffers. Ranges are handed out bottom up;
 * a range given back (cnd_vspace_release, or cnd_vspace_free of a mapping
 * the helper placed, as when a thread is destroyed) is reused, first fit,
 * by later requests. Up to CND_VSPACE_MAX_HOLES separate free ranges are
 * remembered below the high-water mark (adjacent ones merge; one at the top
 * lowers the mark); a range freed when that table is full is counted in
 * `lost` and not reused.
 *
 * Threads: with `lock` set (an env sets it), every function here may be
 * called by several threads of the address space at once (<conductor/lock.h>).
 */
#ifndef CONDUCTOR_VSPACE_H
#define CONDUCTOR_VSPACE_H

#include <abi/rights.h>
#include <abi/vm.h>
#include <conductor/untyped.h>

/* Default window for a root task's or process's own dynamic mappings:
 * [64 GiB, 252 GiB), far from images linked at 0x10000. */
#define CND_VSPACE_DYNAMIC_BASE CND_UL(0x1000000000)
#define CND_VSPACE_DYNAMIC_END CND_UL(0x3f00000000)
/* Free ranges remembered for reuse below the high-water mark. */
#define CND_VSPACE_MAX_HOLES 32
/* Most pages one cnd_mapping can hold (one Untyped_Retype). */
#define CND_VSPACE_MAX_PAGES CND_UNTYPED_RETYPE_MAX_OBJECTS
_Static_assert(CND_PT_LEVELS == 3 && CND_PAGE_TABLE_INDEX_BITS == 9,
               "Sv39: tables below the root for 1 GiB and 2 MiB regions");
_Static_assert(CND_VSPACE_DYNAMIC_END <= CND_USER_TOP, "the window is user space");

struct cnd_lock;

/* A free range [start, end) of the window below its high-water mark. */
struct cnd_vspace_hole {
    cnd_vaddr_t start, end;
};

struct cnd_vspace {
    cnd_cptr_t root;          /* the VSpace's root page table cap */
    struct cnd_ut_alloc *ut;  /* page tables and frames come from here */
    cnd_vaddr_t base;         /* the window: [base, end), handed out from `next` up */
    cnd_vaddr_t next, end;
    unsigned tables;          /* page tables made so far */
    /* Highest 1 GiB / 2 MiB region of the window given tables so far, + 1
     * (0: none). Ranges are handed out upwards, so a mapping above them is
     * in fresh territory: its tables are made up front instead of found
     * missing by failed Page_Maps (which debug kernels print). */
    cnd_vaddr_t filled_1g, filled_2m;
    struct cnd_vspace_hole holes[CND_VSPACE_MAX_HOLES]; /* sorted, disjoint, not adjacent */
    unsigned n_holes;
    cnd_word_t lost;          /* bytes freed with the hole table full: never reused */
    struct cnd_lock *lock;    /* NULL (init): unlocked; an env shares its lock (lock.h) */
};

/* A range of fresh frames mapped at vaddr. */
struct cnd_mapping {
    cnd_vaddr_t vaddr;
    cnd_word_t size;          /* bytes (whole pages) */
    struct cnd_object frames; /* frames.count 4 KiB frames, consecutive caps */
    /* The window range the helper reserved for it (guard page included),
     * given back by cnd_vspace_free; size 0 when the caller chose vaddr. */
    cnd_vaddr_t range_start;
    cnd_word_t range_size;
};

/* Sets up the helper for the VSpace whose root page table cap is `root`,
 * with [base, end) (rounded inwards to pages) as its window for
 * cnd_vspace_reserve; nothing is reserved yet and there is no lock.
 * Errors: none (it only records its arguments). */
void cnd_vspace_init(struct cnd_vspace *vs, cnd_cptr_t root, struct cnd_ut_alloc *ut,
                     cnd_vaddr_t base, cnd_vaddr_t end);

/*
 * Maps `frame` at vaddr (RISCV_Page_Map with rights and attributes), making
 * the page tables it lacks. Errors: the kernel's Page_Map errors other than
 * the missing-table FailedLookups (e.g. DeleteFirst: something is mapped
 * there; InvalidArgument: a different vaddr for an already mapped cap;
 * FailedLookup bitsLeft 12: a table is where a 2 MiB page should go), and
 * the allocator's (CND_ERR_NO_MEMORY, CND_ERR_NO_SLOTS) for the tables.
 */
struct cnd_result cnd_vspace_map(struct cnd_vspace *vs, cnd_cptr_t frame, cnd_vaddr_t vaddr,
                                 cnd_cap_rights_t rights, cnd_vm_attributes_t attr);

/* Maps one new page table at the first level missing at vaddr (the 1 GiB
 * level, else the 2 MiB level). For builders of fresh VSpaces that know
 * what is missing: probing with cnd_vspace_map costs a failed invocation
 * per missing table, which debug kernels print. Errors: DeleteFirst (both
 * levels are there), the allocator's. */
struct cnd_result cnd_vspace_add_table(struct cnd_vspace *vs, cnd_vaddr_t vaddr);

/* Before mapping a 4 KiB page at vaddr yourself: if vaddr is in the window
 * and above everything the helper mapped there so far, makes its tables up
 * front (cnd_vspace_map_new does this for every page). Elsewhere it does
 * nothing, and cnd_vspace_map finds what is missing. Errors: the
 * allocator's. */
struct cnd_result cnd_vspace_prepare_page(struct cnd_vspace *vs, cnd_vaddr_t vaddr);

/* Makes sure the page tables covering vaddr exist (for a later Page_Map by
 * someone else). Errors: as for the tables in cnd_vspace_map (the
 * allocator's, or the kernel's Page_Table_Map errors other than
 * DeleteFirst, which means the tables are there). */
struct cnd_result cnd_vspace_ensure_tables(struct cnd_vspace *vs, cnd_vaddr_t vaddr);

/* Takes `size` bytes (rounded up to pages) of the window, aligned to
 * 2^align_bits (at least a page), into *vaddr: the first free range given
 * back earlier that fits, else fresh space above everything handed out.
 * Nothing is mapped. Errors: CND_ERR_NO_VSPACE (detail0 = size),
 * CND_ERR_BAD_ARGUMENT (size 0, alignment of 63 bits or more). */
struct cnd_result cnd_vspace_reserve(struct cnd_vspace *vs, cnd_word_t size,
                                     unsigned align_bits, cnd_vaddr_t *vaddr);

/* Gives back [vaddr, vaddr + size) (whole pages; as reserved, or a part of
 * it) for reuse. Unmap it first: the helper does not look at the page
 * tables. Errors: CND_ERR_BAD_ARGUMENT (not page-aligned, outside what was
 * handed out, or overlapping a range already given back). */
struct cnd_result cnd_vspace_release(struct cnd_vspace *vs, cnd_vaddr_t vaddr, cnd_word_t size);

/* Fresh (zeroed) frames for [vaddr, vaddr + size), mapped with rights and
 * attr. size is rounded up to pages, at most CND_VSPACE_MAX_PAGES of them.
 * On failure nothing stays allocated or mapped. Errors:
 * CND_ERR_BAD_ARGUMENT, the allocator's and cnd_vspace_map's. */
struct cnd_result cnd_vspace_map_new(struct cnd_vspace *vs, cnd_vaddr_t vaddr, cnd_word_t size,
                                     cnd_cap_rights_t rights, cnd_vm_attributes_t attr,
                                     struct cnd_mapping *out);

/* cnd_vspace_reserve + cnd_vspace_map_new: read-write, never executable.
 * The range goes back to the window with cnd_vspace_free. On failure
 * nothing stays reserved, allocated or mapped. Errors: those of
 * cnd_vspace_reserve and cnd_vspace_map_new. */
struct cnd_result cnd_vspace_alloc(struct cnd_vspace *vs, cnd_word_t size,
                                   struct cnd_mapping *out);

/* A stack of `size` bytes with an unmapped guard page below it (an overflow
 * faults instead of overwriting memory). The stack is [out->vaddr,
 * out->vaddr + out->size); its top, the initial sp, is the end. The range
 * (guard page included) goes back with cnd_vspace_free. Errors:
 * CND_ERR_BAD_ARGUMENT (size 0), those of cnd_vspace_alloc. */
struct cnd_result cnd_vspace_alloc_stack(struct cnd_vspace *vs, cnd_word_t size,
                                         struct cnd_mapping *out);

/* One page for an IPC buffer (read-write, never executable); the frame cap
 * TCB_Configure wants is out->frames.cptr. Errors: as cnd_vspace_alloc. */
struct cnd_result cnd_vspace_alloc_ipc_buffer(struct cnd_vspace *vs, struct cnd_mapping *out);

/* Unmaps and frees the frames of a mapping (deleting their caps unmaps
 * them); a range the helper reserved for it (cnd_vspace_alloc, _stack,
 * _ipc_buffer) goes back to the window for reuse. Page tables stay.
 * Errors: the kernel's CNode_Delete errors (then nothing is given back),
 * CND_ERR_BAD_ARGUMENT (already freed). */
struct cnd_result cnd_vspace_free(struct cnd_vspace *vs, struct cnd_mapping *m);

#endif /* CONDUCTOR_VSPACE_H */
