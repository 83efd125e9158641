/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * In-QEMU tests of threads, scheduling, IPC, notifications and faults. Each
 * case prints "NAME pass" or "NAME FAIL"; the last line is "N passed, N
 * failed"; then the machine is powered off through the system-control cap.
 */
#include <conductor/runtime.h>
#include "../captest/harness.h"
#include "ipctest.h"

int main(const struct cnd_boot_info *boot_info)
{
    helpers_init(boot_info);
    put_str("ipctest: threads, IPC and faults\n");
    test_ipc();
    test_sched();
    test_tcb();
    test_faults();
    /* From here on every case is leak-checked (issue 9): its objects come
     * from the harness's scratch untyped (4 MiB) and slot window (256), and
     * case_end fails it unless both are as before. The groups above still
     * share objects between cases and keep what they make, so the scratch
     * is set up only after them, and outside its tracked region everything
     * they made (the echo server, the IPC-buffer page tables) stays. */
    probe_setup();
    if (harness_scratch_setup(boot_info, alloc_slot(), 256, 22) != 0) {
        test_notifications();
        test_deletion();
        test_rights();
        test_isolation();
    } else {
        harness_failed++;
    }
    cnd_debug_dump_scheduler();
    harness_summary();
    cnd_system_control_power_off(CND_CAP_SYSTEM_CONTROL);
    return 1;
}
