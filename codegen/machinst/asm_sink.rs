//! The byte sink that generated instruction encoders write into.
//!
//! [`AsmSink`] is what an encoder needs: append bytes, know the current
//! offset, ask for a label to be patched into a field once its position is
//! known ([`AsmSink::use_label_at_offset`]), record a relocation against an
//! external symbol, and record a trap site. Byte order is the encoder's
//! business: it passes bytes already in the ISA's order (`to_le_bytes` for
//! x86-64 and aarch64, `to_be_bytes` for s390x).
//!
//! Each ISA defines its label-use kinds ([`LabelUseKind`]): field size, reach
//! and how to patch. [`VecAsmSink`] is a plain `Vec<u8>` implementation that
//! binds labels and resolves every fixup in [`VecAsmSink::finish`], so
//! encoders can be tested (and `isa-check` run) without the backend's
//! [`MachBuffer`](super::buffer::MachBuffer), which implements the same
//! trait and also uses the kinds' veneers and instruction alignment.

use core::fmt;

/// A position in the code, bound once, usable before it is bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label(pub u32);

/// An external symbol, by index into the function's symbol table (the
/// backend decides what the index names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SymbolRef(pub u32);

/// The destination of a pc-relative code reference: a label in this code,
/// or an external symbol plus addend (resolved by a relocation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A label of the code being emitted.
    Label(Label),
    /// `symbol + addend`.
    Symbol {
        /// The symbol.
        symbol: SymbolRef,
        /// Byte offset from the symbol.
        addend: i64,
    },
}

/// A relocation kind: how the linker or JIT fills a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RelocKind {
    /// 32-bit pc-relative, `S + A - P` (ELF `R_X86_64_PC32`).
    X86PcRel4,
    /// 32-bit pc-relative call through the PLT, `L + A - P` (ELF `R_X86_64_PLT32`).
    X86CallPlt4,
    /// 64-bit absolute, `S + A`.
    Abs8,
    /// 32-bit pc-relative to the symbol's GOT entry, `G + GOT + A - P` (ELF
    /// `R_X86_64_GOTPCREL`): `mov r64, [rip + sym@GOTPCREL]` loads the
    /// address of a symbol that may be anywhere (another shared object, a
    /// far host function).
    X86GotPcRel4,
    /// s390x 32-bit pc-relative in halfwords, `(S + A - P) >> 1` (ELF
    /// `R_390_PC32DBL`): `larl`, relative-long loads and stores, `brcl`.
    S390xPcRel32Dbl,
    /// s390x 32-bit pc-relative call through the PLT, `(L + A - P) >> 1`
    /// (ELF `R_390_PLT32DBL`): `brasl`.
    S390xPlt32Dbl,
    /// aarch64 `bl`: 26-bit word offset, `S + A - P` (ELF `R_AARCH64_CALL26`).
    Aarch64Call26,
    /// aarch64 `b`: 26-bit word offset, `S + A - P` (ELF `R_AARCH64_JUMP26`).
    Aarch64Jump26,
    /// aarch64 `adr`: 21-bit byte offset, `S + A - P` (ELF `R_AARCH64_ADR_PREL_LO21`).
    Aarch64AdrPrelLo21,
    /// aarch64 `adrp`: 21-bit page offset, `Page(S + A) - Page(P)` (ELF
    /// `R_AARCH64_ADR_PREL_PG_HI21`).
    Aarch64AdrPrelPgHi21,
}

/// A relocation recorded in the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reloc {
    /// Offset of the field.
    pub offset: u32,
    /// How to fill it.
    pub kind: RelocKind,
    /// Target symbol.
    pub symbol: SymbolRef,
    /// Addend.
    pub addend: i64,
}

/// A trap code attached to an instruction that may fault; the backend maps
/// the IR's trap codes to these numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TrapCode(pub u16);

