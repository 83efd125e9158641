/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: building and reading messages, badges, and a server loop.
 *
 * Message words live in the calling thread's IPC buffer (MR0..MR3 travel in
 * registers; the stubs used here copy them to and from msg[0..3], so every
 * word is read and written the same way). A request and the reply built for
 * it share that buffer: read what you need from a request before adding
 * words to its reply.
 */
#ifndef CONDUCTOR_IPC_H
#define CONDUCTOR_IPC_H

#include <stddef.h>
#include <abi/message_info.h>
#include <conductor/invoke.h>

_Static_assert(CND_MSG_MAX_LENGTH == 120 && CND_MSG_MAX_EXTRA_CAPS == 3,
               "message limits of seL4 16.0 riscv64 (the builder's bounds)");

/* A message being built in the IPC buffer. */
struct cnd_msg {
    cnd_word_t label;
    unsigned length;        /* words added */
    unsigned extra_caps;    /* caps added */
    bool overflow;          /* something did not fit (120 words, 3 caps) */
};

/* An empty message with `label`. Errors: none (labels are cut to the
 * message info's label field when sent). */
struct cnd_msg cnd_msg_new(cnd_word_t label);

/* Appends a word / a cap (a cptr in the sender's CSpace; it is transferred
 * only if the endpoint cap has Grant) to the IPC buffer. Errors: beyond the
 * limits (120 words, 3 caps) the item is dropped and m->overflow set. */
void cnd_msg_add_word(struct cnd_msg *m, cnd_word_t word);
void cnd_msg_add_cap(struct cnd_msg *m, cnd_cptr_t cap);

/* Appends n bytes as a length word followed by ceil(n / 8) words (first
 * byte in the low byte of the first word). cnd_msg_add_string adds a C
 * string so (without its NUL). Errors: if they do not all fit, nothing is
 * added and m->overflow is set. */
void cnd_msg_add_bytes(struct cnd_msg *m, const void *data, size_t n);
void cnd_msg_add_string(struct cnd_msg *m, const char *s);

/* The message-info word for sending m (label, length, extra caps).
 * Errors: none. */
cnd_msginfo_t cnd_msg_info(const struct cnd_msg *m);

/* Send / Call / Reply with m (whose words are in the IPC buffer).
 * cnd_msg_call returns the reply's info; the reply's words are then in the
 * IPC buffer (cnd_msg_reader). Errors: as the system calls: none returned
 * (sending through a cap that is no endpoint raises a cap fault for the
 * caller; a kernel object's error reply arrives as cnd_msg_call's label). */
void cnd_msg_send(cnd_cptr_t ep, const struct cnd_msg *m);
cnd_msginfo_t cnd_msg_call(cnd_cptr_t ep, const struct cnd_msg *m);
void cnd_msg_reply(const struct cnd_msg *m);

/* Reading a received message, word by word. */
struct cnd_msg_reader {
    cnd_msginfo_t info;
    unsigned pos;
    bool underflow;         /* a read went past the message's length */
};

/* A reader at the first word of the message `info` describes (received
 * into this thread's IPC buffer). Errors: none. */
struct cnd_msg_reader cnd_msg_reader(cnd_msginfo_t info);
/* The next word. Errors: 0 (and underflow set) past the end. */
cnd_word_t cnd_msg_get_word(struct cnd_msg_reader *rd);
/* Bytes added with cnd_msg_add_bytes: copies at most max of them into buf
 * and returns how many the message holds. Errors: 0 and underflow set if
 * the message ends before the bytes it announces. */
size_t cnd_msg_get_bytes(struct cnd_msg_reader *rd, void *buf, size_t max);
/* A string added with cnd_msg_add_string into buf (size bytes),
 * NUL-terminated and cut to fit; returns its full length. Errors: as
 * cnd_msg_get_bytes (then buf holds ""); size 0 writes nothing, returns 0. */
size_t cnd_msg_get_string(struct cnd_msg_reader *rd, char *buf, size_t size);

/* --- Badges -------------------------------------------------------------------- */

/* Notification badges are bit sets: one bit per source. */
#define CND_BADGE_BIT(n) ((cnd_badge_t)1 << (n))

/* Whether bit n is set in bits. Errors: none (false for n >= 64). */
static inline bool cnd_badge_has(cnd_badge_t bits, unsigned n)
{
    return n < 64 && ((bits >> n) & 1) != 0;
}

/* The lowest set bit's number, cleared from *bits. Errors: -1 if none is
 * set. For handling every source a notification reported:
 *     for (int n; (n = cnd_badge_take(&bits)) >= 0;) ... */
int cnd_badge_take(cnd_badge_t *bits);

/* A badged copy of an endpoint or notification cap in a new slot of the
 * default env (cnd_mint with the rights given). Errors: as cnd_mint;
 * IllegalOperation if the cap already carries a badge. */
struct cnd_result cnd_badge_mint(cnd_cptr_t cap, cnd_badge_t badge, cnd_cap_rights_t rights,
                                 cnd_cptr_t *badged);

/* --- A server loop ------------------------------------------------------------- */

struct cnd_request {
    cnd_badge_t badge;      /* of the cap the client used: who is calling */
    cnd_msginfo_t info;
    cnd_word_t label;
    unsigned length, extra_caps;
};

enum cnd_server_action {
    CND_SERVER_REPLY,        /* send `reply`, then wait for the next request */
    CND_SERVER_NO_REPLY,     /* no reply (a Send, or answer later after
                              * CNode_SaveCaller); wait for the next request */
    CND_SERVER_REPLY_STOP,   /* send `reply`, then return from cnd_server_run */
    CND_SERVER_STOP,         /* return from cnd_server_run at once */
};

/* Handles one request; fills *reply (label 0, empty, when called). */
typedef enum cnd_server_action (*cnd_server_handler)(void *ctx, const struct cnd_request *req,
                                                     struct cnd_msg *reply);

/*
 * Serves requests on endpoint ep until the handler says stop: waits for a
 * request, calls the handler, and answers with ReplyRecv, so a reply and
 * the wait for the next request are one system call. Errors: none reported
 * (a reply to a caller that went away is dropped by the kernel).
 */
void cnd_server_run(cnd_cptr_t ep, cnd_server_handler handler, void *ctx);

#endif /* CONDUCTOR_IPC_H */
