/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shell's commands. Everything the shell can do goes through the three
 * channels it holds: the supervisor (ps, caps, mem, shutdown: the protocol
 * in conductor/supervisor.h), the kv server (ping, kv, fault: kv_protocol.h)
 * and the serial driver (all output). It has no other authority, so e.g. it
 * cannot read kv's memory or stop kv itself.
 */
#include <conductor/printf.h>
#include <conductor/supervisor.h>
#include "capdl_component.h"
#include "../kv/kv_protocol.h"
#include "../slots.h"
#include "shell.h"

static bool streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static const char *const sup_errors[] = {
    [SUP_OK] = "ok", [SUP_EINVAL] = "invalid request", [SUP_ENOENT] = "no such component",
    [SUP_EBUSY] = "busy (a shutdown is in progress)",
};

/*
 * One supervisor query. The reply text arrives in chunks, each reply's MR0
 * the cookie for the next call (0: done); each chunk is printed, or with
 * `keep` appended there instead (cut at keep_size - 1 bytes). The text is
 * copied out of the IPC buffer before printing, which reuses it.
 */
static bool sup_request(enum sup_op op, const char *arg, char *keep, unsigned keep_size)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    static char text[SUP_TEXT_MAX + 1];
    unsigned kept = 0;
    cnd_word_t cookie = 0;
    do {
        unsigned n = 1;
        ipc->msg[0] = cookie;
        if (arg) {
            unsigned words = capdl_pack_string(&ipc->msg[1], CND_MSG_MAX_LENGTH - 1, arg);
            if (words == 0) {
                cnd_printf("error: argument too long\n");
                return false;
            }
            n += words;
        }
        cnd_msginfo_t r = cnd_call(SHELL_SLOT_SUP, cnd_msginfo_new(op, 0, 0, n));
        cnd_word_t label = cnd_msginfo_get_label(r);
        unsigned len = (unsigned)cnd_msginfo_get_length(r);
        if (len > CND_MSG_MAX_LENGTH)
            len = CND_MSG_MAX_LENGTH;
        cookie = len > 0 ? ipc->msg[0] : 0;
        capdl_unpack_string(&ipc->msg[1], len > 1 ? len - 1 : 0, text, sizeof text);
        if (label != SUP_OK) {
            const char *what = label < sizeof sup_errors / sizeof *sup_errors && sup_errors[label]
                                   ? sup_errors[label] : "unknown error";
            cnd_printf("error: supervisor: %s%s%s", what, text[0] ? ": " : "\n", text);
            return false;
        }
        if (!keep) {
            cnd_printf("%s", text);
            continue;
        }
        for (unsigned i = 0; text[i] && kept + 1 < keep_size; i++)
            keep[kept++] = text[i];
        keep[kept] = '\0';
    } while (cookie != 0);
    return true;
}

static bool sup_query(enum sup_op op, const char *arg)
{
    return sup_request(op, arg, NULL, 0);
}

/*
 * Whether kv runs, from the supervisor's `ps` (a line per component: name,
 * state, ...). A stopped kv receives nothing, so a Call to it would wait for
 * ever: the kv commands ask first and refuse with the state instead.
 */
static bool kv_running(void)
{
    static char ps[1024];
    if (!sup_request(SUP_PS, NULL, ps, sizeof ps))
        return false;
    for (const char *line = ps; *line; ) {
        const char *p = line;
        if (p[0] == 'k' && p[1] == 'v' && p[2] == ' ') {
            for (p += 2; *p == ' '; p++)
                ;
            if (p[0] == 'r' && p[1] == 'u' && p[2] == 'n')
                return true;
            const char *end = p;
            while (*end && *end != ' ' && *end != '\n')
                end++;
            cnd_printf("kv is not running (%.*s): the supervisor no longer restarts it\n",
                       (int)(end - p), p);
            return false;
        }
        while (*line && *line++ != '\n')
            ;
    }
    cnd_printf("kv is not in the supervisor's list of components\n");
    return false;
}

/*
 * Round trips to kv's echo: the first (cold caches, TLB) and the best of
 * PINGS, each Call and its reply measured with the cycle and instret
 * counters. The echoed words are checked, so a wrong server shows.
 */
