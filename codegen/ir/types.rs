//! Value types: scalars, fixed-size vectors and dynamic vectors.
//!
//! A [`Type`] is a 2-byte code: the lane kind in bits 0..4 (`i8`…`i128`,
//! `f16`…`f128`), log2 of the lane count in bits 4..8 (1 to 256 lanes) and a
//! dynamic-vector flag in bit 8 (`i32x4xN`, a multiple of the base vector
//! chosen by the target). Code 0 is [`INVALID`], the type of instructions
//! without a controlling type and of values not yet typed.
//!
//! Text form as in CLIF: `i32`, `f64`, `i8x16`, `f32x2`, `i32x4xN`.

use core::fmt;
use core::str::FromStr;

/// The type of an SSA value.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Type(u16);

const LANE_MASK: u16 = 0x000f;
const LOG2_LANES_SHIFT: u16 = 4;
const LOG2_LANES_MASK: u16 = 0x00f0;
const DYNAMIC_BIT: u16 = 0x0100;

/// The largest log2 lane count (256 lanes).
pub const MAX_LOG2_LANES: u8 = 8;

/// The kind of a lane (or of a scalar).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum LaneKind {
    Int,
    Float,
}

/// `(code, name, kind, bits)` of every lane type; the code is the index + 1.
const LANES: [(&str, LaneKind, u32); 9] = [
    ("i8", LaneKind::Int, 8),
    ("i16", LaneKind::Int, 16),
    ("i32", LaneKind::Int, 32),
    ("i64", LaneKind::Int, 64),
    ("i128", LaneKind::Int, 128),
    ("f16", LaneKind::Float, 16),
    ("f32", LaneKind::Float, 32),
    ("f64", LaneKind::Float, 64),
    ("f128", LaneKind::Float, 128),
];

/// Not a type: no controlling type, or a value not yet typed.
pub const INVALID: Type = Type(0);
/// 8-bit integer.
pub const I8: Type = Type(1);
/// 16-bit integer.
pub const I16: Type = Type(2);
/// 32-bit integer.
pub const I32: Type = Type(3);
/// 64-bit integer.
pub const I64: Type = Type(4);
/// 128-bit integer.
pub const I128: Type = Type(5);
/// IEEE 754 binary16.
pub const F16: Type = Type(6);
/// IEEE 754 binary32.
pub const F32: Type = Type(7);
/// IEEE 754 binary64.
pub const F64: Type = Type(8);
/// IEEE 754 binary128.
pub const F128: Type = Type(9);

macro_rules! vector_consts {
    ($($name:ident = $lane:ident x $log2:literal;)*) => {
        $(
            #[doc = concat!("Vector of ", stringify!($lane), " lanes, 2^", stringify!($log2), " of them.")]
            pub const $name: Type = Type($lane.0 | ($log2 << LOG2_LANES_SHIFT));
        )*
    };
}

vector_consts! {
    I8X2 = I8 x 1; I8X4 = I8 x 2; I8X8 = I8 x 3; I8X16 = I8 x 4; I8X32 = I8 x 5; I8X64 = I8 x 6;
    I16X2 = I16 x 1; I16X4 = I16 x 2; I16X8 = I16 x 3; I16X16 = I16 x 4; I16X32 = I16 x 5;
    I32X2 = I32 x 1; I32X4 = I32 x 2; I32X8 = I32 x 3; I32X16 = I32 x 4;
    I64X2 = I64 x 1; I64X4 = I64 x 2; I64X8 = I64 x 3;
    I128X2 = I128 x 1; I128X4 = I128 x 2;
    F16X2 = F16 x 1; F16X4 = F16 x 2; F16X8 = F16 x 3; F16X16 = F16 x 4;
    F32X2 = F32 x 1; F32X4 = F32 x 2; F32X8 = F32 x 3; F32X16 = F32 x 4;
    F64X2 = F64 x 1; F64X4 = F64 x 2; F64X8 = F64 x 3;
    F128X2 = F128 x 1; F128X4 = F128 x 2;
}

