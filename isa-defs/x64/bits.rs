//! Bit scanning and counting (`bsf`, `bsr`, `lzcnt`, `tzcnt`, `popcnt`),
//! `bswap`, `bt`, and the BMI1/BMI2 VEX-encoded forms.
//!
//! SDM Vol. 2: BSF, BSR, LZCNT, TZCNT, POPCNT, BSWAP, BT, ANDN, BLSI,
//! BLSMSK, BLSR, SHLX/SHRX/SARX, RORX, BZHI.

use super::FLAGS as STATUS;
use super::operands::*;
use crate::asm::{InstDef, inst, r, rw, w};

const LZCNT: &str = "lzcnt";
const POPCNT: &str = "popcnt";
const BMI1: &str = "bmi1";
const BMI2: &str = "bmi2";

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // BSF, BSR, LZCNT, TZCNT, POPCNT
        inst("bsf", [w(R16), r(RM16)], "RM", "66 0F BC /r").writes(STATUS),
        inst("bsf", [w(R32), r(RM32)], "RM", "0F BC /r").writes(STATUS),
        inst("bsf", [w(R64), r(RM64)], "RM", "REX.W 0F BC /r").writes(STATUS),
        inst("bsr", [w(R16), r(RM16)], "RM", "66 0F BD /r").writes(STATUS),
        inst("bsr", [w(R32), r(RM32)], "RM", "0F BD /r").writes(STATUS),
        inst("bsr", [w(R64), r(RM64)], "RM", "REX.W 0F BD /r").writes(STATUS),
        inst("lzcnt", [w(R16), r(RM16)], "RM", "66 F3 0F BD /r").features(&[LZCNT]).writes(STATUS),
        inst("lzcnt", [w(R32), r(RM32)], "RM", "F3 0F BD /r").features(&[LZCNT]).writes(STATUS),
        inst("lzcnt", [w(R64), r(RM64)], "RM", "F3 REX.W 0F BD /r").features(&[LZCNT]).writes(STATUS),
        inst("tzcnt", [w(R16), r(RM16)], "RM", "66 F3 0F BC /r").features(&[BMI1]).writes(STATUS),
        inst("tzcnt", [w(R32), r(RM32)], "RM", "F3 0F BC /r").features(&[BMI1]).writes(STATUS),
        inst("tzcnt", [w(R64), r(RM64)], "RM", "F3 REX.W 0F BC /r").features(&[BMI1]).writes(STATUS),
        inst("popcnt", [w(R16), r(RM16)], "RM", "66 F3 0F B8 /r").features(&[POPCNT]).writes(STATUS),
        inst("popcnt", [w(R32), r(RM32)], "RM", "F3 0F B8 /r").features(&[POPCNT]).writes(STATUS),
        inst("popcnt", [w(R64), r(RM64)], "RM", "F3 REX.W 0F B8 /r").features(&[POPCNT]).writes(STATUS),
        // BSWAP
        inst("bswap", [rw(R32)], "O", "0F C8+rd"),
        inst("bswap", [rw(R64)], "O", "REX.W + 0F C8+rd"),
        // BT
        inst("bt", [r(RM16), r(R16)], "MR", "66 0F A3 /r").writes(STATUS),
        inst("bt", [r(RM32), r(R32)], "MR", "0F A3 /r").writes(STATUS),
        inst("bt", [r(RM64), r(R64)], "MR", "REX.W + 0F A3 /r").writes(STATUS),
        inst("bt", [r(RM16), r(UIMM8)], "MI", "66 0F BA /4 ib").writes(STATUS),
        inst("bt", [r(RM32), r(UIMM8)], "MI", "0F BA /4 ib").writes(STATUS),
        inst("bt", [r(RM64), r(UIMM8)], "MI", "REX.W + 0F BA /4 ib").writes(STATUS),
        // BMI1: ANDN, BLSI, BLSMSK, BLSR
        inst("andn", [w(R32), r(R32), r(RM32)], "RVM", "VEX.LZ.0F38.W0 F2 /r").features(&[BMI1]).writes(STATUS),
        inst("andn", [w(R64), r(R64), r(RM64)], "RVM", "VEX.LZ.0F38.W1 F2 /r").features(&[BMI1]).writes(STATUS),
        inst("blsi", [w(R32), r(RM32)], "VM", "VEX.LZ.0F38.W0 F3 /3").features(&[BMI1]).writes(STATUS),
        inst("blsi", [w(R64), r(RM64)], "VM", "VEX.LZ.0F38.W1 F3 /3").features(&[BMI1]).writes(STATUS),
        inst("blsmsk", [w(R32), r(RM32)], "VM", "VEX.LZ.0F38.W0 F3 /2").features(&[BMI1]).writes(STATUS),
        inst("blsmsk", [w(R64), r(RM64)], "VM", "VEX.LZ.0F38.W1 F3 /2").features(&[BMI1]).writes(STATUS),
        inst("blsr", [w(R32), r(RM32)], "VM", "VEX.LZ.0F38.W0 F3 /1").features(&[BMI1]).writes(STATUS),
        inst("blsr", [w(R64), r(RM64)], "VM", "VEX.LZ.0F38.W1 F3 /1").features(&[BMI1]).writes(STATUS),
        // BMI2: SHLX, SHRX, SARX, RORX, BZHI
        inst("shlx", [w(R32), r(RM32), r(R32)], "RMV", "VEX.LZ.66.0F38.W0 F7 /r").features(&[BMI2]),
        inst("shlx", [w(R64), r(RM64), r(R64)], "RMV", "VEX.LZ.66.0F38.W1 F7 /r").features(&[BMI2]),
        inst("shrx", [w(R32), r(RM32), r(R32)], "RMV", "VEX.LZ.F2.0F38.W0 F7 /r").features(&[BMI2]),
        inst("shrx", [w(R64), r(RM64), r(R64)], "RMV", "VEX.LZ.F2.0F38.W1 F7 /r").features(&[BMI2]),
        inst("sarx", [w(R32), r(RM32), r(R32)], "RMV", "VEX.LZ.F3.0F38.W0 F7 /r").features(&[BMI2]),
        inst("sarx", [w(R64), r(RM64), r(R64)], "RMV", "VEX.LZ.F3.0F38.W1 F7 /r").features(&[BMI2]),
        inst("rorx", [w(R32), r(RM32), r(UIMM8)], "RMI", "VEX.LZ.F2.0F3A.W0 F0 /r ib").features(&[BMI2]),
        inst("rorx", [w(R64), r(RM64), r(UIMM8)], "RMI", "VEX.LZ.F2.0F3A.W1 F0 /r ib").features(&[BMI2]),
        inst("bzhi", [w(R32), r(RM32), r(R32)], "RMV", "VEX.LZ.0F38.W0 F5 /r").features(&[BMI2]).writes(STATUS),
        inst("bzhi", [w(R64), r(RM64), r(R64)], "RMV", "VEX.LZ.0F38.W1 F5 /r").features(&[BMI2]).writes(STATUS),
    ]
}
