/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The domain capability: seL4's DomainSet invocations for the configured
 * number of domains (one: only domain 0 exists, as in seL4's default build,
 * so the schedule has CND_NUM_DOMAIN_SCHEDULES entries all naming domain 0).
 */
#include <abi/constants.h>
#include <abi/invocation_labels.h>
#include <kernel/invocation.h>
#include <kernel/tcb.h>

#define NUM_DOMAINS 1

struct domain_schedule_entry {
    uint64_t domain;
    uint64_t duration;
};

/* Until configured, domain 0 runs for ever (one domain, one entry). */
static struct domain_schedule_entry domain_schedule[CND_NUM_DOMAIN_SCHEDULES] = {
    { 0, UINT64_MAX >> 1 },
};
static uint64_t domain_schedule_start;

enum invoke_status decode_domain_invocation(struct invocation *inv, struct syscall_error *err)
{
    switch (inv->label) {
    case CND_LABEL_DOMAIN_SET_SET: {
        if (inv->length < 1 || inv->n_extra_caps < 1) {
            error_set(err, CND_TRUNCATED_MESSAGE);
            return INVOKE_ERROR;
        }
        uint64_t domain = inv_mr(inv, 0) & 0xff;
        if (domain >= NUM_DOMAINS) {
            error_invalid_argument(err, 0);
            return INVOKE_ERROR;
        }
        struct cap target = inv_extra_cap(inv, 0);
        if (cap_type(target) != CAP_THREAD) {
            /* seL4 reports this one as InvalidArgument 1. */
            error_invalid_argument(err, 1);
            return INVOKE_ERROR;
        }
        struct tcb *t = paddr_to_kptr(cap_object(target));
        t->domain = (uint32_t)domain;
        return INVOKE_DONE;
    }
    case CND_LABEL_DOMAIN_SCHEDULE_CONFIGURE: {
        if (inv->length < 3) {
            error_set(err, CND_TRUNCATED_MESSAGE);
            return INVOKE_ERROR;
        }
        uint64_t index = inv_mr(inv, 0), domain = inv_mr(inv, 1) & 0xff;
        uint64_t duration = inv_mr(inv, 2);
        if (index >= CND_NUM_DOMAIN_SCHEDULES) {
            error_range(err, 0, CND_NUM_DOMAIN_SCHEDULES - 1);
            return INVOKE_ERROR;
        }
        if (domain >= NUM_DOMAINS) {
            error_invalid_argument(err, 1);
            return INVOKE_ERROR;
        }
        /* Durations are in timer ticks; one that overflows when added to the
         * current time could never expire correctly. */
        if (duration > (UINT64_MAX >> 1)) {
            error_invalid_argument(err, 2);
            return INVOKE_ERROR;
        }
        domain_schedule[index] = (struct domain_schedule_entry){ domain, duration };
        return INVOKE_DONE;
    }
    case CND_LABEL_DOMAIN_SCHEDULE_SET_START: {
        if (inv->length < 1) {
            error_set(err, CND_TRUNCATED_MESSAGE);
            return INVOKE_ERROR;
        }
        uint64_t index = inv_mr(inv, 0);
        if (index >= CND_NUM_DOMAIN_SCHEDULES) {
            error_range(err, 0, CND_NUM_DOMAIN_SCHEDULES - 1);
            return INVOKE_ERROR;
        }
        /* An entry with no duration ends the schedule: it cannot start it. */
        if (domain_schedule[index].duration == 0) {
            error_invalid_argument(err, 0);
            return INVOKE_ERROR;
        }
        domain_schedule_start = index;
        return INVOKE_DONE;
    }
    default:
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
}