/// One ISA's kinds of label fields.
pub trait LabelUseKind: Copy + fmt::Debug {
    /// Size of the field in bytes.
    fn field_size(self) -> u32;
    /// Furthest forward distance (label minus use offset) the kind reaches.
    fn max_forward(self) -> i64;
    /// Furthest backward distance (use offset minus label) the kind reaches.
    fn max_backward(self) -> i64;
    /// Patches the field at `field` (the bytes from the use offset on, as
    /// the encoder left them) for a label at `label_offset`. Returns false
    /// when the distance does not fit.
    fn patch(self, field: &mut [u8], use_offset: u32, label_offset: u32) -> bool;

    /// Alignment in bytes of every instruction start (1 on x86-64, 2 on
    /// s390x, 4 on aarch64). The MachBuffer pads the code it inserts
    /// (veneers, deferred traps, the end of a constant island) to it.
    const INSN_ALIGNMENT: u32 = 1;

    /// Size in bytes of this kind's veneer — a longer-reaching jump that an
    /// out-of-range use is redirected to — or `None` when the kind has no
    /// veneer (branch ranges decided at encoding time, data references).
    fn veneer_size(self) -> Option<u32> {
        None
    }

    /// Writes this kind's veneer into `veneer` (`veneer_size` zeroed bytes
    /// that will be placed at `veneer_offset`), leaving its label field as
    /// an encoder leaves one (ready for [`LabelUseKind::patch`]). Returns
    /// the offset of that field within the veneer and its kind, or `None`
    /// when the kind has no veneer.
    fn write_veneer(self, veneer: &mut [u8], veneer_offset: u32) -> Option<(u32, Self)> {
        let _ = (veneer, veneer_offset);
        None
    }
}

/// What generated encoders write into.
pub trait AsmSink {
    /// The ISA's label-use kinds.
    type LabelUse: LabelUseKind;
    /// Appends one byte.
    fn put1(&mut self, byte: u8);
    /// Appends two bytes, in the order given.
    fn put2(&mut self, bytes: [u8; 2]);
    /// Appends four bytes, in the order given.
    fn put4(&mut self, bytes: [u8; 4]);
    /// Appends eight bytes, in the order given.
    fn put8(&mut self, bytes: [u8; 8]);
    /// Offset of the next byte.
    fn cur_offset(&self) -> u32;
    /// Asks for the field at `offset` (already written or about to be) to
    /// refer to `label`.
    fn use_label_at_offset(&mut self, offset: u32, label: Label, kind: Self::LabelUse);
    /// Records a relocation for the field at the current offset.
    fn add_reloc(&mut self, kind: RelocKind, symbol: SymbolRef, addend: i64);
    /// Records that the instruction starting at the current offset may trap.
    fn add_trap(&mut self, code: TrapCode);
}

/// Errors of [`VecAsmSink`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SinkError {
    /// A label was used but never bound.
    UnboundLabel(Label),
    /// A label was bound twice.
    LabelBoundTwice(Label),
    /// A label is not one this sink created.
    UnknownLabel(Label),
    /// A label is out of reach of the field that uses it.
    OutOfRange {
        /// The label.
        label: Label,
        /// Offset of the field.
        use_offset: u32,
        /// Offset of the label.
        label_offset: u32,
        /// The kind of field, as debug text.
        kind: String,
    },
}

impl fmt::Display for SinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SinkError::UnboundLabel(l) => write!(f, "label {} is used but never bound", l.0),
            SinkError::LabelBoundTwice(l) => write!(f, "label {} is bound twice", l.0),
            SinkError::UnknownLabel(l) => write!(f, "label {} was not created by this sink", l.0),
            SinkError::OutOfRange {
                label,
                use_offset,
                label_offset,
                kind,
            } => write!(
                f,
                "label {} at offset {label_offset:#x} is out of range of the {kind} field at {use_offset:#x}",
                label.0
            ),
        }
    }
}

impl std::error::Error for SinkError {}

