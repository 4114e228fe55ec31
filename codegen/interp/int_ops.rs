//! Integer semantics of CLIF at every width, i8 through i128.
//!
//! Operands arrive as [`DataValue`] scalars; each operation works on the
//! `(width, bits)` view of [`value`](super::value) and masks its result back
//! to the width, so wrapping arithmetic is exact at every width. Shift and
//! rotate amounts are taken modulo the width (CLIF masks them). Division
//! traps `int_divz` on a zero divisor and `sdiv` traps `int_ovf` on
//! `MIN / -1`; `srem` of `MIN % -1` is 0.

use super::value::{Fault, OpResult, bool_value, int_parts, make_int, mask, sign_extend};
use crate::data_value::DataValue;
use crate::ir::{IntCC, Opcode, TrapCode};

/// The two operands of a binary integer operation, of the same width.
fn same_width(a: DataValue, b: DataValue) -> OpResult<(u32, u128, u128)> {
    let (wa, x) = int_parts(a)?;
    let (wb, y) = int_parts(b)?;
    if wa != wb {
        return Err(Fault::BadOperands);
    }
    Ok((wa, x, y))
}

/// The high and low halves of the 256-bit product of two `u128`s.
pub(super) fn wide_mul_u128(a: u128, b: u128) -> (u128, u128) {
    let (a_hi, a_lo) = (a >> 64, a & u64::MAX as u128);
    let (b_hi, b_lo) = (b >> 64, b & u64::MAX as u128);
    let lo_lo = a_lo * b_lo;
    let hi_lo = a_hi * b_lo;
    let lo_hi = a_lo * b_hi;
    let hi_hi = a_hi * b_hi;
    let middle = (lo_lo >> 64) + (hi_lo & u64::MAX as u128) + (lo_hi & u64::MAX as u128);
    let lo = (lo_lo & u64::MAX as u128) | (middle << 64);
    let hi = hi_hi + (hi_lo >> 64) + (lo_hi >> 64) + (middle >> 64);
    (hi, lo)
}

/// The high `width` bits of the unsigned `2 * width`-bit product.
fn umulhi(width: u32, x: u128, y: u128) -> u128 {
    if width <= 64 {
        (x * y) >> width
    } else {
        wide_mul_u128(x, y).0
    }
}

/// The high `width` bits of the signed `2 * width`-bit product.
fn smulhi(width: u32, x: u128, y: u128) -> u128 {
    if width <= 64 {
        let p = sign_extend(x, width) * sign_extend(y, width);
        (p >> width) as u128
    } else {
        // Signed high half from the unsigned one: subtract each operand
        // where the other is negative (two's complement identity).
        let mut hi = wide_mul_u128(x, y).0;
        if (x as i128) < 0 {
            hi = hi.wrapping_sub(y);
        }
        if (y as i128) < 0 {
            hi = hi.wrapping_sub(x);
        }
        hi
    }
}

/// The shift or rotate amount of `amount` for a value of `width` bits.
pub(super) fn shift_amount(width: u32, amount: DataValue) -> OpResult<u32> {
    let (_, bits) = int_parts(amount)?;
    Ok((bits & u128::from(width - 1)) as u32)
}

