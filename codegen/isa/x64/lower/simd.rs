//! The 128-bit vector helpers of the x86-64 rules (`rules/x64/95_simd.isle`):
//! `i8x16`, `i16x8`, `i32x4`, `i64x2`, `f32x4` and `f64x2` in XMM registers
//! through SSE2, with SSSE3/SSE4.1 forms when [`super::X64Features::sse41`]
//! says so (every SSE4.1 CPU has SSSE3, so `pshufb`/`phadd` are gated on
//! the same flag). An operation with no SSE2 sequence here reports a clear
//! "unsupported ... without SSE4.1" error instead.
//!
//! Register invariant: a vector fills its XMM register, lane 0 in the low
//! bits. Helpers never write their inputs: every result is a fresh
//! virtual register (two-operand forms read the first operand through
//! `Rw`, so the register allocator copies it when it is still live).
//!
//! CLIF semantics that differ from the bare instructions, and how they are
//! met:
//! - shift amounts are taken modulo the lane width (masked in a GPR first);
//! - unsigned integer comparisons flip the lanes' sign bits and compare
//!   signed (`pcmpgt*`), the inverse conditions complement the mask;
//! - `swizzle` zeroes lanes whose index is 16 or more: a saturating add of
//!   0x70 sets bit 7 of those indices, which `pshufb` turns into zero.

use super::{AluOp, GprMemImm, IsleCtx};
use crate::ir::condcodes::{FloatCC, IntCC};
use crate::ir::{Type, types};
use crate::isa::x64::args::RegMem;
use crate::isa::x64::inst::{Cc, Inst};
use crate::isa::x64::minst::MInst;
use crate::machinst::error::CodegenError;
use crate::machinst::forms::AsmError;
use crate::machinst::reg::{Reg, RegClass, Rw};

/// A two-operand XMM form `dst = dst op src`.
type XmmRm = fn(Rw, RegMem) -> Result<Inst, AsmError>;
/// A shift-by-immediate form.
type XmmImm = fn(Rw, i64) -> Result<Inst, AsmError>;

/// The lane-wise binary operations with a direct instruction per lane type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VecBinOp {
    /// `iadd`
    Iadd,
    /// `isub`
    Isub,
    /// `imul`
    Imul,
    /// `band`
    Band,
    /// `bor`
    Bor,
    /// `bxor`
    Bxor,
    /// `uadd_sat`
    UaddSat,
    /// `sadd_sat`
    SaddSat,
    /// `usub_sat`
    UsubSat,
    /// `ssub_sat`
    SsubSat,
    /// `avg_round`
    AvgRound,
    /// `iadd_pairwise`
    IaddPairwise,
    /// `snarrow` (the operands' type)
    Snarrow,
    /// `unarrow` (the operands' type)
    Unarrow,
    /// `fadd`
    Fadd,
    /// `fsub`
    Fsub,
    /// `fmul`
    Fmul,
    /// `fdiv`
    Fdiv,
}

/// Vector shifts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VecShift {
    /// `ishl`
    Ishl,
    /// `ushr`
    Ushr,
    /// `sshr`
    Sshr,
}

/// Whether `ty` is a 128-bit vector type.
pub(super) fn is_vec128(ty: Type) -> bool {
    ty.is_vector() && ty.bits() == 128
}

/// The 128-bit pattern with `lane` (of `bits` bits) repeated.
fn splat_bits(bits: u32, lane: u128) -> u128 {
    let mask = if bits >= 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    };
    (0..128 / bits).fold(0, |acc, i| acc | ((lane & mask) << (i * bits)))
}

/// `pshufb` control bytes (`0x80`: zero) as a 128-bit constant.
fn byte_mask(bytes: [u8; 16]) -> u128 {
    u128::from_le_bytes(bytes)
}

impl IsleCtx<'_, '_> {
    fn vreg(&mut self) -> Reg {
        self.tmp(RegClass::Float)
    }

    /// Reports `what` as unsupported without SSE4.1 and returns `false`
    /// when the feature is off.
    fn need_sse41(&mut self, what: &str) -> bool {
        if self.backend.features.sse41 {
            true
        } else {
            self.fail(CodegenError::UnsupportedFeature(format!(
                "{what} on x86_64 without SSE4.1 (`has_sse41`)"
            )));
            false
        }
    }

