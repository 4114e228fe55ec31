//! Calls to runtime library functions for operations x86-64 has no
//! instruction for: `i128` division, `fma`, and the `f16` / `f128`
//! operations (see `rules/x64/70_libcall.isle`, and `crate::runtime` for
//! the JIT's implementations of the same names).
//!
//! A [`Libcall`] names one function and its System V signature (the one
//! place both are written); [`IsleCtx::libcall`] emits the call like any
//! other call: arguments in their ABI registers, the result in its return
//! register, every caller-saved register clobbered.
//!
//! `f16` values live in the low 16 bits of an XMM register; operations
//! other than `fma` and the conversions are computed in `f32`, which is
//! exact: `f32` has more than twice `f16`'s precision plus two bits, so
//! rounding the `f32` result of `+ - * / sqrt` to `f16` gives the correctly
//! rounded `f16` result, and `f16` values, their integral roundings and
//! their comparisons are exact in `f32`.

use super::{IsleCtx, ValueRegs};
use crate::ir::condcodes::FloatCC;
use crate::ir::{AbiParam, CallConv, Signature, TrapCode, Type, types};
use crate::isa::x64::inst::Cc;
use crate::isa::x64::minst::{CallInfo, CallTarget, MInst, SYSV_CALLER_SAVED};
use crate::machinst::abi::{AbiIsa, ArgLoc, compute_call_layout};
use crate::machinst::error::CodegenError;
use crate::machinst::reg::{Reg, RegClass};
use smallvec::SmallVec;

use super::{GprMemImm, emit};

/// A runtime library function lowering calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Libcall {
    /// `__udivti3`
    Udivti3,
    /// `__divti3`
    Divti3,
    /// `__umodti3`
    Umodti3,
    /// `__modti3`
    Modti3,
    /// `fmaf`
    Fmaf,
    /// `fma`
    Fma,
    /// `fmaf16`
    Fmaf16,
    /// `fmaf128`
    Fmaf128,
    /// `__extendhfsf2`
    ExtendHfSf,
    /// `__extendhfdf2`
    ExtendHfDf,
    /// `__truncsfhf2`
    TruncSfHf,
    /// `__truncdfhf2`
    TruncDfHf,
    /// `__addtf3`
    AddTf,
    /// `__subtf3`
    SubTf,
    /// `__multf3`
    MulTf,
    /// `__divtf3`
    DivTf,
    /// `sqrtf128`
    SqrtF128,
    /// `ceilf128`
    CeilF128,
    /// `floorf128`
    FloorF128,
    /// `truncf128`
    TruncF128,
    /// `roundevenf128`
    RoundevenF128,
    /// `__eqtf2`
    EqTf,
    /// `__netf2`
    NeTf,
    /// `__lttf2`
    LtTf,
    /// `__letf2`
    LeTf,
    /// `__gttf2`
    GtTf,
    /// `__getf2`
    GeTf,
    /// `__unordtf2`
    UnordTf,
    /// `__extendhftf2`
    ExtendHfTf,
    /// `__extendsftf2`
    ExtendSfTf,
    /// `__extenddftf2`
    ExtendDfTf,
    /// `__trunctfhf2`
    TruncTfHf,
    /// `__trunctfsf2`
    TruncTfSf,
    /// `__trunctfdf2`
    TruncTfDf,
    /// `__fixtfsi`
    FixTfSi,
    /// `__fixtfdi`
    FixTfDi,
    /// `__fixunstfsi`
    FixunsTfSi,
    /// `__fixunstfdi`
    FixunsTfDi,
    /// `__floatsitf`
    FloatSiTf,
    /// `__floatditf`
    FloatDiTf,
    /// `__floatunsitf`
    FloatunSiTf,
    /// `__floatunditf`
    FloatunDiTf,
}

