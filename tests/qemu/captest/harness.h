/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A tiny test harness for in-QEMU root tasks: named cases, one result line
 * each, and a final "N passed, N failed" line the test command checks.
 */
#ifndef CAPTEST_HARNESS_H
#define CAPTEST_HARNESS_H

#include <stdbool.h>
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

/*
 * Starts a case. Returns false if the case is not selected: the image
 * option args=cases=PREFIX[,PREFIX...] (./conductor test --case) runs only
 * the cases whose name starts with one of the prefixes; the caller then
 * skips the case's body (`if (!case_begin(...)) return;`).
 */
bool case_begin(const char *name);
/* For a function that runs several cases: false if none of the blank-
 * separated case IDs in `ids` is selected, so the whole function is skipped
 * (`if (!cases_selected("CNODE0001 CNODE0002")) return;`). */
bool cases_selected(const char *ids);
void case_end(void);
/* Prints the summary (and, in coverage builds, the COVER lines). */
void harness_summary(void);

/*
 * Leak check: from the next case_begin on, every case must leave the
 * untyped `untyped` (2^size_bits bytes, from which the case allocates)
 * with all its memory free again, and the root-CNode slots [lo, hi)
 * (where the case puts caps) as occupied as before; case_end fails the case
 * otherwise. probe is the first of 3 empty slots (outside [lo, hi)) the
 * free-memory probe names as its destination; nothing is ever put there.
 */
void harness_leak_track(cnd_cptr_t untyped, unsigned size_bits, cnd_cptr_t probe, cnd_cptr_t lo,
                        cnd_cptr_t hi);
/* Free bytes of the tracked untyped, as the kernel reports them. */
cnd_word_t harness_untyped_free(void);
/* Occupied slots in the tracked window. */
unsigned harness_slots_used(void);

#if defined(CONDUCTOR_COVERAGE)
void coverage_print(void);
#endif

#endif