    fn vec_unsupported(&mut self, what: &str, ty: Type) -> Reg {
        self.fail(CodegenError::UnsupportedFeature(format!(
            "`{what}` of type `{ty}` on x86_64"
        )));
        self.vreg()
    }

    /// `dst = a op b` with the two-operand form `f`.
    fn xmm_op(&mut self, f: XmmRm, a: Reg, b: Reg) -> Reg {
        let dst = self.vreg();
        self.emit_asm(f(
            Rw {
                read: a,
                write: dst,
            },
            RegMem::Reg(b),
        ));
        dst
    }

    /// `dst = f(a)` with a write-only form (`pshufd`-like forms excluded).
    fn xmm_unary(&mut self, f: fn(Reg, RegMem) -> Result<Inst, AsmError>, a: Reg) -> Reg {
        let dst = self.vreg();
        self.emit_asm(f(dst, RegMem::Reg(a)));
        dst
    }

    /// `pshufd dst, a, imm`.
    fn pshufd(&mut self, a: Reg, imm: u8) -> Reg {
        let dst = self.vreg();
        self.emit_asm(Inst::pshufd_xmm_xmm_m128_imm8(
            dst,
            RegMem::Reg(a),
            i64::from(imm),
        ));
        dst
    }

    /// A 128-bit constant of vector type `ty`.
    pub(super) fn vconst_bits(&mut self, ty: Type, bits: u128) -> Reg {
        let dst = self.vreg();
        if bits == 0 {
            self.emit(MInst::Zero { dst });
        } else {
            self.emit(MInst::LoadConst { dst, bits, ty });
        }
        dst
    }

    /// A copy of a vector register (`movdqa`).
    pub(super) fn vcopy(&mut self, a: Reg) -> Reg {
        self.xmm_unary(Inst::movdqa_xmm_xmm_m128, a)
    }

    /// `!a`.
    pub(super) fn vnot(&mut self, a: Reg) -> Reg {
        let ones = self.vconst_bits(types::I8X16, u128::MAX);
        self.xmm_op(Inst::pxor_xmm_xmm_m128, a, ones)
    }

