//! The emitting helpers for 128-bit integers, which live in two 64-bit
//! registers (`[lo, hi]`, as [`ValueRegs`]), and for the flag-producing
//! carry chains they share with the narrow carry/borrow opcodes.
//!
//! Invariants: every helper returns both halves fully defined (unlike
//! narrow values, an i128 has no undefined bits); flags are produced and
//! consumed inside one helper, with nothing that writes flags in between
//! (register moves the allocator inserts do not touch flags, and constants
//! that would be materialized with `xor` are made before the chain starts).

use super::{AluOp, BitOp, Ext, GprMem, GprMemImm, IsleCtx, ShiftAmount, ShiftOp, UnaryOp};
use crate::ir::condcodes::IntCC;
use crate::ir::types::{I8, I64};
use crate::isa::x64::args::{Amode, RegMem, RegMemRw};
use crate::isa::x64::inst::{Cc, Inst};
use crate::machinst::error::CodegenError;
use crate::machinst::lower::ValueRegs;
use crate::machinst::reg::{Reg, Rw};

/// The operation applied to the high half when `op` is applied to the low
/// half of a 128-bit value: the carrying form for `add` and `sub`.
fn high_op(op: AluOp) -> AluOp {
    match op {
        AluOp::Add => AluOp::Adc,
        AluOp::Sub => AluOp::Sbb,
        other => other,
    }
}

impl IsleCtx<'_, '_> {
    /// The two halves of an i128 value's registers (a placeholder error
    /// for a value that is not in two registers, which the verifier rules
    /// out).
    pub(super) fn halves(&mut self, regs: &ValueRegs) -> (Reg, Reg) {
        match regs.as_slice() {
            [lo, hi] => (*lo, *hi),
            _ => {
                self.fail(CodegenError::Backend(format!(
                    "a 128-bit value in {} registers",
                    regs.len()
                )));
                (super::PLACEHOLDER, super::PLACEHOLDER)
            }
        }
    }

    fn pair(lo: Reg, hi: Reg) -> ValueRegs {
        smallvec::smallvec![lo, hi]
    }

    fn reg(reg: Reg) -> GprMemImm {
        GprMemImm::Reg { reg }
    }

    /// Sets the carry flag to `c != 0` (`neg` at 8 bits), for a carry or
    /// borrow input.
    fn carry_from(&mut self, c: Reg) {
        let _ = self.unary(UnaryOp::Neg, I8, c);
    }

    /// `a op b + carry` (`adc`) or `a op b - borrow` (`sbb`) at `ty`'s
    /// width, the carry/borrow taken from `c != 0`; the flags describe
    /// the whole operation.
    pub(super) fn alu_carry_in(
        &mut self,
        op: AluOp,
        ty: crate::ir::Type,
        a: Reg,
        b: GprMemImm,
        c: Reg,
    ) -> Reg {
        self.carry_from(c);
        self.alu(op, ty, a, b)
    }

    /// A 128-bit `add`, `sub`, `and`, `or` or `xor`; for `add` and `sub` the
    /// flags describe the whole 128-bit operation afterwards.
    pub(super) fn alu128(&mut self, op: AluOp, a: &ValueRegs, b: &ValueRegs) -> ValueRegs {
        let (al, ah) = self.halves(a);
        let (bl, bh) = self.halves(b);
        let lo = self.alu(op, I64, al, Self::reg(bl));
        let hi = self.alu(high_op(op), I64, ah, Self::reg(bh));
        Self::pair(lo, hi)
    }

    /// A 128-bit `adc` / `sbb` chain with a carry or borrow in (`c != 0`).
    pub(super) fn alu128_carry_in(
        &mut self,
        op: AluOp,
        a: &ValueRegs,
        b: &ValueRegs,
        c: Reg,
    ) -> ValueRegs {
        let (al, ah) = self.halves(a);
        let (bl, bh) = self.halves(b);
        self.carry_from(c);
        let lo = self.alu(op, I64, al, Self::reg(bl));
        let hi = self.alu(op, I64, ah, Self::reg(bh));
        Self::pair(lo, hi)
    }

