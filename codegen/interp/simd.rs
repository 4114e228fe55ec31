//! Vector semantics: lane-wise application of the scalar operations, and
//! the lane-moving opcodes (`splat`, `extractlane`, `insertlane`,
//! `shuffle`, `swizzle`, narrowing, widening, ...).
//!
//! Vectors are at most 128 bits ([`DataValue::Vector`]); lane `i` is bytes
//! `i * lane_bytes ..` in little-endian order. A lane-wise comparison gives
//! lanes of all ones (true) or zero.

use super::value::{
    Fault, OpResult, check_vector_type, get_lane, int_parts, lane_value, make_int, mask, set_lane,
    sign_extend, vector_parts,
};
use crate::data_value::DataValue;
use crate::ir::{Opcode, Type};

/// A vector of type `ty` whose lane `i` is `f(i)`; every lane must have
/// `ty`'s lane type.
fn build(ty: Type, mut f: impl FnMut(usize) -> OpResult) -> OpResult {
    check_vector_type(ty)?;
    let lane_ty = ty.lane_type();
    let lane_bytes = lane_ty.bytes() as usize;
    let mut bytes = [0u8; 16];
    for i in 0..ty.lane_count() as usize {
        let lane = f(i)?;
        if lane.ty() != lane_ty {
            return Err(Fault::BadOperands);
        }
        set_lane(
            &mut bytes,
            lane_bytes,
            i,
            lane.to_bits().ok_or(Fault::BadOperands)?,
        );
    }
    Ok(DataValue::Vector(ty, bytes))
}

/// `f` applied to each lane of `a`; the result has `a`'s type.
pub(super) fn map1(a: DataValue, mut f: impl FnMut(DataValue) -> OpResult) -> OpResult {
    let (ty, bytes) = vector_parts(a)?;
    build(ty, |i| f(lane_value(ty, &bytes, i)?))
}

/// `f` applied to each pair of lanes of `a` and `b` (of one type).
pub(super) fn map2(
    a: DataValue,
    b: DataValue,
    mut f: impl FnMut(DataValue, DataValue) -> OpResult,
) -> OpResult {
    let (ty, x) = vector_parts(a)?;
    let (ty_b, y) = vector_parts(b)?;
    if ty != ty_b {
        return Err(Fault::BadOperands);
    }
    build(ty, |i| f(lane_value(ty, &x, i)?, lane_value(ty, &y, i)?))
}

/// `f` applied to each triple of lanes of `a`, `b`, `c` (of one type).
pub(super) fn map3(
    a: DataValue,
    b: DataValue,
    c: DataValue,
    mut f: impl FnMut(DataValue, DataValue, DataValue) -> OpResult,
) -> OpResult {
    let (ty, x) = vector_parts(a)?;
    let (ty_b, y) = vector_parts(b)?;
    let (ty_c, z) = vector_parts(c)?;
    if ty != ty_b || ty != ty_c {
        return Err(Fault::BadOperands);
    }
    build(ty, |i| {
        f(
            lane_value(ty, &x, i)?,
            lane_value(ty, &y, i)?,
            lane_value(ty, &z, i)?,
        )
    })
}

/// `f` applied to each lane of `a`, giving a vector of type `to` with as
/// many lanes (conversions, `bmask`).
pub(super) fn map_to(a: DataValue, to: Type, mut f: impl FnMut(DataValue) -> OpResult) -> OpResult {
    let (ty, bytes) = vector_parts(a)?;
    if ty.lane_count() != to.lane_count() {
        return Err(Fault::BadOperands);
    }
    build(to, |i| f(lane_value(ty, &bytes, i)?))
}

/// The lane of all ones (`true`) or zeros of an integer lane type of
/// `lane_bits` bits.
fn mask_lane(lane_bits: u32, b: bool) -> OpResult {
    make_int(lane_bits, if b { mask(lane_bits) } else { 0 })
}

