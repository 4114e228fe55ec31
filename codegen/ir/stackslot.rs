//! Stack slots: fixed-size (`ss0 = explicit_slot 8, align = 16`) and
//! dynamically sized (`dss0 = explicit_dynamic_slot dt0`), and the dynamic
//! vector types they use (`dt0 = i32x4*gv0`).
//!
//! Alignment is stored as log2 (`align_shift`); text shows the byte count and
//! omits it when it is 1. A slot may carry an embedder key:
//! `ss0 = explicit_slot 8, align = 8, key = 42`.

use super::entities::{DynamicType, GlobalValue};
use super::types::Type;
use core::fmt;
use core::str::FromStr;

/// The kind of a fixed-size stack slot.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum StackSlotKind {
    /// A slot the function allocates in its frame (`explicit_slot`).
    ExplicitSlot,
    /// A dynamically sized slot (`explicit_dynamic_slot`).
    ExplicitDynamicSlot,
}

impl fmt::Display for StackSlotKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StackSlotKind::ExplicitSlot => "explicit_slot",
            StackSlotKind::ExplicitDynamicSlot => "explicit_dynamic_slot",
        })
    }
}

impl FromStr for StackSlotKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "explicit_slot" => Ok(StackSlotKind::ExplicitSlot),
            "explicit_dynamic_slot" => Ok(StackSlotKind::ExplicitDynamicSlot),
            _ => Err(format!("unknown stack slot kind `{s}`")),
        }
    }
}

/// A fixed-size stack slot.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct StackSlotData {
    /// Always [`StackSlotKind::ExplicitSlot`] for fixed-size slots.
    pub kind: StackSlotKind,
    /// Size in bytes.
    pub size: u32,
    /// log2 of the alignment in bytes.
    pub align_shift: u8,
    /// An embedder-chosen 64-bit key describing the slot (`key = N`).
    pub key: Option<u64>,
}

impl StackSlotData {
    /// A slot of `size` bytes aligned to `1 << align_shift`, without a key.
    pub fn new(kind: StackSlotKind, size: u32, align_shift: u8) -> Self {
        Self {
            kind,
            size,
            align_shift,
            key: None,
        }
    }

    /// This slot with key `key`.
    pub fn with_key(self, key: u64) -> Self {
        Self {
            key: Some(key),
            ..self
        }
    }

    /// The log2 of `align` bytes, or an error if `align` is not a power of two
    /// up to 2^31 (for the reader's `align = N`).
    pub fn align_shift_of(align: u64) -> Result<u8, String> {
        if align.is_power_of_two() && align <= 1 << 31 {
            Ok(align.trailing_zeros() as u8)
        } else {
            Err(format!(
                "stack slot alignment {align} is not a power of two up to 2^31"
            ))
        }
    }
}

impl fmt::Display for StackSlotData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.size)?;
        if self.align_shift != 0 {
            write!(f, ", align = {}", 1u64 << self.align_shift)?;
        }
        if let Some(key) = self.key {
            write!(f, ", key = {key}")?;
        }
        Ok(())
    }
}

/// A dynamically sized stack slot holding one value of a dynamic type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct DynamicStackSlotData {
    /// Always [`StackSlotKind::ExplicitDynamicSlot`].
    pub kind: StackSlotKind,
    /// The dynamic type stored.
    pub dyn_ty: DynamicType,
}

impl fmt::Display for DynamicStackSlotData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.dyn_ty)
    }
}

/// A dynamic vector type: a base vector scaled by a global value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct DynamicTypeData {
    /// The fixed base vector (`i32x4`).
    pub base_vector_ty: Type,
    /// The global value holding the scale.
    pub dynamic_scale: GlobalValue,
}

impl fmt::Display for DynamicTypeData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}*{}", self.base_vector_ty, self.dynamic_scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityRef;
    use crate::ir::types::I32X4;

    #[test]
    fn text_forms() {
        assert_eq!(
            StackSlotData::new(StackSlotKind::ExplicitSlot, 8, 0).to_string(),
            "explicit_slot 8"
        );
        assert_eq!(
            StackSlotData::new(StackSlotKind::ExplicitSlot, 8, 4).to_string(),
            "explicit_slot 8, align = 16"
        );
        assert_eq!(
            StackSlotData::new(StackSlotKind::ExplicitSlot, 4, 2)
                .with_key(42)
                .to_string(),
            "explicit_slot 4, align = 4, key = 42"
        );
        assert_eq!(StackSlotData::align_shift_of(16), Ok(4));
        assert!(StackSlotData::align_shift_of(12).is_err());
        assert!(StackSlotData::align_shift_of(0).is_err());
        let dt = DynamicTypeData {
            base_vector_ty: I32X4,
            dynamic_scale: GlobalValue::new(0),
        };
        assert_eq!(dt.to_string(), "i32x4*gv0");
        let dss = DynamicStackSlotData {
            kind: StackSlotKind::ExplicitDynamicSlot,
            dyn_ty: DynamicType::new(0),
        };
        assert_eq!(dss.to_string(), "explicit_dynamic_slot dt0");
        assert_eq!(
            "explicit_slot".parse::<StackSlotKind>(),
            Ok(StackSlotKind::ExplicitSlot)
        );
        assert!("slot".parse::<StackSlotKind>().is_err());
    }
}