/// The result of [`VecAsmSink::finish`].
#[derive(Clone, Debug, Default)]
pub struct FinishedCode {
    /// The code, every label field patched.
    pub bytes: Vec<u8>,
    /// Relocations, in emission order.
    pub relocs: Vec<Reloc>,
    /// Trap sites `(offset, code)`, in emission order.
    pub traps: Vec<(u32, TrapCode)>,
    /// Offset of every label, by label index.
    pub label_offsets: Vec<u32>,
}

/// A `Vec<u8>`-backed sink that resolves labels at the end.
#[derive(Debug)]
pub struct VecAsmSink<K: LabelUseKind> {
    bytes: Vec<u8>,
    labels: Vec<Option<u32>>,
    fixups: Vec<(u32, Label, K)>,
    relocs: Vec<Reloc>,
    traps: Vec<(u32, TrapCode)>,
    errors: Vec<SinkError>,
}

impl<K: LabelUseKind> Default for VecAsmSink<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: LabelUseKind> VecAsmSink<K> {
    /// An empty sink.
    pub fn new() -> Self {
        Self {
            bytes: Vec::new(),
            labels: Vec::new(),
            fixups: Vec::new(),
            relocs: Vec::new(),
            traps: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// A new, unbound label.
    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    /// Binds `label` to the current offset.
    pub fn bind_label(&mut self, label: Label) {
        let offset = self.cur_offset();
        match self.labels.get_mut(label.0 as usize) {
            Some(slot @ None) => *slot = Some(offset),
            Some(Some(_)) => self.errors.push(SinkError::LabelBoundTwice(label)),
            None => self.errors.push(SinkError::UnknownLabel(label)),
        }
    }

    /// The offset of `label`, if bound.
    pub fn label_offset(&self, label: Label) -> Option<u32> {
        self.labels.get(label.0 as usize).copied().flatten()
    }

    /// The bytes written so far (label fields not yet patched).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Truncates the code back to `offset`, dropping fixups, relocations and
    /// traps recorded past it (to retract a partially written instruction).
    pub fn truncate(&mut self, offset: u32) {
        self.bytes.truncate(offset as usize);
        self.fixups.retain(|f| f.0 < offset);
        self.relocs.retain(|r| r.offset < offset);
        self.traps.retain(|t| t.0 < offset);
    }

    /// Patches every label field and returns the code; reports every problem.
    pub fn finish(mut self) -> Result<FinishedCode, Vec<SinkError>> {
        let mut errors = std::mem::take(&mut self.errors);
        for &(use_offset, label, kind) in &self.fixups {
            let Some(label_offset) = self.label_offset(label) else {
                errors.push(SinkError::UnboundLabel(label));
                continue;
            };
            let start = use_offset as usize;
            let end = start + kind.field_size() as usize;
            let in_range = match self.bytes.get_mut(start..end) {
                Some(field) => kind.patch(field, use_offset, label_offset),
                None => false,
            };
            if !in_range {
                errors.push(SinkError::OutOfRange {
                    label,
                    use_offset,
                    label_offset,
                    kind: format!("{kind:?}"),
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let label_offsets = self.labels.iter().map(|l| l.unwrap_or(0)).collect();
        Ok(FinishedCode {
            bytes: self.bytes,
            relocs: self.relocs,
            traps: self.traps,
            label_offsets,
        })
    }
}

impl<K: LabelUseKind> AsmSink for VecAsmSink<K> {
    type LabelUse = K;
    fn put1(&mut self, byte: u8) {
        self.bytes.push(byte);
    }
    fn put2(&mut self, bytes: [u8; 2]) {
        self.bytes.extend_from_slice(&bytes);
    }
    fn put4(&mut self, bytes: [u8; 4]) {
        self.bytes.extend_from_slice(&bytes);
    }
    fn put8(&mut self, bytes: [u8; 8]) {
        self.bytes.extend_from_slice(&bytes);
    }
    fn cur_offset(&self) -> u32 {
        self.bytes.len() as u32
    }
    fn use_label_at_offset(&mut self, offset: u32, label: Label, kind: K) {
        if label.0 as usize >= self.labels.len() {
            self.errors.push(SinkError::UnknownLabel(label));
            return;
        }
        self.fixups.push((offset, label, kind));
    }
    fn add_reloc(&mut self, kind: RelocKind, symbol: SymbolRef, addend: i64) {
        let offset = self.cur_offset();
        self.relocs.push(Reloc {
            offset,
            kind,
            symbol,
            addend,
        });
    }
    fn add_trap(&mut self, code: TrapCode) {
        let offset = self.cur_offset();
        self.traps.push((offset, code));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-byte pc-relative field measured from the end of the field,
    /// holding an addend, like x86's rel8.
    #[derive(Clone, Copy, Debug)]
    struct Rel8;

    impl LabelUseKind for Rel8 {
        fn field_size(self) -> u32 {
            1
        }
        fn max_forward(self) -> i64 {
            128
        }
        fn max_backward(self) -> i64 {
            127
        }
        fn patch(self, field: &mut [u8], use_offset: u32, label_offset: u32) -> bool {
            let delta =
                i64::from(label_offset) - i64::from(use_offset) - 1 + i64::from(field[0] as i8);
            match i8::try_from(delta) {
                Ok(d) => {
                    field[0] = d as u8;
                    true
                }
                Err(_) => false,
            }
        }
    }

    #[test]
    fn resolves_forward_and_backward_labels() {
        let mut sink = VecAsmSink::<Rel8>::new();
        let back = sink.new_label();
        let fwd = sink.new_label();
        sink.bind_label(back);
        sink.put1(0xEB);
        sink.use_label_at_offset(1, back, Rel8);
        sink.put1(0);
        sink.put1(0xEB);
        sink.use_label_at_offset(3, fwd, Rel8);
        sink.put1(0);
        sink.bind_label(fwd);
        sink.add_trap(TrapCode(3));
        sink.add_reloc(RelocKind::Abs8, SymbolRef(1), 5);
        sink.put8(0u64.to_le_bytes());
        let code = sink.finish().expect("resolves");
        assert_eq!(&code.bytes[..4], &[0xEB, 0xFE, 0xEB, 0x00]);
        assert_eq!(code.traps, [(4, TrapCode(3))]);
        assert_eq!(code.relocs[0].offset, 4);
        assert_eq!(code.label_offsets, [0, 4]);
    }

    #[test]
    fn reports_unbound_out_of_range_and_double_binding() {
        let mut sink = VecAsmSink::<Rel8>::new();
        let far = sink.new_label();
        let never = sink.new_label();
        sink.put1(0);
        sink.use_label_at_offset(0, far, Rel8);
        sink.use_label_at_offset(0, never, Rel8);
        sink.use_label_at_offset(0, Label(9), Rel8);
        for _ in 0..300 {
            sink.put1(0x90);
        }
        sink.bind_label(far);
        sink.bind_label(far);
        let errors = sink.finish().expect_err("must fail");
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(
            errors
                .iter()
                .any(|e| matches!(e, SinkError::OutOfRange { .. }))
        );
        assert!(errors.contains(&SinkError::UnboundLabel(never)));
        assert!(errors.contains(&SinkError::LabelBoundTwice(far)));
        assert!(errors.contains(&SinkError::UnknownLabel(Label(9))));
        assert!(errors[0].to_string().contains("label"));
    }

    #[test]
    fn truncate_drops_later_records() {
        let mut sink = VecAsmSink::<Rel8>::new();
        let l = sink.new_label();
        sink.put1(1);
        sink.add_trap(TrapCode(1));
        sink.use_label_at_offset(1, l, Rel8);
        sink.put1(0);
        sink.truncate(1);
        sink.bind_label(l);
        let code = sink.finish().expect("nothing pending");
        assert_eq!(code.bytes, [1]);
        assert!(code.traps.is_empty());
    }
}