impl Libcall {
    /// Every runtime function, in declaration order (for the tests that
    /// check each has an implementation).
    #[cfg(test)]
    pub const ALL: [Libcall; 42] = [
        Libcall::Udivti3,
        Libcall::Divti3,
        Libcall::Umodti3,
        Libcall::Modti3,
        Libcall::Fmaf,
        Libcall::Fma,
        Libcall::Fmaf16,
        Libcall::Fmaf128,
        Libcall::ExtendHfSf,
        Libcall::ExtendHfDf,
        Libcall::TruncSfHf,
        Libcall::TruncDfHf,
        Libcall::AddTf,
        Libcall::SubTf,
        Libcall::MulTf,
        Libcall::DivTf,
        Libcall::SqrtF128,
        Libcall::CeilF128,
        Libcall::FloorF128,
        Libcall::TruncF128,
        Libcall::RoundevenF128,
        Libcall::EqTf,
        Libcall::NeTf,
        Libcall::LtTf,
        Libcall::LeTf,
        Libcall::GtTf,
        Libcall::GeTf,
        Libcall::UnordTf,
        Libcall::ExtendHfTf,
        Libcall::ExtendSfTf,
        Libcall::ExtendDfTf,
        Libcall::TruncTfHf,
        Libcall::TruncTfSf,
        Libcall::TruncTfDf,
        Libcall::FixTfSi,
        Libcall::FixTfDi,
        Libcall::FixunsTfSi,
        Libcall::FixunsTfDi,
        Libcall::FloatSiTf,
        Libcall::FloatDiTf,
        Libcall::FloatunSiTf,
        Libcall::FloatunDiTf,
    ];

    /// The function's C name, its parameter types and its result type.
    pub fn signature(self) -> (&'static str, &'static [Type], Type) {
        use Libcall::*;
        use types::{F16, F32, F64, F128, I32, I64, I128};
        match self {
            Udivti3 => ("__udivti3", &[I128, I128], I128),
            Divti3 => ("__divti3", &[I128, I128], I128),
            Umodti3 => ("__umodti3", &[I128, I128], I128),
            Modti3 => ("__modti3", &[I128, I128], I128),
            Fmaf => ("fmaf", &[F32, F32, F32], F32),
            Fma => ("fma", &[F64, F64, F64], F64),
            Fmaf16 => ("fmaf16", &[F16, F16, F16], F16),
            Fmaf128 => ("fmaf128", &[F128, F128, F128], F128),
            ExtendHfSf => ("__extendhfsf2", &[F16], F32),
            ExtendHfDf => ("__extendhfdf2", &[F16], F64),
            TruncSfHf => ("__truncsfhf2", &[F32], F16),
            TruncDfHf => ("__truncdfhf2", &[F64], F16),
            AddTf => ("__addtf3", &[F128, F128], F128),
            SubTf => ("__subtf3", &[F128, F128], F128),
            MulTf => ("__multf3", &[F128, F128], F128),
            DivTf => ("__divtf3", &[F128, F128], F128),
            SqrtF128 => ("sqrtf128", &[F128], F128),
            CeilF128 => ("ceilf128", &[F128], F128),
            FloorF128 => ("floorf128", &[F128], F128),
            TruncF128 => ("truncf128", &[F128], F128),
            RoundevenF128 => ("roundevenf128", &[F128], F128),
            EqTf => ("__eqtf2", &[F128, F128], I32),
            NeTf => ("__netf2", &[F128, F128], I32),
            LtTf => ("__lttf2", &[F128, F128], I32),
            LeTf => ("__letf2", &[F128, F128], I32),
            GtTf => ("__gttf2", &[F128, F128], I32),
            GeTf => ("__getf2", &[F128, F128], I32),
            UnordTf => ("__unordtf2", &[F128, F128], I32),
            ExtendHfTf => ("__extendhftf2", &[F16], F128),
            ExtendSfTf => ("__extendsftf2", &[F32], F128),
            ExtendDfTf => ("__extenddftf2", &[F64], F128),
            TruncTfHf => ("__trunctfhf2", &[F128], F16),
            TruncTfSf => ("__trunctfsf2", &[F128], F32),
            TruncTfDf => ("__trunctfdf2", &[F128], F64),
            FixTfSi => ("__fixtfsi", &[F128], I32),
            FixTfDi => ("__fixtfdi", &[F128], I64),
            FixunsTfSi => ("__fixunstfsi", &[F128], I32),
            FixunsTfDi => ("__fixunstfdi", &[F128], I64),
            FloatSiTf => ("__floatsitf", &[I32], F128),
            FloatDiTf => ("__floatditf", &[I64], F128),
            FloatunSiTf => ("__floatunsitf", &[I32], F128),
            FloatunDiTf => ("__floatunditf", &[I64], F128),
        }
    }
}

