/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kv server's protocol. Clients hold the `kv_requests` channel's endpoint with
 * their own badge (1 .. 2^62 - 1). Requests are Calls, except KV_FAULT.
 * Strings travel NUL-terminated, packed little-endian 8 bytes per word.
 *
 *   KV_PING  MR0..MRn-1: any words. Reply KV_OK with the same words (echo).
 *   KV_SET   MR0..: "key\0value\0". Reply KV_OK, or KV_EINVAL (a key or
 *            value too long or empty key), KV_EFULL (no free entry).
 *   KV_GET   MR0..: "key\0". Reply KV_OK + "value\0", or KV_ENOENT, or
 *            KV_EINVAL (a key too long or not terminated in the message).
 *   KV_FAULT a Send, no reply: the server faults on purpose (a store to
 *            address 0), to show the supervisor's fault handling.
 * Other labels: KV_EINVAL. The store lives in the server's memory, so a
 * restart by the supervisor (which reloads that memory) empties it.
 */
#ifndef SYSTEM_KV_PROTOCOL_H
#define SYSTEM_KV_PROTOCOL_H

enum kv_op { KV_PING = 1, KV_SET = 2, KV_GET = 3, KV_FAULT = 4 };
enum kv_status { KV_OK = 0, KV_EINVAL = 1, KV_ENOENT = 2, KV_EFULL = 3 };

#define KV_KEY_MAX 32       /* bytes, NUL included */
#define KV_VALUE_MAX 96
#define KV_ENTRIES 32

#endif
