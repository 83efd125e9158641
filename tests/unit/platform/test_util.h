/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Minimal helpers shared by the platform unit tests: failure counting
 * checks that report file, line and the current case, file reading and
 * listing the DTBs of a directory.
 */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/platform_info.h"

extern int test_failures;
extern const char *test_case;   /* printed with every failure */

void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond))                                                        \
            test_fail(__FILE__, __LINE__, "%s", #cond);                     \
    } while (0)

#define CHECK_EQ(a, b)                                                      \
    do {                                                                    \
        unsigned long long a_ = (unsigned long long)(a);                    \
        unsigned long long b_ = (unsigned long long)(b);                    \
        if (a_ != b_)                                                       \
            test_fail(__FILE__, __LINE__, "%s == %s: 0x%llx != 0x%llx", #a, \
                      #b, a_, b_);                                          \
    } while (0)

/* Reads a whole file into malloc'd memory (exits on failure). */
unsigned char *test_read_file(const char *path, size_t *size);

/* Sorted malloc'd array of malloc'd paths of DIR/NAME*SUFFIX; *n set. */
char **test_list_files(const char *dir, const char *suffix, size_t *n);

/* Frees what test_list_files() returned. */
void test_free_files(char **files, size_t n);

/* Final report: prints the result and returns the process exit status. */
int test_finish(const char *name);

/* Parses `blob` and checks that it fails with a message containing `what`. */
void test_expect_error_at(const char *file, int line, const void *blob,
                          size_t size, const char *what);
#define EXPECT_ERROR(blob, size, what)                                      \
    test_expect_error_at(__FILE__, __LINE__, blob, size, what)

/* Parses `blob`, which must succeed, into `info`. */
bool test_parse_ok_at(const char *file, int line, const void *blob,
                      size_t size, struct platform_info *info);
#define PARSE_OK(blob, size, info)                                          \
    test_parse_ok_at(__FILE__, __LINE__, blob, size, info)

/* Checks what any successful parse must satisfy: counts within the arrays,
 * memory sorted and disjoint, reserved sorted, strings terminated, ... */
void test_check_invariants(const struct platform_info *info);

#endif
