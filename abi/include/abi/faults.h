/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fault messages: when a thread faults, the kernel sends an IPC to its fault
 * endpoint with label = fault type and the words below, and the faulting
 * thread waits for a reply (see the ABI sheet, sec. 8, for what a reply
 * restores). The word indices here are message-register numbers.
 *
 * Also here: the layout of a lookup-failure block, which both the CapFault
 * message (from word 3) and the FailedLookup error reply (from word 1) carry.
 */
#ifndef ABI_FAULTS_H
#define ABI_FAULTS_H

#include <abi/types.h>

/* Fault types (the message label). There is no 4 and no Timeout (non-MCS). */
#define CND_FAULT_NULL 0 /* "no fault"; never delivered */
#define CND_FAULT_CAP 1
#define CND_FAULT_UNKNOWN_SYSCALL 2
#define CND_FAULT_USER_EXCEPTION 3
#define CND_FAULT_VM 5

/* CapFault: a cptr failed to resolve during a syscall. */
#define CND_CAP_FAULT_IP 0                  /* restart PC (the ecall) */
#define CND_CAP_FAULT_ADDR 1                /* the cptr that failed */
#define CND_CAP_FAULT_IN_RECV_PHASE 2       /* 1: while looking up the receive side */
#define CND_CAP_FAULT_LOOKUP_FAILURE_TYPE 3 /* start of the lookup-failure block */
#define CND_CAP_FAULT_BITS_LEFT 4
#define CND_CAP_FAULT_DEPTH_MISMATCH_BITS_FOUND 5
#define CND_CAP_FAULT_GUARD_MISMATCH_GUARD_FOUND 5
#define CND_CAP_FAULT_GUARD_MISMATCH_BITS_FOUND 6
#define CND_CAP_FAULT_MIN_LENGTH 4 /* InvalidRoot */
#define CND_CAP_FAULT_MAX_LENGTH 7 /* GuardMismatch */

/* UnknownSyscall: a7 was not a system call this kernel serves. */
#define CND_UNKNOWN_SYSCALL_FAULT_IP 0
#define CND_UNKNOWN_SYSCALL_SP 1
#define CND_UNKNOWN_SYSCALL_RA 2
#define CND_UNKNOWN_SYSCALL_A0 3
#define CND_UNKNOWN_SYSCALL_A1 4
#define CND_UNKNOWN_SYSCALL_A2 5
#define CND_UNKNOWN_SYSCALL_A3 6
#define CND_UNKNOWN_SYSCALL_A4 7
#define CND_UNKNOWN_SYSCALL_A5 8
#define CND_UNKNOWN_SYSCALL_A6 9
#define CND_UNKNOWN_SYSCALL_SYSCALL 10 /* the a7 value */
#define CND_UNKNOWN_SYSCALL_LENGTH 11
/* A reply with label 0 writes back its first min(length, 10) words to
 * FaultIP, SP, RA, A0..A6 (set FaultIP += 4 to skip the ecall). */
#define CND_UNKNOWN_SYSCALL_REPLY_WORDS 10

/* UserException: any other synchronous exception (illegal instruction...). */
#define CND_USER_EXCEPTION_FAULT_IP 0
#define CND_USER_EXCEPTION_SP 1
#define CND_USER_EXCEPTION_NUMBER 2 /* scause */
#define CND_USER_EXCEPTION_CODE 3   /* always 0 on RISC-V */
#define CND_USER_EXCEPTION_LENGTH 4
/* A reply with label 0 writes back min(length, 2) words: FaultIP, SP. */
#define CND_USER_EXCEPTION_REPLY_WORDS 2

/* VMFault: a page or access fault. */
#define CND_VM_FAULT_IP 0             /* restart PC */
#define CND_VM_FAULT_ADDR 1           /* stval */
#define CND_VM_FAULT_PREFETCH_FAULT 2 /* 1 for an instruction fetch */
#define CND_VM_FAULT_FSR 3            /* normalised scause, see below */
#define CND_VM_FAULT_LENGTH 4
/* FSR is the access-fault cause even for page faults (12/13/15). */
#define CND_VM_FAULT_FSR_INSTRUCTION 1
#define CND_VM_FAULT_FSR_LOAD 5
#define CND_VM_FAULT_FSR_STORE 7

/* Lookup-failure block, word offsets from its start. The type word holds a
 * enum cnd_lookup_failure value (1..4, see abi/errors.h). */
#define CND_LOOKUP_FAILURE_TYPE 0
#define CND_LOOKUP_FAILURE_BITS_LEFT 1
#define CND_LOOKUP_FAILURE_DEPTH_MISMATCH_BITS_FOUND 2
#define CND_LOOKUP_FAILURE_GUARD_MISMATCH_GUARD_FOUND 2
#define CND_LOOKUP_FAILURE_GUARD_MISMATCH_BITS_FOUND 3
/* Where the block starts in a CapFault message and in a FailedLookup error
 * reply (whose word 0 says whether the failed lookup was the source slot). */
#define CND_CAP_FAULT_LOOKUP_BLOCK CND_CAP_FAULT_LOOKUP_FAILURE_TYPE
#define CND_FAILED_LOOKUP_WAS_SOURCE 0
#define CND_FAILED_LOOKUP_BLOCK 1

#ifndef __ASSEMBLER__
_Static_assert(CND_CAP_FAULT_BITS_LEFT ==
                   CND_CAP_FAULT_LOOKUP_BLOCK + CND_LOOKUP_FAILURE_BITS_LEFT,
               "CapFault carries the lookup-failure block at word 3");
_Static_assert(CND_CAP_FAULT_GUARD_MISMATCH_BITS_FOUND ==
                   CND_CAP_FAULT_LOOKUP_BLOCK + CND_LOOKUP_FAILURE_GUARD_MISMATCH_BITS_FOUND,
               "CapFault guard mismatch");
_Static_assert(CND_CAP_FAULT_MAX_LENGTH == CND_CAP_FAULT_GUARD_MISMATCH_BITS_FOUND + 1,
               "CapFault length");
_Static_assert(CND_UNKNOWN_SYSCALL_LENGTH == CND_UNKNOWN_SYSCALL_SYSCALL + 1, "length");
_Static_assert(CND_UNKNOWN_SYSCALL_REPLY_WORDS == CND_UNKNOWN_SYSCALL_A6 + 1, "reply words");
#endif

#endif /* ABI_FAULTS_H */
