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
    /* Every case is leak-checked (issue 9): its objects come from the
     * harness's scratch untyped and slot window, and case_end fails it
     * unless both are as before. The scratch is 8 MiB because SCHED0004's
     * CNode of 2^17 slots alone takes 4 MiB; the window has 512 slots
     * because IPC0006 copies every frame cap of our image (about 240).
     * Outside the tracked region, made before it and kept: the page tables
     * of the IPC-buffer region (helpers_init) and of PROBE_VA (probe_setup),
     * shared by every thread and by the rights and isolation cases. */
    probe_setup();
    if (harness_scratch_setup(boot_info, alloc_slot(), 512, 23) != 0) {
        test_ipc();
        test_sched();
        test_tcb();
        test_faults();
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
