# SPDX-License-Identifier: BSD-2-Clause
"""The `marshal` check of check_abi.py: wire format of wrappers and stubs.

A host program (built with CND_HOST_SYSCALLS) calls every generated wrapper
and every syscall stub with distinctive values; a fake kernel records the
system call number, a0..a5 and the IPC buffer, and replies. This script then
evaluates the sheet's marshalling expressions ("methods": tag, extra caps,
"mrs" such as "suspend_source&1 | (arch_flags&0xff)<<8") on the same values
and compares, and checks reply outputs, error results and stub registers.
"""

import os
import re

from abi_common import ROOT, fail, include_flags, norm, run

UC = ("pc ra sp gp s0 s1 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11 "
      "a0 a1 a2 a3 a4 a5 a6 a7 t0 t1 t2 t3 t4 t5 t6 tp").split()

PRELUDE = r"""
#include <conductor/conductor.h>
#include <stdio.h>
#include <string.h>

static struct cnd_ipc_buffer buf;
static struct cnd_ipc_buffer rec_buf;
static cnd_sword_t rec_sys;
static cnd_word_t rec_regs[6];
static cnd_word_t reply_label, reply_len, reply_badge, reply_mrs[CND_MSG_MAX_LENGTH];

/* The fake kernel: record, then reply like the real one would. */
void cnd_host_syscall(cnd_sword_t number, cnd_word_t regs[6])
{
    rec_sys = number;
    memcpy(rec_regs, regs, sizeof(rec_regs));
    rec_buf = buf;
    regs[0] = reply_badge;
    regs[1] = cnd_msginfo_new(reply_label, 0, 0, reply_len).word;
    for (unsigned i = 0; i < 4; i++)
        regs[2 + i] = reply_mrs[i];
    for (cnd_word_t i = 4; i < reply_len; i++)
        buf.msg[i] = reply_mrs[i];
}

static void prepare(cnd_word_t label, cnd_word_t len, cnd_word_t base)
{
    memset(&buf, 0xa5, sizeof(buf)); /* poison: unwritten words show up */
    reply_label = label;
    reply_len = len;
    reply_badge = 0x99;
    for (unsigned i = 0; i < CND_MSG_MAX_LENGTH; i++)
        reply_mrs[i] = base + i;
}

static void dump(const char *name)
{
    cnd_msginfo_t tag = cnd_msginfo_from_word(rec_regs[1]);
    printf("call %s sys=%lld a0=%llu label=%llu unwrapped=%llu caps=%llu length=%llu", name,
           (long long)rec_sys, (unsigned long long)rec_regs[0],
           (unsigned long long)cnd_msginfo_get_label(tag),
           (unsigned long long)cnd_msginfo_get_caps_unwrapped(tag),
           (unsigned long long)cnd_msginfo_get_extra_caps(tag),
           (unsigned long long)cnd_msginfo_get_length(tag));
    for (cnd_word_t i = 0; i < cnd_msginfo_get_length(tag) && i < CND_MSG_MAX_LENGTH; i++)
        printf(" mr%llu=%llu", (unsigned long long)i,
               (unsigned long long)(i < 4 ? rec_regs[2 + i] : rec_buf.msg[i]));
    for (cnd_word_t i = 0; i < cnd_msginfo_get_extra_caps(tag); i++)
        printf(" cap%llu=%llu", (unsigned long long)i,
               (unsigned long long)rec_buf.caps_or_badges[i]);
    printf("\n");
}

static void dump_result(const char *name, struct cnd_result r)
{
    printf("result %s error=%u len=%u", name, (unsigned)r.error, r.detail_len);
    for (unsigned i = 0; i < r.detail_len; i++)
        printf(" d%u=%llu", i, (unsigned long long)r.detail[i]);
    printf("\n");
}

static void dump_stub(const char *name, unsigned long long post)
{
    printf("stub %s sys=%lld", name, (long long)rec_sys);
    for (unsigned i = 0; i < 6; i++)
        printf(" a%u=%llu", i, (unsigned long long)rec_regs[i]);
    printf(" post=%llu\n", post);
}

int main(void)
{
    cnd_set_ipc_buffer(&buf);
"""

