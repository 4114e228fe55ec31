//! The dominator tree of a function's control flow graph.
//!
//! Computed without recursion: an explicit-stack depth-first search from the
//! entry block (preorder, parents, postorder), then immediate dominators by
//! the Semi-NCA algorithm (Georgiadis: semidominators with iterative path
//! compression, then nearest common ancestors), which stays near-linear on
//! graphs where the simple iterative algorithm is quadratic (long chains
//! with a shared exit). A second explicit-stack walk numbers the tree in
//! pre- and post-order so that [`DominatorTree::block_dominates`] is O(1).
//! Nothing recurses, so deep or long graphs cannot overflow the stack.
//!
//! Unreachable blocks have no immediate dominator and dominate nothing but
//! themselves; queries involving them answer `false` (except `a == a`).

use crate::entity::{PackedOption, SecondaryMap};
use crate::flowgraph::ControlFlowGraph;
use crate::ir::{Block, Function, Inst, Layout};
use core::cmp::Ordering;

#[derive(Clone, Copy, Debug, Default)]
struct Node {
    /// 1 + position in reverse postorder; 0 if unreachable.
    rpo: u32,
    idom: PackedOption<Block>,
    /// Pre- and post-order numbers in the dominator tree.
    pre: u32,
    post: u32,
}

/// Dominance between blocks and instructions of one function.
#[derive(Clone, Debug, Default)]
pub struct DominatorTree {
    nodes: SecondaryMap<Block, Node>,
    postorder: Vec<Block>,
    valid: bool,
}

impl DominatorTree {
    /// An empty, invalid tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// The tree of `func` given its control flow graph.
    pub fn with_function(func: &Function, cfg: &ControlFlowGraph) -> Self {
        let mut tree = Self::new();
        tree.compute(func, cfg);
        tree
    }

    /// Has the tree been computed?
    pub fn is_valid(&self) -> bool {
        self.valid
    }

    /// The reachable blocks in postorder (entry last).
    pub fn cfg_postorder(&self) -> &[Block] {
        &self.postorder
    }

    /// Is `block` reachable from the entry?
    pub fn is_reachable(&self, block: Block) -> bool {
        self.nodes[block].rpo != 0
    }

    /// The immediate dominator of `block` (none for the entry and unreachable blocks).
    pub fn idom(&self, block: Block) -> Option<Block> {
        self.nodes[block].idom.expand()
    }

    /// Recomputes the tree, reusing storage.
    pub fn compute(&mut self, func: &Function, cfg: &ControlFlowGraph) {
        self.nodes.clear();
        self.postorder.clear();
        self.valid = true;
        let Some(entry) = func.layout.entry_block() else {
            return;
        };
        let (preorder, parent) = self.depth_first(entry, cfg);
        let n = self.postorder.len();
        for (i, &b) in self.postorder.iter().enumerate() {
            self.nodes[b].rpo = (n - i) as u32;
        }
        self.compute_idoms(&preorder, &parent, cfg);
        self.number_tree(entry);
    }

    /// Depth-first search from `entry` with an explicit stack: fills
    /// `self.postorder` and returns the blocks in preorder with each one's
    /// DFS-tree parent (as a preorder index; the entry's is itself).
    fn depth_first(&mut self, entry: Block, cfg: &ControlFlowGraph) -> (Vec<Block>, Vec<u32>) {
        let mut pre_index: SecondaryMap<Block, u32> = SecondaryMap::with_default(u32::MAX);
        let mut preorder = vec![entry];
        let mut parent = vec![0u32];
        pre_index[entry] = 0;
        // Stack of (block, index of the next successor to visit).
        let mut stack: Vec<(Block, usize)> = vec![(entry, 0)];
        while let Some(top) = stack.last_mut() {
            let (block, next) = *top;
            match cfg.succs(block).get(next) {
                Some(&succ) => {
                    top.1 += 1;
                    if pre_index[succ] == u32::MAX {
                        pre_index[succ] = preorder.len() as u32;
                        preorder.push(succ);
                        parent.push(pre_index[block]);
                        stack.push((succ, 0));
                    }
                }
                None => {
                    self.postorder.push(block);
                    stack.pop();
                }
            }
        }
        (preorder, parent)
    }

