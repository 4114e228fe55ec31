//! The emitting helpers of the x86-64 rules: each picks the form for a
//! type's width and emits it, returning the result register.
//!
//! Register invariant: a value narrower than 64 bits has undefined upper
//! bits in its register. Helpers that read a narrow value as a wider one
//! (division, multiplication highs, bit counts) extend it first; everything
//! else uses the value's own width.

use super::{AluOp, BitOp, DivOp, Ext, GprMem, GprMemImm, IsleCtx, ShiftAmount, ShiftOp, UnaryOp};
use crate::ir::condcodes::IntCC;
use crate::ir::{Type, types};
use crate::isa::x64::args::{Amode, RegMem, RegMemRw};
use crate::isa::x64::inst::{Cc, Inst};
use crate::isa::x64::minst::MInst;
use crate::machinst::asm_sink::TrapCode as AsmTrapCode;
use crate::machinst::forms::AsmError;
use crate::machinst::reg::{Reg, Rw};

type RmImm = fn(RegMemRw, i64) -> Result<Inst, AsmError>;
type RRm = fn(Rw, RegMem) -> Result<Inst, AsmError>;
type RmUnary = fn(RegMemRw) -> Result<Inst, AsmError>;
type RmCl = fn(RegMemRw, Reg) -> Result<Inst, AsmError>;
type DstRm = fn(Reg, RegMem) -> Result<Inst, AsmError>;

/// Index of a width in the per-width form tables: 8, 16, 32, 64 bits.
fn w(ty: Type) -> usize {
    match ty.bits() {
        8 => 0,
        16 => 1,
        32 => 2,
        _ => 3,
    }
}

/// `r, r/m` forms of an ALU operation, by width.
fn alu_r_rm(op: AluOp) -> [RRm; 4] {
    match op {
        AluOp::Add => [
            Inst::add_r8_rm8,
            Inst::add_r16_rm16,
            Inst::add_r32_rm32,
            Inst::add_r64_rm64,
        ],
        AluOp::Or => [
            Inst::or_r8_rm8,
            Inst::or_r16_rm16,
            Inst::or_r32_rm32,
            Inst::or_r64_rm64,
        ],
        AluOp::Adc => [
            Inst::adc_r8_rm8,
            Inst::adc_r16_rm16,
            Inst::adc_r32_rm32,
            Inst::adc_r64_rm64,
        ],
        AluOp::Sbb => [
            Inst::sbb_r8_rm8,
            Inst::sbb_r16_rm16,
            Inst::sbb_r32_rm32,
            Inst::sbb_r64_rm64,
        ],
        AluOp::And => [
            Inst::and_r8_rm8,
            Inst::and_r16_rm16,
            Inst::and_r32_rm32,
            Inst::and_r64_rm64,
        ],
        AluOp::Sub => [
            Inst::sub_r8_rm8,
            Inst::sub_r16_rm16,
            Inst::sub_r32_rm32,
            Inst::sub_r64_rm64,
        ],
        AluOp::Xor => [
            Inst::xor_r8_rm8,
            Inst::xor_r16_rm16,
            Inst::xor_r32_rm32,
            Inst::xor_r64_rm64,
        ],
    }
}

/// `r/m, imm8` (sign-extended; the 8-bit form's plain byte) forms, by width.
fn alu_rm_imm8(op: AluOp) -> [RmImm; 4] {
    match op {
        AluOp::Add => [
            Inst::add_rm8_imm8,
            Inst::add_rm16_imm8,
            Inst::add_rm32_imm8,
            Inst::add_rm64_imm8,
        ],
        AluOp::Or => [
            Inst::or_rm8_imm8,
            Inst::or_rm16_imm8,
            Inst::or_rm32_imm8,
            Inst::or_rm64_imm8,
        ],
        AluOp::Adc => [
            Inst::adc_rm8_imm8,
            Inst::adc_rm16_imm8,
            Inst::adc_rm32_imm8,
            Inst::adc_rm64_imm8,
        ],
        AluOp::Sbb => [
            Inst::sbb_rm8_imm8,
            Inst::sbb_rm16_imm8,
            Inst::sbb_rm32_imm8,
            Inst::sbb_rm64_imm8,
        ],
        AluOp::And => [
            Inst::and_rm8_imm8,
            Inst::and_rm16_imm8,
            Inst::and_rm32_imm8,
            Inst::and_rm64_imm8,
        ],
        AluOp::Sub => [
            Inst::sub_rm8_imm8,
            Inst::sub_rm16_imm8,
            Inst::sub_rm32_imm8,
            Inst::sub_rm64_imm8,
        ],
        AluOp::Xor => [
            Inst::xor_rm8_imm8,
            Inst::xor_rm16_imm8,
            Inst::xor_rm32_imm8,
            Inst::xor_rm64_imm8,
        ],
    }
}

