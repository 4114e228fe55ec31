//! What every ISA's generated printer shares: where the printed instruction
//! is ([`PrintContext`]) and how a code reference prints without addresses
//! ([`symbolic_target`]).
//!
//! GNU objdump prints a branch target or pc-relative address as the
//! absolute address it computes from the instruction's bytes. With a
//! [`PrintContext::at`] the printers do the same: a label prints as its
//! address, and a relocated symbol — whose field holds zero until the
//! linker fills it — as the address a zero field denotes: the
//! instruction's first byte or the byte after it, as the ISA counts
//! ([`PcBase`]). Without addresses ([`PrintContext::symbolic`]), labels
//! and symbols print by name (`label3`, `sym2+0x8`), for VCode dumps and
//! messages.
//!
//! Each ISA's `print` module keeps its own `Printer` (the syntax), and
//! re-exports [`PrintContext`] so that `isa::<isa>::PrintContext` names
//! this one type.

use super::asm_sink::{Label, Target};

/// Where the printed instruction is, when known.
#[derive(Clone, Copy, Debug, Default)]
pub struct PrintContext<'a> {
    /// Address of the instruction's first byte and of the byte after it.
    pub location: Option<(u64, u64)>,
    /// Address of each label, by label index.
    pub label_addresses: &'a [u64],
}

/// The address a pc-relative field counts from, in an ISA's encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PcBase {
    /// The instruction's first byte (aarch64, s390x).
    Start,
    /// The byte after the instruction (x86-64's `rip`).
    End,
}

impl<'a> PrintContext<'a> {
    /// No addresses: print labels and symbols by name.
    pub fn symbolic() -> Self {
        Self {
            location: None,
            label_addresses: &[],
        }
    }

    /// The instruction occupies `start..end`; labels are at `label_addresses`.
    pub fn at(start: u64, end: u64, label_addresses: &'a [u64]) -> Self {
        Self {
            location: Some((start, end)),
            label_addresses,
        }
    }

    /// The address pc-relative fields count from, when the location is known.
    pub fn pc(&self, base: PcBase) -> Option<u64> {
        let (start, end) = self.location?;
        Some(match base {
            PcBase::Start => start,
            PcBase::End => end,
        })
    }

    /// The address `target` denotes as objdump computes it from the bytes:
    /// a label's address, or for a relocated symbol (field zero) the
    /// address the field counts from. `None` without a location, or for a
    /// label with no known address.
    pub fn resolve(&self, target: &Target, base: PcBase) -> Option<u64> {
        let pc = self.pc(base)?;
        match target {
            Target::Label(l) => self.label_address(*l),
            Target::Symbol { .. } => Some(pc),
        }
    }

    /// A branch target as objdump prints it: the address it denotes in
    /// hex (`0x40`), or by name without a location (`label3`, `sym2+0x8`).
    pub fn target_text(&self, target: &Target, base: PcBase) -> String {
        match self.resolve(target, base) {
            Some(address) => format!("{address:#x}"),
            None => symbolic_target(target),
        }
    }

    fn label_address(&self, label: Label) -> Option<u64> {
        self.label_addresses.get(label.0 as usize).copied()
    }
}

/// A code reference by name: `label3`, `sym2`, `sym2+0x8`, `sym1-0x4`.
pub fn symbolic_target(target: &Target) -> String {
    match target {
        Target::Label(l) => format!("label{}", l.0),
        Target::Symbol { symbol, addend: 0 } => format!("sym{}", symbol.0),
        Target::Symbol { symbol, addend } if *addend < 0 => {
            format!("sym{}-{:#x}", symbol.0, addend.unsigned_abs())
        }
        Target::Symbol { symbol, addend } => format!("sym{}+{addend:#x}", symbol.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machinst::asm_sink::SymbolRef;

    #[test]
    fn resolves_labels_and_symbols_from_either_end() {
        let labels = [0x40, 0x80];
        let ctx = PrintContext::at(0x10, 0x14, &labels);
        let sym = Target::Symbol {
            symbol: SymbolRef(2),
            addend: 8,
        };
        assert_eq!(
            ctx.resolve(&Target::Label(Label(1)), PcBase::Start),
            Some(0x80)
        );
        assert_eq!(ctx.resolve(&Target::Label(Label(2)), PcBase::Start), None);
        assert_eq!(ctx.resolve(&sym, PcBase::Start), Some(0x10));
        assert_eq!(ctx.resolve(&sym, PcBase::End), Some(0x14));
        assert_eq!(PrintContext::symbolic().resolve(&sym, PcBase::End), None);
        assert_eq!(
            ctx.target_text(&Target::Label(Label(0)), PcBase::End),
            "0x40"
        );
        assert_eq!(
            PrintContext::symbolic().target_text(&sym, PcBase::End),
            "sym2+0x8"
        );
    }

    #[test]
    fn names_targets_without_addresses() {
        let sym = |addend| Target::Symbol {
            symbol: SymbolRef(1),
            addend,
        };
        assert_eq!(symbolic_target(&Target::Label(Label(3))), "label3");
        assert_eq!(symbolic_target(&sym(0)), "sym1");
        assert_eq!(symbolic_target(&sym(8)), "sym1+0x8");
        assert_eq!(symbolic_target(&sym(-4)), "sym1-0x4");
    }
}
