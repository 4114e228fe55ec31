//! The read-modify-write operations of `atomic_rmw`.

use core::fmt;
use core::str::FromStr;

/// What `atomic_rmw` does to memory.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum AtomicRmwOp {
    /// `add`.
    Add,
    /// `sub`.
    Sub,
    /// `and`.
    And,
    /// `nand`: `!(a & b)`.
    Nand,
    /// `or`.
    Or,
    /// `xor`.
    Xor,
    /// `xchg`: store the operand.
    Xchg,
    /// Unsigned minimum.
    Umin,
    /// Unsigned maximum.
    Umax,
    /// Signed minimum.
    Smin,
    /// Signed maximum.
    Smax,
}

const NAMES: [(AtomicRmwOp, &str); 11] = [
    (AtomicRmwOp::Add, "add"),
    (AtomicRmwOp::Sub, "sub"),
    (AtomicRmwOp::And, "and"),
    (AtomicRmwOp::Nand, "nand"),
    (AtomicRmwOp::Or, "or"),
    (AtomicRmwOp::Xor, "xor"),
    (AtomicRmwOp::Xchg, "xchg"),
    (AtomicRmwOp::Umin, "umin"),
    (AtomicRmwOp::Umax, "umax"),
    (AtomicRmwOp::Smin, "smin"),
    (AtomicRmwOp::Smax, "smax"),
];

impl AtomicRmwOp {
    /// Every operation.
    pub fn all() -> impl Iterator<Item = AtomicRmwOp> {
        NAMES.iter().map(|&(op, _)| op)
    }

    /// The CLIF name.
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|&&(op, _)| op == self)
            .map_or("?", |&(_, n)| n)
    }
}

impl fmt::Display for AtomicRmwOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for AtomicRmwOp {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        NAMES
            .iter()
            .find(|&&(_, n)| n == s)
            .map(|&(op, _)| op)
            .ok_or_else(|| format!("unknown atomic_rmw operation `{s}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        assert_eq!(AtomicRmwOp::all().count(), 11);
        for op in AtomicRmwOp::all() {
            assert_eq!(op.to_string().parse::<AtomicRmwOp>(), Ok(op));
        }
        assert!("mul".parse::<AtomicRmwOp>().is_err());
    }
}
