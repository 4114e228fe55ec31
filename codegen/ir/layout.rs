//! Program order: the order of blocks, and of instructions within blocks.
//!
//! Both orders are doubly linked lists threaded through dense secondary
//! maps (no allocation per node). Each block and each instruction also has
//! a *sequence number* increasing in program order — blocks among blocks,
//! instructions within their block — so "does `a` come before `b`?" is one
//! comparison. Numbers are spaced by [`SEQ_STRIDE`]; an insertion takes the
//! midpoint of its neighbours, and when there is no room the following
//! numbers are pushed forward only as far as needed.
//!
//! Invariants: a block is in the order at most once; an instruction is in
//! at most one block; sequence numbers strictly increase along each list.
//! Methods taking entities not in the layout return `None` or do nothing;
//! the few that must not be misused (inserting an entity twice) say so.

use super::entities::{Block, Inst};
use crate::entity::{PackedOption, SecondaryMap};
use core::cmp::Ordering;

/// Gap between consecutive sequence numbers when appending.
pub const SEQ_STRIDE: u32 = 16;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct BlockNode {
    prev: PackedOption<Block>,
    next: PackedOption<Block>,
    first_inst: PackedOption<Inst>,
    last_inst: PackedOption<Inst>,
    seq: u32,
    inserted: bool,
    cold: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct InstNode {
    block: PackedOption<Block>,
    prev: PackedOption<Inst>,
    next: PackedOption<Inst>,
    seq: u32,
}

/// The order of blocks and instructions of a function.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    blocks: SecondaryMap<Block, BlockNode>,
    insts: SecondaryMap<Inst, InstNode>,
    first_block: PackedOption<Block>,
    last_block: PackedOption<Block>,
}

impl Layout {
    /// An empty layout.
    pub fn new() -> Self {
        Self::default()
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        *self = Self::new();
    }

    // ---- blocks ----

    /// Is `block` in the layout?
    pub fn is_block_inserted(&self, block: Block) -> bool {
        self.blocks[block].inserted
    }

    /// The first block (the entry block).
    pub fn entry_block(&self) -> Option<Block> {
        self.first_block.expand()
    }

    /// The last block.
    pub fn last_block(&self) -> Option<Block> {
        self.last_block.expand()
    }

    /// The block after `block`.
    pub fn next_block(&self, block: Block) -> Option<Block> {
        self.blocks[block].next.expand()
    }

    /// The block before `block`.
    pub fn prev_block(&self, block: Block) -> Option<Block> {
        self.blocks[block].prev.expand()
    }

