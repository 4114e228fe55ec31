//! aarch64 operand types.
//!
//! Register types are named after the register's assembly prefix (`x`,
//! `w`, `d`, `s`, ...). Which field a register goes in, and whether
//! number 31 means `sp` or the zero register there, is written in each
//! form's format (`Rd|SP`), not in the type.
//!
//! An immediate's type gives the range of values the constructor accepts
//! (the generic check); how the value is encoded into fields (a bitmask
//! immediate, a `mov` wide immediate, a shift-and-amount pair, ...) and
//! printed is the format token's business (see `mod.rs`). Types whose
//! value is a register-sized bit pattern (bitmask and `mov` immediates,
//! FP immediates as IEEE bits) are `Either` at the register width.
//!
//! Memory types are named after the addressing form (`uoff`: unsigned
//! scaled offset; `mem`: signed unscaled offset, or the offset of a pair;
//! `pre`/`post`: pre-/post-index with write-back; `regoff`: register
//! offset) and sized by the access in bits (for a pair: both registers).

use crate::asm::{ImmRange, OperandType};

/// 64-bit general-purpose register (`Xn`, or `xzr`/`sp` at number 31).
pub const X: OperandType = OperandType::reg("x", "gpr", 64);
/// 32-bit general-purpose register (`Wn`, or `wzr`/`wsp` at number 31).
pub const W: OperandType = OperandType::reg("w", "gpr", 32);
/// 8-bit SIMD&FP scalar register.
pub const B: OperandType = OperandType::reg("b", "fpr", 8);
/// 16-bit (half-precision) SIMD&FP scalar register.
pub const H: OperandType = OperandType::reg("h", "fpr", 16);
/// 32-bit (single-precision) SIMD&FP scalar register.
pub const S: OperandType = OperandType::reg("s", "fpr", 32);
/// 64-bit (double-precision) SIMD&FP scalar register.
pub const D: OperandType = OperandType::reg("d", "fpr", 64);
/// 128-bit SIMD&FP register.
pub const Q: OperandType = OperandType::reg("q", "fpr", 128);

/// `sp` written where only the stack pointer fits (`mov sp, x1`). It is
/// text, not a register operand: the stack pointer is not allocatable, and
/// the ABI code that moves it tracks it itself.
pub const SP: OperandType = OperandType::literal("sp", "sp");
/// `wsp` written where only the stack pointer fits.
pub const WSP: OperandType = OperandType::literal("wsp", "wsp");
/// The `lsl #12` of an add/sub immediate with `sh` = 1.
pub const LSL12: OperandType = OperandType::literal("lsl12", "lsl #12");
/// The `#0.0` of a compare with zero.
pub const FZERO: OperandType = OperandType::literal("zero", "#0.0");

/// Unsigned 12-bit immediate of add/sub.
pub const IMM12: OperandType = OperandType::imm("imm12", 12, ImmRange::Unsigned, 64);
/// Unsigned 16-bit immediate (`movk`, `brk`, `udf`).
pub const IMM16: OperandType = OperandType::imm("imm16", 16, ImmRange::Unsigned, 64);
/// Unsigned 6-bit immediate: a shift amount or bit position of a 64-bit operation.
pub const IMM6: OperandType = OperandType::imm("imm6", 6, ImmRange::Unsigned, 64);
/// Unsigned 5-bit immediate: a shift amount or bit position of a 32-bit
/// operation, the immediate of a conditional compare.
pub const IMM5: OperandType = OperandType::imm("imm5", 5, ImmRange::Unsigned, 64);
/// The NZCV flags value of a conditional compare.
pub const NZCV: OperandType = OperandType::imm("nzcv", 4, ImmRange::Unsigned, 64);
/// A bit number 0-63 of `tbz`/`tbnz` on an X register.
pub const BIT6: OperandType = OperandType::imm("bit", 6, ImmRange::Unsigned, 64);
/// A bit number 0-31 of `tbz`/`tbnz` on a W register.
pub const BIT5: OperandType = OperandType::imm("bit", 5, ImmRange::Unsigned, 32);
/// The `<lsb>` of a 64-bit bitfield operation.
pub const LSB6: OperandType = OperandType::imm("lsb", 6, ImmRange::Unsigned, 64);
/// The `<lsb>` of a 32-bit bitfield operation.
pub const LSB5: OperandType = OperandType::imm("lsb", 5, ImmRange::Unsigned, 32);
/// The `<width>` of a 64-bit bitfield operation (1-64, checked against `<lsb>`).
pub const WIDTH64: OperandType = OperandType::imm("width", 7, ImmRange::Unsigned, 64);
/// The `<width>` of a 32-bit bitfield operation (1-32, checked against `<lsb>`).
pub const WIDTH32: OperandType = OperandType::imm("width", 6, ImmRange::Unsigned, 32);
/// The `lsl #<shift>` of a 64-bit `movk`: 0, 16, 32 or 48.
pub const HW64: OperandType = OperandType::scaled_imm("lsl", 2, ImmRange::Unsigned, 16, 64);
/// The `lsl #<shift>` of a 32-bit `movk`: 0 or 16.
pub const HW32: OperandType = OperandType::scaled_imm("lsl", 1, ImmRange::Unsigned, 16, 32);