#define PINGS 8
static void ping(const char *server)
{
    if (!streq(server, "kv")) {
        cnd_printf("ping: no channel to '%s' (the shell can reach: kv)\n", server);
        return;
    }
    if (!kv_running())
        return;
    uint64_t first_c = 0, first_i = 0, best_c = ~0ULL, best_i = ~0ULL;
    for (unsigned k = 0; k < PINGS; k++) {
        cnd_word_t m0 = 0xc0ffee00 + k, m1 = ~m0, m2 = 0, m3 = 0;
        uint64_t c0 = shell_rdcycle(), i0 = shell_rdinstret();
        cnd_msginfo_t r = cnd_call_with_mrs(SHELL_SLOT_KV, cnd_msginfo_new(KV_PING, 0, 0, 2),
                                            &m0, &m1, &m2, &m3);
        uint64_t c1 = shell_rdcycle(), i1 = shell_rdinstret();
        if (cnd_msginfo_get_label(r) != KV_OK || cnd_msginfo_get_length(r) != 2 ||
            m0 != 0xc0ffee00 + k || m1 != ~(cnd_word_t)(0xc0ffee00 + k)) {
            cnd_printf("ping kv: bad reply (label %lu, %lu words)\n",
                       (unsigned long)cnd_msginfo_get_label(r),
                       (unsigned long)cnd_msginfo_get_length(r));
            return;
        }
        if (k == 0)
            first_c = c1 - c0, first_i = i1 - i0;
        if (c1 - c0 < best_c)
            best_c = c1 - c0;
        if (i1 - i0 < best_i)
            best_i = i1 - i0;
    }
    cnd_printf("ping kv: %u round trips, first %lu cycles / %lu instructions, "
               "best %lu cycles / %lu instructions\n", PINGS, (unsigned long)first_c,
               (unsigned long)first_i, (unsigned long)best_c, (unsigned long)best_i);
}

static const char *const kv_errors[] = {
    [KV_OK] = "ok", [KV_EINVAL] = "invalid (empty or too long key or value)",
    [KV_ENOENT] = "no such key", [KV_EFULL] = "the store is full",
};

static const char *kv_error(cnd_word_t label)
{
    return label < sizeof kv_errors / sizeof *kv_errors ? kv_errors[label] : "unknown error";
}

static void kv_set(const char *key, const char *value)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    /* "key\0value\0" from MR0: pack the two strings back to back. */
    static char buf[KV_KEY_MAX + KV_VALUE_MAX];
    unsigned k = 0, v = 0;
    while (key[k] && k < KV_KEY_MAX)
        k++;
    while (value[v] && v < KV_VALUE_MAX)
        v++;
    if (k >= KV_KEY_MAX || v >= KV_VALUE_MAX) {
        cnd_printf("kv: key (< %u bytes) or value (< %u bytes) too long\n", KV_KEY_MAX,
                   KV_VALUE_MAX);
        return;
    }
    for (unsigned i = 0; i < k; i++)
        buf[i] = key[i];
    for (unsigned i = 0; i < v; i++)
        buf[k + 1 + i] = value[i];
    buf[k] = '\0';
    buf[k + 1 + v] = '\0';
    unsigned len = k + v + 2, words = (len + 7) / 8;
    for (unsigned w = 0; w < words; w++) {
        cnd_word_t x = 0;
        for (unsigned b = 0; b < 8 && w * 8 + b < len; b++)
            x |= (cnd_word_t)(uint8_t)buf[w * 8 + b] << (8 * b);
        ipc->msg[w] = x;
    }
    cnd_msginfo_t r = cnd_call(SHELL_SLOT_KV, cnd_msginfo_new(KV_SET, 0, 0, words));
    if (cnd_msginfo_get_label(r) == KV_OK)
        cnd_printf("kv: %s = %s\n", key, value);
    else
        cnd_printf("kv: set %s: %s\n", key, kv_error(cnd_msginfo_get_label(r)));
}