/// A lane-wise comparison: lanes of all ones where `f` holds.
pub(super) fn compare(
    a: DataValue,
    b: DataValue,
    mut f: impl FnMut(DataValue, DataValue) -> OpResult<bool>,
) -> OpResult {
    let (ty, x) = vector_parts(a)?;
    let (ty_b, y) = vector_parts(b)?;
    if ty != ty_b {
        return Err(Fault::BadOperands);
    }
    let lane_bits = ty.lane_bits();
    build(ty.as_int(), |i| {
        mask_lane(
            lane_bits,
            f(lane_value(ty, &x, i)?, lane_value(ty, &y, i)?)?,
        )
    })
}

/// `band`, `bor`, `bxor` on the bytes of two vectors of one type, and
/// `bnot` (with `b` absent).
pub(super) fn bitwise(op: Opcode, a: DataValue, b: Option<DataValue>) -> OpResult {
    let (ty, x) = vector_parts(a)?;
    let y = match b {
        Some(b) => {
            let (ty_b, y) = vector_parts(b)?;
            if ty_b != ty {
                return Err(Fault::BadOperands);
            }
            y
        }
        None => [0; 16],
    };
    let mut out = [0u8; 16];
    for i in 0..ty.bytes().min(16) as usize {
        out[i] = match op {
            Opcode::Band => x[i] & y[i],
            Opcode::Bor => x[i] | y[i],
            Opcode::Bxor => x[i] ^ y[i],
            Opcode::Bnot => !x[i],
            _ => return Err(Fault::Unsupported),
        };
    }
    Ok(DataValue::Vector(ty, out))
}

/// `bitselect c, x, y` on vectors: bits of `x` where `c` is 1, else of `y`.
pub(super) fn bitselect(c: DataValue, x: DataValue, y: DataValue) -> OpResult {
    let (ty, cb) = vector_parts(c)?;
    let (tx, xb) = vector_parts(x)?;
    let (ty_y, yb) = vector_parts(y)?;
    if tx != ty_y || ty.bytes() != tx.bytes() {
        return Err(Fault::BadOperands);
    }
    let mut out = [0u8; 16];
    for i in 0..16 {
        out[i] = (cb[i] & xb[i]) | (!cb[i] & yb[i]);
    }
    Ok(DataValue::Vector(tx, out))
}

/// `vselect c, x, y`: lane `i` of `x` where lane `i` of `c` is non-zero.
pub(super) fn vselect(c: DataValue, x: DataValue, y: DataValue) -> OpResult {
    let (tc, cb) = vector_parts(c)?;
    let (tx, xb) = vector_parts(x)?;
    let (ty_y, yb) = vector_parts(y)?;
    if tx != ty_y || tc.lane_count() != tx.lane_count() {
        return Err(Fault::BadOperands);
    }
    let cl = tc.lane_type().bytes() as usize;
    build(tx, |i| {
        let from = if get_lane(&cb, cl, i) != 0 { &xb } else { &yb };
        lane_value(tx, from, i)
    })
}

/// `splat`: every lane of `ty` is `x`.
pub(super) fn splat(ty: Type, x: DataValue) -> OpResult {
    build(ty, |_| Ok(x))
}

/// `scalar_to_vector`: lane 0 is `x`, the others zero.
pub(super) fn scalar_to_vector(ty: Type, x: DataValue) -> OpResult {
    let lane_ty = ty.lane_type();
    build(ty, |i| {
        if i == 0 {
            Ok(x)
        } else {
            DataValue::from_bits(lane_ty, 0).ok_or(Fault::BadOperands)
        }
    })
}

/// `extractlane v, idx`.
pub(super) fn extractlane(v: DataValue, idx: u8) -> OpResult {
    let (ty, bytes) = vector_parts(v)?;
    if u32::from(idx) >= ty.lane_count() {
        return Err(Fault::BadOperands);
    }
    lane_value(ty, &bytes, usize::from(idx))
}