    /// `a op b` lane-wise for vectors of type `ty`.
    pub(super) fn vec_binop(&mut self, op: VecBinOp, ty: Type, a: Reg, b: Reg) -> Reg {
        use VecBinOp as V;
        let lane = ty.lane_type();
        let float = lane.is_float();
        let bits = lane.bits();
        let f: Option<XmmRm> = match (op, float, bits) {
            (V::Iadd, false, 8) => Some(Inst::paddb_xmm_xmm_m128),
            (V::Iadd, false, 16) => Some(Inst::paddw_xmm_xmm_m128),
            (V::Iadd, false, 32) => Some(Inst::paddd_xmm_xmm_m128),
            (V::Iadd, false, 64) => Some(Inst::paddq_xmm_xmm_m128),
            (V::Isub, false, 8) => Some(Inst::psubb_xmm_xmm_m128),
            (V::Isub, false, 16) => Some(Inst::psubw_xmm_xmm_m128),
            (V::Isub, false, 32) => Some(Inst::psubd_xmm_xmm_m128),
            (V::Isub, false, 64) => Some(Inst::psubq_xmm_xmm_m128),
            (V::Imul, false, 16) => Some(Inst::pmullw_xmm_xmm_m128),
            (V::Imul, false, 32) if self.need_sse41("`imul` of `i32x4`") => {
                Some(Inst::pmulld_xmm_xmm_m128)
            }
            (V::Band, _, _) => Some(Inst::pand_xmm_xmm_m128),
            (V::Bor, _, _) => Some(Inst::por_xmm_xmm_m128),
            (V::Bxor, _, _) => Some(Inst::pxor_xmm_xmm_m128),
            (V::UaddSat, false, 8) => Some(Inst::paddusb_xmm_xmm_m128),
            (V::UaddSat, false, 16) => Some(Inst::paddusw_xmm_xmm_m128),
            (V::SaddSat, false, 8) => Some(Inst::paddsb_xmm_xmm_m128),
            (V::SaddSat, false, 16) => Some(Inst::paddsw_xmm_xmm_m128),
            (V::UsubSat, false, 8) => Some(Inst::psubusb_xmm_xmm_m128),
            (V::UsubSat, false, 16) => Some(Inst::psubusw_xmm_xmm_m128),
            (V::SsubSat, false, 8) => Some(Inst::psubsb_xmm_xmm_m128),
            (V::SsubSat, false, 16) => Some(Inst::psubsw_xmm_xmm_m128),
            (V::AvgRound, false, 8) => Some(Inst::pavgb_xmm_xmm_m128),
            (V::AvgRound, false, 16) => Some(Inst::pavgw_xmm_xmm_m128),
            (V::IaddPairwise, false, 16) if self.need_sse41("`iadd_pairwise`") => {
                Some(Inst::phaddw_xmm_xmm_m128)
            }
            (V::IaddPairwise, false, 32) if self.need_sse41("`iadd_pairwise`") => {
                Some(Inst::phaddd_xmm_xmm_m128)
            }
            (V::Snarrow, false, 16) => Some(Inst::packsswb_xmm_xmm_m128),
            (V::Snarrow, false, 32) => Some(Inst::packssdw_xmm_xmm_m128),
            (V::Unarrow, false, 16) => Some(Inst::packuswb_xmm_xmm_m128),
            (V::Unarrow, false, 32) if self.need_sse41("`unarrow` of `i32x4`") => {
                Some(Inst::packusdw_xmm_xmm_m128)
            }
            (V::Fadd, true, 32) => Some(Inst::addps_xmm_xmm_m128),
            (V::Fadd, true, 64) => Some(Inst::addpd_xmm_xmm_m128),
            (V::Fsub, true, 32) => Some(Inst::subps_xmm_xmm_m128),
            (V::Fsub, true, 64) => Some(Inst::subpd_xmm_xmm_m128),
            (V::Fmul, true, 32) => Some(Inst::mulps_xmm_xmm_m128),
            (V::Fmul, true, 64) => Some(Inst::mulpd_xmm_xmm_m128),
            (V::Fdiv, true, 32) => Some(Inst::divps_xmm_xmm_m128),
            (V::Fdiv, true, 64) => Some(Inst::divpd_xmm_xmm_m128),
            _ => None,
        };
        match f {
            Some(f) => self.xmm_op(f, a, b),
            None => {
                let name = format!("{op:?}").to_lowercase();
                self.vec_unsupported(&name, ty)
            }
        }
    }

    /// `a << n`, `a >> n` lane-wise with the amount taken modulo the lane
    /// width (`n` in a GPR; `imm`: a constant amount).
    pub(super) fn vec_shift(
        &mut self,
        op: VecShift,
        ty: Type,
        a: Reg,
        n: Reg,
        imm: Option<u64>,
    ) -> Reg {
        let bits = ty.lane_type().bits();
        let forms: Option<(XmmRm, XmmImm)> = match (op, bits) {
            (VecShift::Ishl, 16) => Some((Inst::psllw_xmm_xmm_m128, Inst::psllw_xmm_imm8)),
            (VecShift::Ishl, 32) => Some((Inst::pslld_xmm_xmm_m128, Inst::pslld_xmm_imm8)),
            (VecShift::Ishl, 64) => Some((Inst::psllq_xmm_xmm_m128, Inst::psllq_xmm_imm8)),
            (VecShift::Ushr, 16) => Some((Inst::psrlw_xmm_xmm_m128, Inst::psrlw_xmm_imm8)),
            (VecShift::Ushr, 32) => Some((Inst::psrld_xmm_xmm_m128, Inst::psrld_xmm_imm8)),
            (VecShift::Ushr, 64) => Some((Inst::psrlq_xmm_xmm_m128, Inst::psrlq_xmm_imm8)),
            (VecShift::Sshr, 16) => Some((Inst::psraw_xmm_xmm_m128, Inst::psraw_xmm_imm8)),
            (VecShift::Sshr, 32) => Some((Inst::psrad_xmm_xmm_m128, Inst::psrad_xmm_imm8)),
            _ => None,
        };
        let Some((by_reg, by_imm)) = forms else {
            let name = format!("{op:?}").to_lowercase();
            return self.vec_unsupported(&name, ty);
        };
        let dst = self.vreg();
        let rw = Rw {
            read: a,
            write: dst,
        };
        let mask = u64::from(bits - 1);
        if let Some(k) = imm {
            self.emit_asm(by_imm(rw, (k & mask) as i64));
            return dst;
        }
        let masked = self.alu(
            AluOp::And,
            types::I32,
            n,
            GprMemImm::Imm {
                simm32: mask as i32,
            },
        );
        let count = self.vreg();
        self.emit_asm(Inst::movd_xmm_rm32(count, RegMem::Reg(masked)));
        self.emit_asm(by_reg(rw, RegMem::Reg(count)));
        dst
    }

