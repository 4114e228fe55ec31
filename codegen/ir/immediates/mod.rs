//! Immediate operands stored inside instructions, with their CLIF text forms.
//!
//! Each type parses exactly what CLIF text accepts (`FromStr`, errors as
//! `Err(String)`, never a panic) and prints CLIF's canonical form
//! (`Display`), so that print(parse(print(x))) == print(x).
//!
//! Integers: decimal or `0x` hex, optional sign, `_` separators anywhere
//! after the first digit. Canonical form: decimal for values below 10,000
//! (all negative `Imm64`s included), else hex in `_`-separated groups of four
//! digits (`0x0001_86a0`); offsets print their sign then the magnitude so.
//! Floats: see the `float` submodule.

mod float;
mod vector;

pub use float::{Ieee16, Ieee32, Ieee64, Ieee128};
pub use vector::V128Imm;

use core::fmt;
use core::str::FromStr;

/// Writes `x` as hex in `_`-separated groups of four digits, the top group padded.
pub(crate) fn write_hex_groups(x: u64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let top_bit = 63 - x.max(1).leading_zeros();
    let mut pos = top_bit & !0xf;
    write!(f, "0x{:04x}", (x >> pos) & 0xffff)?;
    while pos > 0 {
        pos -= 16;
        write!(f, "_{:04x}", (x >> pos) & 0xffff)?;
    }
    Ok(())
}

/// Parses an unsigned integer: decimal or `0x` hex (at most 16 digits), `_` allowed.
pub(crate) fn parse_u64(s: &str) -> Result<u64, String> {
    let (digits, radix) = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(rest) => (rest, 16u32),
        None => (s, 10u32),
    };
    if digits.is_empty() || digits.starts_with('_') {
        return Err(format!("expected digits in `{s}`"));
    }
    let mut value: u64 = 0;
    let mut significant = 0;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = c
            .to_digit(radix)
            .ok_or_else(|| format!("invalid digit `{c}` in `{s}`"))?;
        if radix == 16 {
            if value != 0 || d != 0 {
                significant += 1;
            }
            if significant > 16 {
                return Err(format!("too many hexadecimal digits in `{s}`"));
            }
        }
        value = value
            .checked_mul(u64::from(radix))
            .and_then(|v| v.checked_add(u64::from(d)))
            .ok_or_else(|| format!("`{s}` is too large"))?;
    }
    Ok(value)
}

/// Parses a signed 64-bit integer. Hex gives the bit pattern (`0xffff_ffff_ffff_ffff`
/// is -1); a decimal magnitude may go up to `u64::MAX` (taken as its bit pattern).
pub(crate) fn parse_i64(s: &str) -> Result<i64, String> {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = parse_u64(rest).map_err(|e| e.replace(rest, s))?;
    if negative {
        if magnitude > i64::MIN.unsigned_abs() {
            return Err(format!("`{s}` is too small for 64 bits"));
        }
        Ok(magnitude.wrapping_neg() as i64)
    } else {
        Ok(magnitude as i64)
    }
}

/// A 64-bit integer immediate (`iconst`), stored as its bit pattern.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Debug)]
pub struct Imm64(i64);

impl Imm64 {
    /// Wraps `x`.
    pub const fn new(x: i64) -> Self {
        Self(x)
    }

    /// The value as signed.
    pub const fn bits(self) -> i64 {
        self.0
    }

    /// The value with bits above `bits` cleared (for `bits` below 64).
    pub fn zero_extend_from_width(self, bits: u32) -> Self {
        if bits >= 64 {
            self
        } else {
            Self((self.0 as u64 & ((1u64 << bits) - 1)) as i64)
        }
    }

    /// The value with bit `bits - 1` copied into every bit above it.
    pub fn sign_extend_from_width(self, bits: u32) -> Self {
        if bits == 0 || bits >= 64 {
            self
        } else {
            let shift = 64 - bits;
            Self((self.0 << shift) >> shift)
        }
    }
}

impl From<i64> for Imm64 {
    fn from(x: i64) -> Self {
        Self(x)
    }
}

impl From<Imm64> for i64 {
    fn from(x: Imm64) -> Self {
        x.0
    }
}