# (C statements, syscall, expected a0..a5 (None: any), expected post value)
M = 0x81
STUBS = [
    ("cnd_send_with_mrs(0x11, cnd_msginfo_from_word(0x22), 0x33, 0x44, 0x55, 0x66);", "Send",
     [0x11, 0x22, 0x33, 0x44, 0x55, 0x66], "0", 0),
    ("buf.msg[0] = 0x71; buf.msg[1] = 0x72; buf.msg[2] = 0x73; buf.msg[3] = 0x74;"
     " cnd_send(0x11, cnd_msginfo_from_word(0x22));", "Send",
     [0x11, 0x22, 0x71, 0x72, 0x73, 0x74], "0", 0),
    ("cnd_nbsend_with_mrs(0x11, cnd_msginfo_from_word(0x22), 0x33, 0x44, 0x55, 0x66);", "NBSend",
     [0x11, 0x22, 0x33, 0x44, 0x55, 0x66], "0", 0),
    ("cnd_signal(0x11);", "Send", [0x11, 0, None, None, None, None], "0", 0),
    ("buf.msg[0] = 0x71; buf.msg[1] = 0x72; buf.msg[2] = 0x73; buf.msg[3] = 0x74;"
     " post = cnd_call(0x11, cnd_msginfo_from_word(0x22)).word + buf.msg[3];", "Call",
     [0x11, 0x22, 0x71, 0x72, 0x73, 0x74], "post", 4 + M + 3),
    ("cnd_word_t x = 0x44; post = cnd_call_with_mrs(0x11, cnd_msginfo_from_word(0x22), NULL,"
     " &x, NULL, NULL).word + x;", "Call", [0x11, 0x22, 0, 0x44, 0, 0], "post", 4 + M + 1),
    ("cnd_badge_t b = 0; cnd_recv(0x11, &b); post = b + buf.msg[0];", "Recv",
     [0x11, None, None, None, None, None], "post", 0x99 + M),
    ("cnd_badge_t b = 0; cnd_nbrecv(0x11, &b); post = b + buf.msg[2];", "NBRecv",
     [0x11, None, None, None, None, None], "post", 0x99 + M + 2),
    ("post = cnd_wait(0x11);", "Recv", [0x11, None, None, None, None, None], "post", 0x99),
    ("post = cnd_poll(0x11);", "NBRecv", [0x11, None, None, None, None, None], "post", 0x99),
    ("buf.msg[0] = 0x71; buf.msg[1] = 0x72; buf.msg[2] = 0x73; buf.msg[3] = 0x74;"
     " cnd_reply(cnd_msginfo_from_word(0x22));", "Reply",
     [None, 0x22, 0x71, 0x72, 0x73, 0x74], "0", 0),
    ("cnd_reply_with_mrs(cnd_msginfo_from_word(0x22), 0x33, 0x44, 0x55, 0x66);", "Reply",
     [None, 0x22, 0x33, 0x44, 0x55, 0x66], "0", 0),
    ("buf.msg[0] = 0x71; buf.msg[1] = 0x72; buf.msg[2] = 0x73; buf.msg[3] = 0x74;"
     " cnd_badge_t b = 0; cnd_reply_recv(0x11, cnd_msginfo_from_word(0x22), &b);"
     " post = b + buf.msg[1];", "ReplyRecv", [0x11, 0x22, 0x71, 0x72, 0x73, 0x74], "post",
     0x99 + M + 1),
    ("cnd_yield();", "Yield", [None] * 6, "0", 0),
    ("cnd_debug_put_char('x');", "DebugPutChar", [0x78, 0, 0, None, None, None], "0", 0),
    ("cnd_debug_dump_scheduler();", "DebugDumpScheduler", [0, 0, 0, None, None, None], "0", 0),
    ("cnd_debug_halt();", "DebugHalt", [None] * 6, "0", 0),
    ("post = cnd_debug_cap_identify(0x5);", "DebugCapIdentify", [0x5, 0, 0, None, None, None],
     "post", 0x99),
    ("cnd_debug_snapshot();", "DebugSnapshot", [None] * 6, "0", 0),
    ("cnd_debug_name_thread(0x7, \"abc\"); post = memcmp(rec_buf.msg, \"abc\", 4) == 0;",
     "DebugNameThread", [0x7, 0, 0, None, None, None], "post", 1),
]


