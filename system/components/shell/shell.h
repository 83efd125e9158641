/* SPDX-License-Identifier: BSD-2-Clause */
/* The shell's parts: line input (main.c) and the commands (commands.c). */
#ifndef SYSTEM_SHELL_H
#define SYSTEM_SHELL_H

#include <stdbool.h>
#include <stdint.h>

#define SHELL_LINE_MAX 128
#define SHELL_ARGS_MAX 8

/* One input line split at spaces; rest[i] is the line from word i on
 * (for `kv set KEY VALUE WITH SPACES`). */
struct shell_words {
    unsigned n;
    const char *word[SHELL_ARGS_MAX];
    const char *rest[SHELL_ARGS_MAX];
};

/* Runs one command line; false once the system is shutting down (the
 * shell then stops reading). */
bool shell_run(const struct shell_words *w);

/* The user-readable counters (the kernel sets scounteren). Under QEMU
 * without -icount they follow the host's clock, with it they count
 * instructions. */
static inline uint64_t shell_rdcycle(void)
{
    uint64_t v;
    __asm__ volatile("rdcycle %0" : "=r"(v));
    return v;
}

static inline uint64_t shell_rdinstret(void)
{
    uint64_t v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}

/* The counters at the shell's first instruction of cnd_main (main.c). */
extern uint64_t shell_started_instret, shell_started_cycle;

#endif
