/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tutorial step 1: the smallest useful root task. It greets, says what the
 * kernel handed it (untyped memory, free slots, the board from the device
 * tree) and powers the machine off with the system-control cap.
 */
#include <conductor/libcap.h>

int main(const struct cnd_boot_info *bi)
{
    cnd_printf("hello: Conductor root task, boot info at %p\n", (const void *)bi);

    /* What we own: untyped memory and a range of free slots. */
    cnd_printf("hello: %zu untypeds, %lu MiB of RAM, free slots [%lu, %lu)\n",
               cnd_bootinfo_untyped_count(bi),
               (unsigned long)(cnd_bootinfo_untyped_bytes(bi, false) >> 20),
               (unsigned long)bi->empty.start, (unsigned long)bi->empty.end);

    /* The board, from the device tree the kernel passed along. */
    struct cnd_fdt fdt;
    const char *model = "unknown";
    if (cnd_fdt_open_bootinfo(&fdt, bi, NULL))
        cnd_fdt_prop_string(&fdt, cnd_fdt_find_path(&fdt, "/"), "model", &model);
    cnd_printf("hello: running on %s\n", model);

    /* A failed invocation explains itself. */
    struct cnd_result r = cnd_tcb_suspend(bi->empty.start);  /* an empty slot */
    char why[160];
    cnd_printf("hello: suspending an empty slot: %s\n", cnd_error_string(r, why, sizeof why));

    /* Off: the system-control cap is in slot 16 (the boot info says so too). */
    cnd_printf("hello: powering off\n");
    r = cnd_system_control_power_off(cnd_bootinfo_system_control(bi));
    cnd_printf("hello: power off failed: %s\n", cnd_error_string(r, why, sizeof why));
    return 1;
}