static void kv_get(const char *key)
{
    struct cnd_ipc_buffer *ipc = cnd_get_ipc_buffer();
    unsigned words = capdl_pack_string(ipc->msg, KV_KEY_MAX / 8, key);
    if (words == 0) {
        cnd_printf("kv: key too long\n");
        return;
    }
    cnd_msginfo_t r = cnd_call(SHELL_SLOT_KV, cnd_msginfo_new(KV_GET, 0, 0, words));
    if (cnd_msginfo_get_label(r) != KV_OK) {
        cnd_printf("kv: get %s: %s\n", key, kv_error(cnd_msginfo_get_label(r)));
        return;
    }
    static char value[KV_VALUE_MAX];
    unsigned len = (unsigned)cnd_msginfo_get_length(r);
    capdl_unpack_string(ipc->msg, len > CND_MSG_MAX_LENGTH ? CND_MSG_MAX_LENGTH : len, value,
                        sizeof value);
    cnd_printf("kv: %s = %s\n", key, value);
}

static void kv_command(const struct shell_words *w)
{
    bool set = w->n >= 4 && streq(w->word[1], "set"), get = w->n == 3 && streq(w->word[1], "get");
    if ((set || get) && !kv_running())
        return;
    /* The value is the rest of the line: it may contain spaces. */
    if (set)
        kv_set(w->word[2], w->rest[3]);
    else if (get)
        kv_get(w->word[2]);
    else
        cnd_printf("usage: kv set KEY VALUE | kv get KEY\n");
}

/*
 * A Send, not a Call: kv faults instead of answering, and a Call would leave
 * the shell waiting for a reply that never comes (the restarted kv has no
 * reply cap for it). kv runs above the shell, so when the shell runs a
 * running kv already waits in Recv and takes the message at once.
 */
static void fault(void)
{
    if (!kv_running())
        return;
    cnd_send(SHELL_SLOT_KV, cnd_msginfo_new(KV_FAULT, 0, 0, 0));
    /* The supervisor (the loader's thread, above every component) has
     * handled the fault by the time the shell runs again. */
    if (kv_running())
        cnd_printf("fault: kv faulted and the supervisor restarted it; try 'ping kv'\n");
}

/* When the shell began, as the counters saw it: with QEMU's -icount these
 * count instructions (and idle time) since reset, so `./conductor bench`
 * reads the default system's boot cost from here. */
static void uptime(void)
{
    uint64_t c = shell_rdcycle(), i = shell_rdinstret();
    cnd_printf("uptime: shell started at instret %llu (cycle %llu); now instret %llu (cycle %llu)\n",
               (unsigned long long)shell_started_instret, (unsigned long long)shell_started_cycle,
               (unsigned long long)i, (unsigned long long)c);
}

static void help(void)
{
    cnd_printf("commands:\n"
               "  help               this list\n"
               "  ps                 components: state, priority, restarts, faults\n"
               "  caps COMPONENT     the caps in a component's CSpace\n"
               "  mem                untyped memory: total, used, free, per component\n"
               "  ping kv            round trips to the kv server (cycles, instructions)\n"
               "  kv set KEY VALUE   store a value in the kv server\n"
               "  kv get KEY         read it back\n"
               "  fault              make the kv server fault (the supervisor restarts it)\n"
               "  uptime             counters when the shell started and now\n"
               "  shutdown           notify the services, then power off\n");
}

bool shell_run(const struct shell_words *w)
{
    const char *cmd = w->word[0];
    if (streq(cmd, "help") && w->n == 1)
        help();
    else if (streq(cmd, "ps") && w->n == 1)
        sup_query(SUP_PS, NULL);
    else if (streq(cmd, "mem") && w->n == 1)
        sup_query(SUP_MEM, NULL);
    else if (streq(cmd, "caps") && w->n == 2)
        sup_query(SUP_CAPS, w->word[1]);
    else if (streq(cmd, "caps"))
        cnd_printf("usage: caps COMPONENT (see ps)\n");
    else if (streq(cmd, "ping") && w->n == 2)
        ping(w->word[1]);
    else if (streq(cmd, "ping"))
        cnd_printf("usage: ping kv\n");
    else if (streq(cmd, "kv"))
        kv_command(w);
    else if (streq(cmd, "uptime") && w->n == 1)
        uptime();
    else if (streq(cmd, "fault") && w->n == 1)
        fault();
    else if (streq(cmd, "shutdown") && w->n == 1) {
        cnd_printf("shutdown: asking the supervisor\n");
        if (sup_query(SUP_SHUTDOWN, NULL))
            return false;
    } else
        cnd_printf("unknown command '%s' (or wrong arguments); type 'help' for the list\n", cmd);
    return true;
}
