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
//! - **Branch simplification** on the most recent branches (see below).
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
//! After emitting a branch, the ISA registers it with
//! [`MachBuffer::add_uncond_branch`] or [`MachBuffer::add_cond_branch`]
//! (the latter with the bytes of the inverted branch). The buffer keeps:
//!
//! - `latest_branches`: the registered branches that are contiguous in the
//!   code (each starts where the previous ends); only those ending at the
//!   current end of the code (the *tail*) may be rewritten, since nothing
//!   after them was emitted.
//! - the labels at the tail: every label bound directly (not as an alias)
//!   at the tail, kept as one *position* (`labels.rs`); each branch records
//!   the position of the labels bound at its start.
//!
//! Whenever a label is bound (and in `finish`), the last branch is examined
//! repeatedly, each step either changing the code or stopping:
//!
//! 1. *Fallthrough*: a branch whose target resolves to the tail is removed.
//! 2. *Jump threading*: the labels at the start of an unconditional branch
//!    become aliases of its target (unless the target is the branch itself:
//!    an infinite loop), so every use jumps straight to the final target.
//! 3. *Unreachable branch*: a branch with no label at its start, right after
//!    an unconditional branch, can never execute and is removed.
//! 4. *Branch inversion*: `jcc L1; jmp L2; L1:` becomes `jncc L2; L1:` when
//!    the unconditional branch has no label at its start.
//!
//! Removing a branch truncates the code to its start, drops the fixups,
//! relocations and traps recorded inside it, and moves the labels bound at
//! its end (the old tail) to its start; those and the labels at its start
//! are then the labels at the tail (one position, moved in O(1)). Islands
//! *freeze* the branches: once
//! anything is appended after them they can no longer be rewritten, and a
//! fixup is patched in an island only if its label lies before the current
//! tail (so its offset is final).

mod island;
mod labels;
#[cfg(test)]
mod tests;

use core::fmt;
use std::collections::BTreeMap;

use smallvec::SmallVec;

use self::labels::{LabelState, LabelTable, PositionId};
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

/// Whether a registered branch falls through when not taken.
#[derive(Clone, Debug)]
enum BranchCondition {
    /// Always jumps.
    Unconditional,
    /// May fall through; `inverted` is the same branch with the opposite
    /// condition, byte for byte as long, label field left as encoded.
    Conditional { inverted: SmallVec<[u8; 8]> },
}

/// A branch registered at the end of the code, still open to rewriting.
#[derive(Clone, Debug)]
struct MachBranch {
    start: u32,
    end: u32,
    target: MachLabel,
    /// Index of the branch's fixup in `MachBuffer::fixups`.
    fixup: usize,
    condition: BranchCondition,
    /// The position of the labels bound directly at `start`, if any.
    labels_at_start: Option<PositionId>,
}

impl MachBranch {
    fn is_unconditional(&self) -> bool {
        matches!(self.condition, BranchCondition::Unconditional)
    }
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

    /// Registers the unconditional branch just emitted at `start..end`
    /// (ending at the current offset), whose only label field — the last
    /// one recorded — refers to `target`. Only an instruction that always
    /// transfers control to `target` and does nothing else qualifies.
    pub fn add_uncond_branch(&mut self, start: u32, end: u32, target: MachLabel) {
        self.add_branch(start, end, target, BranchCondition::Unconditional);
    }

    /// Registers the conditional branch just emitted at `start..end`, like
    /// [`MachBuffer::add_uncond_branch`]; `inverted` is the branch with the
    /// opposite condition, as many bytes, its label field as the encoder
    /// left it.
    pub fn add_cond_branch(&mut self, start: u32, end: u32, target: MachLabel, inverted: &[u8]) {
        if inverted.len() as u64 != u64::from(end.wrapping_sub(start)) || end < start {
            self.errors.push(BufferError::BadBranch {
                start,
                end,
                reason: "the inverted branch does not have the branch's length",
            });
            return;
        }
        let inverted = SmallVec::from_slice(inverted);
        self.add_branch(
            start,
            end,
            target,
            BranchCondition::Conditional { inverted },
        );
    }

    fn add_branch(&mut self, start: u32, end: u32, target: MachLabel, condition: BranchCondition) {
        if let Err(reason) = self.check_branch(start, end, target) {
            self.errors
                .push(BufferError::BadBranch { start, end, reason });
            return;
        }
        if self.latest_branches.last().is_some_and(|b| b.end != start) {
            self.latest_branches.clear();
        }
        let labels_at_start = self.labels.tail_at(start);
        self.latest_branches.push(MachBranch {
            start,
            end,
            target,
            fixup: self.fixups.len() - 1,
            condition,
            labels_at_start,
        });
    }

