//! The float helpers of the x86-64 rules (`rules/x64/60_float.isle`):
//! scalar `f32`/`f64` through SSE/SSE2, with SSE4.1 `roundss`/`roundsd`
//! when [`super::X64Features::sse41`] says so.
//!
//! Register invariant: a scalar float lives in the low 32 or 64 bits of an
//! XMM register; the bits above are undefined. Whole-register bitwise
//! operations (`andps`, `orps`, `xorps`) are therefore fine on scalars, and
//! every constant is loaded as a scalar (`movss`/`movsd` from the constant
//! pool, or `xorps` for +0.0).
//!
//! CLIF semantics that differ from the bare instructions, and how they are
//! met:
//! - `fmin`/`fmax`: a NaN operand gives NaN and `-0.0 < +0.0`. `minss`
//!   returns its second operand for NaNs and for two zeros, so
//!   `min(a, b) | min(b, a)` is right in every case; `fmax(a, b)` is
//!   `-fmin(-a, -b)`.
//! - `fcvt_to_sint`/`fcvt_to_uint`: NaN traps `bad_toint`, out of range
//!   traps `int_ovf` (compares against exact bounds, out-of-line traps);
//!   the `_sat` forms clamp with `cmov` and give 0 for NaN.
//! - `fcvt_from_uint` of an `i64` with the top bit set halves the value
//!   (keeping the low bit, so rounding is unchanged) and doubles the result.
//! - `ceil`/`floor`/`trunc`/`nearest` without SSE4.1 are computed inline
//!   (no libm dependency for JIT or object code): round to nearest-even
//!   with the `2^23`/`2^52` trick, adjust by one for floor/ceil/trunc, take
//!   the sign of the input (so `-0.5` rounds to `-0.0`), and keep values
//!   that are already integral (`|x| >= 2^23`/`2^52`, infinities, NaN).

use super::{AluOp, Ext, GprMem, GprMemImm, IsleCtx, ShiftAmount, ShiftOp};
use crate::ir::condcodes::FloatCC;
use crate::ir::{TrapCode, Type, types};
use crate::isa::x64::args::{Amode, RegMem};
use crate::isa::x64::inst::{Cc, Inst};
use crate::isa::x64::minst::MInst;
use crate::machinst::error::CodegenError;
use crate::machinst::forms::AsmError;
use crate::machinst::reg::{Reg, RegClass, Rw};

/// An XMM register or memory source operand (memory: exactly the scalar's
/// width is read).
#[derive(Clone, Copy, Debug)]
pub enum XmmMem {
    /// A register.
    Reg {
        /// The register.
        reg: Reg,
    },
    /// Memory.
    Mem {
        /// The address.
        addr: Amode,
    },
}

/// The two-operand scalar float operations with a direct instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatOp {
    /// `addss`/`addsd`
    Add,
    /// `subss`/`subsd`
    Sub,
    /// `mulss`/`mulsd`
    Mul,
    /// `divss`/`divsd`
    Div,
}

/// Rounding to an integral value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundMode {
    /// To nearest, ties to even.
    Nearest,
    /// Toward negative infinity.
    Floor,
    /// Toward positive infinity.
    Ceil,
    /// Toward zero.
    Trunc,
}

impl RoundMode {
    /// The `roundss` immediate: the mode, with precision exceptions
    /// suppressed (bit 3).
    fn imm(self) -> i64 {
        let mode = match self {
            RoundMode::Nearest => 0,
            RoundMode::Floor => 1,
            RoundMode::Ceil => 2,
            RoundMode::Trunc => 3,
        };
        mode | 8
    }
}

/// Bitwise operations on whole XMM registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bitwise {
    And,
    /// `!a & b`
    AndNot,
    Or,
    Xor,
}

/// What a `FloatCC` is after `ucomiss`/`ucomisd` (operands possibly
/// swapped): one x86 condition, or two that must both / either hold
/// (`eq` is ZF and not PF, `ne` is not ZF or PF).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatCond {
    /// One condition.
    One(Cc),
    /// Both conditions.
    Both(Cc, Cc),
    /// Either condition.
    Either(Cc, Cc),
}

