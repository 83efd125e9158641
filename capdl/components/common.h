/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared by the test components the capDL loader boots (capdl/components):
 * they are ordinary libconductor-cap components (conductor_add_component),
 * which run under the loader because the high-level form starts them with
 * the registers cnd_create_process would (a0..a3 args, a4 IPC buffer, a6
 * CNode bits). Slots come from the spec; every component owns its TCB
 * (slot 1), CNode (2) and VSpace (3).
 */
#ifndef CAPDL_COMPONENTS_COMMON_H
#define CAPDL_COMPONENTS_COMMON_H

#include <conductor/libcap.h>

/* Powers the machine off through the system-control cap in `slot`, after
 * checking that the slot really holds one (so a wrong spec says so). */
static inline void comp_power_off(const char *who, cnd_cptr_t slot)
{
    if (cnd_debug_cap_identify(slot) != CND_CAP_TAG_SYSTEM_CONTROL) {
        cnd_printf("%s: slot %lu holds no system-control cap\n", who, (unsigned long)slot);
        cnd_exit(2);
    }
    cnd_printf("%s: powering off\n", who);
    cnd_check(cnd_system_control_power_off(slot), "power off");
    cnd_exit(3);
}

#endif
