//! Scalar floating point on S (single) and D (double) registers: moves
//! (register, to/from a GPR, immediate), arithmetic, fused multiply-add,
//! compares (with a register or `#0.0`), conditional select, conversions
//! between precisions (H, S, D), to and from integers, and rounding.
//!
//! An FP immediate is given as the IEEE bits of the register width
//! (`0x3ff0000000000000` for `fmov d0, #1.0`) and must be one of the 256
//! values of the 8-bit encoding (Arm ARM C2.2.3 "Modified immediate
//! constants").
//!
//! Arm ARM C4.1.96 "Floating-point data-processing (1 source)", "(2
//! source)", "(3 source)", "Floating-point compare", "Floating-point
//! conditional select", "Floating-point immediate", "Conversion between
//! floating-point and integer".

use super::FLAGS;
use super::operands::*;
use crate::asm::{InstDef, inst, r, w};

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // Floating-point data-processing (1 source): M=0 0 S=0 11110 ftype 1 opcode 10000 Rn Rd
        inst("fmov", [w(S), r(S)], "Rd Rn", "M=0 0 S=0 11110 ftype=00 1 opcode=000000 10000 Rn Rd"),
        inst("fmov", [w(D), r(D)], "Rd Rn", "M=0 0 S=0 11110 ftype=01 1 opcode=000000 10000 Rn Rd"),
        inst("fabs", [w(S), r(S)], "Rd Rn", "M=0 0 S=0 11110 ftype=00 1 opcode=000001 10000 Rn Rd"),
        inst("fabs", [w(D), r(D)], "Rd Rn", "M=0 0 S=0 11110 ftype=01 1 opcode=000001 10000 Rn Rd"),
        inst("fneg", [w(S), r(S)], "Rd Rn", "M=0 0 S=0 11110 ftype=00 1 opcode=000010 10000 Rn Rd"),
        inst("fneg", [w(D), r(D)], "Rd Rn", "M=0 0 S=0 11110 ftype=01 1 opcode=000010 10000 Rn Rd"),
        inst("fsqrt", [w(S), r(S)], "Rd Rn", "M=0 0 S=0 11110 ftype=00 1 opcode=000011 10000 Rn Rd"),
        inst("fsqrt", [w(D), r(D)], "Rd Rn", "M=0 0 S=0 11110 ftype=01 1 opcode=000011 10000 Rn Rd"),
        inst("frintn", [w(S), r(S)], "Rd Rn", "M=0 0 S=0 11110 ftype=00 1 opcode=001000 10000 Rn Rd"),
        inst("frintn", [w(D), r(D)], "Rd Rn", "M=0 0 S=0 11110 ftype=01 1 opcode=001000 10000 Rn Rd"),
        inst("frintp", [w(S), r(S)], "Rd Rn", "M=0 0 S=0 11110 ftype=00 1 opcode=001001 10000 Rn Rd"),
        inst("frintp", [w(D), r(D)], "Rd Rn", "M=0 0 S=0 11110 ftype=01 1 opcode=001001 10000 Rn Rd"),
        inst("frintm", [w(S), r(S)], "Rd Rn", "M=0 0 S=0 11110 ftype=00 1 opcode=001010 10000 Rn Rd"),
        inst("frintm", [w(D), r(D)], "Rd Rn", "M=0 0 S=0 11110 ftype=01 1 opcode=001010 10000 Rn Rd"),
        inst("frintz", [w(S), r(S)], "Rd Rn", "M=0 0 S=0 11110 ftype=00 1 opcode=001011 10000 Rn Rd"),
        inst("frintz", [w(D), r(D)], "Rd Rn", "M=0 0 S=0 11110 ftype=01 1 opcode=001011 10000 Rn Rd"),
        inst("frinta", [w(S), r(S)], "Rd Rn", "M=0 0 S=0 11110 ftype=00 1 opcode=001100 10000 Rn Rd"),
        inst("frinta", [w(D), r(D)], "Rd Rn", "M=0 0 S=0 11110 ftype=01 1 opcode=001100 10000 Rn Rd"),
        inst("fcvt", [w(D), r(S)], "Rd Rn", "M=0 0 S=0 11110 ftype=00 1 opcode=000101 10000 Rn Rd"),
        inst("fcvt", [w(S), r(D)], "Rd Rn", "M=0 0 S=0 11110 ftype=01 1 opcode=000100 10000 Rn Rd"),
        inst("fcvt", [w(H), r(S)], "Rd Rn", "M=0 0 S=0 11110 ftype=00 1 opcode=000111 10000 Rn Rd"),
        inst("fcvt", [w(H), r(D)], "Rd Rn", "M=0 0 S=0 11110 ftype=01 1 opcode=000111 10000 Rn Rd"),
        inst("fcvt", [w(S), r(H)], "Rd Rn", "M=0 0 S=0 11110 ftype=11 1 opcode=000100 10000 Rn Rd"),
        inst("fcvt", [w(D), r(H)], "Rd Rn", "M=0 0 S=0 11110 ftype=11 1 opcode=000101 10000 Rn Rd"),
        
        // Floating-point data-processing (2 source): M=0 0 S=0 11110 ftype 1 Rm opcode 10 Rn Rd
        inst("fmul", [w(S), r(S), r(S)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=00 1 Rm opcode=0000 10 Rn Rd"),
        inst("fmul", [w(D), r(D), r(D)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=01 1 Rm opcode=0000 10 Rn Rd"),
        inst("fdiv", [w(S), r(S), r(S)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=00 1 Rm opcode=0001 10 Rn Rd"),
        inst("fdiv", [w(D), r(D), r(D)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=01 1 Rm opcode=0001 10 Rn Rd"),
        inst("fadd", [w(S), r(S), r(S)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=00 1 Rm opcode=0010 10 Rn Rd"),
        inst("fadd", [w(D), r(D), r(D)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=01 1 Rm opcode=0010 10 Rn Rd"),
        inst("fsub", [w(S), r(S), r(S)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=00 1 Rm opcode=0011 10 Rn Rd"),
        inst("fsub", [w(D), r(D), r(D)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=01 1 Rm opcode=0011 10 Rn Rd"),
        inst("fmax", [w(S), r(S), r(S)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=00 1 Rm opcode=0100 10 Rn Rd"),
        inst("fmax", [w(D), r(D), r(D)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=01 1 Rm opcode=0100 10 Rn Rd"),
        inst("fmin", [w(S), r(S), r(S)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=00 1 Rm opcode=0101 10 Rn Rd"),
        inst("fmin", [w(D), r(D), r(D)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=01 1 Rm opcode=0101 10 Rn Rd"),
        inst("fmaxnm", [w(S), r(S), r(S)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=00 1 Rm opcode=0110 10 Rn Rd"),
        inst("fmaxnm", [w(D), r(D), r(D)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=01 1 Rm opcode=0110 10 Rn Rd"),
        inst("fminnm", [w(S), r(S), r(S)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=00 1 Rm opcode=0111 10 Rn Rd"),
        inst("fminnm", [w(D), r(D), r(D)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=01 1 Rm opcode=0111 10 Rn Rd"),
        inst("fnmul", [w(S), r(S), r(S)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=00 1 Rm opcode=1000 10 Rn Rd"),
        inst("fnmul", [w(D), r(D), r(D)], "Rd Rn Rm", "M=0 0 S=0 11110 ftype=01 1 Rm opcode=1000 10 Rn Rd"),
        
        // Floating-point data-processing (3 source): M=0 0 S=0 11111 ftype o1 Rm o0 Ra Rn Rd
        inst("fmadd", [w(S), r(S), r(S), r(S)], "Rd Rn Rm Ra", "M=0 0 S=0 11111 ftype=00 o1=0 Rm o0=0 Ra Rn Rd"),
        inst("fmadd", [w(D), r(D), r(D), r(D)], "Rd Rn Rm Ra", "M=0 0 S=0 11111 ftype=01 o1=0 Rm o0=0 Ra Rn Rd"),
        inst("fmsub", [w(S), r(S), r(S), r(S)], "Rd Rn Rm Ra", "M=0 0 S=0 11111 ftype=00 o1=0 Rm o0=1 Ra Rn Rd"),
        inst("fmsub", [w(D), r(D), r(D), r(D)], "Rd Rn Rm Ra", "M=0 0 S=0 11111 ftype=01 o1=0 Rm o0=1 Ra Rn Rd"),
        inst("fnmadd", [w(S), r(S), r(S), r(S)], "Rd Rn Rm Ra", "M=0 0 S=0 11111 ftype=00 o1=1 Rm o0=0 Ra Rn Rd"),
        inst("fnmadd", [w(D), r(D), r(D), r(D)], "Rd Rn Rm Ra", "M=0 0 S=0 11111 ftype=01 o1=1 Rm o0=0 Ra Rn Rd"),
        inst("fnmsub", [w(S), r(S), r(S), r(S)], "Rd Rn Rm Ra", "M=0 0 S=0 11111 ftype=00 o1=1 Rm o0=1 Ra Rn Rd"),
        inst("fnmsub", [w(D), r(D), r(D), r(D)], "Rd Rn Rm Ra", "M=0 0 S=0 11111 ftype=01 o1=1 Rm o0=1 Ra Rn Rd"),
        
        // Floating-point compare: M=0 0 S=0 11110 ftype 1 Rm op=00 1000 Rn opcode2
        inst("fcmp", [r(S), r(S)], "Rn Rm", "M=0 0 S=0 11110 ftype=00 1 Rm op=00 1000 Rn opcode2=00000").writes(FLAGS),
        inst("fcmp", [r(S), r(FZERO)], "Rn", "M=0 0 S=0 11110 ftype=00 1 Rm=00000 op=00 1000 Rn opcode2=01000").writes(FLAGS),
        inst("fcmp", [r(D), r(D)], "Rn Rm", "M=0 0 S=0 11110 ftype=01 1 Rm op=00 1000 Rn opcode2=00000").writes(FLAGS),
        inst("fcmp", [r(D), r(FZERO)], "Rn", "M=0 0 S=0 11110 ftype=01 1 Rm=00000 op=00 1000 Rn opcode2=01000").writes(FLAGS),
        inst("fcmpe", [r(S), r(S)], "Rn Rm", "M=0 0 S=0 11110 ftype=00 1 Rm op=00 1000 Rn opcode2=10000").writes(FLAGS),
        inst("fcmpe", [r(S), r(FZERO)], "Rn", "M=0 0 S=0 11110 ftype=00 1 Rm=00000 op=00 1000 Rn opcode2=11000").writes(FLAGS),
        inst("fcmpe", [r(D), r(D)], "Rn Rm", "M=0 0 S=0 11110 ftype=01 1 Rm op=00 1000 Rn opcode2=10000").writes(FLAGS),
        inst("fcmpe", [r(D), r(FZERO)], "Rn", "M=0 0 S=0 11110 ftype=01 1 Rm=00000 op=00 1000 Rn opcode2=11000").writes(FLAGS),
        
        // Floating-point conditional select: M=0 0 S=0 11110 ftype 1 Rm cond 11 Rn Rd
        inst("fcsel", [w(S), r(S), r(S), r(COND)], "Rd Rn Rm cond", "M=0 0 S=0 11110 ftype=00 1 Rm cond 11 Rn Rd").reads(FLAGS),
        inst("fcsel", [w(D), r(D), r(D), r(COND)], "Rd Rn Rm cond", "M=0 0 S=0 11110 ftype=01 1 Rm cond 11 Rn Rd").reads(FLAGS),
        
        // Floating-point immediate: M=0 0 S=0 11110 ftype 1 imm8 100 imm5=00000 Rd
        inst("fmov", [w(S), r(FPIMM32)], "Rd fpimm(imm8)", "M=0 0 S=0 11110 ftype=00 1 imm8 100 imm5=00000 Rd"),
        inst("fmov", [w(D), r(FPIMM64)], "Rd fpimm(imm8)", "M=0 0 S=0 11110 ftype=01 1 imm8 100 imm5=00000 Rd"),
        
        // Conversion between floating-point and integer: sf 0 S=0 11110 ftype 1 rmode opcode 000000 Rn Rd
        inst("scvtf", [w(S), r(W)], "Rd Rn", "sf=0 0 S=0 11110 ftype=00 1 rmode=00 opcode=010 000000 Rn Rd"),
        inst("scvtf", [w(S), r(X)], "Rd Rn", "sf=1 0 S=0 11110 ftype=00 1 rmode=00 opcode=010 000000 Rn Rd"),
        inst("scvtf", [w(D), r(W)], "Rd Rn", "sf=0 0 S=0 11110 ftype=01 1 rmode=00 opcode=010 000000 Rn Rd"),
        inst("scvtf", [w(D), r(X)], "Rd Rn", "sf=1 0 S=0 11110 ftype=01 1 rmode=00 opcode=010 000000 Rn Rd"),
        inst("ucvtf", [w(S), r(W)], "Rd Rn", "sf=0 0 S=0 11110 ftype=00 1 rmode=00 opcode=011 000000 Rn Rd"),
        inst("ucvtf", [w(S), r(X)], "Rd Rn", "sf=1 0 S=0 11110 ftype=00 1 rmode=00 opcode=011 000000 Rn Rd"),
        inst("ucvtf", [w(D), r(W)], "Rd Rn", "sf=0 0 S=0 11110 ftype=01 1 rmode=00 opcode=011 000000 Rn Rd"),
        inst("ucvtf", [w(D), r(X)], "Rd Rn", "sf=1 0 S=0 11110 ftype=01 1 rmode=00 opcode=011 000000 Rn Rd"),
        inst("fcvtzs", [w(W), r(S)], "Rd Rn", "sf=0 0 S=0 11110 ftype=00 1 rmode=11 opcode=000 000000 Rn Rd"),
        inst("fcvtzs", [w(W), r(D)], "Rd Rn", "sf=0 0 S=0 11110 ftype=01 1 rmode=11 opcode=000 000000 Rn Rd"),
        inst("fcvtzs", [w(X), r(S)], "Rd Rn", "sf=1 0 S=0 11110 ftype=00 1 rmode=11 opcode=000 000000 Rn Rd"),
        inst("fcvtzs", [w(X), r(D)], "Rd Rn", "sf=1 0 S=0 11110 ftype=01 1 rmode=11 opcode=000 000000 Rn Rd"),
        inst("fcvtzu", [w(W), r(S)], "Rd Rn", "sf=0 0 S=0 11110 ftype=00 1 rmode=11 opcode=001 000000 Rn Rd"),
        inst("fcvtzu", [w(W), r(D)], "Rd Rn", "sf=0 0 S=0 11110 ftype=01 1 rmode=11 opcode=001 000000 Rn Rd"),
        inst("fcvtzu", [w(X), r(S)], "Rd Rn", "sf=1 0 S=0 11110 ftype=00 1 rmode=11 opcode=001 000000 Rn Rd"),
        inst("fcvtzu", [w(X), r(D)], "Rd Rn", "sf=1 0 S=0 11110 ftype=01 1 rmode=11 opcode=001 000000 Rn Rd"),
        inst("fmov", [w(W), r(S)], "Rd Rn", "sf=0 0 S=0 11110 ftype=00 1 rmode=00 opcode=110 000000 Rn Rd"),
        inst("fmov", [w(S), r(W)], "Rd Rn", "sf=0 0 S=0 11110 ftype=00 1 rmode=00 opcode=111 000000 Rn Rd"),
        inst("fmov", [w(X), r(D)], "Rd Rn", "sf=1 0 S=0 11110 ftype=01 1 rmode=00 opcode=110 000000 Rn Rd"),
        inst("fmov", [w(D), r(X)], "Rd Rn", "sf=1 0 S=0 11110 ftype=01 1 rmode=00 opcode=111 000000 Rn Rd"),
    ]
}
