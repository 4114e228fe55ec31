//! Trap codes: why a trapping instruction stopped the program.
//!
//! A [`TrapCode`] is one non-zero byte: the reserved codes first (the five
//! that current CLIF prints, then older names still accepted and printed
//! back as themselves), then user codes `user0`… up to 255 total.

use core::fmt;
use core::num::NonZeroU8;
use core::str::FromStr;

/// The reason for a trap.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TrapCode(NonZeroU8);

/// Names of the reserved codes, code `i + 1` at index `i`.
const RESERVED_NAMES: [&str; 11] = [
    "stk_ovf",
    "heap_oob",
    "int_ovf",
    "int_divz",
    "bad_toint",
    "table_oob",
    "icall_null",
    "bad_sig",
    "unreachable",
    "interrupt",
    "heap_misaligned",
];

const fn reserved(code: u8) -> TrapCode {
    match NonZeroU8::new(code) {
        Some(c) => TrapCode(c),
        None => panic!("trap code 0 is not a code"),
    }
}

impl TrapCode {
    /// Stack overflow (`stk_ovf`).
    pub const STACK_OVERFLOW: TrapCode = reserved(1);
    /// Out-of-bounds heap access (`heap_oob`); the default of memory accesses.
    pub const HEAP_OUT_OF_BOUNDS: TrapCode = reserved(2);
    /// Integer overflow (`int_ovf`).
    pub const INTEGER_OVERFLOW: TrapCode = reserved(3);
    /// Integer division by zero (`int_divz`).
    pub const INTEGER_DIVISION_BY_ZERO: TrapCode = reserved(4);
    /// Float to integer conversion of NaN or an out-of-range value (`bad_toint`).
    pub const BAD_CONVERSION_TO_INTEGER: TrapCode = reserved(5);

    /// The number of user codes.
    pub const MAX_USER_CODE: u8 = u8::MAX - RESERVED_NAMES.len() as u8 - 1;

    /// User trap code `userN`, or `None` past [`TrapCode::MAX_USER_CODE`].
    pub fn user(n: u8) -> Option<TrapCode> {
        if n > Self::MAX_USER_CODE {
            return None;
        }
        NonZeroU8::new(n + RESERVED_NAMES.len() as u8 + 1).map(TrapCode)
    }

    /// The user code number, for a user trap code.
    pub fn user_code(self) -> Option<u8> {
        self.0.get().checked_sub(RESERVED_NAMES.len() as u8 + 1)
    }

    /// The encoded byte (non-zero).
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
            None => f.write_str(RESERVED_NAMES[usize::from(self.0.get()) - 1]),
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
            return Ok(reserved(i as u8 + 1));
        }
        let digits = s
            .strip_prefix("user")
            .ok_or_else(|| format!("unknown trap code `{s}`"))?;
        if digits.is_empty()
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || (digits.len() > 1 && digits.starts_with('0'))
        {
            return Err(format!("unknown trap code `{s}`"));
        }
        digits
            .parse::<u8>()
            .ok()
            .and_then(TrapCode::user)
            .ok_or_else(|| {
                format!(
                    "user trap code `{s}` is out of range (at most user{})",
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
        assert_eq!(
            "user0".parse::<TrapCode>().map(|c| c.user_code()),
            Ok(Some(0))
        );
        assert_eq!(
            "user42".parse::<TrapCode>().map(|c| c.to_string()),
            Ok("user42".to_string())
        );
        let max = format!("user{}", TrapCode::MAX_USER_CODE);
        assert_eq!(
            max.parse::<TrapCode>().map(|c| c.to_string()),
            Ok(max.clone())
        );
        for bad in ["", "user", "user-1", "user01", "user999", "userx", "oob"] {
            assert!(bad.parse::<TrapCode>().is_err(), "{bad}");
        }
        assert_eq!(
            format!("user{}", TrapCode::MAX_USER_CODE + 1)
                .parse::<TrapCode>()
                .ok(),
            None
        );
        assert_eq!(TrapCode::from_raw(0), None);
    }
}
