//! Run-time values of CLIF types: the arguments and results of `; run:`
//! lines, and the values the interpreter computes with.
//!
//! Integers are stored as the Rust integer of their width (the bit pattern
//! is what matters; signedness is a matter of the operation), floats as their
//! IEEE bit patterns (so NaN payloads and signed zeros survive), vectors as
//! their bytes in lane order, lane 0 first, each lane little-endian.
//! Equality is bitwise: `+NaN == +NaN` holds, `-0.0 == +0.0` does not, which
//! is what a filetest that spells out an expected result means.

use crate::ir::immediates::{Ieee16, Ieee32, Ieee64, Ieee128};
use crate::ir::types::{self, Type};
use core::fmt;

/// A value of some CLIF type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataValue {
    /// An `i8`.
    I8(i8),
    /// An `i16`.
    I16(i16),
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `i128`.
    I128(i128),
    /// An `f16`.
    F16(Ieee16),
    /// An `f32`.
    F32(Ieee32),
    /// An `f64`.
    F64(Ieee64),
    /// An `f128`.
    F128(Ieee128),
    /// A vector of at most 128 bits: its type and its bytes (only the first
    /// `ty.bytes()` are meaningful; the rest are zero).
    Vector(Type, [u8; 16]),
}

impl DataValue {
    /// The CLIF type of the value.
    pub fn ty(&self) -> Type {
        match self {
            DataValue::I8(_) => types::I8,
            DataValue::I16(_) => types::I16,
            DataValue::I32(_) => types::I32,
            DataValue::I64(_) => types::I64,
            DataValue::I128(_) => types::I128,
            DataValue::F16(_) => types::F16,
            DataValue::F32(_) => types::F32,
            DataValue::F64(_) => types::F64,
            DataValue::F128(_) => types::F128,
            DataValue::Vector(ty, _) => *ty,
        }
    }

    /// An integer of type `ty` (i8..i128) with the low bits of `bits`.
    /// Returns `None` for non-integer types.
    pub fn from_int_bits(ty: Type, bits: u128) -> Option<Self> {
        Some(match ty {
            types::I8 => DataValue::I8(bits as i8),
            types::I16 => DataValue::I16(bits as i16),
            types::I32 => DataValue::I32(bits as i32),
            types::I64 => DataValue::I64(bits as i64),
            types::I128 => DataValue::I128(bits as i128),
            _ => return None,
        })
    }

    /// A scalar of type `ty` (integer or float) with the low bits of `bits`.
    pub fn from_bits(ty: Type, bits: u128) -> Option<Self> {
        Some(match ty {
            types::F16 => DataValue::F16(Ieee16::with_bits(bits as u16)),
            types::F32 => DataValue::F32(Ieee32::with_bits(bits as u32)),
            types::F64 => DataValue::F64(Ieee64::with_bits(bits as u64)),
            types::F128 => DataValue::F128(Ieee128::with_bits(bits)),
            _ => return Self::from_int_bits(ty, bits),
        })
    }

    /// The raw bits of a scalar, zero-extended; `None` for vectors.
    pub fn to_bits(&self) -> Option<u128> {
        Some(match *self {
            DataValue::I8(x) => x as u8 as u128,
            DataValue::I16(x) => x as u16 as u128,
            DataValue::I32(x) => x as u32 as u128,
            DataValue::I64(x) => x as u64 as u128,
            DataValue::I128(x) => x as u128,
            DataValue::F16(x) => x.bits() as u128,
            DataValue::F32(x) => x.bits() as u128,
            DataValue::F64(x) => x.bits() as u128,
            DataValue::F128(x) => x.bits(),
            DataValue::Vector(..) => return None,
        })
    }

    /// An integer scalar sign-extended to i128; `None` for other values.
    pub fn to_i128(&self) -> Option<i128> {
        Some(match *self {
            DataValue::I8(x) => x as i128,
            DataValue::I16(x) => x as i128,
            DataValue::I32(x) => x as i128,
            DataValue::I64(x) => x as i128,
            DataValue::I128(x) => x,
            _ => return None,
        })
    }

    /// Whether the value is "true" as a bare `; run:` line means it: any
    /// non-zero bit pattern.
    pub fn is_nonzero(&self) -> bool {
        match self {
            DataValue::Vector(ty, bytes) => bytes[..ty.bytes() as usize].iter().any(|b| *b != 0),
            _ => self.to_bits().is_some_and(|b| b != 0),
        }
    }

    /// The lanes of a vector value as scalars; `None` for scalars.
    pub fn lanes(&self) -> Option<Vec<DataValue>> {
        let DataValue::Vector(ty, bytes) = self else {
            return None;
        };
        let lane_ty = ty.lane_type();
        let lane_bytes = lane_ty.bytes() as usize;
        let mut out = Vec::with_capacity(ty.lane_count() as usize);
        for i in 0..ty.lane_count() as usize {
            let mut bits = 0u128;
            for (j, b) in bytes[i * lane_bytes..(i + 1) * lane_bytes]
                .iter()
                .enumerate()
            {
                bits |= (*b as u128) << (8 * j);
            }
            out.push(DataValue::from_bits(lane_ty, bits)?);
        }
        Some(out)
    }

