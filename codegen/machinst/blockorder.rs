//! The order in which blocks are lowered and laid out, with critical edges
//! split.
//!
//! regalloc2 needs a CFG without critical edges (an edge from a block with
//! several successors to a block with several predecessors): there is no
//! place to put the moves that edge needs. Each such edge gets an *edge
//! block*, a block holding only a jump that carries the CLIF branch
//! arguments of that edge. Edges are counted per branch target slot, so
//! `brif v, b1, b1` is two edges into `b1`, and every `br_table` counts as
//! having at least two out-edges, so all its edges into blocks with
//! several predecessors are split (a jump table cannot carry arguments).
//!
//! The order is the reverse postorder of the split graph from the entry
//! (an iterative depth-first search, so deep CFGs do not overflow the
//! stack), with cold blocks and the edge blocks leading only to cold
//! blocks moved to the end. Unreachable blocks are not lowered.
//!
//! Invariants: index 0 is the entry block; every lowered block's
//! successors are listed in the order its terminator names its targets
//! (CLIF `inst_block_calls` order: `brif` then-else, `br_table` default
//! first); no lowered block lists the same successor twice; a dominator
//! comes before the blocks it dominates in [`BlockLoweringOrder::lowering_walk`]
//! reversed.

use crate::entity::{EntityRef, SecondaryMap};
use crate::ir::{Block, Function, Inst, Opcode};

/// Index of a block in the lowered order (and in the VCode).
pub type BlockIndex = u32;

/// A block of the lowered function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoweredBlock {
    /// A CLIF block.
    Orig {
        /// The block.
        block: Block,
    },
    /// An edge block: a jump along the edge `succ_slot` of `pred`'s
    /// terminator, carrying that edge's branch arguments.
    CriticalEdge {
        /// The block the edge leaves.
        pred: Block,
        /// The terminator of `pred`.
        branch: Inst,
        /// Which of the terminator's targets (in `inst_block_calls` order).
        succ_slot: u32,
        /// The block the edge enters.
        succ: Block,
    },
}

impl LoweredBlock {
    /// The CLIF block, for an original block.
    pub fn orig_block(self) -> Option<Block> {
        match self {
            LoweredBlock::Orig { block } => Some(block),
            LoweredBlock::CriticalEdge { .. } => None,
        }
    }
}

/// Blocks in lowering order with their successors and predecessors.
#[derive(Clone, Debug, Default)]
pub struct BlockLoweringOrder {
    blocks: Vec<LoweredBlock>,
    cold: Vec<bool>,
    succs: Vec<BlockIndex>,
    succ_ranges: Vec<(u32, u32)>,
    preds: Vec<BlockIndex>,
    pred_ranges: Vec<(u32, u32)>,
    orig_index: SecondaryMap<Block, Option<BlockIndex>>,
    walk: Vec<BlockIndex>,
}

/// A node of the split graph during the search.
#[derive(Clone, Copy)]
enum Node {
    Orig(Block),
    Edge {
        pred: Block,
        branch: Inst,
        slot: u32,
        succ: Block,
    },
}

impl BlockLoweringOrder {
    /// The lowering order of `func`'s blocks reachable from its entry.
    /// A function without blocks has an empty order.
    pub fn new(func: &Function) -> Self {
        let mut order = Self::default();
        let Some(entry) = func.layout.entry_block() else {
            return order;
        };
        // In-degree of every block, counting each branch target slot.
        let mut in_edges: SecondaryMap<Block, u32> = SecondaryMap::new();
        for block in func.layout.blocks() {
            for target in targets(func, block) {
                in_edges[target] = in_edges[target].saturating_add(1);
            }
        }
        let out_edges = |block: Block| -> usize {
            let Some(term) = func.layout.last_inst(block) else {
                return 0;
            };
            let n = func.dfg.inst_block_calls(term).count();
            if func.dfg.insts[term].opcode() == Opcode::BrTable {
                n.max(2)
            } else {
                n
            }
        };

        // Iterative DFS producing a postorder of the split graph.
        let mut visited: SecondaryMap<Block, bool> = SecondaryMap::new();
        let mut postorder: Vec<Node> = Vec::new();
        let mut stack: Vec<(Node, u32)> = vec![(Node::Orig(entry), 0)];
        visited[entry] = true;
        let mut succ_buf: Vec<Node> = Vec::new();
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            succ_buf.clear();
            node_succs(func, node, &in_edges, &out_edges, &mut succ_buf);
            let mut pushed = None;
            while (*next as usize) < succ_buf.len() {
                // Last successor first, so the first one follows its
                // predecessor in the reverse postorder (a fall-through).
                let s = succ_buf[succ_buf.len() - 1 - *next as usize];
                *next += 1;
                match s {
                    Node::Orig(b) if visited[b] => {}
                    Node::Orig(b) => {
                        visited[b] = true;
                        pushed = Some(s);
                        break;
                    }
                    Node::Edge { .. } => {
                        pushed = Some(s);
                        break;
                    }
                }
            }
            match pushed {
                Some(s) => stack.push((s, 0)),
                None => {
                    postorder.push(node);
                    stack.pop();
                }
            }
        }