    /// `icmp cc a, b` lane-wise: all ones where it holds.
    pub(super) fn vec_icmp(&mut self, cc: IntCC, ty: Type, a: Reg, b: Reg) -> Reg {
        let bits = ty.lane_type().bits();
        let eq: XmmRm = match bits {
            8 => Inst::pcmpeqb_xmm_xmm_m128,
            16 => Inst::pcmpeqw_xmm_xmm_m128,
            32 => Inst::pcmpeqd_xmm_xmm_m128,
            _ => {
                if !self.need_sse41("`icmp` of `i64x2`") {
                    return self.vreg();
                }
                Inst::pcmpeqq_xmm_xmm_m128
            }
        };
        let gt: Option<XmmRm> = match bits {
            8 => Some(Inst::pcmpgtb_xmm_xmm_m128),
            16 => Some(Inst::pcmpgtw_xmm_xmm_m128),
            32 => Some(Inst::pcmpgtd_xmm_xmm_m128),
            _ => None,
        };
        match cc {
            IntCC::Equal => return self.xmm_op(eq, a, b),
            IntCC::NotEqual => {
                let m = self.xmm_op(eq, a, b);
                return self.vnot(m);
            }
            _ => {}
        }
        let Some(gt) = gt else {
            return self.vec_unsupported("icmp (ordered)", ty);
        };
        let unsigned = matches!(
            cc,
            IntCC::UnsignedLessThan
                | IntCC::UnsignedLessThanOrEqual
                | IntCC::UnsignedGreaterThan
                | IntCC::UnsignedGreaterThanOrEqual
        );
        let (a, b) = if unsigned {
            let sign = self.vconst_bits(ty, splat_bits(bits, 1u128 << (bits - 1)));
            (
                self.xmm_op(Inst::pxor_xmm_xmm_m128, a, sign),
                self.xmm_op(Inst::pxor_xmm_xmm_m128, b, sign),
            )
        } else {
            (a, b)
        };
        // `x > y` as (x, y, complement).
        let (x, y, not) = match cc {
            IntCC::SignedGreaterThan | IntCC::UnsignedGreaterThan => (a, b, false),
            IntCC::SignedLessThan | IntCC::UnsignedLessThan => (b, a, false),
            IntCC::SignedLessThanOrEqual | IntCC::UnsignedLessThanOrEqual => (a, b, true),
            _ => (b, a, true),
        };
        let m = self.xmm_op(gt, x, y);
        if not { self.vnot(m) } else { m }
    }

