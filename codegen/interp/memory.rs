//! The interpreter's memory model: addresses are 64-bit values that encode
//! what they point into, so every access can be checked.
//!
//! ```text
//! bits 63..62  kind: 0 invalid, 1 stack slot, 2 function, 3 host region
//! stack slot:  61..44 frame depth (0 = outermost), 43..32 slot, 31..0 offset
//! function:    31..0 index in the FunctionStore (what func_addr returns)
//! host region: 61..32 region index, 31..0 offset
//! ```
//!
//! Pointer arithmetic (`iadd` of an address and an offset) works on the low
//! bits; an offset that leaves its slot (below zero or past the end) either
//! stays in the offset field past the slot's size or borrows from/carries
//! into the slot field, and both are caught by the bounds check. Every
//! access must lie entirely inside one slot or region, else it traps with
//! the access's trap code (`heap_oob` by default, and for `notrap`
//! accesses too: the interpreter never reads outside its buffers).
//!
//! Stack slots of all frames live in one byte stack: a frame's slots are a
//! contiguous, zero-initialized span laid out by [`FrameLayout`].

use crate::ir::{Function, StackSlot};

const KIND_SHIFT: u32 = 62;
const KIND_STACK: u64 = 1;
const KIND_FUNCTION: u64 = 2;
const KIND_REGION: u64 = 3;
const DEPTH_SHIFT: u32 = 44;
const DEPTH_BITS: u32 = 18;
const SLOT_SHIFT: u32 = 32;
const SLOT_BITS: u32 = 12;
const REGION_BITS: u32 = 30;

/// The number of stack slots a function may have (the slot field's range).
pub(super) const MAX_SLOTS: usize = 1 << SLOT_BITS;
/// The deepest frame an address can name; deeper calls trap `stk_ovf`.
pub(super) const MAX_FRAME_DEPTH: usize = (1 << DEPTH_BITS) - 1;
/// The most host regions an interpreter can hold.
pub(super) const MAX_REGIONS: usize = 1 << REGION_BITS;

/// What an address points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Address {
    /// Byte `offset` of stack slot `slot` of the frame at `depth`.
    Stack {
        /// Frame depth, 0 for the outermost call.
        depth: u32,
        /// The slot.
        slot: StackSlot,
        /// Byte offset in the slot.
        offset: u32,
    },
    /// The function with this index in the store.
    Function(u32),
    /// Byte `offset` of host region `index`.
    Region {
        /// The region.
        index: u32,
        /// Byte offset in the region.
        offset: u32,
    },
    /// Anything else.
    Invalid,
}

impl Address {
    /// Decodes a pointer value.
    pub fn decode(raw: u64) -> Self {
        let field = |shift: u32, bits: u32| ((raw >> shift) & ((1u64 << bits) - 1)) as u32;
        match raw >> KIND_SHIFT {
            KIND_STACK => Address::Stack {
                depth: field(DEPTH_SHIFT, DEPTH_BITS),
                slot: StackSlot::from_u32(field(SLOT_SHIFT, SLOT_BITS)),
                offset: raw as u32,
            },
            KIND_FUNCTION if raw >> 32 == KIND_FUNCTION << 30 => Address::Function(raw as u32),
            KIND_REGION => Address::Region {
                index: field(SLOT_SHIFT, REGION_BITS),
                offset: raw as u32,
            },
            _ => Address::Invalid,
        }
    }

    /// Encodes the address as a pointer value (`Invalid` is 0).
    pub fn encode(self) -> u64 {
        match self {
            Address::Stack {
                depth,
                slot,
                offset,
            } => {
                (KIND_STACK << KIND_SHIFT)
                    | ((u64::from(depth) & ((1 << DEPTH_BITS) - 1)) << DEPTH_SHIFT)
                    | ((u64::from(slot.as_u32()) & ((1 << SLOT_BITS) - 1)) << SLOT_SHIFT)
                    | u64::from(offset)
            }
            Address::Function(index) => (KIND_FUNCTION << KIND_SHIFT) | u64::from(index),
            Address::Region { index, offset } => {
                (KIND_REGION << KIND_SHIFT)
                    | ((u64::from(index) & ((1 << REGION_BITS) - 1)) << SLOT_SHIFT)
                    | u64::from(offset)
            }
            Address::Invalid => 0,
        }
    }
}

/// Where each stack slot of a function lives in its frame.
#[derive(Clone, Debug, Default)]
pub(super) struct FrameLayout {
    /// Per slot: byte offset in the frame and size.
    pub slots: Vec<(usize, usize)>,
    /// Bytes of the whole frame.
    pub size: usize,
}

impl FrameLayout {
    /// Lays out the slots of `func` in order, each aligned as declared (up
    /// to 16 bytes: frames start 16-aligned in the byte stack's indexing).
    /// `None` if the function has more slots than addresses can name.
    pub fn of(func: &Function) -> Option<FrameLayout> {
        if func.sized_stack_slots.len() > MAX_SLOTS {
            return None;
        }
        let mut slots = Vec::with_capacity(func.sized_stack_slots.len());
        let mut size = 0usize;
        for (_, data) in func.sized_stack_slots.iter() {
            let align = 1usize << data.align_shift.min(4);
            size = size.checked_add(align - 1)? & !(align - 1);
            slots.push((size, data.size as usize));
            size = size.checked_add(data.size as usize)?;
        }
        Some(FrameLayout {
            slots,
            size: size.checked_add(15)? & !15,
        })
    }
}

/// The byte range `offset .. offset + len` of a buffer of `size` bytes, if
/// it lies inside.
pub(super) fn checked_range(
    size: usize,
    offset: u32,
    len: usize,
) -> Option<core::ops::Range<usize>> {
    let start = offset as usize;
    let end = start.checked_add(len)?;
    (end <= size).then_some(start..end)
}
