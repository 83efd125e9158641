#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""apigen: read abi/conductor.api, check it, write Conductor's generated ABI.

Usage: apigen.py CONDUCTOR_API OUTDIR

Writes into OUTDIR:
  abi/invocation_labels.h abi/syscall_numbers.h abi/errors.h
  abi/object_types.h abi/cap_tags.h     (shared by kernel and user land)
  conductor/invocations.h               (user-land typed wrappers)
  abi/api.json                          (the parsed description, for tools)
  abi/api_coverage.txt                  ((method, error) pairs to cover)

The format is documented at the top of abi/conductor.api. Any problem in the
description is reported as "FILE:LINE: message" and exits with status 1.
Files are only rewritten when their content changes, so an unchanged
description does not trigger rebuilds. Standard library only.
"""

import json
import os
import re
import shlex
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apigen_c  # noqa: E402  (the C emitters, kept separate for size)

ARG_TYPES = ("word", "cptr", "uint8", "bool", "rights", "vm_attributes", "time",
             "user_context")
PACKABLE = {"uint8": 8, "bool": 1}   # bits a packed field occupies
USER_CONTEXT_WORDS = 32              # checked against user_context.h in main()
# Local variable names of the generated wrappers; arguments may not use them.
RESERVED = {"service", "ipc", "info", "result", "mr0", "mr1", "mr2", "mr3", "w", "n", "i",
            "in_regs"}
LEVELS = ("generic", "arch", "conductor")

# Acronyms kept as one word when a CamelCase name becomes UPPER_SNAKE.
_WORDS = re.compile(r"RISCV|ASID|CNode|IRQ|TCB|IPC|TLS|MC|NB|[A-Z][a-z]*|[0-9]+[a-z]*")


_ATTR = re.compile(r"^[a-z][a-z0-9_]*=\S*$")  # KEY=VALUE word (quoted text has blanks)


class ApiError(Exception):
    def __init__(self, line, msg):
        super().__init__(msg)
        self.line = line


def snake(camel, line=0):
    """CamelCase (with known acronyms) -> lower_snake: TCBSetMCPriority ->
    tcb_set_mc_priority, RISCVPageTableMap -> riscv_page_table_map."""
    words = _WORDS.findall(camel)
    if "".join(words) != camel:
        raise ApiError(line, "cannot split name %r into words" % camel)
    return "_".join(w.lower() for w in words)


def method_c_name(method, line=0):
    """Untyped_Retype -> untyped_retype; RISCV_Page_Map -> page_map."""
    parts = method.split("_")
    if parts[0] == "RISCV":
        parts = parts[1:]
    if not parts or not all(parts):
        raise ApiError(line, "bad method name %r" % method)
    return "_".join(snake(p, line) for p in parts)


def parse_int(text, line, what):
    try:
        return int(text, 0)
    except ValueError:
        raise ApiError(line, "%s: %r is not a number" % (what, text)) from None


def read_constants(paths):
    """CND_* integer-literal #defines of the given hand-written headers."""
    pat = re.compile(r"^#define\s+(CND_\w+)\s+(?:CND_UL\()?\(?(-?(?:0x[0-9a-fA-F]+|\d+))\)?\)?"
                     r"\s*(/\*.*)?$")
    consts = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for text in f:
                m = pat.match(text.strip())
                if m:
                    consts[m.group(1)] = int(m.group(2), 0)
    return consts


class Api:
    def __init__(self):
        self.syscalls, self.errors, self.lookup_failures = [], [], []
        self.objects, self.object_consts, self.captypes = [], [], []
        self.generic_errors, self.labels, self.methods = [], [], []
        self.ext_label_base = None


def split_attrs(words, line, allowed):
    pos, attrs = [], {}
    for w in words:
        if _ATTR.match(w):
            k, _, v = w.partition("=")
            if k not in allowed:
                raise ApiError(line, "unknown attribute %r" % k)
            if k in attrs:
                raise ApiError(line, "attribute %r given twice" % k)
            attrs[k] = v
        else:
            pos.append(w)
    return pos, attrs


def need(pos, n, line, usage, at_most=None):
    if len(pos) < n or len(pos) > (at_most if at_most is not None else n):
        raise ApiError(line, "usage: " + usage)