/// `insertlane v, x, idx`.
pub(super) fn insertlane(v: DataValue, x: DataValue, idx: u8) -> OpResult {
    let (ty, bytes) = vector_parts(v)?;
    if u32::from(idx) >= ty.lane_count() {
        return Err(Fault::BadOperands);
    }
    build(ty, |i| {
        if i == usize::from(idx) {
            Ok(x)
        } else {
            lane_value(ty, &bytes, i)
        }
    })
}

/// `shuffle a, b, mask`: byte `i` is byte `mask[i]` of `a ++ b`, or 0 for
/// an index of 32 or more.
pub(super) fn shuffle(a: DataValue, b: DataValue, lanes: &[u8]) -> OpResult {
    let (ty, x) = vector_parts(a)?;
    let (ty_b, y) = vector_parts(b)?;
    if ty != ty_b || ty.bytes() != 16 || lanes.len() != 16 {
        return Err(Fault::BadOperands);
    }
    let mut out = [0u8; 16];
    for (o, &m) in out.iter_mut().zip(lanes) {
        *o = match m {
            0..=15 => x[usize::from(m)],
            16..=31 => y[usize::from(m) - 16],
            _ => 0,
        };
    }
    Ok(DataValue::Vector(ty, out))
}

/// `swizzle v, idx` (i8x16): byte `i` is byte `idx[i]` of `v`, or 0 for an
/// index of 16 or more.
pub(super) fn swizzle(v: DataValue, idx: DataValue) -> OpResult {
    let (ty, x) = vector_parts(v)?;
    let (ti, ib) = vector_parts(idx)?;
    if ty.bytes() != 16 || ti.bytes() != 16 || ty.lane_bits() != 8 || ti.lane_bits() != 8 {
        return Err(Fault::BadOperands);
    }
    let mut out = [0u8; 16];
    for (o, &m) in out.iter_mut().zip(ib.iter()) {
        *o = x.get(usize::from(m)).copied().unwrap_or(0);
    }
    Ok(DataValue::Vector(ty, out))
}

/// `vany_true` / `vall_true`.
pub(super) fn any_all(op: Opcode, v: DataValue) -> OpResult<bool> {
    let (ty, bytes) = vector_parts(v)?;
    let lb = ty.lane_type().bytes() as usize;
    let mut lanes = (0..ty.lane_count() as usize).map(|i| get_lane(&bytes, lb, i) != 0);
    Ok(if op == Opcode::VanyTrue {
        lanes.any(|b| b)
    } else {
        lanes.all(|b| b)
    })
}

/// `vhigh_bits v`: an integer of type `to` whose bit `i` is the top bit of
/// lane `i`.
pub(super) fn vhigh_bits(v: DataValue, to: Type) -> OpResult {
    let (ty, bytes) = vector_parts(v)?;
    if !to.is_int() || !to.is_lane() {
        return Err(Fault::BadOperands);
    }
    let lane_bits = ty.lane_bits();
    let lb = ty.lane_type().bytes() as usize;
    let mut out = 0u128;
    for i in 0..ty.lane_count() as usize {
        out |= ((get_lane(&bytes, lb, i) >> (lane_bits - 1)) & 1) << i;
    }
    make_int(to.bits(), out & mask(to.bits()))
}

/// `snarrow`, `unarrow`, `uunarrow`: the lanes of `a` then `b`, each
/// saturated to the half-width lanes of `to`.
pub(super) fn narrow(op: Opcode, a: DataValue, b: DataValue, to: Type) -> OpResult {
    let (ty, x) = vector_parts(a)?;
    let (ty_b, y) = vector_parts(b)?;
    let n = ty.lane_count() as usize;
    if ty != ty_b || to.lane_count() as usize != 2 * n || to.lane_bits() * 2 != ty.lane_bits() {
        return Err(Fault::BadOperands);
    }
    let (w, half) = (ty.lane_bits(), to.lane_bits());
    let lb = ty.lane_type().bytes() as usize;
    build(to, |i| {
        let bits = if i < n {
            get_lane(&x, lb, i)
        } else {
            get_lane(&y, lb, i - n)
        };
        let s = sign_extend(bits, w);
        let smax = (1i128 << (half - 1)) - 1;
        let clamped = match op {
            Opcode::Snarrow => s.clamp(-smax - 1, smax) as u128,
            Opcode::Unarrow => s.clamp(0, mask(half) as i128) as u128,
            _ => bits.min(mask(half)),
        };
        make_int(half, clamped & mask(half))
    })
}