    /// The blocks in order.
    pub fn blocks(&self) -> Blocks<'_> {
        Blocks {
            layout: self,
            next: self.first_block.expand(),
        }
    }

    /// Appends `block` at the end. Does nothing if it is already inserted.
    pub fn append_block(&mut self, block: Block) {
        if self.is_block_inserted(block) {
            return;
        }
        let seq = self.last_block.expand().map_or(SEQ_STRIDE, |b| {
            self.blocks[b].seq.saturating_add(SEQ_STRIDE)
        });
        let prev = self.last_block;
        {
            let node = &mut self.blocks[block];
            node.inserted = true;
            node.prev = prev;
            node.next = None.into();
            node.seq = seq;
        }
        match prev.expand() {
            Some(p) => self.blocks[p].next = block.into(),
            None => self.first_block = block.into(),
        }
        self.last_block = block.into();
        if seq == u32::MAX {
            self.renumber_all_blocks();
        }
    }

    /// Inserts `block` just before `before` (which must be inserted). Does
    /// nothing if `block` is already inserted or `before` is not.
    pub fn insert_block(&mut self, block: Block, before: Block) {
        if self.is_block_inserted(block) || !self.is_block_inserted(before) {
            return;
        }
        let prev = self.blocks[before].prev;
        {
            let node = &mut self.blocks[block];
            node.inserted = true;
            node.prev = prev;
            node.next = before.into();
        }
        self.blocks[before].prev = block.into();
        match prev.expand() {
            Some(p) => self.blocks[p].next = block.into(),
            None => self.first_block = block.into(),
        }
        self.assign_block_seq(block);
    }

    /// Inserts `block` just after `after` (which must be inserted).
    pub fn insert_block_after(&mut self, block: Block, after: Block) {
        if self.is_block_inserted(block) || !self.is_block_inserted(after) {
            return;
        }
        match self.blocks[after].next.expand() {
            Some(next) => self.insert_block(block, next),
            None => self.append_block(block),
        }
    }

    /// Removes `block` from the order (its instructions stay in it).
    pub fn remove_block(&mut self, block: Block) {
        if !self.is_block_inserted(block) {
            return;
        }
        let BlockNode { prev, next, .. } = self.blocks[block];
        match prev.expand() {
            Some(p) => self.blocks[p].next = next,
            None => self.first_block = next,
        }
        match next.expand() {
            Some(n) => self.blocks[n].prev = prev,
            None => self.last_block = prev,
        }
        let node = &mut self.blocks[block];
        node.inserted = false;
        node.prev = None.into();
        node.next = None.into();
    }

    /// Marks `block` cold (placed last by the backend).
    pub fn set_cold(&mut self, block: Block) {
        self.blocks[block].cold = true;
    }

    /// Is `block` cold?
    pub fn is_cold(&self, block: Block) -> bool {
        self.blocks[block].cold
    }

    fn assign_block_seq(&mut self, block: Block) {
        let prev_seq = self.blocks[block]
            .prev
            .expand()
            .map_or(0, |p| self.blocks[p].seq);
        let next = self.blocks[block].next.expand();
        let next_seq = next.map_or(u32::MAX, |n| self.blocks[n].seq);
        if next_seq - prev_seq >= 2 {
            self.blocks[block].seq = prev_seq + (next_seq - prev_seq) / 2;
            return;
        }
        // No room: push following blocks forward until there is a gap again.
        let mut seq = prev_seq.saturating_add(SEQ_STRIDE);
        self.blocks[block].seq = seq;
        let mut cursor = next;
        while let Some(b) = cursor {
            if self.blocks[b].seq > seq {
                return;
            }
            seq = seq.saturating_add(SEQ_STRIDE);
            self.blocks[b].seq = seq;
            cursor = self.blocks[b].next.expand();
        }
        if seq == u32::MAX {
            self.renumber_all_blocks();
        }
    }

    fn renumber_all_blocks(&mut self) {
        let mut seq = 0u32;
        let mut cursor = self.first_block.expand();
        while let Some(b) = cursor {
            seq += 1;
            self.blocks[b].seq = seq;
            cursor = self.blocks[b].next.expand();
        }
    }

    // ---- instructions ----

    /// The block `inst` is in.
    pub fn inst_block(&self, inst: Inst) -> Option<Block> {
        self.insts[inst].block.expand()
    }

    /// The first instruction of `block`.
    pub fn first_inst(&self, block: Block) -> Option<Inst> {
        self.blocks[block].first_inst.expand()
    }

    /// The last instruction of `block`.
    pub fn last_inst(&self, block: Block) -> Option<Inst> {
        self.blocks[block].last_inst.expand()
    }

    /// The instruction after `inst` in its block.
    pub fn next_inst(&self, inst: Inst) -> Option<Inst> {
        self.insts[inst].next.expand()
    }

    /// The instruction before `inst` in its block.
    pub fn prev_inst(&self, inst: Inst) -> Option<Inst> {
        self.insts[inst].prev.expand()
    }

    /// The instructions of `block` in order.
    pub fn block_insts(&self, block: Block) -> Insts<'_> {
        Insts {
            layout: self,
            next: self.first_inst(block),
            back: self.last_inst(block),
        }
    }

    /// Appends `inst` to `block` (which need not be in the block order yet).
    /// Does nothing if `inst` is already in a block.
    pub fn append_inst(&mut self, inst: Inst, block: Block) {
        if self.inst_block(inst).is_some() {
            return;
        }
        let last = self.blocks[block].last_inst;
        let seq = last
            .expand()
            .map_or(SEQ_STRIDE, |l| self.insts[l].seq.saturating_add(SEQ_STRIDE));
        self.insts[inst] = InstNode {
            block: block.into(),
            prev: last,
            next: None.into(),
            seq,
        };
        match last.expand() {
            Some(l) => self.insts[l].next = inst.into(),
            None => self.blocks[block].first_inst = inst.into(),
        }
        self.blocks[block].last_inst = inst.into();
        if seq == u32::MAX {
            self.renumber_block_insts(block);
        }
    }

    /// Inserts `inst` just before `before` (which must be in a block). Does
    /// nothing if `inst` is already in a block or `before` is not.
    pub fn insert_inst_before(&mut self, inst: Inst, before: Inst) {
        let Some(block) = self.inst_block(before) else {
            return;
        };
        if self.inst_block(inst).is_some() {
            return;
        }
        let prev = self.insts[before].prev;
        self.insts[inst] = InstNode {
            block: block.into(),
            prev,
            next: before.into(),
            seq: 0,
        };
        self.insts[before].prev = inst.into();
        match prev.expand() {
            Some(p) => self.insts[p].next = inst.into(),
            None => self.blocks[block].first_inst = inst.into(),
        }
        self.assign_inst_seq(inst, block);
    }

    /// Inserts `inst` just after `after` (which must be in a block).
    pub fn insert_inst_after(&mut self, inst: Inst, after: Inst) {
        let Some(block) = self.inst_block(after) else {
            return;
        };
        match self.next_inst(after) {
            Some(next) => self.insert_inst_before(inst, next),
            None => self.append_inst(inst, block),
        }
    }

    /// Removes `inst` from its block.
    pub fn remove_inst(&mut self, inst: Inst) {
        let Some(block) = self.inst_block(inst) else {
            return;
        };
        let InstNode { prev, next, .. } = self.insts[inst];
        match prev.expand() {
            Some(p) => self.insts[p].next = next,
            None => self.blocks[block].first_inst = next,
        }
        match next.expand() {
            Some(n) => self.insts[n].prev = prev,
            None => self.blocks[block].last_inst = prev,
        }
        self.insts[inst] = InstNode::default();
    }

    fn assign_inst_seq(&mut self, inst: Inst, block: Block) {
        let prev_seq = self.insts[inst]
            .prev
            .expand()
            .map_or(0, |p| self.insts[p].seq);
        let next = self.insts[inst].next.expand();
        let next_seq = next.map_or(u32::MAX, |n| self.insts[n].seq);
        if next_seq - prev_seq >= 2 {
            self.insts[inst].seq = prev_seq + (next_seq - prev_seq) / 2;
            return;
        }
        let mut seq = prev_seq.saturating_add(SEQ_STRIDE);
        self.insts[inst].seq = seq;
        let mut cursor = next;
        while let Some(i) = cursor {
            if self.insts[i].seq > seq {
                return;
            }
            seq = seq.saturating_add(SEQ_STRIDE);
            self.insts[i].seq = seq;
            cursor = self.insts[i].next.expand();
        }
        if seq == u32::MAX {
            self.renumber_block_insts(block);
        }
    }

    fn renumber_block_insts(&mut self, block: Block) {
        let mut seq = 0u32;
        let mut cursor = self.first_inst(block);
        while let Some(i) = cursor {
            seq += 1;
            self.insts[i].seq = seq;
            cursor = self.insts[i].next.expand();
        }
    }

    /// Program order of two instructions in the layout: by block order,
    /// then position in the block. `None` if either is not in the layout
    /// or its block is not in the block order.
    pub fn pp_cmp(&self, a: Inst, b: Inst) -> Option<Ordering> {
        let ba = self.inst_block(a)?;
        let bb = self.inst_block(b)?;
        if !self.is_block_inserted(ba) || !self.is_block_inserted(bb) {
            return None;
        }
        Some(if ba == bb {
            self.insts[a].seq.cmp(&self.insts[b].seq)
        } else {
            self.blocks[ba].seq.cmp(&self.blocks[bb].seq)
        })
    }

    /// Block order of two inserted blocks.
    pub fn block_cmp(&self, a: Block, b: Block) -> Option<Ordering> {
        if self.is_block_inserted(a) && self.is_block_inserted(b) {
            Some(self.blocks[a].seq.cmp(&self.blocks[b].seq))
        } else {
            None
        }
    }
}