def parse(path):
    api, iface, method = Api(), None, None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for no, text in enumerate(lines, 1):
        parts = text.split(None, 1)
        try:  # a brief is free text (apostrophes and all), taken verbatim
            if parts and parts[0] == "brief":
                words = ["brief", parts[1].strip() if len(parts) > 1 else ""]
            else:
                words = shlex.split(text, comments=True)
        except ValueError as e:
            raise ApiError(no, "cannot split line: %s" % e) from None
        if not words:
            continue
        kw, rest = words[0], words[1:]
        if kw in ("brief", "cap", "arg", "reply", "errors"):
            if method is None:
                raise ApiError(no, "'%s' outside a method" % kw)
            parse_method_line(method, kw, rest, no)
            continue
        if method is not None and method.get("errors") is None:
            raise ApiError(method["line"], "method %s has no 'errors' line" % method["name"])
        method = None
        if kw == "syscall":
            pos, _ = split_attrs(rest, no, ())
            need(pos, 2, no, "syscall NAME NUMBER [printing|debug]", 3)
            cond = pos[2] if len(pos) > 2 else "always"
            if cond not in ("always", "printing", "debug"):
                raise ApiError(no, "unknown syscall condition %r" % cond)
            api.syscalls.append(dict(name=pos[0], number=parse_int(pos[1], no, "number"),
                                     cond=cond, c=snake(pos[0], no).upper(), line=no))
        elif kw == "error":
            pos, _ = split_attrs(rest, no, ())
            need(pos, 4, no, 'error NAME VALUE WORDS "DOC"')
            lo, _, hi = pos[2].partition("..")
            wmin = parse_int(lo, no, "words")
            wmax = parse_int(hi, no, "words") if hi else wmin
            if wmax < wmin:
                raise ApiError(no, "bad word range %r" % pos[2])
            api.errors.append(dict(name=pos[0], value=parse_int(pos[1], no, "value"),
                                   words_min=wmin, words_max=wmax, doc=pos[3],
                                   c=snake(pos[0], no).upper(), line=no))
        elif kw == "lookup_failure":
            pos, _ = split_attrs(rest, no, ())
            need(pos, 3, no, "lookup_failure NAME VALUE WORDS")
            api.lookup_failures.append(dict(name=pos[0], value=parse_int(pos[1], no, "value"),
                                            words=parse_int(pos[2], no, "words"),
                                            c=snake(pos[0], no).upper(), line=no))
        elif kw == "object":
            pos, at = split_attrs(rest, no, ("size", "device", "sel4"))
            need(pos, 2, no, "object NAME VALUE size=.. device=yes|no sel4=..")
            if set(at) != {"size", "device", "sel4"} or at["device"] not in ("yes", "no"):
                raise ApiError(no, "object needs size=, device=yes|no and sel4=")
            api.objects.append(dict(name=pos[0], value=parse_int(pos[1], no, "value"),
                                    size=at["size"], device=at["device"] == "yes",
                                    sel4=at["sel4"], line=no))
        elif kw in ("object_count", "object_invalid"):
            pos, at = split_attrs(rest, no, ("sel4",))
            need(pos, 2, no, "%s NAME VALUE sel4=.." % kw)
            if "sel4" not in at:
                raise ApiError(no, "%s needs sel4=" % kw)
            api.object_consts.append(dict(kind=kw, name=pos[0], sel4=at["sel4"], line=no,
                                          value=parse_int(pos[1], no, "value")))
        elif kw == "captype":
            pos, _ = split_attrs(rest, no, ())
            need(pos, 2, no, "captype NAME TAG [conductor]", 3)
            if len(pos) == 3 and pos[2] != "conductor":
                raise ApiError(no, "unknown captype flag %r" % pos[2])
            api.captypes.append(dict(name=pos[0], tag=parse_int(pos[1], no, "tag"),
                                     conductor=len(pos) == 3, line=no))
        elif kw == "extension_label_base":
            need(rest, 1, no, "extension_label_base VALUE")
            api.ext_label_base = parse_int(rest[0], no, "value")
        elif kw == "generic_error":
            need(rest, 2, no, 'generic_error NAME "DOC"')
            api.generic_errors.append(dict(name=rest[0], doc=rest[1], line=no))
        elif kw == "label":
            need(rest, 2, no, "label NAME VALUE")
            api.labels.append(dict(name=rest[0], value=parse_int(rest[1], no, "value"),
                                   level="generic", c=snake(rest[0], no).upper(), line=no))
        elif kw == "interface":
            need(rest, 1, no, "interface CAPTYPE")
            iface = rest[0]
        elif kw == "method":
            pos, at = split_attrs(rest, no, ("minlen",))
            need(pos, 3, no, "method METHOD LABELNAME VALUE [arch|conductor] [minlen=N]", 4)
            level = pos[3] if len(pos) > 3 else "generic"
            if level not in LEVELS:
                raise ApiError(no, "unknown level %r" % level)
            if iface is None:
                raise ApiError(no, "method before any 'interface'")
            method = dict(name=pos[0], label_name=pos[1], c=method_c_name(pos[0], no),
                          label=parse_int(pos[2], no, "label"), level=level,
                          label_c=snake(pos[1], no).upper(), interface=iface,
                          minlen=parse_int(at["minlen"], no, "minlen") if "minlen" in at else None,
                          brief="", caps=[], args=[], replies=[], errors=None, line=no)
            api.methods.append(method)
            api.labels.append(dict(name=pos[1], value=method["label"], level=level,
                                   c=method["label_c"], line=no))
        else:
            raise ApiError(no, "unknown statement %r" % kw)
    if method is not None and method.get("errors") is None:
        raise ApiError(method["line"], "method %s has no 'errors' line" % method["name"])
    return api


