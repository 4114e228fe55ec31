//! The runtime library JIT-compiled code calls for operations x86-64 has
//! no instruction for: 128-bit division, fused multiply-add, and `f16` /
//! `f128` arithmetic.
//!
//! Lowering emits calls to these under the names of the libgcc /
//! compiler-rt ABI (`__divti3`, `__addtf3`, `__extendhfsf2`, ...) and of C's
//! math library (`fma`, `fmaf`, `sqrtf128`, ...), so an object file links
//! against libgcc and libm unchanged, and the JIT resolves the same names
//! to the functions here ([`symbols`],
//! [`JitModule::define_runtime_symbols`](crate::jit::JitModule::define_runtime_symbols)).
//!
//! Invariants:
//! - every function has the System V signature of its libgcc namesake: an
//!   `f16` travels in the low 16 bits of an XMM register (declared `f32`
//!   here, whose low bits are the same register bits), an `f128` in a whole
//!   XMM register (declared `__m128i`), an `i128` in a register pair;
//! - the arithmetic is the interpreter's software floating point
//!   ([`crate::interp::softfloat`]), so JIT results agree with the
//!   reference bit for bit, NaNs included (an input NaN propagates
//!   quietened, else the positive canonical NaN);
//! - nothing here panics: the Rust functions are not exported under their
//!   C names (no `#[no_mangle]`), so they never shadow libgcc or libm, and
//!   division by zero (which lowering traps on before the call) returns 0.

#[cfg(target_arch = "x86_64")]
mod float128;
mod half;
mod int128;

#[cfg(target_arch = "x86_64")]
pub use float128::f128_symbols;
pub use half::f16_symbols;
pub use int128::i128_symbols;

/// One runtime function: its C name and its address.
pub type RuntimeSymbol = (&'static str, *const u8);

/// Fused multiply-add of `f32`, as C's `fmaf`.
extern "C" fn fmaf(a: f32, b: f32, c: f32) -> f32 {
    a.mul_add(b, c)
}

/// Fused multiply-add of `f64`, as C's `fma`.
extern "C" fn fma(a: f64, b: f64, c: f64) -> f64 {
    a.mul_add(b, c)
}

/// `fma` and `fmaf`.
pub fn fma_symbols() -> [RuntimeSymbol; 2] {
    [("fmaf", fmaf as *const u8), ("fma", fma as *const u8)]
}

/// Every runtime function, sorted by name.
pub fn symbols() -> Vec<RuntimeSymbol> {
    let mut all: Vec<RuntimeSymbol> = fma_symbols()
        .into_iter()
        .chain(i128_symbols())
        .chain(f16_symbols())
        .collect();
    #[cfg(target_arch = "x86_64")]
    all.extend(f128_symbols());
    all.sort_by_key(|s| s.0);
    all
}

use crate::interp::float_ops::nan_result;
use crate::interp::softfloat::{self, Format};

/// The result of an arithmetic operation on `operands` under the NaN rule:
/// a NaN operand propagates quietened, an invalid operation (`op` returns
/// `None`) gives the canonical NaN.
fn arith(fmt: Format, operands: &[u128], op: impl FnOnce() -> Option<u128>) -> u128 {
    if operands.iter().any(|&x| fmt.is_nan(x)) {
        return nan_result(fmt, operands, false);
    }
    op().unwrap_or_else(|| fmt.canonical_nan())
}

/// `x` converted from `from` to `to`, rounding once; a NaN keeps its sign
/// and top payload bits and is quietened.
fn convert(from: Format, to: Format, x: u128) -> u128 {
    if from.is_nan(x) {
        softfloat::convert_nan(from, to, x)
    } else {
        softfloat::convert(from, to, x)
    }
}