/// The function computing `fma` of `ty`.
pub(super) fn fma_libcall(ty: Type) -> Option<Libcall> {
    Some(match ty {
        types::F16 => Libcall::Fmaf16,
        types::F32 => Libcall::Fmaf,
        types::F64 => Libcall::Fma,
        types::F128 => Libcall::Fmaf128,
        _ => return None,
    })
}

/// The function converting a float of type `from` to `to` (rounding once),
/// for the pairs involving `f16` or `f128`.
pub(super) fn float_convert_libcall(from: Type, to: Type) -> Option<Libcall> {
    use types::{F16, F32, F64, F128};
    Some(match (from, to) {
        (F16, F32) => Libcall::ExtendHfSf,
        (F16, F64) => Libcall::ExtendHfDf,
        (F16, F128) => Libcall::ExtendHfTf,
        (F32, F16) => Libcall::TruncSfHf,
        (F64, F16) => Libcall::TruncDfHf,
        (F128, F16) => Libcall::TruncTfHf,
        (F32, F128) => Libcall::ExtendSfTf,
        (F64, F128) => Libcall::ExtendDfTf,
        (F128, F32) => Libcall::TruncTfSf,
        (F128, F64) => Libcall::TruncTfDf,
        _ => return None,
    })
}

/// The libgcc comparison function for an `f128` `fcmp` that one call
/// decides, and the condition its `int` result meets against 0 when the
/// comparison holds.
fn f128_compare(cc: FloatCC) -> Option<(Libcall, Cc)> {
    use FloatCC::*;
    Some(match cc {
        Equal => (Libcall::EqTf, Cc::E),
        NotEqual => (Libcall::NeTf, Cc::Ne),
        LessThan => (Libcall::LtTf, Cc::L),
        LessThanOrEqual => (Libcall::LeTf, Cc::Le),
        GreaterThan => (Libcall::GtTf, Cc::G),
        GreaterThanOrEqual => (Libcall::GeTf, Cc::Ge),
        Unordered => (Libcall::UnordTf, Cc::Ne),
        Ordered => (Libcall::UnordTf, Cc::E),
        // Unordered or less: not greater-or-equal (which is -1 when unordered).
        UnorderedOrLessThan => (Libcall::GeTf, Cc::L),
        UnorderedOrLessThanOrEqual => (Libcall::GtTf, Cc::Le),
        UnorderedOrGreaterThan => (Libcall::LeTf, Cc::G),
        UnorderedOrGreaterThanOrEqual => (Libcall::LtTf, Cc::Ge),
        OrderedNotEqual | UnorderedOrEqual => return None,
    })
}

/// The `f128` bits of the integer `-magnitude` (or `+` when not
/// `negative`); exact for magnitudes below 2^113.
fn f128_of_int(negative: bool, magnitude: u128) -> u128 {
    if magnitude == 0 {
        return 0;
    }
    let top = 127 - magnitude.leading_zeros();
    let frac = (magnitude << (127 - top)) << 1 >> 16;
    let sign = if negative { 1u128 << 127 } else { 0 };
    sign | (u128::from(16383 + top) << 112) | frac
}

