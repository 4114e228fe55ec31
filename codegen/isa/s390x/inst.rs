//! The s390x instruction type, generated from `isa-defs/s390x` (see
//! `meta/src/asm` and `meta/src/s390x.rs`): [`Form`] and [`FORMS`] describe
//! every declared form; [`Inst`] has one variant per form, a checked
//! constructor per form (`Inst::agr`), `collect_operands`, `encode`,
//! `print` and `from_operands`; [`Cc`] (the branch masks 1..14) and
//! [`LabelUse`] come from the ISA's conditions and label kinds.

use super::rt;

include!(concat!(env!("OUT_DIR"), "/s390x_insts.rs"));

impl Cc {
    /// The opposite condition: the complementary mask (`e` and `ne`, `h` and `nh`).
    pub fn invert(self) -> Cc {
        // Masks 1..14 are stored in order; the complement of m is 15 - m.
        Cc::ALL[usize::from(14 - self.enc())]
    }

    /// The condition with branch mask `mask`, if it is one of 1..14.
    pub fn from_mask(mask: u8) -> Option<Cc> {
        Cc::ALL.get(usize::from(mask.checked_sub(1)?)).copied()
    }
}
