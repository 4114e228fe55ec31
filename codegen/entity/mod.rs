//! Entities: small `u32` handles into dense tables.
//!
//! Everything the IR refers to (values, instructions, blocks, stack slots, …)
//! is an *entity*: a newtype around a `u32` index into a table owned by the
//! function. Tables are dense vectors ([`PrimaryMap`] allocates new entities,
//! [`SecondaryMap`] attaches extra data to existing ones), so lookups are an
//! index and nothing is allocated per node.
//!
//! Invariants:
//! - An entity's index is below `u32::MAX`; the value `u32::MAX` is reserved
//!   as the "none" marker of [`PackedOption`] and is never a valid entity.
//! - Entities of one kind are only meaningful with the tables of the function
//!   that created them; indices are not checked against other functions.

mod list;
mod map;
mod packed_option;

pub use list::{EntityList, ListPool};
pub use map::{Keys, PrimaryMap, SecondaryMap};
pub use packed_option::{PackedOption, ReservedValue};

/// A dense handle: an index into a table.
pub trait EntityRef: Copy + Eq {
    /// Makes the entity with index `index`.
    ///
    /// Panics if `index` does not fit below `u32::MAX` (a table that large is
    /// a bug in the caller, not bad input: parsers bound their numbers first).
    fn new(index: usize) -> Self;

    /// The index of this entity in its table.
    fn index(self) -> usize;
}

/// Declares the trait impls of an entity newtype `$name(u32)`.
///
/// `entity_impl!(Value, "v")` gives `Value` the [`EntityRef`] and
/// [`ReservedValue`] impls, `Display`/`Debug` as `v12`, and
/// `from_u32`/`as_u32` conversions.
#[macro_export]
macro_rules! entity_impl {
    ($name:ident, $prefix:expr) => {
        impl $crate::entity::EntityRef for $name {
            #[inline]
            fn new(index: usize) -> Self {
                match u32::try_from(index) {
                    Ok(i) if i < u32::MAX => $name(i),
                    _ => panic!(concat!(stringify!($name), " index out of range")),
                }
            }
            #[inline]
            fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl $crate::entity::ReservedValue for $name {
            #[inline]
            fn reserved_value() -> Self {
                $name(u32::MAX)
            }
            #[inline]
            fn is_reserved_value(&self) -> bool {
                self.0 == u32::MAX
            }
        }

        #[allow(dead_code)]
        impl $name {
            /// Makes this entity from its raw index; `None` when `index` is the
            /// reserved value `u32::MAX`.
            #[inline]
            pub fn with_number(index: u32) -> Option<Self> {
                if index < u32::MAX {
                    Some($name(index))
                } else {
                    None
                }
            }

            /// Makes this entity from its raw index (which may be the reserved value).
            #[inline]
            pub const fn from_u32(index: u32) -> Self {
                $name(index)
            }

            /// The raw index of this entity.
            #[inline]
            pub const fn as_u32(self) -> u32 {
                self.0
            }

            /// The text prefix of this entity kind in CLIF (`v` for `v12`).
            pub const PREFIX: &'static str = $prefix;
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(self, f)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    struct Thing(u32);
    entity_impl!(Thing, "thing");

    #[test]
    fn display_and_index() {
        let t = Thing::new(7);
        assert_eq!(t.index(), 7);
        assert_eq!(t.to_string(), "thing7");
        assert_eq!(format!("{t:?}"), "thing7");
        assert_eq!(Thing::PREFIX, "thing");
        assert!(Thing::reserved_value().is_reserved_value());
        assert_eq!(Thing::with_number(u32::MAX), None);
        assert_eq!(Thing::with_number(3), Some(Thing(3)));
    }
}
