/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Calls into the SBI firmware (OpenSBI). The v0.2+ extensions are probed once
 * with BASE at boot; each wrapper uses the extension when present and the
 * legacy call only where the extension is missing.
 */
#ifndef ARCH_SBI_H
#define ARCH_SBI_H

#include <stdbool.h>
#include <stdint.h>

#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_DBCN 0x4442434E

#define SBI_LEGACY_SET_TIMER 0x00
#define SBI_LEGACY_CONSOLE_PUTCHAR 0x01
#define SBI_LEGACY_SHUTDOWN 0x08

#define SBI_SRST_TYPE_SHUTDOWN 0
#define SBI_SRST_TYPE_COLD_REBOOT 1
#define SBI_SRST_REASON_NONE 0

struct sbi_ret {
    long error;
    long value;
};

struct sbi_info {
    unsigned long spec_major, spec_minor;
    unsigned long impl_id, impl_version;
    bool has_time, has_ipi, has_rfence, has_hsm, has_srst, has_dbcn;
};

extern struct sbi_info sbi_info;

struct sbi_ret sbi_call(unsigned long ext, unsigned long fid, unsigned long a0,
                        unsigned long a1, unsigned long a2);

/* Probes the BASE extension for the spec version and the other extensions. */
void sbi_probe(void);
/* Prints one byte through the firmware console (used before the UART works). */
void sbi_console_putchar(char c);
/* Arms the S-mode timer for absolute time `when` (in timebase ticks). */
void sbi_set_timer(uint64_t when);
/* Powers off (shutdown) or cold-reboots; returns only if the firmware refused. */
void sbi_system_reset(unsigned long type);
/* Name of an SBI implementation id ("OpenSBI", ...). */
const char *sbi_impl_name(unsigned long id);

#endif
