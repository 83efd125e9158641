/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Memory for user-level drivers, from the root task's untypeds:
 *   - device frames: the kernel hands out device memory as large untypeds
 *     (is_device = 1) that may only become frames or smaller untypeds, and
 *     Retype allocates at an untyped's watermark in order. To reach the
 *     page at a given physical address we split the covering untyped in
 *     halves (low half first, so its address is known) down to 4 KiB and
 *     retype that last piece into a frame. Pieces are remembered, so later
 *     requests reuse the halves split off before.
 *   - DMA buffers: physically contiguous RAM frames (retyped one after the
 *     other from one fresh untyped) whose addresses come from Frame
 *     GetAddress, never from guessing.
 * Everything is mapped into a window of the caller's VSpace, page tables
 * being added when Page_Map reports them missing.
 */
#ifndef DRIVERS_DEVMEM_H
#define DRIVERS_DEVMEM_H

#include <stdbool.h>
#include <stdint.h>
#include <conductor/conductor.h>

/* How the library gets slots and RAM objects from its user. */
struct drv_env {
    cnd_cptr_t cnode;    /* the CSpace root; slots are addressed with depth 64 */
    cnd_cptr_t vspace;
    cnd_cptr_t (*alloc_slot)(void);
    /* A new RAM object (cptr), 0 on failure. */
    cnd_cptr_t (*make_object)(cnd_word_t type, cnd_word_t size_bits);
};

#define DEVMEM_MAX_PIECES 256

struct devmem_piece {
    cnd_cptr_t cap;      /* an untyped cap */
    uint64_t paddr;
    uint8_t bits;
    bool consumed;       /* split or retyped: no longer free */
};

struct devmem {
    struct drv_env env;
    const struct cnd_boot_info *bi;
    cnd_word_t va_next, va_end;   /* where the next mapping goes */
    unsigned n;
    struct devmem_piece pieces[DEVMEM_MAX_PIECES];
};

/* `va_base`: start of a free, 2 MiB aligned window of `va_size` bytes. */
void devmem_init(struct devmem *dm, const struct drv_env *env, const struct cnd_boot_info *bi,
                 cnd_word_t va_base, cnd_word_t va_size);

/* A cap to the 4 KiB device frame at `paddr` (page aligned); 0 if no device
 * untyped covers it or that page was handed out already. */
cnd_cptr_t devmem_device_frame(struct devmem *dm, uint64_t paddr);

/* Maps `frame` (4 KiB) read-write, never executable, at the next free
 * address of the window; NULL on failure. */
void *devmem_map_frame(struct devmem *dm, cnd_cptr_t frame);

/* Maps the device registers [paddr, paddr + size) and returns the virtual
 * address of paddr (which need not be page aligned); NULL on failure. */
volatile void *devmem_map_device(struct devmem *dm, uint64_t paddr, uint64_t size);

/* A physically contiguous, zeroed, mapped DMA buffer of `pages` 4 KiB
 * pages; false on failure. */
bool devmem_dma_alloc(struct devmem *dm, unsigned pages, void **va, uint64_t *pa);

#endif
