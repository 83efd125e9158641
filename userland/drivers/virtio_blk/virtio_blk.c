/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-blk over virtio-mmio (see virtio_blk.h). Register layout and the
 * initialisation sequence follow the virtio 1.1 specification, sections
 * 4.2.2 (modern MMIO), 4.2.4 (legacy MMIO), 2.6 (split virtqueues) and
 * 5.2 (block device). DMA area layout, one page each:
 *   page 0: descriptor table, then the available ring
 *   page 1: the used ring (the legacy layout wants it page aligned)
 *   page 2: the request header and status byte
 *   page 3: the bounce buffer for data
 */
#include "virtio_blk.h"

/* Register word indices (byte offset / 4). */
#define R_MAGIC (0x000 / 4)
#define R_VERSION (0x004 / 4)
#define R_DEVICE_ID (0x008 / 4)
#define R_DEVICE_FEATURES (0x010 / 4)
#define R_DEVICE_FEATURES_SEL (0x014 / 4)
#define R_DRIVER_FEATURES (0x020 / 4)
#define R_DRIVER_FEATURES_SEL (0x024 / 4)
#define R_GUEST_PAGE_SIZE (0x028 / 4)    /* legacy */
#define R_QUEUE_SEL (0x030 / 4)
#define R_QUEUE_NUM_MAX (0x034 / 4)
#define R_QUEUE_NUM (0x038 / 4)
#define R_QUEUE_ALIGN (0x03c / 4)        /* legacy */
#define R_QUEUE_PFN (0x040 / 4)          /* legacy */
#define R_QUEUE_READY (0x044 / 4)        /* modern */
#define R_QUEUE_NOTIFY (0x050 / 4)
#define R_INTERRUPT_STATUS (0x060 / 4)
#define R_INTERRUPT_ACK (0x064 / 4)
#define R_STATUS (0x070 / 4)
#define R_QUEUE_DESC_LOW (0x080 / 4)
#define R_QUEUE_DESC_HIGH (0x084 / 4)
#define R_QUEUE_DRIVER_LOW (0x090 / 4)
#define R_QUEUE_DRIVER_HIGH (0x094 / 4)
#define R_QUEUE_DEVICE_LOW (0x0a0 / 4)
#define R_QUEUE_DEVICE_HIGH (0x0a4 / 4)
#define R_CONFIG_GENERATION (0x0fc / 4)  /* modern */
#define R_CONFIG (0x100 / 4)

#define VIRTIO_MAGIC 0x74726976u         /* "virt" */
#define VIRTIO_ID_BLOCK 2

#define S_ACKNOWLEDGE 1u
#define S_DRIVER 2u
#define S_DRIVER_OK 4u
#define S_FEATURES_OK 8u
#define S_FAILED 128u

#define F_BLK_RO 5                       /* feature bit: read-only device */
#define F_VERSION_1_HIGH 0               /* bit 32 = bit 0 of the high word */

#define DESC_F_NEXT 1
#define DESC_F_WRITE 2                   /* device writes this buffer */

#define REQ_IN 0                         /* read */
#define REQ_OUT 1                        /* write */

#define PAGE 4096u

struct virtq_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

struct virtq_avail {
    uint16_t flags;
    uint16_t idx;
    uint16_t ring[VIRTIO_BLK_QUEUE];
};

struct virtq_used_elem {
    uint32_t id;
    uint32_t len;
};

struct virtq_used {
    uint16_t flags;
    uint16_t idx;
    struct virtq_used_elem ring[VIRTIO_BLK_QUEUE];
};

struct virtio_blk_req {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector;
    uint8_t status;
};

/* The device reads and writes these structures behind the compiler's
 * back: order our accesses to them against the register accesses. */
static inline void fence(void)
{
    __asm__ volatile("fence rw, rw" ::: "memory");
}

static uint32_t rd(const struct virtio_blk *b, unsigned reg)
{
    return b->regs[reg];
}

static void wr(struct virtio_blk *b, unsigned reg, uint32_t v)
{
    b->regs[reg] = v;
}

uint32_t virtio_blk_probe(volatile void *regs)
{
    volatile uint32_t *r = regs;
    if (r[R_MAGIC] != VIRTIO_MAGIC || r[R_DEVICE_ID] != VIRTIO_ID_BLOCK)
        return 0;
    uint32_t v = r[R_VERSION];
    return v == 1 || v == 2 ? v : 0;
}