    /// `not` of both halves.
    pub(super) fn not128(&mut self, a: &ValueRegs) -> ValueRegs {
        let (al, ah) = self.halves(a);
        let lo = self.unary(UnaryOp::Not, I64, al);
        let hi = self.unary(UnaryOp::Not, I64, ah);
        Self::pair(lo, hi)
    }

    /// `0 - a`.
    pub(super) fn neg128(&mut self, a: &ValueRegs) -> ValueRegs {
        let (al, ah) = self.halves(a);
        let zero = self.iconst(I64, 0);
        // `neg` sets CF exactly when the low half is nonzero: the borrow.
        let lo = self.unary(UnaryOp::Neg, I64, al);
        let hi = self.alu(AluOp::Sbb, I64, zero, Self::reg(ah));
        Self::pair(lo, hi)
    }

    /// The low 128 bits of `a * b`.
    pub(super) fn mul128(&mut self, a: &ValueRegs, b: &ValueRegs) -> ValueRegs {
        let (al, ah) = self.halves(a);
        let (bl, bh) = self.halves(b);
        let cross1 = self.imul(I64, al, GprMem::Reg { reg: bh });
        let cross2 = self.imul(I64, ah, GprMem::Reg { reg: bl });
        let cross = self.alu(AluOp::Add, I64, cross1, Self::reg(cross2));
        let lo = self.gpr();
        let carry = self.gpr();
        let rax = Rw {
            read: al,
            write: lo,
        };
        self.emit_asm(Inst::mul_rm64(RegMem::Reg(bl), rax, carry));
        let hi = self.alu(AluOp::Add, I64, carry, Self::reg(cross));
        Self::pair(lo, hi)
    }

    /// The low half of `a * b` at `ty`'s width, with CF and OF set when the
    /// product does not fit (unsigned: `mul`; signed: one-operand `imul`).
    pub(super) fn mul_overflow(
        &mut self,
        signed: bool,
        ty: crate::ir::Type,
        a: Reg,
        b: GprMem,
    ) -> Reg {
        let src = match b {
            GprMem::Reg { reg } => RegMem::Reg(reg),
            GprMem::Mem { addr } => RegMem::Mem(addr),
        };
        let lo = self.gpr();
        let rax = Rw { read: a, write: lo };
        let inst = if ty.bits() == 8 {
            if signed {
                Inst::imul_rm8(src, rax)
            } else {
                Inst::mul_rm8(src, rax)
            }
        } else {
            let hi = self.gpr();
            match (signed, ty.bits()) {
                (false, 16) => Inst::mul_rm16(src, rax, hi),
                (false, 32) => Inst::mul_rm32(src, rax, hi),
                (false, _) => Inst::mul_rm64(src, rax, hi),
                (true, 16) => Inst::imul_rm16(src, rax, hi),
                (true, 32) => Inst::imul_rm32(src, rax, hi),
                (true, _) => Inst::imul_rm64(src, rax, hi),
            }
        };
        self.emit_asm(inst);
        lo
    }

    /// Sets the flags for `icmp cc a, b` on 128-bit values and returns the
    /// condition to test: equality through `xor`/`or`, orderings through
    /// `cmp` + `sbb` (the flags of the 128-bit subtraction), with the
    /// operands swapped for `>` and `<=`.
    pub(super) fn cmp128(&mut self, cc: IntCC, a: &ValueRegs, b: &ValueRegs) -> Cc {
        let (al, ah) = self.halves(a);
        let (bl, bh) = self.halves(b);
        if matches!(cc, IntCC::Equal | IntCC::NotEqual) {
            let x = self.alu(AluOp::Xor, I64, al, Self::reg(bl));
            let y = self.alu(AluOp::Xor, I64, ah, Self::reg(bh));
            let _ = self.alu(AluOp::Or, I64, x, Self::reg(y));
            return if cc == IntCC::Equal { Cc::E } else { Cc::Ne };
        }
        let (swap, result) = match cc {
            IntCC::UnsignedLessThan => (false, Cc::B),
            IntCC::UnsignedGreaterThanOrEqual => (false, Cc::Ae),
            IntCC::UnsignedGreaterThan => (true, Cc::B),
            IntCC::UnsignedLessThanOrEqual => (true, Cc::Ae),
            IntCC::SignedLessThan => (false, Cc::L),
            IntCC::SignedGreaterThanOrEqual => (false, Cc::Ge),
            IntCC::SignedGreaterThan => (true, Cc::L),
            _ => (true, Cc::Ge),
        };
        let ((xl, xh), (yl, yh)) = if swap {
            ((bl, bh), (al, ah))
        } else {
            ((al, ah), (bl, bh))
        };
        self.cmp(I64, xl, Self::reg(yl));
        let _ = self.alu(AluOp::Sbb, I64, xh, Self::reg(yh));
        result
    }