/// Whether `FloatCC` compares with swapped operands, and the condition
/// to test after `ucomis a, b` (or `ucomis b, a` when swapped).
/// `ucomis` sets ZF, PF, CF = 1 1 1 unordered, 0 0 1 less, 0 0 0 greater,
/// 1 0 0 equal.
pub(super) fn floatcc_cond(cc: FloatCC) -> (bool, FloatCond) {
    use FloatCond::{Both, Either, One};
    match cc {
        FloatCC::Ordered => (false, One(Cc::Np)),
        FloatCC::Unordered => (false, One(Cc::P)),
        FloatCC::Equal => (false, Both(Cc::E, Cc::Np)),
        FloatCC::NotEqual => (false, Either(Cc::Ne, Cc::P)),
        FloatCC::OrderedNotEqual => (false, One(Cc::Ne)),
        FloatCC::UnorderedOrEqual => (false, One(Cc::E)),
        FloatCC::GreaterThan => (false, One(Cc::A)),
        FloatCC::GreaterThanOrEqual => (false, One(Cc::Ae)),
        FloatCC::LessThan => (true, One(Cc::A)),
        FloatCC::LessThanOrEqual => (true, One(Cc::Ae)),
        FloatCC::UnorderedOrLessThan => (false, One(Cc::B)),
        FloatCC::UnorderedOrLessThanOrEqual => (false, One(Cc::Be)),
        FloatCC::UnorderedOrGreaterThan => (true, One(Cc::B)),
        FloatCC::UnorderedOrGreaterThanOrEqual => (true, One(Cc::Be)),
    }
}

/// Whether `ty` is a float type this backend computes with.
pub(super) fn is_scalar_float(ty: Type) -> bool {
    ty == types::F32 || ty == types::F64
}

/// The bits of `v` as a value of the float type `ty`.
fn float_bits(ty: Type, v: f64) -> u64 {
    if ty == types::F32 {
        u64::from((v as f32).to_bits())
    } else {
        v.to_bits()
    }
}

/// The sign bit of the float type `ty`.
fn sign_bit(ty: Type) -> u64 {
    1u64 << (ty.bits() - 1)
}

/// `2^k` exactly (`k < 1024`).
fn pow2(k: u32) -> f64 {
    f64::from_bits(u64::from(1023 + k) << 52)
}

type XmmRm = fn(Rw, RegMem) -> Result<Inst, AsmError>;

impl IsleCtx<'_, '_> {
    /// A fresh XMM register.
    fn xmm(&mut self) -> Reg {
        self.tmp(RegClass::Float)
    }

    /// Rejects float types other than `f32`/`f64` (the rules only pass
    /// those; this keeps a helper from emitting the wrong width).
    fn check_float(&mut self, ty: Type) -> bool {
        if is_scalar_float(ty) {
            true
        } else {
            self.fail(CodegenError::UnsupportedType {
                ty,
                target: super::TARGET,
            });
            false
        }
    }

    /// A float constant of `ty` (`xorps` for +0.0, else the constant pool).
    pub(super) fn fconst(&mut self, ty: Type, bits: u64) -> Reg {
        let dst = self.xmm();
        if bits == 0 {
            self.emit(MInst::Zero { dst });
        } else {
            self.emit(MInst::LoadConst {
                dst,
                bits: bits.into(),
                ty,
            });
        }
        dst
    }

    /// `a op b` of the scalar type `ty`.
    pub(super) fn fop(&mut self, op: FloatOp, ty: Type, a: Reg, b: XmmMem) -> Reg {
        let f: [XmmRm; 2] = match op {
            FloatOp::Add => [Inst::addss_xmm_xmm_m32, Inst::addsd_xmm_xmm_m64],
            FloatOp::Sub => [Inst::subss_xmm_xmm_m32, Inst::subsd_xmm_xmm_m64],
            FloatOp::Mul => [Inst::mulss_xmm_xmm_m32, Inst::mulsd_xmm_xmm_m64],
            FloatOp::Div => [Inst::divss_xmm_xmm_m32, Inst::divsd_xmm_xmm_m64],
        };
        self.xmm_rm(f, ty, a, b)
    }

