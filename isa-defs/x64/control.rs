//! Control flow and miscellany: `jcc`, `jmp`, `call`, `ret`, `ud2`, `int3`
//! and the single- and multi-byte `nop` forms.
//!
//! SDM Vol. 2: Jcc, JMP, CALL, RET, UD, INT3, NOP (the multi-byte forms
//! `0F 1F /0` of Table 4-12).

use super::FLAGS as STATUS;
use super::operands::*;
use crate::asm::{Control, InstDef, OperandType, inst, r};

/// `ax` as a literal operand: `66 90` prints as `xchg ax,ax`.
const AX_TEXT: OperandType = OperandType::literal("ax", "ax");

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        inst("j{cc}", [r(CC), r(REL8)], "D", "70+cc cb").reads(STATUS).control(Control::CondBranch),
        inst("j{cc}", [r(CC), r(REL32)], "D", "0F 80+cc cd").reads(STATUS).control(Control::CondBranch),
        inst("jmp", [r(REL8)], "D", "EB cb").control(Control::Jump),
        inst("jmp", [r(REL32)], "D", "E9 cd").control(Control::Jump),
        inst("jmp", [r(RM64)], "M", "FF /4").control(Control::Jump),
        inst("call", [r(REL32)], "D", "E8 cd").control(Control::Call),
        inst("call", [r(RM64)], "M", "FF /2").control(Control::Call),
        inst("ret", [], "ZO", "C3").control(Control::Return),
        inst("ud2", [], "ZO", "0F 0B").control(Control::Trap),
        inst("int3", [], "ZO", "CC"),
        inst("nop", [], "ZO", "90"),
        inst("xchg", [r(AX_TEXT), r(AX_TEXT)], "ZO", "66 90").named("nop2"),
        inst("nop", [r(RM16)], "M", "66 0F 1F /0"),
        inst("nop", [r(RM32)], "M", "0F 1F /0"),
    ]
}
