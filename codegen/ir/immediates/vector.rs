//! 128-bit vector immediates.
//!
//! A [`V128Imm`] holds 16 bytes in memory order (byte 0 is lane 0's lowest
//! byte on a little-endian target). Its text is one hex number, most
//! significant byte (byte 15) first: `0x000102…0f` has byte 0 = `0x0f`.

use core::fmt;
use core::str::FromStr;

/// A 128-bit immediate, as 16 little-endian bytes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Debug)]
pub struct V128Imm(pub [u8; 16]);

impl V128Imm {
    /// The bytes, lowest first.
    pub fn bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The value as a little-endian 128-bit integer.
    pub fn as_u128(&self) -> u128 {
        u128::from_le_bytes(self.0)
    }
}

impl From<u128> for V128Imm {
    fn from(x: u128) -> Self {
        Self(x.to_le_bytes())
    }
}

impl From<[u8; 16]> for V128Imm {
    fn from(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }
}

impl fmt::Display for V128Imm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("0x")?;
        for b in self.0.iter().rev() {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl FromStr for V128Imm {
    type Err = String;

    /// Parses `0x` followed by at most 32 hex digits (`_` allowed); missing
    /// high digits are zero.
    fn from_str(s: &str) -> Result<Self, String> {
        let hex = s
            .strip_prefix("0x")
            .ok_or_else(|| format!("128-bit immediate `{s}` must start with `0x`"))?;
        let mut value: u128 = 0;
        let mut digits = 0;
        for c in hex.chars() {
            if c == '_' {
                continue;
            }
            let d = c
                .to_digit(16)
                .ok_or_else(|| format!("invalid digit `{c}` in `{s}`"))?;
            digits += 1;
            if digits > 32 {
                return Err(format!("`{s}` has more than 32 hex digits"));
            }
            value = (value << 4) | u128::from(d);
        }
        if digits == 0 {
            return Err(format!("no digits in `{s}`"));
        }
        Ok(Self::from(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trip() {
        let v: V128Imm = "0x000102030405060708090a0b0c0d0e0f".parse().expect("valid");
        assert_eq!(v.0[0], 0x0f);
        assert_eq!(v.0[15], 0x00);
        assert_eq!(v.to_string(), "0x000102030405060708090a0b0c0d0e0f");
        assert_eq!(
            "0x1".parse::<V128Imm>().map(|v| v.to_string()),
            Ok(format!("0x{}1", "0".repeat(31)))
        );
        assert!("0x".parse::<V128Imm>().is_err());
        assert!("1".parse::<V128Imm>().is_err());
        assert!(format!("0x{}", "f".repeat(33)).parse::<V128Imm>().is_err());
    }
}
