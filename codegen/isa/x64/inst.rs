//! The x86-64 instruction type, generated from `isa-defs/x64` (see
//! `meta/src/asm` and `meta/src/x64.rs`): [`Form`] and [`FORMS`] describe
//! every declared form; [`Inst`] has one variant per form, a checked
//! constructor per form (`Inst::add_rm64_r64`), `collect_operands`,
//! `encode`, `print` and `from_operands`; [`Cc`] and [`LabelUse`] come from
//! the ISA's condition codes and label kinds.

use super::rt;

include!(concat!(env!("OUT_DIR"), "/x64_insts.rs"));

impl Cc {
    /// The opposite condition (x86 pairs them by the low bit).
    pub fn invert(self) -> Cc {
        Cc::ALL[usize::from(self.enc() ^ 1)]
    }
}
