//! `PackedOption<T>`: an `Option<T>` as small as `T`.
//!
//! An entity's reserved value (index `u32::MAX`) stands for `None`, so a
//! `PackedOption<Value>` is 4 bytes. Invariant: a packed `Some` never holds the
//! reserved value (constructing one from it yields `None`).

use core::fmt;

/// Types with a value set aside to mean "none".
pub trait ReservedValue {
    /// The value that means "none".
    fn reserved_value() -> Self;
    /// Is this the reserved value?
    fn is_reserved_value(&self) -> bool;
}

/// An optional `T` stored in the space of a `T`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PackedOption<T: ReservedValue>(T);

impl<T: ReservedValue> PackedOption<T> {
    /// Is this `None`?
    pub fn is_none(&self) -> bool {
        self.0.is_reserved_value()
    }

    /// Is this `Some`?
    pub fn is_some(&self) -> bool {
        !self.0.is_reserved_value()
    }

    /// Unpacks into an `Option`.
    pub fn expand(self) -> Option<T> {
        if self.0.is_reserved_value() {
            None
        } else {
            Some(self.0)
        }
    }

    /// Takes the value out, leaving `None`.
    pub fn take(&mut self) -> Option<T> {
        core::mem::take(self).expand()
    }
}

impl<T: ReservedValue> Default for PackedOption<T> {
    fn default() -> Self {
        Self(T::reserved_value())
    }
}

impl<T: ReservedValue> From<T> for PackedOption<T> {
    fn from(t: T) -> Self {
        Self(t)
    }
}

impl<T: ReservedValue> From<Option<T>> for PackedOption<T> {
    fn from(o: Option<T>) -> Self {
        match o {
            Some(t) => Self(t),
            None => Self::default(),
        }
    }
}

impl<T: ReservedValue> From<PackedOption<T>> for Option<T> {
    fn from(p: PackedOption<T>) -> Self {
        p.expand()
    }
}

impl<T: ReservedValue + fmt::Debug> fmt::Debug for PackedOption<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_none() {
            write!(f, "None")
        } else {
            write!(f, "Some({:?})", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityRef;

    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    struct E(u32);
    crate::entity_impl!(E, "e");

    #[test]
    fn packs_none_in_reserved_value() {
        assert_eq!(core::mem::size_of::<PackedOption<E>>(), 4);
        let mut p: PackedOption<E> = E::new(3).into();
        assert!(p.is_some());
        assert_eq!(p.expand(), Some(E(3)));
        assert_eq!(p.take(), Some(E(3)));
        assert!(p.is_none());
        assert_eq!(PackedOption::<E>::from(None).expand(), None);
    }
}
