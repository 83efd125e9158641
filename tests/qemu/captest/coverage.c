/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Coverage recorder of the conformance suite. Root tasks built with
 * CONDUCTOR_COVERAGE get these hooks called from the system-call wrappers and
 * the generated invocation wrappers (conductor/syscalls.h,
 * conductor/invocations.h), so every invocation any case makes is counted
 * without the case saying so. harness_summary() prints what was reached as
 * "COVER ..." lines; tools/coverage/coverage_report.py compares them with
 * the (method, error) list generated from abi/conductor.api.
 *
 * Kinds of a method record, because the same (label, error) pair means
 * different things depending on what was invoked:
 *   own   the cap has the method's type: the method's decode path answered;
 *   null  the slot was empty: the generic InvalidCapability;
 *   other a cap of another kernel type: the generic IllegalOperation.
 * Calls on endpoints, notifications and reply caps are IPC, not invocations,
 * and are not method records.
 */
#include <conductor/conductor.h>
#include "harness.h"

enum { KIND_OWN, KIND_NULL, KIND_OTHER, NUM_KINDS };
#define NUM_SYSCALLS 14 /* -1 .. -14 */

/* Byte flags: threads on several harts may set them at once; a lost race
 * only writes the same 1. */
static volatile uint8_t seen_method[CND_NUM_METHODS][CND_NUM_ERRORS][NUM_KINDS];
static volatile uint8_t seen_wrapper[CND_NUM_METHODS][CND_NUM_ERRORS];
static volatile uint8_t seen_syscall[NUM_SYSCALLS + 1];

static int method_index(cnd_word_t label)
{
    const struct cnd_method_info *m = cnd_method_info(label);
    return m == NULL ? -1 : (int)(m - cnd_method_table());
}

void cnd_coverage_syscall(cnd_sword_t number)
{
    if (number <= -1 && number >= -NUM_SYSCALLS)
        seen_syscall[-number] = 1;
}

/* The cookie is the invoked cap's tag + 1 (0: not looked at). */
cnd_word_t cnd_coverage_call_begin(cnd_word_t dest)
{
    return cnd_debug_cap_identify(dest) + 1;
}

void cnd_coverage_call_end(cnd_word_t cookie, cnd_word_t sent_info, cnd_word_t reply_info)
{
    cnd_word_t tag = cookie - 1;
    if (cookie == 0 || tag == CND_CAP_TAG_ENDPOINT || tag == CND_CAP_TAG_NOTIFICATION ||
        tag == CND_CAP_TAG_REPLY)
        return;
    cnd_word_t label = cnd_msginfo_get_label(cnd_msginfo_from_word(sent_info));
    cnd_word_t error = cnd_msginfo_get_label(cnd_msginfo_from_word(reply_info));
    int m = method_index(label);
    if (m < 0 || error >= CND_NUM_ERRORS)
        return;
    int kind = tag == CND_CAP_TAG_NULL ? KIND_NULL
               : tag == cnd_method_table()[m].cap_tag ? KIND_OWN : KIND_OTHER;
    seen_method[m][error][kind] = 1;
}

void cnd_coverage_wrapper(cnd_word_t label, unsigned error)
{
    int m = method_index(label);
    if (m >= 0 && error < CND_NUM_ERRORS)
        seen_wrapper[m][error] = 1;
}

void coverage_print(void)
{
    static const char *const kinds[NUM_KINDS] = { "own", "null", "other" };
    for (int s = 1; s <= NUM_SYSCALLS; s++) {
        if (seen_syscall[s]) {
            put_str("COVER syscall ");
            put_str(cnd_syscall_name(-s));
            put_str("\n");
        }
    }
    for (int m = 0; m < CND_NUM_METHODS; m++) {
        for (int e = 0; e < CND_NUM_ERRORS; e++) {
            for (int k = 0; k < NUM_KINDS; k++) {
                if (!seen_method[m][e][k])
                    continue;
                put_str("COVER method ");
                put_str(cnd_method_table()[m].name);
                put_str(" ");
                put_str(cnd_error_name((cnd_error_t)e));
                put_str(" ");
                put_str(kinds[k]);
                put_str("\n");
            }
            if (seen_wrapper[m][e]) {
                put_str("COVER wrapper ");
                put_str(cnd_method_table()[m].name);
                put_str(" ");
                put_str(cnd_error_name((cnd_error_t)e));
                put_str("\n");
            }
        }
    }
    /* The report checks it saw this line: a log cut short is not evidence. */
    put_str("COVER end\n");
}