/// A shifted-register operand's shift: `kind << 6 | amount` with kind 0
/// `lsl`, 1 `lsr`, 2 `asr`, 3 `ror` (64-bit operations).
pub const SHIFT64: OperandType = OperandType::imm("shift", 8, ImmRange::Unsigned, 64);
/// A shifted-register operand's shift (32-bit operations).
pub const SHIFT32: OperandType = OperandType::imm("shift", 8, ImmRange::Unsigned, 32);
/// An extended-register operand's extension: `option << 3 | amount` with
/// option 0-7 `uxtb uxth uxtw uxtx sxtb sxth sxtw sxtx` and amount 0-4
/// (64-bit operations).
pub const EXT64: OperandType = OperandType::imm("ext", 6, ImmRange::Unsigned, 64);
/// An extended-register operand's extension (32-bit operations).
pub const EXT32: OperandType = OperandType::imm("ext", 6, ImmRange::Unsigned, 32);

/// A 64-bit logical ("bitmask") immediate.
pub const BIMM64: OperandType = OperandType::imm("bimm", 64, ImmRange::Either, 64);
/// A 32-bit logical ("bitmask") immediate.
pub const BIMM32: OperandType = OperandType::imm("bimm", 32, ImmRange::Either, 32);
/// A 64-bit value that one `movz` or `movn` can produce.
pub const WIDE64: OperandType = OperandType::imm("wide", 64, ImmRange::Either, 64);
/// A 32-bit value that one `movz` or `movn` can produce.
pub const WIDE32: OperandType = OperandType::imm("wide", 32, ImmRange::Either, 32);
/// A double-precision FP immediate, as IEEE bits (`fmov d0, #1.0`).
pub const FPIMM64: OperandType = OperandType::imm("fpimm", 64, ImmRange::Either, 64);
/// A single-precision FP immediate, as IEEE bits.
pub const FPIMM32: OperandType = OperandType::imm("fpimm", 32, ImmRange::Either, 32);

/// Branch target within ±128 MiB (`b`, `bl`), or a relocated symbol.
pub const LABEL26: OperandType = OperandType::target("label", "pcrel26");
/// Branch target within ±1 MiB (`b.cond`, `cbz`).
pub const LABEL19: OperandType = OperandType::target("label", "pcrel19");
/// Branch target within ±32 KiB (`tbz`).
pub const LABEL14: OperandType = OperandType::target("label", "pcrel14");
/// Literal-pool address within ±1 MiB (`ldr x0, <label>`).
pub const LIT: OperandType = OperandType::target("lit", "pcrel19");
/// Address within ±1 MiB (`adr`), or a relocated symbol.
pub const ADR: OperandType = OperandType::target("label", "adr21");
/// 4 KiB page within ±4 GiB (`adrp`), or a relocated symbol.
pub const ADRP: OperandType = OperandType::target("label", "adrp21");

/// Condition code spelled into the mnemonic (`b.eq`).
pub const CC: OperandType = OperandType::cond("cc");
/// Condition code printed as the last operand (`csel x0, x1, x2, eq`).
pub const COND: OperandType = OperandType::cond_operand("cond");

/// Memory operand types of one access size.
pub struct MemTypes {
    /// `[Xn|SP{, #pimm}]`: unsigned offset scaled by the access size.
    pub uoff: OperandType,
    /// `[Xn|SP{, #simm}]`: signed 9-bit unscaled offset (`ldur`, `stur`).
    pub unscaled: OperandType,
    /// `[Xn|SP, #simm]!`: pre-index with write-back.
    pub pre: OperandType,
    /// `[Xn|SP], #simm`: post-index with write-back.
    pub post: OperandType,
    /// `[Xn|SP, (Wm|Xm){, extend {amount}}]`: register offset.
    pub regoff: OperandType,
}

/// The memory operand types of an access of `bits` bits.
pub const fn mem(bits: u16) -> MemTypes {
    MemTypes {
        uoff: OperandType::mem("uoff", bits),
        unscaled: OperandType::mem("mem", bits),
        pre: OperandType::mem("pre", bits),
        post: OperandType::mem("post", bits),
        regoff: OperandType::mem("regoff", bits),
    }
}

/// Memory operand types of a pair access (`ldp`/`stp`) of two `bits`-bit registers.
pub struct PairTypes {
    /// `[Xn|SP{, #simm}]`: signed 7-bit offset scaled by the register size.
    pub offset: OperandType,
    /// `[Xn|SP, #simm]!`.
    pub pre: OperandType,
    /// `[Xn|SP], #simm`.
    pub post: OperandType,
}

/// The memory operand types of a pair of `bits`-bit registers.
pub const fn pair(bits: u16) -> PairTypes {
    PairTypes {
        offset: OperandType::mem("mem", 2 * bits),
        pre: OperandType::mem("pre", 2 * bits),
        post: OperandType::mem("post", 2 * bits),
    }
}
