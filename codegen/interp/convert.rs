//! Conversions between types: integer extension and reduction,
//! `iconcat`/`isplit`, float promotion and demotion, float ↔ integer
//! conversions (trapping and saturating), and `bitcast`.
//!
//! `fcvt_to_sint`/`fcvt_to_uint` trap `bad_toint` on NaN and `int_ovf` when
//! the value truncated toward zero does not fit; the `_sat` forms give 0
//! for NaN and clamp. `bitcast` is a store of the operand followed by a
//! load of the result type, both in the instruction's byte order.

use super::float_ops::{float_parts, format_of, make_float};
use super::softfloat::{self, Format};
use super::value::{
    Fault, OpResult, from_memory_image, int_parts, make_int, make_int_of, mask, sign_extend,
    to_memory_image,
};
use crate::data_value::DataValue;
use crate::ir::{Opcode, TrapCode, Type};

/// `uextend`, `sextend` (to a wider type) and `ireduce` (to a narrower one).
pub(super) fn extend_or_reduce(op: Opcode, a: DataValue, to: Type) -> OpResult {
    let (w, x) = int_parts(a)?;
    if !to.is_int() || !to.is_lane() {
        return Err(Fault::BadOperands);
    }
    let bits = match op {
        Opcode::Uextend if to.bits() >= w => x,
        Opcode::Sextend if to.bits() >= w => sign_extend(x, w) as u128,
        Opcode::Ireduce if to.bits() <= w => x,
        _ => return Err(Fault::BadOperands),
    };
    make_int_of(to, bits)
}

/// `iconcat lo, hi`: one integer of twice the width.
pub(super) fn iconcat(lo: DataValue, hi: DataValue) -> OpResult {
    let (w, l) = int_parts(lo)?;
    let (wh, h) = int_parts(hi)?;
    if w != wh || w > 64 {
        return Err(Fault::BadOperands);
    }
    make_int(2 * w, l | (h << w))
}

/// `isplit x`: the low and high halves.
pub(super) fn isplit(a: DataValue) -> OpResult<(DataValue, DataValue)> {
    let (w, x) = int_parts(a)?;
    if w < 16 {
        return Err(Fault::BadOperands);
    }
    let half = w / 2;
    Ok((make_int(half, x & mask(half))?, make_int(half, x >> half)?))
}

/// `fpromote` and `fdemote`: a float in another format, rounded once; a
/// NaN keeps its sign and the top of its payload and becomes quiet.
pub(super) fn float_to_float(a: DataValue, to: Type, canonicalize: bool) -> OpResult {
    let (from, x) = float_parts(a)?;
    let to_fmt = format_of(to)?;
    let bits = if from.is_nan(x) {
        if canonicalize {
            to_fmt.canonical_nan()
        } else {
            softfloat::convert_nan(from, to_fmt, x)
        }
    } else {
        softfloat::convert(from, to_fmt, x)
    };
    Ok(make_float(to_fmt, bits))
}

/// `fcvt_to_sint`, `fcvt_to_uint` and their `_sat` forms.
pub(super) fn float_to_int(op: Opcode, a: DataValue, to: Type) -> OpResult {
    let (fmt, x) = float_parts(a)?;
    if !to.is_int() || !to.is_lane() {
        return Err(Fault::BadOperands);
    }
    let w = to.bits();
    let signed = matches!(op, Opcode::FcvtToSint | Opcode::FcvtToSintSat);
    let saturating = matches!(op, Opcode::FcvtToSintSat | Opcode::FcvtToUintSat);
    if fmt.is_nan(x) {
        return if saturating {
            make_int(w, 0)
        } else {
            Err(Fault::Trap(TrapCode::BAD_CONVERSION_TO_INTEGER))
        };
    }
    // The truncated value as (negative, magnitude); `None` is ≥ 2^128.
    let truncated = softfloat::to_integer_toward_zero(fmt, x);
    let negative = fmt.is_negative(x);
    let (min_magnitude, max_magnitude) = if signed {
        // |MIN| = 2^(w-1), MAX = 2^(w-1) - 1.
        (1u128 << (w - 1), (1u128 << (w - 1)) - 1)
    } else {
        (0, mask(w))
    };
    let in_range = match truncated {
        Some((true, m)) => m <= min_magnitude,
        Some((false, m)) => m <= max_magnitude,
        None => false,
    };
    let bits = match truncated {
        Some((neg, m)) if in_range => {
            if neg {
                m.wrapping_neg()
            } else {
                m
            }
        }
        _ if !saturating => return Err(Fault::Trap(TrapCode::INTEGER_OVERFLOW)),
        _ if negative => min_magnitude.wrapping_neg(),
        _ => max_magnitude,
    };
    make_int(w, bits & mask(w))
}

/// `fcvt_from_sint` and `fcvt_from_uint`: the integer rounded to `to`.
pub(super) fn int_to_float(op: Opcode, a: DataValue, to: Type) -> OpResult {
    let (w, x) = int_parts(a)?;
    let fmt: Format = format_of(to)?;
    let (negative, magnitude) = if op == Opcode::FcvtFromSint {
        let s = sign_extend(x, w);
        (s < 0, s.unsigned_abs())
    } else {
        (false, x)
    };
    Ok(make_float(
        fmt,
        softfloat::from_integer(fmt, negative, magnitude),
    ))
}

/// `bitcast`: the operand stored and reloaded as `to`, in byte order `big`
/// (else little).
pub(super) fn bitcast(a: DataValue, to: Type, big: bool) -> OpResult {
    let (image, size) = to_memory_image(a, big);
    if size != to.bytes() as usize {
        return Err(Fault::BadOperands);
    }
    from_memory_image(to, &image, big)
}