def parse_method_line(m, kw, rest, no):
    if kw == "brief":
        m["brief"] = rest[0]
        return
    if kw == "errors":
        if m["errors"] is not None:
            raise ApiError(no, "second 'errors' line for %s" % m["name"])
        m["errors"] = [] if rest == ["none"] else list(rest)
        if not rest:
            raise ApiError(no, "'errors' needs names or 'none'")
        m["errors_line"] = no
        return
    pos, at = split_attrs(rest, no, ("mr", "shift", "count") if kw != "cap" else ())
    need(pos, 2, no, "%s NAME TYPE ..." % kw)
    entry = dict(name=pos[0], type=pos[1], line=no)
    for k in ("mr", "shift"):
        if k in at:
            entry[k] = parse_int(at[k], no, k)
    if "count" in at:
        entry["count"] = at["count"]
    {"cap": m["caps"], "arg": m["args"], "reply": m["replies"]}[kw].append(entry)


def check_unique(items, key, what):
    seen = {}
    for it in items:
        if it[key] in seen:
            raise ApiError(it["line"], "%s %r already defined on line %d"
                           % (what, it[key], seen[it[key]]))
        seen[it[key]] = it["line"]


def validate(api, consts):
    for lst, what in ((api.syscalls, "syscall"), (api.errors, "error"),
                      (api.lookup_failures, "lookup failure"), (api.captypes, "cap type"),
                      (api.objects, "object type"), (api.methods, "method")):
        check_unique(lst, "name", what)
    check_unique(api.syscalls, "number", "syscall number")
    check_unique(api.captypes, "tag", "cap tag")
    check_unique(api.labels, "name", "label")
    check_unique(api.labels, "value", "label value")
    check_unique(api.methods, "c", "wrapper name")
    for s in api.syscalls:
        if s["number"] >= 0:
            raise ApiError(s["line"], "syscall numbers are negative")
    for lst, what in ((api.errors, "error"), (api.lookup_failures, "lookup failure"),
                      (api.objects, "object type")):
        for i, e in enumerate(lst):
            if e["value"] != i:
                raise ApiError(e["line"], "%s values must run 0, 1, 2, ...: expected %d"
                               % (what, i))
    if not api.errors or api.errors[0]["name"] != "NoError":
        raise ApiError(1, "the first error must be NoError 0")
    for o in api.objects:
        if o["size"] not in ("bytes", "slots"):
            if o["size"] not in consts:
                raise ApiError(o["line"], "size %r is not a constant of constants.h" % o["size"])
            o["size_bits"] = consts[o["size"]]
    for c in api.object_consts:
        if c["kind"] == "object_count" and c["value"] > len(api.objects):
            raise ApiError(c["line"], "count %d exceeds the number of object types" % c["value"])
    total = [c for c in api.object_consts if c["name"] == "object_type_count"]
    if not total or total[0]["value"] != len(api.objects):
        raise ApiError(total[0]["line"] if total else 1,
                       "object_type_count must equal the number of object types")
    tags = {c["name"]: c for c in api.captypes}
    for c in api.captypes:
        if c["tag"] < 0 or c["tag"] > 31:
            raise ApiError(c["line"], "cap tags are 5 bits")
        if c["conductor"] and (c["tag"] % 2 or c["tag"] <= 24):
            raise ApiError(c["line"], "Conductor cap tags must be even and above seL4's (> 24)")
    errs = {e["name"]: e for e in api.errors}
    for g in api.generic_errors:
        if g["name"] not in errs:
            raise ApiError(g["line"], "unknown error %r" % g["name"])
    validate_labels(api)
    for m in api.methods:
        validate_method(m, tags, errs, consts)