    /// Immediate dominators by the Semi-NCA algorithm: semidominators with
    /// path-compressed evaluation (iterative), then each idom as the
    /// nearest common ancestor of its DFS parent and semidominator.
    fn compute_idoms(&mut self, preorder: &[Block], parent: &[u32], cfg: &ControlFlowGraph) {
        // Arrays are indexed by preorder number; `NONE` = no ancestor yet.
        const NONE: u32 = u32::MAX;
        let n = preorder.len();
        let mut index: SecondaryMap<Block, u32> = SecondaryMap::with_default(NONE);
        for (i, &b) in preorder.iter().enumerate() {
            index[b] = i as u32;
        }
        let mut semi: Vec<u32> = (0..n as u32).collect();
        let mut label: Vec<u32> = (0..n as u32).collect();
        let mut ancestor: Vec<u32> = vec![NONE; n];
        let mut path: Vec<u32> = Vec::new();
        for w in (1..n).rev() {
            for pred in cfg.preds(preorder[w]) {
                let v = index[pred.block];
                if v == NONE {
                    continue; // unreachable predecessor
                }
                // eval(v): the label with the smallest semidominator on
                // v's path to the root of its linked tree, compressing it.
                let u = if ancestor[v as usize] == NONE {
                    v
                } else {
                    path.clear();
                    let mut x = v;
                    while ancestor[ancestor[x as usize] as usize] != NONE {
                        path.push(x);
                        x = ancestor[x as usize];
                    }
                    for &y in path.iter().rev() {
                        let a = ancestor[y as usize] as usize;
                        if semi[label[a] as usize] < semi[label[y as usize] as usize] {
                            label[y as usize] = label[a];
                        }
                        ancestor[y as usize] = ancestor[a];
                    }
                    label[v as usize]
                };
                if semi[u as usize] < semi[w] {
                    semi[w] = semi[u as usize];
                }
            }
            ancestor[w] = parent[w];
        }
        let mut idom: Vec<u32> = parent.to_vec();
        for w in 1..n {
            let mut d = idom[w];
            while d > semi[w] {
                d = idom[d as usize];
            }
            idom[w] = d;
            self.nodes[preorder[w]].idom = preorder[d as usize].into();
        }
    }

    fn number_tree(&mut self, entry: Block) {
        // Children lists, flat: count, prefix sums, fill.
        let n = self.postorder.len();
        let mut index: SecondaryMap<Block, u32> = SecondaryMap::new();
        for (i, &b) in self.postorder.iter().enumerate() {
            index[b] = i as u32;
        }
        let mut first_child = vec![0u32; n + 1];
        for &b in &self.postorder {
            if let Some(p) = self.nodes[b].idom.expand() {
                first_child[index[p] as usize + 1] += 1;
            }
        }
        for i in 0..n {
            first_child[i + 1] += first_child[i];
        }
        let mut fill = first_child.clone();
        let mut children = vec![entry; n];
        // Visit in reverse postorder so children are listed in RPO.
        for &b in self.postorder.iter().rev() {
            if let Some(p) = self.nodes[b].idom.expand() {
                let slot = &mut fill[index[p] as usize];
                children[*slot as usize] = b;
                *slot += 1;
            }
        }
        let mut counter = 0u32;
        let mut stack: Vec<(Block, u32)> = vec![(entry, 0)];
        counter += 1;
        self.nodes[entry].pre = counter;
        while let Some(top) = stack.last_mut() {
            let (block, next) = *top;
            let i = index[block] as usize;
            let (start, end) = (first_child[i], first_child[i + 1]);
            if start + next < end {
                top.1 += 1;
                let child = children[(start + next) as usize];
                counter += 1;
                self.nodes[child].pre = counter;
                stack.push((child, 0));
            } else {
                counter += 1;
                self.nodes[block].post = counter;
                stack.pop();
            }
        }
    }

    /// Does block `a` dominate block `b` (every path from the entry to `b`
    /// passes through `a`; a block dominates itself)?
    pub fn block_dominates(&self, a: Block, b: Block) -> bool {
        if a == b {
            return true;
        }
        let (na, nb) = (self.nodes[a], self.nodes[b]);
        na.rpo != 0 && nb.rpo != 0 && na.pre < nb.pre && nb.post < na.post
    }

    /// Does instruction `a` dominate instruction `b` (an instruction
    /// dominates itself)? Both must be in the layout; `false` otherwise.
    pub fn inst_dominates(&self, a: Inst, b: Inst, layout: &Layout) -> bool {
        let (Some(ba), Some(bb)) = (layout.inst_block(a), layout.inst_block(b)) else {
            return false;
        };
        if ba == bb {
            matches!(layout.pp_cmp(a, b), Some(Ordering::Less | Ordering::Equal))
        } else {
            self.block_dominates(ba, bb)
        }
    }

    /// The number of reachable blocks.
    pub fn num_reachable(&self) -> usize {
        self.postorder.len()
    }

    /// Depth-first numbers of `block` in the tree (for tests and debugging).
    pub fn tree_numbers(&self, block: Block) -> (u32, u32) {
        let n = self.nodes[block];
        (n.pre, n.post)
    }