    /// `fcmp cc a, b` lane-wise: all ones where it holds.
    pub(super) fn vec_fcmp(&mut self, cc: FloatCC, ty: Type, a: Reg, b: Reg) -> Reg {
        let double = ty.lane_type() == types::F64;
        let pick = |ps: XmmRm, pd: XmmRm| if double { pd } else { ps };
        let eq = pick(Inst::cmpeqps_xmm_xmm_m128, Inst::cmpeqpd_xmm_xmm_m128);
        let lt = pick(Inst::cmpltps_xmm_xmm_m128, Inst::cmpltpd_xmm_xmm_m128);
        let le = pick(Inst::cmpleps_xmm_xmm_m128, Inst::cmplepd_xmm_xmm_m128);
        let unord = pick(Inst::cmpunordps_xmm_xmm_m128, Inst::cmpunordpd_xmm_xmm_m128);
        let neq = pick(Inst::cmpneqps_xmm_xmm_m128, Inst::cmpneqpd_xmm_xmm_m128);
        let nlt = pick(Inst::cmpnltps_xmm_xmm_m128, Inst::cmpnltpd_xmm_xmm_m128);
        let nle = pick(Inst::cmpnleps_xmm_xmm_m128, Inst::cmpnlepd_xmm_xmm_m128);
        let ord = pick(Inst::cmpordps_xmm_xmm_m128, Inst::cmpordpd_xmm_xmm_m128);
        match cc {
            FloatCC::Equal => self.xmm_op(eq, a, b),
            FloatCC::NotEqual => self.xmm_op(neq, a, b),
            FloatCC::LessThan => self.xmm_op(lt, a, b),
            FloatCC::LessThanOrEqual => self.xmm_op(le, a, b),
            FloatCC::GreaterThan => self.xmm_op(lt, b, a),
            FloatCC::GreaterThanOrEqual => self.xmm_op(le, b, a),
            FloatCC::Ordered => self.xmm_op(ord, a, b),
            FloatCC::Unordered => self.xmm_op(unord, a, b),
            FloatCC::UnorderedOrLessThan => self.xmm_op(nle, b, a),
            FloatCC::UnorderedOrLessThanOrEqual => self.xmm_op(nlt, b, a),
            FloatCC::UnorderedOrGreaterThan => self.xmm_op(nle, a, b),
            FloatCC::UnorderedOrGreaterThanOrEqual => self.xmm_op(nlt, a, b),
            FloatCC::OrderedNotEqual => {
                let ne = self.xmm_op(neq, a, b);
                let o = self.xmm_op(ord, a, b);
                self.xmm_op(Inst::pand_xmm_xmm_m128, ne, o)
            }
            FloatCC::UnorderedOrEqual => {
                let e = self.xmm_op(eq, a, b);
                let u = self.xmm_op(unord, a, b);
                self.xmm_op(Inst::por_xmm_xmm_m128, e, u)
            }
        }
    }

    /// `bitselect c, x, y`: bits of `x` where `c` is set, else of `y`.
    pub(super) fn vec_bitselect(&mut self, c: Reg, x: Reg, y: Reg) -> Reg {
        let picked = self.xmm_op(Inst::pand_xmm_xmm_m128, x, c);
        let rest = self.xmm_op(Inst::pandn_xmm_xmm_m128, c, y);
        self.xmm_op(Inst::por_xmm_xmm_m128, picked, rest)
    }

    /// `fneg` (`abs`: `fabs`) of a float vector: the sign bits flipped
    /// (cleared).
    pub(super) fn vec_fsign(&mut self, abs: bool, ty: Type, a: Reg) -> Reg {
        let bits = ty.lane_type().bits();
        let sign = self.vconst_bits(ty, splat_bits(bits, 1u128 << (bits - 1)));
        if abs {
            self.xmm_op(Inst::pandn_xmm_xmm_m128, sign, a)
        } else {
            self.xmm_op(Inst::pxor_xmm_xmm_m128, a, sign)
        }
    }

    /// `splat` of the scalar `x` (a GPR for integer lanes, an XMM register
    /// for float lanes) to every lane of `ty`.
    pub(super) fn vec_splat(&mut self, ty: Type, x: Reg) -> Reg {
        let lane = ty.lane_type();
        let v = if lane.is_float() {
            x
        } else {
            let v = self.vreg();
            let inst = if lane.bits() == 64 {
                Inst::movq_xmm_rm64(v, RegMem::Reg(x))
            } else {
                Inst::movd_xmm_rm32(v, RegMem::Reg(x))
            };
            self.emit_asm(inst);
            v
        };
        match lane.bits() {
            8 => {
                let w = self.xmm_op(Inst::punpcklbw_xmm_xmm_m128, v, v);
                let d = self.xmm_op(Inst::punpcklwd_xmm_xmm_m128, w, w);
                self.pshufd(d, 0)
            }
            16 => {
                let d = self.xmm_op(Inst::punpcklwd_xmm_xmm_m128, v, v);
                self.pshufd(d, 0)
            }
            32 => self.pshufd(v, 0),
            _ => self.pshufd(v, 0x44),
        }
    }

