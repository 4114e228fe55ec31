//! How a machine instruction reports its register operands.
//!
//! Generated `collect_operands` functions call an [`OperandVisitor`] once per
//! register slot, in a fixed order, with the slot itself (`&mut Reg`), its
//! kind (use/def), constraint and position. The same walk serves two
//! purposes: collecting regalloc2 operands ([`to_regalloc2`]) and writing the
//! allocator's results back into the slots, in the same order — regalloc2
//! requires that the order of collected operands be the order in which
//! allocations are applied.
//!
//! Every slot is reported, including physical registers that are not
//! allocatable (a base register `rsp`); the adapter decides what to do with
//! them. [`OperandConstraint::Reuse`] indexes the operands reported so far
//! for the instruction, counting every call.

use super::reg::Reg;

/// Whether an operand is read or written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandKind {
    /// Read.
    Use,
    /// Written.
    Def,
}

/// When, relative to the instruction, an operand is read or written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandPos {
    /// Before the instruction (uses, and defs that must not share a register with any use).
    Early,
    /// After the instruction (defs, and uses that must stay live through it).
    Late,
}

/// Where the allocator must put an operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandConstraint {
    /// Any register of the class.
    Reg,
    /// This physical register.
    Fixed(Reg),
    /// The same register as the use at this index (defs only).
    Reuse(usize),
}

/// Receives an instruction's register operands.
pub trait OperandVisitor {
    /// One register slot.
    fn operand(
        &mut self,
        reg: &mut Reg,
        kind: OperandKind,
        constraint: OperandConstraint,
        pos: OperandPos,
    );
    /// A physical register the instruction clobbers without it being an operand.
    fn clobber(&mut self, reg: Reg);
}

/// Wraps a visitor and counts operands so generated code can name reuse indexes.
pub struct OperandCollector<'a, V: OperandVisitor> {
    visitor: &'a mut V,
    count: usize,
}

impl<'a, V: OperandVisitor> OperandCollector<'a, V> {
    /// Starts collecting one instruction's operands.
    pub fn new(visitor: &'a mut V) -> Self {
        Self { visitor, count: 0 }
    }

    fn push(
        &mut self,
        reg: &mut Reg,
        kind: OperandKind,
        c: OperandConstraint,
        pos: OperandPos,
    ) -> usize {
        self.visitor.operand(reg, kind, c, pos);
        self.count += 1;
        self.count - 1
    }

    /// A use in any register; returns its operand index.
    pub fn use_reg(&mut self, reg: &mut Reg, pos: OperandPos) -> usize {
        self.push(reg, OperandKind::Use, OperandConstraint::Reg, pos)
    }

    /// A def in any register.
    pub fn def_reg(&mut self, reg: &mut Reg, pos: OperandPos) {
        self.push(reg, OperandKind::Def, OperandConstraint::Reg, pos);
    }

    /// A def that reuses the register of the use at `use_index` (always late).
    pub fn reuse_def(&mut self, reg: &mut Reg, use_index: usize) {
        self.push(
            reg,
            OperandKind::Def,
            OperandConstraint::Reuse(use_index),
            OperandPos::Late,
        );
    }

    /// A use in the physical register `fixed`.
    pub fn fixed_use(&mut self, reg: &mut Reg, fixed: Reg, pos: OperandPos) {
        self.push(reg, OperandKind::Use, OperandConstraint::Fixed(fixed), pos);
    }

    /// A def in the physical register `fixed`.
    pub fn fixed_def(&mut self, reg: &mut Reg, fixed: Reg, pos: OperandPos) {
        self.push(reg, OperandKind::Def, OperandConstraint::Fixed(fixed), pos);
    }

    /// A clobbered physical register.
    pub fn clobber(&mut self, reg: Reg) {
        self.visitor.clobber(reg);
    }
}

/// The regalloc2 operand for one reported slot, or `None` for a physical
/// register used directly (a non-allocatable register such as `rsp`, which
/// regalloc2 must not see as an operand).
pub fn to_regalloc2(
    reg: Reg,
    kind: OperandKind,
    constraint: OperandConstraint,
    pos: OperandPos,
) -> Option<regalloc2::Operand> {
    if !reg.is_virtual() && !matches!(constraint, OperandConstraint::Fixed(_)) {
        return None;
    }
    let constraint = match constraint {
        OperandConstraint::Reg => regalloc2::OperandConstraint::Reg,
        OperandConstraint::Fixed(fixed) => regalloc2::OperandConstraint::FixedReg(fixed.to_preg()?),
        OperandConstraint::Reuse(i) => regalloc2::OperandConstraint::Reuse(i),
    };
    let kind = match kind {
        OperandKind::Use => regalloc2::OperandKind::Use,
        OperandKind::Def => regalloc2::OperandKind::Def,
    };
    let pos = match pos {
        OperandPos::Early => regalloc2::OperandPos::Early,
        OperandPos::Late => regalloc2::OperandPos::Late,
    };
    Some(regalloc2::Operand::new(
        reg.to_vreg(),
        constraint,
        kind,
        pos,
    ))
}

/// A visitor that records every operand, for tests and debugging dumps.
#[derive(Debug, Default)]
pub struct OperandList {
    /// `(slot value, kind, constraint, position)` in report order.
    pub operands: Vec<(Reg, OperandKind, OperandConstraint, OperandPos)>,
    /// Clobbered registers.
    pub clobbers: Vec<Reg>,
}

impl OperandVisitor for OperandList {
    fn operand(
        &mut self,
        reg: &mut Reg,
        kind: OperandKind,
        constraint: OperandConstraint,
        pos: OperandPos,
    ) {
        self.operands.push((*reg, kind, constraint, pos));
    }
    fn clobber(&mut self, reg: Reg) {
        self.clobbers.push(reg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machinst::reg::RegClass;

    #[test]
    fn collector_counts_and_converts() {
        let mut list = OperandList::default();
        let mut a = Reg::virt(1, RegClass::Int).expect("vreg");
        let mut b = Reg::virt(2, RegClass::Int).expect("vreg");
        let rax = Reg::phys(RegClass::Int, 0);
        let mut c = OperandCollector::new(&mut list);
        let i = c.use_reg(&mut a, OperandPos::Early);
        c.reuse_def(&mut b, i);
        c.fixed_use(&mut a, rax, OperandPos::Late);
        c.clobber(rax);
        assert_eq!(i, 0);
        assert_eq!(list.operands[1].2, OperandConstraint::Reuse(0));
        assert_eq!(list.clobbers, [rax]);
        let (r, k, con, p) = list.operands[2];
        let op = to_regalloc2(r, k, con, p).expect("allocatable");
        assert_eq!(
            op.constraint(),
            regalloc2::OperandConstraint::FixedReg(regalloc2::PReg::new(
                0,
                regalloc2::RegClass::Int
            ))
        );
        assert_eq!(op.pos(), regalloc2::OperandPos::Late);
        // A physical register used directly is not a regalloc2 operand.
        assert_eq!(
            to_regalloc2(
                rax,
                OperandKind::Use,
                OperandConstraint::Reg,
                OperandPos::Early
            ),
            None
        );
    }
}
