//! Floating-point semantics of CLIF: IEEE 754 arithmetic with round to
//! nearest-even, CLIF's `fmin`/`fmax`, comparisons, and the bit operations
//! `fneg`/`fabs`/`fcopysign` (which never touch NaN payloads).
//!
//! `f32` and `f64` compute with the host's IEEE arithmetic; `f16` and
//! `f128` with [`softfloat`](super::softfloat). NaN results do not depend
//! on the host: when an operation's result is NaN, it is the first NaN
//! operand quietened, or the canonical NaN (positive, quiet, no payload)
//! when no operand is NaN — or always the canonical NaN when the
//! interpreter canonicalizes NaNs (`enable_nan_canonicalization`).

use super::softfloat::{self, DOUBLE, Format, HALF, QUAD, RoundMode, SINGLE};
use super::value::{Fault, OpResult};
use crate::data_value::DataValue;
use crate::ir::immediates::{Ieee16, Ieee32, Ieee64, Ieee128};
use crate::ir::types::{self, Type};
use crate::ir::{FloatCC, Opcode};
use core::cmp::Ordering;

/// The format and bits of a float scalar.
pub(super) fn float_parts(v: DataValue) -> OpResult<(Format, u128)> {
    Ok(match v {
        DataValue::F16(x) => (HALF, u128::from(x.bits())),
        DataValue::F32(x) => (SINGLE, u128::from(x.bits())),
        DataValue::F64(x) => (DOUBLE, u128::from(x.bits())),
        DataValue::F128(x) => (QUAD, x.bits()),
        _ => return Err(Fault::BadOperands),
    })
}

/// The float scalar of format `fmt` with `bits`.
pub(super) fn make_float(fmt: Format, bits: u128) -> DataValue {
    match fmt.bits() {
        16 => DataValue::F16(Ieee16::with_bits(bits as u16)),
        32 => DataValue::F32(Ieee32::with_bits(bits as u32)),
        64 => DataValue::F64(Ieee64::with_bits(bits as u64)),
        _ => DataValue::F128(Ieee128::with_bits(bits)),
    }
}

/// The format of a float type.
pub(super) fn format_of(ty: Type) -> OpResult<Format> {
    match ty {
        types::F16 => Ok(HALF),
        types::F32 => Ok(SINGLE),
        types::F64 => Ok(DOUBLE),
        types::F128 => Ok(QUAD),
        _ => Err(Fault::BadOperands),
    }
}

/// Operands of one format.
fn same_format<const N: usize>(vals: [DataValue; N]) -> OpResult<(Format, [u128; N])> {
    let mut bits = [0u128; N];
    let mut fmt = None;
    for (slot, v) in bits.iter_mut().zip(vals) {
        let (f, b) = float_parts(v)?;
        if fmt.is_some_and(|g| g != f) {
            return Err(Fault::BadOperands);
        }
        fmt = Some(f);
        *slot = b;
    }
    Ok((fmt.ok_or(Fault::BadOperands)?, bits))
}

/// The NaN an operation with `operands` returns when its result is NaN.
pub(crate) fn nan_result(fmt: Format, operands: &[u128], canonicalize: bool) -> u128 {
    if !canonicalize && let Some(nan) = operands.iter().find(|&&b| fmt.is_nan(b)) {
        return nan | fmt.quiet_bit();
    }
    fmt.canonical_nan()
}

/// Applies the NaN rule to a computed result.
fn finish(fmt: Format, result: u128, operands: &[u128], canonicalize: bool) -> u128 {
    if fmt.is_nan(result) {
        nan_result(fmt, operands, canonicalize)
    } else {
        result
    }
}

/// `fadd`, `fsub`, `fmul`, `fdiv`, `fmin`, `fmax`, `fcopysign`.
pub(super) fn binary(op: Opcode, a: DataValue, b: DataValue, canonicalize: bool) -> OpResult {
    let (fmt, [x, y]) = same_format([a, b])?;
    let any_nan = fmt.is_nan(x) || fmt.is_nan(y);
    let bits = match op {
        Opcode::Fcopysign => (x & !fmt.sign_bit()) | (y & fmt.sign_bit()),
        Opcode::Fmin | Opcode::Fmax if any_nan => nan_result(fmt, &[x, y], canonicalize),
        Opcode::Fmin | Opcode::Fmax => {
            let order = softfloat::compare(fmt, x, y);
            let pick_x = match (op, order) {
                // Equal values: only ±0 differ; min prefers -0, max +0.
                (Opcode::Fmin, Ordering::Equal) => fmt.is_negative(x),
                (Opcode::Fmax, Ordering::Equal) => !fmt.is_negative(x),
                (Opcode::Fmin, o) => o == Ordering::Less,
                (_, o) => o == Ordering::Greater,
            };
            if pick_x { x } else { y }
        }
        _ if any_nan => nan_result(fmt, &[x, y], canonicalize),
        _ => {
            let result = match fmt.bits() {
                32 => native32(op, x, y)?,
                64 => native64(op, x, y)?,
                _ => soft_binary(op, fmt, x, y)?,
            };
            finish(fmt, result, &[x, y], canonicalize)
        }
    };
    Ok(make_float(fmt, bits))
}

fn native32(op: Opcode, x: u128, y: u128) -> OpResult<u128> {
    let (a, b) = (f32::from_bits(x as u32), f32::from_bits(y as u32));
    let r = match op {
        Opcode::Fadd => a + b,
        Opcode::Fsub => a - b,
        Opcode::Fmul => a * b,
        Opcode::Fdiv => a / b,
        _ => return Err(Fault::Unsupported),
    };
    Ok(u128::from(r.to_bits()))
}

