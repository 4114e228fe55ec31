//! Small helpers over [`DataValue`]: integer bit patterns at any width,
//! vector lanes without allocation, and the [`Fault`] of an operation.
//!
//! Integers are handled as `(width, bits)` with `bits` a `u128` holding the
//! value's bit pattern zero-extended; every result is masked back to its
//! width, so one implementation serves i8 through i128.

use crate::data_value::DataValue;
use crate::ir::TrapCode;
use crate::ir::types::Type;

/// Why an operation on values did not produce a result. The instruction
/// dispatcher turns it into an [`InterpError`](super::InterpError) naming
/// the instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fault {
    /// The operation traps with this code.
    Trap(TrapCode),
    /// The interpreter does not implement the operation on these types.
    Unsupported,
    /// The operand types are not ones the opcode takes (malformed IR).
    BadOperands,
}

/// The result of an operation on values.
pub(super) type OpResult<T = DataValue> = Result<T, Fault>;

/// The low `width` bits set.
#[inline]
pub(super) fn mask(width: u32) -> u128 {
    if width >= 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    }
}

/// `bits` (of `width` bits) sign-extended to 128 bits.
#[inline]
pub(super) fn sign_extend(bits: u128, width: u32) -> i128 {
    if width >= 128 {
        bits as i128
    } else {
        let shift = 128 - width;
        ((bits << shift) as i128) >> shift
    }
}

/// The width and zero-extended bits of an integer scalar.
#[inline]
pub(super) fn int_parts(v: DataValue) -> OpResult<(u32, u128)> {
    Ok(match v {
        DataValue::I8(x) => (8, x as u8 as u128),
        DataValue::I16(x) => (16, x as u16 as u128),
        DataValue::I32(x) => (32, x as u32 as u128),
        DataValue::I64(x) => (64, x as u64 as u128),
        DataValue::I128(x) => (128, x as u128),
        _ => return Err(Fault::BadOperands),
    })
}

/// An integer scalar of `width` bits holding the low bits of `bits`.
#[inline]
pub(super) fn make_int(width: u32, bits: u128) -> OpResult {
    Ok(match width {
        8 => DataValue::I8(bits as i8),
        16 => DataValue::I16(bits as i16),
        32 => DataValue::I32(bits as i32),
        64 => DataValue::I64(bits as i64),
        128 => DataValue::I128(bits as i128),
        _ => return Err(Fault::BadOperands),
    })
}

/// An integer scalar of type `ty` holding the low bits of `bits`.
#[inline]
pub(super) fn make_int_of(ty: Type, bits: u128) -> OpResult {
    if !ty.is_int() || !ty.is_lane() {
        return Err(Fault::BadOperands);
    }
    make_int(ty.bits(), bits)
}

/// CLIF's boolean result of scalar comparisons: `i8` 1 or 0.
#[inline]
pub(super) fn bool_value(b: bool) -> DataValue {
    DataValue::I8(b as i8)
}

/// Whether a scalar is non-zero (the condition of `brif`, `select`, traps).
#[inline]
pub(super) fn truthy(v: DataValue) -> OpResult<bool> {
    match v {
        DataValue::Vector(..) => Err(Fault::BadOperands),
        _ => Ok(v.to_bits().is_some_and(|b| b != 0)),
    }
}

/// The raw bits of any scalar (integer or float).
#[inline]
pub(super) fn scalar_bits(v: DataValue) -> OpResult<u128> {
    v.to_bits().ok_or(Fault::BadOperands)
}

/// A vector's type and bytes; the vector must fit the 16-byte representation.
#[inline]
pub(super) fn vector_parts(v: DataValue) -> OpResult<(Type, [u8; 16])> {
    match v {
        DataValue::Vector(ty, bytes) => Ok((ty, bytes)),
        _ => Err(Fault::BadOperands),
    }
}

/// Lane `i` of a vector with lanes of `lane_bytes` bytes, zero-extended.
#[inline]
pub(super) fn get_lane(bytes: &[u8; 16], lane_bytes: usize, i: usize) -> u128 {
    let mut out = [0u8; 16];
    let start = i * lane_bytes;
    if let (Some(dst), Some(src)) = (
        out.get_mut(..lane_bytes),
        bytes.get(start..start + lane_bytes),
    ) {
        dst.copy_from_slice(src);
    }
    u128::from_le_bytes(out)
}

/// Sets lane `i` of a vector with lanes of `lane_bytes` bytes.
#[inline]
pub(super) fn set_lane(bytes: &mut [u8; 16], lane_bytes: usize, i: usize, bits: u128) {
    let start = i * lane_bytes;
    if let Some(dst) = bytes.get_mut(start..start + lane_bytes) {
        dst.copy_from_slice(&bits.to_le_bytes()[..lane_bytes]);
    }
}

/// Lane `i` of vector `(ty, bytes)` as a scalar value.
#[inline]
pub(super) fn lane_value(ty: Type, bytes: &[u8; 16], i: usize) -> OpResult {
    let lane_ty = ty.lane_type();
    let bits = get_lane(bytes, lane_ty.bytes() as usize, i);
    DataValue::from_bits(lane_ty, bits).ok_or(Fault::BadOperands)
}

/// Checks that `ty` is a vector the 16-byte representation holds.
#[inline]
pub(super) fn check_vector_type(ty: Type) -> OpResult<()> {
    if ty.is_vector() && ty.bytes() <= 16 && !ty.lane_type().is_invalid() {
        Ok(())
    } else {
        Err(Fault::Unsupported)
    }
}

/// The memory image of any value: its bytes as a store with byte order
/// `big` (else little) writes them, lane 0 first for vectors, each lane in
/// that byte order; with its size in bytes.
pub(super) fn to_memory_image(v: DataValue, big: bool) -> ([u8; 16], usize) {
    let (mut bytes, size, lane_bytes) = match v {
        DataValue::Vector(ty, bytes) => (bytes, ty.bytes() as usize, ty.lane_type().bytes()),
        _ => {
            let bits = v.to_bits().unwrap_or(0);
            let size = v.ty().bytes() as usize;
            (bits.to_le_bytes(), size, size as u32)
        }
    };
    if big {
        reverse_lanes(&mut bytes[..size.min(16)], lane_bytes as usize);
    }
    (bytes, size)
}

/// The value of type `ty` whose memory image (see [`to_memory_image`])
/// starts `image`.
pub(super) fn from_memory_image(ty: Type, image: &[u8], big: bool) -> OpResult {
    let size = ty.bytes() as usize;
    if ty.is_invalid() || size == 0 || size > 16 || ty.is_dynamic_vector() {
        return Err(Fault::Unsupported);
    }
    let mut bytes = [0u8; 16];
    let src = image.get(..size).ok_or(Fault::BadOperands)?;
    bytes[..size].copy_from_slice(src);
    if big {
        reverse_lanes(&mut bytes[..size], ty.lane_type().bytes() as usize);
    }
    if ty.is_vector() {
        check_vector_type(ty)?;
        Ok(DataValue::Vector(ty, bytes))
    } else {
        DataValue::from_bits(ty, u128::from_le_bytes(bytes)).ok_or(Fault::Unsupported)
    }
}

/// Reverses the bytes of each `lane_bytes`-byte lane of `bytes`.
fn reverse_lanes(bytes: &mut [u8], lane_bytes: usize) {
    if lane_bytes > 1 {
        for lane in bytes.chunks_mut(lane_bytes) {
            lane.reverse();
        }
    }
}