/// Binary integer operations whose operands have the value's width.
pub(super) fn binary(op: Opcode, a: DataValue, b: DataValue) -> OpResult {
    if matches!(
        op,
        Opcode::Ishl | Opcode::Ushr | Opcode::Sshr | Opcode::Rotl | Opcode::Rotr
    ) {
        return shift(op, a, b);
    }
    let (w, x, y) = same_width(a, b)?;
    let m = mask(w);
    let (sx, sy) = (sign_extend(x, w), sign_extend(y, w));
    let smin = sign_extend(1u128 << (w - 1), w);
    let smax = !smin;
    let bits = match op {
        Opcode::Iadd => x.wrapping_add(y),
        Opcode::Isub => x.wrapping_sub(y),
        Opcode::Imul => x.wrapping_mul(y),
        Opcode::Umulhi => umulhi(w, x, y),
        Opcode::Smulhi => smulhi(w, x, y),
        Opcode::Udiv | Opcode::Urem => {
            if y == 0 {
                return Err(Fault::Trap(TrapCode::INTEGER_DIVISION_BY_ZERO));
            }
            if op == Opcode::Udiv { x / y } else { x % y }
        }
        Opcode::Sdiv => {
            if y == 0 {
                return Err(Fault::Trap(TrapCode::INTEGER_DIVISION_BY_ZERO));
            }
            if sx == smin && sy == -1 {
                return Err(Fault::Trap(TrapCode::INTEGER_OVERFLOW));
            }
            sx.wrapping_div(sy) as u128
        }
        Opcode::Srem => {
            if y == 0 {
                return Err(Fault::Trap(TrapCode::INTEGER_DIVISION_BY_ZERO));
            }
            sx.wrapping_rem(sy) as u128
        }
        Opcode::Smin => sx.min(sy) as u128,
        Opcode::Smax => sx.max(sy) as u128,
        Opcode::Umin => x.min(y),
        Opcode::Umax => x.max(y),
        Opcode::AvgRound => (x | y) - ((x ^ y) >> 1),
        Opcode::UaddSat => {
            let s = x.wrapping_add(y) & m;
            if s < x { m } else { s }
        }
        Opcode::UsubSat => x.saturating_sub(y),
        Opcode::SaddSat => sat_signed(sx.checked_add(sy), sx >= 0, w, smin, smax),
        Opcode::SsubSat => sat_signed(sx.checked_sub(sy), sx >= 0, w, smin, smax),
        Opcode::Band => x & y,
        Opcode::Bor => x | y,
        Opcode::Bxor => x ^ y,
        _ => return Err(Fault::Unsupported),
    };
    make_int(w, bits & m)
}

/// A signed saturating result: `exact` if it fits `width` bits, else the
/// bound on the side of `positive`.
fn sat_signed(exact: Option<i128>, positive: bool, width: u32, smin: i128, smax: i128) -> u128 {
    match exact {
        Some(v) if v >= smin && v <= smax => v as u128 & mask(width),
        _ if positive => smax as u128,
        _ => smin as u128,
    }
}

/// Shifts and rotates; the amount may be of any integer type.
fn shift(op: Opcode, a: DataValue, amount: DataValue) -> OpResult {
    let (w, x) = int_parts(a)?;
    let n = shift_amount(w, amount)?;
    let m = mask(w);
    let bits = match op {
        Opcode::Ishl => x << n,
        Opcode::Ushr => x >> n,
        Opcode::Sshr => (sign_extend(x, w) >> n) as u128,
        Opcode::Rotl if n == 0 => x,
        Opcode::Rotl => (x << n) | (x >> (w - n)),
        Opcode::Rotr if n == 0 => x,
        Opcode::Rotr => (x >> n) | (x << (w - n)),
        _ => return Err(Fault::Unsupported),
    };
    make_int(w, bits & m)
}

/// Unary integer operations.
pub(super) fn unary(op: Opcode, a: DataValue) -> OpResult {
    let (w, x) = int_parts(a)?;
    let m = mask(w);
    let clz = |v: u128| v.leading_zeros() - (128 - w);
    let bits = match op {
        Opcode::Ineg => x.wrapping_neg(),
        Opcode::Iabs => sign_extend(x, w).unsigned_abs(),
        Opcode::Bnot => !x,
        Opcode::Clz => u128::from(clz(x)),
        Opcode::Cls => {
            let magnitude = if sign_extend(x, w) < 0 { !x & m } else { x };
            u128::from(clz(magnitude) - 1)
        }
        Opcode::Ctz => u128::from(x.trailing_zeros().min(w)),
        Opcode::Popcnt => u128::from(x.count_ones()),
        Opcode::Bitrev => x.reverse_bits() >> (128 - w),
        Opcode::Bswap => x.swap_bytes() >> (128 - w),
        _ => return Err(Fault::Unsupported),
    };
    make_int(w, bits & m)
}