fn native64(op: Opcode, x: u128, y: u128) -> OpResult<u128> {
    let (a, b) = (f64::from_bits(x as u64), f64::from_bits(y as u64));
    let r = match op {
        Opcode::Fadd => a + b,
        Opcode::Fsub => a - b,
        Opcode::Fmul => a * b,
        Opcode::Fdiv => a / b,
        _ => return Err(Fault::Unsupported),
    };
    Ok(u128::from(r.to_bits()))
}

fn soft_binary(op: Opcode, fmt: Format, x: u128, y: u128) -> OpResult<u128> {
    let r = match op {
        Opcode::Fadd => softfloat::add(fmt, x, y, false),
        Opcode::Fsub => softfloat::add(fmt, x, y, true),
        Opcode::Fmul => softfloat::mul(fmt, x, y),
        Opcode::Fdiv => softfloat::div(fmt, x, y),
        _ => return Err(Fault::Unsupported),
    };
    Ok(r.unwrap_or_else(|| fmt.canonical_nan()))
}

/// `sqrt`, `fneg`, `fabs`, `ceil`, `floor`, `trunc`, `nearest`.
pub(super) fn unary(op: Opcode, a: DataValue, canonicalize: bool) -> OpResult {
    let (fmt, x) = float_parts(a)?;
    let bits = match op {
        // Bit operations: NaN payloads and signalling NaNs pass unchanged.
        Opcode::Fneg => return Ok(make_float(fmt, x ^ fmt.sign_bit())),
        Opcode::Fabs => return Ok(make_float(fmt, x & !fmt.sign_bit())),
        _ if fmt.is_nan(x) => nan_result(fmt, &[x], canonicalize),
        Opcode::Sqrt => match fmt.bits() {
            32 => u128::from(f32::from_bits(x as u32).sqrt().to_bits()),
            64 => u128::from(f64::from_bits(x as u64).sqrt().to_bits()),
            _ => softfloat::sqrt(fmt, x).unwrap_or_else(|| fmt.canonical_nan()),
        },
        Opcode::Ceil => softfloat::round_to_integral(fmt, x, RoundMode::Up),
        Opcode::Floor => softfloat::round_to_integral(fmt, x, RoundMode::Down),
        Opcode::Trunc => softfloat::round_to_integral(fmt, x, RoundMode::TowardZero),
        Opcode::Nearest => softfloat::round_to_integral(fmt, x, RoundMode::NearestEven),
        _ => return Err(Fault::Unsupported),
    };
    Ok(make_float(fmt, finish(fmt, bits, &[x], canonicalize)))
}

/// Fused multiply-add `a * b + c`, rounded once.
pub(super) fn fma(a: DataValue, b: DataValue, c: DataValue, canonicalize: bool) -> OpResult {
    let (fmt, [x, y, z]) = same_format([a, b, c])?;
    let ops = [x, y, z];
    let bits = if ops.iter().any(|&v| fmt.is_nan(v)) {
        nan_result(fmt, &ops, canonicalize)
    } else {
        let r = match fmt.bits() {
            32 => Some(u128::from(
                f32::from_bits(x as u32)
                    .mul_add(f32::from_bits(y as u32), f32::from_bits(z as u32))
                    .to_bits(),
            )),
            64 => Some(u128::from(
                f64::from_bits(x as u64)
                    .mul_add(f64::from_bits(y as u64), f64::from_bits(z as u64))
                    .to_bits(),
            )),
            _ => softfloat::fma(fmt, x, y, z),
        };
        finish(
            fmt,
            r.unwrap_or_else(|| fmt.canonical_nan()),
            &ops,
            canonicalize,
        )
    };
    Ok(make_float(fmt, bits))
}

/// `fcmp cond a, b` on scalars.
pub(super) fn fcmp(cond: FloatCC, a: DataValue, b: DataValue) -> OpResult<bool> {
    let (fmt, [x, y]) = same_format([a, b])?;
    let order = if fmt.is_nan(x) || fmt.is_nan(y) {
        None
    } else {
        Some(softfloat::compare(fmt, x, y))
    };
    use Ordering::{Equal, Greater, Less};
    Ok(match cond {
        FloatCC::Ordered => order.is_some(),
        FloatCC::Unordered => order.is_none(),
        FloatCC::Equal => order == Some(Equal),
        FloatCC::NotEqual => order != Some(Equal),
        FloatCC::OrderedNotEqual => matches!(order, Some(Less | Greater)),
        FloatCC::UnorderedOrEqual => matches!(order, None | Some(Equal)),
        FloatCC::LessThan => order == Some(Less),
        FloatCC::LessThanOrEqual => matches!(order, Some(Less | Equal)),
        FloatCC::GreaterThan => order == Some(Greater),
        FloatCC::GreaterThanOrEqual => matches!(order, Some(Greater | Equal)),
        FloatCC::UnorderedOrLessThan => matches!(order, None | Some(Less)),
        FloatCC::UnorderedOrLessThanOrEqual => matches!(order, None | Some(Less | Equal)),
        FloatCC::UnorderedOrGreaterThan => matches!(order, None | Some(Greater)),
        FloatCC::UnorderedOrGreaterThanOrEqual => matches!(order, None | Some(Greater | Equal)),
    })
}