/// `r/m, imm` forms with the widest immediate, by width (8: imm8, 16:
/// imm16, 32 and 64: imm32).
fn alu_rm_imm(op: AluOp) -> [RmImm; 4] {
    match op {
        AluOp::Add => [
            Inst::add_rm8_imm8,
            Inst::add_rm16_imm16,
            Inst::add_rm32_imm32,
            Inst::add_rm64_imm32,
        ],
        AluOp::Or => [
            Inst::or_rm8_imm8,
            Inst::or_rm16_imm16,
            Inst::or_rm32_imm32,
            Inst::or_rm64_imm32,
        ],
        AluOp::Adc => [
            Inst::adc_rm8_imm8,
            Inst::adc_rm16_imm16,
            Inst::adc_rm32_imm32,
            Inst::adc_rm64_imm32,
        ],
        AluOp::Sbb => [
            Inst::sbb_rm8_imm8,
            Inst::sbb_rm16_imm16,
            Inst::sbb_rm32_imm32,
            Inst::sbb_rm64_imm32,
        ],
        AluOp::And => [
            Inst::and_rm8_imm8,
            Inst::and_rm16_imm16,
            Inst::and_rm32_imm32,
            Inst::and_rm64_imm32,
        ],
        AluOp::Sub => [
            Inst::sub_rm8_imm8,
            Inst::sub_rm16_imm16,
            Inst::sub_rm32_imm32,
            Inst::sub_rm64_imm32,
        ],
        AluOp::Xor => [
            Inst::xor_rm8_imm8,
            Inst::xor_rm16_imm16,
            Inst::xor_rm32_imm32,
            Inst::xor_rm64_imm32,
        ],
    }
}

/// The immediate of a form at `ty`'s width: truncated to the width for 8
/// and 16 bits (where the instruction only sees those bits).
fn imm_at(ty: Type, k: i32) -> i64 {
    match ty.bits() {
        8 => i64::from(k as i8),
        16 => i64::from(k as i16),
        _ => i64::from(k),
    }
}

fn fits_i8(k: i64) -> bool {
    i8::try_from(k).is_ok()
}

/// The CLIF trap code as the sink records it.
pub(super) fn trap_code(code: crate::ir::TrapCode) -> AsmTrapCode {
    AsmTrapCode(u16::from(code.as_raw().get()))
}

/// The x86 condition testing `cc` after `cmp a, b`.
pub(super) fn intcc_to_cc(cc: IntCC) -> Cc {
    match cc {
        IntCC::Equal => Cc::E,
        IntCC::NotEqual => Cc::Ne,
        IntCC::SignedLessThan => Cc::L,
        IntCC::SignedGreaterThanOrEqual => Cc::Ge,
        IntCC::SignedGreaterThan => Cc::G,
        IntCC::SignedLessThanOrEqual => Cc::Le,
        IntCC::UnsignedLessThan => Cc::B,
        IntCC::UnsignedGreaterThanOrEqual => Cc::Ae,
        IntCC::UnsignedGreaterThan => Cc::A,
        IntCC::UnsignedLessThanOrEqual => Cc::Be,
    }
}

impl IsleCtx<'_, '_> {
    /// `a op b` at `ty`'s width, into a new register.
    pub(super) fn alu(&mut self, op: AluOp, ty: Type, a: Reg, b: GprMemImm) -> Reg {
        let dst = self.gpr();
        let rw = Rw {
            read: a,
            write: dst,
        };
        let i = w(ty);
        let inst = match b {
            GprMemImm::Reg { reg } => alu_r_rm(op)[i](rw, RegMem::Reg(reg)),
            GprMemImm::Mem { addr } => alu_r_rm(op)[i](rw, RegMem::Mem(addr)),
            GprMemImm::Imm { simm32 } => {
                let k = imm_at(ty, simm32);
                if i > 0 && fits_i8(k) {
                    alu_rm_imm8(op)[i](RegMemRw::Reg(rw), k)
                } else {
                    alu_rm_imm(op)[i](RegMemRw::Reg(rw), k)
                }
            }
        };
        self.emit_asm(inst);
        dst
    }