/// `icmp cond a, b` on scalars.
pub(super) fn icmp(cond: IntCC, a: DataValue, b: DataValue) -> OpResult<bool> {
    let (w, x, y) = same_width(a, b)?;
    let (sx, sy) = (sign_extend(x, w), sign_extend(y, w));
    Ok(match cond {
        IntCC::Equal => x == y,
        IntCC::NotEqual => x != y,
        IntCC::SignedLessThan => sx < sy,
        IntCC::SignedGreaterThanOrEqual => sx >= sy,
        IntCC::SignedGreaterThan => sx > sy,
        IntCC::SignedLessThanOrEqual => sx <= sy,
        IntCC::UnsignedLessThan => x < y,
        IntCC::UnsignedGreaterThanOrEqual => x >= y,
        IntCC::UnsignedGreaterThan => x > y,
        IntCC::UnsignedLessThanOrEqual => x <= y,
    })
}

/// The overflow opcodes: the wrapped result and whether it overflowed.
/// `carry` is the carry/borrow-in operand of the `_cin`/`_bin` forms.
pub(super) fn with_overflow(
    op: Opcode,
    a: DataValue,
    b: DataValue,
    carry: Option<DataValue>,
) -> OpResult<(DataValue, DataValue)> {
    let (w, x, y) = same_width(a, b)?;
    let m = mask(w);
    let c = match carry {
        Some(c) => u128::from(int_parts(c)?.1 != 0),
        None => 0,
    };
    let sign = |v: u128| sign_extend(v, w) < 0;
    let (bits, overflow) = match op {
        Opcode::UaddOverflow | Opcode::UaddOverflowCin | Opcode::UaddOverflowTrap => {
            let s1 = x.wrapping_add(y) & m;
            let s2 = s1.wrapping_add(c) & m;
            (s2, (s1 < x) ^ (s2 < s1))
        }
        Opcode::SaddOverflow | Opcode::SaddOverflowCin => {
            let s1 = x.wrapping_add(y) & m;
            let o1 = sign(x) == sign(y) && sign(s1) != sign(x);
            let s2 = s1.wrapping_add(c) & m;
            let o2 = c != 0 && !sign(s1) && sign(s2);
            (s2, o1 ^ o2)
        }
        Opcode::UsubOverflow | Opcode::UsubOverflowBin => {
            let d1 = x.wrapping_sub(y) & m;
            let d2 = d1.wrapping_sub(c) & m;
            (d2, (x < y) ^ (d1 < c))
        }
        Opcode::SsubOverflow | Opcode::SsubOverflowBin => {
            let d1 = x.wrapping_sub(y) & m;
            let o1 = sign(x) != sign(y) && sign(d1) != sign(x);
            let d2 = d1.wrapping_sub(c) & m;
            let o2 = c != 0 && sign(d1) && !sign(d2);
            (d2, o1 ^ o2)
        }
        Opcode::UmulOverflow => {
            if w <= 64 {
                let p = x * y;
                (p & m, p > m)
            } else {
                let (p, o) = x.overflowing_mul(y);
                (p, o)
            }
        }
        Opcode::SmulOverflow => {
            let (sx, sy) = (sign_extend(x, w), sign_extend(y, w));
            if w <= 64 {
                let p = sx * sy;
                let wrapped = p as u128 & m;
                (wrapped, sign_extend(wrapped, w) != p)
            } else {
                let (p, o) = sx.overflowing_mul(sy);
                (p as u128, o)
            }
        }
        _ => return Err(Fault::Unsupported),
    };
    Ok((make_int(w, bits)?, bool_value(overflow)))
}
