#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""ABI conformance checks: Conductor's headers against the seL4 16.0 sheet.

Subcommands (all take --json SHEET --gen GENERATED_INCLUDE_DIR --work DIR):
  layout  --dump EXE        run abi_layout (host build) and compare every struct
                            size/alignment and field offset/size with "structs"
  values  --cc CC           compile a host program printing every number the
                            sheet lists (labels, errors, syscalls, object types,
                            constants, slots, faults, ids, tags...) and compare
  marshal --cc CC           call every generated wrapper and syscall stub against
                            a fake kernel (CND_HOST_SYSCALLS) and compare the
                            registers/IPC buffer with the sheet's marshalling
  cross   --cc CC --flags F compile everything for riscv64: headers, stubs,
                            wrappers, ipc_buffer.c, plus every value and layout
                            fact as _Static_assert (nothing can run there)
The name mapping (seL4 name -> Conductor name) of the hand-written headers is
the tables below; the generated names come from abi/api.json (apigen).
Every top-level section of the sheet must be either checked or listed in
PROSE_SECTIONS, so a fact added to the sheet cannot be silently ignored.
"""

import argparse
import json
import os
import re
import shlex
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from abi_common import FAILURES, HERE, ROOT, fail, include_flags, norm, run  # noqa: E402,F401
from check_marshal import cmd_marshal  # noqa: E402

U64 = 1 << 64

# --- seL4 name -> Conductor name, for the hand-written headers -------------
CONSTANTS = {
    "seL4_WordBits": "CND_WORD_BITS", "seL4_WordSizeBits": "CND_WORD_SIZE_BITS",
    "seL4_SlotBits": "CND_SLOT_BITS", "seL4_NotificationBits": "CND_NOTIFICATION_BITS",
    "seL4_EndpointBits": "CND_ENDPOINT_BITS", "seL4_IPCBufferSizeBits": "CND_IPC_BUFFER_SIZE_BITS",
    "seL4_TCBBits": "CND_TCB_BITS", "seL4_PageTableEntryBits": "CND_PAGE_TABLE_ENTRY_BITS",
    "seL4_PageTableIndexBits": "CND_PAGE_TABLE_INDEX_BITS", "seL4_PageBits": "CND_PAGE_BITS",
    "seL4_LargePageBits": "CND_LARGE_PAGE_BITS", "seL4_HugePageBits": "CND_HUGE_PAGE_BITS",
    "seL4_TeraPageBits": "CND_TERA_PAGE_BITS", "seL4_PageTableBits": "CND_PAGE_TABLE_BITS",
    "seL4_VSpaceBits": "CND_VSPACE_BITS", "seL4_NumASIDPoolsBits": "CND_NUM_ASID_POOLS_BITS",
    "seL4_ASIDPoolIndexBits": "CND_ASID_POOL_INDEX_BITS", "seL4_ASIDPoolBits": "CND_ASID_POOL_BITS",
    "seL4_MinUntypedBits": "CND_MIN_UNTYPED_BITS", "seL4_MaxUntypedBits": "CND_MAX_UNTYPED_BITS",
    "seL4_BootInfoFrameBits": "CND_BOOT_INFO_FRAME_BITS", "seL4_UserTop": "CND_USER_TOP",
    "seL4_UserVSpaceTop": "CND_USER_VSPACE_TOP", "seL4_MsgLengthBits": "CND_MSG_LENGTH_BITS",
    "seL4_MsgExtraCapBits": "CND_MSG_EXTRA_CAP_BITS", "seL4_MsgMaxLength": "CND_MSG_MAX_LENGTH",
    "seL4_MsgMaxExtraCaps": "CND_MSG_MAX_EXTRA_CAPS", "seL4_CapRightsBits": "CND_CAP_RIGHTS_BITS",
    "seL4_InvalidPrio": "CND_INVALID_PRIO", "seL4_MinPrio": "CND_MIN_PRIO",
    "seL4_MaxPrio": "CND_MAX_PRIO", "seL4_GuardSizeBits": "CND_GUARD_SIZE_BITS",
    "seL4_GuardBits": "CND_GUARD_BITS", "seL4_BadgeBits": "CND_BADGE_BITS",
    "seL4_NilData": "CND_NIL_DATA", "seL4_UntypedRetypeMaxObjects": "CND_UNTYPED_RETYPE_MAX_OBJECTS",
    "seL4_BootInfoFrameSize": "CND_BOOT_INFO_FRAME_SIZE",
    "SEL4_MAPPING_LOOKUP_LEVEL": "CND_MAPPING_LOOKUP_LEVEL",
    "SEL4_MAPPING_LOOKUP_NO_PT": "CND_MAPPING_LOOKUP_NO_PT", "seL4_True": "CND_TRUE",
    "seL4_False": "CND_FALSE",
    "CONFIG_NUM_PRIORITIES": "CND_NUM_PRIORITIES",
    "CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS": "CND_MAX_NUM_BOOTINFO_UNTYPED_CAPS",
    "CONFIG_NUM_DOMAINS": "CND_NUM_DOMAINS", "CONFIG_RETYPE_FAN_OUT_LIMIT": "CND_RETYPE_FAN_OUT_LIMIT",
    "CONFIG_MAX_NUM_NODES": "CND_MAX_NUM_NODES", "CONFIG_PT_LEVELS": "CND_PT_LEVELS",
    "CONFIG_PADDR_USER_DEVICE_TOP": "CND_PADDR_USER_DEVICE_TOP",
    "CONFIG_NUM_DOMAIN_SCHEDULES": "CND_NUM_DOMAIN_SCHEDULES", "CONFIG_WORD_SIZE": "CND_WORD_BITS",
}
# Kernel-internal configuration, not part of the user ABI (the kernel's own
# config provides them): deliberately not in abi/constants.h.
KERNEL_CONFIG_ONLY = {
    "CONFIG_ROOT_CNODE_SIZE_BITS", "CONFIG_TIME_SLICE", "CONFIG_TIMER_TICK_MS",
    "CONFIG_RESET_CHUNK_BITS", "CONFIG_TIMER_FREQUENCY", "CONFIG_FIRST_HART_ID",
    "CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION", "CONFIG_KERNEL_STACK_BITS"}
SIMPLE_SECTIONS = {
    "tcb_flags": {"seL4_TCBFlag_NoFlag": "CND_TCB_FLAG_NO_FLAG",
                  "seL4_TCBFlag_fpuDisabled": "CND_TCB_FLAG_FPU_DISABLED",
                  "seL4_TCBFlag_MASK": "CND_TCB_FLAG_MASK"},
    "vm_attributes": {"seL4_RISCV_ExecuteNever": "CND_VM_EXECUTE_NEVER",
                      "seL4_RISCV_Default_VMAttributes": "CND_VM_DEFAULT_ATTRIBUTES"},
    "rights": {"seL4_ReadWrite": "CND_READ_WRITE", "seL4_AllRights": "CND_ALL_RIGHTS",
               "seL4_CanRead": "CND_CAN_READ", "seL4_CanWrite": "CND_CAN_WRITE",
               "seL4_CanGrant": "CND_CAN_GRANT", "seL4_CanGrantReply": "CND_CAN_GRANT_REPLY",
               "seL4_NoWrite": "CND_NO_WRITE", "seL4_NoRead": "CND_NO_READ",
               "seL4_NoRights": "CND_NO_RIGHTS"},
    "cap_rights": {"capAllowWrite": "CND_CAP_RIGHT_WRITE_BIT",
                   "capAllowRead": "CND_CAP_RIGHT_READ_BIT",
                   "capAllowGrant": "CND_CAP_RIGHT_GRANT_BIT",
                   "capAllowGrantReply": "CND_CAP_RIGHT_GRANT_REPLY_BIT"},
    "initial_caps": {
        "seL4_CapNull": "CND_CAP_NULL", "seL4_CapInitThreadTCB": "CND_CAP_INIT_THREAD_TCB",
        "seL4_CapInitThreadCNode": "CND_CAP_INIT_THREAD_CNODE",
        "seL4_CapInitThreadVSpace": "CND_CAP_INIT_THREAD_VSPACE",
        "seL4_CapIRQControl": "CND_CAP_IRQ_CONTROL", "seL4_CapASIDControl": "CND_CAP_ASID_CONTROL",
        "seL4_CapInitThreadASIDPool": "CND_CAP_INIT_THREAD_ASID_POOL",
        "seL4_CapIOPortControl": "CND_CAP_IO_PORT_CONTROL", "seL4_CapIOSpace": "CND_CAP_IO_SPACE",
        "seL4_CapBootInfoFrame": "CND_CAP_BOOT_INFO_FRAME",
        "seL4_CapInitThreadIPCBuffer": "CND_CAP_INIT_THREAD_IPC_BUFFER",
        "seL4_CapDomain": "CND_CAP_DOMAIN", "seL4_CapSMMUSIDControl": "CND_CAP_SMMU_SID_CONTROL",
        "seL4_CapSMMUCBControl": "CND_CAP_SMMU_CB_CONTROL",
        "seL4_CapInitThreadSC": "CND_CAP_INIT_THREAD_SC", "seL4_CapSMC": "CND_CAP_SMC",
        "seL4_NumInitialCaps": "CND_NUM_INITIAL_CAPS",
        "seL4_CapInitThreadPD": "CND_CAP_INIT_THREAD_PD"},
}
MSGINFO_FIELDS = {"label": "LABEL", "capsUnwrapped": "CAPS_UNWRAPPED",
                  "extraCaps": "EXTRA_CAPS", "length": "LENGTH"}
FAULT_TYPES = {"seL4_Fault_NullFault": "CND_FAULT_NULL", "seL4_Fault_CapFault": "CND_FAULT_CAP",
               "seL4_Fault_UnknownSyscall": "CND_FAULT_UNKNOWN_SYSCALL",
               "seL4_Fault_UserException": "CND_FAULT_USER_EXCEPTION",
               "seL4_Fault_VMFault": "CND_FAULT_VM"}
FAULT_WORDS = {
    "seL4_Fault_CapFault": {0: ["CND_CAP_FAULT_IP"], 1: ["CND_CAP_FAULT_ADDR"],
                            2: ["CND_CAP_FAULT_IN_RECV_PHASE"],
                            3: ["CND_CAP_FAULT_LOOKUP_FAILURE_TYPE", "CND_CAP_FAULT_LOOKUP_BLOCK"],
                            4: ["CND_CAP_FAULT_BITS_LEFT"],
                            5: ["CND_CAP_FAULT_DEPTH_MISMATCH_BITS_FOUND",
                                "CND_CAP_FAULT_GUARD_MISMATCH_GUARD_FOUND"],
                            6: ["CND_CAP_FAULT_GUARD_MISMATCH_BITS_FOUND"]},
    "seL4_Fault_UnknownSyscall": dict(
        [(0, ["CND_UNKNOWN_SYSCALL_FAULT_IP"]), (1, ["CND_UNKNOWN_SYSCALL_SP"]),
         (2, ["CND_UNKNOWN_SYSCALL_RA"]), (10, ["CND_UNKNOWN_SYSCALL_SYSCALL"])] +
        [(3 + i, ["CND_UNKNOWN_SYSCALL_A%d" % i]) for i in range(7)]),
    "seL4_Fault_UserException": {0: ["CND_USER_EXCEPTION_FAULT_IP"], 1: ["CND_USER_EXCEPTION_SP"],
                                 2: ["CND_USER_EXCEPTION_NUMBER"], 3: ["CND_USER_EXCEPTION_CODE"]},
    "seL4_Fault_VMFault": {0: ["CND_VM_FAULT_IP"], 1: ["CND_VM_FAULT_ADDR"],
                           2: ["CND_VM_FAULT_PREFETCH_FAULT"], 3: ["CND_VM_FAULT_FSR"]},
}
FAULT_LENGTH = {"seL4_Fault_UnknownSyscall": "CND_UNKNOWN_SYSCALL_LENGTH",
                "seL4_Fault_UserException": "CND_USER_EXCEPTION_LENGTH",
                "seL4_Fault_VMFault": "CND_VM_FAULT_LENGTH"}
LOOKUP_WORDS = {"bitsLeft": "CND_LOOKUP_FAILURE_BITS_LEFT",
                ("seL4_DepthMismatch", "bitsFound"): "CND_LOOKUP_FAILURE_DEPTH_MISMATCH_BITS_FOUND",
                "guardFound": "CND_LOOKUP_FAILURE_GUARD_MISMATCH_GUARD_FOUND",
                ("seL4_GuardMismatch", "bitsFound"): "CND_LOOKUP_FAILURE_GUARD_MISMATCH_BITS_FOUND"}
CHECKED_SECTIONS = {
    "syscalls", "syscalls_by_config", "syscalls_defined_only_under_other_options",
    "syscall_kernel_range", "registers", "message_info", "cap_rights", "rights", "cnode_capdata",
    "badge_bits", "invocation_labels", "invocation_label_levels", "methods", "errors",
    "lookup_failures", "lookup_failure_layout", "object_types", "object_size_bits",
    "object_sizes_for_retype", "constants", "tcb_flags", "vm_attributes", "initial_caps",
    "bootinfo_header_ids", "structs", "faults", "kernel_cap_type_tags_seen_by_DebugCapIdentify"}
# Descriptions of kernel behaviour / provenance: nothing for a header to match.
PROSE_SECTIONS = {
    "provenance", "configs", "config_differences", "invocation_labels_absent_in_these_configs",
    "error_details", "initial_caps_null_on_riscv_non_mcs", "boot", "vm_layout", "tcb_facts", "irq"}

# --- values ------------------------------------------------------------------------
def value_facts(sheet, api):
    """[(C expression, expected, what, is_constant_expression)]"""
    facts = []

    def add(expr, value, what, const=True):
        facts.append((expr, value % U64, what, const))

    unknown = set(sheet) - CHECKED_SECTIONS - PROSE_SECTIONS
    for k in sorted(unknown):
        fail("sheet section %r is neither checked nor declared prose" % k)
    sys_c = {"seL4_Sys" + s["name"]: "CND_SYS_" + s["c"] for s in api["syscalls"]}
    for name, num in sheet["syscalls"].items():
        if name not in sys_c:
            fail("syscall %s missing from conductor.api" % name)
            continue
        add(sys_c[name], num, name)
        rng = sheet["syscall_kernel_range"]
        if rng["SYSCALL_MIN"] <= num <= rng["SYSCALL_MAX"]:
            cond = "CND_SYSCALL_ALWAYS"
        elif name in sheet["syscalls_by_config"]["rel"]:
            cond = "CND_SYSCALL_PRINTING"
        else:
            cond = "CND_SYSCALL_DEBUG_ONLY"
        add("cnd_syscall_condition(%d) == %s" % (num, cond), 1, name + " availability", False)
    for cfg in ("dbg", "sel4test"):
        if set(sheet["syscalls_by_config"][cfg]) != set(sheet["syscalls"]):
            fail("syscalls_by_config[%s] lists calls not in syscalls" % cfg)
    for name, num in sheet["syscalls_defined_only_under_other_options"].items():
        add("cnd_syscall_condition(%d) == CND_SYSCALL_NONEXISTENT" % num, 1,
            name + " must not exist", const=False)
    add("CND_SYSCALL_MIN", sheet["syscall_kernel_range"]["SYSCALL_MIN"], "SYSCALL_MIN")
    add("CND_SYSCALL_MAX", sheet["syscall_kernel_range"]["SYSCALL_MAX"], "SYSCALL_MAX")
    add("CND_NUM_MSG_REGISTERS", sheet["registers"]["n_msgRegisters"], "n_msgRegisters")
    if sheet["registers"]["msgRegisters"] != ["a2", "a3", "a4", "a5"]:
        fail("message registers are no longer a2..a5")
    if sheet["registers"]["user_context_order"] != [
            "pc", "ra", "sp", "gp"] + ["s%d" % i for i in range(12)] + [
            "a%d" % i for i in range(8)] + ["t%d" % i for i in range(7)] + ["tp"]:
        fail("user_context_order changed: update user_context.h")
    add("CND_N_FRAME_REGISTERS", len(sheet["registers"]["frameRegisters"]), "frameRegisters")
    add("CND_N_GP_REGISTERS", len(sheet["registers"]["gpRegisters"]), "gpRegisters")
    for f, c in MSGINFO_FIELDS.items():
        d = sheet["message_info"][f]
        add("CND_MSGINFO_%s_SHIFT" % c, d["shift"], "message_info.%s.shift" % f)
        add("CND_MSGINFO_%s_BITS" % c, d["bits"], "message_info.%s.bits" % f)
        add("CND_MSGINFO_%s_MASK" % c, int(d["mask"], 16), "message_info.%s.mask" % f)
    add("CND_MSG_MAX_LENGTH", sheet["message_info"]["kernel_clamps_length_to"], "length clamp")
    for section, table in SIMPLE_SECTIONS.items():
        for name, value in sheet[section].items():
            if name == "note":
                continue
            if name not in table:
                fail("%s.%s has no Conductor name" % (section, name))
                continue
            add(table[name], value, "%s.%s" % (section, name))
    cd = sheet["cnode_capdata"]
    add("CND_CNODE_GUARD_SIZE_SHIFT", cd["guardSize"]["shift"], "cnode guardSize shift")
    add("CND_GUARD_SIZE_BITS", cd["guardSize"]["bits"], "cnode guardSize bits")
    add("CND_CNODE_GUARD_SHIFT", cd["guard"]["shift"], "cnode guard shift")
    add("CND_GUARD_BITS", cd["guard"]["bits"], "cnode guard bits")
    add("CND_BADGE_BITS", sheet["badge_bits"], "badge_bits")
    add("cnd_cnode_cap_data_new(1, 0)", 0x40, "CNode_CapData_new(1, 0)", const=False)
    add("cnd_cnode_cap_data_new(0, 1)", 0x1, "CNode_CapData_new(0, 1)", const=False)
    add("cnd_msginfo_new(1, 1, 1, 1).word", 0x1281, "MessageInfo_new(1, 1, 1, 1)", const=False)
    add("cnd_cap_rights_new(1, 0, 1, 0)", 0xa, "CapRights_new(grantReply, -, read, -)",
        const=False)
    for section in ("constants", "object_size_bits"):
        for name, value in sheet[section].items():
            if name in KERNEL_CONFIG_ONLY:
                continue
            if name not in CONSTANTS:
                fail("%s.%s has no Conductor name" % (section, name))
                continue
            add(CONSTANTS[name], value, "%s.%s" % (section, name))
    add_generated(sheet, api, add)
    add_faults(sheet, add)
    for name, value in sheet["bootinfo_header_ids"].items():
        add(name.replace("SEL4_", "CND_"), value, name)
    # Conductor's extension must not collide with any seL4 number.
    add("CND_CAP_SYSTEM_CONTROL", sheet["initial_caps"]["seL4_NumInitialCaps"],
        "SystemControl slot = first slot after seL4's fixed slots")
    for expr, taken, what in (
            ("CND_BOOTINFO_HEADER_SYSTEM_CONTROL", sheet["bootinfo_header_ids"].values(),
             "bootinfo header id"),
            ("CND_CAP_TAG_SYSTEM_CONTROL", sheet["kernel_cap_type_tags_seen_by_DebugCapIdentify"]
             .values(), "cap tag"),
            ("CND_LABEL_SYSTEM_CONTROL_POWER_OFF", sheet["invocation_labels"].values(), "label"),
            ("CND_LABEL_SYSTEM_CONTROL_REBOOT", sheet["invocation_labels"].values(), "label")):
        add(" && ".join("(%s) != %d" % (expr, v) for v in taken), 1,
            "%s must not collide with seL4's %ss" % (expr, what))
    add("CND_CAP_TAG_SYSTEM_CONTROL % 2", 0, "Conductor cap tag is even")
    add("CND_LABEL_CONDUCTOR_BASE > 0xff", 1, "extension labels far above seL4's")
    return facts


def add_generated(sheet, api, add):
    labels = {l["name"]: "CND_LABEL_" + l["c"] for l in api["labels"]}
    labels.update(nInvocationLabels="CND_N_INVOCATION_LABELS",
                  nSeL4ArchInvocationLabels="CND_N_SEL4_ARCH_INVOCATION_LABELS",
                  nArchInvocationLabels="CND_N_ARCH_INVOCATION_LABELS")
    for name, value in sheet["invocation_labels"].items():
        if name not in labels:
            fail("label %s missing from conductor.api" % name)
        else:
            add(labels[name], value, "label " + name)
    levels = {l["name"]: l["level"] for l in api["labels"]}
    for lv, ours in (("generic", "generic"), ("arch_riscv", "arch")):
        for name in sheet["invocation_label_levels"][lv]:
            if name in levels and levels[name] != ours:
                fail("label %s is level %s, not %s" % (name, levels[name], ours))
    errors = {"seL4_" + e["name"]: "CND_" + e["c"] for e in api["errors"]}
    errors["seL4_NumErrors"] = "CND_NUM_ERRORS"
    for name, value in sheet["errors"].items():
        if name not in errors:
            fail("error %s missing from conductor.api" % name)
        else:
            add(errors[name], value, name)
    lfs = {"seL4_" + l["name"]: "CND_" + l["c"] for l in api["lookup_failures"]}
    for name, value in sheet["lookup_failures"].items():
        if name not in lfs:
            fail("lookup failure %s missing" % name)
            continue
        add(lfs[name], value, name)
        words = sheet["lookup_failure_layout"].get(name)
        if words:
            add("cnd_lookup_failure_words(%s)" % lfs[name], len(words), name + " words", False)
            for i, w in enumerate(words[1:], 1):
                c = LOOKUP_WORDS.get((name, w), LOOKUP_WORDS.get(w))
                add(c, i, "%s word %s" % (name, w))
    add("CND_LOOKUP_FAILURE_TYPE", 0, "lookup failure type word")
    note = sheet["lookup_failure_layout"]["note"]
    if "CapFault: MR3" not in note or "FailedLookup error: MR1" not in note:
        fail("lookup failure block position changed: %s" % note)
    add("CND_CAP_FAULT_LOOKUP_BLOCK", 3, "CapFault lookup block")
    add("CND_FAILED_LOOKUP_BLOCK", 1, "FailedLookup lookup block")
    objs = {o["sel4"]: "CND_OBJ_" + o["name"].upper() for o in api["objects"]}
    for c in api["object_consts"]:
        objs[c["sel4"]] = ("CND_" if c["kind"] == "object_count" else "CND_OBJ_") + c["name"].upper()
    for name, value in sheet["object_types"].items():
        if name not in objs:
            fail("object type %s missing" % name)
        else:
            add(objs[name], value, name)
    for name, text in sheet["object_sizes_for_retype"].items():
        m = re.search(r"2\^(\d+)$|fixed 2\^(\d+)", text)
        if m:
            bits = int(m.group(1) or m.group(2))
            add("cnd_object_info(%s)->size_kind == CND_OBJ_SIZE_FIXED ? "
                "cnd_object_info(%s)->fixed_size_bits : 999" % (objs[name], objs[name]), bits,
                name + " size", const=False)
        else:
            kind = "CND_OBJ_SIZE_SLOTS" if "slots" in text else "CND_OBJ_SIZE_BYTES"
            add("cnd_object_info(%s)->size_kind == %s" % (objs[name], kind), 1,
                name + " sized by argument", const=False)
    tags = {c["name"]: "CND_CAP_TAG_" + c["name"].upper() for c in api["captypes"]}
    for name, value in sheet["kernel_cap_type_tags_seen_by_DebugCapIdentify"].items():
        if name not in tags:
            fail("cap tag %s missing" % name)
        else:
            add(tags[name], value, "cap tag " + name)
    ours = {m["name"]: m for m in api["methods"]}
    for name, m in sheet["methods"].items():
        o = ours.get(name[len("seL4_"):])
        if o is None:
            fail("method %s missing from conductor.api" % name)
            continue
        if o["label_name"] != m["label"] or o["label"] != m["label_value"]:
            fail("%s: label %s=%d, sheet %s=%d" % (name, o["label_name"], o["label"],
                                                   m["label"], m["label_value"]))
        info = "cnd_method_info(%d)->" % m["label_value"]
        add(info + "extra_caps", m["tag_extraCaps"], name + " extra caps", False)
        add(info + "msg_length", m["tag_length"], name + " tag length", False)
    extra = set(ours) - {n[len("seL4_"):] for n in sheet["methods"]}
    for n in sorted(extra):
        if ours[n]["level"] != "conductor":
            fail("method %s is not in seL4 and not marked conductor" % n)


def add_faults(sheet, add):
    f = sheet["faults"]
    for name, value in f["types"].items():
        add(FAULT_TYPES[name], value, name)
    for name, msg in f["messages"].items():
        add(FAULT_TYPES[name], msg["label"], name + " label")
        if set(int(i) for i in msg["layout"]) != set(FAULT_WORDS[name]):
            fail("%s: word indices changed" % name)
        for idx, consts in FAULT_WORDS[name].items():
            for c in consts:
                add(c, idx, "%s word %d" % (name, idx))
        if name in FAULT_LENGTH:
            add(FAULT_LENGTH[name], msg["length"], name + " length")
        else:
            lo, hi = re.match(r"(\d+) \+ 0\.\.(\d+)", msg["length"]).groups()
            add("CND_CAP_FAULT_MIN_LENGTH", int(lo), "CapFault min length")
            add("CND_CAP_FAULT_MAX_LENGTH", int(lo) + int(hi), "CapFault max length")
    add("CND_VM_FAULT_FSR_INSTRUCTION", 1, "VMFault FSR instruction")
    add("CND_VM_FAULT_FSR_LOAD", 5, "VMFault FSR load")
    add("CND_VM_FAULT_FSR_STORE", 7, "VMFault FSR store")


def values_program(facts, static):
    out = ["#include <abi/abi.h>\n"]
    if static:
        for i, (expr, value, what, const) in enumerate(facts):
            if const:
                out.append("_Static_assert((unsigned long long)(%s) == 0x%xull, \"%s\");\n"
                           % (expr, value, what.replace('"', "'")))
        return "".join(out)
    out.append("#include <stdio.h>\nint main(void)\n{\n")
    for expr, _, _, _ in facts:
        out.append("    printf(\"%%llu\\n\", (unsigned long long)(%s));\n" % expr)
    out.append("    return 0;\n}\n")
    return "".join(out)


def cmd_values(a, sheet, api):
    facts = value_facts(sheet, api)
    src = os.path.join(a.work, "abi_values.c")
    exe = os.path.join(a.work, "abi_values")
    with open(src, "w") as f:
        f.write(values_program(facts, False))
    run([a.cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-o", exe, src] + include_flags(a.gen))
    got = run([exe]).split()
    for (expr, value, what, _), g in zip(facts, got):
        if int(g) != value:
            fail("%s: sheet says %d, Conductor's %s is %d" % (what, value, expr, int(g)))
    print("checked %d values" % len(facts))


# --- layout ---------------------------------------------------------------------------
def cmd_layout(a, sheet, api):
    seen_s, seen_f = {}, {}
    for line in run([a.dump]).splitlines():
        kind, name, *kv = line.split()
        d = {k: int(v) for k, v in (x.split("=") for x in kv)}
        (seen_s if kind == "struct" else seen_f).setdefault(name, {}).update(d)
    for sname, s in sheet["structs"].items():
        if sname not in seen_s:
            fail("struct %s not mapped in abi_layout.c" % sname)
            continue
        for k in ("size", "align"):
            if seen_s[sname][k] != s[k]:
                fail("%s %s: sheet %d, Conductor %d" % (sname, k, s[k], seen_s[sname][k]))
        for fname, off in s["fields"].items():
            ours = seen_f.pop("%s.%s" % (sname, fname), None)
            if ours is None:
                fail("field %s.%s not mapped in abi_layout.c" % (sname, fname))
                continue
            if ours["offset"] != off:
                fail("%s.%s offset: sheet %d, Conductor %d" % (sname, fname, off, ours["offset"]))
            size = s.get("field_sizes", {}).get(fname)
            if size is not None and ours["size"] != size:
                fail("%s.%s size: sheet %d, Conductor %d" % (sname, fname, size, ours["size"]))
            count = s.get("array_sizes", {}).get(fname)
            if count is not None and ours.get("count") != count:
                fail("%s.%s count: sheet %d, Conductor %s" % (sname, fname, count,
                                                              ours.get("count")))
    for extra in seen_f:
        fail("abi_layout.c maps %s, which the sheet does not have" % extra)
    print("checked %d structs" % len(sheet["structs"]))


def layout_expectations(sheet):
    out = []
    for sname, s in sheet["structs"].items():
        out.append("#define EXP_%s_SIZE %d\n#define EXP_%s_ALIGN %d\n"
                   % (sname, s["size"], sname, s["align"]))
        for fname, off in s["fields"].items():
            out.append("#define EXP_%s_%s_OFFSET %d\n#define EXP_%s_%s_SIZE %d\n"
                       "#define EXP_%s_%s_COUNT %d\n"
                       % (sname, fname, off, sname, fname,
                          s.get("field_sizes", {}).get(fname, -1), sname, fname,
                          s.get("array_sizes", {}).get(fname, -1)))
    return "".join(out)


# --- cross (riscv64) -----------------------------------------------------------------------
def cmd_cross(a, sheet, api):
    flags = shlex.split(a.flags) + ["-Wall", "-Wextra", "-Werror", "-std=c11", "-ffreestanding",
                                    "-O2"] + include_flags(a.gen)
    files = {"cross_values.c": values_program(value_facts(sheet, api), True),
             "cross_layout_expected.h": layout_expectations(sheet)}
    wrappers = "".join("    (void (*)(void))cnd_%s,\n" % m["c"] for m in api["methods"])
    stubs = [("send", "cnd_send_with_mrs(1, cnd_msginfo_new(2, 0, 0, 4), 3, 4, 5, 6)"),
             ("nbsend", "cnd_nbsend_with_mrs(1, cnd_msginfo_new(2, 0, 0, 4), 3, 4, 5, 6)"),
             ("call", "cnd_call(1, cnd_msginfo_new(2, 0, 0, 0))"),
             ("recv", "cnd_recv(1, NULL)"), ("nbrecv", "cnd_nbrecv(1, NULL)"),
             ("reply", "cnd_reply(cnd_msginfo_new(0, 0, 0, 0))"),
             ("reply_recv", "cnd_reply_recv(1, cnd_msginfo_new(0, 0, 0, 0), NULL)"),
             ("yield", "cnd_yield()"), ("debug_put_char", "cnd_debug_put_char('x')"),
             ("debug_dump_scheduler", "cnd_debug_dump_scheduler()"),
             ("debug_halt", "cnd_debug_halt()"), ("debug_cap_identify", "cnd_debug_cap_identify(3)"),
             ("debug_snapshot", "cnd_debug_snapshot()"),
             ("debug_name_thread", "cnd_debug_name_thread(1, \"t\")")]
    files["cross_all.c"] = (
        "#include <conductor/conductor.h>\n\n/* Instantiate every wrapper. */\n"
        "void (*const cnd_test_wrappers[])(void) = {\n%s};\n\n" % wrappers +
        "".join("void stub_%s(void);\nvoid stub_%s(void)\n{\n    %s;\n}\n\n" % (n, n, c)
                for n, c in stubs))
    for name, text in files.items():
        with open(os.path.join(a.work, name), "w") as f:
            f.write(text)
    w = lambda n: os.path.join(a.work, n)  # noqa: E731
    run([a.cc] + flags + ["-fsyntax-only", w("cross_values.c")])
    run([a.cc] + flags + ["-fsyntax-only", "-DABI_LAYOUT_STATIC_CHECK", "-include",
                          w("cross_layout_expected.h"), os.path.join(HERE, "abi_layout.c")])
    run([a.cc] + flags + ["-c", "-o", w("cross_all.o"), w("cross_all.c")])
    run([a.cc] + flags + ["-c", "-o", w("ipc_buffer.o"),
                          os.path.join(ROOT, "userland", "lib", "ipc_buffer.c")])
    if a.objdump:  # each stub must load its number into a7 right before ecall
        dis = run([a.objdump, "-d", "--no-show-raw-insn", w("cross_all.o")])
        funcs, cur = {}, None
        for line in dis.splitlines():  # local .L labels stay in their function
            m = re.match(r"^[0-9a-f]+ <([^>]+)>:$", line)
            if m and not m.group(1).startswith(".L"):
                cur = m.group(1)[len("stub_"):] if m.group(1).startswith("stub_") else None
            elif cur:
                funcs[cur] = funcs.get(cur, "") + line + "\n"
        nums = {"seL4_Sys" + s["name"]: s["number"] for s in api["syscalls"]}
        want = {"send": "Send", "nbsend": "NBSend", "call": "Call", "recv": "Recv",
                "nbrecv": "NBRecv", "reply": "Reply", "reply_recv": "ReplyRecv",
                "yield": "Yield", "debug_put_char": "DebugPutChar",
                "debug_dump_scheduler": "DebugDumpScheduler", "debug_halt": "DebugHalt",
                "debug_cap_identify": "DebugCapIdentify", "debug_snapshot": "DebugSnapshot",
                "debug_name_thread": "DebugNameThread"}
        for stub, sys_name in want.items():
            num = sheet["syscalls"]["seL4_Sys" + sys_name]
            body = funcs.get(stub, "")
            if "ecall" not in body or not re.search(r"li\s+a7,%d\b" % num, body):
                fail("stub %s: no 'li a7,%d' + ecall in:\n%s" % (stub, num, body))
            if nums.get("seL4_Sys" + sys_name) != num:
                fail("syscall %s number mismatch" % sys_name)
    print("riscv64 compile checks passed with %s" % a.cc)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", choices=("values", "layout", "marshal", "cross"))
    p.add_argument("--json", required=True)
    p.add_argument("--gen", required=True, help="generated include dir")
    p.add_argument("--work", required=True, help="scratch dir")
    p.add_argument("--cc")
    p.add_argument("--flags", default="")
    p.add_argument("--dump")
    p.add_argument("--objdump")
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    with open(a.json) as f:
        sheet = json.load(f)
    with open(os.path.join(a.gen, "abi", "api.json")) as f:
        api = json.load(f)
    {"values": cmd_values, "layout": cmd_layout, "marshal": cmd_marshal,
     "cross": cmd_cross}[a.command](a, sheet, api)
    if FAILURES:
        print("%d ABI mismatch(es)" % len(FAILURES))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