impl IsleCtx<'_, '_> {
    /// Calls `func` with `args` (one entry per parameter: its registers)
    /// and returns the registers of its result.
    pub(super) fn libcall(&mut self, func: Libcall, args: &[ValueRegs]) -> ValueRegs {
        let (name, params, ret) = func.signature();
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.extend(params.iter().map(|&t| AbiParam::new(t)));
        sig.returns.push(AbiParam::new(ret));
        let layout = match compute_call_layout(&sig, AbiIsa::X86_64) {
            Ok(l) => l,
            Err(e) => {
                self.fail(CodegenError::Backend(format!("runtime call `{name}`: {e}")));
                return ValueRegs::new();
            }
        };
        if args.len() != params.len() {
            self.fail(CodegenError::Backend(format!(
                "runtime call `{name}` with {} arguments",
                args.len()
            )));
            return ValueRegs::new();
        }
        let mut uses = SmallVec::new();
        for (regs, a) in args.iter().zip(&layout.params) {
            match (a.loc, regs.as_slice()) {
                (ArgLoc::Reg(r), &[reg]) => uses.push((reg, r.to_reg())),
                (ArgLoc::RegPair { lo, hi }, &[l, h]) => {
                    uses.push((l, lo.to_reg()));
                    uses.push((h, hi.to_reg()));
                }
                _ => {
                    self.fail(CodegenError::Backend(format!(
                        "runtime call `{name}`: argument of type `{}` at {:?}",
                        a.ty, a.loc
                    )));
                    return ValueRegs::new();
                }
            }
        }
        let mut defs = SmallVec::new();
        let mut out = ValueRegs::new();
        match layout.returns.first().map(|a| a.loc) {
            Some(ArgLoc::Reg(r)) => {
                let v = self.tmp(r.class);
                defs.push((v, r.to_reg()));
                out.push(v);
            }
            Some(ArgLoc::RegPair { lo, hi }) => {
                let l = self.tmp(RegClass::Int);
                let h = self.tmp(RegClass::Int);
                defs.push((l, lo.to_reg()));
                defs.push((h, hi.to_reg()));
                out.push(l);
                out.push(h);
            }
            other => {
                self.fail(CodegenError::Backend(format!(
                    "runtime call `{name}`: result at {other:?}"
                )));
                return ValueRegs::new();
            }
        }
        let symbol = self.symbol(name.to_string());
        self.emit(MInst::Call(Box::new(CallInfo {
            target: CallTarget::Symbol(symbol),
            uses,
            defs,
            clobbers: &SYSV_CALLER_SAVED,
        })));
        out
    }

    /// A call with single-register arguments and result.
    pub(super) fn libcall_reg(&mut self, func: Libcall, args: &[Reg]) -> Reg {
        let args: SmallVec<[ValueRegs; 3]> = args.iter().map(|&r| smallvec::smallvec![r]).collect();
        self.libcall(func, &args)
            .first()
            .copied()
            .unwrap_or(super::PLACEHOLDER)
    }

    /// An `f128` (or `f16`, in the low bits) constant in an XMM register.
    pub(super) fn fconst_wide(&mut self, ty: Type, bits: u128) -> Reg {
        let dst = self.tmp(RegClass::Float);
        if bits == 0 {
            self.emit(MInst::Zero { dst });
        } else {
            self.emit(MInst::LoadConst { dst, bits, ty });
        }
        dst
    }

    /// `i128` division or remainder through libgcc, with CLIF's traps
    /// checked first: `int_divz` for a zero divisor, and for `sdiv`
    /// `int_ovf` on `i128::MIN / -1`.
    pub(super) fn div128(&mut self, op: super::DivOp, a: &ValueRegs, b: &ValueRegs) -> ValueRegs {
        use super::{AluOp, DivOp};
        let (alo, ahi) = self.halves(a);
        let (blo, bhi) = self.halves(b);
        // Zero divisor: lo | hi == 0.
        let either = self.alu(AluOp::Or, types::I64, blo, GprMemImm::Reg { reg: bhi });
        self.test(types::I64, either, GprMemImm::Reg { reg: either });
        self.emit(MInst::TrapIf {
            cc: Cc::E,
            code: emit::trap_code(TrapCode::INTEGER_DIVISION_BY_ZERO),
        });
        if op == DivOp::Sdiv {
            // b == -1: lo & hi == -1.
            let both = self.alu(AluOp::And, types::I64, blo, GprMemImm::Reg { reg: bhi });
            // a == i128::MIN: hi == 1 << 63 and lo == 0. All three tests
            // combine into one: ((b_lo & b_hi) + 1) | (a_hi ^ MIN) | a_lo == 0.
            let one = self.iconst(types::I64, 1);
            let b_is_m1 = self.alu(AluOp::Add, types::I64, both, GprMemImm::Reg { reg: one });
            let min = self.iconst(types::I64, 1u64 << 63);
            let hi_diff = self.alu(AluOp::Xor, types::I64, ahi, GprMemImm::Reg { reg: min });
            let t = self.alu(
                AluOp::Or,
                types::I64,
                b_is_m1,
                GprMemImm::Reg { reg: hi_diff },
            );
            let t = self.alu(AluOp::Or, types::I64, t, GprMemImm::Reg { reg: alo });
            self.test(types::I64, t, GprMemImm::Reg { reg: t });
            self.emit(MInst::TrapIf {
                cc: Cc::E,
                code: emit::trap_code(TrapCode::INTEGER_OVERFLOW),
            });
        }
        let func = match op {
            DivOp::Udiv => Libcall::Udivti3,
            DivOp::Sdiv => Libcall::Divti3,
            DivOp::Urem => Libcall::Umodti3,
            DivOp::Srem => Libcall::Modti3,
        };
        self.libcall(func, &[a.clone(), b.clone()])
    }