/// `swiden_low`, `swiden_high`, `uwiden_low`, `uwiden_high`.
pub(super) fn widen(op: Opcode, a: DataValue, to: Type) -> OpResult {
    let (ty, x) = vector_parts(a)?;
    let n = to.lane_count() as usize;
    if ty.lane_count() as usize != 2 * n || ty.lane_bits() * 2 != to.lane_bits() {
        return Err(Fault::BadOperands);
    }
    let high = matches!(op, Opcode::SwidenHigh | Opcode::UwidenHigh);
    let signed = matches!(op, Opcode::SwidenLow | Opcode::SwidenHigh);
    let (w, lb) = (ty.lane_bits(), ty.lane_type().bytes() as usize);
    build(to, |i| {
        let bits = get_lane(&x, lb, if high { i + n } else { i });
        let wide = if signed {
            sign_extend(bits, w) as u128
        } else {
            bits
        };
        make_int(to.lane_bits(), wide & mask(to.lane_bits()))
    })
}

/// `iadd_pairwise a, b`: sums of adjacent lanes of `a`, then of `b`.
pub(super) fn iadd_pairwise(a: DataValue, b: DataValue) -> OpResult {
    let (ty, x) = vector_parts(a)?;
    let (ty_b, y) = vector_parts(b)?;
    if ty != ty_b || !ty.is_int() {
        return Err(Fault::BadOperands);
    }
    let n = ty.lane_count() as usize;
    let (w, lb) = (ty.lane_bits(), ty.lane_type().bytes() as usize);
    build(ty, |i| {
        let (src, j) = if i < n / 2 {
            (&x, 2 * i)
        } else {
            (&y, 2 * (i - n / 2))
        };
        make_int(
            w,
            get_lane(src, lb, j).wrapping_add(get_lane(src, lb, j + 1)) & mask(w),
        )
    })
}

/// `sqmul_round_sat`: the Q15/Q31 rounding, saturating multiply.
pub(super) fn sqmul_round_sat(a: DataValue, b: DataValue) -> OpResult {
    map2(a, b, |x, y| {
        let (w, xb) = int_parts(x)?;
        let (_, yb) = int_parts(y)?;
        if w > 32 {
            return Err(Fault::Unsupported);
        }
        let p = (sign_extend(xb, w) * sign_extend(yb, w) + (1 << (w - 2))) >> (w - 1);
        let smax = (1i128 << (w - 1)) - 1;
        make_int(w, p.clamp(-smax - 1, smax) as u128 & mask(w))
    })
}

/// `fvpromote_low` (f32x4 → f64x2), `fcvt_low_from_sint` (i32x4 → f64x2):
/// the low lanes of `a`, converted by `f`.
pub(super) fn convert_low(
    a: DataValue,
    to: Type,
    mut f: impl FnMut(DataValue) -> OpResult,
) -> OpResult {
    let (ty, x) = vector_parts(a)?;
    if ty.lane_count() != 2 * to.lane_count() {
        return Err(Fault::BadOperands);
    }
    build(to, |i| f(lane_value(ty, &x, i)?))
}

/// `fvdemote` (f64x2 → f32x4): the demoted lanes, then zero lanes.
pub(super) fn fvdemote(
    a: DataValue,
    to: Type,
    mut f: impl FnMut(DataValue) -> OpResult,
) -> OpResult {
    let (ty, x) = vector_parts(a)?;
    let n = ty.lane_count() as usize;
    if to.lane_count() as usize != 2 * n {
        return Err(Fault::BadOperands);
    }
    build(to, |i| {
        if i < n {
            f(lane_value(ty, &x, i)?)
        } else {
            DataValue::from_bits(to.lane_type(), 0).ok_or(Fault::BadOperands)
        }
    })
}
