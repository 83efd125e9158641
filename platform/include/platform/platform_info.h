/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The platform summary: everything the kernel learns about a board from its
 * flattened device tree. platform_info_parse() fills it from a blob; the kernel
 * uses it at boot and `./conductor platform` (a host build of the same code)
 * prints it. Pure C, no hardware access, no allocation: it runs in the kernel
 * before memory management exists and on the host under sanitizers.
 */
#ifndef PLATFORM_PLATFORM_INFO_H
#define PLATFORM_PLATFORM_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PLATFORM_MAX_MEMORY_RANGES 16
#define PLATFORM_MAX_RESERVED_RANGES 32
#define PLATFORM_MAX_HARTS 32
#define PLATFORM_MODEL_MAX 64
#define PLATFORM_COMPATIBLE_MAX 48
#define PLATFORM_ERROR_MAX 128

/* A physical address range [base, base + size). */
struct phys_range {
    uint64_t base;
    uint64_t size;
};

/* Which UART programming model the console uses. */
enum console_kind {
    CONSOLE_NONE = 0,      /* no usable UART: the kernel falls back to SBI */
    CONSOLE_NS16550A,      /* ns16550a and compatibles (byte or wider regs) */
    CONSOLE_DW_APB_UART,   /* snps,dw-apb-uart: 16550-like, usually shift 2 */
    CONSOLE_SIFIVE_UART0,  /* sifive,uart0 */
};

struct platform_console {
    enum console_kind kind;
    char compatible[PLATFORM_COMPATIBLE_MAX]; /* the matched compatible string */
    uint64_t base;         /* physical address of the register block */
    uint64_t size;         /* size of the register block (from reg) */
    uint32_t reg_shift;    /* register stride = 1 << reg_shift */
    uint32_t reg_io_width; /* access width in bytes: 1 or 4 */
    uint32_t irq;          /* PLIC source number, 0 if none */
    uint32_t clock_frequency; /* 0 if absent */
};

/* S-mode PLIC context of one hart. */
struct plic_hart_context {
    uint32_t hartid;
    uint32_t context;
};

struct platform_plic {
    bool present;
    uint64_t base;
    uint64_t size;
    uint32_t ndev;         /* riscv,ndev: sources are 1..ndev */
    uint32_t n_contexts;   /* entries used in contexts[] */
    struct plic_hart_context contexts[PLATFORM_MAX_HARTS];
};

/* ISA facts about a hart that the kernel acts on. */
#define HART_ISA_F    (1u << 0)
#define HART_ISA_D    (1u << 1)
#define HART_ISA_SSTC (1u << 2)

struct platform_hart {
    uint32_t hartid;
    uint32_t isa;          /* HART_ISA_* bits from riscv,isa / riscv,isa-extensions */
};

struct platform_info {
    char model[PLATFORM_MODEL_MAX];        /* /model, or "" */
    uint32_t n_memory;
    struct phys_range memory[PLATFORM_MAX_MEMORY_RANGES];  /* sorted by base */
    uint32_t n_reserved;
    /* /memreserve/ entries and /reserved-memory children (static ones with
     * reg), sorted by base. The DTB itself and the kernel image are NOT here:
     * the kernel adds those itself. */
    struct phys_range reserved[PLATFORM_MAX_RESERVED_RANGES];
    struct platform_console console;       /* kind == CONSOLE_NONE if none */
    struct platform_plic plic;
    uint64_t timebase;                     /* /cpus/timebase-frequency (Hz) */
    uint32_t n_harts;
    /* Usable harts: status okay (or absent) and an mmu-type, sorted by id. */
    struct platform_hart harts[PLATFORM_MAX_HARTS];
};

/* Why a parse failed: a fixed message and the blob offset it concerns. */
struct platform_error {
    char message[PLATFORM_ERROR_MAX];
    uint32_t offset;       /* byte offset into the blob, or 0 */
};

/*
 * Reads the platform summary from the device tree at `blob`, which may be at
 * most `max_size` bytes long (the header's totalsize must fit inside it).
 * Validates everything it reads: a truncated, malformed or hostile blob makes
 * it return false with `err` saying where and why; it never reads outside
 * [blob, blob + min(max_size, totalsize)), never loops forever, never
 * allocates. Missing optional parts (console, PLIC, model) are not errors;
 * no memory or no usable hart is. On success returns true and fills `out`.
 */
bool platform_info_parse(const void *blob, size_t max_size,
                         struct platform_info *out, struct platform_error *err);

/* Looks up the S-mode PLIC context of `hartid`; false if it has none. */
bool platform_plic_context(const struct platform_info *info, uint32_t hartid,
                           uint32_t *context);

#endif
