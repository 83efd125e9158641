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
    if (devices_init(boot_info)) {
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
