//! Sets of value types, for type constraints.
//!
//! A [`TypeSet`] is three bit sets: lane counts (bit `i` = 2^i lanes, bit 0 =
//! scalars, up to 256 lanes), integer lane widths (bit `i` = 8 << i bits, 8 to
//! 128) and float lane widths (bit `i` = 16 << i bits, 16 to 128), plus the
//! lane counts of dynamic vectors allowed. A type is in the set when its lane
//! kind and width and its lane count are.

/// A set of value types.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct TypeSet {
    /// Bit `i`: vectors (or scalars, `i = 0`) of 2^i lanes.
    pub lanes: u16,
    /// Bit `i`: dynamic vectors with a base of 2^i lanes.
    pub dynamic_lanes: u16,
    /// Bit `i`: integer lanes of `8 << i` bits.
    pub ints: u8,
    /// Bit `i`: float lanes of `16 << i` bits.
    pub floats: u8,
}

/// Bits `lo..=hi` of the log2 of `min..=max` (powers of two).
const fn range_bits(min: u32, max: u32) -> u32 {
    let lo = min.trailing_zeros();
    let hi = max.trailing_zeros();
    ((1u32 << (hi + 1)) - 1) & !((1u32 << lo) - 1)
}

impl TypeSet {
    /// The empty set.
    pub const EMPTY: TypeSet = TypeSet {
        lanes: 0,
        dynamic_lanes: 0,
        ints: 0,
        floats: 0,
    };

    /// Adds integer lanes of `min..=max` bits (powers of two, 8 to 128).
    pub const fn ints(self, min: u32, max: u32) -> Self {
        Self {
            ints: self.ints | (range_bits(min, max) >> 3) as u8,
            ..self
        }
    }

    /// Adds float lanes of `min..=max` bits (16 to 128).
    pub const fn floats(self, min: u32, max: u32) -> Self {
        Self {
            floats: self.floats | (range_bits(min, max) >> 4) as u8,
            ..self
        }
    }

    /// Adds lane counts `min..=max` (powers of two; 1 means scalars).
    pub const fn lanes(self, min: u32, max: u32) -> Self {
        Self {
            lanes: self.lanes | range_bits(min, max) as u16,
            ..self
        }
    }

    /// Adds dynamic vectors with base lane counts `min..=max`.
    pub const fn dynamic(self, min: u32, max: u32) -> Self {
        Self {
            dynamic_lanes: self.dynamic_lanes | range_bits(min, max) as u16,
            ..self
        }
    }
}

const NONE: TypeSet = TypeSet::EMPTY;

/// Scalar integers of every width.
pub const SCALAR_INT: TypeSet = NONE.ints(8, 128).lanes(1, 1);
/// Integers: scalars, vectors and dynamic vectors.
pub const INT: TypeSet = NONE.ints(8, 128).lanes(1, 256).dynamic(2, 256);
/// Scalar integers up to 64 bits (what `iconst` makes).
pub const NARROW_SCALAR_INT: TypeSet = NONE.ints(8, 64).lanes(1, 1);
/// Floats: scalars, vectors and dynamic vectors.
pub const FLOAT: TypeSet = NONE.floats(16, 128).lanes(1, 256).dynamic(2, 256);
/// Scalar floats.
pub const SCALAR_FLOAT: TypeSet = NONE.floats(16, 128).lanes(1, 1);
/// Every type: integers and floats, scalars and vectors.
pub const ANY: TypeSet = NONE
    .ints(8, 128)
    .floats(16, 128)
    .lanes(1, 256)
    .dynamic(2, 256);
/// Integers, scalar and fixed-size vectors (no dynamic vectors).
pub const FIXED_INT: TypeSet = NONE.ints(8, 128).lanes(1, 256);
/// Integer fixed-size vectors.
pub const FIXED_INT_VECTOR: TypeSet = NONE.ints(8, 128).lanes(2, 256);
/// Floats, scalar and fixed-size vectors.
pub const FIXED_FLOAT: TypeSet = NONE.floats(16, 128).lanes(1, 256);
/// Every scalar and fixed-size vector type.
pub const FIXED_ANY: TypeSet = NONE.ints(8, 128).floats(16, 128).lanes(1, 256);
/// Every type memory can hold, dynamic vectors included.
pub const MEM: TypeSet = ANY;
/// `i64` only.
pub const I64: TypeSet = NONE.ints(64, 64).lanes(1, 1);
/// Every vector type.
pub const ANY_VECTOR: TypeSet = NONE
    .ints(8, 128)
    .floats(16, 128)
    .lanes(2, 256)
    .dynamic(2, 256);
/// Every fixed-size vector type.
pub const FIXED_VECTOR: TypeSet = NONE.ints(8, 128).floats(16, 128).lanes(2, 256);
/// Addresses: `i32` or `i64`.
pub const ADDR: TypeSet = NONE.ints(32, 64).lanes(1, 1);
/// Types of atomic memory accesses: `i8` to `i128`.
pub const ATOMIC: TypeSet = NONE.ints(8, 128).lanes(1, 1);
/// Dynamic vectors.
pub const DYNAMIC_VECTOR: TypeSet = NONE.ints(8, 128).floats(16, 128).dynamic(2, 256);
/// Integer vectors of 2 to 8 lanes of 16 to 64 bits (narrowing sources).
pub const NARROWABLE_INT_VECTOR: TypeSet = NONE.ints(16, 64).lanes(2, 8).dynamic(2, 8);
/// Integer vectors of 2 to 16 lanes of 8 to 32 bits (widening sources).
pub const WIDENABLE_INT_VECTOR: TypeSet = NONE.ints(8, 32).lanes(2, 16).dynamic(2, 16);
/// Scalar integers that split into halves (`isplit`).
pub const SPLITTABLE_INT: TypeSet = NONE.ints(16, 128).lanes(1, 1);
/// Integer results of 8-bit loads: `i16` to `i64`.
pub const LOAD8_INT: TypeSet = NONE.ints(16, 64).lanes(1, 1);
/// Integer results of 16-bit loads: `i32` and `i64`.
pub const LOAD16_INT: TypeSet = NONE.ints(32, 64).lanes(1, 1);
/// Integer vectors of 4 or 8 lanes of 16 or 32 bits (`sqmul_round_sat`).
pub const INT_16_32_VECTOR: TypeSet = NONE.ints(16, 32).lanes(4, 8);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_set_the_right_bits() {
        assert_eq!(SCALAR_INT.ints, 0b11111);
        assert_eq!(SCALAR_INT.lanes, 1);
        assert_eq!(ADDR.ints, 0b1100);
        assert_eq!(FLOAT.floats, 0b1111);
        assert_eq!(ANY.lanes, 0x1ff);
        assert_eq!(INT.dynamic_lanes, 0x1fe);
        assert_eq!(I64.ints, 0b1000);
        assert_eq!(LOAD16_INT.ints, 0b1100);
    }
}
