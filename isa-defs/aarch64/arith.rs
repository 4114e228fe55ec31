//! Integer arithmetic: add/subtract (immediate, shifted register, extended
//! register) with their flag-setting forms and the `cmp`, `cmn`, `neg`,
//! `negs` and `mov` (to/from SP) aliases; multiply and multiply-add
//! (`madd`, `msub`, `mul`, `mneg`, the long forms and `smulh`/`umulh`);
//! division; `adr` and `adrp`.
//!
//! Arm ARM C4.1.92 "Add/subtract (immediate)", C4.1.95 "Add/subtract
//! (shifted register)", C4.1.95 "Add/subtract (extended register)",
//! C4.1.95 "Data-processing (3 source)", C4.1.95 "Data-processing
//! (2 source)", C4.1.92 "PC-rel. addressing".

use super::FLAGS;
use super::operands::*;
use crate::asm::{InstDef, inst, r, w};

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // Add/subtract (immediate): sf op S 100010 sh imm12 Rn Rd
        inst("add", [w(X), r(X), r(IMM12)], "Rd|SP Rn|SP hex(imm12)", "sf=1 op=0 S=0 100010 sh=0 imm12 Rn Rd"),
        inst("add", [w(X), r(X), r(IMM12), r(LSL12)], "Rd|SP Rn|SP hex(imm12)", "sf=1 op=0 S=0 100010 sh=1 imm12 Rn Rd"),
        inst("add", [w(W), r(W), r(IMM12)], "Rd|SP Rn|SP hex(imm12)", "sf=0 op=0 S=0 100010 sh=0 imm12 Rn Rd"),
        inst("add", [w(W), r(W), r(IMM12), r(LSL12)], "Rd|SP Rn|SP hex(imm12)", "sf=0 op=0 S=0 100010 sh=1 imm12 Rn Rd"),
        inst("adds", [w(X), r(X), r(IMM12)], "Rd Rn|SP hex(imm12)", "sf=1 op=0 S=1 100010 sh=0 imm12 Rn Rd").writes(FLAGS),
        inst("adds", [w(X), r(X), r(IMM12), r(LSL12)], "Rd Rn|SP hex(imm12)", "sf=1 op=0 S=1 100010 sh=1 imm12 Rn Rd").writes(FLAGS),
        inst("adds", [w(W), r(W), r(IMM12)], "Rd Rn|SP hex(imm12)", "sf=0 op=0 S=1 100010 sh=0 imm12 Rn Rd").writes(FLAGS),
        inst("adds", [w(W), r(W), r(IMM12), r(LSL12)], "Rd Rn|SP hex(imm12)", "sf=0 op=0 S=1 100010 sh=1 imm12 Rn Rd").writes(FLAGS),
        inst("sub", [w(X), r(X), r(IMM12)], "Rd|SP Rn|SP hex(imm12)", "sf=1 op=1 S=0 100010 sh=0 imm12 Rn Rd"),
        inst("sub", [w(X), r(X), r(IMM12), r(LSL12)], "Rd|SP Rn|SP hex(imm12)", "sf=1 op=1 S=0 100010 sh=1 imm12 Rn Rd"),
        inst("sub", [w(W), r(W), r(IMM12)], "Rd|SP Rn|SP hex(imm12)", "sf=0 op=1 S=0 100010 sh=0 imm12 Rn Rd"),
        inst("sub", [w(W), r(W), r(IMM12), r(LSL12)], "Rd|SP Rn|SP hex(imm12)", "sf=0 op=1 S=0 100010 sh=1 imm12 Rn Rd"),
        inst("subs", [w(X), r(X), r(IMM12)], "Rd Rn|SP hex(imm12)", "sf=1 op=1 S=1 100010 sh=0 imm12 Rn Rd").writes(FLAGS),
        inst("subs", [w(X), r(X), r(IMM12), r(LSL12)], "Rd Rn|SP hex(imm12)", "sf=1 op=1 S=1 100010 sh=1 imm12 Rn Rd").writes(FLAGS),
        inst("subs", [w(W), r(W), r(IMM12)], "Rd Rn|SP hex(imm12)", "sf=0 op=1 S=1 100010 sh=0 imm12 Rn Rd").writes(FLAGS),
        inst("subs", [w(W), r(W), r(IMM12), r(LSL12)], "Rd Rn|SP hex(imm12)", "sf=0 op=1 S=1 100010 sh=1 imm12 Rn Rd").writes(FLAGS),
        inst("cmp", [r(X), r(IMM12)], "Rn|SP hex(imm12)", "sf=1 op=1 S=1 100010 sh=0 imm12 Rn Rd=11111").writes(FLAGS),
        inst("cmp", [r(X), r(IMM12), r(LSL12)], "Rn|SP hex(imm12)", "sf=1 op=1 S=1 100010 sh=1 imm12 Rn Rd=11111").writes(FLAGS),
        inst("cmp", [r(W), r(IMM12)], "Rn|SP hex(imm12)", "sf=0 op=1 S=1 100010 sh=0 imm12 Rn Rd=11111").writes(FLAGS),
        inst("cmp", [r(W), r(IMM12), r(LSL12)], "Rn|SP hex(imm12)", "sf=0 op=1 S=1 100010 sh=1 imm12 Rn Rd=11111").writes(FLAGS),
        inst("cmn", [r(X), r(IMM12)], "Rn|SP hex(imm12)", "sf=1 op=0 S=1 100010 sh=0 imm12 Rn Rd=11111").writes(FLAGS),
        inst("cmn", [r(X), r(IMM12), r(LSL12)], "Rn|SP hex(imm12)", "sf=1 op=0 S=1 100010 sh=1 imm12 Rn Rd=11111").writes(FLAGS),
        inst("cmn", [r(W), r(IMM12)], "Rn|SP hex(imm12)", "sf=0 op=0 S=1 100010 sh=0 imm12 Rn Rd=11111").writes(FLAGS),
        inst("cmn", [r(W), r(IMM12), r(LSL12)], "Rn|SP hex(imm12)", "sf=0 op=0 S=1 100010 sh=1 imm12 Rn Rd=11111").writes(FLAGS),
        // MOV (to/from SP): ADD (immediate) with #0 and SP on either side
        inst("mov", [r(SP), r(X)], "Rn|SP", "sf=1 op=0 S=0 100010 sh=0 imm12=000000000000 Rn Rd=11111"),
        inst("mov", [w(X), r(SP)], "Rd|SP", "sf=1 op=0 S=0 100010 sh=0 imm12=000000000000 Rn=11111 Rd"),
        inst("mov", [r(WSP), r(W)], "Rn|SP", "sf=0 op=0 S=0 100010 sh=0 imm12=000000000000 Rn Rd=11111"),
        inst("mov", [w(W), r(WSP)], "Rd|SP", "sf=0 op=0 S=0 100010 sh=0 imm12=000000000000 Rn=11111 Rd"),

        // Add/subtract (shifted register): sf op S 01011 shift 0 Rm imm6 Rn Rd
        inst("add", [w(X), r(X), r(X), r(SHIFT64)], "Rd Rn Rm shift(shift:imm6)", "sf=1 op=0 S=0 01011 shift 0 Rm imm6 Rn Rd"),
        inst("add", [w(W), r(W), r(W), r(SHIFT32)], "Rd Rn Rm shift(shift:imm6)", "sf=0 op=0 S=0 01011 shift 0 Rm imm6 Rn Rd"),
        inst("adds", [w(X), r(X), r(X), r(SHIFT64)], "Rd Rn Rm shift(shift:imm6)", "sf=1 op=0 S=1 01011 shift 0 Rm imm6 Rn Rd").writes(FLAGS),
        inst("adds", [w(W), r(W), r(W), r(SHIFT32)], "Rd Rn Rm shift(shift:imm6)", "sf=0 op=0 S=1 01011 shift 0 Rm imm6 Rn Rd").writes(FLAGS),
        inst("sub", [w(X), r(X), r(X), r(SHIFT64)], "Rd Rn Rm shift(shift:imm6)", "sf=1 op=1 S=0 01011 shift 0 Rm imm6 Rn Rd"),
        inst("sub", [w(W), r(W), r(W), r(SHIFT32)], "Rd Rn Rm shift(shift:imm6)", "sf=0 op=1 S=0 01011 shift 0 Rm imm6 Rn Rd"),
        inst("subs", [w(X), r(X), r(X), r(SHIFT64)], "Rd Rn Rm shift(shift:imm6)", "sf=1 op=1 S=1 01011 shift 0 Rm imm6 Rn Rd").writes(FLAGS),
        inst("subs", [w(W), r(W), r(W), r(SHIFT32)], "Rd Rn Rm shift(shift:imm6)", "sf=0 op=1 S=1 01011 shift 0 Rm imm6 Rn Rd").writes(FLAGS),
        inst("cmp", [r(X), r(X), r(SHIFT64)], "Rn Rm shift(shift:imm6)", "sf=1 op=1 S=1 01011 shift 0 Rm imm6 Rn Rd=11111").writes(FLAGS),
        inst("cmp", [r(W), r(W), r(SHIFT32)], "Rn Rm shift(shift:imm6)", "sf=0 op=1 S=1 01011 shift 0 Rm imm6 Rn Rd=11111").writes(FLAGS),
        inst("cmn", [r(X), r(X), r(SHIFT64)], "Rn Rm shift(shift:imm6)", "sf=1 op=0 S=1 01011 shift 0 Rm imm6 Rn Rd=11111").writes(FLAGS),
        inst("cmn", [r(W), r(W), r(SHIFT32)], "Rn Rm shift(shift:imm6)", "sf=0 op=0 S=1 01011 shift 0 Rm imm6 Rn Rd=11111").writes(FLAGS),
        inst("neg", [w(X), r(X), r(SHIFT64)], "Rd Rm shift(shift:imm6)", "sf=1 op=1 S=0 01011 shift 0 Rm imm6 Rn=11111 Rd"),
        inst("neg", [w(W), r(W), r(SHIFT32)], "Rd Rm shift(shift:imm6)", "sf=0 op=1 S=0 01011 shift 0 Rm imm6 Rn=11111 Rd"),
        inst("negs", [w(X), r(X), r(SHIFT64)], "Rd Rm shift(shift:imm6)", "sf=1 op=1 S=1 01011 shift 0 Rm imm6 Rn=11111 Rd").writes(FLAGS),
        inst("negs", [w(W), r(W), r(SHIFT32)], "Rd Rm shift(shift:imm6)", "sf=0 op=1 S=1 01011 shift 0 Rm imm6 Rn=11111 Rd").writes(FLAGS),

        // Add/subtract (extended register): sf op S 01011 opt=00 1 Rm option imm3 Rn Rd
        inst("add", [w(X), r(X), r(W), r(EXT64)], "Rd|SP Rn|SP Rm ext(option:imm3)", "sf=1 op=0 S=0 01011 opt=00 1 Rm option imm3 Rn Rd"),
        inst("add", [w(X), r(X), r(X), r(EXT64)], "Rd|SP Rn|SP Rm ext(option:imm3)", "sf=1 op=0 S=0 01011 opt=00 1 Rm option imm3 Rn Rd"),
        inst("add", [w(W), r(W), r(W), r(EXT32)], "Rd|SP Rn|SP Rm ext(option:imm3)", "sf=0 op=0 S=0 01011 opt=00 1 Rm option imm3 Rn Rd"),
        inst("adds", [w(X), r(X), r(W), r(EXT64)], "Rd Rn|SP Rm ext(option:imm3)", "sf=1 op=0 S=1 01011 opt=00 1 Rm option imm3 Rn Rd").writes(FLAGS),
        inst("adds", [w(X), r(X), r(X), r(EXT64)], "Rd Rn|SP Rm ext(option:imm3)", "sf=1 op=0 S=1 01011 opt=00 1 Rm option imm3 Rn Rd").writes(FLAGS),
        inst("adds", [w(W), r(W), r(W), r(EXT32)], "Rd Rn|SP Rm ext(option:imm3)", "sf=0 op=0 S=1 01011 opt=00 1 Rm option imm3 Rn Rd").writes(FLAGS),
        inst("sub", [w(X), r(X), r(W), r(EXT64)], "Rd|SP Rn|SP Rm ext(option:imm3)", "sf=1 op=1 S=0 01011 opt=00 1 Rm option imm3 Rn Rd"),
        inst("sub", [w(X), r(X), r(X), r(EXT64)], "Rd|SP Rn|SP Rm ext(option:imm3)", "sf=1 op=1 S=0 01011 opt=00 1 Rm option imm3 Rn Rd"),
        inst("sub", [w(W), r(W), r(W), r(EXT32)], "Rd|SP Rn|SP Rm ext(option:imm3)", "sf=0 op=1 S=0 01011 opt=00 1 Rm option imm3 Rn Rd"),
        inst("subs", [w(X), r(X), r(W), r(EXT64)], "Rd Rn|SP Rm ext(option:imm3)", "sf=1 op=1 S=1 01011 opt=00 1 Rm option imm3 Rn Rd").writes(FLAGS),
        inst("subs", [w(X), r(X), r(X), r(EXT64)], "Rd Rn|SP Rm ext(option:imm3)", "sf=1 op=1 S=1 01011 opt=00 1 Rm option imm3 Rn Rd").writes(FLAGS),
        inst("subs", [w(W), r(W), r(W), r(EXT32)], "Rd Rn|SP Rm ext(option:imm3)", "sf=0 op=1 S=1 01011 opt=00 1 Rm option imm3 Rn Rd").writes(FLAGS),
        inst("cmp", [r(X), r(W), r(EXT64)], "Rn|SP Rm ext(option:imm3)", "sf=1 op=1 S=1 01011 opt=00 1 Rm option imm3 Rn Rd=11111").writes(FLAGS),
        inst("cmp", [r(X), r(X), r(EXT64)], "Rn|SP Rm ext(option:imm3)", "sf=1 op=1 S=1 01011 opt=00 1 Rm option imm3 Rn Rd=11111").writes(FLAGS),
        inst("cmp", [r(W), r(W), r(EXT32)], "Rn|SP Rm ext(option:imm3)", "sf=0 op=1 S=1 01011 opt=00 1 Rm option imm3 Rn Rd=11111").writes(FLAGS),
        inst("cmn", [r(X), r(W), r(EXT64)], "Rn|SP Rm ext(option:imm3)", "sf=1 op=0 S=1 01011 opt=00 1 Rm option imm3 Rn Rd=11111").writes(FLAGS),
        inst("cmn", [r(X), r(X), r(EXT64)], "Rn|SP Rm ext(option:imm3)", "sf=1 op=0 S=1 01011 opt=00 1 Rm option imm3 Rn Rd=11111").writes(FLAGS),
        inst("cmn", [r(W), r(W), r(EXT32)], "Rn|SP Rm ext(option:imm3)", "sf=0 op=0 S=1 01011 opt=00 1 Rm option imm3 Rn Rd=11111").writes(FLAGS),

        // Data-processing (3 source): sf op54=00 11011 op31 Rm o0 Ra Rn Rd
        inst("madd", [w(X), r(X), r(X), r(X)], "Rd Rn Rm Ra", "sf=1 00 11011 op31=000 Rm o0=0 Ra Rn Rd"),
        inst("madd", [w(W), r(W), r(W), r(W)], "Rd Rn Rm Ra", "sf=0 00 11011 op31=000 Rm o0=0 Ra Rn Rd"),
        inst("msub", [w(X), r(X), r(X), r(X)], "Rd Rn Rm Ra", "sf=1 00 11011 op31=000 Rm o0=1 Ra Rn Rd"),
        inst("msub", [w(W), r(W), r(W), r(W)], "Rd Rn Rm Ra", "sf=0 00 11011 op31=000 Rm o0=1 Ra Rn Rd"),
        inst("mul", [w(X), r(X), r(X)], "Rd Rn Rm", "sf=1 00 11011 op31=000 Rm o0=0 Ra=11111 Rn Rd"),
        inst("mul", [w(W), r(W), r(W)], "Rd Rn Rm", "sf=0 00 11011 op31=000 Rm o0=0 Ra=11111 Rn Rd"),
        inst("mneg", [w(X), r(X), r(X)], "Rd Rn Rm", "sf=1 00 11011 op31=000 Rm o0=1 Ra=11111 Rn Rd"),
        inst("mneg", [w(W), r(W), r(W)], "Rd Rn Rm", "sf=0 00 11011 op31=000 Rm o0=1 Ra=11111 Rn Rd"),
        inst("smaddl", [w(X), r(W), r(W), r(X)], "Rd Rn Rm Ra", "sf=1 00 11011 op31=001 Rm o0=0 Ra Rn Rd"),
        inst("smsubl", [w(X), r(W), r(W), r(X)], "Rd Rn Rm Ra", "sf=1 00 11011 op31=001 Rm o0=1 Ra Rn Rd"),
        inst("umaddl", [w(X), r(W), r(W), r(X)], "Rd Rn Rm Ra", "sf=1 00 11011 op31=101 Rm o0=0 Ra Rn Rd"),
        inst("umsubl", [w(X), r(W), r(W), r(X)], "Rd Rn Rm Ra", "sf=1 00 11011 op31=101 Rm o0=1 Ra Rn Rd"),
        inst("smull", [w(X), r(W), r(W)], "Rd Rn Rm", "sf=1 00 11011 op31=001 Rm o0=0 Ra=11111 Rn Rd"),
        inst("smnegl", [w(X), r(W), r(W)], "Rd Rn Rm", "sf=1 00 11011 op31=001 Rm o0=1 Ra=11111 Rn Rd"),
        inst("umull", [w(X), r(W), r(W)], "Rd Rn Rm", "sf=1 00 11011 op31=101 Rm o0=0 Ra=11111 Rn Rd"),
        inst("umnegl", [w(X), r(W), r(W)], "Rd Rn Rm", "sf=1 00 11011 op31=101 Rm o0=1 Ra=11111 Rn Rd"),
        inst("smulh", [w(X), r(X), r(X)], "Rd Rn Rm", "sf=1 00 11011 op31=010 Rm o0=0 Ra=11111 Rn Rd"),
        inst("umulh", [w(X), r(X), r(X)], "Rd Rn Rm", "sf=1 00 11011 op31=110 Rm o0=0 Ra=11111 Rn Rd"),

        // Data-processing (2 source): sf 0 S=0 11010110 Rm opcode Rn Rd
        inst("udiv", [w(X), r(X), r(X)], "Rd Rn Rm", "sf=1 0 S=0 11010110 Rm opcode=000010 Rn Rd"),
        inst("udiv", [w(W), r(W), r(W)], "Rd Rn Rm", "sf=0 0 S=0 11010110 Rm opcode=000010 Rn Rd"),
        inst("sdiv", [w(X), r(X), r(X)], "Rd Rn Rm", "sf=1 0 S=0 11010110 Rm opcode=000011 Rn Rd"),
        inst("sdiv", [w(W), r(W), r(W)], "Rd Rn Rm", "sf=0 0 S=0 11010110 Rm opcode=000011 Rn Rd"),

        // PC-rel. addressing: op immlo 10000 immhi Rd
        inst("adr", [w(X), r(ADR)], "Rd label(immhi:immlo)", "op=0 immlo 10000 immhi Rd"),
        inst("adrp", [w(X), r(ADRP)], "Rd label(immhi:immlo)", "op=1 immlo 10000 immhi Rd"),
    ]
}
