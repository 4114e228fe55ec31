//! The contract between the backend core and one target's machine
//! instructions.
//!
//! Each backend implements [`MachInst`] for its (generated) instruction
//! type. The core never looks inside an instruction: it learns everything
//! through this trait — register operands (through the
//! [`OperandVisitor`] walk), whether it is a move, whether and how it ends
//! a block — and asks the trait to make the few instructions the core
//! itself inserts (moves between registers, jumps out of edge blocks).
//! Spills and reloads depend on the frame layout, so they are made by the
//! target's ABI through [`SpillAbi`].

use super::asm_sink::{Label, LabelUseKind};
use super::buffer::MachBuffer;
use super::error::CodegenError;
use super::operands::OperandVisitor;
use super::reg::{Reg, RegClass};
use crate::ir::Type;

/// How an instruction ends its block, if it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Terminator {
    /// Not a terminator: control falls through to the next instruction.
    None,
    /// Leaves the function (a return, or an unconditional trap).
    Ret,
    /// Transfers control to one or more blocks of the function.
    Branch,
}

/// A target's machine instruction, as the backend core handles it.
pub trait MachInst: Clone + core::fmt::Debug {
    /// The target's kinds of label fields (branch displacement formats).
    type LabelUse: LabelUseKind;

    /// What emission needs besides the instruction: the frame layout
    /// (stack slot and spill slot offsets, registers to save).
    type EmitInfo;

    /// Reports every register slot to `visitor`, always in the same order.
    ///
    /// Contract: the order is the same on every call (the allocator's
    /// results are written back by a second walk in the same order); a
    /// def that must share a register with a use names that use's index
    /// (counted over every reported slot); physical registers that are not
    /// allocatable are reported with [`regalloc2::OperandConstraint::Reg`]
    /// (crate::machinst::operands::OperandConstraint::Reg) and are left
    /// alone by the allocator; registers written but not reported as defs
    /// must be reported as clobbers.
    fn collect_operands(&mut self, visitor: &mut impl OperandVisitor);

    /// `Some((dst, src))` if the instruction only copies `src` into `dst`
    /// (the core drops such moves once both end up in one register).
    fn is_move(&self) -> Option<(Reg, Reg)>;

    /// Whether and how the instruction ends its block. Every lowered block
    /// ends with exactly one terminator, and no other instruction is one.
    fn is_term(&self) -> Terminator;

    /// A register-to-register copy of a value of type `ty`.
    fn gen_move(dst: Reg, src: Reg, ty: Type) -> Self;

    /// An unconditional jump to `target` (the label of a block).
    fn gen_jump(target: Label) -> Self;

    /// The register classes that hold a value of type `ty`, one per
    /// register (two for `i128` on a 64-bit target); an error for types the
    /// target cannot hold in registers.
    fn rc_for_type(ty: Type) -> Result<&'static [RegClass], CodegenError>;

    /// The type the core uses to move a whole register of `class` (for the
    /// moves the allocator inserts, which only know the class).
    fn canonical_type_for_class(class: RegClass) -> Type;

    /// How many consecutive spill slots a value of `class` needs (the
    /// target's spill code decides how big one slot is).
    fn spillslot_units(class: RegClass) -> usize {
        let _ = class;
        1
    }

    /// An upper bound, in bytes, of the code any single instruction emits.
    fn worst_case_size() -> u32;

    /// Appends the instruction's machine code to `buf`, registering its
    /// branches for simplification. Called only after register allocation:
    /// every register operand is physical. Labels are those the core gives
    /// out (block `n` is `Label(n)`).
    fn emit(
        &self,
        buf: &mut MachBuffer<Self::LabelUse>,
        info: &Self::EmitInfo,
    ) -> Result<(), CodegenError>;
}

/// The target's ABI hooks the register allocator's edits need: stack
/// accesses to spill slots depend on the frame layout, which the ABI owns.
pub trait SpillAbi<I: MachInst> {
    /// Stores register `from` into spill slot `slot` (counted in the slot
    /// units of [`spillslot_size`](Self::spillslot_size)).
    fn gen_spill(&self, slot: usize, from: Reg) -> I;
    /// Loads spill slot `slot` into register `to`.
    fn gen_reload(&self, to: Reg, slot: usize) -> I;
}
