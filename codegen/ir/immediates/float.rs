//! IEEE 754 float immediates (`f16const` … `f128const`) stored as bit patterns.
//!
//! Text accepted, with an optional `+` or `-` sign:
//! - hex floats `0x1.8p3`, `0x10`, `0x.8`, `0x0.0`; the value must be exactly
//!   representable (no rounding: a hex literal names one bit pattern);
//! - decimal `0.0`, `1.5`, `2e10` (correctly rounded; not for `f128`);
//! - `Inf`, `NaN` (quiet, payload 0), `NaN:0x1` (quiet with payload),
//!   `sNaN:0x1` (signalling; the payload must be non-zero).
//!
//! Canonical text: `0.0`/`-0.0`; normals as `0x1.<all fraction digits>p<exp>`
//! (`0x1.800000p3` for f32 12.0); subnormals as `0x0.<digits>p<emin>`;
//! specials always signed: `+Inf`, `-Inf`, `+NaN`, `-NaN:0x1`, `+sNaN:0x1`.

use core::fmt;
use core::str::FromStr;

/// Shape of an IEEE binary interchange format: exponent bits `w`, trailing
/// significand bits `t`.
#[derive(Clone, Copy)]
struct Format {
    w: u32,
    t: u32,
}

const F16: Format = Format { w: 5, t: 10 };
const F32: Format = Format { w: 8, t: 23 };
const F64: Format = Format { w: 11, t: 52 };
const F128: Format = Format { w: 15, t: 112 };

impl Format {
    fn bias(self) -> i64 {
        (1 << (self.w - 1)) - 1
    }
    fn max_e_bits(self) -> u128 {
        (1 << self.w) - 1
    }
    fn sign_bit(self) -> u128 {
        1 << (self.w + self.t)
    }
    fn t_mask(self) -> u128 {
        (1 << self.t) - 1
    }
    fn quiet_bit(self) -> u128 {
        1 << (self.t - 1)
    }
}

fn format_float(bits: u128, fmt_: Format, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let t_bits = bits & fmt_.t_mask();
    let e_bits = (bits >> fmt_.t) & fmt_.max_e_bits();
    let negative = bits & fmt_.sign_bit() != 0;
    let digits = fmt_.t.div_ceil(4) as usize;
    let left_t_bits = t_bits << (4 * digits as u32 - fmt_.t);
    let emin = 1 - fmt_.bias();
    if negative {
        f.write_str("-")?;
    }
    if e_bits == 0 {
        if t_bits == 0 {
            f.write_str("0.0")
        } else {
            write!(f, "0x0.{left_t_bits:0digits$x}p{emin}")
        }
    } else if e_bits == fmt_.max_e_bits() {
        if !negative {
            f.write_str("+")?;
        }
        let payload = t_bits & (fmt_.quiet_bit() - 1);
        if t_bits == 0 {
            f.write_str("Inf")
        } else if t_bits & fmt_.quiet_bit() != 0 {
            if payload == 0 {
                f.write_str("NaN")
            } else {
                write!(f, "NaN:0x{payload:x}")
            }
        } else {
            write!(f, "sNaN:0x{payload:x}")
        }
    } else {
        let e = e_bits as i64 - fmt_.bias();
        write!(f, "0x1.{left_t_bits:0digits$x}p{e}")
    }
}

fn parse_nan_payload(text: &str, whole: &str, fmt_: Format) -> Result<u128, String> {
    let hex = text
        .strip_prefix("0x")
        .ok_or_else(|| format!("NaN payload in `{whole}` must be hexadecimal (`0x…`)"))?;
    if hex.is_empty() {
        return Err(format!("missing NaN payload digits in `{whole}`"));
    }
    let mut payload: u128 = 0;
    for c in hex.chars() {
        if c == '_' {
            continue;
        }
        let d = c
            .to_digit(16)
            .ok_or_else(|| format!("invalid digit `{c}` in `{whole}`"))?;
        payload = payload
            .checked_mul(16)
            .map(|p| p | u128::from(d))
            .filter(|&p| p < fmt_.quiet_bit())
            .ok_or_else(|| {
                format!(
                    "NaN payload in `{whole}` does not fit in {} bits",
                    fmt_.t - 1
                )
            })?;
    }
    Ok(payload)
}

