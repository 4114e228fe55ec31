//! The labels of a MachBuffer and the positions they are bound at.
//!
//! A label bound by the backend is bound to a [`PositionId`]: the place
//! where every label bound at one offset of the code lives. Branch
//! simplification moves whole positions, never single labels: removing
//! the branch at the end of the code moves the labels at the end (one
//! position) back to the branch's start (merged into the position there,
//! if any), and jump threading turns every label of a position into an
//! alias. Positions are a union-find forest (union by rank, so a label
//! resolves in O(log n) steps) and each root keeps its labels in an
//! intrusive list (so merging is O(1) and threading visits each label
//! once). Without this, a long run of branches removed one after the other
//! would move every label at the end of the code once per branch: O(n²).
//!
//! Invariants: the tail position (`tail`, valid while `tail_offset` is the
//! current offset) and the start position of every branch still open to
//! rewriting are roots. Labels of pool constants and deferred traps are
//! bound once, by an island, to a fixed offset. Alias chains are acyclic
//! (checked when an alias is made); walks are bounded regardless.

use super::MachLabel;
use crate::machinst::asm_sink::Label;

/// Marks the end of a position's label list.
const NO_LABEL: u32 = u32::MAX;

/// A place in the code where labels are bound; see the module docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct PositionId(u32);

/// Where a label is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LabelState {
    /// Not bound yet; the backend binds it.
    Unbound,
    /// A pool constant or deferred trap waiting for the next island.
    Island,
    /// Bound at a position (its offset may still change).
    At(PositionId),
    /// Bound by an island at a final offset.
    Fixed(u32),
    /// Bound to wherever another label is.
    Alias(MachLabel),
}

#[derive(Clone, Copy, Debug)]
struct Position {
    /// The offset, meaningful for a root.
    offset: u32,
    /// The position this one was merged into.
    parent: Option<PositionId>,
    /// Union-by-rank height bound.
    rank: u8,
    /// The labels bound here directly (for a root: also those of the
    /// positions merged into it), linked through `next_at_position`.
    first: u32,
    last: u32,
    count: u32,
}

/// Every label of a buffer, with the positions they are bound at.
#[derive(Clone, Debug, Default)]
pub(super) struct LabelTable {
    states: Vec<LabelState>,
    next_at_position: Vec<u32>,
    positions: Vec<Position>,
    tail: Option<PositionId>,
    tail_offset: u32,
}

impl LabelTable {
    /// Number of labels.
    pub(super) fn len(&self) -> usize {
        self.states.len()
    }

    /// Adds a label in `state` (`Unbound` or `Island`).
    pub(super) fn push(&mut self, state: LabelState) -> MachLabel {
        self.states.push(state);
        self.next_at_position.push(NO_LABEL);
        Label(self.states.len() as u32 - 1)
    }

    /// The state of `label`, if it exists.
    pub(super) fn state(&self, label: MachLabel) -> Option<LabelState> {
        self.states.get(label.0 as usize).copied()
    }

    /// Binds the unbound `label` at `offset`, the end of the code.
    pub(super) fn bind_at_tail(&mut self, label: MachLabel, offset: u32) {
        let position = match self.tail_at(offset) {
            Some(p) => p,
            None => {
                let p = PositionId(self.positions.len() as u32);
                self.positions.push(Position {
                    offset,
                    parent: None,
                    rank: 0,
                    first: NO_LABEL,
                    last: NO_LABEL,
                    count: 0,
                });
                self.tail = Some(p);
                self.tail_offset = offset;
                p
            }
        };
        self.states[label.0 as usize] = LabelState::At(position);
        let root = &mut self.positions[position.0 as usize];
        if root.last == NO_LABEL {
            root.first = label.0;
        } else {
            self.next_at_position[root.last as usize] = label.0;
        }
        root.last = label.0;
        root.count += 1;
    }

    /// Binds an island label at its final offset.
    pub(super) fn fix(&mut self, label: MachLabel, offset: u32) {
        self.states[label.0 as usize] = LabelState::Fixed(offset);
    }