def validate_labels(api):
    """seL4 numbers labels densely per level: generic 0.., then arch (the
    riscv64 sel4_arch level is empty); Conductor's from extension_label_base."""
    if api.ext_label_base is None:
        raise ApiError(1, "missing extension_label_base")
    start = 0
    for level in LEVELS:
        labels = [l for l in api.labels if l["level"] == level]
        if level == "conductor":
            if api.ext_label_base <= start or api.ext_label_base < 0x100:
                raise ApiError(labels[0]["line"] if labels else 1,
                               "extension_label_base must be far above seL4's labels")
            start = api.ext_label_base
        for l in labels:  # blame the label outside the dense range
            if not start <= l["value"] < start + len(labels):
                raise ApiError(l["line"], "%s labels must run %d..%d without gaps, not %d"
                               % (level, start, start + len(labels) - 1, l["value"]))
        if level == "generic":
            api.n_generic = len(labels)
        start += len(labels)
        if level == "arch":
            api.n_arch = start


def validate_method(m, tags, errs, consts):
    if m["interface"] not in tags:
        raise ApiError(m["line"], "unknown interface cap type %r" % m["interface"])
    if len(m["caps"]) > consts["CND_MSG_MAX_EXTRA_CAPS"]:
        raise ApiError(m["caps"][-1]["line"], "more extra caps than a message can carry")
    names = set()
    for c in m["caps"] + m["args"] + m["replies"]:
        if c["name"] in names:
            raise ApiError(c["line"], "parameter name %r used twice" % c["name"])
        if c["name"] in RESERVED:
            raise ApiError(c["line"], "parameter name %r is reserved" % c["name"])
        names.add(c["name"])
    for c in m["caps"]:
        if c["type"] not in tags:
            raise ApiError(c["line"], "unknown cap type %r" % c["type"])
    nxt, used = 0, {}  # used: mr -> list of (shift, width)
    for a in m["args"]:
        if a["type"] not in ARG_TYPES:
            raise ApiError(a["line"], "unknown argument type %r" % a["type"])
        mr = a.get("mr", nxt)
        if mr > nxt:
            raise ApiError(a["line"], "mr=%d skips message registers (next is %d)" % (mr, nxt))
        width = USER_CONTEXT_WORDS if a["type"] == "user_context" else 1
        if "shift" in a:
            if a["type"] not in PACKABLE:
                raise ApiError(a["line"], "only uint8/bool arguments can be packed")
            bits = PACKABLE[a["type"]]
            if a["shift"] < 0 or a["shift"] + bits > 64:
                raise ApiError(a["line"], "packed field does not fit in a word")
            for s, w in used.get(mr, []):
                if s is None or not (a["shift"] + bits <= s or s + w <= a["shift"]):
                    raise ApiError(a["line"], "field overlaps another in MR%d" % mr)
            used.setdefault(mr, []).append((a["shift"], bits))
        else:
            if mr in used:
                raise ApiError(a["line"], "MR%d is already used" % mr)
            for k in range(mr, mr + width):
                used[k] = [(None, 64)]
        a["mr"] = mr
        nxt = max(nxt, mr + width)
        if a["type"] == "user_context" or "count" in a:
            check_count(m, a)
    m["msg_length"] = nxt
    if m["msg_length"] > consts["CND_MSG_MAX_LENGTH"]:
        raise ApiError(m["line"], "message longer than CND_MSG_MAX_LENGTH")
    if m["minlen"] is None:
        m["minlen"] = m["msg_length"]
    if m["minlen"] > m["msg_length"]:
        raise ApiError(m["line"], "minlen exceeds the message length")
    rmr = 0
    for r in m["replies"]:
        if r["type"] not in ("word", "user_context"):
            raise ApiError(r["line"], "reply type must be word or user_context")
        if r["type"] == "user_context" or "count" in r:
            check_count(m, r)
        r["mr"] = rmr
        rmr += USER_CONTEXT_WORDS if r["type"] == "user_context" else 1
    for e in m["errors"]:
        if e not in errs:
            raise ApiError(m["errors_line"], "unknown error %r" % e)
        if e == "NoError":
            raise ApiError(m["errors_line"], "NoError is not an error")
    if len(set(m["errors"])) != len(m["errors"]):
        raise ApiError(m["errors_line"], "error listed twice")
    truncatable = m["minlen"] > 0 or m["caps"]
    if truncatable and "TruncatedMessage" not in m["errors"]:
        raise ApiError(m["errors_line"], "%s takes arguments, so it can fail with "
                       "TruncatedMessage: list it" % m["name"])
    if not truncatable and "TruncatedMessage" in m["errors"]:
        raise ApiError(m["errors_line"], "%s takes no arguments: it cannot be truncated"
                       % m["name"])


