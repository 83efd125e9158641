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
/*
 * The tracked region made for a root task (captest, vmtest, ipctest,
 * irqtest): from root-CNode slot `first`, 3 probe slots, then a window of
 * `window` slots, then the scratch untyped's slot: an untyped of
 * 2^size_bits bytes carved from the smallest RAM boot untyped that holds
 * it (the smallest, so that the big ones stay for the task's other uses).
 * Turns the leak check on. Returns the first slot after the
 * region (free for what the task sets up outside the tracked region), or 0
 * if the untyped cannot be made.
 */
cnd_cptr_t harness_scratch_setup(const struct cnd_boot_info *bi, cnd_cptr_t first,
                                 unsigned window, unsigned size_bits);
/* The scratch untyped (every case allocates from it). */
cnd_cptr_t harness_scratch(void);
/* The boot untyped the scratch was carved from (its physical range is the
 * boot info's untyped_list entry). */
cnd_cptr_t harness_scratch_parent(void);
/* The next empty window slot. The search restarts at the window's start at
 * every case_begin, so a case gets the slots the cases before it gave back;
 * an occupied slot (a leak of an earlier case, already reported) is
 * skipped rather than handed out twice. */
cnd_cptr_t harness_slot(void);
/* The first of n consecutive empty window slots (0 if there is no room). */
cnd_cptr_t harness_slots(unsigned n);
/* Retypes one object of `type` (size_bits as Untyped_Retype) from the
 * scratch untyped into harness_slot(); the retype is EXPECTed to succeed. */
cnd_cptr_t harness_make(cnd_word_t type, cnd_word_t size_bits);
/* Deletes the cap in root-CNode slot s, EXPECTing success. */
void harness_del(cnd_cptr_t s);
/*
 * An extra per-case check on top of the kernel's truth, for a task that
 * allocates through its own allocators (libtest: libconductor-cap's
 * accounting of the same untyped, slots and VSpace window): snap() runs at
 * every case_begin of a tracked case (after the harness's own snapshot),
 * check() at its case_end; check() prints what differs (under the case's
 * name) and returns false to fail the case.
 */
void harness_leak_hook(void (*snap)(void), bool (*check)(void));
/* Free bytes of the tracked untyped, as the kernel reports them. */
cnd_word_t harness_untyped_free(void);
/* Occupied slots in the tracked window. */
unsigned harness_slots_used(void);

#if defined(CONDUCTOR_COVERAGE)
void coverage_print(void);
#endif

#endif