impl fmt::Display for Imm64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        if x < 10_000 {
            write!(f, "{x}")
        } else {
            write_hex_groups(x as u64, f)
        }
    }
}

impl FromStr for Imm64 {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_i64(s).map(Self)
    }
}

/// An 8-bit unsigned immediate (lane indexes).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Debug)]
pub struct Uimm8(u8);

impl Uimm8 {
    /// Wraps `x`.
    pub const fn new(x: u8) -> Self {
        Self(x)
    }
    /// The value.
    pub const fn value(self) -> u8 {
        self.0
    }
}

impl From<u8> for Uimm8 {
    fn from(x: u8) -> Self {
        Self(x)
    }
}

impl fmt::Display for Uimm8 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Uimm8 {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let v = parse_u64(s)?;
        u8::try_from(v)
            .map(Self)
            .map_err(|_| format!("`{s}` does not fit in 8 bits"))
    }
}

/// A 32-bit unsigned immediate.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Debug)]
pub struct Uimm32(u32);

impl Uimm32 {
    /// Wraps `x`.
    pub const fn new(x: u32) -> Self {
        Self(x)
    }
    /// The value.
    pub const fn value(self) -> u32 {
        self.0
    }
}

impl From<u32> for Uimm32 {
    fn from(x: u32) -> Self {
        Self(x)
    }
}

impl fmt::Display for Uimm32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 < 10_000 {
            write!(f, "{}", self.0)
        } else {
            write_hex_groups(u64::from(self.0), f)
        }
    }
}

impl FromStr for Uimm32 {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let v = parse_u64(s)?;
        u32::try_from(v)
            .map(Self)
            .map_err(|_| format!("`{s}` does not fit in 32 bits"))
    }
}

/// A signed 32-bit address offset. Text: `+8`, `-16`; zero prints as nothing,
/// so `load v0+0` reads back as `load v0`. Parsing requires the sign.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Debug)]
pub struct Offset32(i32);

impl Offset32 {
    /// Wraps `x`.
    pub const fn new(x: i32) -> Self {
        Self(x)
    }
    /// The value.
    pub const fn value(self) -> i32 {
        self.0
    }
    /// `self + delta`, or `None` on overflow.
    pub fn try_add_i64(self, delta: i64) -> Option<Self> {
        i32::try_from(i64::from(self.0).checked_add(delta)?)
            .ok()
            .map(Self)
    }
}

impl From<i32> for Offset32 {
    fn from(x: i32) -> Self {
        Self(x)
    }
}

impl From<Offset32> for i32 {
    fn from(x: Offset32) -> Self {
        x.0
    }
}

impl From<Offset32> for i64 {
    fn from(x: Offset32) -> Self {
        i64::from(x.0)
    }
}

impl fmt::Display for Offset32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return Ok(());
        }
        f.write_str(if self.0 < 0 { "-" } else { "+" })?;
        let magnitude = self.0.unsigned_abs();
        if magnitude < 10_000 {
            write!(f, "{magnitude}")
        } else {
            write_hex_groups(u64::from(magnitude), f)
        }
    }
}