    /// `cmp a, b` at `ty`'s width (flags only).
    pub(super) fn cmp(&mut self, ty: Type, a: Reg, b: GprMemImm) {
        let i = w(ty);
        let inst = match b {
            GprMemImm::Reg { reg } => {
                let f: [fn(Reg, RegMem) -> Result<Inst, AsmError>; 4] = [
                    Inst::cmp_r8_rm8,
                    Inst::cmp_r16_rm16,
                    Inst::cmp_r32_rm32,
                    Inst::cmp_r64_rm64,
                ];
                f[i](a, RegMem::Reg(reg))
            }
            GprMemImm::Mem { addr } => {
                let f: [fn(Reg, RegMem) -> Result<Inst, AsmError>; 4] = [
                    Inst::cmp_r8_rm8,
                    Inst::cmp_r16_rm16,
                    Inst::cmp_r32_rm32,
                    Inst::cmp_r64_rm64,
                ];
                f[i](a, RegMem::Mem(addr))
            }
            GprMemImm::Imm { simm32 } => {
                let k = imm_at(ty, simm32);
                let rm = RegMem::Reg(a);
                match i {
                    0 => Inst::cmp_rm8_imm8(rm, k),
                    1 if fits_i8(k) => Inst::cmp_rm16_imm8(rm, k),
                    1 => Inst::cmp_rm16_imm16(rm, k),
                    2 if fits_i8(k) => Inst::cmp_rm32_imm8(rm, k),
                    2 => Inst::cmp_rm32_imm32(rm, k),
                    _ if fits_i8(k) => Inst::cmp_rm64_imm8(rm, k),
                    _ => Inst::cmp_rm64_imm32(rm, k),
                }
            }
        };
        self.emit_asm(inst);
    }

    /// `test a, b` at `ty`'s width (flags only).
    pub(super) fn test(&mut self, ty: Type, a: Reg, b: GprMemImm) {
        let i = w(ty);
        let inst = match b {
            GprMemImm::Reg { reg } => {
                let f: [fn(RegMem, Reg) -> Result<Inst, AsmError>; 4] = [
                    Inst::test_rm8_r8,
                    Inst::test_rm16_r16,
                    Inst::test_rm32_r32,
                    Inst::test_rm64_r64,
                ];
                f[i](RegMem::Reg(a), reg)
            }
            GprMemImm::Mem { addr } => {
                let f: [fn(RegMem, Reg) -> Result<Inst, AsmError>; 4] = [
                    Inst::test_rm8_r8,
                    Inst::test_rm16_r16,
                    Inst::test_rm32_r32,
                    Inst::test_rm64_r64,
                ];
                f[i](RegMem::Mem(addr), a)
            }
            GprMemImm::Imm { simm32 } => {
                let f: [fn(RegMem, i64) -> Result<Inst, AsmError>; 4] = [
                    Inst::test_rm8_imm8,
                    Inst::test_rm16_imm16,
                    Inst::test_rm32_imm32,
                    Inst::test_rm64_imm32,
                ];
                f[i](RegMem::Reg(a), imm_at(ty, simm32))
            }
        };
        self.emit_asm(inst);
    }

    /// `neg` or `not`.
    pub(super) fn unary(&mut self, op: UnaryOp, ty: Type, a: Reg) -> Reg {
        let dst = self.gpr();
        let f: [RmUnary; 4] = match op {
            UnaryOp::Neg => [
                Inst::neg_rm8,
                Inst::neg_rm16,
                Inst::neg_rm32,
                Inst::neg_rm64,
            ],
            UnaryOp::Not => [
                Inst::not_rm8,
                Inst::not_rm16,
                Inst::not_rm32,
                Inst::not_rm64,
            ],
        };
        self.emit_asm(f[w(ty)](RegMemRw::Reg(Rw {
            read: a,
            write: dst,
        })));
        dst
    }