    /// `extractlane x, lane`: a GPR for integer lanes, an XMM register (the
    /// lane in the low bits) for float lanes.
    pub(super) fn vec_extractlane(&mut self, ty: Type, x: Reg, lane: u8) -> Reg {
        let lane_ty = ty.lane_type();
        let bits = lane_ty.bits();
        if u32::from(lane) >= ty.lane_count() {
            self.fail(CodegenError::Backend(format!(
                "extractlane: lane {lane} of `{ty}`"
            )));
            return self.vreg();
        }
        let l = u32::from(lane);
        if bits <= 16 {
            let word = if bits == 8 { l / 2 } else { l };
            let dst = self.gpr();
            self.emit_asm(Inst::pextrw_r32_xmm_imm8(dst, x, i64::from(word)));
            if bits == 8 && l % 2 == 1 {
                return self.shift(
                    super::ShiftOp::Shr,
                    types::I32,
                    dst,
                    super::ShiftAmount::Imm { amount: 8 },
                );
            }
            return dst;
        }
        // Bring the lane down to lane 0 (32-bit lane indexes for pshufd).
        let moved = if l == 0 {
            x
        } else if bits == 32 {
            self.pshufd(x, lane)
        } else {
            self.pshufd(x, 0xEE)
        };
        if lane_ty.is_float() {
            return if l == 0 { self.vcopy(x) } else { moved };
        }
        let dst = self.gpr();
        let inst = if bits == 64 {
            Inst::movq_rm64_xmm(RegMem::Reg(dst), moved)
        } else {
            Inst::movd_rm32_xmm(RegMem::Reg(dst), moved)
        };
        self.emit_asm(inst);
        dst
    }

    /// `insertlane v, x, lane` (`x` a GPR for integer lanes, an XMM register
    /// for float lanes).
    pub(super) fn vec_insertlane(&mut self, ty: Type, v: Reg, x: Reg, lane: u8) -> Reg {
        let lane_ty = ty.lane_type();
        if u32::from(lane) >= ty.lane_count() {
            self.fail(CodegenError::Backend(format!(
                "insertlane: lane {lane} of `{ty}`"
            )));
            return self.vreg();
        }
        let dst = self.vreg();
        let rw = Rw {
            read: v,
            write: dst,
        };
        let imm = i64::from(lane);
        match (lane_ty.is_float(), lane_ty.bits()) {
            (false, 16) => self.emit_asm(Inst::pinsrw_xmm_r32_imm8(rw, x, imm)),
            (false, 8) if self.need_sse41("`insertlane` of `i8x16`") => {
                self.emit_asm(Inst::pinsrb_xmm_r32_imm8(rw, x, imm))
            }
            (false, 32) if self.need_sse41("`insertlane` of `i32x4`") => {
                self.emit_asm(Inst::pinsrd_xmm_rm32_imm8(rw, RegMem::Reg(x), imm))
            }
            (false, 64) if self.need_sse41("`insertlane` of `i64x2`") => {
                self.emit_asm(Inst::pinsrq_xmm_rm64_imm8(rw, RegMem::Reg(x), imm))
            }
            (true, 64) if lane == 0 => self.emit_asm(Inst::movsd_xmm_xmm(rw, x)),
            (true, 64) => self.emit_asm(Inst::punpcklqdq_xmm_xmm_m128(rw, RegMem::Reg(x))),
            (true, _) => return self.vec_unsupported("insertlane", ty),
            _ => {}
        }
        dst
    }

    /// `vany_true x`: 1 if any bit is set.
    pub(super) fn vec_any_true(&mut self, x: Reg) -> Reg {
        let zero = self.vconst_bits(types::I8X16, 0);
        let eq = self.xmm_op(Inst::pcmpeqb_xmm_xmm_m128, x, zero);
        let mask = self.gpr();
        self.emit_asm(Inst::pmovmskb_r32_xmm(mask, eq));
        self.cmp(types::I32, mask, GprMemImm::Imm { simm32: 0xffff });
        self.setcc(Cc::Ne)
    }

