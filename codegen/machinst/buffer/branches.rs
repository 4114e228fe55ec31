//! Branch simplification on the most recent branches.
//!
//! After emitting a control-flow instruction, the ISA registers it:
//! [`MachBuffer::add_uncond_branch`] (always jumps to a label),
//! [`MachBuffer::add_cond_branch`] (jumps to a label or falls through; the
//! ISA gives the inverted encoding) or [`MachBuffer::add_barrier`] (never
//! falls through and has no label: a return, a trap, an indirect jump).
//! Registration is optional: an unregistered branch is simply never
//! rewritten.
//!
//! The bookkeeping:
//!
//! - `latest_branches`: registered instructions that are contiguous in the
//!   code (each starts where the previous ends). Only those ending at the
//!   current end of the code (the *tail*) may be rewritten: nothing after
//!   them was emitted. Registering one that does not start where the last
//!   ended clears the list; so does finding code after the last.
//! - the labels at the tail: every label bound directly (not as an alias)
//!   at the tail, kept as one position (`labels.rs`). Each registered
//!   instruction records the position of the labels bound at its start.
//!
//! Whenever a label is bound (and in `finish`), the last registered
//! instruction is examined repeatedly, each step changing the code or
//! stopping:
//!
//! 1. *Fallthrough*: a branch whose target resolves to the tail is removed.
//! 2. *Jump threading*: the labels at the start of an unconditional branch
//!    become aliases of its target (unless the target is the branch itself,
//!    an infinite loop), so every use goes straight to the final target.
//! 3. *Unreachable*: an instruction with no label at its start, right after
//!    one that never falls through (an unconditional branch or a barrier),
//!    can never execute and is removed.
//! 4. *Branch inversion*: `jcc L1; jmp L2; L1:` becomes `jncc L2; L1:` when
//!    the unconditional branch has no label at its start.
//!
//! Removing an instruction truncates the code to its start, drops the
//! fixups, relocations and traps recorded inside it, and moves the labels
//! bound at its end (the old tail) to its start; those and the labels at
//! its start are then the labels at the tail.
//!
//! Why this is safe: a label's offset only changes when it is at the tail
//! (rule 1, 3, 4 truncations) or when it is threaded (rule 2, to a label
//! that means the same place), and fixups are patched only once their
//! label's offset is final (islands freeze the branches, and patch only
//! labels strictly before the tail; `finish` patches at the very end).

use smallvec::SmallVec;

use super::labels::PositionId;
use super::{BufferError, MachBuffer, MachLabel};
use crate::machinst::asm_sink::{AsmSink, LabelUseKind};

/// What a registered instruction does to control flow.
#[derive(Clone, Debug)]
enum BranchKind {
    /// Always jumps to `target`.
    Unconditional { target: MachLabel },
    /// Jumps to `target` or falls through; `inverted` is the same branch
    /// with the opposite condition, as many bytes, label field as encoded.
    Conditional {
        target: MachLabel,
        inverted: SmallVec<[u8; 8]>,
    },
    /// Never falls through and targets no label.
    Barrier,
}

/// A registered instruction at the end of the code, still open to rewriting.
#[derive(Clone, Debug)]
pub(super) struct MachBranch {
    start: u32,
    end: u32,
    kind: BranchKind,
    /// Index in `MachBuffer::fixups` of the first fixup inside the
    /// instruction (for a branch: its label field).
    first_fixup: usize,
    /// The position of the labels bound directly at `start`, if any.
    labels_at_start: Option<PositionId>,
}

impl MachBranch {
    fn target(&self) -> Option<MachLabel> {
        match self.kind {
            BranchKind::Unconditional { target } | BranchKind::Conditional { target, .. } => {
                Some(target)
            }
            BranchKind::Barrier => None,
        }
    }

    fn is_conditional(&self) -> bool {
        matches!(self.kind, BranchKind::Conditional { .. })
    }
}

impl<K: LabelUseKind> MachBuffer<K> {
    /// Registers the unconditional branch just emitted at `start..end`
    /// (ending at the current offset), whose only label field — the last
    /// one recorded — refers to `target`. Only an instruction that always
    /// transfers control to `target` and does nothing else qualifies.
    pub fn add_uncond_branch(&mut self, start: u32, end: u32, target: MachLabel) {
        if let Err(reason) = self.check_branch(start, end, Some(target)) {
            self.errors
                .push(BufferError::BadBranch { start, end, reason });
            return;
        }
        self.push_branch(start, end, BranchKind::Unconditional { target });
    }

    /// Registers the conditional branch just emitted at `start..end`, like
    /// [`MachBuffer::add_uncond_branch`]; `inverted` is the branch with the
    /// opposite condition, as many bytes, its label field as the encoder
    /// left it.
    pub fn add_cond_branch(&mut self, start: u32, end: u32, target: MachLabel, inverted: &[u8]) {
        let same_length = end >= start && inverted.len() as u64 == u64::from(end - start);
        let checked = if same_length {
            self.check_branch(start, end, Some(target))
        } else {
            Err("the inverted branch does not have the branch's length")
        };
        if let Err(reason) = checked {
            self.errors
                .push(BufferError::BadBranch { start, end, reason });
            return;
        }
        let inverted = SmallVec::from_slice(inverted);
        self.push_branch(start, end, BranchKind::Conditional { target, inverted });
    }