    /// A scalar `dst = a op b` form of `forms` (`[f32, f64]`).
    fn xmm_rm(&mut self, forms: [XmmRm; 2], ty: Type, a: Reg, b: XmmMem) -> Reg {
        let dst = self.xmm();
        if !self.check_float(ty) {
            return dst;
        }
        let src = match b {
            XmmMem::Reg { reg } => RegMem::Reg(reg),
            XmmMem::Mem { addr } => RegMem::Mem(addr),
        };
        let i = usize::from(ty == types::F64);
        self.emit_asm(forms[i](
            Rw {
                read: a,
                write: dst,
            },
            src,
        ));
        dst
    }

    /// `sqrt a`.
    pub(super) fn fsqrt(&mut self, ty: Type, a: Reg) -> Reg {
        self.xmm_rm(
            [Inst::sqrtss_xmm_xmm_m32, Inst::sqrtsd_xmm_xmm_m64],
            ty,
            a,
            XmmMem::Reg { reg: a },
        )
    }

    fn bitwise(&mut self, op: Bitwise, a: Reg, b: Reg) -> Reg {
        let f: XmmRm = match op {
            Bitwise::And => Inst::andps_xmm_xmm_m128,
            Bitwise::AndNot => Inst::andnps_xmm_xmm_m128,
            Bitwise::Or => Inst::orps_xmm_xmm_m128,
            Bitwise::Xor => Inst::xorps_xmm_xmm_m128,
        };
        let dst = self.xmm();
        self.emit_asm(f(
            Rw {
                read: a,
                write: dst,
            },
            RegMem::Reg(b),
        ));
        dst
    }

    /// `-a` (the sign bit flipped, NaNs included).
    pub(super) fn fneg(&mut self, ty: Type, a: Reg) -> Reg {
        let mask = self.fconst(ty, sign_bit(ty));
        self.bitwise(Bitwise::Xor, a, mask)
    }

    /// `|a|` (the sign bit cleared).
    pub(super) fn fabs(&mut self, ty: Type, a: Reg) -> Reg {
        let mask = self.fconst(ty, sign_bit(ty));
        self.bitwise(Bitwise::AndNot, mask, a)
    }

    /// The magnitude of `a` with the sign of `b`.
    pub(super) fn fcopysign(&mut self, ty: Type, a: Reg, b: Reg) -> Reg {
        let mask = self.fconst(ty, sign_bit(ty));
        let magnitude = self.bitwise(Bitwise::AndNot, mask, a);
        let sign = self.bitwise(Bitwise::And, b, mask);
        self.bitwise(Bitwise::Or, magnitude, sign)
    }

    /// `fmin` (`max`: `fmax`) with CLIF's NaN and signed-zero rules.
    pub(super) fn fminmax(&mut self, max: bool, ty: Type, a: Reg, b: Reg) -> Reg {
        if !max {
            return self.fmin(ty, a, b);
        }
        let mask = self.fconst(ty, sign_bit(ty));
        let na = self.bitwise(Bitwise::Xor, a, mask);
        let nb = self.bitwise(Bitwise::Xor, b, mask);
        let m = self.fmin(ty, na, nb);
        self.bitwise(Bitwise::Xor, m, mask)
    }

    fn fmin(&mut self, ty: Type, a: Reg, b: Reg) -> Reg {
        let forms: [XmmRm; 2] = [Inst::minss_xmm_xmm_m32, Inst::minsd_xmm_xmm_m64];
        let ab = self.xmm_rm(forms, ty, a, XmmMem::Reg { reg: b });
        let ba = self.xmm_rm(forms, ty, b, XmmMem::Reg { reg: a });
        self.bitwise(Bitwise::Or, ab, ba)
    }