    /// `vall_true x`: 1 if no lane of `ty` is zero.
    pub(super) fn vec_all_true(&mut self, ty: Type, x: Reg) -> Reg {
        let zero = self.vconst_bits(ty, 0);
        let lanes_zero = self.vec_icmp(IntCC::Equal, ty.as_int(), x, zero);
        let mask = self.gpr();
        self.emit_asm(Inst::pmovmskb_r32_xmm(mask, lanes_zero));
        self.test(types::I32, mask, GprMemImm::Reg { reg: mask });
        self.setcc(Cc::E)
    }

    /// `vhigh_bits x`: lane `i`'s top bit in bit `i`.
    pub(super) fn vec_high_bits(&mut self, ty: Type, x: Reg) -> Reg {
        let dst = self.gpr();
        match ty.lane_type().bits() {
            8 => self.emit_asm(Inst::pmovmskb_r32_xmm(dst, x)),
            16 => {
                let packed = self.xmm_op(Inst::packsswb_xmm_xmm_m128, x, x);
                self.emit_asm(Inst::pmovmskb_r32_xmm(dst, packed));
                return self.alu(AluOp::And, types::I32, dst, GprMemImm::Imm { simm32: 0xff });
            }
            32 => self.emit_asm(Inst::movmskps_r32_xmm(dst, x)),
            _ => self.emit_asm(Inst::movmskpd_r32_xmm(dst, x)),
        }
        dst
    }

    /// `swiden_low`/`swiden_high`/`uwiden_low`/`uwiden_high` of `x` (of
    /// type `from`): the low or high half's lanes extended to twice the
    /// width.
    pub(super) fn vec_widen(&mut self, signed: bool, high: bool, from: Type, x: Reg) -> Reg {
        let bits = from.lane_type().bits();
        let unpack: XmmRm = match (high, bits) {
            (false, 8) => Inst::punpcklbw_xmm_xmm_m128,
            (false, 16) => Inst::punpcklwd_xmm_xmm_m128,
            (false, 32) => Inst::punpckldq_xmm_xmm_m128,
            (true, 8) => Inst::punpckhbw_xmm_xmm_m128,
            (true, 16) => Inst::punpckhwd_xmm_xmm_m128,
            (true, 32) => Inst::punpckhdq_xmm_xmm_m128,
            _ => return self.vec_unsupported("widen", from),
        };
        let upper = if signed {
            // The sign of each lane, as a lane of all ones or zeros.
            let zero = self.vconst_bits(from, 0);
            self.vec_icmp(IntCC::SignedGreaterThan, from, zero, x)
        } else {
            self.vconst_bits(from, 0)
        };
        self.xmm_op(unpack, x, upper)
    }

    /// `swizzle x, idx`: byte `i` is `x[idx[i]]`, or 0 if `idx[i] >= 16`.
    pub(super) fn vec_swizzle(&mut self, x: Reg, idx: Reg) -> Reg {
        if !self.need_sse41("`swizzle`") {
            return self.vreg();
        }
        let bias = self.vconst_bits(types::I8X16, splat_bits(8, 0x70));
        let control = self.xmm_op(Inst::paddusb_xmm_xmm_m128, idx, bias);
        self.xmm_op(Inst::pshufb_xmm_xmm_m128, x, control)
    }

    /// `shuffle a, b, mask`: byte `i` is byte `mask[i]` of `a:b` (0 if
    /// `mask[i] >= 32`).
    pub(super) fn vec_shuffle(&mut self, a: Reg, b: Reg, mask: [u8; 16]) -> Reg {
        if !self.need_sse41("`shuffle`") {
            return self.vreg();
        }
        let from_a = mask.map(|m| if m < 16 { m } else { 0x80 });
        let from_b = mask.map(|m| if (16..32).contains(&m) { m - 16 } else { 0x80 });
        let ca = self.vconst_bits(types::I8X16, byte_mask(from_a));
        let pa = self.xmm_op(Inst::pshufb_xmm_xmm_m128, a, ca);
        if from_b.iter().all(|&m| m == 0x80) {
            return pa;
        }
        let cb = self.vconst_bits(types::I8X16, byte_mask(from_b));
        let pb = self.xmm_op(Inst::pshufb_xmm_xmm_m128, b, cb);
        self.xmm_op(Inst::por_xmm_xmm_m128, pa, pb)
    }