impl FromStr for Offset32 {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if !(s.starts_with('+') || s.starts_with('-')) {
            return Err(format!("offset `{s}` must begin with `+` or `-`"));
        }
        let v = parse_i64(s)?;
        let magnitude = parse_u64(&s[1..])?;
        if magnitude > u64::from(i32::MIN.unsigned_abs()) {
            return Err(format!("offset `{s}` does not fit in 32 bits"));
        }
        i32::try_from(v)
            .map(Self)
            .map_err(|_| format!("offset `{s}` does not fit in 32 bits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `text`, checks it prints as `canonical`, and that `canonical`
    /// is a fixed point; shared with the float tests.
    pub(super) fn round_trip<T: FromStr<Err = String> + fmt::Display>(text: &str, canonical: &str) {
        let v: T = text.parse().unwrap_or_else(|e| panic!("`{text}`: {e}"));
        assert_eq!(v.to_string(), canonical, "from `{text}`");
        let again: T = canonical
            .parse()
            .unwrap_or_else(|e| panic!("`{canonical}`: {e}"));
        assert_eq!(again.to_string(), canonical);
    }

    /// Checks that `text` does not parse as a `T`.
    pub(super) fn rejects<T: FromStr<Err = String> + fmt::Debug>(text: &str) {
        assert!(text.parse::<T>().is_err(), "`{text}` should be rejected");
    }

    #[test]
    fn imm64_text() {
        round_trip::<Imm64>("0", "0");
        round_trip::<Imm64>("-1", "-1");
        round_trip::<Imm64>("9999", "9999");
        round_trip::<Imm64>("-9999", "-9999");
        round_trip::<Imm64>("10000", "0x2710");
        round_trip::<Imm64>("0x1_0000", "0x0001_0000");
        round_trip::<Imm64>("-10000", "-10000");
        round_trip::<Imm64>("0xffff_ffff_ffff_d8f0", "-10000");
        round_trip::<Imm64>("0xffff_ffff_ffff_ffff", "-1");
        round_trip::<Imm64>("18446744073709551615", "-1");
        round_trip::<Imm64>("0x7fff_ffff_0000_0000", "0x7fff_ffff_0000_0000");
        round_trip::<Imm64>("-9223372036854775808", "-9223372036854775808");
        round_trip::<Imm64>("0x8000_0000_0000_0000", "-9223372036854775808");
        round_trip::<Imm64>("0x7FFFFFFF_FFFFFFFF", "0x7fff_ffff_ffff_ffff");
        round_trip::<Imm64>("+5", "5");
        round_trip::<Imm64>("1_000", "1000");
        round_trip::<Imm64>("-0x10", "-16");
        assert_eq!(
            "0xffff_ffff_ffff_ffff".parse::<Imm64>().map(Imm64::bits),
            Ok(-1)
        );
        rejects::<Imm64>("");
        rejects::<Imm64>("-");
        rejects::<Imm64>("0x");
        rejects::<Imm64>("0x_1");
        rejects::<Imm64>("12a");
        rejects::<Imm64>("0x1_0000_0000_0000_0000");
        rejects::<Imm64>("18446744073709551616");
        rejects::<Imm64>("-9223372036854775809");
        rejects::<Imm64>("v1");
    }

    #[test]
    fn imm64_width_helpers() {
        assert_eq!(Imm64::new(-1).zero_extend_from_width(8), Imm64::new(255));
        assert_eq!(Imm64::new(255).sign_extend_from_width(8), Imm64::new(-1));
        assert_eq!(Imm64::new(-1).zero_extend_from_width(64), Imm64::new(-1));
    }

    #[test]
    fn small_unsigned_text() {
        round_trip::<Uimm8>("255", "255");
        round_trip::<Uimm8>("0x0f", "15");
        rejects::<Uimm8>("256");
        rejects::<Uimm8>("-1");
        round_trip::<Uimm32>("4294967295", "0xffff_ffff");
        round_trip::<Uimm32>("12", "12");
        rejects::<Uimm32>("4294967296");
    }

    #[test]
    fn offset32_text() {
        assert_eq!(
            "+0".parse::<Offset32>().map(|o| o.to_string()),
            Ok(String::new())
        );
        assert_eq!("-0".parse::<Offset32>(), Ok(Offset32::new(0)));
        round_trip::<Offset32>("+8", "+8");
        round_trip::<Offset32>("-16", "-16");
        round_trip::<Offset32>("+0x10", "+16");
        round_trip::<Offset32>("+10000", "+0x2710");
        round_trip::<Offset32>("-2147483648", "-0x8000_0000");
        round_trip::<Offset32>("+2147483647", "+0x7fff_ffff");
        rejects::<Offset32>("8");
        rejects::<Offset32>("+2147483648");
        rejects::<Offset32>("-2147483649");
        rejects::<Offset32>("+0xffff_ffff");
        rejects::<Offset32>("+");
        assert_eq!(Offset32::new(i32::MAX).try_add_i64(1), None);
        assert_eq!(Offset32::new(4).try_add_i64(-8), Some(Offset32::new(-4)));
    }
}
