/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A tiny test harness for in-QEMU root tasks: named cases, one result line
 * each, and a final "N passed, N failed" line the test command checks.
 */
#ifndef CAPTEST_HARNESS_H
#define CAPTEST_HARNESS_H

#include <stdint.h>
#include <conductor/conductor.h>

extern unsigned harness_passed, harness_failed;
extern const char *harness_case;
extern int harness_case_failed;

void put_str(const char *s);
void put_dec(uint64_t v);
void put_hex(uint64_t v);

/* Checks one condition inside a case; prints the expression on failure. */
#define EXPECT(cond) expect_impl((cond), #cond, __LINE__)
void expect_impl(int ok, const char *what, int line);

/* Checks that an invocation failed with `err` (or succeeded: CND_NO_ERROR). */
#define EXPECT_ERR(result, err) expect_err_impl((result), (err), #result, __LINE__)
void expect_err_impl(struct cnd_result r, cnd_error_t err, const char *what, int line);

/* Checks detail word i of a failed invocation. */
#define EXPECT_DETAIL(result, i, v) EXPECT((result).detail_len > (i) && (result).detail[(i)] == (v))

void case_begin(const char *name);
void case_end(void);
void harness_summary(void);

#endif
