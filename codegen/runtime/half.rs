//! `f16` conversions (`__extendhfsf2`, `__extendhfdf2`, `__truncsfhf2`, `__truncdfhf2`) and
//! `fmaf16`. Lowering computes the other `f16` operations in `f32`, which
//! is exact for them (see `isa/x64/lower/libcall.rs`).
//!
//! An `f16` argument or result is the low 16 bits of an XMM register: the
//! functions take and return `f32` and use only those bits of it.

use super::{RuntimeSymbol, arith, convert};
use crate::interp::softfloat::{self, DOUBLE, HALF, SINGLE};

/// The `f16` in the low bits of `x`'s register.
fn half_bits(x: f32) -> u128 {
    u128::from(x.to_bits() & 0xffff)
}

/// An `f16` in the low bits of an XMM register (the rest zero).
fn to_half(bits: u128) -> f32 {
    f32::from_bits((bits & 0xffff) as u32)
}

extern "C" fn extendhfsf2(a: f32) -> f32 {
    f32::from_bits(convert(HALF, SINGLE, half_bits(a)) as u32)
}

extern "C" fn extendhfdf2(a: f32) -> f64 {
    f64::from_bits(convert(HALF, DOUBLE, half_bits(a)) as u64)
}

extern "C" fn truncsfhf2(a: f32) -> f32 {
    to_half(convert(SINGLE, HALF, u128::from(a.to_bits())))
}

extern "C" fn truncdfhf2(a: f64) -> f32 {
    to_half(convert(DOUBLE, HALF, u128::from(a.to_bits())))
}

extern "C" fn fmaf16(a: f32, b: f32, c: f32) -> f32 {
    let ops = [half_bits(a), half_bits(b), half_bits(c)];
    to_half(arith(HALF, &ops, || {
        softfloat::fma(HALF, ops[0], ops[1], ops[2])
    }))
}

/// The `f16` functions.
pub fn f16_symbols() -> [RuntimeSymbol; 5] {
    [
        ("__extendhfsf2", extendhfsf2 as *const u8),
        ("__extendhfdf2", extendhfdf2 as *const u8),
        ("__truncsfhf2", truncsfhf2 as *const u8),
        ("__truncdfhf2", truncdfhf2 as *const u8),
        ("fmaf16", fmaf16 as *const u8),
    ]
}