    /// Checks that a branch registration matches what was emitted.
    fn check_branch(&self, start: u32, end: u32, target: MachLabel) -> Result<(), &'static str> {
        if start >= end || end != self.cur_offset() {
            return Err("a branch must be registered right after it is emitted");
        }
        let Some(last) = self.fixups.last() else {
            return Err("the branch has no label field");
        };
        if last.offset < start || last.offset >= end || last.label != target {
            return Err("the branch's label field must be the last one recorded");
        }
        if self.fixups.len() >= 2 && self.fixups[self.fixups.len() - 2].offset >= start {
            return Err("a branch must have exactly one label field");
        }
        Ok(())
    }

    /// Applies the branch peepholes (module docs) to the branches ending at
    /// the tail until none applies.
    fn optimize_branches(&mut self) {
        loop {
            let tail = self.cur_offset();
            let Some(b) = self.latest_branches.last() else {
                return;
            };
            if b.end != tail {
                // Code follows the branches: they can no longer change.
                self.latest_branches.clear();
                return;
            }
            let target = self.resolve(b.target);

            // 1. A branch to the next instruction.
            if target == Some(tail) {
                log::trace!("machbuffer: remove branch to fallthrough at {:#x}", b.start);
                self.truncate_last_branch();
                self.stats.fallthrough_branches_removed += 1;
                continue;
            }

            // 2. Jump threading: labels at an unconditional branch follow it.
            if let Some(start_labels) = b.labels_at_start
                && b.is_unconditional()
                && target != Some(b.start)
            {
                let to = b.target;
                self.stats.labels_threaded += self.labels.alias_all(start_labels, to);
            }

            let n = self.latest_branches.len();
            let b = &self.latest_branches[n - 1];
            let previous = n.checked_sub(2).map(|i| &self.latest_branches[i]);
            let unlabelled = self.labels.is_empty(b.labels_at_start);

            // 3. An unlabelled branch after an unconditional one never runs.
            if unlabelled && previous.is_some_and(MachBranch::is_unconditional) {
                log::trace!("machbuffer: remove unreachable branch at {:#x}", b.start);
                self.truncate_last_branch();
                self.stats.unreachable_branches_removed += 1;
                continue;
            }

            // 4. `jcc L1; jmp L2; L1:` -> `jncc L2; L1:`.
            if let Some(prev) = previous
                && b.is_unconditional()
                && unlabelled
                && !prev.is_unconditional()
                && self.resolve(prev.target) == Some(tail)
            {
                let new_target = b.target;
                log::trace!("machbuffer: invert branch at {:#x}", prev.start);
                self.truncate_last_branch();
                self.invert_last_branch(new_target);
                self.stats.branches_inverted += 1;
                continue;
            }
            return;
        }
    }

    /// Rewrites the last branch (conditional, at the tail) into its
    /// inverse, targeting `new_target`.
    fn invert_last_branch(&mut self, new_target: MachLabel) {
        let Some(b) = self.latest_branches.last_mut() else {
            return;
        };
        let BranchCondition::Conditional { inverted } = &mut b.condition else {
            return;
        };
        let code = &mut self.data[b.start as usize..b.end as usize];
        // The bytes swap roles: the inverse of the inverse is the original.
        code.swap_with_slice(inverted);
        b.target = new_target;
        self.fixups[b.fixup].label = new_target;
    }

    /// Removes the last branch (which ends at the tail): its bytes, the
    /// fixups, relocations and traps inside it; the labels at the tail move
    /// to its start.
    fn truncate_last_branch(&mut self) {
        let Some(b) = self.latest_branches.pop() else {
            return;
        };
        self.labels
            .move_tail_back(b.end, b.start, b.labels_at_start);
        self.data.truncate(b.start as usize);

        // The branch's fixup and anything registered after it lie in the
        // removed bytes; keep (in order) any that do not.
        let mut kept = b.fixup;
        for i in b.fixup..self.fixups.len() {
            if self.fixups[i].offset < b.start {
                self.fixups.swap(kept, i);
                kept += 1;
            }
        }
        self.fixups.truncate(kept);
        while self.relocs.last().is_some_and(|r| r.offset >= b.start) {
            self.relocs.pop();
        }
        while self.traps.last().is_some_and(|t| t.offset >= b.start) {
            self.traps.pop();
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
            self.pending_veneer_bytes += u64::from(size) + u64::from(K::INSN_ALIGNMENT - 1);
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
        self.pending_data_bytes += instruction.len() as u64 + u64::from(K::INSN_ALIGNMENT - 1);
        label
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
