/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Two small data words that travel as invocation arguments:
 *
 *  - the capability rights word (seL4_CapRights_t): CNode_Copy/Mint "rights"
 *    and Page_Map "rights" (Page_Map uses only Read and Write);
 *  - the CNode cap data word (seL4_CNode_CapData_t): the guard and guard size
 *    that Mint/Mutate apply to a CNode cap and TCB_Configure/SetSpace apply
 *    to the new CSpace root ("cspace_root_data"; 0 = no change).
 *
 * Both are plain words on the wire; the helpers only build and take them
 * apart, masking every field like libsel4 does.
 */
#ifndef ABI_RIGHTS_H
#define ABI_RIGHTS_H

#include <abi/constants.h>
#include <abi/types.h>

/* Bit positions in the rights word (bits 4..63 are zero). */
#define CND_CAP_RIGHT_WRITE_BIT 0
#define CND_CAP_RIGHT_READ_BIT 1
#define CND_CAP_RIGHT_GRANT_BIT 2
#define CND_CAP_RIGHT_GRANT_REPLY_BIT 3

#define CND_CAN_WRITE 0x1
#define CND_CAN_READ 0x2
#define CND_CAN_GRANT 0x4
#define CND_CAN_GRANT_REPLY 0x8
#define CND_NO_RIGHTS 0x0
#define CND_READ_WRITE 0x3
#define CND_ALL_RIGHTS 0xf
#define CND_NO_WRITE 0xe /* everything except Write */
#define CND_NO_READ 0xd  /* everything except Read */

/* CNode cap data: guard in bits 63..6, guard size in bits 5..0. */
#define CND_CNODE_GUARD_SIZE_SHIFT 0
#define CND_CNODE_GUARD_SHIFT CND_GUARD_SIZE_BITS

#ifndef __ASSEMBLER__

typedef cnd_word_t cnd_cap_rights_t;
typedef cnd_word_t cnd_cnode_cap_data_t;

_Static_assert(sizeof(cnd_cap_rights_t) == 8 && _Alignof(cnd_cap_rights_t) == 8,
               "seL4_CapRights_t is one word");
_Static_assert(sizeof(cnd_cnode_cap_data_t) == 8 && _Alignof(cnd_cnode_cap_data_t) == 8,
               "seL4_CNode_CapData_t is one word");
_Static_assert(CND_CAN_WRITE == 1 << CND_CAP_RIGHT_WRITE_BIT &&
                   CND_CAN_READ == 1 << CND_CAP_RIGHT_READ_BIT &&
                   CND_CAN_GRANT == 1 << CND_CAP_RIGHT_GRANT_BIT &&
                   CND_CAN_GRANT_REPLY == 1 << CND_CAP_RIGHT_GRANT_REPLY_BIT,
               "rights bits");
_Static_assert(CND_ALL_RIGHTS == (1 << CND_CAP_RIGHTS_BITS) - 1, "all rights");
_Static_assert(CND_READ_WRITE == (CND_CAN_READ | CND_CAN_WRITE), "read write");
_Static_assert(CND_NO_WRITE == (CND_ALL_RIGHTS & ~CND_CAN_WRITE), "no write");
_Static_assert(CND_NO_READ == (CND_ALL_RIGHTS & ~CND_CAN_READ), "no read");

/* Argument order as seL4_CapRights_new(grantReply, grant, read, write). */
static inline cnd_cap_rights_t cnd_cap_rights_new(bool grant_reply, bool grant, bool read,
                                                  bool write)
{
    return ((cnd_word_t)grant_reply << CND_CAP_RIGHT_GRANT_REPLY_BIT) |
           ((cnd_word_t)grant << CND_CAP_RIGHT_GRANT_BIT) |
           ((cnd_word_t)read << CND_CAP_RIGHT_READ_BIT) |
           ((cnd_word_t)write << CND_CAP_RIGHT_WRITE_BIT);
}

static inline bool cnd_cap_rights_can_write(cnd_cap_rights_t r)
{
    return (r >> CND_CAP_RIGHT_WRITE_BIT) & 1;
}

static inline bool cnd_cap_rights_can_read(cnd_cap_rights_t r)
{
    return (r >> CND_CAP_RIGHT_READ_BIT) & 1;
}

static inline bool cnd_cap_rights_can_grant(cnd_cap_rights_t r)
{
    return (r >> CND_CAP_RIGHT_GRANT_BIT) & 1;
}

static inline bool cnd_cap_rights_can_grant_reply(cnd_cap_rights_t r)
{
    return (r >> CND_CAP_RIGHT_GRANT_REPLY_BIT) & 1;
}

/* Argument order as seL4_CNode_CapData_new(guard, guardSize). */
static inline cnd_cnode_cap_data_t cnd_cnode_cap_data_new(cnd_word_t guard, cnd_word_t guard_size)
{
    cnd_word_t size_mask = ((cnd_word_t)1 << CND_GUARD_SIZE_BITS) - 1;
    return (guard << CND_CNODE_GUARD_SHIFT) |
           ((guard_size & size_mask) << CND_CNODE_GUARD_SIZE_SHIFT);
}

static inline cnd_word_t cnd_cnode_cap_data_get_guard(cnd_cnode_cap_data_t d)
{
    return d >> CND_CNODE_GUARD_SHIFT;
}

static inline cnd_word_t cnd_cnode_cap_data_get_guard_size(cnd_cnode_cap_data_t d)
{
    return (d >> CND_CNODE_GUARD_SIZE_SHIFT) & (((cnd_word_t)1 << CND_GUARD_SIZE_BITS) - 1);
}

#endif /* !__ASSEMBLER__ */

#endif /* ABI_RIGHTS_H */