    /// A shift or rotate with CLIF's semantics: the amount is taken modulo
    /// the width.
    pub(super) fn shift(&mut self, op: ShiftOp, ty: Type, a: Reg, amount: ShiftAmount) -> Reg {
        let bits = ty.bits();
        let i = w(ty);
        match amount {
            ShiftAmount::Imm { amount } => {
                let n = u32::from(amount) & (bits - 1);
                if n == 0 {
                    return a;
                }
                let f: [RmImm; 4] = match op {
                    ShiftOp::Rol => [
                        Inst::rol_rm8_imm8,
                        Inst::rol_rm16_imm8,
                        Inst::rol_rm32_imm8,
                        Inst::rol_rm64_imm8,
                    ],
                    ShiftOp::Ror => [
                        Inst::ror_rm8_imm8,
                        Inst::ror_rm16_imm8,
                        Inst::ror_rm32_imm8,
                        Inst::ror_rm64_imm8,
                    ],
                    ShiftOp::Shl => [
                        Inst::shl_rm8_imm8,
                        Inst::shl_rm16_imm8,
                        Inst::shl_rm32_imm8,
                        Inst::shl_rm64_imm8,
                    ],
                    ShiftOp::Shr => [
                        Inst::shr_rm8_imm8,
                        Inst::shr_rm16_imm8,
                        Inst::shr_rm32_imm8,
                        Inst::shr_rm64_imm8,
                    ],
                    ShiftOp::Sar => [
                        Inst::sar_rm8_imm8,
                        Inst::sar_rm16_imm8,
                        Inst::sar_rm32_imm8,
                        Inst::sar_rm64_imm8,
                    ],
                };
                let dst = self.gpr();
                self.emit_asm(f[i](
                    RegMemRw::Reg(Rw {
                        read: a,
                        write: dst,
                    }),
                    i64::from(n),
                ));
                dst
            }
            ShiftAmount::Reg { reg } => {
                // The hardware masks the count to 5 bits (6 for 64-bit), so
                // 8- and 16-bit shifts mask it to the width first; rotates
                // are periodic in the width already.
                let count = if bits < 32 && !matches!(op, ShiftOp::Rol | ShiftOp::Ror) {
                    self.alu(
                        AluOp::And,
                        types::I32,
                        reg,
                        GprMemImm::Imm {
                            simm32: bits as i32 - 1,
                        },
                    )
                } else {
                    reg
                };
                let f: [RmCl; 4] = match op {
                    ShiftOp::Rol => [
                        Inst::rol_rm8_cl,
                        Inst::rol_rm16_cl,
                        Inst::rol_rm32_cl,
                        Inst::rol_rm64_cl,
                    ],
                    ShiftOp::Ror => [
                        Inst::ror_rm8_cl,
                        Inst::ror_rm16_cl,
                        Inst::ror_rm32_cl,
                        Inst::ror_rm64_cl,
                    ],
                    ShiftOp::Shl => [
                        Inst::shl_rm8_cl,
                        Inst::shl_rm16_cl,
                        Inst::shl_rm32_cl,
                        Inst::shl_rm64_cl,
                    ],
                    ShiftOp::Shr => [
                        Inst::shr_rm8_cl,
                        Inst::shr_rm16_cl,
                        Inst::shr_rm32_cl,
                        Inst::shr_rm64_cl,
                    ],
                    ShiftOp::Sar => [
                        Inst::sar_rm8_cl,
                        Inst::sar_rm16_cl,
                        Inst::sar_rm32_cl,
                        Inst::sar_rm64_cl,
                    ],
                };
                let dst = self.gpr();
                self.emit_asm(f[i](
                    RegMemRw::Reg(Rw {
                        read: a,
                        write: dst,
                    }),
                    count,
                ));
                dst
            }
        }
    }

    /// A register holding `src` (loading a memory operand at `ty`'s width).
    fn gm_to_reg(&mut self, ty: Type, src: GprMem) -> Reg {
        match src {
            GprMem::Reg { reg } => reg,
            GprMem::Mem { addr } => self.load(ty, Ext::Zero, addr),
        }
    }

    /// `a * b`, low half, at `ty`'s width (8-bit multiplies use the 32-bit
    /// form, whose low byte is the same).
    pub(super) fn imul(&mut self, ty: Type, a: Reg, b: GprMem) -> Reg {
        let dst = self.gpr();
        let rw = Rw {
            read: a,
            write: dst,
        };
        let inst = match (ty.bits(), b) {
            (8, b) => {
                let b = self.gm_to_reg(ty, b);
                Inst::imul_r32_rm32(rw, RegMem::Reg(b))
            }
            (16, GprMem::Reg { reg }) => Inst::imul_r16_rm16(rw, RegMem::Reg(reg)),
            (16, GprMem::Mem { addr }) => Inst::imul_r16_rm16(rw, RegMem::Mem(addr)),
            (32, GprMem::Reg { reg }) => Inst::imul_r32_rm32(rw, RegMem::Reg(reg)),
            (32, GprMem::Mem { addr }) => Inst::imul_r32_rm32(rw, RegMem::Mem(addr)),
            (_, GprMem::Reg { reg }) => Inst::imul_r64_rm64(rw, RegMem::Reg(reg)),
            (_, GprMem::Mem { addr }) => Inst::imul_r64_rm64(rw, RegMem::Mem(addr)),
        };
        self.emit_asm(inst);
        dst
    }