    /// `ucomiss`/`ucomisd a, b` (flags only).
    fn ucomis(&mut self, ty: Type, a: Reg, b: XmmMem) {
        if !self.check_float(ty) {
            return;
        }
        let src = match b {
            XmmMem::Reg { reg } => RegMem::Reg(reg),
            XmmMem::Mem { addr } => RegMem::Mem(addr),
        };
        let inst = if ty == types::F32 {
            Inst::ucomiss_xmm_xmm_m32(a, src)
        } else {
            Inst::ucomisd_xmm_xmm_m64(a, src)
        };
        self.emit_asm(inst);
    }

    /// Compares `a` with the constant `k` (flags only).
    fn ucomis_const(&mut self, ty: Type, a: Reg, k: f64) {
        let c = self.fconst(ty, float_bits(ty, k));
        self.ucomis(ty, a, XmmMem::Reg { reg: c });
    }

    /// Sets the flags for `fcmp cc a, b` and returns the condition to test.
    pub(super) fn fcmp(&mut self, ty: Type, cc: FloatCC, a: Reg, b: Reg) -> FloatCond {
        let (swap, cond) = floatcc_cond(cc);
        let (x, y) = if swap { (b, a) } else { (a, b) };
        self.ucomis(ty, x, XmmMem::Reg { reg: y });
        cond
    }

    /// The condition as a 0/1 value.
    pub(super) fn fcond_setcc(&mut self, cond: FloatCond) -> Reg {
        match cond {
            FloatCond::One(cc) => self.setcc(cc),
            FloatCond::Both(c1, c2) => {
                let r1 = self.setcc(c1);
                let r2 = self.setcc(c2);
                self.alu(AluOp::And, types::I32, r1, GprMemImm::Reg { reg: r2 })
            }
            FloatCond::Either(c1, c2) => {
                let r1 = self.setcc(c1);
                let r2 = self.setcc(c2);
                self.alu(AluOp::Or, types::I32, r1, GprMemImm::Reg { reg: r2 })
            }
        }
    }

    /// `cond ? a : b` for values of `ty` (integer or float), after the
    /// flags are set.
    pub(super) fn fcond_select(&mut self, ty: Type, cond: FloatCond, a: Reg, b: Reg) -> Reg {
        match cond {
            FloatCond::One(cc) => self.select_any(ty, cc, a, b),
            FloatCond::Both(c1, c2) => {
                let t = self.select_any(ty, c2, a, b);
                self.select_any(ty, c1, t, b)
            }
            FloatCond::Either(c1, c2) => {
                let t = self.select_any(ty, c2, a, b);
                self.select_any(ty, c1, a, t)
            }
        }
    }

    /// `cc ? a : b` with `cmov` or, for floats, a conditional `movaps`.
    fn select_any(&mut self, ty: Type, cc: Cc, a: Reg, b: Reg) -> Reg {
        if is_scalar_float(ty) {
            self.fselect(cc, a, b)
        } else {
            self.cmov(ty, cc, a, b)
        }
    }

    /// `cc ? a : b` for floats, after the flags are set.
    pub(super) fn fselect(&mut self, cc: Cc, a: Reg, b: Reg) -> Reg {
        let dst = self.xmm();
        self.emit(MInst::XmmCmove {
            cc,
            dst: Rw {
                read: b,
                write: dst,
            },
            src: a,
        });
        dst
    }

    /// A float load.
    pub(super) fn fload(&mut self, ty: Type, addr: Amode) -> Reg {
        let dst = self.xmm();
        if !self.check_float(ty) {
            return dst;
        }
        let inst = if ty == types::F32 {
            Inst::movss_xmm_m32(dst, addr)
        } else {
            Inst::movsd_xmm_m64(dst, addr)
        };
        self.emit_asm(inst);
        dst
    }