        // Reverse postorder, then cold blocks last (the entry stays first).
        let rpo: Vec<Node> = postorder.into_iter().rev().collect();
        let is_cold = |n: &Node| match *n {
            Node::Orig(b) => b != entry && func.layout.is_cold(b),
            Node::Edge { succ, .. } => func.layout.is_cold(succ),
        };
        let mut final_nodes: Vec<Node> = rpo.iter().copied().filter(|n| !is_cold(n)).collect();
        final_nodes.extend(rpo.iter().copied().filter(is_cold));

        // Number the blocks.
        let mut edge_index: Vec<((Block, u32), BlockIndex)> = Vec::new();
        for (i, node) in final_nodes.iter().enumerate() {
            let i = i as BlockIndex;
            match *node {
                Node::Orig(b) => {
                    order.orig_index[b] = Some(i);
                    order.blocks.push(LoweredBlock::Orig { block: b });
                }
                Node::Edge {
                    pred,
                    branch,
                    slot,
                    succ,
                } => {
                    edge_index.push(((pred, slot), i));
                    order.blocks.push(LoweredBlock::CriticalEdge {
                        pred,
                        branch,
                        succ_slot: slot,
                        succ,
                    });
                }
            }
            order.cold.push(is_cold(node));
        }
        edge_index.sort_unstable_by_key(|&((b, s), _)| (b.index(), s));
        let find_edge = |pred: Block, slot: u32| -> Option<BlockIndex> {
            edge_index
                .binary_search_by_key(&(pred.index(), slot), |&((b, s), _)| (b.index(), s))
                .ok()
                .map(|k| edge_index[k].1)
        };

        // Successor lists, by lowered index.
        for node in &final_nodes {
            let start = order.succs.len() as u32;
            succ_buf.clear();
            node_succs(func, *node, &in_edges, &out_edges, &mut succ_buf);
            for s in &succ_buf {
                let idx = match *s {
                    Node::Orig(b) => order.orig_index[b],
                    Node::Edge { pred, slot, .. } => find_edge(pred, slot),
                };
                if let Some(idx) = idx {
                    order.succs.push(idx);
                }
            }
            order.succ_ranges.push((start, order.succs.len() as u32));
        }
        // Predecessor lists (in order of predecessor index).
        let n = order.blocks.len();
        let mut counts = vec![0u32; n + 1];
        for &s in &order.succs {
            counts[s as usize + 1] += 1;
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        order.preds = vec![0; order.succs.len()];
        let mut fill = counts.clone();
        for b in 0..n {
            let (s, e) = order.succ_ranges[b];
            for k in s..e {
                let t = order.succs[k as usize] as usize;
                order.preds[fill[t] as usize] = b as BlockIndex;
                fill[t] += 1;
            }
        }
        order.pred_ranges = (0..n).map(|b| (counts[b], counts[b + 1])).collect();

        // Lowering walk: reverse of the reverse postorder (uses before defs).
        let index_of = |node: &Node| -> Option<BlockIndex> {
            match *node {
                Node::Orig(b) => order.orig_index[b],
                Node::Edge { pred, slot, .. } => find_edge(pred, slot),
            }
        };
        order.walk = rpo.iter().rev().filter_map(index_of).collect();
        order
    }

    /// Number of lowered blocks.
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    /// Whether there are no lowered blocks.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// The lowered blocks, in layout order.
    pub fn blocks(&self) -> &[LoweredBlock] {
        &self.blocks
    }

    /// Whether lowered block `b` is cold.
    pub fn is_cold(&self, b: BlockIndex) -> bool {
        self.cold[b as usize]
    }

    /// Successors of lowered block `b`, in terminator target order.
    pub fn succs(&self, b: BlockIndex) -> &[BlockIndex] {
        let (s, e) = self.succ_ranges[b as usize];
        &self.succs[s as usize..e as usize]
    }

    /// Predecessors of lowered block `b`.
    pub fn preds(&self, b: BlockIndex) -> &[BlockIndex] {
        let (s, e) = self.pred_ranges[b as usize];
        &self.preds[s as usize..e as usize]
    }

    /// The lowered index of CLIF block `block`, if it is reachable.
    pub fn lowered_index(&self, block: Block) -> Option<BlockIndex> {
        *self.orig_index.get(block)
    }

    /// The order in which to lower blocks: postorder, so every use of a
    /// value is lowered before its definition (the dominator comes later).
    pub fn lowering_walk(&self) -> &[BlockIndex] {
        &self.walk
    }
}