    /// `a * k`, low half.
    pub(super) fn imul_imm(&mut self, ty: Type, a: GprMem, k: i32) -> Reg {
        let dst = self.gpr();
        let k64 = imm_at(ty, k);
        let src = match (ty.bits(), a) {
            (8, a) => RegMem::Reg(self.gm_to_reg(ty, a)),
            (_, GprMem::Reg { reg }) => RegMem::Reg(reg),
            (_, GprMem::Mem { addr }) => RegMem::Mem(addr),
        };
        let inst = match ty.bits() {
            8 | 32 if fits_i8(k64) => Inst::imul_r32_rm32_imm8(dst, src, k64),
            8 | 32 => Inst::imul_r32_rm32_imm32(dst, src, k64),
            16 if fits_i8(k64) => Inst::imul_r16_rm16_imm8(dst, src, k64),
            16 => Inst::imul_r16_rm16_imm16(dst, src, k64),
            _ if fits_i8(k64) => Inst::imul_r64_rm64_imm8(dst, src, k64),
            _ => Inst::imul_r64_rm64_imm32(dst, src, k64),
        };
        self.emit_asm(inst);
        dst
    }

    /// The high half of `a * b` (signed or unsigned).
    pub(super) fn mul_high(&mut self, signed: bool, ty: Type, a: Reg, b: GprMem) -> Reg {
        let bits = ty.bits();
        if bits == 8 {
            // Widen to 32 bits, multiply, and take bits 8..16.
            let ext = if signed { Ext::Sign } else { Ext::Zero };
            let a32 = self.extend(ext, ty, types::I32, GprMem::Reg { reg: a });
            let b32 = self.extend(ext, ty, types::I32, b);
            let p = self.imul(types::I32, a32, GprMem::Reg { reg: b32 });
            let op = if signed { ShiftOp::Sar } else { ShiftOp::Shr };
            return self.shift(op, types::I16, p, ShiftAmount::Imm { amount: 8 });
        }
        let lo = self.gpr();
        let hi = self.gpr();
        let rax = Rw { read: a, write: lo };
        let src = match b {
            GprMem::Reg { reg } => RegMem::Reg(reg),
            GprMem::Mem { addr } => RegMem::Mem(addr),
        };
        let inst = match (signed, bits) {
            (false, 16) => Inst::mul_rm16(src, rax, hi),
            (false, 32) => Inst::mul_rm32(src, rax, hi),
            (false, _) => Inst::mul_rm64(src, rax, hi),
            (true, 16) => Inst::imul_rm16(src, rax, hi),
            (true, 32) => Inst::imul_rm32(src, rax, hi),
            (true, _) => Inst::imul_rm64(src, rax, hi),
        };
        self.emit_asm(inst);
        hi
    }

    /// A constant in the shortest form: `xor` for zero, a 32-bit `mov`
    /// (zero-extending) when the value fits, a sign-extended 32-bit `mov`
    /// for small negative 64-bit values, else `movabs`.
    pub(super) fn iconst(&mut self, ty: Type, bits: u64) -> Reg {
        let dst = self.gpr();
        if bits == 0 {
            self.emit(MInst::Zero { dst });
        } else if let Ok(k) = u32::try_from(bits) {
            self.emit_asm(Inst::mov_r32_imm32(dst, i64::from(k)));
        } else if ty.bits() == 64 && i32::try_from(bits as i64).is_ok() {
            self.emit_asm(Inst::mov_rm64_imm32(RegMem::Reg(dst), bits as i64));
        } else {
            self.emit_asm(Inst::movabs_r64_imm64(dst, bits as i64));
        }
        dst
    }

    /// `setcc` of the current flags, zero-extended to 32 bits.
    pub(super) fn setcc(&mut self, cc: Cc) -> Reg {
        let byte = self.gpr();
        self.emit_asm(Inst::setcc_rm8(cc, RegMem::Reg(byte)));
        let dst = self.gpr();
        self.emit_asm(Inst::movzx_r32_rm8(dst, RegMem::Reg(byte)));
        dst
    }

    /// `cc ? a : b` from the current flags.
    pub(super) fn cmov(&mut self, ty: Type, cc: Cc, a: Reg, b: Reg) -> Reg {
        let dst = self.gpr();
        let rw = Rw {
            read: b,
            write: dst,
        };
        let inst = if ty.bits() == 64 {
            Inst::cmovcc_r64_rm64(cc, rw, RegMem::Reg(a))
        } else {
            Inst::cmovcc_r32_rm32(cc, rw, RegMem::Reg(a))
        };
        self.emit_asm(inst);
        dst
    }

