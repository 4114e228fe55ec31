//! The aarch64 instruction type, generated from `isa-defs/aarch64` (see
//! `meta/src/asm` and `meta/src/aarch64.rs`): [`Form`] and [`FORMS`]
//! describe every declared form; [`Inst`] has one variant per form, a
//! checked constructor per form (`Inst::add_x_x_imm12`),
//! `collect_operands`, `encode`, `print` and `from_operands`; [`Cc`] and
//! [`LabelUse`] come from the ISA's condition codes and label kinds.

use super::rt;

include!(concat!(env!("OUT_DIR"), "/aarch64_insts.rs"));

impl Cc {
    /// The opposite condition (paired by the low bit; `al` and `nv` pair with each other).
    pub fn invert(self) -> Cc {
        Cc::ALL[usize::from(self.enc() ^ 1)]
    }
}