def values_for(mi, jm, ours):
    """C argument list and the value of every parameter by normalized name."""
    vals, args = {}, ["0x5e5e%04x" % mi]
    for pi, p in enumerate(ours["caps"]):
        vals[norm(p["name"])] = 0x1000 + mi * 0x10 + pi
        args.append(hex(vals[norm(p["name"])]))
    decls = []
    for pi, p in enumerate(ours["args"]):
        n = norm(p["name"])
        if p["type"] == "user_context":
            decls.append("struct cnd_user_context uc_in;")
            decls += ["uc_in.%s = 0xc0de%012xull;" % (r, i) for i, r in enumerate(UC)]
            args.append("&uc_in")
            for i, r in enumerate(UC):
                vals["regs_" + r] = 0xc0de000000000000 + i
            continue
        if p["name"] == "count":
            v = 32
        elif p["type"] == "bool":
            v = (mi + pi) % 2
        elif p["type"] == "uint8":
            v = 0x1a0 + pi  # wider than 8 bits: the wire value must be masked
        else:
            v = 0x0123456700000000 + (mi << 16) + pi * 0x111 + 1
        vals[n] = v & 0xff if p["type"] == "uint8" else v
        var = "v_%s" % p["name"]
        decls.append("cnd_word_t %s = 0x%xull;" % (var, v))
        args.append(var)
    for r in ours["replies"]:
        if r["type"] == "user_context":
            decls.append("struct cnd_user_context uc_out; memset(&uc_out, 0x5a, sizeof(uc_out));")
            args.append("&uc_out")
        else:
            decls.append("cnd_word_t out_%s = 0;" % r["name"])
            args.append("&out_" + r["name"])
    want = {norm(p["name"]) for p in jm["params"]}
    want |= {norm(k.split(".")[0]) for k in jm["reply_outputs"]}
    have = {norm(p["name"]) for p in ours["caps"] + ours["args"] + ours["replies"]}
    if want != have:
        fail("%s: parameters differ: sheet %s, Conductor %s" % (jm["label"], sorted(want),
                                                                  sorted(have)))
    return decls, args, vals


def program(sheet, api):
    ours = {"seL4_" + m["name"]: m for m in api["methods"]}
    out, plan = [PRELUDE], []
    for mi, (name, jm) in enumerate(sheet["methods"].items()):
        m = ours.get(name)
        if m is None:
            fail("method %s has no wrapper" % name)
            continue
        decls, args, vals = values_for(mi, jm, m)
        rlen = 32 if any(r["type"] == "user_context" for r in m["replies"]) else len(m["replies"])
        out.append("    {\n        %s\n        prepare(0, %d, 0xfeed0000);\n"
                   "        struct cnd_result r = cnd_%s(%s);\n        dump(\"%s\");\n"
                   "        dump_result(\"%s\", r);\n"
                   % ("\n        ".join(decls), rlen, m["c"], ", ".join(args), name, name))
        for r in m["replies"]:
            if r["type"] == "word":
                out.append('        printf("out %s %s=%%llu\\n", (unsigned long long)out_%s);\n'
                           % (name, r["name"], r["name"]))
            else:
                out.append("        for (unsigned i = 0; i < 32; i++)\n            printf(\"out "
                           "%s %s%%u=%%llu\\n\", i, (unsigned long long)((cnd_word_t *)(void *)"
                           "&uc_out)[i]);\n" % (name, r["name"]))
        out.append("    }\n")
        plan.append((name, jm, m, vals))
    # Error replies: label and detail words (5 for a GuardMismatch lookup).
    for tag, label, length in (("err5", 6, 5), ("err2", 4, 2), ("notkernel", 0x12345, 1)):
        out.append("    prepare(%d, %d, 0xd0);\n    dump_result(\"%s\", cnd_cnode_delete(1, 2, 64));\n"
                   % (label, length, tag))
    out.append("    {\n        unsigned long long post = 0;\n        (void)post;\n")
    for i, (stmt, _, _, postexpr, _) in enumerate(STUBS):
        out.append("        {\n            prepare(0, 4, 0x81);\n            %s\n"
                   "            dump_stub(\"s%d\", (unsigned long long)(%s));\n        }\n"
                   % (stmt, i, postexpr))
    out.append("    }\n    return 0;\n}\n")
    return "".join(out), plan