    /// `bitcast` from vector type `from` to vector type `to` (`big`: lanes
    /// in big-endian byte order, which reverses the bytes of each source
    /// lane and then of each destination lane).
    pub(super) fn vec_bitcast(&mut self, big: bool, from: Type, to: Type, x: Reg) -> Reg {
        let (fb, tb) = (from.lane_type().bytes(), to.lane_type().bytes());
        if !big || fb == tb {
            return self.vcopy(x);
        }
        if !self.need_sse41("big-endian `bitcast` between lane sizes") {
            return self.vreg();
        }
        let reverse = |i: u32, w: u32| (i / w) * w + (w - 1 - i % w);
        let mut control = [0u8; 16];
        for (i, c) in (0u32..).zip(control.iter_mut()) {
            *c = reverse(reverse(i, tb), fb) as u8;
        }
        let c = self.vconst_bits(types::I8X16, byte_mask(control));
        self.xmm_op(Inst::pshufb_xmm_xmm_m128, x, c)
    }

    /// An `i128` (two GPRs) as a vector, and back.
    pub(super) fn vec_from_i128(&mut self, lo: Reg, hi: Reg) -> Reg {
        let l = self.vreg();
        self.emit_asm(Inst::movq_xmm_rm64(l, RegMem::Reg(lo)));
        let h = self.vreg();
        self.emit_asm(Inst::movq_xmm_rm64(h, RegMem::Reg(hi)));
        self.xmm_op(Inst::punpcklqdq_xmm_xmm_m128, l, h)
    }

    /// The two 64-bit halves of a vector.
    pub(super) fn vec_to_i128(&mut self, x: Reg) -> (Reg, Reg) {
        let lo = self.gpr();
        self.emit_asm(Inst::movq_rm64_xmm(RegMem::Reg(lo), x));
        let high = self.pshufd(x, 0xEE);
        let hi = self.gpr();
        self.emit_asm(Inst::movq_rm64_xmm(RegMem::Reg(hi), high));
        (lo, hi)
    }

    /// `fvpromote_low`: the two low `f32` lanes as `f64`s.
    pub(super) fn vec_fvpromote_low(&mut self, x: Reg) -> Reg {
        self.xmm_unary(Inst::cvtps2pd_xmm_xmm_m64, x)
    }

    /// `fcvt_from_sint` of `i32x4` to `f32x4`.
    pub(super) fn vec_fcvt_from_sint(&mut self, from: Type, x: Reg) -> Reg {
        if from != types::I32X4 {
            return self.vec_unsupported("fcvt_from_sint", from);
        }
        self.xmm_unary(Inst::cvtdq2ps_xmm_xmm_m128, x)
    }

    /// A vector load and store (`movdqu`, any alignment).
    pub(super) fn vec_load(&mut self, addr: crate::isa::x64::args::Amode) -> Reg {
        let dst = self.vreg();
        self.emit_asm(Inst::movdqu_xmm_xmm_m128(dst, RegMem::Mem(addr)));
        dst
    }

    /// See [`Self::vec_load`].
    pub(super) fn vec_store(&mut self, src: Reg, addr: crate::isa::x64::args::Amode) {
        self.emit_asm(Inst::movdqu_xmm_m128_xmm(RegMem::Mem(addr), src));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splat_bits_repeats_the_lane() {
        assert_eq!(
            splat_bits(8, 0x70),
            0x7070_7070_7070_7070_7070_7070_7070_7070
        );
        assert_eq!(
            splat_bits(32, 0x8000_0000),
            0x8000_0000_8000_0000_8000_0000_8000_0000
        );
        assert_eq!(
            splat_bits(64, 0x1_ffff_ffff_ffff_ffff),
            0xffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff
        );
    }

    #[test]
    fn only_128_bit_vectors_are_vec128() {
        assert!(is_vec128(types::I8X16) && is_vec128(types::F64X2));
        assert!(!is_vec128(types::I8X8) && !is_vec128(types::I128));
    }
}
