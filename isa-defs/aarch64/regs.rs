//! aarch64 registers: the general-purpose registers X0-X30 with their W
//! names, the zero register and the stack pointer, and the SIMD&FP
//! registers V0-V31 with their scalar names.
//!
//! Register number 31 means two different registers depending on the
//! operand position (Arm ARM C1.2.5): the zero register (`xzr`/`wzr`) in
//! most positions, the stack pointer (`sp`/`wsp`) in some. Both are
//! declared as separate registers of class `gpr`, with encoding 31 and
//! regalloc numbers 31 (`xzr`) and 32 (`sp`); which one a position accepts
//! is part of each form's format (`Rd` versus `Rd|SP`, see
//! `isa-defs/aarch64/mod.rs`). Neither is allocatable.
//!
//! Not allocatable either: `x16`/`x17` (IP0/IP1, scratch registers for
//! veneers and PLT stubs), `x18` (platform register), `x29` (frame
//! pointer) and `x30` (link register). An FP register has the names `b`,
//! `h`, `s`, `d` and `q` at widths 8 to 128.

use crate::asm::{AllocClass, RegClassDef, RegDef};

/// Encoding (and regalloc number) of the zero register.
pub const ZR_NUM: u8 = 31;
/// Regalloc number of the stack pointer (its encoding is 31).
pub const SP_NUM: u8 = 32;

/// The 64- and 32-bit names of X0-X30, in encoding order.
const GPR_NAMES: [[&str; 2]; 31] = [
    ["x0", "w0"],
    ["x1", "w1"],
    ["x2", "w2"],
    ["x3", "w3"],
    ["x4", "w4"],
    ["x5", "w5"],
    ["x6", "w6"],
    ["x7", "w7"],
    ["x8", "w8"],
    ["x9", "w9"],
    ["x10", "w10"],
    ["x11", "w11"],
    ["x12", "w12"],
    ["x13", "w13"],
    ["x14", "w14"],
    ["x15", "w15"],
    ["x16", "w16"],
    ["x17", "w17"],
    ["x18", "w18"],
    ["x19", "w19"],
    ["x20", "w20"],
    ["x21", "w21"],
    ["x22", "w22"],
    ["x23", "w23"],
    ["x24", "w24"],
    ["x25", "w25"],
    ["x26", "w26"],
    ["x27", "w27"],
    ["x28", "w28"],
    ["x29", "w29"],
    ["x30", "w30"],
];

/// The scalar names of V0-V31 at 8, 16, 32, 64 and 128 bits.
const FPR_NAMES: [[&str; 5]; 32] = [
    ["b0", "h0", "s0", "d0", "q0"],
    ["b1", "h1", "s1", "d1", "q1"],
    ["b2", "h2", "s2", "d2", "q2"],
    ["b3", "h3", "s3", "d3", "q3"],
    ["b4", "h4", "s4", "d4", "q4"],
    ["b5", "h5", "s5", "d5", "q5"],
    ["b6", "h6", "s6", "d6", "q6"],
    ["b7", "h7", "s7", "d7", "q7"],
    ["b8", "h8", "s8", "d8", "q8"],
    ["b9", "h9", "s9", "d9", "q9"],
    ["b10", "h10", "s10", "d10", "q10"],
    ["b11", "h11", "s11", "d11", "q11"],
    ["b12", "h12", "s12", "d12", "q12"],
    ["b13", "h13", "s13", "d13", "q13"],
    ["b14", "h14", "s14", "d14", "q14"],
    ["b15", "h15", "s15", "d15", "q15"],
    ["b16", "h16", "s16", "d16", "q16"],
    ["b17", "h17", "s17", "d17", "q17"],
    ["b18", "h18", "s18", "d18", "q18"],
    ["b19", "h19", "s19", "d19", "q19"],
    ["b20", "h20", "s20", "d20", "q20"],
    ["b21", "h21", "s21", "d21", "q21"],
    ["b22", "h22", "s22", "d22", "q22"],
    ["b23", "h23", "s23", "d23", "q23"],
    ["b24", "h24", "s24", "d24", "q24"],
    ["b25", "h25", "s25", "d25", "q25"],
    ["b26", "h26", "s26", "d26", "q26"],
    ["b27", "h27", "s27", "d27", "q27"],
    ["b28", "h28", "s28", "d28", "q28"],
    ["b29", "h29", "s29", "d29", "q29"],
    ["b30", "h30", "s30", "d30", "q30"],
    ["b31", "h31", "s31", "d31", "q31"],
];

/// The register classes of aarch64: `gpr` and `fpr`.
pub fn classes() -> Vec<RegClassDef> {
    let mut gpr: Vec<RegDef> = (0u8..)
        .zip(GPR_NAMES)
        .map(|(enc, [x, w])| RegDef {
            num: enc,
            enc,
            names: vec![(64, x), (32, w)],
            allocatable: !matches!(enc, 16 | 17 | 18 | 29 | 30),
        })
        .collect();
    gpr.push(RegDef {
        num: ZR_NUM,
        enc: 31,
        names: vec![(64, "xzr"), (32, "wzr")],
        allocatable: false,
    });
    gpr.push(RegDef {
        num: SP_NUM,
        enc: 31,
        names: vec![(64, "sp"), (32, "wsp")],
        allocatable: false,
    });
    let fpr = (0u8..)
        .zip(FPR_NAMES)
        .map(|(enc, [b, h, s, d, q])| RegDef {
            num: enc,
            enc,
            names: vec![(128, q), (64, d), (32, s), (16, h), (8, b)],
            allocatable: true,
        })
        .collect();
    vec![
        RegClassDef {
            name: "gpr",
            alloc: AllocClass::Int,
            regs: gpr,
        },
        RegClassDef {
            name: "fpr",
            alloc: AllocClass::Float,
            regs: fpr,
        },
    ]
}
