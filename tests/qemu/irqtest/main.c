/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * In-QEMU tests of interrupts as capabilities (QEMU virt): IRQControl and
 * IRQHandler errors, then real interrupts from the console UART and the
 * goldfish RTC delivered to notifications, and interrupt latency while the
 * kernel is busy with a long revoke. Each case prints "NAME pass" or
 * "NAME FAIL"; the last line is "N passed, N failed"; then the machine is
 * powered off through the system-control cap.
 */
#include <conductor/runtime.h>
#include "../captest/harness.h"
#include "irqtest.h"

int main(const struct cnd_boot_info *boot_info)
{
    helpers_init(boot_info);
    put_str("irqtest: interrupts as capabilities\n");
    /* The devices' mappings and the IPC-buffer page tables (helpers_init)
     * are shared by every case and made first, outside the tracked region;
     * then every case is leak-checked: what it makes comes from the
     * harness's scratch untyped (4 MiB: IRQ0016's 2^14-slot CNode is the
     * biggest object) and slot window (256 slots: IRQ0016's 64 witnesses
     * are the most), and case_end fails it unless both are as before. */
    if (devices_init(boot_info) && harness_scratch_setup(boot_info, alloc_slot(), 256, 22) != 0) {
        test_control();
        test_delivery();
        test_latency();
        devices_quiet();
    } else {
        harness_failed++;
    }
    harness_summary();
    cnd_system_control_power_off(CND_CAP_SYSTEM_CONTROL);
    return 1;
}
