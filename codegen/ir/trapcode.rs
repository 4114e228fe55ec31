//! Trap codes: why a trapping instruction stopped the program.
//!
//! A [`TrapCode`] is one non-zero byte. User codes `user1` … `user250` are
//! the bytes 1 to 250; the five reserved codes CLIF names (`stk_ovf`,
//! `int_ovf`, `heap_oob`, `int_divz`, `bad_toint`) take the top five bytes.

use core::fmt;
use core::num::NonZeroU8;
use core::str::FromStr;

/// The reason for a trap.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TrapCode(NonZeroU8);

/// Number of reserved (named) codes.
const RESERVED: u8 = 5;
/// The first reserved byte.
const RESERVED_START: u8 = u8::MAX - RESERVED + 1;

/// Names of the reserved codes, byte `RESERVED_START + i` at index `i`.
const RESERVED_NAMES: [&str; RESERVED as usize] =
    ["stk_ovf", "int_ovf", "heap_oob", "int_divz", "bad_toint"];

const fn reserved(i: u8) -> TrapCode {
    match NonZeroU8::new(RESERVED_START + i) {
        Some(c) => TrapCode(c),
        None => panic!("reserved trap codes are non-zero"),
    }
}

impl TrapCode {
    /// Stack overflow (`stk_ovf`).
    pub const STACK_OVERFLOW: TrapCode = reserved(0);
    /// Integer overflow (`int_ovf`).
    pub const INTEGER_OVERFLOW: TrapCode = reserved(1);
    /// Out-of-bounds heap access (`heap_oob`); the default of memory accesses.
    pub const HEAP_OUT_OF_BOUNDS: TrapCode = reserved(2);
    /// Integer division by zero (`int_divz`).
    pub const INTEGER_DIVISION_BY_ZERO: TrapCode = reserved(3);
    /// Float to integer conversion of NaN or an out-of-range value (`bad_toint`).
    pub const BAD_CONVERSION_TO_INTEGER: TrapCode = reserved(4);

    /// The largest user code.
    pub const MAX_USER_CODE: u8 = RESERVED_START - 1;

    /// User trap code `userN` (`N` from 1 to [`TrapCode::MAX_USER_CODE`]).
    pub fn user(n: u8) -> Option<TrapCode> {
        if n > Self::MAX_USER_CODE {
            return None;
        }
        NonZeroU8::new(n).map(TrapCode)
    }

    /// The user code number, for a user trap code.
    pub fn user_code(self) -> Option<u8> {
        let b = self.0.get();
        if b < RESERVED_START { Some(b) } else { None }
    }

    /// The encoded byte.
    pub fn as_raw(self) -> NonZeroU8 {
        self.0
    }

    /// The trap code encoded as `raw`, if it is one.
    pub fn from_raw(raw: u8) -> Option<TrapCode> {
        NonZeroU8::new(raw).map(TrapCode)
    }
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.user_code() {
            Some(n) => write!(f, "user{n}"),
            None => f.write_str(RESERVED_NAMES[usize::from(self.0.get() - RESERVED_START)]),
        }
    }
}

impl fmt::Debug for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for TrapCode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if let Some(i) = RESERVED_NAMES.iter().position(|&n| n == s) {
            return Ok(reserved(i as u8));
        }
        let digits = s
            .strip_prefix("user")
            .ok_or_else(|| format!("unknown trap code `{s}`"))?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("unknown trap code `{s}`"));
        }
        digits
            .parse::<u8>()
            .ok()
            .and_then(TrapCode::user)
            .ok_or_else(|| {
                format!(
                    "user trap code `{s}` is out of range (user1 to user{})",
                    TrapCode::MAX_USER_CODE
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in RESERVED_NAMES {
            assert_eq!(
                name.parse::<TrapCode>().map(|c| c.to_string()),
                Ok(name.to_string())
            );
        }
        assert_eq!(TrapCode::HEAP_OUT_OF_BOUNDS.to_string(), "heap_oob");
        assert_eq!(TrapCode::INTEGER_DIVISION_BY_ZERO.to_string(), "int_divz");
        assert_eq!(
            "user1".parse::<TrapCode>().map(|c| c.user_code()),
            Ok(Some(1))
        );
        assert_eq!(
            "user42".parse::<TrapCode>().map(|c| c.to_string()),
            Ok("user42".to_string())
        );
        assert_eq!(
            "user250".parse::<TrapCode>().map(|c| c.to_string()),
            Ok("user250".to_string())
        );
        for bad in [
            "",
            "user",
            "user0",
            "user-1",
            "user251",
            "user999",
            "userx",
            "oob",
            "unreachable",
        ] {
            assert!(bad.parse::<TrapCode>().is_err(), "{bad}");
        }
        assert_eq!(TrapCode::from_raw(0), None);
        assert_eq!(TrapCode::user(0), None);
    }
}
