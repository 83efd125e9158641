/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The smallest root task: greets, checks what the kernel handed over (boot
 * info, IPC buffer, the device tree in extra boot info, readable counters),
 * prints one line per check and stops the machine. Boot tests look for
 * "hello: all checks passed".
 */
#include <stdint.h>
#include <abi/boot_info.h>
#include <conductor/runtime.h>
#include <conductor/syscalls.h>

static void put_hex(uint64_t v)
{
    char buf[19] = "0x";
    for (int i = 0; i < 16; i++)
        buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
    buf[18] = 0;
    cnd_debug_puts(buf);
}

static int failures;

static void check(int ok, const char *what, uint64_t value)
{
    cnd_debug_puts(ok ? "hello: ok   " : "hello: FAIL ");
    cnd_debug_puts(what);
    cnd_debug_puts(" = ");
    put_hex(value);
    cnd_debug_puts("\n");
    failures += !ok;
}

static uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

extern char __bss_end[];

int main(const struct cnd_boot_info *bi)
{
    cnd_debug_puts("hello: Conductor root task running in U-mode\n");
    uint64_t image_end = ((uint64_t)__bss_end + 0xfff) & ~0xfffUL;
    check(bi != 0 && (uint64_t)bi == image_end + 0x1000, "boot info address", (uint64_t)bi);
    check(bi->ipc_buffer == image_end, "IPC buffer address", bi->ipc_buffer);
    check(bi->node_id == 0 && bi->num_nodes == 1, "node id / count", bi->num_nodes);

    /* Extra boot info, one page above: chunks (id, len), skipped by len. */
    const uint8_t *extra = (const uint8_t *)bi + 0x1000;
    const uint8_t *fdt = 0;
    uint64_t system_control_slot = 0;
    for (uint64_t off = 0; off + sizeof(struct cnd_boot_info_header) <= bi->extra_len;) {
        const struct cnd_boot_info_header *h = (const void *)(extra + off);
        if (h->len < sizeof *h)
            break;
        if (h->id == CND_BOOTINFO_HEADER_FDT)
            fdt = (const uint8_t *)(h + 1);
        if (h->id == CND_BOOTINFO_HEADER_SYSTEM_CONTROL)
            system_control_slot = ((const struct cnd_boot_info_system_control *)h)->slot;
        off += h->len;
    }
    check(fdt && be32(fdt) == 0xd00dfeedu, "device tree in extra boot info", fdt ? be32(fdt) : 0);
    check(system_control_slot == CND_CAP_SYSTEM_CONTROL, "system control slot", system_control_slot);

    /* The IPC buffer is mapped and writable. */
    volatile uint64_t *ipc = (volatile uint64_t *)bi->ipc_buffer;
    ipc[1] = 0x1234;
    check(ipc[1] == 0x1234, "IPC buffer writable", ipc[1]);

    /* scounteren lets user mode read the counters (a trap would stop us). */
    uint64_t c0, c1, t0, t1, i0, i1;
    __asm__ volatile("rdcycle %0; rdtime %1; rdinstret %2" : "=r"(c0), "=r"(t0), "=r"(i0));
    for (volatile int k = 0; k < 1000; k++)
        ;
    __asm__ volatile("rdcycle %0; rdtime %1; rdinstret %2" : "=r"(c1), "=r"(t1), "=r"(i1));
    check(c1 > c0, "cycle advances", c1 - c0);
    check(t1 >= t0, "time readable", t1);
    check(i1 > i0, "instret advances", i1 - i0);

    if (failures == 0)
        cnd_debug_puts("hello: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
