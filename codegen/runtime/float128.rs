//! `f128` arithmetic, comparisons and conversions under the libgcc names
//! (`__addtf3`, `__letf2`, `__extenddftf2`, `__fixtfdi`, ...) and the C
//! library's `f128` functions (`sqrtf128`, `fmaf128`, `ceilf128`,
//! `floorf128`, `truncf128`, `roundevenf128`).
//!
//! An `f128` is passed and returned in one XMM register (System V class
//! SSE + SSEUP), declared as `__m128i` here. The comparison functions
//! return libgcc's three-way results: `__eqtf2`/`__netf2` give 0 when
//! equal, `__lttf2`/`__letf2` -1/0/1 with 1 for unordered,
//! `__gttf2`/`__getf2` -1/0/1 with -1 for unordered, `__unordtf2` nonzero
//! when either operand is NaN. The float-to-integer conversions truncate
//! and saturate (NaN gives 0); lowering traps on NaN and out-of-range
//! values before calling, as CLIF requires.

// `__m128i` is a SIMD type the lint does not know the C ABI of; on x86-64
// (where SSE2 is baseline) it is passed and returned in one XMM register,
// exactly like C's `__m128i` and `__float128`. The JIT run-line tests call
// these through compiled code and check the results.
#![allow(improper_ctypes_definitions)]

use super::{RuntimeSymbol, arith, convert};
use crate::interp::softfloat::{self, DOUBLE, HALF, QUAD, RoundMode, SINGLE};
use core::arch::x86_64::__m128i;
use core::cmp::Ordering;

fn bits(x: __m128i) -> u128 {
    // SAFETY: both types are 16 bytes of plain data; every bit pattern is
    // valid for each.
    unsafe { core::mem::transmute::<__m128i, u128>(x) }
}

fn quad(bits: u128) -> __m128i {
    // SAFETY: as in `bits`.
    unsafe { core::mem::transmute::<u128, __m128i>(bits) }
}

fn binary(a: __m128i, b: __m128i, op: impl FnOnce(u128, u128) -> Option<u128>) -> __m128i {
    let (x, y) = (bits(a), bits(b));
    quad(arith(QUAD, &[x, y], || op(x, y)))
}

extern "C" fn addtf3(a: __m128i, b: __m128i) -> __m128i {
    binary(a, b, |x, y| softfloat::add(QUAD, x, y, false))
}

extern "C" fn subtf3(a: __m128i, b: __m128i) -> __m128i {
    binary(a, b, |x, y| softfloat::add(QUAD, x, y, true))
}

extern "C" fn multf3(a: __m128i, b: __m128i) -> __m128i {
    binary(a, b, |x, y| softfloat::mul(QUAD, x, y))
}

extern "C" fn divtf3(a: __m128i, b: __m128i) -> __m128i {
    binary(a, b, |x, y| softfloat::div(QUAD, x, y))
}

extern "C" fn sqrtf128(a: __m128i) -> __m128i {
    let x = bits(a);
    quad(arith(QUAD, &[x], || softfloat::sqrt(QUAD, x)))
}

extern "C" fn fmaf128(a: __m128i, b: __m128i, c: __m128i) -> __m128i {
    let ops = [bits(a), bits(b), bits(c)];
    quad(arith(QUAD, &ops, || {
        softfloat::fma(QUAD, ops[0], ops[1], ops[2])
    }))
}

fn round(a: __m128i, mode: RoundMode) -> __m128i {
    let x = bits(a);
    quad(arith(QUAD, &[x], || {
        Some(softfloat::round_to_integral(QUAD, x, mode))
    }))
}

extern "C" fn ceilf128(a: __m128i) -> __m128i {
    round(a, RoundMode::Up)
}

extern "C" fn floorf128(a: __m128i) -> __m128i {
    round(a, RoundMode::Down)
}

extern "C" fn truncf128(a: __m128i) -> __m128i {
    round(a, RoundMode::TowardZero)
}

extern "C" fn roundevenf128(a: __m128i) -> __m128i {
    round(a, RoundMode::NearestEven)
}

/// The order of `a` and `b`, `None` when unordered.
fn order(a: __m128i, b: __m128i) -> Option<Ordering> {
    let (x, y) = (bits(a), bits(b));
    if QUAD.is_nan(x) || QUAD.is_nan(y) {
        None
    } else {
        Some(softfloat::compare(QUAD, x, y))
    }
}

/// -1, 0 or 1 for less, equal or greater; `unordered` otherwise.
fn three_way(a: __m128i, b: __m128i, unordered: i32) -> i32 {
    match order(a, b) {
        Some(Ordering::Less) => -1,
        Some(Ordering::Equal) => 0,
        Some(Ordering::Greater) => 1,
        None => unordered,
    }
}

extern "C" fn eqtf2(a: __m128i, b: __m128i) -> i32 {
    three_way(a, b, 1)
}