    /// Extends `src` of type `from` to `to` (to at most 64 bits).
    pub(super) fn extend(&mut self, ext: Ext, from: Type, to: Type, src: GprMem) -> Reg {
        let rm = match src {
            GprMem::Reg { reg } => RegMem::Reg(reg),
            GprMem::Mem { addr } => RegMem::Mem(addr),
        };
        let f: DstRm = match (ext, from.bits()) {
            (Ext::Zero, 8) => Inst::movzx_r32_rm8,
            (Ext::Zero, 16) => Inst::movzx_r32_rm16,
            (Ext::Zero, 32) => Inst::mov_r32_rm32,
            (Ext::Sign, 8) if to.bits() <= 32 => Inst::movsx_r32_rm8,
            (Ext::Sign, 8) => Inst::movsx_r64_rm8,
            (Ext::Sign, 16) if to.bits() <= 32 => Inst::movsx_r32_rm16,
            (Ext::Sign, 16) => Inst::movsx_r64_rm16,
            (Ext::Sign, 32) if to.bits() <= 32 => Inst::mov_r32_rm32,
            (Ext::Sign, 32) => Inst::movsxd_r64_rm32,
            _ => Inst::mov_r64_rm64,
        };
        let dst = self.gpr();
        self.emit_asm(f(dst, rm));
        dst
    }

    /// A load of `ty` from `addr`; narrow integers are extended as `ext`
    /// says (to 64 bits for sign extension).
    pub(super) fn load(&mut self, ty: Type, ext: Ext, addr: Amode) -> Reg {
        self.extend(ext, ty, types::I64, GprMem::Mem { addr })
    }

    /// Stores the low `ty` bits of `src` at `addr`.
    pub(super) fn store(&mut self, ty: Type, src: Reg, addr: Amode) {
        let f: [fn(RegMem, Reg) -> Result<Inst, AsmError>; 4] = [
            Inst::mov_rm8_r8,
            Inst::mov_rm16_r16,
            Inst::mov_rm32_r32,
            Inst::mov_rm64_r64,
        ];
        self.emit_asm(f[w(ty)](RegMem::Mem(addr), src));
    }

    /// Stores a constant of `ty` at `addr` (64-bit: sign-extended imm32).
    pub(super) fn store_imm(&mut self, ty: Type, k: i32, addr: Amode) {
        let f: [fn(RegMem, i64) -> Result<Inst, AsmError>; 4] = [
            Inst::mov_rm8_imm8,
            Inst::mov_rm16_imm16,
            Inst::mov_rm32_imm32,
            Inst::mov_rm64_imm32,
        ];
        self.emit_asm(f[w(ty)](RegMem::Mem(addr), imm_at(ty, k)));
    }

    /// Division or remainder with CLIF's semantics: a zero divisor traps
    /// `int_divz`; a signed `MIN / -1` traps `int_ovf`; a signed
    /// `MIN % -1` is 0. 8- and 16-bit operands are extended to 32 bits.
    pub(super) fn div(&mut self, op: DivOp, ty: Type, a: Reg, b: Reg) -> Reg {
        let signed = matches!(op, DivOp::Sdiv | DivOp::Srem);
        let ext = if signed { Ext::Sign } else { Ext::Zero };
        let (wty, a, b) = if ty.bits() < 32 {
            let a = self.extend(ext, ty, types::I32, GprMem::Reg { reg: a });
            let b = self.extend(ext, ty, types::I32, GprMem::Reg { reg: b });
            (types::I32, a, b)
        } else {
            (ty, a, b)
        };
        // Divide by zero.
        self.test(wty, b, GprMemImm::Reg { reg: b });
        self.emit(MInst::TrapIf {
            cc: Cc::E,
            code: trap_code(crate::ir::TrapCode::INTEGER_DIVISION_BY_ZERO),
        });
        let divisor = match op {
            DivOp::Sdiv => {
                // (b + 1) | (a ^ MIN) is zero exactly for MIN / -1 (MIN of
                // the original width, sign-extended).
                let min = i64::MIN >> (64 - ty.bits());
                let b1 = self.alu(AluOp::Add, wty, b, GprMemImm::Imm { simm32: 1 });
                let x = if let Ok(m) = i32::try_from(min) {
                    self.alu(AluOp::Xor, wty, a, GprMemImm::Imm { simm32: m })
                } else {
                    let m = self.iconst(types::I64, min as u64);
                    self.alu(AluOp::Xor, wty, a, GprMemImm::Reg { reg: m })
                };
                let _ = self.alu(AluOp::Or, wty, b1, GprMemImm::Reg { reg: x });
                self.emit(MInst::TrapIf {
                    cc: Cc::E,
                    code: trap_code(crate::ir::TrapCode::INTEGER_OVERFLOW),
                });
                b
            }
            DivOp::Srem => {
                // x % -1 is 0 = x % 1, and 1 never faults.
                self.cmp(wty, b, GprMemImm::Imm { simm32: -1 });
                let one = self.iconst(wty, 1);
                self.cmov(wty, Cc::E, one, b)
            }
            _ => b,
        };
        let lo_in = a;
        let hi_in = self.gpr();
        if signed {
            let f = if wty.bits() == 64 {
                Inst::cqo
            } else {
                Inst::cdq
            };
            self.emit_asm(f(lo_in, hi_in));
        } else {
            self.emit(MInst::Zero { dst: hi_in });
        }
        let q = self.gpr();
        let r = self.gpr();
        let rax = Rw {
            read: lo_in,
            write: q,
        };
        let rdx = Rw {
            read: hi_in,
            write: r,
        };
        let src = RegMem::Reg(divisor);
        let inst = match (signed, wty.bits()) {
            (false, 64) => Inst::div_rm64(src, rax, rdx),
            (false, _) => Inst::div_rm32(src, rax, rdx),
            (true, 64) => Inst::idiv_rm64(src, rax, rdx),
            (true, _) => Inst::idiv_rm32(src, rax, rdx),
        };
        self.emit_asm(inst);
        match op {
            DivOp::Udiv | DivOp::Sdiv => q,
            DivOp::Urem | DivOp::Srem => r,
        }
    }