def check_call(sheet, name, jm, m, vals, rec, results, outs):
    c = rec.get(name)
    if c is None:
        fail("%s: no call recorded" % name)
        return
    exp = {"sys": sheet["syscalls"]["seL4_SysCall"], "label": jm["label_value"],
           "unwrapped": 0, "caps": jm["tag_extraCaps"], "length": jm["tag_length"]}
    for k, v in exp.items():
        if c[k] != v:
            fail("%s: %s is %d, sheet says %d" % (name, k, c[k], v))
    for i, cap in enumerate(jm["extra_caps"]):
        if c.get("cap%d" % i) != vals[norm(cap["name"])]:
            fail("%s: extra cap %d (%s) is %s" % (name, i, cap["name"], c.get("cap%d" % i)))
    env = {}
    for p in jm["params"]:
        if norm(p["name"]) in vals:
            env[p["name"].lstrip("*")] = vals[norm(p["name"])]
    env.update({k: v for k, v in vals.items() if k.startswith("regs_")})
    for e in jm["mrs"]:
        if isinstance(e["mr"], int):
            want = eval(e["value"].replace("->", "_"), {"__builtins__": {}}, env)  # noqa: S307
            got = c.get("mr%d" % e["mr"])
            if got != want:
                fail("%s: MR%d = %s, sheet %s = %d" % (name, e["mr"], got, e["value"], want))
        else:  # WriteRegisters: "4..(count+1)", register i of the struct in MR(i+2)
            lo = int(re.match(r"(\d+)\.\.\(count\+1\)", e["mr"]).group(1))
            for mr in range(lo, vals["count"] + 2):
                if c.get("mr%d" % mr) != vals["regs_" + UC[mr - 2]]:
                    fail("%s: MR%d is not regs->%s" % (name, mr, UC[mr - 2]))
    if results.get(name) != {"error": 0, "len": 0}:
        fail("%s: success reply gave result %s" % (name, results.get(name)))
    for key, src in jm["reply_outputs"].items():  # the fake reply's MRi = 0xfeed0000 + i
        if key.startswith("regs."):
            continue
        if outs.get((name, key)) != 0xfeed0000 + int(src[2:]):
            fail("%s: reply output %s = %s" % (name, key, outs.get((name, key))))
    if any(k.startswith("regs.") for k in jm["reply_outputs"]):
        for i in range(32):  # pc = MR0 ... s0.. = MR4.. (count = 32)
            if outs.get((name, "regs%d" % i)) != 0xfeed0000 + i:
                fail("%s: regs word %d = %s" % (name, i, outs.get((name, "regs%d" % i))))


def cmd_marshal(a, sheet, api):
    text, plan = program(sheet, api)
    src, exe = os.path.join(a.work, "abi_marshal.c"), os.path.join(a.work, "abi_marshal")
    with open(src, "w") as f:
        f.write(text)
    run([a.cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-DCND_HOST_SYSCALLS", "-o", exe, src,
         os.path.join(ROOT, "userland", "lib", "ipc_buffer.c")] + include_flags(a.gen))
    rec, results, outs, stubs = {}, {}, {}, {}
    for line in run([exe]).splitlines():
        kind, name, *kv = line.split()
        if kind == "out":
            k, v = kv[0].split("=")
            outs[(name, k)] = int(v)
            continue
        d = {k: int(v) for k, v in (x.split("=") for x in kv)}
        {"call": rec, "result": results, "stub": stubs}[kind][name] = d
    for name, jm, m, vals in plan:
        check_call(sheet, name, jm, m, vals, rec, results, outs)
    want = {"err5": [6, 5, [0xd0 + i for i in range(5)]], "err2": [4, 2, [0xd0, 0xd1]],
            "notkernel": [len(sheet["errors"]) - 1, 1, [0xd0]]}  # CND_NUM_ERRORS
    for tag, (err, n, detail) in want.items():
        r = results.get(tag, {})
        got = [r.get("d%d" % i) for i in range(n)]
        if r.get("error") != err or r.get("len") != n or got != detail:
            fail("error reply %s decoded as %s" % (tag, r))
    for i, (stmt, sysname, regs, _, post) in enumerate(STUBS):
        s = stubs.get("s%d" % i, {})
        if s.get("sys") != sheet["syscalls"]["seL4_Sys" + sysname]:
            fail("stub `%s`: a7 = %s, want seL4_Sys%s" % (stmt, s.get("sys"), sysname))
        for r, v in enumerate(regs):
            if v is not None and s.get("a%d" % r) != v:
                fail("stub `%s`: a%d = %s, want %d" % (stmt, r, s.get("a%d" % r), v))
        if s.get("post") != post:
            fail("stub `%s`: result %s, want %d" % (stmt, s.get("post"), post))
    print("checked %d wrappers and %d stubs" % (len(plan), len(STUBS)))