    /// A float store.
    pub(super) fn fstore(&mut self, ty: Type, src: Reg, addr: Amode) {
        if !self.check_float(ty) {
            return;
        }
        let inst = if ty == types::F32 {
            Inst::movss_m32_xmm(addr, src)
        } else {
            Inst::movsd_m64_xmm(addr, src)
        };
        self.emit_asm(inst);
    }

    /// The bits of the float `a` (of type `ty`) in a GPR.
    pub(super) fn bitcast_to_int(&mut self, ty: Type, a: Reg) -> Reg {
        let dst = self.gpr();
        if !self.check_float(ty) {
            return dst;
        }
        let inst = if ty == types::F32 {
            Inst::movd_rm32_xmm(RegMem::Reg(dst), a)
        } else {
            Inst::movq_rm64_xmm(RegMem::Reg(dst), a)
        };
        self.emit_asm(inst);
        dst
    }

    /// The integer `a` as bits of a float of type `ty`.
    pub(super) fn bitcast_to_float(&mut self, ty: Type, a: Reg) -> Reg {
        let dst = self.xmm();
        if !self.check_float(ty) {
            return dst;
        }
        let inst = if ty == types::F32 {
            Inst::movd_xmm_rm32(dst, RegMem::Reg(a))
        } else {
            Inst::movq_xmm_rm64(dst, RegMem::Reg(a))
        };
        self.emit_asm(inst);
        dst
    }

    /// `fpromote`: `f32` to `f64`.
    pub(super) fn fpromote(&mut self, a: Reg) -> Reg {
        let dst = self.xmm();
        self.emit_asm(Inst::cvtss2sd_xmm_xmm_m32(
            Rw {
                read: a,
                write: dst,
            },
            RegMem::Reg(a),
        ));
        dst
    }

    /// `fdemote`: `f64` to `f32`.
    pub(super) fn fdemote(&mut self, a: Reg) -> Reg {
        let dst = self.xmm();
        self.emit_asm(Inst::cvtsd2ss_xmm_xmm_m64(
            Rw {
                read: a,
                write: dst,
            },
            RegMem::Reg(a),
        ));
        dst
    }

    /// `cvtsi2ss`/`cvtsi2sd` of a 32- or 64-bit signed integer into a
    /// zeroed register (no dependency on an old value).
    fn cvt_int_to_float(&mut self, to: Type, wide: bool, a: Reg) -> Reg {
        let zero = self.xmm();
        self.emit(MInst::Zero { dst: zero });
        let dst = self.xmm();
        let rw = Rw {
            read: zero,
            write: dst,
        };
        let inst = match (to == types::F32, wide) {
            (true, false) => Inst::cvtsi2ss_xmm_rm32(rw, RegMem::Reg(a)),
            (true, true) => Inst::cvtsi2ss_xmm_rm64(rw, RegMem::Reg(a)),
            (false, false) => Inst::cvtsi2sd_xmm_rm32(rw, RegMem::Reg(a)),
            (false, true) => Inst::cvtsi2sd_xmm_rm64(rw, RegMem::Reg(a)),
        };
        self.emit_asm(inst);
        dst
    }

    /// `fcvt_from_sint`/`fcvt_from_uint` of `a` (type `from`) to `to`.
    pub(super) fn fcvt_from_int(&mut self, signed: bool, from: Type, to: Type, a: Reg) -> Reg {
        if !self.check_float(to) {
            return self.xmm();
        }
        let bits = from.bits();
        match (signed, bits) {
            (true, 64) => self.cvt_int_to_float(to, true, a),
            (true, 32) => self.cvt_int_to_float(to, false, a),
            (true, _) => {
                let x = self.extend(Ext::Sign, from, types::I32, GprMem::Reg { reg: a });
                self.cvt_int_to_float(to, false, x)
            }
            (false, 64) => {
                // Top bit clear: a signed conversion. Set: convert
                // (a >> 1) | (a & 1) and double it.
                let direct = self.cvt_int_to_float(to, true, a);
                let half = self.shift(ShiftOp::Shr, types::I64, a, ShiftAmount::Imm { amount: 1 });
                let low = self.alu(AluOp::And, types::I64, a, GprMemImm::Imm { simm32: 1 });
                let half = self.alu(AluOp::Or, types::I64, half, GprMemImm::Reg { reg: low });
                let h = self.cvt_int_to_float(to, true, half);
                let doubled = self.fop(FloatOp::Add, to, h, XmmMem::Reg { reg: h });
                self.test(types::I64, a, GprMemImm::Reg { reg: a });
                self.fselect(Cc::S, doubled, direct)
            }
            (false, _) => {
                let x = self.extend(Ext::Zero, from, types::I64, GprMem::Reg { reg: a });
                self.cvt_int_to_float(to, true, x)
            }
        }
    }

