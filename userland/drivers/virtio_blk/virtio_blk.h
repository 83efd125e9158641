/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A virtio block driver over virtio-mmio (virtio 1.x "modern" transports,
 * Version 2, and the legacy Version 1 QEMU gives by default), with one
 * request queue, DMA through a bounce buffer in memory whose physical
 * address the caller got from Frame GetAddress, and completion by
 * interrupt (an IRQHandler whose notification the driver waits on).
 * Requests are synchronous: one in flight at a time.
 */
#ifndef DRIVERS_VIRTIO_BLK_H
#define DRIVERS_VIRTIO_BLK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <conductor/conductor.h>

#define VIRTIO_BLK_SECTOR 512
#define VIRTIO_BLK_DMA_PAGES 4           /* what virtio_blk_init() needs */
#define VIRTIO_BLK_MAX_SECTORS 8         /* per request: one 4 KiB bounce page */
#define VIRTIO_BLK_QUEUE 8

enum virtio_blk_status {
    VIRTIO_BLK_OK = 0,
    VIRTIO_BLK_IOERR = 1,        /* the device said so (e.g. past the end) */
    VIRTIO_BLK_UNSUPP = 2,
    VIRTIO_BLK_BAD_REQUEST = 3,  /* refused by the driver (size, read-only) */
    VIRTIO_BLK_NO_COMPLETION = 4,
};

struct virtio_blk {
    volatile uint32_t *regs;
    uint32_t version;            /* 1 legacy, 2 modern */
    uint64_t capacity;           /* in 512-byte sectors */
    bool read_only;
    uint16_t qsize;
    uint16_t avail_idx, last_used;
    struct virtq_desc *desc;
    struct virtq_avail *avail;
    struct virtq_used *used;
    struct virtio_blk_req *req;  /* header, then the status byte */
    uint8_t *bounce;
    uint64_t dma_pa;             /* physical address of the DMA area */
    uint8_t *dma_va;
    cnd_cptr_t irq_handler, ntfn;
    uint64_t irqs, requests;
};

/* The transport's Version (1 or 2) if `regs` is a virtio-mmio transport
 * with a block device behind it, else 0. */
uint32_t virtio_blk_probe(volatile void *regs);

/*
 * Resets and sets up the device. `dma_va`/`dma_pa`: VIRTIO_BLK_DMA_PAGES
 * physically contiguous, zeroed pages. `irq_handler` already signals
 * `ntfn` (any badge); the driver waits on `ntfn` for completions and Acks
 * the handler. False (device marked FAILED) if the device refuses.
 */
bool virtio_blk_init(struct virtio_blk *b, volatile void *regs, void *dma_va, uint64_t dma_pa,
                     cnd_cptr_t irq_handler, cnd_cptr_t ntfn);

/* Reads / writes `count` sectors (1 .. VIRTIO_BLK_MAX_SECTORS) at `sector`. */
enum virtio_blk_status virtio_blk_read(struct virtio_blk *b, uint64_t sector, unsigned count,
                                       void *out);
enum virtio_blk_status virtio_blk_write(struct virtio_blk *b, uint64_t sector, unsigned count,
                                        const void *in);

#endif