    /// Registers the instruction just emitted at `start..end` as one that
    /// never falls through and jumps to no label of this code (a return, a
    /// trap, an indirect jump), so an unlabelled branch after it can be
    /// removed as unreachable.
    pub fn add_barrier(&mut self, start: u32, end: u32) {
        if let Err(reason) = self.check_branch(start, end, None) {
            self.errors
                .push(BufferError::BadBranch { start, end, reason });
            return;
        }
        self.push_branch(start, end, BranchKind::Barrier);
    }

    fn push_branch(&mut self, start: u32, end: u32, kind: BranchKind) {
        if self.latest_branches.last().is_some_and(|b| b.end != start) {
            self.latest_branches.clear();
        }
        let first_fixup = match kind {
            BranchKind::Barrier => {
                let inside = self
                    .fixups
                    .iter()
                    .rev()
                    .take_while(|f| f.offset >= start)
                    .count();
                self.fixups.len() - inside
            }
            _ => self.fixups.len() - 1,
        };
        let labels_at_start = self.labels.tail_at(start);
        self.latest_branches.push(MachBranch {
            start,
            end,
            kind,
            first_fixup,
            labels_at_start,
        });
    }

    /// Checks that a registration matches what was emitted: the instruction
    /// ends at the current offset, and a branch's only label field is the
    /// last one recorded and refers to `target`.
    fn check_branch(
        &self,
        start: u32,
        end: u32,
        target: Option<MachLabel>,
    ) -> Result<(), &'static str> {
        if start >= end || end != self.cur_offset() {
            return Err("a branch must be registered right after it is emitted");
        }
        let Some(target) = target else {
            return Ok(());
        };
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

    /// Applies the rewrites (module docs) to the instructions ending at the
    /// tail until none applies. Each iteration removes code or returns, so
    /// the loop runs at most once per registered instruction, plus one.
    pub(super) fn optimize_branches(&mut self) {
        loop {
            let tail = self.cur_offset();
            let Some(b) = self.latest_branches.last() else {
                return;
            };
            if b.end != tail {
                // Code follows: these can no longer change.
                self.latest_branches.clear();
                return;
            }
            let target = b.target().and_then(|t| self.resolve(t));

            // 1. A branch to the next instruction.
            if target == Some(tail) {
                log::trace!("machbuffer: remove branch to fallthrough at {:#x}", b.start);
                self.truncate_last_branch();
                self.stats.fallthrough_branches_removed += 1;
                continue;
            }

            // 2. Jump threading: labels at an unconditional branch follow it.
            if let (Some(start_labels), BranchKind::Unconditional { target: to }) =
                (b.labels_at_start, &b.kind)
                && target != Some(b.start)
            {
                let to = *to;
                self.stats.labels_threaded += self.labels.alias_all(start_labels, to);
            }

            let n = self.latest_branches.len();
            let b = &self.latest_branches[n - 1];
            let previous = n.checked_sub(2).map(|i| &self.latest_branches[i]);
            let unlabelled = self.labels.is_empty(b.labels_at_start);

            // 3. Unlabelled code after code that never falls through.
            if unlabelled && previous.is_some_and(|p| !p.is_conditional()) {
                log::trace!("machbuffer: remove unreachable branch at {:#x}", b.start);
                self.truncate_last_branch();
                self.stats.unreachable_branches_removed += 1;
                continue;
            }

            // 4. `jcc L1; jmp L2; L1:` -> `jncc L2; L1:`.
            if let Some(prev) = previous
                && let (BranchKind::Unconditional { target: new_target }, true) =
                    (&b.kind, unlabelled)
                && prev.is_conditional()
                && prev.target().and_then(|t| self.resolve(t)) == Some(tail)
                // Its fixup precedes `b`'s, so it survives the truncation.
                && prev.first_fixup < b.first_fixup
            {
                let new_target = *new_target;
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
        let BranchKind::Conditional { target, inverted } = &mut b.kind else {
            return;
        };
        // `b` ends at the tail and its fixup is still pending (registration
        // checked both; only islands patch, and they clear the branches).
        let (Some(code), Some(fixup)) = (
            self.data.get_mut(b.start as usize..b.end as usize),
            self.fixups.get_mut(b.first_fixup),
        ) else {
            return;
        };
        // The bytes swap roles: the inverse of the inverse is the original.
        code.swap_with_slice(inverted);
        *target = new_target;
        fixup.label = new_target;
    }

    /// Removes the last registered instruction (which ends at the tail):
    /// its bytes and the fixups, relocations and traps inside it; the
    /// labels at the tail move to its start.
    fn truncate_last_branch(&mut self) {
        let Some(b) = self.latest_branches.pop() else {
            return;
        };
        self.labels
            .move_tail_back(b.end, b.start, b.labels_at_start);
        self.data.truncate(b.start as usize);

        // Fixups from `first_fixup` on lie in the removed bytes, unless an
        // encoder recorded one out of order; keep (in order) any that do not.
        let mut kept = b.first_fixup;
        for i in b.first_fixup..self.fixups.len() {
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
}
