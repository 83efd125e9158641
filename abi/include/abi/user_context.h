/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * struct cnd_user_context (seL4_UserContext): the 32 user registers in the
 * order TCB_ReadRegisters replies with and TCB_WriteRegisters expects
 * (register i of the struct is message word i, resp. i + 2). This is the ABI
 * order, not the kernel's internal save order; the kernel must translate.
 *
 * Indices 0..15 are the "frame registers" (pc = the restart PC) and 16..31
 * the "gp registers": TCB_CopyRegisters' transfer_frame / transfer_integer
 * flags select those two halves.
 */
#ifndef ABI_USER_CONTEXT_H
#define ABI_USER_CONTEXT_H

#include <abi/types.h>

#define CND_USER_CONTEXT_WORDS 32
#define CND_N_FRAME_REGISTERS 16
#define CND_N_GP_REGISTERS 16

#ifndef __ASSEMBLER__

struct cnd_user_context {
    cnd_word_t pc, ra, sp, gp;
    cnd_word_t s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
    cnd_word_t a0, a1, a2, a3, a4, a5, a6, a7;
    cnd_word_t t0, t1, t2, t3, t4, t5, t6;
    cnd_word_t tp;
};

/* Word index of each register, for code that treats the context as words. */
enum cnd_user_context_index {
    CND_UC_PC = 0, CND_UC_RA, CND_UC_SP, CND_UC_GP,
    CND_UC_S0, CND_UC_S1, CND_UC_S2, CND_UC_S3, CND_UC_S4, CND_UC_S5,
    CND_UC_S6, CND_UC_S7, CND_UC_S8, CND_UC_S9, CND_UC_S10, CND_UC_S11,
    CND_UC_A0, CND_UC_A1, CND_UC_A2, CND_UC_A3, CND_UC_A4, CND_UC_A5, CND_UC_A6, CND_UC_A7,
    CND_UC_T0, CND_UC_T1, CND_UC_T2, CND_UC_T3, CND_UC_T4, CND_UC_T5, CND_UC_T6,
    CND_UC_TP,
};

/* Offsets follow the index enum; both are checked against the ABI sheet. */
_Static_assert(sizeof(struct cnd_user_context) == 8 * CND_USER_CONTEXT_WORDS,
               "seL4_UserContext size");
_Static_assert(_Alignof(struct cnd_user_context) == 8, "seL4_UserContext alignment");
_Static_assert(CND_UC_TP + 1 == CND_USER_CONTEXT_WORDS, "index enum covers all words");
_Static_assert(CND_N_FRAME_REGISTERS + CND_N_GP_REGISTERS == CND_USER_CONTEXT_WORDS, "halves");
_Static_assert(offsetof(struct cnd_user_context, pc) == 8 * CND_UC_PC, "pc");
_Static_assert(offsetof(struct cnd_user_context, ra) == 8 * CND_UC_RA, "ra");
_Static_assert(offsetof(struct cnd_user_context, sp) == 8 * CND_UC_SP, "sp");
_Static_assert(offsetof(struct cnd_user_context, gp) == 8 * CND_UC_GP, "gp");
_Static_assert(offsetof(struct cnd_user_context, s0) == 8 * CND_UC_S0, "s0");
_Static_assert(offsetof(struct cnd_user_context, s1) == 8 * CND_UC_S1, "s1");
_Static_assert(offsetof(struct cnd_user_context, s2) == 8 * CND_UC_S2, "s2");
_Static_assert(offsetof(struct cnd_user_context, s3) == 8 * CND_UC_S3, "s3");
_Static_assert(offsetof(struct cnd_user_context, s4) == 8 * CND_UC_S4, "s4");
_Static_assert(offsetof(struct cnd_user_context, s5) == 8 * CND_UC_S5, "s5");
_Static_assert(offsetof(struct cnd_user_context, s6) == 8 * CND_UC_S6, "s6");
_Static_assert(offsetof(struct cnd_user_context, s7) == 8 * CND_UC_S7, "s7");
_Static_assert(offsetof(struct cnd_user_context, s8) == 8 * CND_UC_S8, "s8");
_Static_assert(offsetof(struct cnd_user_context, s9) == 8 * CND_UC_S9, "s9");
_Static_assert(offsetof(struct cnd_user_context, s10) == 8 * CND_UC_S10, "s10");
_Static_assert(offsetof(struct cnd_user_context, s11) == 8 * CND_UC_S11, "s11");
_Static_assert(offsetof(struct cnd_user_context, a0) == 8 * CND_UC_A0, "a0");
_Static_assert(offsetof(struct cnd_user_context, a1) == 8 * CND_UC_A1, "a1");
_Static_assert(offsetof(struct cnd_user_context, a2) == 8 * CND_UC_A2, "a2");
_Static_assert(offsetof(struct cnd_user_context, a3) == 8 * CND_UC_A3, "a3");
_Static_assert(offsetof(struct cnd_user_context, a4) == 8 * CND_UC_A4, "a4");
_Static_assert(offsetof(struct cnd_user_context, a5) == 8 * CND_UC_A5, "a5");
_Static_assert(offsetof(struct cnd_user_context, a6) == 8 * CND_UC_A6, "a6");
_Static_assert(offsetof(struct cnd_user_context, a7) == 8 * CND_UC_A7, "a7");
_Static_assert(offsetof(struct cnd_user_context, t0) == 8 * CND_UC_T0, "t0");
_Static_assert(offsetof(struct cnd_user_context, t1) == 8 * CND_UC_T1, "t1");
_Static_assert(offsetof(struct cnd_user_context, t2) == 8 * CND_UC_T2, "t2");
_Static_assert(offsetof(struct cnd_user_context, t3) == 8 * CND_UC_T3, "t3");
_Static_assert(offsetof(struct cnd_user_context, t4) == 8 * CND_UC_T4, "t4");
_Static_assert(offsetof(struct cnd_user_context, t5) == 8 * CND_UC_T5, "t5");
_Static_assert(offsetof(struct cnd_user_context, t6) == 8 * CND_UC_T6, "t6");
_Static_assert(offsetof(struct cnd_user_context, tp) == 8 * CND_UC_TP, "tp");

#endif /* !__ASSEMBLER__ */

#endif /* ABI_USER_CONTEXT_H */