    /// Sets ZF from whether a 128-bit value is zero; returns `ne` (true
    /// when nonzero).
    pub(super) fn test128(&mut self, a: &ValueRegs) -> Cc {
        let (al, ah) = self.halves(a);
        let _ = self.alu(AluOp::Or, I64, al, Self::reg(ah));
        Cc::Ne
    }

    /// `cc ? a : b` for 128-bit values (after the flags are set).
    pub(super) fn cmov128(&mut self, cc: Cc, a: &ValueRegs, b: &ValueRegs) -> ValueRegs {
        let (al, ah) = self.halves(a);
        let (bl, bh) = self.halves(b);
        let lo = self.cmov(I64, cc, al, bl);
        let hi = self.cmov(I64, cc, ah, bh);
        Self::pair(lo, hi)
    }

    /// Extends a value of type `from` (at most 64 bits) to 128 bits.
    pub(super) fn extend128(&mut self, ext: Ext, from: crate::ir::Type, a: Reg) -> ValueRegs {
        let lo = if from.bits() < 64 {
            self.extend(ext, from, I64, GprMem::Reg { reg: a })
        } else {
            a
        };
        let hi = match ext {
            Ext::Zero => self.iconst(I64, 0),
            Ext::Sign => self.shift(ShiftOp::Sar, I64, lo, ShiftAmount::Imm { amount: 63 }),
        };
        Self::pair(lo, hi)
    }

    /// A 128-bit constant from an `iconst` immediate (sign-extended).
    pub(super) fn iconst128(&mut self, imm: i64) -> ValueRegs {
        let lo = self.iconst(I64, imm as u64);
        let hi = self.iconst(I64, (imm >> 63) as u64);
        Self::pair(lo, hi)
    }

    /// Shifts a 128-bit value by `amount` modulo 128.
    pub(super) fn shift128(&mut self, op: ShiftOp, a: &ValueRegs, amount: Reg) -> ValueRegs {
        let (al, ah) = self.halves(a);
        match op {
            ShiftOp::Shl | ShiftOp::Shr | ShiftOp::Sar => self.shift128_by(op, al, ah, amount),
            ShiftOp::Rol | ShiftOp::Ror => {
                // rotl(x, n) = (x << n) | (x >> -n), both modulo 128 (for
                // n = 0 both shifts are the identity).
                let neg = self.unary(UnaryOp::Neg, I64, amount);
                let (first, second) = if op == ShiftOp::Rol {
                    (ShiftOp::Shl, ShiftOp::Shr)
                } else {
                    (ShiftOp::Shr, ShiftOp::Shl)
                };
                let x = self.shift128_by(first, al, ah, amount);
                let y = self.shift128_by(second, al, ah, neg);
                self.alu128(AluOp::Or, &x, &y)
            }
        }
    }

