/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-blk driver at work (QEMU virt with a virtio-blk-device): the
 * root task finds the virtio-mmio transports in the device tree, maps each
 * from device untypeds, picks the one with a block device, gets DMA pages
 * whose physical addresses come from Frame GetAddress, and runs the driver
 * with completions by interrupt. It checks the fresh disk reads as zeros,
 * writes a pattern (single sectors and multi-sector requests, at both ends
 * of the disk), reads everything back in a different grouping and
 * compares, and checks a request past the end fails. Prints
 * "blktest: N sectors verified".
 */
#include <conductor/runtime.h>
#include <common/devmem.h>
#include <common/dt.h>
#include <virtio_blk/virtio_blk.h>
#include "../captest/harness.h"
#include "../ipctest/threads.h"

#define DEVICE_WINDOW 0x2000000000ULL
#define SECTOR VIRTIO_BLK_SECTOR
#define RUN 8   /* sectors per multi-sector request */

static struct devmem devmem;
static struct virtio_blk blk;
static uint8_t buf[RUN * SECTOR], expect_buf[RUN * SECTOR];

/* The byte at `off` of sector `s`: differs between sectors and offsets. */
static uint8_t pattern(uint64_t s, unsigned off)
{
    return (uint8_t)(s * 131 + off * 7 + (off >> 8) + 1);
}

static void fill(uint64_t first, unsigned count, uint8_t *out)
{
    for (unsigned i = 0; i < count; i++)
        for (unsigned off = 0; off < SECTOR; off++)
            out[i * SECTOR + off] = pattern(first + i, off);
}

static unsigned matching(uint64_t first, unsigned count, const uint8_t *got)
{
    unsigned ok = 0;
    fill(first, count, expect_buf);
    for (unsigned i = 0; i < count; i++) {
        unsigned same = 1;
        for (unsigned off = 0; off < SECTOR; off++)
            same &= got[i * SECTOR + off] == expect_buf[i * SECTOR + off];
        ok += same;
    }
    return ok;
}

static bool find_disk(const struct cnd_boot_info *boot_info, struct dt_device *disk,
                      volatile void **regs)
{
    struct dtb dtb;
    if (!dt_open_boot_info(&dtb, boot_info))
        return false;
    struct dt_device d;
    for (unsigned i = 0; dt_find_compatible(&dtb, "virtio,mmio", i, &d); i++) {
        volatile void *r = devmem_map_device(&devmem, d.base, d.size);
        uint32_t version = r ? virtio_blk_probe(r) : 0;
        if (version) {
            *disk = d;
            *regs = r;
            return true;
        }
    }
    return false;
}

int main(const struct cnd_boot_info *boot_info)
{
    helpers_init(boot_info);
    put_str("blktest: virtio-blk driver\n");
    struct drv_env env = { ROOT, VSPACE, alloc_slot, make_object };
    devmem_init(&devmem, &env, boot_info, DEVICE_WINDOW, 1ULL << 21);

    struct dt_device disk;
    volatile void *regs;
    void *dma_va;
    uint64_t dma_pa;
    cnd_cptr_t ntfn = make_object(CND_OBJ_NOTIFICATION, 0), irq_ntfn = alloc_slot();
    cnd_cptr_t handler = alloc_slot();
    if (!find_disk(boot_info, &disk, &regs)) {
        put_str("blktest: no virtio block device (add -drive ... -device virtio-blk-device)\n");
        harness_failed++;
        goto out;
    }
    if (!devmem_dma_alloc(&devmem, VIRTIO_BLK_DMA_PAGES, &dma_va, &dma_pa) ||
        !cnd_result_ok(cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, disk.irq, handler, DEPTH)) ||
        !cnd_result_ok(cnd_cnode_mint(ROOT, ROOT, irq_ntfn, DEPTH, ntfn, DEPTH, CND_CAN_WRITE, 1)) ||
        !cnd_result_ok(cnd_irq_handler_set_notification(handler, irq_ntfn)) ||
        !virtio_blk_init(&blk, regs, dma_va, dma_pa, handler, ntfn)) {
        put_str("blktest: driver setup failed\n");
        harness_failed++;
        goto out;
    }
    put_str("blktest: virtio-mmio version ");
    put_dec(blk.version);
    put_str(" at ");
    put_hex(disk.base);
    put_str(", irq ");
    put_dec(disk.irq);
    put_str(", ");
    put_dec(blk.capacity);
    put_str(" sectors; DMA at physical ");
    put_hex(dma_pa);
    put_str("\n");

    case_begin("BLK0001 a fresh disk reads as zeros");
    uint64_t last = blk.capacity - RUN;
    EXPECT(blk.capacity >= 2 * RUN);
    EXPECT(virtio_blk_read(&blk, 0, RUN, buf) == VIRTIO_BLK_OK);
    unsigned zero = 1;
    for (unsigned i = 0; i < sizeof buf; i++)
        zero &= buf[i] == 0;
    EXPECT(zero);
    case_end();

    case_begin("BLK0002 write a pattern: sector by sector at the start, one request at the end");
    for (unsigned i = 0; i < RUN; i++) {
        fill(i, 1, buf);
        EXPECT(virtio_blk_write(&blk, i, 1, buf) == VIRTIO_BLK_OK);
    }
    fill(last, RUN, buf);
    EXPECT(virtio_blk_write(&blk, last, RUN, buf) == VIRTIO_BLK_OK);
    case_end();

    case_begin("BLK0003 read back in the other grouping and compare");
    unsigned verified = 0;
    EXPECT(virtio_blk_read(&blk, 0, RUN, buf) == VIRTIO_BLK_OK);
    verified += matching(0, RUN, buf);
    for (unsigned i = 0; i < RUN; i++) {
        EXPECT(virtio_blk_read(&blk, last + i, 1, buf) == VIRTIO_BLK_OK);
        verified += matching(last + i, 1, buf);
    }
    EXPECT(verified == 2 * RUN);
    case_end();

    case_begin("BLK0004 requests past the end fail; bad sizes are refused");
    EXPECT(virtio_blk_read(&blk, blk.capacity, 1, buf) == VIRTIO_BLK_IOERR);
    EXPECT(virtio_blk_read(&blk, 0, 0, buf) == VIRTIO_BLK_BAD_REQUEST);
    EXPECT(virtio_blk_read(&blk, 0, RUN + 1, buf) == VIRTIO_BLK_BAD_REQUEST);
    /* Still working afterwards. */
    EXPECT(virtio_blk_read(&blk, RUN - 1, 1, buf) == VIRTIO_BLK_OK);
    EXPECT(matching(RUN - 1, 1, buf) == 1);
    case_end();

    put_str("blktest: ");
    put_dec(verified);
    put_str(" sectors verified (");
    put_dec(blk.requests);
    put_str(" requests, ");
    put_dec(blk.irqs);
    put_str(" interrupts)\n");
out:
    harness_summary();
    cnd_system_control_power_off(CND_CAP_SYSTEM_CONTROL);
    return 1;
}