    /// Bit counting and byte order.
    pub(super) fn bitop(&mut self, op: BitOp, ty: Type, a: Reg) -> Reg {
        let bits = ty.bits();
        // Work on a 32- or 64-bit value; narrow inputs are zero-extended.
        let wide = if bits == 64 { types::I64 } else { types::I32 };
        let x = if bits < 32 && !matches!(op, BitOp::Bswap) {
            self.extend(Ext::Zero, ty, types::I32, GprMem::Reg { reg: a })
        } else {
            a
        };
        let wide_bits = wide.bits() as i32;
        let f64or32 = |f32: DstRm, f64: DstRm| if bits == 64 { f64 } else { f32 };
        match op {
            BitOp::Clz => {
                let n = if self.backend.features.lzcnt {
                    let d = self.gpr();
                    self.emit_asm(f64or32(Inst::lzcnt_r32_rm32, Inst::lzcnt_r64_rm64)(
                        d,
                        RegMem::Reg(x),
                    ));
                    d
                } else {
                    // bsr leaves ZF set (and its result undefined) for 0:
                    // use -1 there, so width-1 - index gives the width.
                    let idx = self.gpr();
                    self.emit_asm(f64or32(Inst::bsr_r32_rm32, Inst::bsr_r64_rm64)(
                        idx,
                        RegMem::Reg(x),
                    ));
                    let minus1 = self.iconst(wide, u64::MAX >> (64 - wide_bits));
                    let idx = self.cmov(wide, Cc::E, minus1, idx);
                    let top = self.iconst(wide, (wide_bits - 1) as u64);
                    self.alu(AluOp::Sub, wide, top, GprMemImm::Reg { reg: idx })
                };
                if bits < 32 {
                    self.alu(
                        AluOp::Sub,
                        types::I32,
                        n,
                        GprMemImm::Imm {
                            simm32: 32 - bits as i32,
                        },
                    )
                } else {
                    n
                }
            }
            BitOp::Ctz => {
                // A bit just above the width makes a zero input count `bits`.
                let x = if bits < 32 {
                    self.alu(
                        AluOp::Or,
                        types::I32,
                        x,
                        GprMemImm::Imm { simm32: 1 << bits },
                    )
                } else {
                    x
                };
                if self.backend.features.bmi1 {
                    let d = self.gpr();
                    self.emit_asm(f64or32(Inst::tzcnt_r32_rm32, Inst::tzcnt_r64_rm64)(
                        d,
                        RegMem::Reg(x),
                    ));
                    d
                } else {
                    let idx = self.gpr();
                    self.emit_asm(f64or32(Inst::bsf_r32_rm32, Inst::bsf_r64_rm64)(
                        idx,
                        RegMem::Reg(x),
                    ));
                    let width = self.iconst(wide, wide_bits as u64);
                    self.cmov(wide, Cc::E, width, idx)
                }
            }
            BitOp::Popcnt => {
                if self.backend.features.popcnt {
                    let d = self.gpr();
                    self.emit_asm(f64or32(Inst::popcnt_r32_rm32, Inst::popcnt_r64_rm64)(
                        d,
                        RegMem::Reg(x),
                    ));
                    d
                } else {
                    self.popcnt_swar(wide, x)
                }
            }
            BitOp::Bswap => match bits {
                8 => a,
                16 => self.shift(ShiftOp::Rol, types::I16, a, ShiftAmount::Imm { amount: 8 }),
                _ => {
                    let d = self.gpr();
                    let rw = Rw { read: a, write: d };
                    let inst = if bits == 64 {
                        Inst::bswap_r64(rw)
                    } else {
                        Inst::bswap_r32(rw)
                    };
                    self.emit_asm(inst);
                    d
                }
            },
            BitOp::Bitrev => {
                let r = self.bitrev_swar(wide, x);
                if bits < 32 {
                    self.shift(
                        ShiftOp::Shr,
                        types::I32,
                        r,
                        ShiftAmount::Imm {
                            amount: (32 - bits) as u8,
                        },
                    )
                } else {
                    r
                }
            }
            BitOp::Cls => {
                // t = s ^ (s >> 63) over the sign-extended value has
                // (64 - bits) + cls + 1 leading zeros.
                let s = if bits < 64 {
                    self.extend(Ext::Sign, ty, types::I64, GprMem::Reg { reg: a })
                } else {
                    a
                };
                let sign = self.shift(ShiftOp::Sar, types::I64, s, ShiftAmount::Imm { amount: 63 });
                let t = self.alu(AluOp::Xor, types::I64, s, GprMemImm::Reg { reg: sign });
                let n = self.bitop(BitOp::Clz, types::I64, t);
                self.alu(
                    AluOp::Sub,
                    types::I64,
                    n,
                    GprMemImm::Imm {
                        simm32: 65 - bits as i32,
                    },
                )
            }
        }
    }