def check_count(m, a):
    if a["type"] != "user_context" or "count" not in a:
        raise ApiError(a["line"], "count= goes with (and only with) user_context")
    ref = [x for x in m["args"] if x["name"] == a["count"]]
    if not ref or ref[0]["type"] != "word" or ref[0] is a:
        raise ApiError(a["line"], "count=%s must name an earlier word argument" % a["count"])


def to_json(api):
    return {
        "format": 1,
        "syscalls": api.syscalls, "errors": api.errors,
        "lookup_failures": api.lookup_failures, "objects": api.objects,
        "object_consts": api.object_consts, "captypes": api.captypes,
        "generic_errors": api.generic_errors, "labels": api.labels,
        "methods": api.methods, "extension_label_base": api.ext_label_base,
        "n_generic_labels": api.n_generic, "n_arch_labels": api.n_arch,
    }


def coverage_text(api):
    out = ["# (method, error) pairs the tests must reach; generated from conductor.api.",
           "# method\tlabel\terror\tsource",
           "# source: 'method' = the method's own decode path; 'generic' = reachable",
           "# for every method (see generic_error in conductor.api)."]
    for m in sorted(api.methods, key=lambda m: m["label"]):
        for e in m["errors"]:
            out.append("%s\t%d\t%s\tmethod" % (m["name"], m["label"], e))
        for g in api.generic_errors:
            if g["name"] not in m["errors"]:
                out.append("%s\t%d\t%s\tgeneric" % (m["name"], m["label"], g["name"]))
    return "\n".join(out) + "\n"


def write_if_changed(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    src, outdir = argv[1], argv[2]
    incdir = os.path.join(os.path.dirname(os.path.abspath(src)), "include", "abi")
    try:
        consts = read_constants([os.path.join(incdir, h)
                                 for h in ("constants.h", "user_context.h")])
        for k in ("CND_MSG_MAX_LENGTH", "CND_MSG_MAX_EXTRA_CAPS", "CND_USER_CONTEXT_WORDS"):
            if k not in consts:
                raise ApiError(0, "%s not found in %s" % (k, incdir))
        if consts["CND_USER_CONTEXT_WORDS"] != USER_CONTEXT_WORDS:
            raise ApiError(0, "user_context.h disagrees with apigen about the context size")
        api = parse(src)
        validate(api, consts)
    except ApiError as e:
        sys.stderr.write("%s:%d: %s\n" % (src, e.line, e))
        return 1
    except OSError as e:
        sys.stderr.write("apigen: %s\n" % e)
        return 1
    files = apigen_c.emit_all(api, os.path.basename(src))
    files["abi/api.json"] = json.dumps(to_json(api), indent=1, sort_keys=True) + "\n"
    files["abi/api_coverage.txt"] = coverage_text(api)
    for rel, text in files.items():
        write_if_changed(os.path.join(outdir, rel), text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