static bool fail(struct virtio_blk *b)
{
    wr(b, R_STATUS, rd(b, R_STATUS) | S_FAILED);
    return false;
}

static bool negotiate(struct virtio_blk *b)
{
    wr(b, R_DEVICE_FEATURES_SEL, 0);
    uint32_t low = rd(b, R_DEVICE_FEATURES);
    b->read_only = (low >> F_BLK_RO) & 1;
    /* No optional feature is needed; modern devices insist on VERSION_1. */
    wr(b, R_DRIVER_FEATURES_SEL, 0);
    wr(b, R_DRIVER_FEATURES, 0);
    if (b->version == 1)
        return true;
    wr(b, R_DEVICE_FEATURES_SEL, 1);
    if (!((rd(b, R_DEVICE_FEATURES) >> F_VERSION_1_HIGH) & 1))
        return false;
    wr(b, R_DRIVER_FEATURES_SEL, 1);
    wr(b, R_DRIVER_FEATURES, 1u << F_VERSION_1_HIGH);
    wr(b, R_STATUS, rd(b, R_STATUS) | S_FEATURES_OK);
    return (rd(b, R_STATUS) & S_FEATURES_OK) != 0;
}

static bool setup_queue(struct virtio_blk *b)
{
    wr(b, R_QUEUE_SEL, 0);
    if (b->version == 2 && rd(b, R_QUEUE_READY) != 0)
        return false;
    uint32_t max = rd(b, R_QUEUE_NUM_MAX);
    if (max == 0)
        return false;
    b->qsize = max < VIRTIO_BLK_QUEUE ? (uint16_t)max : VIRTIO_BLK_QUEUE;
    wr(b, R_QUEUE_NUM, b->qsize);
    uint64_t desc = b->dma_pa, avail = desc + b->qsize * sizeof(struct virtq_desc);
    uint64_t used = b->dma_pa + PAGE;
    if (b->version == 1) {
        /* Legacy: one page-aligned area; the used ring starts at the next
         * QueueAlign boundary after the available ring, i.e. page 1. */
        wr(b, R_GUEST_PAGE_SIZE, PAGE);
        wr(b, R_QUEUE_ALIGN, PAGE);
        wr(b, R_QUEUE_PFN, (uint32_t)(desc / PAGE));
        return true;
    }
    wr(b, R_QUEUE_DESC_LOW, (uint32_t)desc);
    wr(b, R_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
    wr(b, R_QUEUE_DRIVER_LOW, (uint32_t)avail);
    wr(b, R_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
    wr(b, R_QUEUE_DEVICE_LOW, (uint32_t)used);
    wr(b, R_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
    wr(b, R_QUEUE_READY, 1);
    return true;
}

static bool read_capacity(struct virtio_blk *b)
{
    /* Modern config reads are consistent when the generation did not
     * change across them; legacy has no generation. */
    for (int tries = 0; tries < 100; tries++) {
        uint32_t gen = b->version == 2 ? rd(b, R_CONFIG_GENERATION) : 0;
        b->capacity = rd(b, R_CONFIG) | (uint64_t)rd(b, R_CONFIG + 1) << 32;
        if (b->version == 1 || gen == rd(b, R_CONFIG_GENERATION))
            return true;
    }
    return false;
}

bool virtio_blk_init(struct virtio_blk *b, volatile void *regs, void *dma_va, uint64_t dma_pa,
                     cnd_cptr_t irq_handler, cnd_cptr_t ntfn)
{
    b->regs = regs;
    b->version = virtio_blk_probe(regs);
    if (b->version == 0)
        return false;
    b->dma_va = dma_va;
    b->dma_pa = dma_pa;
    b->irq_handler = irq_handler;
    b->ntfn = ntfn;
    b->avail_idx = b->last_used = 0;
    b->irqs = b->requests = 0;
    b->desc = dma_va;
    b->used = (struct virtq_used *)(void *)(b->dma_va + PAGE);
    b->req = (struct virtio_blk_req *)(void *)(b->dma_va + 2 * PAGE);
    b->bounce = b->dma_va + 3 * PAGE;

    wr(b, R_STATUS, 0);   /* reset; a modern device may take a moment */
    for (int tries = 0; rd(b, R_STATUS) != 0; tries++)
        if (tries == 1000000)
            return false;
    wr(b, R_STATUS, S_ACKNOWLEDGE);
    wr(b, R_STATUS, S_ACKNOWLEDGE | S_DRIVER);
    if (!negotiate(b) || !setup_queue(b))
        return fail(b);
    b->avail = (struct virtq_avail *)(void *)(b->dma_va + b->qsize * sizeof(struct virtq_desc));
    if (!read_capacity(b))
        return fail(b);
    wr(b, R_STATUS, rd(b, R_STATUS) | S_DRIVER_OK);
    return true;
}

/* Waits for the device to return the request. Every completion raises an
 * interrupt, so we always wait for one rather than peek first; each is
 * acknowledged at the device (so its line drops), then at the kernel. A
 * wake-up without a completion (a late interrupt) just waits again. */
static bool wait_used(struct virtio_blk *b)
{
    for (unsigned wakeups = 0; wakeups < 64; wakeups++) {
        cnd_wait(b->ntfn);
        b->irqs++;
        uint32_t why = rd(b, R_INTERRUPT_STATUS);
        wr(b, R_INTERRUPT_ACK, why);
        cnd_irq_handler_ack(b->irq_handler);
        fence();
        if (*(volatile uint16_t *)&b->used->idx != b->last_used)
            return true;
    }
    return false;
}

static enum virtio_blk_status submit(struct virtio_blk *b, uint32_t type, uint64_t sector,
                                     unsigned count)
{
    uint64_t req_pa = b->dma_pa + 2 * PAGE;
    b->req->type = type;
    b->req->reserved = 0;
    b->req->sector = sector;
    b->req->status = 0xff;   /* the device overwrites it */
    b->desc[0] = (struct virtq_desc){ req_pa, 16, DESC_F_NEXT, 1 };
    b->desc[1] = (struct virtq_desc){ b->dma_pa + 3 * PAGE, count * VIRTIO_BLK_SECTOR,
                                      (uint16_t)(DESC_F_NEXT | (type == REQ_IN ? DESC_F_WRITE : 0)),
                                      2 };
    b->desc[2] = (struct virtq_desc){ req_pa + 16, 1, DESC_F_WRITE, 0 };
    b->avail->ring[b->avail_idx % b->qsize] = 0;
    fence();   /* descriptors before the index that publishes them */
    b->avail->idx = ++b->avail_idx;
    fence();   /* the index before the notification */
    wr(b, R_QUEUE_NOTIFY, 0);
    b->requests++;
    if (!wait_used(b))
        return VIRTIO_BLK_NO_COMPLETION;
    b->last_used++;
    fence();
    uint8_t status = *(volatile uint8_t *)&b->req->status;
    return status <= VIRTIO_BLK_UNSUPP ? (enum virtio_blk_status)status : VIRTIO_BLK_IOERR;
}

static bool count_ok(const struct virtio_blk *b, unsigned count)
{
    return count >= 1 && count <= VIRTIO_BLK_MAX_SECTORS && b->qsize >= 3;
}

enum virtio_blk_status virtio_blk_read(struct virtio_blk *b, uint64_t sector, unsigned count,
                                       void *out)
{
    if (!count_ok(b, count))
        return VIRTIO_BLK_BAD_REQUEST;
    enum virtio_blk_status st = submit(b, REQ_IN, sector, count);
    if (st == VIRTIO_BLK_OK) {
        uint8_t *dst = out;
        for (unsigned i = 0; i < count * VIRTIO_BLK_SECTOR; i++)
            dst[i] = b->bounce[i];
    }
    return st;
}

enum virtio_blk_status virtio_blk_write(struct virtio_blk *b, uint64_t sector, unsigned count,
                                        const void *in)
{
    if (!count_ok(b, count) || b->read_only)
        return VIRTIO_BLK_BAD_REQUEST;
    const uint8_t *src = in;
    for (unsigned i = 0; i < count * VIRTIO_BLK_SECTOR; i++)
        b->bounce[i] = src[i];
    return submit(b, REQ_OUT, sector, count);
}
