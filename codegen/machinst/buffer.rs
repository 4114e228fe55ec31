//! The MachBuffer: the code buffer the backend emits machine code into.
//!
//! Instructions are emitted once, in final block order, through the
//! [`AsmSink`] trait the generated encoders write into. The buffer then
//! does what needs knowledge of the code around an instruction:
//!
//! - **Labels** ([`MachLabel`]). Labels `0..num_blocks` are the blocks'
//!   ([`MachBuffer::with_blocks`]); more are created on demand. A label is
//!   bound once, to the current offset, or made an alias of another label;
//!   a label can be used before it is bound.
//! - **Fixups**. Each label use records `(offset, label, kind)`; the kind
//!   ([`LabelUseKind`]) gives the field's reach, its patch function and
//!   optionally a veneer. Fixups are patched lazily — in an island or in
//!   [`MachBuffer::finish`] — because branch simplification may still move
//!   or alias the labels at the end of the code.
//! - **Branch simplification** on the most recent branches (see below,
//!   and `branches.rs`).
//! - **Islands** ([`MachBuffer::island_needed`], [`MachBuffer::emit_island`],
//!   in `island.rs`): pending deferred traps, pool constants and veneers are
//!   emitted before the earliest pending fixup goes out of reach.
//! - **Constant pool** ([`MachBuffer::constant_label`]): deduplicated
//!   constants with alignment, emitted in the next island or at the end.
//! - **Relocations and trap sites**, collected in offset order.
//!
//! [`MachBuffer::finish`] resolves everything into a
//! [`MachBufferFinalized`]. Every problem (a label used but never bound,
//! bound twice, out of reach, an inconsistent branch registration, ...)
//! is collected as a [`BufferError`] and returned from `finish`; nothing
//! panics.
//!
//! # Branch simplification
//!
//! After emitting a branch, the ISA registers it
//! ([`MachBuffer::add_uncond_branch`], [`MachBuffer::add_cond_branch`] with
//! the inverted encoding, [`MachBuffer::add_barrier`] for returns and traps).
//! On the registered instructions that end the code, the buffer removes
//! jumps to the next instruction, threads jumps to jump-only blocks,
//! removes unreachable branches and inverts `jcc; jmp` pairs. The
//! bookkeeping and why it is safe are in `branches.rs`; labels live in
//! *positions* (`labels.rs`) so moving every label at the end of the code
//! back over a removed branch is O(1). Islands *freeze* the branches: once
//! anything is appended after them they can no longer be rewritten, and a
//! fixup is patched in an island only if its label lies before the current
//! end of the code (so its offset is final).

mod branches;
mod island;
mod labels;
#[cfg(test)]
mod tests;

use core::fmt;
use std::collections::BTreeMap;

use smallvec::SmallVec;

use self::branches::MachBranch;
use self::labels::{LabelState, LabelTable};
use super::asm_sink::{AsmSink, Label, LabelUseKind, Reloc, RelocKind, SymbolRef, TrapCode};

/// A label of the machine code: for `i < num_blocks`, the start of block `i`.
pub type MachLabel = Label;

/// How many veneers may be chained for one use in [`MachBuffer::finish`]
/// (a veneer's own field may need a longer veneer).
const MAX_VENEER_CHAIN: u8 = 4;

