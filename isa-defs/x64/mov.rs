//! Data movement: `mov` in every width and direction, `movabs`, `movzx`,
//! `movsx`, `movsxd`, `lea`, `cmovcc`, `setcc`, `push`, `pop`, `xchg`.
//!
//! SDM Vol. 2: MOV, MOVZX, MOVSX/MOVSXD, LEA, CMOVcc, SETcc, PUSH, POP, XCHG.
//! Moves into 8- and 16-bit registers keep the upper bits of the full
//! register; they are declared as plain defs because lowering never reads
//! those bits.

use super::FLAGS as STATUS;
use super::operands::*;
use crate::asm::{InstDef, inst, r, rw, w};

/// The forms of this file.
#[rustfmt::skip]
pub fn forms() -> Vec<InstDef> {
    vec![
        // MOV
        inst("mov", [w(RM8), r(R8)], "MR", "88 /r"),
        inst("mov", [w(RM16), r(R16)], "MR", "66 89 /r"),
        inst("mov", [w(RM32), r(R32)], "MR", "89 /r"),
        inst("mov", [w(RM64), r(R64)], "MR", "REX.W + 89 /r"),
        inst("mov", [w(R8), r(RM8)], "RM", "8A /r"),
        inst("mov", [w(R16), r(RM16)], "RM", "66 8B /r"),
        inst("mov", [w(R32), r(RM32)], "RM", "8B /r"),
        inst("mov", [w(R64), r(RM64)], "RM", "REX.W + 8B /r"),
        inst("mov", [w(R8), r(IMM8)], "OI", "B0+rb ib"),
        inst("mov", [w(R16), r(IMM16)], "OI", "66 B8+rw iw"),
        inst("mov", [w(R32), r(IMM32)], "OI", "B8+rd id"),
        inst("movabs", [w(R64), r(IMM64)], "OI", "REX.W + B8+ro io"),
        inst("mov", [w(RM8), r(IMM8)], "MI", "C6 /0 ib"),
        inst("mov", [w(RM16), r(IMM16)], "MI", "66 C7 /0 iw"),
        inst("mov", [w(RM32), r(IMM32)], "MI", "C7 /0 id"),
        inst("mov", [w(RM64), r(SIMM32_64)], "MI", "REX.W + C7 /0 id"),
        // MOVZX, MOVSX, MOVSXD
        inst("movzx", [w(R16), r(RM8)], "RM", "66 0F B6 /r"),
        inst("movzx", [w(R32), r(RM8)], "RM", "0F B6 /r"),
        inst("movzx", [w(R64), r(RM8)], "RM", "REX.W + 0F B6 /r"),
        inst("movzx", [w(R32), r(RM16)], "RM", "0F B7 /r"),
        inst("movzx", [w(R64), r(RM16)], "RM", "REX.W + 0F B7 /r"),
        inst("movsx", [w(R16), r(RM8)], "RM", "66 0F BE /r"),
        inst("movsx", [w(R32), r(RM8)], "RM", "0F BE /r"),
        inst("movsx", [w(R64), r(RM8)], "RM", "REX.W + 0F BE /r"),
        inst("movsx", [w(R32), r(RM16)], "RM", "0F BF /r"),
        inst("movsx", [w(R64), r(RM16)], "RM", "REX.W + 0F BF /r"),
        inst("movsxd", [w(R64), r(RM32)], "RM", "REX.W + 63 /r"),
        // LEA
        inst("lea", [w(R16), r(M)], "RM", "66 8D /r"),
        inst("lea", [w(R32), r(M)], "RM", "8D /r"),
        inst("lea", [w(R64), r(M)], "RM", "REX.W + 8D /r"),
        // CMOVcc, SETcc
        inst("cmov{cc}", [r(CC), rw(R16), r(RM16)], "RM", "66 0F 40+cc /r").reads(STATUS),
        inst("cmov{cc}", [r(CC), rw(R32), r(RM32)], "RM", "0F 40+cc /r").reads(STATUS),
        inst("cmov{cc}", [r(CC), rw(R64), r(RM64)], "RM", "REX.W + 0F 40+cc /r").reads(STATUS),
        inst("set{cc}", [r(CC), w(RM8)], "M", "0F 90+cc /0").reads(STATUS),
        // PUSH, POP (the stack pointer is not allocatable and not an operand)
        inst("push", [r(R64)], "O", "50+rd"),
        inst("push", [r(RM64)], "M", "FF /6"),
        inst("push", [r(SIMM8_64)], "I", "6A ib"),
        inst("push", [r(SIMM32_64)], "I", "68 id"),
        inst("pop", [w(R64)], "O", "58+rd"),
        inst("pop", [w(RM64)], "M", "8F /0"),
        // XCHG
        inst("xchg", [rw(RM8), rw(R8)], "MR", "86 /r"),
        inst("xchg", [rw(RM16), rw(R16)], "MR", "66 87 /r"),
        inst("xchg", [rw(RM32), rw(R32)], "MR", "87 /r"),
        inst("xchg", [rw(RM64), rw(R64)], "MR", "REX.W + 87 /r"),
    ]
}