/// Parses a hex float body (after `0x`) into an exactly representable pattern.
fn parse_hex_float(body: &str, whole: &str, fmt_: Format) -> Result<u128, String> {
    let (mantissa, exponent) = match body.split_once(['p', 'P']) {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let mut exp2: i64 = match exponent {
        Some(e) => {
            let (neg, digits) = match e.as_bytes().first() {
                Some(b'-') => (true, &e[1..]),
                Some(b'+') => (false, &e[1..]),
                _ => (false, e),
            };
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("invalid exponent in `{whole}`"));
            }
            let v: i64 = digits.parse().unwrap_or(i64::MAX).min(1 << 20);
            if neg { -v } else { v }
        }
        None => 0,
    };
    let mut sig: u128 = 0;
    let mut seen_point = false;
    let mut any_digit = false;
    for c in mantissa.chars() {
        if c == '.' {
            if seen_point {
                return Err(format!("multiple radix points in `{whole}`"));
            }
            seen_point = true;
            continue;
        }
        if c == '_' {
            continue;
        }
        let d = c
            .to_digit(16)
            .ok_or_else(|| format!("invalid character `{c}` in float `{whole}`"))?;
        any_digit = true;
        if sig >> 124 == 0 {
            sig = (sig << 4) | u128::from(d);
            if seen_point {
                exp2 -= 4;
            }
        } else if d != 0 {
            return Err(format!("too many significant bits in `{whole}`"));
        } else if !seen_point {
            exp2 += 4;
        }
    }
    if !any_digit {
        return Err(format!("no digits in float `{whole}`"));
    }
    if sig == 0 {
        return Ok(0);
    }
    let msb = i64::from(127 - sig.leading_zeros());
    let e = exp2 + msb;
    let t = i64::from(fmt_.t);
    if e > fmt_.bias() {
        return Err(format!(
            "magnitude of `{whole}` is too large for f{}",
            1 + fmt_.w + fmt_.t
        ));
    }
    let emin = 1 - fmt_.bias();
    // Exponent of the significand's least significant bit in the encoding.
    let (lsb_exp, e_bits) = if e >= emin {
        (e - t, (e + fmt_.bias()) as u128)
    } else {
        (emin - t, 0)
    };
    let shift = exp2 - lsb_exp;
    let t_bits = if shift >= 0 {
        sig << shift
    } else {
        let drop = (-shift) as u32;
        if drop >= 128 || sig & ((1u128 << drop) - 1) != 0 {
            return Err(if e_bits == 0 {
                format!("`{whole}` underflows the subnormal range")
            } else {
                format!("too many significant bits in `{whole}`")
            });
        }
        sig >> drop
    };
    Ok((e_bits << fmt_.t) | (t_bits & fmt_.t_mask()))
}

fn parse_float(s: &str, fmt_: Format, decimal: fn(&str) -> Option<u128>) -> Result<u128, String> {
    let (sign, body) = match s.as_bytes().first() {
        Some(b'-') => (fmt_.sign_bit(), &s[1..]),
        Some(b'+') => (0, &s[1..]),
        _ => (0, s),
    };
    let inf = fmt_.max_e_bits() << fmt_.t;
    let magnitude = if body == "Inf" {
        inf
    } else if body == "NaN" {
        inf | fmt_.quiet_bit()
    } else if let Some(payload) = body.strip_prefix("NaN:") {
        inf | fmt_.quiet_bit() | parse_nan_payload(payload, s, fmt_)?
    } else if let Some(payload) = body.strip_prefix("sNaN:") {
        let p = parse_nan_payload(payload, s, fmt_)?;
        if p == 0 {
            return Err(format!("signalling NaN `{s}` needs a non-zero payload"));
        }
        inf | p
    } else if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        parse_hex_float(hex, s, fmt_)?
    } else if body.starts_with(|c: char| c.is_ascii_digit()) {
        if !body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        {
            return Err(format!("invalid float `{s}`"));
        }
        decimal(body).ok_or_else(|| format!("invalid decimal float `{s}`"))?
    } else {
        return Err(format!("invalid float `{s}`"));
    };
    Ok(sign | magnitude)
}

