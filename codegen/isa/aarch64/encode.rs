//! aarch64 encoding helpers the generated encoder calls: register fields,
//! memory operand fields, conditions, and words with a label or
//! relocation field. Immediate encoders are in [`super::imm`].
//!
//! Every instruction is one little-endian 32-bit word. Label fields are
//! patched in place by [`LabelUse::patch`] once the label is bound: the
//! 26-, 19- and 14-bit word offsets of branches and literal loads, the
//! 21-bit byte offset of `adr` and the 21-bit 4 KiB-page offset of `adrp`
//! (which assumes the code starts on a 4 KiB boundary, as the `isa-check`
//! blob and any page-aligned code buffer do).
//!
//! Rules enforced here rather than at construction, because they depend on
//! the registers finally allocated: a register operand must be physical,
//! and a read-write operand must have been given a single register.
//! Every failure is an [`AsmError`]; nothing panics.

use super::args::{Amode, CHECKS, MemMode, R31, check_amode, check_mem, check_r31};
use super::inst::{Cc, LabelUse};
use super::regs::{display_name, reg_enc};
use crate::machinst::asm_sink::{AsmSink, LabelUseKind, RelocKind, Target};
use crate::machinst::forms::AsmError;
use crate::machinst::reg::{Reg, RegClass, Rw};

impl LabelUse {
    /// The reach of the field in bytes `(max backward, max forward)` and
    /// the granule an offset must be a multiple of.
    fn reach(self) -> (i64, i64, i64) {
        match self {
            LabelUse::Pcrel26 => (1 << 27, (1 << 27) - 4, 4),
            LabelUse::Pcrel19 => (1 << 20, (1 << 20) - 4, 4),
            LabelUse::Pcrel14 => (1 << 15, (1 << 15) - 4, 4),
            LabelUse::Adr21 => (1 << 20, (1 << 20) - 1, 1),
            LabelUse::Adrp21 => (1 << 32, (1 << 32) - 4096, 4096),
        }
    }

    /// The word with its field set to `delta` (bytes; pages for `adrp`),
    /// or `None` when out of range or misaligned.
    pub fn set_field(self, word: u32, delta: i64) -> Option<u32> {
        let (back, fwd, granule) = self.reach();
        if delta < -back || delta > fwd || delta % granule != 0 {
            return None;
        }
        let units = delta / granule;
        let imm = |bits: u32| units as u32 & ((1u32 << bits) - 1);
        Some(match self {
            LabelUse::Pcrel26 => (word & !0x03ff_ffff) | imm(26),
            LabelUse::Pcrel19 => (word & !(0x7ffff << 5)) | imm(19) << 5,
            LabelUse::Pcrel14 => (word & !(0x3fff << 5)) | imm(14) << 5,
            LabelUse::Adr21 | LabelUse::Adrp21 => {
                let v = imm(21);
                (word & !(0x7ffff << 5 | 3 << 29)) | (v >> 2) << 5 | (v & 3) << 29
            }
        })
    }
}

impl LabelUseKind for LabelUse {
    fn field_size(self) -> u32 {
        4
    }
    fn max_forward(self) -> i64 {
        self.reach().1
    }
    fn max_backward(self) -> i64 {
        self.reach().0
    }
    /// Sets the field of the word at `field` to reach `label_offset` from
    /// `use_offset` (the instruction's own address).
    fn patch(self, field: &mut [u8], use_offset: u32, label_offset: u32) -> bool {
        let Some(bytes) = field.get_mut(..4) else {
            return false;
        };
        let word = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        let delta = match self {
            LabelUse::Adrp21 => {
                (i64::from(label_offset) >> 12 << 12) - (i64::from(use_offset) >> 12 << 12)
            }
            _ => i64::from(label_offset) - i64::from(use_offset),
        };
        match self.set_field(word, delta) {
            Some(word) => {
                bytes.copy_from_slice(&word.to_le_bytes());
                true
            }
            None => false,
        }
    }
}

/// A physical register's 5-bit encoding.
fn enc(form: &'static str, op: &'static str, reg: Reg) -> Result<u32, AsmError> {
    reg_enc(reg)
        .map(u32::from)
        .ok_or_else(|| AsmError::operand(form, op, CHECKS.not_allocated(reg)))
}

/// The field of a general-purpose register in a position where 31 means `r31`.
pub fn gpr(form: &'static str, op: &'static str, reg: Reg, r31: R31) -> Result<u32, AsmError> {
    if reg.class() != RegClass::Int {
        return Err(AsmError::operand(
            form,
            op,
            format!("expected a gpr register, got {}", display_name(reg)),
        ));
    }
    check_r31(form, op, reg, r31)?;
    enc(form, op, reg)
}

/// The field of a SIMD&FP register.
pub fn fpr(form: &'static str, op: &'static str, reg: Reg) -> Result<u32, AsmError> {
    if reg.class() != RegClass::Float {
        return Err(AsmError::operand(
            form,
            op,
            format!("expected an fpr register, got {}", display_name(reg)),
        ));
    }
    enc(form, op, reg)
}

/// The single register of a read-write operand after allocation (the
/// field encoders check that it is physical).
pub fn rw_reg(form: &'static str, op: &'static str, rw: &Rw) -> Result<Reg, AsmError> {
    CHECKS.single_rw_reg(form, op, rw)
}

/// The encoding of the inverse of `cc`, for the aliases that print the
/// condition they test and encode its inverse (`cset`, `cinc`, ...);
/// `al` and `nv` have no such alias.
pub fn inverted_cond(form: &'static str, op: &'static str, cc: Cc) -> Result<u32, AsmError> {
    if matches!(cc, Cc::Al | Cc::Nv) {
        return Err(AsmError::operand(
            form,
            op,
            "this alias cannot test `al` or `nv`; use the base form (`csinc`, `csinv`, `csneg`)",
        ));
    }
    Ok(u32::from(cc.enc() ^ 1))
}

