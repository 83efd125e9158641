/* SPDX-License-Identifier: BSD-2-Clause */
/* SBI calls: the ecall convention (a7 = extension, a6 = function). */
#include <arch/sbi.h>

struct sbi_info sbi_info;

struct sbi_ret sbi_call(unsigned long ext, unsigned long fid, unsigned long a0,
                        unsigned long a1, unsigned long a2)
{
    register unsigned long r_a0 __asm__("a0") = a0;
    register unsigned long r_a1 __asm__("a1") = a1;
    register unsigned long r_a2 __asm__("a2") = a2;
    register unsigned long r_a6 __asm__("a6") = fid;
    register unsigned long r_a7 __asm__("a7") = ext;
    __asm__ volatile("ecall"
                     : "+r"(r_a0), "+r"(r_a1)
                     : "r"(r_a2), "r"(r_a6), "r"(r_a7)
                     : "memory");
    return (struct sbi_ret){ .error = (long)r_a0, .value = (long)r_a1 };
}

/* Legacy (v0.1) calls return only a0 and must not be given a6. */
static long sbi_legacy_call(unsigned long ext, unsigned long a0)
{
    register unsigned long r_a0 __asm__("a0") = a0;
    register unsigned long r_a7 __asm__("a7") = ext;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a7) : "memory", "a1");
    return (long)r_a0;
}

static bool sbi_probe_extension(unsigned long ext)
{
    struct sbi_ret r = sbi_call(SBI_EXT_BASE, 3, ext, 0, 0);
    return r.error == 0 && r.value != 0;
}

void sbi_probe(void)
{
    struct sbi_ret r = sbi_call(SBI_EXT_BASE, 0, 0, 0, 0);
    if (r.error != 0) {
        /* A v0.1 firmware: BASE does not exist, everything is legacy. */
        sbi_info.spec_major = 0;
        sbi_info.spec_minor = 1;
        return;
    }
    sbi_info.spec_major = ((unsigned long)r.value >> 24) & 0x7f;
    sbi_info.spec_minor = (unsigned long)r.value & 0xffffff;
    sbi_info.impl_id = (unsigned long)sbi_call(SBI_EXT_BASE, 1, 0, 0, 0).value;
    sbi_info.impl_version = (unsigned long)sbi_call(SBI_EXT_BASE, 2, 0, 0, 0).value;
    sbi_info.has_time = sbi_probe_extension(SBI_EXT_TIME);
    sbi_info.has_ipi = sbi_probe_extension(SBI_EXT_IPI);
    sbi_info.has_rfence = sbi_probe_extension(SBI_EXT_RFENCE);
    sbi_info.has_hsm = sbi_probe_extension(SBI_EXT_HSM);
    sbi_info.has_srst = sbi_probe_extension(SBI_EXT_SRST);
    sbi_info.has_dbcn = sbi_probe_extension(SBI_EXT_DBCN);
}

void sbi_console_putchar(char c)
{
    if (sbi_info.has_dbcn) {
        /* DBCN write_byte (fid 2) where it exists (SBI v2.0+). */
        sbi_call(SBI_EXT_DBCN, 2, (unsigned char)c, 0, 0);
        return;
    }
    sbi_legacy_call(SBI_LEGACY_CONSOLE_PUTCHAR, (unsigned char)c);
}

void sbi_set_timer(uint64_t when)
{
    if (sbi_info.has_time)
        sbi_call(SBI_EXT_TIME, 0, when, 0, 0);
    else
        sbi_legacy_call(SBI_LEGACY_SET_TIMER, when);
}

void sbi_system_reset(unsigned long type)
{
    if (sbi_info.has_srst)
        sbi_call(SBI_EXT_SRST, 0, type, SBI_SRST_REASON_NONE, 0);
    else if (type == SBI_SRST_TYPE_SHUTDOWN)
        sbi_legacy_call(SBI_LEGACY_SHUTDOWN, 0);
}

const char *sbi_impl_name(unsigned long id)
{
    switch (id) {
    case 0: return "BBL";
    case 1: return "OpenSBI";
    case 2: return "Xvisor";
    case 3: return "KVM";
    case 4: return "RustSBI";
    case 5: return "Diosix";
    case 6: return "Coffer";
    default: return "unknown";
    }
}