/// The target blocks of `block`'s terminator, one per target slot.
fn targets(func: &Function, block: Block) -> impl Iterator<Item = Block> + '_ {
    func.layout
        .last_inst(block)
        .into_iter()
        .flat_map(move |term| func.dfg.inst_block_calls(term))
        .map(move |call| call.block(&func.dfg.value_lists))
        .filter(move |b| func.dfg.block_is_valid(*b) && func.layout.is_block_inserted(*b))
}

/// Successors of a node of the split graph.
fn node_succs(
    func: &Function,
    node: Node,
    in_edges: &SecondaryMap<Block, u32>,
    out_edges: &impl Fn(Block) -> usize,
    out: &mut Vec<Node>,
) {
    match node {
        Node::Edge { succ, .. } => out.push(Node::Orig(succ)),
        Node::Orig(block) => {
            let Some(branch) = func.layout.last_inst(block) else {
                return;
            };
            let split_out = out_edges(block) > 1;
            for (slot, target) in targets(func, block).enumerate() {
                if split_out && in_edges[target] > 1 {
                    out.push(Node::Edge {
                        pred: block,
                        branch,
                        slot: slot as u32,
                        succ: target,
                    });
                } else {
                    out.push(Node::Orig(target));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::parse_functions;

    fn order_of(text: &str) -> (Function, BlockLoweringOrder) {
        let func = parse_functions(text)
            .expect("parses")
            .into_iter()
            .next()
            .expect("one function");
        let order = BlockLoweringOrder::new(&func);
        (func, order)
    }

    fn describe(order: &BlockLoweringOrder) -> String {
        let mut s = String::new();
        for (i, b) in order.blocks().iter().enumerate() {
            let name = match b {
                LoweredBlock::Orig { block } => format!("{block}"),
                LoweredBlock::CriticalEdge {
                    pred,
                    succ_slot,
                    succ,
                    ..
                } => {
                    format!("edge({pred}#{succ_slot}->{succ})")
                }
            };
            s += &format!(
                "{i}: {name} succs={:?} preds={:?}\n",
                order.succs(i as u32),
                order.preds(i as u32)
            );
        }
        s
    }

    #[test]
    fn diamond_has_no_edge_blocks() {
        let (_, order) = order_of(
            "function %f(i64) -> i64 {
            block0(v0: i64):
                brif v0, block1, block2
            block1:
                jump block3(v0)
            block2:
                jump block3(v0)
            block3(v1: i64):
                return v1
            }",
        );
        assert_eq!(
            describe(&order),
            "0: block0 succs=[1, 2] preds=[]\n1: block1 succs=[3] preds=[0]\n\
             2: block2 succs=[3] preds=[0]\n3: block3 succs=[] preds=[1, 2]\n"
        );
    }

    #[test]
    fn critical_edges_are_split_and_cold_blocks_last() {
        let (_, order) = order_of(
            "function %f(i64) -> i64 {
            block0(v0: i64):
                brif v0, block1, block2(v0)
            block1 cold:
                jump block2(v0)
            block2(v1: i64):
                brif v1, block2(v1), block3
            block3:
                return v1
            }",
        );
        assert_eq!(
            describe(&order),
            "0: block0 succs=[5, 1] preds=[]\n1: edge(block0#1->block2) succs=[2] preds=[0]\n\
             2: block2 succs=[3, 4] preds=[1, 3, 5]\n3: edge(block2#0->block2) succs=[2] preds=[2]\n\
             4: block3 succs=[] preds=[2]\n5: block1 succs=[2] preds=[0]\n"
        );
    }

    #[test]
    fn same_target_twice_and_br_table_edges_are_split() {
        let (_, order) = order_of(
            "function %f(i64) {
            block0(v0: i64):
                brif v0, block1, block1
            block1:
                br_table v0, block2, [block2, block3]
            block2:
                return
            block3:
                return
            }",
        );
        let edges = order
            .blocks()
            .iter()
            .filter(|b| matches!(b, LoweredBlock::CriticalEdge { .. }))
            .count();
        // Both edges into block1, both br_table edges into block2; the
        // single edge into block3 needs no split.
        assert_eq!(edges, 4);
        for i in 0..order.len() as u32 {
            for &s in order.succs(i) {
                if order.preds(s).len() > 1 {
                    assert_eq!(order.succs(i).len(), 1, "critical edge {i}->{s}");
                }
            }
        }
    }

    #[test]
    fn unreachable_blocks_are_dropped_and_long_chains_do_not_recurse() {
        let mut text =
            String::from("function %f() {\nblock0:\n    jump block1\nblock99999:\n    return\n");
        for i in 1..20_000 {
            text += &format!("block{i}:\n    jump block{}\n", i + 1);
        }
        text += "block20000:\n    return\n}\n";
        let (_, order) = order_of(&text);
        assert_eq!(order.len(), 20_001);
        assert_eq!(order.lowering_walk().len(), 20_001);
        assert_eq!(order.lowering_walk()[0], 20_000);
    }
}
