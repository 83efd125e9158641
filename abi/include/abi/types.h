/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Basic types of Conductor's user/kernel ABI, shared by the kernel and user
 * land. Conductor is binary compatible with seL4 16.0's riscv64 non-MCS ABI,
 * which is LP64: every message register, capability address, badge and
 * address is one 64-bit word, so that is all most of the ABI needs.
 *
 * Freestanding: only <stdint.h>, <stddef.h> and <stdbool.h>. Usable from
 * assembly (the C-only parts are hidden from __ASSEMBLER__), so the kernel's
 * trap entry code can share the numbers.
 */
#ifndef ABI_TYPES_H
#define ABI_TYPES_H

/*
 * CND_UL(x): an unsigned-long literal in C, a plain number in assembly (GNU as
 * does not understand C integer suffixes).
 */
#ifdef __ASSEMBLER__
#define CND_UL(x) x
#else
#define CND_UL(x) x##ul
#endif

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One machine word: a message register, a badge, an address, a label. */
typedef uint64_t cnd_word_t;
/* Signed word: system call numbers are negative (seL4_SysCall = -1). */
typedef int64_t cnd_sword_t;
/* A capability address, resolved in the caller's CSpace. */
typedef cnd_word_t cnd_cptr_t;
/* An endpoint/notification badge (seL4_BadgeBits = 64: the whole word). */
typedef cnd_word_t cnd_badge_t;
typedef cnd_word_t cnd_paddr_t;
typedef cnd_word_t cnd_vaddr_t;
/* seL4_Time (DomainSet_ScheduleConfigure duration): one 64-bit word. */
typedef cnd_word_t cnd_time_t;

/*
 * The ABI is defined for LP64 only (riscv64, and x86_64/aarch64 hosts for the
 * unit tests). Anything else would silently change every structure layout.
 */
_Static_assert(sizeof(cnd_word_t) == 8, "a word is 64 bits");
_Static_assert(_Alignof(cnd_word_t) == 8, "words are 8-byte aligned");
_Static_assert(sizeof(void *) == 8, "Conductor's ABI is LP64 only");
_Static_assert(sizeof(unsigned long) == 8, "Conductor's ABI is LP64 only");

#endif /* !__ASSEMBLER__ */

#endif /* ABI_TYPES_H */
