/* SPDX-License-Identifier: BSD-2-Clause */
/* The ping-pong protocol: message labels shared by the two components. */
#ifndef PINGPONG_PROTOCOL_H
#define PINGPONG_PROTOCOL_H

#define PING 1   /* MR0: a number; the reply (PONG) carries it plus one */
#define PONG 2
#define ROUNDS 5

#endif