/// A problem found while emitting or resolving code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BufferError {
    /// A label not created by this buffer.
    UnknownLabel(MachLabel),
    /// A label was used but never bound.
    UnboundLabel(MachLabel),
    /// A label was bound (or aliased) twice.
    LabelBoundTwice(MachLabel),
    /// The label of a pool constant or deferred trap was bound by hand;
    /// islands bind those.
    IslandLabel(MachLabel),
    /// Making a label an alias would create a cycle of aliases.
    AliasCycle(MachLabel),
    /// A label is out of reach of the field that uses it, and the field's
    /// kind has no veneer (or the veneer could not be placed in reach).
    OutOfRange {
        /// The label.
        label: MachLabel,
        /// Offset of the field.
        use_offset: u32,
        /// Offset the field had to reach (the label, or the veneer).
        target_offset: u32,
        /// The kind of field, as debug text.
        kind: String,
    },
    /// A label field lies (partly) past the end of the code.
    FieldOutOfBounds {
        /// The label.
        label: MachLabel,
        /// Offset of the field.
        use_offset: u32,
    },
    /// A branch registration does not match the code emitted (an ISA bug).
    BadBranch {
        /// Start of the branch as registered.
        start: u32,
        /// End of the branch as registered.
        end: u32,
        /// What is wrong.
        reason: &'static str,
    },
    /// A veneer did not fit the kind's declared size (an ISA bug).
    BadVeneer {
        /// The kind of field, as debug text.
        kind: String,
    },
    /// A pool constant is empty or its alignment is not a power of two up
    /// to 4096.
    BadConstant {
        /// Size of the constant.
        size: usize,
        /// Requested alignment.
        align: u32,
    },
    /// A deferred trap was given no instruction bytes.
    EmptyTrapInstruction(TrapCode),
    /// The code is 4 GiB or larger.
    CodeTooLarge,
}

impl fmt::Display for BufferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BufferError::UnknownLabel(l) => {
                write!(f, "label {} was not created by this buffer", l.0)
            }
            BufferError::UnboundLabel(l) => write!(f, "label {} is used but never bound", l.0),
            BufferError::LabelBoundTwice(l) => write!(f, "label {} is bound twice", l.0),
            BufferError::IslandLabel(l) => write!(
                f,
                "label {} belongs to a pool constant or deferred trap and cannot be bound by hand",
                l.0
            ),
            BufferError::AliasCycle(l) => {
                write!(f, "making label {} an alias would create a cycle", l.0)
            }
            BufferError::OutOfRange {
                label,
                use_offset,
                target_offset,
                kind,
            } => write!(
                f,
                "label {} cannot be reached from the {kind} field at {use_offset:#x} \
                 (target at {target_offset:#x}); the kind has no veneer or no island came in time",
                label.0
            ),
            BufferError::FieldOutOfBounds { label, use_offset } => write!(
                f,
                "the field at {use_offset:#x} using label {} extends past the end of the code",
                label.0
            ),
            BufferError::BadBranch { start, end, reason } => {
                write!(f, "branch at {start:#x}..{end:#x}: {reason}")
            }
            BufferError::BadVeneer { kind } => {
                write!(
                    f,
                    "the veneer of the {kind} field does not fit its declared size"
                )
            }
            BufferError::BadConstant { size, align } => write!(
                f,
                "pool constant of {size} bytes with alignment {align}: constants must be \
                 non-empty and aligned to a power of two up to 4096"
            ),
            BufferError::EmptyTrapInstruction(code) => {
                write!(f, "deferred trap {} has no instruction bytes", code.0)
            }
            BufferError::CodeTooLarge => f.write_str("the code is 4 GiB or larger"),
        }
    }
}

impl std::error::Error for BufferError {}

/// An instruction that may trap, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MachTrap {
    /// Offset of the trapping instruction.
    pub offset: u32,
    /// The trap code.
    pub code: TrapCode,
}

/// What the buffer did, for tests and compile statistics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MachBufferStats {
    /// Branches to the next instruction removed.
    pub fallthrough_branches_removed: u32,
    /// Labels made aliases of the target of the jump at their position.
    pub labels_threaded: u32,
    /// Unreachable branches (after an unconditional one, unlabelled) removed.
    pub unreachable_branches_removed: u32,
    /// Conditional branches inverted (and the unconditional one after removed).
    pub branches_inverted: u32,
    /// Islands emitted (the one at the end of the code not counted).
    pub islands: u32,
    /// Veneers emitted.
    pub veneers: u32,
    /// Pool constants emitted (a constant emitted in two islands counts twice).
    pub constants_emitted: u32,
}