    /// Makes the unbound `label` an alias of `target` (the caller checked
    /// for cycles).
    pub(super) fn alias(&mut self, label: MachLabel, target: MachLabel) {
        self.states[label.0 as usize] = LabelState::Alias(target);
    }

    /// The position of the labels bound at `offset`, if that is where the
    /// tail position is (any label bound at the end of the code since it
    /// last grew).
    pub(super) fn tail_at(&self, offset: u32) -> Option<PositionId> {
        self.tail.filter(|_| self.tail_offset == offset)
    }

    /// Whether no label is bound at `position` (a root).
    pub(super) fn is_empty(&self, position: Option<PositionId>) -> bool {
        position.is_none_or(|p| self.positions[p.0 as usize].count == 0)
    }

    /// Turns every label bound at `position` (a root) into an alias of
    /// `target`; returns how many.
    pub(super) fn alias_all(&mut self, position: PositionId, target: MachLabel) -> u32 {
        let root = &mut self.positions[position.0 as usize];
        let count = root.count;
        let mut next = root.first;
        root.first = NO_LABEL;
        root.last = NO_LABEL;
        root.count = 0;
        while next != NO_LABEL {
            let label = next as usize;
            log::trace!("machbuffer: thread label {label} to {}", target.0);
            self.states[label] = LabelState::Alias(target);
            next = core::mem::replace(&mut self.next_at_position[label], NO_LABEL);
        }
        count
    }

    /// Removing a branch at `start..end` (the end of the code): the labels
    /// at `end` join those at the branch's start, `start_position`, and the
    /// result is the tail position at `start`.
    pub(super) fn move_tail_back(
        &mut self,
        end: u32,
        start: u32,
        start_position: Option<PositionId>,
    ) {
        let moved = match (start_position, self.tail_at(end)) {
            (None, None) => None,
            (Some(p), None) | (None, Some(p)) => Some(p),
            (Some(a), Some(b)) => Some(self.union(a, b)),
        };
        if let Some(p) = moved {
            self.positions[p.0 as usize].offset = start;
        }
        self.tail = moved;
        self.tail_offset = start;
    }

    /// Merges two roots; returns the new root, which holds both label lists.
    fn union(&mut self, a: PositionId, b: PositionId) -> PositionId {
        if a == b {
            return a;
        }
        let (ra, rb) = (
            self.positions[a.0 as usize].rank,
            self.positions[b.0 as usize].rank,
        );
        let (root, child) = if ra >= rb { (a, b) } else { (b, a) };
        let child_position = self.positions[child.0 as usize];
        self.positions[child.0 as usize] = Position {
            parent: Some(root),
            first: NO_LABEL,
            last: NO_LABEL,
            count: 0,
            ..child_position
        };
        let root_position = &mut self.positions[root.0 as usize];
        if ra == rb {
            root_position.rank += 1;
        }
        if child_position.count > 0 {
            if root_position.last == NO_LABEL {
                root_position.first = child_position.first;
            } else {
                self.next_at_position[root_position.last as usize] = child_position.first;
            }
            root_position.last = child_position.last;
            root_position.count += child_position.count;
        }
        root
    }

    /// The offset `label` resolves to, following aliases and positions;
    /// `None` while unbound (or, defensively, on an alias cycle).
    pub(super) fn resolve(&self, label: MachLabel) -> Option<u32> {
        let end = self.chain_end(label)?;
        match self.states[end.0 as usize] {
            LabelState::At(mut p) => {
                while let Some(parent) = self.positions[p.0 as usize].parent {
                    p = parent;
                }
                Some(self.positions[p.0 as usize].offset)
            }
            LabelState::Fixed(offset) => Some(offset),
            LabelState::Unbound | LabelState::Island | LabelState::Alias(_) => None,
        }
    }

    /// The last label of `label`'s alias chain (itself if not an alias);
    /// `None` for an unknown label or a cycle.
    pub(super) fn chain_end(&self, label: MachLabel) -> Option<MachLabel> {
        let mut current = label;
        for _ in 0..=self.states.len() {
            match self.states.get(current.0 as usize)? {
                LabelState::Alias(next) => current = *next,
                _ => return Some(current),
            }
        }
        None
    }
}
