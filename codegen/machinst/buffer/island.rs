//! Islands and the end of the code: where pending deferred traps, pool
//! constants and veneers are emitted, and where fixups are patched.
//!
//! An island is emitted between instructions, when
//! [`MachBuffer::island_needed`] says the earliest pending fixup would
//! otherwise go out of reach. The backend checks at block boundaries; if an
//! island is needed it emits an unconditional jump around it, calls
//! [`MachBuffer::emit_island`], and binds the jump's label after it. Labels
//! of code bound before an island therefore point at that jump.
//!
//! The `distance` a check is given must bound everything that may come
//! before the next check's island: the bytes of the code emitted in
//! between, the jump around the island, **and what that code adds to the
//! island** (its pool constants and deferred traps, and a veneer per label
//! use of a kind with a veneer, `veneer_size + INSN_ALIGNMENT - 1` each).
//! Under that contract the whole island fits before the earliest deadline,
//! so the order of its contents does not matter. An island that comes too
//! late is reported as [`BufferError::OutOfRange`], never patched wrongly.
//!
//! Order inside an island: deferred traps and pool constants, then the
//! veneers, then padding to the instruction alignment. Only fixups an
//! island can help count towards the deadline: those whose kind has a
//! veneer and those referring to a constant or trap the island emits. A
//! fixup without a veneer to a block label (x86-64's rel8) is checked in
//! [`MachBuffer::finish`]: an island cannot extend its reach.
//!
//! A fixup is patched in an island only when its label lies strictly
//! before the current end of the code; labels at the end may still move
//! or be threaded by branch simplification (see the parent module), so
//! those fixups wait. Emitting an island freezes the latest branches.

use smallvec::SmallVec;

use super::{BufferError, Fixup, MAX_VENEER_CHAIN, MachBuffer, MachBufferFinalized, MachTrap};
use crate::machinst::asm_sink::{AsmSink, LabelUseKind};

/// What to do with a fixup that cannot be patched yet.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pending {
    /// An island follows later; keep waiting unless the deadline is close.
    Island {
        /// Offset at or before which the next island starts, at worst.
        threshold: u64,
    },
    /// The end of the code: everything must resolve now.
    End,
}

impl<K: LabelUseKind> MachBuffer<K> {
    /// Whether an island must be emitted now, given that `distance` more
    /// bytes (code, the jump around an island, and what the code adds to
    /// the island: module docs) would come before the next check: true when
    /// some pending fixup's deadline falls before the end of those bytes
    /// plus the worst-case size of the island.
    pub fn island_needed(&self, distance: u32) -> bool {
        if self.island_deadline == u64::MAX {
            return false;
        }
        let worst_end =
            u64::from(self.cur_offset()) + u64::from(distance) + self.worst_case_island_size();
        worst_end > self.island_deadline
    }

    /// The most bytes an island emitted now could take.
    fn worst_case_island_size(&self) -> u64 {
        self.pending_data_bytes + self.pending_veneer_bytes + u64::from(Self::insn_alignment() - 1)
    }

    /// Emits an island at the current offset: pending deferred traps and
    /// constants, veneers for the fixups that could not wait until the
    /// next check (`distance` bytes away at most), patches every fixup
    /// whose label is now known and final, and pads to the instruction
    /// alignment. The caller jumps around the island (module docs).
    pub fn emit_island(&mut self, distance: u32) {
        let threshold =
            u64::from(self.cur_offset()) + self.worst_case_island_size() + u64::from(distance);
        self.latest_branches.clear();
        self.emit_pending_data();
        self.resolve_fixups(Pending::Island { threshold });
        self.align_code();
        self.recompute_island_deadline();
        self.stats.islands += 1;
    }

    /// Pads the code with zeros to the instruction alignment.
    fn align_code(&mut self) {
        self.align_to(Self::insn_alignment());
    }

    fn align_to(&mut self, align: u32) {
        let align = align.max(1) as usize;
        let padded = self.data.len().next_multiple_of(align);
        self.data.resize(padded, 0);
    }