/// The fields of a memory operand, in the format's order: `[Rn, imm12]`,
/// `[Rn, imm9]`, `[Rn, imm7]` or `[Rn, Rm, option, S]`.
pub fn mem_fields(
    form: &'static str,
    op: &'static str,
    amode: &Amode,
    mode: MemMode,
    size: u32,
) -> Result<[u32; 4], AsmError> {
    check_amode(form, op, amode)?;
    check_mem(form, op, amode, mode, size)?;
    let size = size.max(1) as i32;
    let base = |reg: Reg| gpr(form, op, reg, R31::Sp);
    Ok(match *amode {
        Amode::Offset { base: b, offset } => {
            let imm = match mode {
                MemMode::UnsignedOffset => (offset / size) as u32,
                MemMode::PairOffset => (offset / size) as u32 & 0x7f,
                _ => offset as u32 & 0x1ff,
            };
            [base(b)?, imm, 0, 0]
        }
        Amode::PreIndex { base: b, offset } | Amode::PostIndex { base: b, offset } => {
            let imm = if mode.is_pair() {
                (offset / size) as u32 & 0x7f
            } else {
                offset as u32 & 0x1ff
            };
            [base(rw_reg(form, op, &b)?)?, imm, 0, 0]
        }
        Amode::RegOffset {
            base: b,
            index,
            extend,
            shifted,
        } => [
            base(b)?,
            gpr(form, op, index, R31::Zr)?,
            extend.option(),
            u32::from(shifted),
        ],
    })
}

/// Writes `word`, whose `kind` field refers to `target`: a label fixup, or
/// a relocation of kind `reloc` for a symbol (at the word's offset).
pub fn put_word_with_target<S: AsmSink<LabelUse = LabelUse>>(
    sink: &mut S,
    form: &'static str,
    word: u32,
    target: &Target,
    kind: LabelUse,
    reloc: Option<RelocKind>,
) -> Result<(), AsmError> {
    match (target, reloc) {
        (Target::Label(label), _) => {
            let offset = sink.cur_offset();
            sink.use_label_at_offset(offset, *label, kind);
        }
        (Target::Symbol { symbol, addend }, Some(reloc)) => sink.add_reloc(reloc, *symbol, *addend),
        (Target::Symbol { .. }, None) => {
            return Err(AsmError::form(
                form,
                format!("a {kind:?} field cannot refer to an external symbol"),
            ));
        }
    }
    sink.put4(word.to_le_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [LabelUse; 5] = [
        LabelUse::Pcrel26,
        LabelUse::Pcrel19,
        LabelUse::Pcrel14,
        LabelUse::Adr21,
        LabelUse::Adrp21,
    ];

    /// The bits of the word each label field occupies.
    fn field_mask(kind: LabelUse) -> u32 {
        match kind {
            LabelUse::Pcrel26 => 0x03ff_ffff,
            LabelUse::Pcrel19 => 0x7ffff << 5,
            LabelUse::Pcrel14 => 0x3fff << 5,
            LabelUse::Adr21 | LabelUse::Adrp21 => 0x7ffff << 5 | 3 << 29,
        }
    }

    // The bit placement itself is checked against objdump by `isa-check`,
    // including labels at the limits; these are the range rules.
    #[test]
    fn label_fields_accept_exactly_their_reach() {
        let base = 0x8000_0010;
        for kind in ALL {
            let (_, _, granule) = kind.reach();
            let (back, fwd) = (kind.max_backward(), kind.max_forward());
            let mut words = Vec::new();
            for delta in [-back, -granule, 0, granule, fwd] {
                let word = kind.set_field(base, delta).expect("within reach");
                assert_eq!((word ^ base) & !field_mask(kind), 0, "{kind:?} {delta}");
                words.push(word);
            }
            words.sort_unstable();
            words.dedup();
            assert_eq!(words.len(), 5, "{kind:?} distinct deltas, distinct words");
            assert_eq!(kind.set_field(base, -back - granule), None);
            assert_eq!(kind.set_field(base, fwd + granule), None);
            if granule > 1 {
                assert_eq!(
                    kind.set_field(base, granule / 2),
                    None,
                    "{kind:?} misaligned"
                );
            }
            // Re-patching replaces the field.
            let once = kind.set_field(base, granule).expect("in reach");
            assert_eq!(kind.set_field(once, 0), kind.set_field(base, 0));
        }
    }

    #[test]
    fn patching_measures_from_the_instruction() {
        let base = 0x1400_0000u32;
        let mut word = base.to_le_bytes();
        assert!(LabelUse::Pcrel26.patch(&mut word, 8, 0));
        assert_eq!(
            Some(u32::from_le_bytes(word)),
            LabelUse::Pcrel26.set_field(base, -8)
        );
        // adrp counts 4 KiB pages: from the page of 0xffc to that of 0x1000 is one.
        let mut adrp = base.to_le_bytes();
        assert!(LabelUse::Adrp21.patch(&mut adrp, 0xffc, 0x1000));
        assert_eq!(
            Some(u32::from_le_bytes(adrp)),
            LabelUse::Adrp21.set_field(base, 4096)
        );
        assert!(!LabelUse::Pcrel19.patch(&mut [0u8; 2], 0, 0));
        assert!(!LabelUse::Pcrel14.patch(&mut base.to_le_bytes(), 0, 1 << 16));
    }
}