/// The finished code.
#[derive(Clone, Debug, Default)]
pub struct MachBufferFinalized {
    /// The code, every label field patched.
    pub data: Vec<u8>,
    /// Relocations, by offset.
    pub relocs: Vec<Reloc>,
    /// Trap sites, by offset.
    pub traps: Vec<MachTrap>,
    /// The final offset of every label (aliases resolved), by label index;
    /// `None` for a label never bound.
    pub label_offsets: Vec<Option<u32>>,
    /// The alignment the code's start address needs (instruction alignment
    /// and the largest pool constant alignment).
    pub alignment: u32,
    /// Byte ranges `start..end` holding data rather than instructions
    /// (pool constants, jump tables), in offset order.
    pub data_ranges: Vec<(u32, u32)>,
    /// What the buffer did.
    pub stats: MachBufferStats,
}

impl MachBufferFinalized {
    /// The offset of `label`, if it was bound.
    pub fn label_offset(&self, label: MachLabel) -> Option<u32> {
        self.label_offsets.get(label.0 as usize).copied().flatten()
    }
}

/// A label field waiting to be patched.
#[derive(Clone, Copy, Debug)]
struct Fixup<K> {
    /// Offset of the field.
    offset: u32,
    /// The label it refers to.
    label: MachLabel,
    /// How to patch it.
    kind: K,
    /// How many veneers already stand between the original use and this field.
    veneer_depth: u8,
}

/// A deduplicated pool constant.
#[derive(Clone, Debug)]
struct PoolConstant {
    data: Box<[u8]>,
    align: u32,
    /// The label of the copy the next island emits, if one is pending.
    pending_label: Option<MachLabel>,
}

/// A trap instruction to emit in the next island.
#[derive(Clone, Debug)]
struct DeferredTrap {
    label: MachLabel,
    code: TrapCode,
    instruction: SmallVec<[u8; 8]>,
}

/// The code buffer of the backend, parameterised by the ISA's label-use kinds.
#[derive(Debug)]
pub struct MachBuffer<K: LabelUseKind> {
    data: Vec<u8>,
    labels: LabelTable,
    /// Fixups not yet patched, in registration order.
    fixups: Vec<Fixup<K>>,
    relocs: Vec<Reloc>,
    traps: Vec<MachTrap>,
    errors: Vec<BufferError>,

    /// Contiguous registered branches, the last possibly ending at the tail.
    latest_branches: Vec<MachBranch>,

    constants: Vec<PoolConstant>,
    /// Constant data -> indices into `constants` (one per alignment).
    constant_ids: BTreeMap<Box<[u8]>, SmallVec<[usize; 1]>>,
    /// Constants with a pending copy, in first-use order.
    pending_constants: Vec<usize>,
    pending_traps: Vec<DeferredTrap>,

    /// Earliest offset by which an island must have been emitted for some
    /// pending fixup (`u64::MAX` when none needs one). Conservative: removing
    /// a fixup does not raise it until the next island recomputes it.
    island_deadline: u64,
    /// Worst-case bytes of the pending constants and deferred traps.
    pending_data_bytes: u64,
    /// Ranges of data inside the code (see [`MachBufferFinalized::data_ranges`]).
    data_ranges: Vec<(u32, u32)>,
    /// Worst-case bytes of the veneers pending fixups may need.
    pending_veneer_bytes: u64,
    /// Largest pool constant alignment emitted.
    max_constant_align: u32,
    /// Reused by islands for the fixups they keep.
    fixup_scratch: Vec<Fixup<K>>,
    stats: MachBufferStats,
}

impl<K: LabelUseKind> Default for MachBuffer<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: LabelUseKind> MachBuffer<K> {
    /// An empty buffer with no labels.
    pub fn new() -> Self {
        Self {
            data: Vec::new(),
            labels: LabelTable::default(),
            fixups: Vec::new(),
            relocs: Vec::new(),
            traps: Vec::new(),
            errors: Vec::new(),
            latest_branches: Vec::new(),
            constants: Vec::new(),
            constant_ids: BTreeMap::new(),
            pending_constants: Vec::new(),
            pending_traps: Vec::new(),
            island_deadline: u64::MAX,
            pending_data_bytes: 0,
            data_ranges: Vec::new(),
            pending_veneer_bytes: 0,
            max_constant_align: 1,
            fixup_scratch: Vec::new(),
            stats: MachBufferStats::default(),
        }
    }

