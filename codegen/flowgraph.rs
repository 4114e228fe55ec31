//! The control flow graph: predecessors and successors of each block.
//!
//! Edges come from the last instruction of each block in the layout (its
//! terminator): its block calls, jump-table entries and exception-table
//! targets. A block whose last instruction is not a branch has no
//! successors. Lists are stored flat (one vector of edges per direction,
//! ranges per block), so building the graph allocates O(1) vectors.
//!
//! Invariants: successors of a block are listed once each, in the order
//! the terminator names them; predecessors are listed once per (block,
//! branch) pair, in layout order of the predecessor.

use crate::entity::{EntityRef, SecondaryMap};
use crate::ir::{Block, Function, Inst};

/// An incoming edge: the predecessor block and its branch instruction.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BlockPredecessor {
    /// The block the edge comes from.
    pub block: Block,
    /// The branch taking the edge.
    pub inst: Inst,
}

/// Predecessors and successors of every block of a function.
#[derive(Clone, Debug, Default)]
pub struct ControlFlowGraph {
    succs: Vec<Block>,
    succ_range: SecondaryMap<Block, (u32, u32)>,
    preds: Vec<BlockPredecessor>,
    pred_range: SecondaryMap<Block, (u32, u32)>,
    valid: bool,
}

impl ControlFlowGraph {
    /// An empty, invalid graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// The graph of `func`.
    pub fn with_function(func: &Function) -> Self {
        let mut cfg = Self::new();
        cfg.compute(func);
        cfg
    }

    /// Recomputes the graph for `func`, reusing storage.
    pub fn compute(&mut self, func: &Function) {
        self.succs.clear();
        self.succ_range.clear();
        self.preds.clear();
        self.pred_range.clear();
        // Successors, and edge list (from, inst, to) for predecessors.
        let mut edges: Vec<(Block, BlockPredecessor)> = Vec::new();
        for block in func.layout.blocks() {
            let start = self.succs.len() as u32;
            if let Some(inst) = func.layout.last_inst(block) {
                for call in func.dfg.inst_block_calls(inst) {
                    let target = call.block(&func.dfg.value_lists);
                    if !func.dfg.block_is_valid(target) {
                        continue;
                    }
                    if !self.succs[start as usize..].contains(&target) {
                        self.succs.push(target);
                        edges.push((target, BlockPredecessor { block, inst }));
                    }
                }
            }
            self.succ_range[block] = (start, self.succs.len() as u32);
        }
        // Predecessors grouped by target, keeping layout order (stable sort).
        edges.sort_by_key(|(to, _)| to.index());
        let mut i = 0;
        while i < edges.len() {
            let to = edges[i].0;
            let start = self.preds.len() as u32;
            while i < edges.len() && edges[i].0 == to {
                self.preds.push(edges[i].1);
                i += 1;
            }
            self.pred_range[to] = (start, self.preds.len() as u32);
        }
        self.valid = true;
    }

    /// Has the graph been computed?
    pub fn is_valid(&self) -> bool {
        self.valid
    }

    /// The successors of `block`.
    pub fn succs(&self, block: Block) -> &[Block] {
        let (start, end) = self.succ_range[block];
        &self.succs[start as usize..end as usize]
    }

    /// The predecessors of `block`.
    pub fn preds(&self, block: Block) -> &[BlockPredecessor] {
        let (start, end) = self.pred_range[block];
        &self.preds[start as usize..end as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::InstBuilder;
    use crate::ir::types::I32;

    #[test]
    fn diamond() {
        let mut func = Function::new();
        let blocks: Vec<Block> = (0..4).map(|_| func.dfg.make_block()).collect();
        for &b in &blocks {
            func.layout.append_block(b);
        }
        let c = func.ins(blocks[0]).iconst(I32, 1);
        let br = func.ins(blocks[0]).brif(c, blocks[1], &[], blocks[2], &[]);
        let j1 = func.ins(blocks[1]).jump(blocks[3], &[]);
        let j2 = func.ins(blocks[2]).jump(blocks[3], &[]);
        func.ins(blocks[3]).return_(&[]);
        let cfg = ControlFlowGraph::with_function(&func);
        assert_eq!(cfg.succs(blocks[0]), &[blocks[1], blocks[2]]);
        assert_eq!(cfg.succs(blocks[3]), &[]);
        assert_eq!(
            cfg.preds(blocks[3]),
            &[
                BlockPredecessor {
                    block: blocks[1],
                    inst: j1
                },
                BlockPredecessor {
                    block: blocks[2],
                    inst: j2
                }
            ]
        );
        assert_eq!(
            cfg.preds(blocks[1]),
            &[BlockPredecessor {
                block: blocks[0],
                inst: br
            }]
        );
        assert_eq!(cfg.preds(blocks[0]), &[]);
    }

    #[test]
    fn same_target_twice_is_one_edge() {
        let mut func = Function::new();
        let b0 = func.dfg.make_block();
        let b1 = func.dfg.make_block();
        func.layout.append_block(b0);
        func.layout.append_block(b1);
        let c = func.ins(b0).iconst(I32, 1);
        func.ins(b0).brif(c, b1, &[], b1, &[]);
        let cfg = ControlFlowGraph::with_function(&func);
        assert_eq!(cfg.succs(b0), &[b1]);
        assert_eq!(cfg.preds(b1).len(), 1);
    }
}