/// Rounds an f64 to the nearest f16 (ties to even). Going through f64 is
/// correctly rounded from decimal because 53 >= 2 * 11 + 2.
fn f64_to_f16_bits(x: f64) -> u16 {
    let bits = x.to_bits();
    let sign = ((bits >> 48) & 0x8000) as u16;
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    if exp == 0x7ff {
        return sign | 0x7c00 | if frac != 0 { 0x200 } else { 0 };
    }
    let e = exp - 1023;
    if e > 15 {
        return sign | 0x7c00;
    }
    // Significand with the implicit bit, as a 53-bit integer.
    let sig = if exp == 0 { frac } else { frac | (1 << 52) };
    // Number of low bits to drop so the result's lsb has weight 2^(e16 - 10).
    let lsb_exp = if e >= -14 { e - 10 } else { -24 };
    let drop = (lsb_exp - (e - 52)).clamp(0, 63) as u32;
    let mut kept = sig >> drop;
    let rem = sig & ((1u64 << drop) - 1);
    let half = 1u64 << (drop - 1);
    if rem > half || (rem == half && kept & 1 == 1) {
        kept += 1;
    }
    // `kept` includes the implicit bit for normals; adding it to the biased
    // exponent field handles carries into the next binade and into Inf.
    let biased = if e >= -14 { (e + 15) as u64 - 1 } else { 0 };
    sign | ((biased << 10) + kept) as u16
}

