/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The system-control capability (Conductor's own, beyond seL4): shutdown
 * and reboot as invocations, so only whoever holds it can stop the machine.
 * The root task receives it in slot 16; a system's shutdown protocol notifies
 * its services first and then invokes PowerOff.
 */
#include <abi/invocation_labels.h>
#include <arch/arch.h>
#include <kernel/invocation.h>
#include <kernel/printf.h>

enum invoke_status decode_system_control_invocation(struct invocation *inv,
                                                    struct syscall_error *err)
{
    switch (inv->label) {
    case CND_LABEL_SYSTEM_CONTROL_POWER_OFF:
        kprintf("system control: power off requested by %s\n", inv->thread->name);
        arch_power_off();
    case CND_LABEL_SYSTEM_CONTROL_REBOOT:
        kprintf("system control: reboot requested by %s\n", inv->thread->name);
        arch_reboot();
    default:
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
}
