/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot-info accessors and the device tree (QEMU virt's values). */
#include "libtest.h"

static bool same(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* A boot-info frame and its extra boot info, made up for the error cases. */
static uint8_t fake[2 * CND_BOOT_INFO_FRAME_SIZE] __attribute__((aligned(4096)));

static void test_accessors(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBBOOT0001 LIBBOOT0002 LIBBOOT0003"))
        return;
    case_begin("LIBBOOT0001 untyped list, memory totals, slots");
    size_t n = cnd_bootinfo_untyped_count(bi), i, seen = 0;
    cnd_cptr_t cptr = 0;
    const struct cnd_untyped_desc *d;
    cnd_word_t ram = 0;
    EXPECT(n > 0 && n == bi->untyped.end - bi->untyped.start);
    CND_BOOTINFO_FOR_EACH_UNTYPED(bi, i, cptr, d) {
        EXPECT(cptr == bi->untyped.start + i && d == &bi->untyped_list[i]);
        if (!d->is_device)
            ram += (cnd_word_t)1 << d->size_bits;
        seen++;
    }
    EXPECT(seen == n && cnd_bootinfo_untyped(bi, n, &cptr) == NULL);
    EXPECT(ram == cnd_bootinfo_untyped_bytes(bi, false) && ram > (cnd_word_t)900 << 20);
    EXPECT(cnd_bootinfo_untyped_bytes(bi, true) > 0);
    struct cnd_slot_region empty = cnd_bootinfo_empty(bi);
    EXPECT(empty.start == bi->empty.start && empty.end == 8192);
    EXPECT(cnd_bootinfo_cnode_bits(bi) == 13);
    case_end();

    case_begin("LIBBOOT0002 extra boot info: device tree and system-control chunks");
    size_t size = 0;
    const uint8_t *fdt = cnd_bootinfo_fdt(bi, &size);
    EXPECT(fdt != NULL && size > 1000 && dtb_be32(fdt) == DTB_MAGIC);
    EXPECT(cnd_bootinfo_chunk(bi, CND_BOOTINFO_HEADER_FDT, NULL) == fdt);
    EXPECT(cnd_bootinfo_system_control(bi) == CND_CAP_SYSTEM_CONTROL);
    EXPECT(cnd_bootinfo_chunk(bi, 0x1234, &size) == NULL);
    case_end();

    case_begin("LIBBOOT0003 malformed extra boot info is refused, not followed");
    struct cnd_boot_info *f = (struct cnd_boot_info *)fake;
    cnd_word_t *extra = (cnd_word_t *)(fake + CND_BOOT_INFO_FRAME_SIZE);
    *f = *bi;
    f->extra_len = 64;
    extra[0] = CND_BOOTINFO_HEADER_FDT;
    extra[1] = 8;  /* shorter than its own header */
    EXPECT(cnd_bootinfo_fdt(f, NULL) == NULL);
    extra[1] = 200;  /* runs past extra_len */
    EXPECT(cnd_bootinfo_fdt(f, NULL) == NULL);
    extra[0] = 0;  /* padding chunk, then nothing about a system-control cap */
    extra[1] = 64;
    EXPECT(cnd_bootinfo_system_control(f) == CND_CAP_NULL);
    f->extra_len = 0;
    EXPECT(cnd_bootinfo_chunk(f, 0, NULL) == NULL);
    case_end();
}

/* Harts in the tree: the PLIC has two contexts (M and S mode) per hart. */
static unsigned info_harts(const struct cnd_fdt *fdt)
{
    static struct platform_info pi;
    struct platform_error e;
    return cnd_fdt_platform(fdt, &pi, &e) ? pi.n_harts : 0;
}

static void test_fdt(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBBOOT0004 LIBBOOT0005 LIBBOOT0006"))
        return;
    struct cnd_fdt fdt;
    struct dtb_error err;
    case_begin("LIBBOOT0004 device tree: open, refuse garbage");
    EXPECT(cnd_fdt_open_bootinfo(&fdt, bi, &err));
    static const uint8_t junk[64] = { 0xd0, 0x0d, 0xfe, 0xed };
    struct cnd_fdt bad;
    EXPECT(!cnd_fdt_open(&bad, junk, sizeof junk, &err) && err.message[0] != '\0');
    EXPECT(!cnd_fdt_open(&bad, NULL, 0, &err) && contains(err.message, "no device tree"));
    EXPECT(!cnd_fdt_open(&bad, junk, sizeof junk, NULL));
    case_end();

    case_begin("LIBBOOT0005 device tree: compatible, reg, interrupts, properties");
    int uart = cnd_fdt_find_compatible(&fdt, DTB_NONE, "ns16550a");
    uint64_t base = 0, len = 0;
    uint32_t irq = 0, cells = 0;
    const char *s = "";
    char path[64];
    EXPECT(uart != DTB_NONE && same(cnd_fdt_name(&fdt, uart), "serial@10000000"));
    EXPECT(cnd_fdt_path(&fdt, uart, path, sizeof path) > 0 && same(path, "/soc/serial@10000000"));
    EXPECT(cnd_fdt_reg_count(&fdt, uart) == 1 && cnd_fdt_reg(&fdt, uart, 0, &base, &len));
    EXPECT(base == 0x10000000 && len == 0x100 && !cnd_fdt_reg(&fdt, uart, 1, &base, NULL));
    EXPECT(cnd_fdt_interrupt(&fdt, uart, 0, &irq) && irq == 10);
    EXPECT(!cnd_fdt_interrupt(&fdt, uart, 1, &irq));
    EXPECT(cnd_fdt_stdout(&fdt) == uart && cnd_fdt_find_path(&fdt, "/soc/serial@10000000") == uart);
    EXPECT(cnd_fdt_enabled(&fdt, uart) && cnd_fdt_is_compatible(&fdt, uart, "ns16550a"));
    EXPECT(cnd_fdt_prop_string(&fdt, uart, "compatible", &s) && same(s, "ns16550a"));
    uint64_t clock = 0;
    EXPECT(cnd_fdt_prop_u64(&fdt, uart, "clock-frequency", &clock) && clock == 3686400);
    EXPECT(cnd_fdt_prop_u32(&fdt, cnd_fdt_find_path(&fdt, "/"), "#address-cells", &cells) &&
           cells == 2);
    EXPECT(!cnd_fdt_prop_u32(&fdt, uart, "no-such-property", &cells));
    EXPECT(cnd_fdt_find_compatible(&fdt, DTB_NONE, "acme,nothing") == DTB_NONE);
    EXPECT(cnd_fdt_find_path(&fdt, "/no/such/node") == DTB_NONE);
    EXPECT(cnd_fdt_reg_count(&fdt, cnd_fdt_find_path(&fdt, "/chosen")) == 0);
    unsigned virtio = 0;
    for (int node = cnd_fdt_find_compatible(&fdt, DTB_NONE, "virtio,mmio"); node != DTB_NONE;
         node = cnd_fdt_find_compatible(&fdt, node, "virtio,mmio"))
        virtio++;
    EXPECT(virtio == 8);
    /* The PLIC's own interrupts are in interrupts-extended: <&intc 11 &intc 9>,
     * with OpenSBI having replaced the M-mode one (11) by -1 for S-mode. */
    int plic = cnd_fdt_find_compatible(&fdt, DTB_NONE, "riscv,plic0");
    EXPECT(plic != DTB_NONE && cnd_fdt_interrupt(&fdt, plic, 0, &irq) &&
           (irq == 11 || irq == 0xffffffffu));
    EXPECT(cnd_fdt_interrupt(&fdt, plic, 1, &irq) && irq == 9);
    EXPECT(!cnd_fdt_interrupt(&fdt, plic, 2 * info_harts(&fdt), &irq));
    case_end();

    case_begin("LIBBOOT0006 device tree: the kernel's platform summary");
    static struct platform_info info;
    struct platform_error perr;
    EXPECT(cnd_fdt_platform(&fdt, &info, &perr));
    EXPECT(info.n_memory >= 1 && info.memory[0].base == 0x80000000);
    EXPECT(info.plic.present && info.plic.base == 0xc000000 && info.plic.ndev == 96);
    EXPECT(info.console.kind == CONSOLE_NS16550A && info.console.base == 0x10000000);
    EXPECT(info.timebase == 10000000);
    case_end();
}

void test_bootinfo(void)
{
    test_accessors();
    test_fdt();
}
