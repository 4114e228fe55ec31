//! s390x operand types, named after the Principles of Operation's operand
//! letters: registers (`R1`, `R2`, ...), storage operands (`D2(X2,B2)`,
//! `D2(B2)`), immediates (`I2`), masks (`M3`) and relative immediates
//! (`RI2`).
//!
//! A storage operand's type gives only the size of the data accessed; the
//! instruction format decides its shape (12-bit unsigned or 20-bit signed
//! displacement, with or without an index register). Immediates are
//! printed in decimal exactly as declared: signed fields take signed
//! values, unsigned fields unsigned ones (`nilf %r1,4294967295`).

use crate::asm::{ImmRange, OperandType};

/// A general register used at 32 bits (the low half).
pub const R32: OperandType = OperandType::reg("r32", "gpr", 32);
/// A general register used at 64 bits.
pub const R64: OperandType = OperandType::reg("r64", "gpr", 64);
/// A floating-point register holding a short (32-bit) BFP value.
pub const F32: OperandType = OperandType::reg("f32", "fpr", 32);
/// A floating-point register holding a long (64-bit) BFP value.
pub const F64: OperandType = OperandType::reg("f64", "fpr", 64);

/// The even register of the `r0`:`r1` pair, written in the R1 field.
pub const PAIR_EVEN: OperandType = OperandType::fixed("pair", "gpr", 64, "r0");
/// The odd register of the `r0`:`r1` pair, implied by the R1 field.
pub const PAIR_ODD: OperandType = OperandType::implicit("r1", "gpr", 64, "r1");

/// A byte in storage.
pub const M8: OperandType = OperandType::mem("m8", 8);
/// A halfword in storage.
pub const M16: OperandType = OperandType::mem("m16", 16);
/// A word in storage.
pub const M32: OperandType = OperandType::mem("m32", 32);
/// A doubleword in storage.
pub const M64: OperandType = OperandType::mem("m64", 64);
/// Several consecutive doublewords (`lmg`, `stmg`).
pub const MMULTI: OperandType = OperandType::mem("mmulti", 0);
/// An address that is computed but not accessed: `la`, branch addresses,
/// and shift amounts (the low 6 bits of `D2(B2)`).
pub const ADDR: OperandType = OperandType::mem("a", 0);

/// A 4-bit mask or modifier (`M3`, `M4`): rounding modes, masks.
pub const MASK: OperandType = OperandType::imm("m4", 4, ImmRange::Unsigned, 4);
/// An unsigned 6-bit bit position or rotation (`risbg`).
pub const BITPOS: OperandType = OperandType::imm("u6", 6, ImmRange::Unsigned, 6);
/// An unsigned 8-bit immediate.
pub const UIMM8: OperandType = OperandType::imm("u8", 8, ImmRange::Unsigned, 8);
/// A signed 16-bit immediate, sign-extended to the operation's width.
pub const SIMM16: OperandType = OperandType::imm("i16", 16, ImmRange::Signed, 64);
/// An unsigned 16-bit immediate.
pub const UIMM16: OperandType = OperandType::imm("u16", 16, ImmRange::Unsigned, 16);
/// A signed 32-bit immediate, sign-extended to the operation's width.
pub const SIMM32: OperandType = OperandType::imm("i32", 32, ImmRange::Signed, 64);
/// An unsigned 32-bit immediate.
pub const UIMM32: OperandType = OperandType::imm("u32", 32, ImmRange::Unsigned, 32);

/// A 16-bit relative immediate (halfwords from the instruction).
pub const REL16: OperandType = OperandType::target("ri16", "rel16");
/// A 32-bit relative immediate (halfwords from the instruction), a label
/// or a relocated symbol.
pub const REL32: OperandType = OperandType::target("ri32", "rel32");
/// A branch or condition mask, spelled into the mnemonic (`je`, `locgrne`).
pub const COND: OperandType = OperandType::cond("cc");