    /// Blocks in reverse postorder.
    pub fn rpo(&self) -> impl Iterator<Item = Block> + '_ {
        self.postorder.iter().rev().copied()
    }

    /// The RPO position of `block` (1-based; 0 if unreachable).
    pub fn rpo_number(&self, block: Block) -> u32 {
        self.nodes[block].rpo
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::InstBuilder;
    use crate::ir::types::I32;

    fn func_with_blocks(n: usize) -> (Function, Vec<Block>) {
        let mut func = Function::new();
        let blocks: Vec<Block> = (0..n).map(|_| func.dfg.make_block()).collect();
        for &b in &blocks {
            func.layout.append_block(b);
        }
        (func, blocks)
    }

    #[test]
    fn diamond_with_loop_and_unreachable_block() {
        // b0 -> b1, b2; b1 -> b3; b2 -> b3; b3 -> b1 (loop), b4 unreachable.
        let (mut func, b) = func_with_blocks(5);
        let c = func.ins(b[0]).iconst(I32, 1);
        func.ins(b[0]).brif(c, b[1], &[], b[2], &[]);
        func.ins(b[1]).jump(b[3], &[]);
        func.ins(b[2]).jump(b[3], &[]);
        func.ins(b[3]).brif(c, b[1], &[], b[4], &[]);
        let i_ret = func.ins(b[4]).return_(&[]);
        let cfg = ControlFlowGraph::with_function(&func);
        let dt = DominatorTree::with_function(&func, &cfg);
        assert_eq!(dt.idom(b[1]), Some(b[0]));
        assert_eq!(dt.idom(b[2]), Some(b[0]));
        assert_eq!(dt.idom(b[3]), Some(b[0]));
        assert_eq!(dt.idom(b[4]), Some(b[3]));
        assert!(dt.block_dominates(b[0], b[4]));
        assert!(dt.block_dominates(b[3], b[4]));
        assert!(!dt.block_dominates(b[1], b[3]));
        assert!(!dt.block_dominates(b[4], b[3]));
        let first = func.layout.first_inst(b[0]).expect("b0 has instructions");
        assert!(dt.inst_dominates(first, i_ret, &func.layout));
        assert!(!dt.inst_dominates(i_ret, first, &func.layout));

        let (mut func2, b2) = func_with_blocks(3);
        func2.ins(b2[0]).jump(b2[2], &[]);
        func2.ins(b2[1]).jump(b2[2], &[]);
        func2.ins(b2[2]).return_(&[]);
        let cfg2 = ControlFlowGraph::with_function(&func2);
        let dt2 = DominatorTree::with_function(&func2, &cfg2);
        assert!(!dt2.is_reachable(b2[1]));
        assert_eq!(dt2.idom(b2[2]), Some(b2[0]));
        assert!(!dt2.block_dominates(b2[1], b2[2]));
        assert!(dt2.block_dominates(b2[1], b2[1]));
    }

    #[test]
    fn long_chain_does_not_overflow() {
        let n = 100_000;
        let (mut func, b) = func_with_blocks(n);
        for i in 0..n - 1 {
            func.ins(b[i]).jump(b[i + 1], &[]);
        }
        func.ins(b[n - 1]).return_(&[]);
        let cfg = ControlFlowGraph::with_function(&func);
        let dt = DominatorTree::with_function(&func, &cfg);
        assert_eq!(dt.num_reachable(), n);
        assert!(dt.block_dominates(b[0], b[n - 1]));
        assert!(dt.block_dominates(b[n / 2], b[n - 1]));
        assert!(!dt.block_dominates(b[n - 1], b[n / 2]));
        assert_eq!(dt.idom(b[n - 1]), Some(b[n - 2]));
    }

    /// Blocks reachable from `entry` when `removed` is deleted.
    fn reachable_without(
        cfg: &ControlFlowGraph,
        entry: Block,
        removed: Option<Block>,
        n: usize,
    ) -> Vec<bool> {
        let mut seen = vec![false; n];
        if Some(entry) == removed {
            return seen;
        }
        let mut stack = vec![entry];
        seen[entry.as_u32() as usize] = true;
        while let Some(b) = stack.pop() {
            for &s in cfg.succs(b) {
                if Some(s) != removed && !seen[s.as_u32() as usize] {
                    seen[s.as_u32() as usize] = true;
                    stack.push(s);
                }
            }
        }
        seen
    }

    #[test]
    fn matches_brute_force_on_random_graphs() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        for _ in 0..200 {
            let n = 2 + next(24);
            let (mut func, b) = func_with_blocks(n);
            let c = func.ins(b[0]).iconst(I32, 1);
            for i in 0..n {
                match next(4) {
                    0 => {
                        func.ins(b[i]).return_(&[]);
                    }
                    1 => {
                        func.ins(b[i]).jump(b[next(n)], &[]);
                    }
                    _ => {
                        func.ins(b[i]).brif(c, b[next(n)], &[], b[next(n)], &[]);
                    }
                }
            }
            let cfg = ControlFlowGraph::with_function(&func);
            let dt = DominatorTree::with_function(&func, &cfg);
            let reachable = reachable_without(&cfg, b[0], None, n);
            for x in 0..n {
                assert_eq!(dt.is_reachable(b[x]), reachable[x]);
                let without = reachable_without(&cfg, b[0], Some(b[x]), n);
                for y in 0..n {
                    let expected = x == y || (reachable[y] && !without[y]);
                    assert_eq!(
                        dt.block_dominates(b[x], b[y]),
                        expected,
                        "{} dom {}?",
                        b[x],
                        b[y]
                    );
                }
            }
            for &y in &b[1..] {
                if let Some(d) = dt.idom(y) {
                    assert!(dt.block_dominates(d, y) && d != y);
                }
            }
        }
    }
}