macro_rules! ieee_type {
    ($(#[$doc:meta])* $name:ident, $bits_ty:ty, $format:expr, $decimal:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Debug)]
        pub struct $name($bits_ty);

        impl $name {
            /// The float with this bit pattern.
            pub const fn with_bits(bits: $bits_ty) -> Self {
                Self(bits)
            }
            /// The bit pattern.
            pub const fn bits(self) -> $bits_ty {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                format_float(self.0 as u128, $format, f)
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                parse_float(s, $format, $decimal).map(|b| Self(b as $bits_ty))
            }
        }
    };
}

ieee_type!(
    /// An IEEE binary16 immediate.
    Ieee16, u16, F16, |s| s.parse::<f64>().ok().map(|x| u128::from(f64_to_f16_bits(x)))
);
ieee_type!(
    /// An IEEE binary32 immediate.
    Ieee32, u32, F32, |s| s.parse::<f32>().ok().map(|x| u128::from(x.to_bits()))
);
ieee_type!(
    /// An IEEE binary64 immediate.
    Ieee64, u64, F64, |s| s.parse::<f64>().ok().map(|x| u128::from(x.to_bits()))
);
ieee_type!(
    /// An IEEE binary128 immediate. Decimal text is accepted only for zero
    /// (write a hex float): exact decimal rounding to 113 bits is not implemented.
    Ieee128, u128, F128, |s| s.parse::<f64>().ok().filter(|x| *x == 0.0).map(|_| 0)
);

impl Ieee32 {
    /// The immediate of `x`.
    pub fn with_float(x: f32) -> Self {
        Self(x.to_bits())
    }
    /// The value as `f32`.
    pub fn as_f32(self) -> f32 {
        f32::from_bits(self.0)
    }
}

impl Ieee64 {
    /// The immediate of `x`.
    pub fn with_float(x: f64) -> Self {
        Self(x.to_bits())
    }
    /// The value as `f64`.
    pub fn as_f64(self) -> f64 {
        f64::from_bits(self.0)
    }
}

impl From<f32> for Ieee32 {
    fn from(x: f32) -> Self {
        Self::with_float(x)
    }
}

impl From<f64> for Ieee64 {
    fn from(x: f64) -> Self {
        Self::with_float(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::tests::{rejects as err, round_trip as ok};

    #[test]
    fn ieee32_canonical_forms() {
        ok::<Ieee32>("0.0", "0.0");
        ok::<Ieee32>("-0.0", "-0.0");
        ok::<Ieee32>("0x0", "0.0");
        ok::<Ieee32>("-0x0.0", "-0.0");
        ok::<Ieee32>("0x.0", "0.0");
        ok::<Ieee32>("0x1", "0x1.000000p0");
        ok::<Ieee32>("-0x1", "-0x1.000000p0");
        ok::<Ieee32>("0x10", "0x1.000000p4");
        ok::<Ieee32>("0x1.8p3", "0x1.800000p3");
        ok::<Ieee32>("0x1.5", "0x1.500000p0");
        ok::<Ieee32>("0x1.fp1", "0x1.f00000p1");
        ok::<Ieee32>("0x0.8", "0x1.000000p-1");
        ok::<Ieee32>("0x1.fffffep127", "0x1.fffffep127");
        ok::<Ieee32>("0x1p-126", "0x1.000000p-126");
        ok::<Ieee32>("0x1p-149", "0x0.000002p-126");
        ok::<Ieee32>("0x0.800000p-126", "0x0.800000p-126");
        ok::<Ieee32>("1.5", "0x1.800000p0");
        ok::<Ieee32>("12.0", "0x1.800000p3");
        ok::<Ieee32>("+Inf", "+Inf");
        ok::<Ieee32>("Inf", "+Inf");
        ok::<Ieee32>("-Inf", "-Inf");
        ok::<Ieee32>("NaN", "+NaN");
        ok::<Ieee32>("+NaN", "+NaN");
        ok::<Ieee32>("-NaN", "-NaN");
        ok::<Ieee32>("NaN:0x1", "+NaN:0x1");
        ok::<Ieee32>("-NaN:0x3fffff", "-NaN:0x3fffff");
        ok::<Ieee32>("+sNaN:0x1", "+sNaN:0x1");
        ok::<Ieee32>("-sNaN:0x1", "-sNaN:0x1");
        assert_eq!("NaN".parse::<Ieee32>().map(|x| x.bits()), Ok(0x7fc0_0000));
        assert_eq!(
            "-sNaN:0x1".parse::<Ieee32>().map(|x| x.bits()),
            Ok(0xff80_0001)
        );
        assert_eq!("0x1.8p3".parse::<Ieee32>().map(Ieee32::as_f32), Ok(12.0));
    }

    #[test]
    fn ieee32_rejections() {
        for bad in [
            "",
            "-",
            ".",
            "0x",
            "0x..",
            "0x1.0.0",
            "0x1p",
            "0x1pq",
            "0x1p128",
            "0x1.000001p0",
            "0x1p-150",
            "0x3p-150",
            "sNaN",
            "sNaN:0x0",
            "NaN:0x400000",
            "NaN:1",
            "NaN:0x",
            "inf",
            "nan",
            "1.5.5",
            "0x1g",
            "1x",
        ] {
            err::<Ieee32>(bad);
        }
    }

    #[test]
    fn ieee64_and_limits() {
        ok::<Ieee64>("0x1", "0x1.0000000000000p0");
        ok::<Ieee64>("0x1.fffffffffffffp1023", "0x1.fffffffffffffp1023");
        ok::<Ieee64>("0x1p-1074", "0x0.0000000000001p-1022");
        ok::<Ieee64>("-NaN:0x7ffffffffffff", "-NaN:0x7ffffffffffff");
        ok::<Ieee64>("+sNaN:0x4", "+sNaN:0x4");
        ok::<Ieee64>("0.1", "0x1.999999999999ap-4");
        ok::<Ieee64>("2e10", "0x1.2a05f20000000p34");
        err::<Ieee64>("0x1p1024");
        err::<Ieee64>("0x1.00000000000008p0");
        err::<Ieee64>("NaN:0x8000000000000");
        // Long but exact literals: trailing zeros never count as significant.
        ok::<Ieee64>(
            "0x1.000000000000000000000000000000000000000p0",
            "0x1.0000000000000p0",
        );
        ok::<Ieee64>(
            "0x10000000000000000000000000000000000000000p-160",
            "0x1.0000000000000p0",
        );
    }

    #[test]
    fn ieee16_and_ieee128() {
        ok::<Ieee16>("0x1", "0x1.000p0");
        ok::<Ieee16>("0x1.ffcp15", "0x1.ffcp15");
        ok::<Ieee16>("0x1p-24", "0x0.004p-14");
        ok::<Ieee16>("NaN:0x1ff", "+NaN:0x1ff");
        ok::<Ieee16>("1.5", "0x1.800p0");
        ok::<Ieee16>("65504", "0x1.ffcp15");
        ok::<Ieee16>("65520", "+Inf");
        ok::<Ieee16>("0.00000005960464477539063", "0x0.004p-14");
        ok::<Ieee16>("0.1", "0x1.998p-4");
        err::<Ieee16>("0x1p16");
        err::<Ieee16>("NaN:0x200");
        ok::<Ieee128>("0x1", "0x1.0000000000000000000000000000p0");
        ok::<Ieee128>("-0x1.8p16383", "-0x1.8000000000000000000000000000p16383");
        ok::<Ieee128>("0x1p-16494", "0x0.0000000000000000000000000001p-16382");
        ok::<Ieee128>("+sNaN:0x1", "+sNaN:0x1");
        ok::<Ieee128>("0.0", "0.0");
        err::<Ieee128>("1.5");
        err::<Ieee128>("0x1p16384");
    }
}
