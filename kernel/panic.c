/* SPDX-License-Identifier: BSD-2-Clause */
/* kernel_panic(): report a broken invariant with enough to debug it, then stop. */
#include <stdarg.h>
#include <arch/arch.h>
#include <arch/csr.h>
#include <kernel/invariants.h>
#include <kernel/panic.h>
#include <kernel/printf.h>

void kernel_panic(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    kprintf("\nKERNEL PANIC on hart %lu at %s:%d: ", (unsigned long)arch_hart_id(), file, line);
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    kprintf("\n  scause %#lx sepc %#lx stval %#lx\n", (unsigned long)csr_read(scause),
            (unsigned long)csr_read(sepc), (unsigned long)csr_read(stval));
    arch_backtrace((uint64_t)__builtin_frame_address(0), (uint64_t)__builtin_return_address(0));
    invariants_dump_trace();
    arch_halt();
}