    /// `cvttss2si`/`cvttsd2si` of `a` (type `from`) into a 32- or 64-bit
    /// register.
    fn cvtt(&mut self, from: Type, wide: bool, a: Reg) -> Reg {
        let dst = self.gpr();
        let src = RegMem::Reg(a);
        let inst = match (from == types::F32, wide) {
            (true, false) => Inst::cvttss2si_r32_xmm_m32(dst, src),
            (true, true) => Inst::cvttss2si_r64_xmm_m32(dst, src),
            (false, false) => Inst::cvttsd2si_r32_xmm_m64(dst, src),
            (false, true) => Inst::cvttsd2si_r64_xmm_m64(dst, src),
        };
        self.emit_asm(inst);
        dst
    }

    fn trap_if(&mut self, cc: Cc, code: TrapCode) {
        self.emit(MInst::TrapIf {
            cc,
            code: super::emit::trap_code(code),
        });
    }

    /// Truncation of `a` (type `from`) to an unsigned 64-bit value, for
    /// inputs in `(-1, 2^64)`: above `2^63`, convert `a - 2^63` and set
    /// the top bit.
    fn cvtt_u64(&mut self, from: Type, a: Reg) -> Reg {
        let low = self.cvtt(from, true, a);
        let offset = self.fconst(from, float_bits(from, pow2(63)));
        let shifted = self.fop(FloatOp::Sub, from, a, XmmMem::Reg { reg: offset });
        let high = self.cvtt(from, true, shifted);
        let top = self.iconst(types::I64, 1 << 63);
        let high = self.alu(AluOp::Xor, types::I64, high, GprMemImm::Reg { reg: top });
        self.ucomis(from, a, XmmMem::Reg { reg: offset });
        self.cmov(types::I64, Cc::Ae, high, low)
    }

