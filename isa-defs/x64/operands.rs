//! x86-64 operand types, named as in the SDM's instruction column
//! (`r64`, `r/m64` written `rm64`, `imm8`, `xmm2/m64` written `xmm_m64`, ...).
//!
//! An immediate's type says how the machine uses it: `imm8` of a 64-bit
//! `add` is sign-extended to 64 bits (`SIMM8_64`), `imm8` of an 8-bit `add`
//! is the full operand (`IMM8`, any 8-bit pattern), `imm8` of a shift is an
//! unsigned count (`UIMM8`).

use crate::asm::{ImmRange, OperandType};

/// 8-bit general-purpose register.
pub const R8: OperandType = OperandType::reg("r8", "gpr", 8);
/// 16-bit general-purpose register.
pub const R16: OperandType = OperandType::reg("r16", "gpr", 16);
/// 32-bit general-purpose register.
pub const R32: OperandType = OperandType::reg("r32", "gpr", 32);
/// 64-bit general-purpose register.
pub const R64: OperandType = OperandType::reg("r64", "gpr", 64);
/// 8-bit register or memory (`r/m8`).
pub const RM8: OperandType = OperandType::reg_mem("rm8", "gpr", 8);
/// 16-bit register or memory (`r/m16`).
pub const RM16: OperandType = OperandType::reg_mem("rm16", "gpr", 16);
/// 32-bit register or memory (`r/m32`).
pub const RM32: OperandType = OperandType::reg_mem("rm32", "gpr", 32);
/// 64-bit register or memory (`r/m64`).
pub const RM64: OperandType = OperandType::reg_mem("rm64", "gpr", 64);
/// A memory address whose contents are not accessed (`m` of `lea`).
pub const M: OperandType = OperandType::mem("m", 0);
/// 8-bit memory.
pub const M8: OperandType = OperandType::mem("m8", 8);
/// 16-bit memory.
pub const M16: OperandType = OperandType::mem("m16", 16);
/// 32-bit memory.
pub const M32: OperandType = OperandType::mem("m32", 32);
/// 64-bit memory.
pub const M64: OperandType = OperandType::mem("m64", 64);
/// 128-bit memory.
pub const M128: OperandType = OperandType::mem("m128", 128);

/// XMM register.
pub const XMM: OperandType = OperandType::reg("xmm", "xmm", 128);
/// XMM register or 32-bit memory.
pub const XMM_M32: OperandType = OperandType::reg_mem("xmm_m32", "xmm", 32);
/// XMM register or 64-bit memory.
pub const XMM_M64: OperandType = OperandType::reg_mem("xmm_m64", "xmm", 64);
/// XMM register or 128-bit memory.
pub const XMM_M128: OperandType = OperandType::reg_mem("xmm_m128", "xmm", 128);

/// `CL`, the shift count register, printed.
pub const CL: OperandType = OperandType::fixed("cl", "gpr", 8, "rcx");
/// RAX (AL/AX/EAX) used implicitly.
pub const RAX: OperandType = OperandType::implicit("rax", "gpr", 64, "rax");
/// RDX (DX/EDX) used implicitly.
pub const RDX: OperandType = OperandType::implicit("rdx", "gpr", 64, "rdx");
/// The constant 1 of the shift-by-one forms (`D1 /4`), printed but not encoded.
pub const ONE: OperandType = OperandType::literal("1", "1");

/// Full-width 8-bit immediate.
pub const IMM8: OperandType = OperandType::imm("imm8", 8, ImmRange::Either, 8);
/// Full-width 16-bit immediate.
pub const IMM16: OperandType = OperandType::imm("imm16", 16, ImmRange::Either, 16);
/// Full-width 32-bit immediate.
pub const IMM32: OperandType = OperandType::imm("imm32", 32, ImmRange::Either, 32);
/// Full-width 64-bit immediate (`movabs`).
pub const IMM64: OperandType = OperandType::imm("imm64", 64, ImmRange::Either, 64);
/// 8-bit immediate sign-extended to 16 bits.
pub const SIMM8_16: OperandType = OperandType::imm("imm8", 8, ImmRange::Signed, 16);
/// 8-bit immediate sign-extended to 32 bits.
pub const SIMM8_32: OperandType = OperandType::imm("imm8", 8, ImmRange::Signed, 32);
/// 8-bit immediate sign-extended to 64 bits.
pub const SIMM8_64: OperandType = OperandType::imm("imm8", 8, ImmRange::Signed, 64);
/// 32-bit immediate sign-extended to 64 bits.
pub const SIMM32_64: OperandType = OperandType::imm("imm32", 32, ImmRange::Signed, 64);
/// Unsigned 8-bit immediate (shift counts, bit indexes, rounding modes).
pub const UIMM8: OperandType = OperandType::imm("imm8", 8, ImmRange::Unsigned, 8);

/// 8-bit pc-relative code offset (`cb`).
pub const REL8: OperandType = OperandType::target("rel8", "rel8");
/// 32-bit pc-relative code offset (`cd`), a label or a relocated symbol.
pub const REL32: OperandType = OperandType::target("rel32", "rel32");
/// Condition code, added to the opcode (`+cc`) and spelled into the mnemonic.
pub const CC: OperandType = OperandType::cond("cc");