    /// Calls `func` (a libgcc comparison returning `int`) and compares the
    /// result with 0, returning the flags' condition `cc`.
    fn f128_compare_call(&mut self, func: Libcall, cc: Cc, a: Reg, b: Reg) -> Reg {
        let r = self.libcall_reg(func, &[a, b]);
        self.cmp(types::I32, r, GprMemImm::Imm { simm32: 0 });
        self.setcc(cc)
    }

    /// `fcmp cc a, b` of two `f128` values: 1 or 0 in a GPR.
    pub(super) fn fcmp128(&mut self, cc: FloatCC, a: Reg, b: Reg) -> Reg {
        use super::AluOp;
        if let Some((func, cond)) = f128_compare(cc) {
            return self.f128_compare_call(func, cond, a, b);
        }
        // `one` is less or greater; `ueq` is equal or unordered.
        let (first, second) = if cc == FloatCC::OrderedNotEqual {
            ((Libcall::LtTf, Cc::L), (Libcall::GtTf, Cc::G))
        } else {
            ((Libcall::EqTf, Cc::E), (Libcall::UnordTf, Cc::Ne))
        };
        let x = self.f128_compare_call(first.0, first.1, a, b);
        let y = self.f128_compare_call(second.0, second.1, a, b);
        self.alu(AluOp::Or, types::I32, x, GprMemImm::Reg { reg: y })
    }