    /// An empty buffer whose labels `0..num_blocks` are the blocks' labels.
    pub fn with_blocks(num_blocks: u32) -> Self {
        let mut buffer = Self::new();
        for _ in 0..num_blocks {
            buffer.labels.push(LabelState::Unbound);
        }
        buffer
    }

    /// The label of block `index` (valid for a buffer made by
    /// [`MachBuffer::with_blocks`] with more than `index` blocks).
    pub fn block_label(index: u32) -> MachLabel {
        Label(index)
    }

    /// A new, unbound label.
    pub fn new_label(&mut self) -> MachLabel {
        self.labels.push(LabelState::Unbound)
    }

    /// The code emitted so far (label fields not yet patched).
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// What the buffer has done so far.
    pub fn stats(&self) -> MachBufferStats {
        self.stats
    }

    /// The current offset of `label`, following aliases; `None` while it
    /// (or the label it aliases) is unbound. The offset of a label at the
    /// end of the code may still change when a branch before it is removed.
    pub fn label_offset(&self, label: MachLabel) -> Option<u32> {
        self.resolve(label)
    }

    /// Binds `label` to the current offset, then simplifies the branches
    /// that end here.
    pub fn bind_label(&mut self, label: MachLabel) {
        if let Err(e) = self.check_unbound(label) {
            self.errors.push(e);
            return;
        }
        let offset = self.cur_offset();
        self.labels.bind_at_tail(label, offset);
        self.optimize_branches();
    }

    /// Binds `label` to wherever `target` is (now or once bound). Refuses
    /// (with an error) a label already bound and an alias that would close
    /// a cycle.
    pub fn alias_label(&mut self, label: MachLabel, target: MachLabel) {
        if let Err(e) = self.check_unbound(label) {
            self.errors.push(e);
            return;
        }
        if self.labels.state(target).is_none() {
            self.errors.push(BufferError::UnknownLabel(target));
            return;
        }
        if self.labels.chain_end(target) == Some(label) {
            self.errors.push(BufferError::AliasCycle(label));
            return;
        }
        self.labels.alias(label, target);
    }

    /// Checks that the backend may bind `label`.
    fn check_unbound(&self, label: MachLabel) -> Result<(), BufferError> {
        match self.labels.state(label) {
            None => Err(BufferError::UnknownLabel(label)),
            Some(LabelState::Unbound) => Ok(()),
            Some(LabelState::Island) => Err(BufferError::IslandLabel(label)),
            Some(LabelState::At(_) | LabelState::Fixed(_) | LabelState::Alias(_)) => {
                Err(BufferError::LabelBoundTwice(label))
            }
        }
    }

    /// The offset `label` resolves to, following aliases; `None` while unbound.
    fn resolve(&self, label: MachLabel) -> Option<u32> {
        self.labels.resolve(label)
    }

    /// Whether `label` is (an alias of) a constant or trap waiting for an island.
    fn is_island_label(&self, label: MachLabel) -> bool {
        self.labels
            .chain_end(label)
            .is_some_and(|end| self.labels.state(end) == Some(LabelState::Island))
    }

    /// Whether an island can help `fixup` (it has a veneer, or its label is
    /// emitted by the next island), i.e. whether its deadline counts.
    fn island_can_help(&self, fixup: &Fixup<K>) -> bool {
        fixup.kind.veneer_size().is_some() || self.is_island_label(fixup.label)
    }

    /// Accounts for a new fixup in the island deadline and worst-case size.
    fn note_fixup_deadline(&mut self, fixup: &Fixup<K>) {
        if !self.island_can_help(fixup) {
            return;
        }
        let deadline =
            u64::from(fixup.offset).saturating_add(fixup.kind.max_forward().max(0) as u64);
        self.island_deadline = self.island_deadline.min(deadline);
        if let Some(size) = fixup.kind.veneer_size() {
            self.pending_veneer_bytes += u64::from(size) + u64::from(Self::insn_alignment() - 1);
        }
    }