    /// Builds a vector of type `ty` from its lanes (each of `ty`'s lane type).
    pub fn from_lanes(ty: Type, lanes: &[DataValue]) -> Option<Self> {
        if !ty.is_vector() || ty.bytes() > 16 || lanes.len() != ty.lane_count() as usize {
            return None;
        }
        let lane_bytes = ty.lane_type().bytes() as usize;
        let mut bytes = [0u8; 16];
        for (i, lane) in lanes.iter().enumerate() {
            if lane.ty() != ty.lane_type() {
                return None;
            }
            let bits = lane.to_bits()?;
            for j in 0..lane_bytes {
                bytes[i * lane_bytes + j] = (bits >> (8 * j)) as u8;
            }
        }
        Some(DataValue::Vector(ty, bytes))
    }
}

impl fmt::Display for DataValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataValue::I8(x) => write!(f, "{x}"),
            DataValue::I16(x) => write!(f, "{x}"),
            DataValue::I32(x) => write!(f, "{x}"),
            DataValue::I64(x) => write!(f, "{x}"),
            DataValue::I128(x) => write!(f, "{x}"),
            DataValue::F16(x) => write!(f, "{x}"),
            DataValue::F32(x) => write!(f, "{x}"),
            DataValue::F64(x) => write!(f, "{x}"),
            DataValue::F128(x) => write!(f, "{x}"),
            DataValue::Vector(..) => {
                f.write_str("[")?;
                for (i, lane) in self.lanes().unwrap_or_default().iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{lane}")?;
                }
                f.write_str("]")
            }
        }
    }
}

/// Parses a scalar literal of type `ty` from its CLIF text.
///
/// Integers accept decimal and hex with `_` separators; a value is accepted
/// if it fits the width as signed or as unsigned (`255` and `-1` are both
/// valid `i8`s). Floats accept everything the float immediates accept.
pub fn parse_scalar(ty: Type, text: &str) -> Result<DataValue, String> {
    match ty {
        types::F16 => text.parse::<Ieee16>().map(DataValue::F16),
        types::F32 => text.parse::<Ieee32>().map(DataValue::F32),
        types::F64 => text.parse::<Ieee64>().map(DataValue::F64),
        types::F128 => text.parse::<Ieee128>().map(DataValue::F128),
        _ if ty.is_int() && !ty.is_vector() => {
            let bits = parse_int_literal(text, ty.bits())?;
            DataValue::from_int_bits(ty, bits).ok_or_else(|| format!("`{ty}` is not a scalar type"))
        }
        _ => Err(format!("`{ty}` is not a scalar type")),
    }
}

/// Parses an integer literal that must fit in `bits` bits as a signed or an
/// unsigned number; returns its bit pattern.
pub fn parse_int_literal(text: &str, bits: u32) -> Result<u128, String> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (digits, radix) = match rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X")) {
        Some(d) => (d, 16u32),
        None => (rest, 10u32),
    };
    if digits.is_empty() || digits.starts_with('_') {
        return Err(format!("expected an integer, found `{text}`"));
    }
    let mut magnitude: u128 = 0;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = c
            .to_digit(radix)
            .ok_or_else(|| format!("invalid digit `{c}` in `{text}`"))?;
        magnitude = magnitude
            .checked_mul(radix as u128)
            .and_then(|m| m.checked_add(d as u128))
            .ok_or_else(|| format!("`{text}` does not fit in {bits} bits"))?;
    }
    let unsigned_max = if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    };
    let signed_min_magnitude = 1u128 << (bits - 1);
    if negative {
        if magnitude > signed_min_magnitude {
            return Err(format!("`{text}` does not fit in {bits} bits"));
        }
        Ok(magnitude.wrapping_neg() & unsigned_max)
    } else if magnitude > unsigned_max {
        Err(format!("`{text}` does not fit in {bits} bits"))
    } else {
        Ok(magnitude)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_literals() {
        assert_eq!(parse_scalar(types::I8, "255").unwrap(), DataValue::I8(-1));
        assert_eq!(
            parse_scalar(types::I8, "-128").unwrap(),
            DataValue::I8(-128)
        );
        assert!(parse_scalar(types::I8, "256").is_err());
        assert!(parse_scalar(types::I8, "-129").is_err());
        assert_eq!(
            parse_scalar(types::I64, "0x7FFFFFFF_FFFFFFFF").unwrap(),
            DataValue::I64(i64::MAX)
        );
        assert_eq!(
            parse_scalar(types::I128, "-170141183460469231731687303715884105728").unwrap(),
            DataValue::I128(i128::MIN)
        );
        assert_eq!(
            parse_scalar(types::I128, "0xffffffff_ffffffff_ffffffff_ffffffff").unwrap(),
            DataValue::I128(-1)
        );
        assert!(parse_scalar(types::I32, "12x").is_err());
        assert!(parse_scalar(types::I32, "").is_err());
        assert!(parse_scalar(types::I32, "-").is_err());
    }

    #[test]
    fn floats_keep_bits() {
        let nan = parse_scalar(types::F32, "-NaN:0x1").unwrap();
        assert_eq!(nan.to_bits(), Some(0xffc0_0001));
        assert_ne!(
            parse_scalar(types::F64, "-0.0").unwrap(),
            parse_scalar(types::F64, "0.0").unwrap()
        );
    }

    #[test]
    fn vectors_round_trip_lanes() {
        let lanes: Vec<_> = (1..=4).map(DataValue::I32).collect();
        let v = DataValue::from_lanes(types::I32X4, &lanes).unwrap();
        assert_eq!(v.lanes().unwrap(), lanes);
        assert_eq!(v.to_string(), "[1 2 3 4]");
        assert!(v.is_nonzero());
        assert!(DataValue::from_lanes(types::I32X4, &lanes[..3]).is_none());
    }
}