/// Iterator over the blocks of a layout.
pub struct Blocks<'a> {
    layout: &'a Layout,
    next: Option<Block>,
}

impl Iterator for Blocks<'_> {
    type Item = Block;
    fn next(&mut self) -> Option<Block> {
        let b = self.next?;
        self.next = self.layout.next_block(b);
        Some(b)
    }
}

/// Iterator over the instructions of a block, from either end.
pub struct Insts<'a> {
    layout: &'a Layout,
    next: Option<Inst>,
    back: Option<Inst>,
}

impl Iterator for Insts<'_> {
    type Item = Inst;
    fn next(&mut self) -> Option<Inst> {
        let i = self.next?;
        if Some(i) == self.back {
            self.next = None;
            self.back = None;
        } else {
            self.next = self.layout.next_inst(i);
        }
        Some(i)
    }
}

impl DoubleEndedIterator for Insts<'_> {
    fn next_back(&mut self) -> Option<Inst> {
        let i = self.back?;
        if Some(i) == self.next {
            self.next = None;
            self.back = None;
        } else {
            self.back = self.layout.prev_inst(i);
        }
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityRef;

    fn b(n: usize) -> Block {
        Block::new(n)
    }
    fn i(n: usize) -> Inst {
        Inst::new(n)
    }

    #[test]
    fn block_order() {
        let mut l = Layout::new();
        l.append_block(b(0));
        l.append_block(b(2));
        l.insert_block(b(1), b(2));
        l.insert_block_after(b(3), b(2));
        l.append_block(b(2));
        assert_eq!(l.blocks().collect::<Vec<_>>(), [b(0), b(1), b(2), b(3)]);
        assert_eq!(l.entry_block(), Some(b(0)));
        assert_eq!(l.block_cmp(b(1), b(3)), Some(Ordering::Less));
        l.remove_block(b(0));
        assert_eq!(l.entry_block(), Some(b(1)));
        assert!(!l.is_block_inserted(b(0)));
        assert_eq!(l.block_cmp(b(0), b(1)), None);
        l.set_cold(b(3));
        assert!(l.is_cold(b(3)) && !l.is_cold(b(1)));
    }

    #[test]
    fn inst_order_and_comparison() {
        let mut l = Layout::new();
        l.append_block(b(0));
        l.append_block(b(1));
        l.append_inst(i(0), b(0));
        l.append_inst(i(2), b(0));
        l.insert_inst_before(i(1), i(2));
        l.insert_inst_after(i(3), i(2));
        l.append_inst(i(4), b(1));
        assert_eq!(
            l.block_insts(b(0)).collect::<Vec<_>>(),
            [i(0), i(1), i(2), i(3)]
        );
        assert_eq!(
            l.block_insts(b(0)).rev().collect::<Vec<_>>(),
            [i(3), i(2), i(1), i(0)]
        );
        assert_eq!(l.inst_block(i(4)), Some(b(1)));
        assert_eq!(
            (l.first_inst(b(0)), l.last_inst(b(0))),
            (Some(i(0)), Some(i(3)))
        );
        assert_eq!(l.pp_cmp(i(1), i(2)), Some(Ordering::Less));
        assert_eq!(l.pp_cmp(i(4), i(0)), Some(Ordering::Greater));
        l.remove_inst(i(1));
        assert_eq!(l.block_insts(b(0)).collect::<Vec<_>>(), [i(0), i(2), i(3)]);
        assert_eq!(l.inst_block(i(1)), None);
        assert_eq!(l.pp_cmp(i(1), i(2)), None);
        l.remove_inst(i(0));
        l.remove_inst(i(3));
        assert_eq!(l.block_insts(b(0)).collect::<Vec<_>>(), [i(2)]);
    }

    #[test]
    fn many_insertions_at_one_point_keep_order() {
        let mut l = Layout::new();
        l.append_block(b(0));
        l.append_inst(i(0), b(0));
        l.append_inst(i(1), b(0));
        // Always insert right before i(1): exhausts gaps repeatedly.
        for n in 2..2000 {
            l.insert_inst_before(i(n), i(1));
        }
        let order: Vec<Inst> = l.block_insts(b(0)).collect();
        assert_eq!(order.len(), 2000);
        for w in order.windows(2) {
            assert_eq!(l.pp_cmp(w[0], w[1]), Some(Ordering::Less));
        }
        // Same for blocks.
        for n in 1..500 {
            l.insert_block(b(n), b(0));
        }
        let blocks: Vec<Block> = l.blocks().collect();
        for w in blocks.windows(2) {
            assert_eq!(l.block_cmp(w[0], w[1]), Some(Ordering::Less));
        }
    }
}