    /// Emits the pending deferred traps and constants, binding their labels.
    fn emit_pending_data(&mut self) {
        for trap in core::mem::take(&mut self.pending_traps) {
            self.align_code();
            let offset = self.cur_offset();
            self.labels.fix(trap.label, offset);
            self.traps.push(MachTrap {
                offset,
                code: trap.code,
            });
            self.data.extend_from_slice(&trap.instruction);
        }
        let mut pending = core::mem::take(&mut self.pending_constants);
        // Largest alignment first wastes the least padding; stable, so
        // equal alignments stay in first-use order.
        pending.sort_by_key(|&id| core::cmp::Reverse(self.constants[id].align));
        for &id in &pending {
            let constant = &mut self.constants[id];
            let Some(label) = constant.pending_label.take() else {
                continue;
            };
            let align = constant.align;
            let data = core::mem::take(&mut constant.data);
            // The alignment padding is data too (zeros, not instructions).
            let padding_start = self.cur_offset();
            self.align_to(align);
            let start = self.cur_offset();
            self.labels.fix(label, start);
            self.data.extend_from_slice(&data);
            self.data_ranges.push((padding_start, self.cur_offset()));
            self.constants[id].data = data;
            self.max_constant_align = self.max_constant_align.max(align);
            self.stats.constants_emitted += 1;
        }
        pending.clear();
        self.pending_constants = pending;
        self.pending_data_bytes = 0;
    }

    /// Patches what can be patched, emits the veneers that are due, and
    /// keeps the rest pending (in an island) or reports it (at the end).
    fn resolve_fixups(&mut self, when: Pending) {
        let mut work = core::mem::take(&mut self.fixups);
        let mut kept = core::mem::take(&mut self.fixup_scratch);
        // Veneers add fixups; at the end they are resolved in turn.
        let mut next = 0;
        while next < work.len() {
            let fixup = work[next];
            next += 1;
            // A label at the end of the code may still move (module docs).
            let final_offset = self
                .resolve(fixup.label)
                .filter(|&offset| offset < self.cur_offset() || when == Pending::End);
            if let Some(label_offset) = final_offset {
                if self.try_patch(&fixup, label_offset) {
                    continue;
                }
                if !self.can_veneer(&fixup) {
                    self.errors.push(self.out_of_range(&fixup, label_offset));
                } else if let Some(veneer_fixup) = self.emit_veneer(&fixup) {
                    match when {
                        Pending::End => work.push(veneer_fixup),
                        Pending::Island { .. } => kept.push(veneer_fixup),
                    }
                }
                continue;
            }
            match when {
                Pending::End => self.errors.push(BufferError::UnboundLabel(fixup.label)),
                Pending::Island { threshold } => {
                    let deadline = u64::from(fixup.offset)
                        .saturating_add(fixup.kind.max_forward().max(0) as u64);
                    if self.can_veneer(&fixup) && deadline <= threshold {
                        // Due before the next island: go through a veneer,
                        // wherever the label ends up.
                        if let Some(veneer_fixup) = self.emit_veneer(&fixup) {
                            kept.push(veneer_fixup);
                        }
                    } else {
                        kept.push(fixup);
                    }
                }
            }
        }
        work.clear();
        self.fixup_scratch = work;
        self.fixups = kept;
    }

    /// Whether `fixup` may be redirected through a veneer.
    fn can_veneer(&self, fixup: &Fixup<K>) -> bool {
        fixup.kind.veneer_size().is_some() && fixup.veneer_depth < MAX_VENEER_CHAIN
    }