    /// A 128-bit `shl`, `shr` or `sar`: a double shift by `amount & 63`
    /// (the hardware masks the count), then the halves moved over when bit
    /// 6 of the amount is set.
    fn shift128_by(&mut self, op: ShiftOp, lo: Reg, hi: Reg, amount: Reg) -> ValueRegs {
        // The outgoing half gets a double shift pulling bits from the
        // other; the incoming half a plain shift.
        let (wide, narrow_src, narrow_op) = match op {
            ShiftOp::Shl => (hi, lo, ShiftOp::Shl),
            ShiftOp::Shr => (lo, hi, ShiftOp::Shr),
            _ => (lo, hi, ShiftOp::Sar),
        };
        let other = if op == ShiftOp::Shl { lo } else { hi };
        let double = self.gpr();
        let rw = RegMemRw::Reg(Rw {
            read: wide,
            write: double,
        });
        let inst = if op == ShiftOp::Shl {
            Inst::shld_rm64_r64_cl(rw, other, amount)
        } else {
            Inst::shrd_rm64_r64_cl(rw, other, amount)
        };
        self.emit_asm(inst);
        let single = self.shift(narrow_op, I64, narrow_src, ShiftAmount::Reg { reg: amount });
        // What the vacated half becomes when the amount is 64 or more.
        let fill = if op == ShiftOp::Sar {
            self.shift(ShiftOp::Sar, I64, hi, ShiftAmount::Imm { amount: 63 })
        } else {
            self.iconst(I64, 0)
        };
        self.test(I64, amount, GprMemImm::Imm { simm32: 64 });
        // Bit 6 set: the single-shifted half moves over, the fill comes in.
        let moved = self.cmov(I64, Cc::Ne, single, double);
        let kept = self.cmov(I64, Cc::Ne, fill, single);
        if op == ShiftOp::Shl {
            Self::pair(kept, moved)
        } else {
            Self::pair(moved, kept)
        }
    }

    /// Bit counting and byte order on 128-bit values.
    pub(super) fn bitop128(&mut self, op: BitOp, a: &ValueRegs) -> ValueRegs {
        let (al, ah) = self.halves(a);
        match op {
            BitOp::Bswap | BitOp::Bitrev => {
                let lo = self.bitop(op, I64, ah);
                let hi = self.bitop(op, I64, al);
                Self::pair(lo, hi)
            }
            BitOp::Popcnt => {
                let l = self.bitop(op, I64, al);
                let h = self.bitop(op, I64, ah);
                let n = self.alu(AluOp::Add, I64, l, Self::reg(h));
                let zero = self.iconst(I64, 0);
                Self::pair(n, zero)
            }
            BitOp::Clz | BitOp::Ctz => {
                // Count in the half that matters first; if it is all
                // zeros (count 64), add the other half's count.
                let (first, second) = if op == BitOp::Clz { (ah, al) } else { (al, ah) };
                let n1 = self.bitop(op, I64, first);
                let n2 = self.bitop(op, I64, second);
                let n2 = self.alu(AluOp::Add, I64, n2, GprMemImm::Imm { simm32: 64 });
                self.cmp(I64, n1, GprMemImm::Imm { simm32: 64 });
                let n = self.cmov(I64, Cc::E, n2, n1);
                let zero = self.iconst(I64, 0);
                Self::pair(n, zero)
            }
            BitOp::Cls => {
                // Leading zeros of x ^ (x >> 127), minus the sign bit.
                let sign = self.shift(ShiftOp::Sar, I64, ah, ShiftAmount::Imm { amount: 63 });
                let sign = Self::pair(sign, sign);
                let t = self.alu128(AluOp::Xor, a, &sign);
                let n = self.bitop128(BitOp::Clz, &t);
                let (nl, nh) = self.halves(&n);
                let lo = self.alu(AluOp::Sub, I64, nl, GprMemImm::Imm { simm32: 1 });
                Self::pair(lo, nh)
            }
        }
    }

    /// `bmask`: all ones when `a` is nonzero, at 64 bits (narrower types
    /// use the low bits; an i128 result repeats it in both halves).
    pub(super) fn bmask(&mut self, a: &ValueRegs, ty: crate::ir::Type) -> Reg {
        let zero = self.iconst(I64, 0);
        let x = match a.as_slice() {
            [lo, hi] => self.alu(AluOp::Or, I64, *lo, Self::reg(*hi)),
            [one] if ty.bits() < 64 => self.extend(Ext::Zero, ty, I64, GprMem::Reg { reg: *one }),
            [one] => *one,
            _ => {
                let (l, _) = self.halves(a);
                l
            }
        };
        // `neg` sets CF when x is nonzero; `sbb 0, 0` is then -CF.
        let _ = self.unary(UnaryOp::Neg, I64, x);
        self.alu(AluOp::Sbb, I64, zero, Self::reg(zero))
    }

