//! Control flow and system instructions: `b`, `bl`, `b.cond`, `cbz`,
//! `cbnz`, `tbz`, `tbnz`, `br`, `blr`, `ret`; `brk` and `udf` (traps);
//! `nop`; the barriers `dmb`, `dsb`, `isb`.
//!
//! `bl` and `blr` write the link register `x30`, declared as a clobber;
//! `ret` reads it but, like the stack pointer, it is the ABI's business
//! rather than an allocatable operand. A `tbz`/`tbnz` on bits 0-31 prints
//! the register as `w` and is the W form; the X form takes bits 32-63.
//!
//! Arm ARM C4.1.93 "Unconditional branch (immediate)", "Conditional
//! branch (immediate)", "Compare and branch (immediate)", "Test and
//! branch (immediate)", "Unconditional branch (register)", "Exception
//! generation", "Hints", "Barriers"; C6.2 UDF.

use super::FLAGS;
use super::operands::*;
use crate::asm::{Control, InstDef, OperandType, inst, r};

const ISH: OperandType = OperandType::literal("ish", "ish");
const ISHLD: OperandType = OperandType::literal("ishld", "ishld");
const ISHST: OperandType = OperandType::literal("ishst", "ishst");
const LD: OperandType = OperandType::literal("ld", "ld");
const ST: OperandType = OperandType::literal("st", "st");
const SYS: OperandType = OperandType::literal("sy", "sy");

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        inst("b", [r(LABEL26)], "label(imm26)", "op=0 00101 imm26").control(Control::Jump),
        inst("bl", [r(LABEL26)], "label(imm26)", "op=1 00101 imm26").clobbers(&["x30"]).control(Control::Call),
        inst("b.{cc}", [r(CC), r(LABEL19)], "cond label(imm19)", "0101010 o1=0 imm19 o0=0 cond").named("bcc_label").reads(FLAGS).control(Control::CondBranch),
        inst("cbz", [r(X), r(LABEL19)], "Rt label(imm19)", "sf=1 011010 op=0 imm19 Rt").control(Control::CondBranch),
        inst("cbz", [r(W), r(LABEL19)], "Rt label(imm19)", "sf=0 011010 op=0 imm19 Rt").control(Control::CondBranch),
        inst("cbnz", [r(X), r(LABEL19)], "Rt label(imm19)", "sf=1 011010 op=1 imm19 Rt").control(Control::CondBranch),
        inst("cbnz", [r(W), r(LABEL19)], "Rt label(imm19)", "sf=0 011010 op=1 imm19 Rt").control(Control::CondBranch),
        inst("tbz", [r(X), r(BIT6), r(LABEL14)], "Rt dec(b5:b40) label(imm14)", "b5 011011 op=0 b40 imm14 Rt").control(Control::CondBranch),
        inst("tbz", [r(W), r(BIT5), r(LABEL14)], "Rt dec(b40) label(imm14)", "b5=0 011011 op=0 b40 imm14 Rt").control(Control::CondBranch),
        inst("tbnz", [r(X), r(BIT6), r(LABEL14)], "Rt dec(b5:b40) label(imm14)", "b5 011011 op=1 b40 imm14 Rt").control(Control::CondBranch),
        inst("tbnz", [r(W), r(BIT5), r(LABEL14)], "Rt dec(b40) label(imm14)", "b5=0 011011 op=1 b40 imm14 Rt").control(Control::CondBranch),
        // Unconditional branch (register): 1101011 opc op2=11111 op3=000000 Rn op4=00000
        inst("br", [r(X)], "Rn", "1101011 opc=0000 op2=11111 op3=000000 Rn op4=00000").control(Control::Jump),
        inst("blr", [r(X)], "Rn", "1101011 opc=0001 op2=11111 op3=000000 Rn op4=00000").clobbers(&["x30"]).control(Control::Call),
        inst("ret", [r(X)], "Rn", "1101011 opc=0010 op2=11111 op3=000000 Rn op4=00000").control(Control::Return),
        inst("ret", [], "", "1101011 opc=0010 op2=11111 op3=000000 Rn=11110 op4=00000").control(Control::Return),

        // Exception generation: 11010100 opc imm16 op2 LL; UDF: 0000000000000000 imm16
        inst("brk", [r(IMM16)], "hex(imm16)", "11010100 opc=001 imm16 op2=000 LL=00").control(Control::Trap),
        inst("udf", [r(IMM16)], "dec(imm16)", "0000000000000000 imm16").control(Control::Trap),

        // Hints and barriers: 11010101 00000011 0010 CRm op2 11111 (hint),
        // 11010101 00000011 0011 CRm 1 opc 11111 (barrier)
        inst("nop", [], "", "1101010100 0 00 011 0010 CRm=0000 op2=000 11111"),
        inst("dmb", [r(ISH)], "", "1101010100 0 00 011 0011 CRm=1011 1 opc=01 11111"),
        inst("dmb", [r(ISHLD)], "", "1101010100 0 00 011 0011 CRm=1001 1 opc=01 11111"),
        inst("dmb", [r(ISHST)], "", "1101010100 0 00 011 0011 CRm=1010 1 opc=01 11111"),
        inst("dmb", [r(LD)], "", "1101010100 0 00 011 0011 CRm=1101 1 opc=01 11111"),
        inst("dmb", [r(ST)], "", "1101010100 0 00 011 0011 CRm=1110 1 opc=01 11111"),
        inst("dmb", [r(SYS)], "", "1101010100 0 00 011 0011 CRm=1111 1 opc=01 11111"),
        inst("dsb", [r(ISH)], "", "1101010100 0 00 011 0011 CRm=1011 1 opc=00 11111"),
        inst("dsb", [r(SYS)], "", "1101010100 0 00 011 0011 CRm=1111 1 opc=00 11111"),
        inst("isb", [], "", "1101010100 0 00 011 0011 CRm=1111 1 opc=10 11111"),
    ]
}
