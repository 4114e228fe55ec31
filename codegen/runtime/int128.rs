//! 128-bit integer division and remainder (`__udivti3`, `__divti3`,
//! `__umodti3`, `__modti3`). Lowering traps on a zero divisor and on
//! `i128::MIN / -1` before calling, as CLIF requires; here a zero divisor
//! gives 0 and the overflowing quotient wraps, so no input panics.

use super::RuntimeSymbol;

extern "C" fn udivti3(a: u128, b: u128) -> u128 {
    a.checked_div(b).unwrap_or(0)
}

extern "C" fn divti3(a: i128, b: i128) -> i128 {
    if b == 0 { 0 } else { a.wrapping_div(b) }
}

extern "C" fn umodti3(a: u128, b: u128) -> u128 {
    a.checked_rem(b).unwrap_or(0)
}

extern "C" fn modti3(a: i128, b: i128) -> i128 {
    if b == 0 { 0 } else { a.wrapping_rem(b) }
}

/// The 128-bit division functions.
pub fn i128_symbols() -> [RuntimeSymbol; 4] {
    [
        ("__udivti3", udivti3 as *const u8),
        ("__divti3", divti3 as *const u8),
        ("__umodti3", umodti3 as *const u8),
        ("__modti3", modti3 as *const u8),
    ]
}