impl Type {
    /// The raw 2-byte code (stable within one build; for dense tables).
    pub const fn repr(self) -> u16 {
        self.0
    }

    fn lane_code(self) -> u16 {
        self.0 & LANE_MASK
    }

    fn lane_info(self) -> Option<(&'static str, LaneKind, u32)> {
        let code = self.lane_code() as usize;
        if code == 0 {
            None
        } else {
            LANES.get(code - 1).copied()
        }
    }

    /// Is this [`INVALID`]?
    pub fn is_invalid(self) -> bool {
        self == INVALID
    }

    /// The type of one lane (the type itself for a scalar).
    pub fn lane_type(self) -> Type {
        Type(self.lane_code())
    }

    /// Bits of one lane (0 for [`INVALID`]).
    pub fn lane_bits(self) -> u32 {
        self.lane_info().map_or(0, |(_, _, bits)| bits)
    }

    /// log2 of the lane count (of the base vector, for a dynamic vector).
    pub fn log2_lane_count(self) -> u32 {
        u32::from((self.0 & LOG2_LANES_MASK) >> LOG2_LANES_SHIFT)
    }

    /// Number of lanes: 1 for scalars; the base lane count of a dynamic vector.
    pub fn lane_count(self) -> u32 {
        1 << self.log2_lane_count()
    }

    /// Total bits (of the base vector, for a dynamic vector).
    pub fn bits(self) -> u32 {
        self.lane_bits() * self.lane_count()
    }

    /// Total bytes (of the base vector, for a dynamic vector).
    pub fn bytes(self) -> u32 {
        self.bits().div_ceil(8)
    }

    /// Is the type or its lane an integer?
    pub fn is_int(self) -> bool {
        matches!(self.lane_info(), Some((_, LaneKind::Int, _)))
    }

    /// Is the type or its lane a float?
    pub fn is_float(self) -> bool {
        matches!(self.lane_info(), Some((_, LaneKind::Float, _)))
    }

    /// Is this a scalar (one lane, not dynamic, valid)?
    pub fn is_lane(self) -> bool {
        !self.is_invalid() && self.0 & (LOG2_LANES_MASK | DYNAMIC_BIT) == 0
    }

    /// Is this a fixed-size vector?
    pub fn is_vector(self) -> bool {
        self.log2_lane_count() > 0 && self.0 & DYNAMIC_BIT == 0
    }

    /// Is this a dynamic vector (`i32x4xN`)?
    pub fn is_dynamic_vector(self) -> bool {
        self.0 & DYNAMIC_BIT != 0
    }

    /// The same shape with lanes of `lane`'s kind and width.
    pub fn replace_lanes(self, lane: Type) -> Type {
        Type((self.0 & !LANE_MASK) | lane.lane_code())
    }

    fn lane_with(kind: LaneKind, bits: u32) -> Option<Type> {
        LANES
            .iter()
            .position(|&(_, k, b)| k == kind && b == bits)
            .map(|i| Type(i as u16 + 1))
    }

    /// Integer type with the same shape and lane width (`f32x4` -> `i32x4`).
    pub fn as_int(self) -> Type {
        match self.lane_info() {
            Some((_, _, bits)) => {
                Type::lane_with(LaneKind::Int, bits).map_or(INVALID, |l| self.replace_lanes(l))
            }
            None => INVALID,
        }
    }

    /// The type comparisons produce: `i8` for a scalar, the same-width integer
    /// vector for a vector.
    pub fn as_truthy(self) -> Type {
        if self.is_invalid() {
            INVALID
        } else if self.is_lane() {
            I8
        } else {
            self.as_int()
        }
    }

    /// Lanes half as wide, same lane count (`i32x4` -> `i16x4`); `None` below 8 bits / f16.
    pub fn half_width(self) -> Option<Type> {
        let (_, kind, bits) = self.lane_info()?;
        Type::lane_with(kind, bits / 2).map(|l| self.replace_lanes(l))
    }

