//! SSE/SSE2/SSE4.1 scalar floating point: moves between XMM registers,
//! memory and GPRs, arithmetic, comparisons, conversions, bitwise logic and
//! rounding.
//!
//! SDM Vol. 2: MOVSS, MOVSD, MOVD/MOVQ, MOVAPS, MOVAPD, MOVUPS, MOVUPD,
//! ADDSS ... SQRTSD, MINSS ... MAXSD, (U)COMISS/SD, CVTSI2SS/SD,
//! CVTTSS2SI, CVTTSD2SI, CVTSS2SD, CVTSD2SS, ANDPS ... XORPD, ROUNDSS/SD.

use super::FLAGS as STATUS;
use super::operands::*;
use crate::asm::{InstDef, inst, r, rw, w};

const SSE41: &str = "sse4.1";

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // MOVSS: load (zeroes the upper bits), store, register merge
        inst("movss", [w(XMM), r(M32)], "RM", "F3 0F 10 /r"),
        inst("movss", [w(M32), r(XMM)], "MR", "F3 0F 11 /r"),
        inst("movss", [rw(XMM), r(XMM)], "RM", "F3 0F 10 /r"),
        // MOVSD: load (zeroes the upper bits), store, register merge
        inst("movsd", [w(XMM), r(M64)], "RM", "F2 0F 10 /r"),
        inst("movsd", [w(M64), r(XMM)], "MR", "F2 0F 11 /r"),
        inst("movsd", [rw(XMM), r(XMM)], "RM", "F2 0F 10 /r"),
        // MOVD, MOVQ
        inst("movd", [w(XMM), r(RM32)], "RM", "66 0F 6E /r"),
        inst("movd", [w(RM32), r(XMM)], "MR", "66 0F 7E /r"),
        inst("movq", [w(XMM), r(RM64)], "RM", "66 REX.W 0F 6E /r"),
        inst("movq", [w(RM64), r(XMM)], "MR", "66 REX.W 0F 7E /r"),
        inst("movq", [w(XMM), r(XMM_M64)], "RM", "F3 0F 7E /r"),
        inst("movq", [w(XMM_M64), r(XMM)], "MR", "66 0F D6 /r"),
        // MOVAPS, MOVAPD, MOVUPS, MOVUPD
        inst("movaps", [w(XMM), r(XMM_M128)], "RM", "0F 28 /r"),
        inst("movaps", [w(XMM_M128), r(XMM)], "MR", "0F 29 /r"),
        inst("movapd", [w(XMM), r(XMM_M128)], "RM", "66 0F 28 /r"),
        inst("movapd", [w(XMM_M128), r(XMM)], "MR", "66 0F 29 /r"),
        inst("movups", [w(XMM), r(XMM_M128)], "RM", "0F 10 /r"),
        inst("movups", [w(XMM_M128), r(XMM)], "MR", "0F 11 /r"),
        inst("movupd", [w(XMM), r(XMM_M128)], "RM", "66 0F 10 /r"),
        inst("movupd", [w(XMM_M128), r(XMM)], "MR", "66 0F 11 /r"),
        // Scalar arithmetic (the upper bits of the destination are kept)
        inst("addss", [rw(XMM), r(XMM_M32)], "RM", "F3 0F 58 /r"),
        inst("addsd", [rw(XMM), r(XMM_M64)], "RM", "F2 0F 58 /r"),
        inst("subss", [rw(XMM), r(XMM_M32)], "RM", "F3 0F 5C /r"),
        inst("subsd", [rw(XMM), r(XMM_M64)], "RM", "F2 0F 5C /r"),
        inst("mulss", [rw(XMM), r(XMM_M32)], "RM", "F3 0F 59 /r"),
        inst("mulsd", [rw(XMM), r(XMM_M64)], "RM", "F2 0F 59 /r"),
        inst("divss", [rw(XMM), r(XMM_M32)], "RM", "F3 0F 5E /r"),
        inst("divsd", [rw(XMM), r(XMM_M64)], "RM", "F2 0F 5E /r"),
        inst("minss", [rw(XMM), r(XMM_M32)], "RM", "F3 0F 5D /r"),
        inst("minsd", [rw(XMM), r(XMM_M64)], "RM", "F2 0F 5D /r"),
        inst("maxss", [rw(XMM), r(XMM_M32)], "RM", "F3 0F 5F /r"),
        inst("maxsd", [rw(XMM), r(XMM_M64)], "RM", "F2 0F 5F /r"),
        inst("sqrtss", [rw(XMM), r(XMM_M32)], "RM", "F3 0F 51 /r"),
        inst("sqrtsd", [rw(XMM), r(XMM_M64)], "RM", "F2 0F 51 /r"),
        // Comparisons into ZF, PF, CF
        inst("ucomiss", [r(XMM), r(XMM_M32)], "RM", "0F 2E /r").writes(STATUS),
        inst("ucomisd", [r(XMM), r(XMM_M64)], "RM", "66 0F 2E /r").writes(STATUS),
        inst("comiss", [r(XMM), r(XMM_M32)], "RM", "0F 2F /r").writes(STATUS),
        inst("comisd", [r(XMM), r(XMM_M64)], "RM", "66 0F 2F /r").writes(STATUS),
        // Conversions
        inst("cvtsi2ss", [rw(XMM), r(RM32)], "RM", "F3 0F 2A /r"),
        inst("cvtsi2ss", [rw(XMM), r(RM64)], "RM", "F3 REX.W 0F 2A /r"),
        inst("cvtsi2sd", [rw(XMM), r(RM32)], "RM", "F2 0F 2A /r"),
        inst("cvtsi2sd", [rw(XMM), r(RM64)], "RM", "F2 REX.W 0F 2A /r"),
        inst("cvttss2si", [w(R32), r(XMM_M32)], "RM", "F3 0F 2C /r"),
        inst("cvttss2si", [w(R64), r(XMM_M32)], "RM", "F3 REX.W 0F 2C /r"),
        inst("cvttsd2si", [w(R32), r(XMM_M64)], "RM", "F2 0F 2C /r"),
        inst("cvttsd2si", [w(R64), r(XMM_M64)], "RM", "F2 REX.W 0F 2C /r"),
        inst("cvtss2sd", [rw(XMM), r(XMM_M32)], "RM", "F3 0F 5A /r"),
        inst("cvtsd2ss", [rw(XMM), r(XMM_M64)], "RM", "F2 0F 5A /r"),
        // Bitwise logic on whole registers
        inst("andps", [rw(XMM), r(XMM_M128)], "RM", "0F 54 /r"),
        inst("andpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F 54 /r"),
        inst("andnps", [rw(XMM), r(XMM_M128)], "RM", "0F 55 /r"),
        inst("andnpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F 55 /r"),
        inst("orps", [rw(XMM), r(XMM_M128)], "RM", "0F 56 /r"),
        inst("orpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F 56 /r"),
        inst("xorps", [rw(XMM), r(XMM_M128)], "RM", "0F 57 /r"),
        inst("xorpd", [rw(XMM), r(XMM_M128)], "RM", "66 0F 57 /r"),
        // SSE4.1 rounding
        inst("roundss", [rw(XMM), r(XMM_M32), r(UIMM8)], "RMI", "66 0F 3A 0A /r ib").features(&[SSE41]),
        inst("roundsd", [rw(XMM), r(XMM_M64), r(UIMM8)], "RMI", "66 0F 3A 0B /r ib").features(&[SSE41]),
    ]
}