    /// `x & mask` with a mask that may not fit an immediate.
    fn and_mask(&mut self, ty: Type, x: Reg, mask: u64) -> Reg {
        match i32::try_from(mask as i64) {
            Ok(k)
                if ty.bits() == 64
                    || mask <= u64::from(u32::MAX) && (k >= 0 || ty.bits() == 32) =>
            {
                self.alu(AluOp::And, ty, x, GprMemImm::Imm { simm32: k })
            }
            _ => {
                let m = self.iconst(ty, mask);
                self.alu(AluOp::And, ty, x, GprMemImm::Reg { reg: m })
            }
        }
    }

    /// Population count without `popcnt` (the classic SWAR reduction).
    fn popcnt_swar(&mut self, ty: Type, x: Reg) -> Reg {
        let full = u64::MAX >> (64 - ty.bits());
        let m1 = 0x5555_5555_5555_5555 & full;
        let m2 = 0x3333_3333_3333_3333 & full;
        let m4 = 0x0f0f_0f0f_0f0f_0f0f & full;
        let h01 = 0x0101_0101_0101_0101 & full;
        let s1 = self.shift(ShiftOp::Shr, ty, x, ShiftAmount::Imm { amount: 1 });
        let s1 = self.and_mask(ty, s1, m1);
        let x = self.alu(AluOp::Sub, ty, x, GprMemImm::Reg { reg: s1 });
        let lo = self.and_mask(ty, x, m2);
        let s2 = self.shift(ShiftOp::Shr, ty, x, ShiftAmount::Imm { amount: 2 });
        let hi = self.and_mask(ty, s2, m2);
        let x = self.alu(AluOp::Add, ty, lo, GprMemImm::Reg { reg: hi });
        let s4 = self.shift(ShiftOp::Shr, ty, x, ShiftAmount::Imm { amount: 4 });
        let x = self.alu(AluOp::Add, ty, x, GprMemImm::Reg { reg: s4 });
        let x = self.and_mask(ty, x, m4);
        let k = self.iconst(ty, h01);
        let x = self.imul(ty, x, GprMem::Reg { reg: k });
        self.shift(
            ShiftOp::Shr,
            ty,
            x,
            ShiftAmount::Imm {
                amount: (ty.bits() - 8) as u8,
            },
        )
    }

    /// Bit reversal of a 32- or 64-bit value (swap halves of ever smaller
    /// groups, then the bytes).
    fn bitrev_swar(&mut self, ty: Type, x: Reg) -> Reg {
        let full = u64::MAX >> (64 - ty.bits());
        let mut x = x;
        for (shift, mask) in [
            (1u8, 0x5555_5555_5555_5555u64),
            (2, 0x3333_3333_3333_3333),
            (4, 0x0f0f_0f0f_0f0f_0f0f),
        ] {
            let mask = mask & full;
            let lo = self.and_mask(ty, x, mask);
            let lo = self.shift(ShiftOp::Shl, ty, lo, ShiftAmount::Imm { amount: shift });
            let hi = self.shift(ShiftOp::Shr, ty, x, ShiftAmount::Imm { amount: shift });
            let hi = self.and_mask(ty, hi, mask);
            x = self.alu(AluOp::Or, ty, lo, GprMemImm::Reg { reg: hi });
        }
        self.bitop(BitOp::Bswap, ty, x)
    }
}