    /// Lanes twice as wide, same lane count; `None` above 128 bits.
    pub fn double_width(self) -> Option<Type> {
        let (_, kind, bits) = self.lane_info()?;
        Type::lane_with(kind, bits * 2).map(|l| self.replace_lanes(l))
    }

    /// The vector of `lanes` lanes of this scalar type; `None` when `lanes`
    /// is not a power of two up to 256 or this is not a scalar.
    pub fn by(self, lanes: u32) -> Option<Type> {
        if !self.is_lane() || !lanes.is_power_of_two() || lanes > 1 << MAX_LOG2_LANES {
            return None;
        }
        Some(Type(
            self.0 | ((lanes.trailing_zeros() as u16) << LOG2_LANES_SHIFT),
        ))
    }

    fn with_log2_lanes(self, log2: u32) -> Type {
        Type((self.0 & !LOG2_LANES_MASK) | ((log2 as u16) << LOG2_LANES_SHIFT))
    }

    /// Half as many lanes (`i32x4` -> `i32x2`); `None` for scalars.
    pub fn half_vector(self) -> Option<Type> {
        let log2 = self.log2_lane_count();
        if log2 == 0 || self.is_invalid() {
            None
        } else {
            Some(self.with_log2_lanes(log2 - 1))
        }
    }

    /// Twice as many lanes; `None` past 256 lanes.
    pub fn double_vector(self) -> Option<Type> {
        let log2 = self.log2_lane_count();
        if log2 >= u32::from(MAX_LOG2_LANES) || self.is_invalid() {
            None
        } else {
            Some(self.with_log2_lanes(log2 + 1))
        }
    }

    /// Half-width lanes, twice as many (`i32x4` -> `i16x8`); same total bits.
    pub fn split_lanes(self) -> Option<Type> {
        self.half_width()?.double_vector()
    }

    /// Double-width lanes, half as many (`i16x8` -> `i32x4`); same total bits.
    pub fn merge_lanes(self) -> Option<Type> {
        self.double_width()?.half_vector()
    }

    /// The dynamic vector with this fixed vector as its base (`i32x4` -> `i32x4xN`).
    pub fn vector_to_dynamic(self) -> Option<Type> {
        if self.is_vector() {
            Some(Type(self.0 | DYNAMIC_BIT))
        } else {
            None
        }
    }

    /// The base fixed vector of a dynamic vector (`i32x4xN` -> `i32x4`).
    pub fn dynamic_to_vector(self) -> Option<Type> {
        if self.is_dynamic_vector() {
            Some(Type(self.0 & !DYNAMIC_BIT))
        } else {
            None
        }
    }

    /// The integer scalar of `bits` bits, if there is one.
    pub fn int(bits: u32) -> Option<Type> {
        Type::lane_with(LaneKind::Int, bits)
    }

    /// The float scalar of `bits` bits, if there is one.
    pub fn float(bits: u32) -> Option<Type> {
        Type::lane_with(LaneKind::Float, bits)
    }