extern "C" fn lttf2(a: __m128i, b: __m128i) -> i32 {
    three_way(a, b, 1)
}

extern "C" fn gttf2(a: __m128i, b: __m128i) -> i32 {
    three_way(a, b, -1)
}

extern "C" fn unordtf2(a: __m128i, b: __m128i) -> i32 {
    i32::from(order(a, b).is_none())
}

extern "C" fn extendhftf2(a: f32) -> __m128i {
    quad(convert(HALF, QUAD, u128::from(a.to_bits() & 0xffff)))
}

extern "C" fn extendsftf2(a: f32) -> __m128i {
    quad(convert(SINGLE, QUAD, u128::from(a.to_bits())))
}

extern "C" fn extenddftf2(a: f64) -> __m128i {
    quad(convert(DOUBLE, QUAD, u128::from(a.to_bits())))
}

extern "C" fn trunctfhf2(a: __m128i) -> f32 {
    f32::from_bits(convert(QUAD, HALF, bits(a)) as u32)
}

extern "C" fn trunctfsf2(a: __m128i) -> f32 {
    f32::from_bits(convert(QUAD, SINGLE, bits(a)) as u32)
}

extern "C" fn trunctfdf2(a: __m128i) -> f64 {
    f64::from_bits(convert(QUAD, DOUBLE, bits(a)) as u64)
}

/// `a` truncated toward zero and clamped to `[min, max]`; NaN gives 0.
fn to_int(a: __m128i, min: i128, max: i128) -> i128 {
    let x = bits(a);
    if QUAD.is_nan(x) {
        return 0;
    }
    match softfloat::to_integer_toward_zero(QUAD, x) {
        Some((negative, magnitude)) => {
            let m = i128::try_from(magnitude).unwrap_or(i128::MAX);
            let v = if negative { -m } else { m };
            v.clamp(min, max)
        }
        None if QUAD.is_negative(x) => min,
        None => max,
    }
}

extern "C" fn fixtfsi(a: __m128i) -> i32 {
    to_int(a, i32::MIN.into(), i32::MAX.into()) as i32
}

extern "C" fn fixtfdi(a: __m128i) -> i64 {
    to_int(a, i64::MIN.into(), i64::MAX.into()) as i64
}

extern "C" fn fixunstfsi(a: __m128i) -> u32 {
    to_int(a, 0, u32::MAX.into()) as u32
}

extern "C" fn fixunstfdi(a: __m128i) -> u64 {
    to_int(a, 0, u64::MAX.into()) as u64
}

fn from_int(v: i128) -> __m128i {
    quad(softfloat::from_integer(QUAD, v < 0, v.unsigned_abs()))
}

extern "C" fn floatsitf(a: i32) -> __m128i {
    from_int(a.into())
}

extern "C" fn floatditf(a: i64) -> __m128i {
    from_int(a.into())
}

extern "C" fn floatunsitf(a: u32) -> __m128i {
    from_int(a.into())
}

extern "C" fn floatunditf(a: u64) -> __m128i {
    from_int(a.into())
}

/// The `f128` functions.
pub fn f128_symbols() -> [RuntimeSymbol; 31] {
    [
        ("__addtf3", addtf3 as *const u8),
        ("__subtf3", subtf3 as *const u8),
        ("__multf3", multf3 as *const u8),
        ("__divtf3", divtf3 as *const u8),
        ("sqrtf128", sqrtf128 as *const u8),
        ("fmaf128", fmaf128 as *const u8),
        ("ceilf128", ceilf128 as *const u8),
        ("floorf128", floorf128 as *const u8),
        ("truncf128", truncf128 as *const u8),
        ("roundevenf128", roundevenf128 as *const u8),
        ("__eqtf2", eqtf2 as *const u8),
        ("__netf2", eqtf2 as *const u8),
        ("__lttf2", lttf2 as *const u8),
        ("__letf2", lttf2 as *const u8),
        ("__gttf2", gttf2 as *const u8),
        ("__getf2", gttf2 as *const u8),
        ("__unordtf2", unordtf2 as *const u8),
        ("__extendhftf2", extendhftf2 as *const u8),
        ("__extendsftf2", extendsftf2 as *const u8),
        ("__extenddftf2", extenddftf2 as *const u8),
        ("__trunctfhf2", trunctfhf2 as *const u8),
        ("__trunctfsf2", trunctfsf2 as *const u8),
        ("__trunctfdf2", trunctfdf2 as *const u8),
        ("__fixtfsi", fixtfsi as *const u8),
        ("__fixtfdi", fixtfdi as *const u8),
        ("__fixunstfsi", fixunstfsi as *const u8),
        ("__fixunstfdi", fixunstfdi as *const u8),
        ("__floatsitf", floatsitf as *const u8),
        ("__floatditf", floatditf as *const u8),
        ("__floatunsitf", floatunsitf as *const u8),
        ("__floatunditf", floatunditf as *const u8),
    ]
}
