#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""apidoc: the API reference of libconductor-cap, generated from its headers.

Usage: apidoc.py [--check] [--generated HEADER]... HEADER_DIR OUT_DIR

Reads every HEADER_DIR/*.h (userland/include/conductor) and each generated
HEADER (the build's conductor/invocations.h, which tools/apigen writes from
abi/conductor.api: one typed wrapper per kernel method) and writes one
markdown page per header plus an index (README.md) into OUT_DIR (docs/api).
Each page has the header's overview comment, then every public function and
function-like macro with its prototype and doc comment, then the types.

The bar every public function must meet, or apidoc exits with status 1 and
"FILE:LINE: message" lines (so the reference can never silently miss one):
  - a doc comment: the comment right above it, or above a group of
    declarations written without a blank line between them (e.g. a getter
    and its setter share one);
  - that comment states how it fails: an "Errors:" sentence ("Errors: none."
    for functions that cannot fail).
Names starting with "cnd__" or "_" are internal and exempt.

--check writes nothing: it fails if a page in OUT_DIR differs from what
would be generated (the checked-in reference is out of date) or if OUT_DIR
has a page no header produces. Doxygen is not used: the headers' comments
are plain C comments in a fixed style, and a standard-library script keeps
the reference buildable from a clean clone with nothing to install.
"""

import os
import re
import sys

sys.dont_write_bytecode = True

INTERNAL = re.compile(r"^(cnd__|_)")
# A function declaration or definition once bodies and attributes are gone:
# return type, name, parameter list.
FUNC = re.compile(r"^(?P<ret>[\w\s\*]+?)\s*\b(?P<name>[A-Za-z_]\w*)\s*\((?P<params>.*)\)\s*$",
                  re.S)
ATTR = re.compile(r"__attribute__\s*\(\(.*?\)\)|\bCND_PRINTF_FORMAT\s*\([^)]*\)", re.S)
MACRO_FN = re.compile(r"^#\s*define\s+(?P<name>[A-Za-z_]\w*)\((?P<params>[^)]*)\)")
ERRORS = re.compile(r"\bErrors\b")


class Item:
    """One documented thing: a function, a function-like macro or a type."""

    def __init__(self, kind, name, code, doc, line):
        self.kind, self.name, self.code, self.doc, self.line = kind, name, code, doc, line


def clean_comment(text):
    """The words of a /* ... */ comment, with its frame of stars removed."""
    body = text[2:-2]
    lines = body.split("\n")
    out = []
    for ln in lines:
        s = ln.strip()
        if s.startswith("*"):
            s = s[1:]
            if s.startswith(" "):
                s = s[1:]
        out.append(s.rstrip())
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def skip_body(text, i):
    """Index just past the brace block starting at text[i] == '{', stepping
    over comments and literals so braces inside them do not count."""
    depth = 0
    n = len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            i = text.index("*/", i) + 2
            continue
        if text.startswith("//", i):
            i = text.index("\n", i)
            continue
        if c in "\"'":
            j = i + 1
            while text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced braces")


def strip_comments(code):
    return re.sub(r"/\*.*?\*/", "", code, flags=re.S)


def parse(path):
    """(overview, items, problems) of one header."""
    text = open(path, encoding="utf-8").read()
    items, problems = [], []
    overview = None
    pending = None       # (comment text, still attached?)
    n = len(text)
    i = 0
    line = 1

    def lineno(pos):
        return text.count("\n", 0, pos) + 1

    while i < n:
        c = text[i]
        if c == "\n":
            # A blank line detaches a comment from what follows, and ends a
            # group of declarations sharing one comment.
            j = i + 1
            while j < n and text[j] in " \t":
                j += 1
            if j < n and text[j] == "\n":
                pending = None
            i += 1
            continue
        if c in " \t":
            i += 1
            continue
        if text.startswith("/*", i):
            end = text.index("*/", i) + 2
            body = clean_comment(text[i:end])
            if "SPDX-License-Identifier" in body and "\n" not in body.strip():
                i = end
                continue
            if overview is None and not items and "#ifndef" not in text[:i]:
                overview = body
                pending = None
            else:
                pending = body
            i = end
            continue
        if c == "#":
            end = i
            while True:
                end = text.index("\n", end)
                if text[end - 1] != "\\":
                    break
                end += 1
            directive = text[i:end]
            m = MACRO_FN.match(directive)
            if m and not INTERNAL.match(m.group("name")):
                name = m.group("name")
                if pending is None:
                    problems.append("%s:%d: macro %s has no doc comment"
                                    % (path, lineno(i), name))
                items.append(Item("macro", name, "#define %s(%s)" % (name, m.group("params")),
                                  pending, lineno(i)))
            elif not directive.startswith("#define"):
                pending = None
            i = end
            continue
        # A declaration: up to ';' at depth 0, or the end of a function body.
        start = i
        depth = 0
        body_cut = None
        while i < n:
            c = text[i]
            if text.startswith("/*", i):
                i = text.index("*/", i) + 2
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            elif c == "{" and depth == 0:
                head = strip_comments(text[start:i]).rstrip()
                after = skip_body(text, i)
                if ATTR.sub("", head).rstrip().endswith(")") and "=" not in head:
                    body_cut = i
                    i = after
                    break
                i = after
                continue
            elif c == ";" and depth == 0:
                i += 1
                break
            i += 1
        decl = text[start:i]
        head = strip_comments(text[start:body_cut] if body_cut else decl).strip().rstrip(";")
        sig = ATTR.sub("", head).strip()
        sig = re.sub(r"\s+", " ", sig)
        m = FUNC.match(sig)
        is_type = sig.startswith("typedef") or "{" in sig
        if m and not is_type and not sig.startswith("extern"):
            name = m.group("name")
            if not INTERNAL.match(name):
                proto = re.sub(r"\s+", " ", head) + ";"
                proto = proto.replace("( ", "(").replace(" )", ")")
                if pending is None:
                    problems.append("%s:%d: function %s has no doc comment"
                                    % (path, lineno(start), name))
                elif not ERRORS.search(pending):
                    problems.append("%s:%d: the doc comment of %s has no \"Errors:\" sentence"
                                    % (path, lineno(start), name))
                items.append(Item("function", name, proto, pending, lineno(start)))
        elif is_type:
            tm = re.search(r"\b(?:struct|enum|union)\s+(\w+)", sig)
            name = tm.group(1) if tm and not sig.startswith("typedef") else \
                re.findall(r"\w+", re.sub(r"\(.*", lambda x: x.group(0).split(")")[0], sig))[-1]
            items.append(Item("type", name, decl.strip(), pending, lineno(start)))
        line = lineno(i)
    return overview, items, problems


def md_text(text):
    """A comment's words as markdown: runs of indented lines (examples,
    tables) become code blocks kept verbatim; elsewhere the characters
    markdown would take as markup (* <) are escaped."""
    out, block = [], []

    def flush():
        if block:
            pad = min(len(b) - len(b.lstrip()) for b in block if b.strip())
            out.append("")
            out.append("```")
            out.extend(b[pad:] for b in block)
            out.append("```")
            out.append("")
            del block[:]

    for ln in text.strip().split("\n"):
        if ln.startswith("  ") and ln.strip():
            block.append(ln)
            continue
        flush()
        out.append(ln.replace("\\", "\\\\").replace("*", "\\*").replace("<", "&lt;"))
    flush()
    return "\n".join(out).strip() + "\n"


def fence(code):
    return "```c\n" + code.rstrip() + "\n```\n"


def page(header, overview, items, source):
    out = ["<!-- Generated by tools/apidoc/apidoc.py from %s; do not edit. -->\n" % source,
           "# `<conductor/%s>`\n" % header]
    if overview:
        out.append(md_text(overview))
    funcs = [it for it in items if it.kind != "type"]
    types = [it for it in items if it.kind == "type"]
    if funcs:
        out.append("## Functions\n")
        for it in funcs:
            label = "macro " if it.kind == "macro" else ""
            out.append("### %s`%s`\n" % (label, it.name))
            out.append(fence(it.code))
            if it.doc:
                out.append(md_text(it.doc))
    if types:
        out.append("## Types\n")
        for it in types:
            out.append("### `%s`\n" % it.name)
            if it.doc:
                out.append(md_text(it.doc))
            out.append(fence(it.code))
    return "\n".join(out)


def index(pages):
    out = ["<!-- Generated by tools/apidoc/apidoc.py; do not edit. -->\n",
           "# libconductor-cap API reference\n",
           "One page per header of `userland/include/conductor`, plus",
           "`<conductor/invocations.h>` (one typed wrapper per kernel method, generated",
           "from `abi/conductor.api` by `tools/apigen`), made from the headers' comments",
           "by `tools/apidoc/apidoc.py`. The ctest `lib.apidoc.reference` fails when a",
           "public function lacks a doc comment with an \"Errors\" sentence, or when",
           "these pages are out of date. To regenerate after changing a header (BUILD",
           "is your build directory, which holds the generated header):\n",
           "    python3 tools/apidoc/apidoc.py --generated BUILD/generated/include/conductor/invocations.h \\",
           "        userland/include/conductor docs/api\n",
           "docs/libconductor-cap.md explains how the pieces fit together;",
           "docs/tutorial.md uses them.\n"]
    for header, items in pages:
        names = ", ".join("`%s`" % it.name for it in items if it.kind != "type")
        out.append("- [`<conductor/%s>`](%s.md)%s" % (header, header[:-2],
                                                       (": " + names) if names else ""))
    return "\n".join(out) + "\n"


def main(argv):
    check = "--check" in argv
    args, generated = [], []
    it = iter(argv)
    for a in it:
        if a == "--generated":
            generated.append(next(it, ""))
        elif a != "--check":
            args.append(a)
    if len(args) != 2 or "" in generated:
        sys.stderr.write(__doc__)
        return 2
    hdir, odir = args
    # (page name, path, where the page says it comes from)
    sources = [(h, os.path.join(hdir, h), "userland/include/conductor/" + h)
               for h in sorted(os.listdir(hdir)) if h.endswith(".h")]
    sources += [(os.path.basename(g), g, "abi/conductor.api through tools/apigen (conductor/%s)"
                 % os.path.basename(g)) for g in generated]
    headers = [h for h, _, _ in sources]
    if len(set(headers)) != len(headers):
        sys.stderr.write("apidoc: two headers named alike: %s\n" % " ".join(headers))
        return 2
    problems, outputs, pages = [], {}, []
    for h, path, origin in sorted(sources):
        overview, items, probs = parse(path)
        problems += probs
        pages.append((h, items))
        outputs[h[:-2] + ".md"] = page(h, overview, items, origin)
    outputs["README.md"] = index(pages)
    if problems:
        sys.stderr.write("\n".join(problems) + "\n")
        sys.stderr.write("apidoc: %d undocumented function(s)\n" % len(problems))
        return 1
    if check:
        stale = []
        for name, content in sorted(outputs.items()):
            p = os.path.join(odir, name)
            if not os.path.exists(p) or open(p, encoding="utf-8").read() != content:
                stale.append(p)
        if os.path.isdir(odir):
            stale += [os.path.join(odir, f) for f in sorted(os.listdir(odir))
                      if f.endswith(".md") and f not in outputs]
        if stale:
            sys.stderr.write("apidoc: out of date (regenerate: see docs/api/README.md):\n  " +
                             "\n  ".join(stale) + "\n")
            return 1
        count = sum(1 for _, its in pages for it in its if it.kind != "type")
        print("apidoc: %d headers, %d functions and macros documented, reference up to date"
              % (len(headers), count))
        return 0
    os.makedirs(odir, exist_ok=True)
    for name, content in outputs.items():
        p = os.path.join(odir, name)
        if not os.path.exists(p) or open(p, encoding="utf-8").read() != content:
            with open(p, "w", encoding="utf-8") as f:
                f.write(content)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