    /// Changes the kind of the last relocation recorded, if it is `from`,
    /// to `to` (a form whose encoder records a plain pc-relative reference,
    /// used through the GOT instead). Returns whether it did.
    pub fn retag_last_reloc(&mut self, from: RelocKind, to: RelocKind) -> bool {
        match self.relocs.last_mut() {
            Some(r) if r.kind == from => {
                r.kind = to;
                true
            }
            _ => false,
        }
    }

    /// Records that `start..end` (already emitted) is data, not
    /// instructions (a jump table), for disassemblers and tests.
    pub fn mark_data(&mut self, start: u32, end: u32) {
        if start < end {
            self.data_ranges.push((start, end));
        }
    }

    /// A label for `data` in the constant pool, aligned to `align` bytes.
    /// Equal constants share one copy per island: the label stays the same
    /// until the copy is emitted (in the next island or at the end), after
    /// which a new label (and copy) is made.
    pub fn constant_label(&mut self, data: &[u8], align: u32) -> MachLabel {
        if data.is_empty() || !align.is_power_of_two() || align > 4096 {
            self.errors.push(BufferError::BadConstant {
                size: data.len(),
                align,
            });
            return self.new_label();
        }
        let existing = self.constant_ids.get(data).and_then(|ids| {
            ids.iter()
                .copied()
                .find(|&i| self.constants[i].align == align)
        });
        let id = match existing {
            Some(id) => id,
            None => {
                let id = self.constants.len();
                self.constants.push(PoolConstant {
                    data: data.into(),
                    align,
                    pending_label: None,
                });
                self.constant_ids.entry(data.into()).or_default().push(id);
                id
            }
        };
        if let Some(label) = self.constants[id].pending_label {
            return label;
        }
        let label = self.new_island_label();
        self.constants[id].pending_label = Some(label);
        self.pending_constants.push(id);
        self.pending_data_bytes += data.len() as u64 + u64::from(align - 1);
        label
    }

    /// A label for a trap instruction (`instruction`, the ISA's encoding of
    /// it) recording `code`, emitted in the next island or at the end;
    /// conditional branches to it trap out of line.
    pub fn defer_trap(&mut self, code: TrapCode, instruction: &[u8]) -> MachLabel {
        if instruction.is_empty() {
            self.errors.push(BufferError::EmptyTrapInstruction(code));
            return self.new_label();
        }
        let label = self.new_island_label();
        self.pending_traps.push(DeferredTrap {
            label,
            code,
            instruction: SmallVec::from_slice(instruction),
        });
        self.pending_data_bytes += instruction.len() as u64 + u64::from(Self::insn_alignment() - 1);
        label
    }

    /// The ISA's instruction alignment (at least 1).
    fn insn_alignment() -> u32 {
        K::INSN_ALIGNMENT.max(1)
    }

    fn new_island_label(&mut self) -> MachLabel {
        self.labels.push(LabelState::Island)
    }
}

impl<K: LabelUseKind> AsmSink for MachBuffer<K> {
    type LabelUse = K;

    fn put1(&mut self, byte: u8) {
        self.data.push(byte);
    }

    fn put2(&mut self, bytes: [u8; 2]) {
        self.data.extend_from_slice(&bytes);
    }

    fn put4(&mut self, bytes: [u8; 4]) {
        self.data.extend_from_slice(&bytes);
    }

    fn put8(&mut self, bytes: [u8; 8]) {
        self.data.extend_from_slice(&bytes);
    }

    fn cur_offset(&self) -> u32 {
        self.data.len() as u32
    }

    fn use_label_at_offset(&mut self, offset: u32, label: MachLabel, kind: K) {
        if label.0 as usize >= self.labels.len() {
            self.errors.push(BufferError::UnknownLabel(label));
            return;
        }
        let fixup = Fixup {
            offset,
            label,
            kind,
            veneer_depth: 0,
        };
        self.note_fixup_deadline(&fixup);
        self.fixups.push(fixup);
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
        self.traps.push(MachTrap { offset, code });
    }
}