    /// Patches `fixup` for a label at `label_offset`; false (code unchanged)
    /// when out of reach. A field past the end of the code is an error.
    fn try_patch(&mut self, fixup: &Fixup<K>, label_offset: u32) -> bool {
        let start = fixup.offset as usize;
        let end = start + fixup.kind.field_size() as usize;
        let Some(field) = self.data.get_mut(start..end) else {
            self.errors.push(BufferError::FieldOutOfBounds {
                label: fixup.label,
                use_offset: fixup.offset,
            });
            // Reported; nothing more to do with it.
            return true;
        };
        // Patch a copy so a failed patch leaves the field as encoded.
        let mut copy: SmallVec<[u8; 8]> = SmallVec::from_slice(field);
        if !fixup.kind.patch(&mut copy, fixup.offset, label_offset) {
            return false;
        }
        field.copy_from_slice(&copy);
        true
    }

    fn out_of_range(&self, fixup: &Fixup<K>, target_offset: u32) -> BufferError {
        BufferError::OutOfRange {
            label: fixup.label,
            use_offset: fixup.offset,
            target_offset,
            kind: format!("{:?}", fixup.kind),
        }
    }

    /// Emits a veneer for `fixup` at the current (aligned) offset, points
    /// the fixup's field at it, and returns the veneer's own fixup. Reports
    /// an error and returns `None` when the field cannot reach the veneer.
    fn emit_veneer(&mut self, fixup: &Fixup<K>) -> Option<Fixup<K>> {
        let size = fixup.kind.veneer_size()?;
        self.align_code();
        let veneer_offset = self.cur_offset();
        let mut bytes: SmallVec<[u8; 16]> = SmallVec::from_elem(0, size as usize);
        let written = fixup.kind.write_veneer(&mut bytes, veneer_offset);
        let Some((field_offset, kind)) = written.filter(|(field_offset, kind)| {
            u64::from(*field_offset) + u64::from(kind.field_size()) <= u64::from(size)
        }) else {
            self.errors.push(BufferError::BadVeneer {
                kind: format!("{:?}", fixup.kind),
            });
            return None;
        };
        if !self.try_patch(fixup, veneer_offset) {
            self.errors.push(self.out_of_range(fixup, veneer_offset));
            return None;
        }
        self.data.extend_from_slice(&bytes);
        self.stats.veneers += 1;
        log::trace!(
            "machbuffer: veneer at {veneer_offset:#x} for the {:?} field at {:#x}",
            fixup.kind,
            fixup.offset
        );
        let veneer_fixup = Fixup {
            offset: veneer_offset + field_offset,
            label: fixup.label,
            kind,
            veneer_depth: fixup.veneer_depth + 1,
        };
        Some(veneer_fixup)
    }

    /// Recomputes the island deadline and worst-case veneer bytes from the
    /// pending fixups.
    fn recompute_island_deadline(&mut self) {
        self.island_deadline = u64::MAX;
        self.pending_veneer_bytes = 0;
        let fixups = core::mem::take(&mut self.fixups);
        for fixup in &fixups {
            self.note_fixup_deadline(fixup);
        }
        self.fixups = fixups;
    }

    /// Emits the pending traps and constants at the end of the code,
    /// patches every fixup (through veneers at the end where needed) and
    /// returns the code, or every problem found.
    pub fn finish(mut self) -> Result<MachBufferFinalized, Vec<BufferError>> {
        self.optimize_branches();
        self.latest_branches.clear();
        self.emit_pending_data();
        self.resolve_fixups(Pending::End);
        if u32::try_from(self.data.len()).is_err() {
            self.errors.push(BufferError::CodeTooLarge);
        }
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        let label_offsets = (0..self.labels.len() as u32)
            .map(|i| self.resolve(super::Label(i)))
            .collect();
        // Both are recorded at the current offset and truncated from the
        // back, so they are in offset order already; sorting (stable, cheap
        // on sorted input) keeps that a guarantee rather than an accident.
        self.relocs.sort_by_key(|r| r.offset);
        self.traps.sort_by_key(|t| t.offset);
        Ok(MachBufferFinalized {
            data: self.data,
            relocs: self.relocs,
            traps: self.traps,
            label_offsets,
            alignment: Self::insn_alignment().max(self.max_constant_align),
            data_ranges: {
                let mut ranges = self.data_ranges;
                ranges.sort_unstable();
                ranges
            },
            stats: self.stats,
        })
    }
}