    /// The integer scalar with as many bytes as `bytes`, if there is one.
    pub fn int_with_byte_size(bytes: u32) -> Option<Type> {
        Type::int(bytes.checked_mul(8)?)
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((name, _, _)) = self.lane_info() else {
            return f.write_str("INVALID");
        };
        f.write_str(name)?;
        if self.log2_lane_count() > 0 {
            write!(f, "x{}", self.lane_count())?;
        }
        if self.is_dynamic_vector() {
            f.write_str("xN")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Type {
    type Err = String;

    /// Parses `i32`, `f64`, `i8x16`, `i32x4xN`.
    fn from_str(s: &str) -> Result<Type, String> {
        let bad = || format!("unknown type `{s}`");
        let (base, dynamic) = match s.strip_suffix("xN") {
            Some(rest) => (rest, true),
            None => (s, false),
        };
        let (lane_name, lanes) = match base.split_once('x') {
            Some((lane, count)) => {
                if count.is_empty()
                    || !count.bytes().all(|b| b.is_ascii_digit())
                    || count.starts_with('0')
                {
                    return Err(bad());
                }
                let n: u32 = count.parse().map_err(|_| bad())?;
                (lane, Some(n))
            }
            None => (base, None),
        };
        let idx = LANES
            .iter()
            .position(|&(name, _, _)| name == lane_name)
            .ok_or_else(bad)?;
        let lane = Type(idx as u16 + 1);
        let ty = match lanes {
            None => lane,
            Some(n) if n >= 2 => lane
                .by(n)
                .ok_or_else(|| format!("invalid lane count in type `{s}`"))?,
            Some(_) => return Err(format!("invalid lane count in type `{s}`")),
        };
        if dynamic {
            ty.vector_to_dynamic()
                .ok_or_else(|| format!("dynamic type `{s}` needs a vector base"))
        } else {
            Ok(ty)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_properties() {
        assert_eq!(I32.bits(), 32);
        assert_eq!(I128.bytes(), 16);
        assert_eq!(F16.lane_bits(), 16);
        assert!(I8.is_int() && !I8.is_float() && I8.is_lane() && !I8.is_vector());
        assert!(F128.is_float());
        assert_eq!(F64.as_int(), I64);
        assert_eq!(F32.as_truthy(), I8);
        assert_eq!(I8.half_width(), None);
        assert_eq!(I128.double_width(), None);
        assert_eq!(I64.half_width(), Some(I32));
        assert_eq!(F32.double_width(), Some(F64));
        assert_eq!(INVALID.bits(), 0);
        assert!(!INVALID.is_int() && !INVALID.is_lane());
    }

    #[test]
    fn vector_properties() {
        assert_eq!(I32.by(4), Some(I32X4));
        assert_eq!(I32X4.lane_count(), 4);
        assert_eq!(I32X4.bits(), 128);
        assert_eq!(I8X8.bits(), 64);
        assert_eq!(F32X4.lane_type(), F32);
        assert_eq!(F32X4.as_int(), I32X4);
        assert_eq!(F64X2.as_truthy(), I64X2);
        assert_eq!(I32X4.split_lanes(), Some(I16X8));
        assert_eq!(I16X8.merge_lanes(), Some(I32X4));
        assert_eq!(I32X4.half_vector(), Some(I32X2));
        assert_eq!(I32X4.double_vector(), Some(I32X8));
        assert_eq!(I32.half_vector(), None);
        assert_eq!(I8.by(512), None);
        assert_eq!(I8.by(3), None);
        assert_eq!(I8X16.by(2), None);
        assert_eq!(
            I32X4.vector_to_dynamic().and_then(Type::dynamic_to_vector),
            Some(I32X4)
        );
    }

    #[test]
    fn every_type_round_trips_through_text() {
        let mut count = 0;
        for code in 1..=LANES.len() as u16 {
            for log2 in 0..=MAX_LOG2_LANES {
                let ty = Type(code).with_log2_lanes(u32::from(log2));
                let text = ty.to_string();
                assert_eq!(text.parse::<Type>(), Ok(ty), "{text}");
                if let Some(dynamic) = ty.vector_to_dynamic() {
                    let text = dynamic.to_string();
                    assert!(text.ends_with("xN"));
                    assert_eq!(text.parse::<Type>(), Ok(dynamic), "{text}");
                }
                count += 1;
            }
        }
        assert_eq!(count, 81);
        assert_eq!(I8X16.to_string(), "i8x16");
        assert_eq!(F32X2.to_string(), "f32x2");
        assert_eq!(INVALID.to_string(), "INVALID");
    }

    #[test]
    fn bad_type_text_is_an_error() {
        for bad in [
            "", "i7", "i32x", "i32x3", "i32x1", "i32x512", "i32x04", "f32xN", "x4", "i32x4xNx",
            "I32", "i32x+4",
        ] {
            assert!(bad.parse::<Type>().is_err(), "{bad}");
        }
    }
}
