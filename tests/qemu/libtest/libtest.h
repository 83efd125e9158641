/* SPDX-License-Identifier: BSD-2-Clause */
/* libtest: the groups of cases and what they share. */
#ifndef LIBTEST_H
#define LIBTEST_H

#include <conductor/libcap.h>
#include "../captest/harness.h"

/* What the child component (child.c) does, by its first argument. */
enum child_mode {
    CHILD_ARGS = 1,   /* checks its caps, exits with a1 + a2 + a3 + 100 per given cap */
    CHILD_ECHO,       /* server loop on CND_PROC_FIRST_CAP */
    CHILD_FAULT,      /* writes to a1 (unmapped until the creator maps it) */
    CHILD_MEMORY,     /* a thread, then frames from its memory until none fit */
    CHILD_ASSERT,     /* cnd_assert(a1 == a2) */
    CHILD_TRY,        /* CND_TRY of a failing invocation */
    CHILD_PANIC,      /* cnd_panic */
    CHILD_NO_MEMORY,  /* an env without memory */
    CHILD_ILLEGAL,    /* an illegal instruction, then exits with 9 */
};

extern const struct cnd_boot_info *bi;
extern struct cnd_env *env;

/* Checks that r carries error e (kernel or library code). */
#define EXPECT_LIB(r, e) EXPECT_ERR((r), (cnd_error_t)(e))

/* Whether s contains needle. */
bool contains(const char *s, const char *needle);

void test_format(void);
void test_bootinfo(void);
void test_cspace(void);
void test_untyped(void);
void test_vspace(void);
void test_threads(void);
void test_concurrent(void);
void test_ipc(void);
void test_irq(void);
void test_process(void);

#endif