    /// `fcvt_to_sint`/`fcvt_to_uint` (trapping) and their `_sat` forms,
    /// from the float type `from` to the integer type `to`.
    pub(super) fn fcvt_to_int(
        &mut self,
        signed: bool,
        sat: bool,
        from: Type,
        to: Type,
        a: Reg,
    ) -> Reg {
        if !self.check_float(from) {
            return self.gpr();
        }
        let n = to.bits();
        let wide = n > 32;
        let wty = if wide { types::I64 } else { types::I32 };
        if signed {
            let r = self.cvtt(from, wide, a);
            let hi = pow2(n - 1);
            let min = -hi;
            if sat {
                let max_k = self.iconst(wty, (1u64 << (n - 1)) - 1);
                self.ucomis_const(from, a, hi);
                let mut r = self.cmov(wty, Cc::Ae, max_k, r);
                if !wide && n < 32 {
                    let min_k = self.iconst(wty, (min as i64) as u64 & 0xffff_ffff);
                    self.ucomis_const(from, a, min);
                    r = self.cmov(wty, Cc::B, min_k, r);
                }
                let zero = self.iconst(wty, 0);
                self.ucomis(from, a, XmmMem::Reg { reg: a });
                return self.cmov(wty, Cc::P, zero, r);
            }
            self.ucomis(from, a, XmmMem::Reg { reg: a });
            self.trap_if(Cc::P, TrapCode::BAD_CONVERSION_TO_INTEGER);
            self.ucomis_const(from, a, hi);
            self.trap_if(Cc::Ae, TrapCode::INTEGER_OVERFLOW);
            // Values above `min - 1` truncate into range: compare with
            // `min - 1` when the type can hold it exactly, else with `min`.
            let below = min - 1.0;
            let exact = from == types::F64 && n <= 53 || from == types::F32 && n <= 24;
            if exact {
                self.ucomis_const(from, a, below);
                self.trap_if(Cc::Be, TrapCode::INTEGER_OVERFLOW);
            } else {
                self.ucomis_const(from, a, min);
                self.trap_if(Cc::B, TrapCode::INTEGER_OVERFLOW);
            }
            return r;
        }
        let limit = pow2(n);
        if sat {
            let r = if n == 64 {
                self.cvtt_u64(from, a)
            } else {
                self.cvtt(from, true, a)
            };
            let max_k = self.iconst(types::I64, u64::MAX >> (64 - n));
            self.ucomis_const(from, a, limit);
            let r = self.cmov(types::I64, Cc::Ae, max_k, r);
            // Below zero or NaN (CF set by both): 0.
            let zero = self.iconst(types::I64, 0);
            self.ucomis_const(from, a, 0.0);
            return self.cmov(types::I64, Cc::B, zero, r);
        }
        self.ucomis(from, a, XmmMem::Reg { reg: a });
        self.trap_if(Cc::P, TrapCode::BAD_CONVERSION_TO_INTEGER);
        self.ucomis_const(from, a, limit);
        self.trap_if(Cc::Ae, TrapCode::INTEGER_OVERFLOW);
        self.ucomis_const(from, a, -1.0);
        self.trap_if(Cc::Be, TrapCode::INTEGER_OVERFLOW);
        if n == 64 {
            self.cvtt_u64(from, a)
        } else {
            self.cvtt(from, true, a)
        }
    }

    /// `ceil`, `floor`, `trunc` or `nearest` of `a`.
    pub(super) fn fround(&mut self, mode: RoundMode, ty: Type, a: Reg) -> Reg {
        if !self.check_float(ty) {
            return self.xmm();
        }
        if self.backend.features.sse41 {
            let dst = self.xmm();
            let rw = Rw {
                read: a,
                write: dst,
            };
            let inst = if ty == types::F32 {
                Inst::roundss_xmm_xmm_m32_imm8(rw, RegMem::Reg(a), mode.imm())
            } else {
                Inst::roundsd_xmm_xmm_m64_imm8(rw, RegMem::Reg(a), mode.imm())
            };
            self.emit_asm(inst);
            return dst;
        }
        self.fround_sse2(mode, ty, a)
    }