    /// `(x & c) | (y & !c)` at 64 bits.
    pub(super) fn bitselect64(&mut self, c: Reg, x: Reg, y: Reg) -> Reg {
        let t = self.alu(AluOp::And, I64, x, Self::reg(c));
        let nc = self.unary(UnaryOp::Not, I64, c);
        let u = self.alu(AluOp::And, I64, y, Self::reg(nc));
        self.alu(AluOp::Or, I64, t, Self::reg(u))
    }

    /// A 128-bit load (`big`: most significant half first, bytes swapped).
    pub(super) fn load128(&mut self, addr: Amode, big: bool) -> ValueRegs {
        let first = self.load(I64, Ext::Zero, addr);
        let next = self.amode_plus(addr, 8);
        let second = self.load(I64, Ext::Zero, next);
        if big {
            let lo = self.bitop(BitOp::Bswap, I64, second);
            let hi = self.bitop(BitOp::Bswap, I64, first);
            Self::pair(lo, hi)
        } else {
            Self::pair(first, second)
        }
    }

    /// A 128-bit store (`big`: most significant half first, bytes swapped).
    pub(super) fn store128(&mut self, v: &ValueRegs, addr: Amode, big: bool) {
        let (lo, hi) = self.halves(v);
        let (first, second) = if big {
            (
                self.bitop(BitOp::Bswap, I64, hi),
                self.bitop(BitOp::Bswap, I64, lo),
            )
        } else {
            (lo, hi)
        };
        self.store(I64, first, addr);
        let next = self.amode_plus(addr, 8);
        self.store(I64, second, next);
    }

    /// `addr + k` (an address whose displacement would overflow is
    /// computed with `lea`).
    pub(super) fn amode_plus(&mut self, addr: Amode, k: i32) -> Amode {
        match addr {
            Amode::BaseIndexDisp { base, index, disp } => match disp.checked_add(k) {
                Some(disp) => Amode::BaseIndexDisp { base, index, disp },
                None => {
                    let b = self.gpr();
                    self.emit_asm(Inst::lea_r64_m(b, addr));
                    Amode::base(b, k)
                }
            },
            Amode::RipRelative { .. } => {
                let b = self.gpr();
                self.emit_asm(Inst::lea_r64_m(b, addr));
                Amode::base(b, k)
            }
        }
    }

    /// `isplit` of a value of `ty` into halves of half its width (the low
    /// half keeps undefined upper bits, as narrow values may).
    pub(super) fn isplit(&mut self, ty: crate::ir::Type, a: &ValueRegs) -> (Reg, Reg) {
        if ty.bits() == 128 {
            return self.halves(a);
        }
        let (lo, _) = match a.as_slice() {
            [one] => (*one, *one),
            _ => self.halves(a),
        };
        let half = (ty.bits() / 2) as u8;
        let hi = self.shift(ShiftOp::Shr, ty, lo, ShiftAmount::Imm { amount: half });
        (lo, hi)
    }

    /// `iconcat lo, hi` into a value of twice `half`'s width (at most 64
    /// bits; 128-bit results are the pair itself).
    pub(super) fn iconcat_narrow(&mut self, half: crate::ir::Type, lo: Reg, hi: Reg) -> Reg {
        let lo = self.extend(Ext::Zero, half, I64, GprMem::Reg { reg: lo });
        let hi = self.shift(
            ShiftOp::Shl,
            I64,
            hi,
            ShiftAmount::Imm {
                amount: half.bits() as u8,
            },
        );
        self.alu(AluOp::Or, I64, lo, Self::reg(hi))
    }
}