    /// `f128` to an integer of type `to`, truncating. Not saturating: NaN
    /// traps `bad_toint` and values whose truncation does not fit `to`
    /// trap `int_ovf`. Saturating: NaN gives 0 and out-of-range values
    /// the nearest bound.
    pub(super) fn fcvt_f128_to_int(&mut self, signed: bool, sat: bool, to: Type, a: Reg) -> Reg {
        let bits = to.bits();
        if !(to.is_int() && bits <= 64) {
            self.fail(CodegenError::UnsupportedFeature(format!(
                "f128 conversion to `{to}`"
            )));
            return super::PLACEHOLDER;
        }
        // Valid iff lo < a < hi (exact bounds in f128).
        let (lo, hi) = if signed {
            (
                f128_of_int(true, (1u128 << (bits - 1)) + 1),
                f128_of_int(false, 1u128 << (bits - 1)),
            )
        } else {
            (f128_of_int(true, 1), f128_of_int(false, 1u128 << bits))
        };
        let lo = self.fconst_wide(types::F128, lo);
        let hi = self.fconst_wide(types::F128, hi);
        let func = match (signed, bits > 32) {
            (true, false) => Libcall::FixTfSi,
            (true, true) => Libcall::FixTfDi,
            (false, false) => Libcall::FixunsTfSi,
            (false, true) => Libcall::FixunsTfDi,
        };
        if !sat {
            let nan = self.f128_compare_call(Libcall::UnordTf, Cc::Ne, a, a);
            self.trap_if_nonzero(nan, TrapCode::BAD_CONVERSION_TO_INTEGER);
            let below = self.f128_compare_call(Libcall::GtTf, Cc::Le, a, lo);
            self.trap_if_nonzero(below, TrapCode::INTEGER_OVERFLOW);
            let above = self.f128_compare_call(Libcall::LtTf, Cc::Ge, a, hi);
            self.trap_if_nonzero(above, TrapCode::INTEGER_OVERFLOW);
            return self.libcall_reg(func, &[a]);
        }
        let in_lo = self.f128_compare_call(Libcall::GtTf, Cc::G, a, lo);
        let in_hi = self.f128_compare_call(Libcall::LtTf, Cc::L, a, hi);
        let nan = self.f128_compare_call(Libcall::UnordTf, Cc::Ne, a, a);
        let r = self.libcall_reg(func, &[a]);
        let (min, max) = if signed {
            (
                (1u64 << (bits - 1)).wrapping_neg(),
                (1u64 << (bits - 1)) - 1,
            )
        } else {
            (0, u64::MAX >> (64 - bits))
        };
        let ty = if bits > 32 { types::I64 } else { types::I32 };
        let min = self.iconst(ty, min & (u64::MAX >> (64 - ty.bits())));
        let max = self.iconst(ty, max);
        let zero = self.iconst(ty, 0);
        self.test(types::I32, in_lo, GprMemImm::Reg { reg: in_lo });
        let r = self.cmov(ty, Cc::Ne, r, min);
        self.test(types::I32, in_hi, GprMemImm::Reg { reg: in_hi });
        let r = self.cmov(ty, Cc::Ne, r, max);
        self.test(types::I32, nan, GprMemImm::Reg { reg: nan });
        self.cmov(ty, Cc::Ne, zero, r)
    }

    fn trap_if_nonzero(&mut self, flag: Reg, code: TrapCode) {
        self.test(types::I32, flag, GprMemImm::Reg { reg: flag });
        self.emit(MInst::TrapIf {
            cc: Cc::Ne,
            code: emit::trap_code(code),
        });
    }

    /// An integer of type `from` converted to `f128` (exact).
    pub(super) fn fcvt_int_to_f128(&mut self, signed: bool, from: Type, a: Reg) -> Reg {
        use super::Ext;
        let (func, arg) = match (signed, from.bits()) {
            (_, 8 | 16) => {
                let ext = if signed { Ext::Sign } else { Ext::Zero };
                let wide = self.extend(ext, from, types::I32, super::GprMem::Reg { reg: a });
                (Libcall::FloatSiTf, wide)
            }
            (true, 32) => (Libcall::FloatSiTf, a),
            (true, 64) => (Libcall::FloatDiTf, a),
            (false, 32) => (Libcall::FloatunSiTf, a),
            (false, 64) => (Libcall::FloatunDiTf, a),
            _ => {
                self.fail(CodegenError::UnsupportedFeature(format!(
                    "conversion of `{from}` to f128"
                )));
                return super::PLACEHOLDER;
            }
        };
        self.libcall_reg(func, &[arg])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f128_integers_have_the_binary128_encoding() {
        assert_eq!(f128_of_int(false, 1), 0x3fff_u128 << 112);
        assert_eq!(f128_of_int(true, 1), (0xbfff_u128) << 112);
        assert_eq!(f128_of_int(false, 3), (0x4000_u128 << 112) | (1u128 << 111));
        assert_eq!(f128_of_int(false, 1 << 63), (0x3fff_u128 + 63) << 112);
    }

    #[test]
    fn all_lists_every_libcall_once_in_order() {
        for (i, f) in Libcall::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i, "{f:?}");
        }
        assert_eq!(Libcall::ALL.len(), Libcall::FloatunDiTf as usize + 1);
    }

    #[cfg(feature = "interpreter")]
    #[test]
    fn every_libcall_has_a_runtime_implementation() {
        let names: Vec<&str> = crate::runtime::symbols().iter().map(|s| s.0).collect();
        for f in Libcall::ALL {
            let name = f.signature().0;
            assert!(names.contains(&name), "{name}");
        }
    }
}
