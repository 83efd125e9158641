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
/* The env every case allocates from (the default env): a scratch untyped
 * and a window of root-CNode slots of its own, leak-checked per case (see
 * main.c); and the root task's own env, which made it. */
extern struct cnd_env *env;
extern struct cnd_env *root_env;
/* 4 GiB of the root VSpace, 1 GiB aligned, with no page tables: for cases
 * that make tables (they map there through a scope, below). */
extern cnd_vaddr_t playground;

/*
 * Page tables the VSpace helper makes stay for the life of the VSpace, and
 * a two-level CSpace's level-2 CNodes stay too (by design, see vspace.h and
 * cspace.h): a case that makes such things makes them in a scope, the way
 * the library recommends for recycling a group of objects together: a child
 * untyped of env's with an allocator of its own over a run of env's slots.
 * scope_close revokes the untyped (every object made from it, tables
 * included, is destroyed and unmapped), forgets the scope's slots and gives
 * the run and the untyped back to env.
 */
#define SCOPE_SLOTS 64
struct scope {
    struct cnd_object u;
    cnd_cptr_t first;
    struct cnd_cspace cs;
    struct cnd_ut_alloc ut;
    struct cnd_ut_entry entry[1];
    cnd_word_t bitmap[CND_CSPACE_BITMAP_WORDS(SCOPE_SLOTS)];
};
void scope_open(struct scope *s, unsigned size_bits);
void scope_close(struct scope *s);

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
