//! Condition codes of `icmp` and `fcmp`.
//!
//! [`IntCC`] compares integers signed or unsigned; [`FloatCC`] compares
//! floats, where every condition states what it does with unordered operands
//! (a NaN): `lt` is false when unordered, `ult` is true.

use core::fmt;
use core::str::FromStr;

macro_rules! cond_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every condition code, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The CLIF name (`slt`).
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)*
                    _ => Err(format!(concat!("unknown ", stringify!($name), " condition code `{}`"), s)),
                }
            }
        }
    };
}

cond_enum!(
    /// Integer comparison.
    IntCC {
        /// `==`.
        Equal = "eq",
        /// `!=`.
        NotEqual = "ne",
        /// Signed `<`.
        SignedLessThan = "slt",
        /// Signed `>=`.
        SignedGreaterThanOrEqual = "sge",
        /// Signed `>`.
        SignedGreaterThan = "sgt",
        /// Signed `<=`.
        SignedLessThanOrEqual = "sle",
        /// Unsigned `<`.
        UnsignedLessThan = "ult",
        /// Unsigned `>=`.
        UnsignedGreaterThanOrEqual = "uge",
        /// Unsigned `>`.
        UnsignedGreaterThan = "ugt",
        /// Unsigned `<=`.
        UnsignedLessThanOrEqual = "ule",
    }
);

impl IntCC {
    /// The condition true exactly when `self` is false (`slt` -> `sge`).
    pub fn complement(self) -> Self {
        use IntCC::*;
        match self {
            Equal => NotEqual,
            NotEqual => Equal,
            SignedLessThan => SignedGreaterThanOrEqual,
            SignedGreaterThanOrEqual => SignedLessThan,
            SignedGreaterThan => SignedLessThanOrEqual,
            SignedLessThanOrEqual => SignedGreaterThan,
            UnsignedLessThan => UnsignedGreaterThanOrEqual,
            UnsignedGreaterThanOrEqual => UnsignedLessThan,
            UnsignedGreaterThan => UnsignedLessThanOrEqual,
            UnsignedLessThanOrEqual => UnsignedGreaterThan,
        }
    }

    /// The condition with the operands swapped (`a slt b` == `b sgt a`).
    pub fn swap_args(self) -> Self {
        use IntCC::*;
        match self {
            Equal | NotEqual => self,
            SignedLessThan => SignedGreaterThan,
            SignedGreaterThan => SignedLessThan,
            SignedGreaterThanOrEqual => SignedLessThanOrEqual,
            SignedLessThanOrEqual => SignedGreaterThanOrEqual,
            UnsignedLessThan => UnsignedGreaterThan,
            UnsignedGreaterThan => UnsignedLessThan,
            UnsignedGreaterThanOrEqual => UnsignedLessThanOrEqual,
            UnsignedLessThanOrEqual => UnsignedGreaterThanOrEqual,
        }
    }

    /// Is this a signed ordering?
    pub fn is_signed(self) -> bool {
        use IntCC::*;
        matches!(
            self,
            SignedLessThan | SignedGreaterThanOrEqual | SignedGreaterThan | SignedLessThanOrEqual
        )
    }

    /// Is this an unsigned ordering?
    pub fn is_unsigned(self) -> bool {
        use IntCC::*;
        matches!(
            self,
            UnsignedLessThan
                | UnsignedGreaterThanOrEqual
                | UnsignedGreaterThan
                | UnsignedLessThanOrEqual
        )
    }
}

cond_enum!(
    /// Float comparison; "unordered" means at least one operand is NaN.
    FloatCC {
        /// Neither operand is NaN.
        Ordered = "ord",
        /// Some operand is NaN.
        Unordered = "uno",
        /// Ordered and equal.
        Equal = "eq",
        /// Unordered or not equal.
        NotEqual = "ne",
        /// Ordered and not equal.
        OrderedNotEqual = "one",
        /// Unordered or equal.
        UnorderedOrEqual = "ueq",
        /// Ordered and `<`.
        LessThan = "lt",
        /// Ordered and `<=`.
        LessThanOrEqual = "le",
        /// Ordered and `>`.
        GreaterThan = "gt",
        /// Ordered and `>=`.
        GreaterThanOrEqual = "ge",
        /// Unordered or `<`.
        UnorderedOrLessThan = "ult",
        /// Unordered or `<=`.
        UnorderedOrLessThanOrEqual = "ule",
        /// Unordered or `>`.
        UnorderedOrGreaterThan = "ugt",
        /// Unordered or `>=`.
        UnorderedOrGreaterThanOrEqual = "uge",
    }
);

impl FloatCC {
    /// The condition true exactly when `self` is false (`lt` -> `uge`).
    pub fn complement(self) -> Self {
        use FloatCC::*;
        match self {
            Ordered => Unordered,
            Unordered => Ordered,
            Equal => NotEqual,
            NotEqual => Equal,
            OrderedNotEqual => UnorderedOrEqual,
            UnorderedOrEqual => OrderedNotEqual,
            LessThan => UnorderedOrGreaterThanOrEqual,
            UnorderedOrGreaterThanOrEqual => LessThan,
            LessThanOrEqual => UnorderedOrGreaterThan,
            UnorderedOrGreaterThan => LessThanOrEqual,
            GreaterThan => UnorderedOrLessThanOrEqual,
            UnorderedOrLessThanOrEqual => GreaterThan,
            GreaterThanOrEqual => UnorderedOrLessThan,
            UnorderedOrLessThan => GreaterThanOrEqual,
        }
    }

    /// The condition with the operands swapped (`a lt b` == `b gt a`).
    pub fn swap_args(self) -> Self {
        use FloatCC::*;
        match self {
            LessThan => GreaterThan,
            GreaterThan => LessThan,
            LessThanOrEqual => GreaterThanOrEqual,
            GreaterThanOrEqual => LessThanOrEqual,
            UnorderedOrLessThan => UnorderedOrGreaterThan,
            UnorderedOrGreaterThan => UnorderedOrLessThan,
            UnorderedOrLessThanOrEqual => UnorderedOrGreaterThanOrEqual,
            UnorderedOrGreaterThanOrEqual => UnorderedOrLessThanOrEqual,
            Ordered | Unordered | Equal | NotEqual | OrderedNotEqual | UnorderedOrEqual => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_algebra_holds() {
        for &cc in IntCC::ALL {
            assert_eq!(cc.name().parse::<IntCC>(), Ok(cc));
            assert_eq!(cc.complement().complement(), cc);
            assert_ne!(cc.complement(), cc);
            assert_eq!(cc.swap_args().swap_args(), cc);
        }
        for &cc in FloatCC::ALL {
            assert_eq!(cc.to_string().parse::<FloatCC>(), Ok(cc));
            assert_eq!(cc.complement().complement(), cc);
            assert_ne!(cc.complement(), cc);
            assert_eq!(cc.swap_args().swap_args(), cc);
        }
        assert_eq!(IntCC::ALL.len(), 10);
        assert_eq!(FloatCC::ALL.len(), 14);
        assert_eq!(IntCC::SignedLessThan.swap_args(), IntCC::SignedGreaterThan);
        assert_eq!(
            FloatCC::LessThan.complement(),
            FloatCC::UnorderedOrGreaterThanOrEqual
        );
        assert!("lt".parse::<IntCC>().is_err());
        assert!("slt".parse::<FloatCC>().is_err());
    }
}