    /// Rounding without SSE4.1 (see the module docs).
    fn fround_sse2(&mut self, mode: RoundMode, ty: Type, a: Reg) -> Reg {
        let mantissa_bits = if ty == types::F32 { 23 } else { 52 };
        let sign = self.fconst(ty, sign_bit(ty));
        let magic = self.fconst(ty, float_bits(ty, pow2(mantissa_bits)));
        let abs = self.bitwise(Bitwise::AndNot, sign, a);
        // |a| rounded to nearest-even (exact for |a| < 2^mantissa_bits).
        let big = self.fop(FloatOp::Add, ty, abs, XmmMem::Reg { reg: magic });
        let nearest_abs = self.fop(FloatOp::Sub, ty, big, XmmMem::Reg { reg: magic });
        let one = self.fconst(ty, float_bits(ty, 1.0));
        let zero = self.fconst(ty, 0);
        let rounded = match mode {
            RoundMode::Nearest => nearest_abs,
            RoundMode::Trunc => {
                // floor(|a|): one less where rounding went up.
                self.ucomis(ty, nearest_abs, XmmMem::Reg { reg: abs });
                let adjust = self.fselect(Cc::A, one, zero);
                self.fop(FloatOp::Sub, ty, nearest_abs, XmmMem::Reg { reg: adjust })
            }
            RoundMode::Floor | RoundMode::Ceil => {
                let signed = self.bitwise(Bitwise::And, a, sign);
                let n = self.bitwise(Bitwise::Or, nearest_abs, signed);
                if mode == RoundMode::Floor {
                    self.ucomis(ty, n, XmmMem::Reg { reg: a });
                    let adjust = self.fselect(Cc::A, one, zero);
                    self.fop(FloatOp::Sub, ty, n, XmmMem::Reg { reg: adjust })
                } else {
                    self.ucomis(ty, a, XmmMem::Reg { reg: n });
                    let adjust = self.fselect(Cc::A, one, zero);
                    self.fop(FloatOp::Add, ty, n, XmmMem::Reg { reg: adjust })
                }
            }
        };
        // The sign of the input, also for zero results.
        let magnitude = self.bitwise(Bitwise::AndNot, sign, rounded);
        let signed = self.bitwise(Bitwise::And, a, sign);
        let result = self.bitwise(Bitwise::Or, magnitude, signed);
        // Already integral (or NaN, infinite): `a` itself.
        self.ucomis(ty, magic, XmmMem::Reg { reg: abs });
        self.fselect(Cc::B, a, result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floatcc_conditions_follow_ucomis_flags() {
        // (ZF, PF, CF) for unordered, less, greater, equal.
        let outcomes = [
            (true, true, true),
            (false, false, true),
            (false, false, false),
            (true, false, false),
        ];
        let holds = |cc: Cc, (zf, pf, cf): (bool, bool, bool)| match cc {
            Cc::E => zf,
            Cc::Ne => !zf,
            Cc::P => pf,
            Cc::Np => !pf,
            Cc::A => !cf && !zf,
            Cc::Ae => !cf,
            Cc::B => cf,
            Cc::Be => cf || zf,
            other => panic!("unexpected condition {other:?}"),
        };
        // Which of unordered, less, greater, equal each FloatCC accepts.
        let expected = |cc: FloatCC| -> [bool; 4] {
            match cc {
                FloatCC::Ordered => [false, true, true, true],
                FloatCC::Unordered => [true, false, false, false],
                FloatCC::Equal => [false, false, false, true],
                FloatCC::NotEqual => [true, true, true, false],
                FloatCC::OrderedNotEqual => [false, true, true, false],
                FloatCC::UnorderedOrEqual => [true, false, false, true],
                FloatCC::LessThan => [false, true, false, false],
                FloatCC::LessThanOrEqual => [false, true, false, true],
                FloatCC::GreaterThan => [false, false, true, false],
                FloatCC::GreaterThanOrEqual => [false, false, true, true],
                FloatCC::UnorderedOrLessThan => [true, true, false, false],
                FloatCC::UnorderedOrLessThanOrEqual => [true, true, false, true],
                FloatCC::UnorderedOrGreaterThan => [true, false, true, false],
                FloatCC::UnorderedOrGreaterThanOrEqual => [true, false, true, true],
            }
        };
        for cc in FloatCC::ALL {
            let (swap, cond) = floatcc_cond(*cc);
            for (i, &want) in expected(*cc).iter().enumerate() {
                // Swapping the operands exchanges "less" and "greater".
                let j = match (swap, i) {
                    (true, 1) => 2,
                    (true, 2) => 1,
                    _ => i,
                };
                let flags = outcomes[j];
                let got = match cond {
                    FloatCond::One(c) => holds(c, flags),
                    FloatCond::Both(c1, c2) => holds(c1, flags) && holds(c2, flags),
                    FloatCond::Either(c1, c2) => holds(c1, flags) || holds(c2, flags),
                };
                assert_eq!(got, want, "{cc:?} outcome {i}");
            }
        }
    }

    #[test]
    fn powers_of_two_are_exact() {
        assert_eq!(pow2(0), 1.0);
        assert_eq!(pow2(31), 2147483648.0);
        assert_eq!(pow2(64), 18446744073709551616.0);
        assert_eq!(
            float_bits(types::F32, pow2(23)),
            u64::from(8388608.0f32.to_bits())
        );
    }
}
