//! Registers as machine instructions hold them.
//!
//! A [`Reg`] is one `u32` with the same bit layout as regalloc2's `VReg`:
//! `index << 2 | class`. Indices below [`FIRST_VIRTUAL_INDEX`] stand for the
//! physical registers (`class * 64 + num`, `num` being regalloc2's
//! `PReg::hw_enc`); larger indices are virtual registers. Machine
//! instructions are therefore not generic over a register type: the same
//! instruction value holds virtual registers after lowering and physical
//! ones after the allocator's results are written back into its operand
//! slots (see [`crate::machinst::operands`]). This reserves the low vreg
//! indices for physical registers, as regalloc2 requires of clients that
//! name fixed registers by vreg.

use core::fmt;

/// The register class, in regalloc2's numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RegClass {
    /// Integer registers.
    Int = 0,
    /// Scalar floating-point registers.
    Float = 1,
    /// Vector registers.
    Vector = 2,
}

impl RegClass {
    fn from_bits(bits: u32) -> RegClass {
        match bits & 3 {
            0 => RegClass::Int,
            1 => RegClass::Float,
            _ => RegClass::Vector,
        }
    }

    /// The matching regalloc2 class.
    pub fn to_regalloc2(self) -> regalloc2::RegClass {
        match self {
            RegClass::Int => regalloc2::RegClass::Int,
            RegClass::Float => regalloc2::RegClass::Float,
            RegClass::Vector => regalloc2::RegClass::Vector,
        }
    }
}

/// Number of physical register numbers per class (regalloc2's `PReg` range).
pub const PHYS_PER_CLASS: u32 = 64;

/// The first index that denotes a virtual register.
pub const FIRST_VIRTUAL_INDEX: u32 = 3 * PHYS_PER_CLASS;

/// The largest index regalloc2 accepts (`VReg::MAX`).
const MAX_INDEX: u32 = (1 << 30) - 1;

/// A virtual or physical register (see the module docs for the encoding).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reg(u32);

impl Reg {
    /// The physical register `num` (0..64) of `class`.
    pub const fn phys(class: RegClass, num: u8) -> Reg {
        let index = class as u32 * PHYS_PER_CLASS + (num as u32 & (PHYS_PER_CLASS - 1));
        Reg(index << 2 | class as u32)
    }

    /// The `n`th virtual register of `class`, or `None` past regalloc2's limit.
    pub fn virt(n: u32, class: RegClass) -> Option<Reg> {
        let index = n
            .checked_add(FIRST_VIRTUAL_INDEX)
            .filter(|&i| i <= MAX_INDEX)?;
        Some(Reg(index << 2 | class as u32))
    }

    /// The register class.
    pub fn class(self) -> RegClass {
        RegClass::from_bits(self.0)
    }

    /// The vreg index (physical registers have the reserved low indices).
    pub fn index(self) -> u32 {
        self.0 >> 2
    }

    /// Whether this is a virtual register.
    pub fn is_virtual(self) -> bool {
        self.index() >= FIRST_VIRTUAL_INDEX
    }

    /// The physical register number within its class, if physical.
    pub fn phys_num(self) -> Option<u8> {
        if self.is_virtual() {
            None
        } else {
            Some((self.index() % PHYS_PER_CLASS) as u8)
        }
    }

    /// The regalloc2 vreg for this register.
    pub fn to_vreg(self) -> regalloc2::VReg {
        regalloc2::VReg::new(self.index() as usize, self.class().to_regalloc2())
    }

    /// The regalloc2 physical register, if physical.
    pub fn to_preg(self) -> Option<regalloc2::PReg> {
        self.phys_num()
            .map(|n| regalloc2::PReg::new(n as usize, self.class().to_regalloc2()))
    }
}

impl fmt::Debug for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let class = match self.class() {
            RegClass::Int => 'i',
            RegClass::Float => 'f',
            RegClass::Vector => 'v',
        };
        match self.phys_num() {
            Some(n) => write!(f, "p{n}{class}"),
            None => write!(f, "v{}{class}", self.index() - FIRST_VIRTUAL_INDEX),
        }
    }
}

/// A register operand that is read and written (two-address form).
///
/// SSA register allocation needs the value read and the value written to be
/// different virtual registers; the allocator puts both in the same physical
/// register (the write reuses the read's register).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rw {
    /// The value read.
    pub read: Reg,
    /// The value written.
    pub write: Reg,
}

impl Rw {
    /// A read-write operand whose read and written values share one register
    /// (physical registers, or tests).
    pub fn same(reg: Reg) -> Rw {
        Rw {
            read: reg,
            write: reg,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn physical_and_virtual_are_disjoint_and_match_regalloc2() {
        let p = Reg::phys(RegClass::Float, 7);
        assert!(!p.is_virtual());
        assert_eq!(p.phys_num(), Some(7));
        assert_eq!(p.to_vreg().vreg(), 64 + 7);
        assert_eq!(p.to_preg().map(|r| r.hw_enc()), Some(7));
        let v = Reg::virt(0, RegClass::Int).expect("in range");
        assert!(v.is_virtual());
        assert_eq!(v.phys_num(), None);
        assert_eq!(v.to_vreg().vreg(), FIRST_VIRTUAL_INDEX as usize);
        assert_eq!(v.to_vreg().class(), regalloc2::RegClass::Int);
        assert_eq!(format!("{v:?} {p:?}"), "v0i p7f");
        assert_eq!(Reg::virt(u32::MAX, RegClass::Int), None);
        assert_eq!(
            Reg::virt(MAX_INDEX - FIRST_VIRTUAL_INDEX + 1, RegClass::Int),
            None
        );
    }
}
