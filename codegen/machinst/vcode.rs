//! VCode: a function lowered to machine instructions over virtual
//! registers, in the shape regalloc2 reads.
//!
//! Everything is stored in flat arrays indexed by instruction or block
//! (instructions, their regalloc2 operands and clobbers, block instruction
//! ranges, successors, predecessors, block parameters, branch arguments),
//! and [`VCode`] implements [`regalloc2::Function`] directly over them.
//!
//! Invariants, checked by [`VCode::new`] (each is a regalloc2 requirement):
//! - block 0 is the entry and has no block parameters (incoming arguments
//!   are defined by an `Args` pseudo-instruction with fixed-register defs);
//! - every block is non-empty and ends with exactly one terminator, and no
//!   other instruction is a terminator;
//! - a branch's successors are the block's successors from the
//!   [`BlockLoweringOrder`] (no critical edges), and branch arguments are
//!   given per successor, never as operands;
//! - no operand names a physical register except through a fixed-register
//!   constraint (physical registers are the reserved low vreg indices);
//! - a clobber is never also a fixed def or late use of the same instruction.

use super::blockorder::{BlockIndex, BlockLoweringOrder};
use super::error::CodegenError;
use super::inst::{MachInst, Terminator};
use super::operands::{self, OperandConstraint, OperandKind, OperandPos, OperandVisitor};
use super::reg::{FIRST_VIRTUAL_INDEX, Reg, RegClass};
use core::fmt;
use regalloc2::{Block as RaBlock, Inst as RaInst, InstRange, Operand, PRegSet, VReg};
use smallvec::SmallVec;

/// What the lowering driver produced for one block, before it is flattened.
#[derive(Clone, Debug)]
pub struct BlockCode<I> {
    /// The instructions, in program order; the last one is the terminator.
    pub insts: Vec<I>,
    /// The block's parameters (flattened over multi-register values).
    pub params: Vec<Reg>,
    /// The terminator's arguments for each successor, in successor order.
    pub branch_args: Vec<Vec<Reg>>,
}

/// A lowered function over virtual registers.
#[derive(Clone, Debug)]
pub struct VCode<I: MachInst> {
    insts: Vec<I>,
    operands: Vec<Operand>,
    operand_ranges: Vec<(u32, u32)>,
    clobbers: Vec<PRegSet>,
    block_ranges: Vec<(u32, u32)>,
    succs: Vec<RaBlock>,
    succ_ranges: Vec<(u32, u32)>,
    preds: Vec<RaBlock>,
    pred_ranges: Vec<(u32, u32)>,
    params: Vec<VReg>,
    param_ranges: Vec<(u32, u32)>,
    branch_args: Vec<VReg>,
    /// One range per successor edge, indexed like `succs`.
    branch_arg_ranges: Vec<(u32, u32)>,
    num_vregs: usize,
    cold: Vec<bool>,
}

/// The final name of every register the lowered blocks mention: the
/// lowering driver's aliases resolved, parameters of single-predecessor
/// blocks replaced by their arguments, and virtual registers renumbered
/// densely in order of first appearance in a forward walk of the function
/// (each block's parameters, then its instructions' operands, then its
/// branch arguments).
///
/// Both rewrites shape what regalloc2 sees (the [`regalloc`](super::regalloc)
/// module docs measure why):
/// - A parameter of a block with one predecessor always receives the same
///   argument, and that argument's definition dominates the block, so the
///   parameter is that argument: forwarding it leaves regalloc2 no
///   block-parameter edge (no merge, no half-move) for straight-line
///   chains of blocks.
/// - The driver numbers a value's registers in layout order but the
///   temporaries that define most values in its backward walk, so after
///   alias resolution numbers run against program order and leave holes.
///   regalloc2 merges block parameters with their arguments in the order
///   of the argument's number; against program order every merge prepends
///   to the growing bundle of the rest of a chain (time linear in that
///   bundle, quadratic over the chain), in program order regalloc2's bound
///   on its overlap scan stops the growth.
struct RegNaming<'a> {
    resolve: &'a dyn Fn(Reg) -> Reg,
    /// For a forwarded parameter (by resolved virtual number), the
    /// argument it stands for (resolved; possibly itself forwarded).
    forwarded: Vec<Option<Reg>>,
    /// New virtual number plus one (0: not numbered yet), by resolved
    /// virtual number.
    new_number: Vec<u32>,
    /// Virtual registers numbered so far.
    count: u32,
    /// Set if a new number could not be represented (it cannot: the n-th
    /// register numbered had a number of at least n before).
    overflow: bool,
    /// Set if forwarding met a cycle (see [`RegNaming::forward`]).
    cycle: bool,
}

/// The index of a virtual register in per-vreg tables.
fn virtual_number(r: Reg) -> Option<usize> {
    r.is_virtual()
        .then(|| (r.index() - FIRST_VIRTUAL_INDEX) as usize)
}

impl<'a> RegNaming<'a> {
    fn new(resolve: &'a dyn Fn(Reg) -> Reg) -> Self {
        RegNaming {
            resolve,
            forwarded: Vec::new(),
            new_number: Vec::new(),
            count: 0,
            overflow: false,
            cycle: false,
        }
    }

    /// What `r` (already resolved) stands for after forwarding, pointing
    /// every register of the chain it walked at the chain's end. A chain
    /// longer than the number of forwarded registers is a cycle, which only
    /// unreachable blocks could form (a reachable block's single-predecessor
    /// chain leads to the entry): it sets `cycle` and stops.
    fn forward(&mut self, r: Reg) -> Reg {
        let mut target = r;
        let mut steps = 0usize;
        while let Some(&Some(next)) = virtual_number(target).and_then(|n| self.forwarded.get(n)) {
            target = next;
            steps += 1;
            if steps > self.forwarded.len() {
                self.cycle = true;
                return r;
            }
        }
        let mut cur = r;
        while let Some(n) = virtual_number(cur) {
            match self.forwarded.get(n).copied().flatten() {
                Some(next) if next != target => {
                    self.forwarded[n] = Some(target);
                    cur = next;
                }
                _ => break,
            }
        }
        target
    }

    /// Makes the parameters `params` of a single-predecessor block stand
    /// for the branch arguments `args`, if every parameter is a distinct,
    /// not yet forwarded virtual register of its argument's class and not
    /// its own argument. Returns whether it did (all or nothing).
    fn forward_params(&mut self, params: &[Reg], args: &[Reg]) -> bool {
        if params.len() != args.len() {
            return false;
        }
        let mut links: SmallVec<[(usize, Reg); 4]> = SmallVec::new();
        for (&p, &a) in params.iter().zip(args) {
            let (p, a) = ((self.resolve)(p), (self.resolve)(a));
            let Some(n) = virtual_number(p) else {
                return false;
            };
            let linked = self.forwarded.get(n).copied().flatten().is_some()
                || links.iter().any(|&(m, _)| m == n);
            if linked || a == p || p.class() != a.class() {
                return false;
            }
            links.push((n, a));
        }
        for (n, a) in links {
            if n >= self.forwarded.len() {
                self.forwarded.resize(n + 1, None);
            }
            self.forwarded[n] = Some(a);
        }
        true
    }

    /// The final name of `r`; physical registers keep theirs.
    fn name(&mut self, r: Reg) -> Reg {
        let r = (self.resolve)(r);
        let r = self.forward(r);
        let Some(old) = virtual_number(r) else {
            return r;
        };
        if old >= self.new_number.len() {
            self.new_number.resize(old + 1, 0);
        }
        let number = match self.new_number[old] {
            0 => {
                self.count += 1;
                self.new_number[old] = self.count;
                self.count - 1
            }
            n => n - 1,
        };
        Reg::virt(number, r.class()).unwrap_or_else(|| {
            self.overflow = true;
            r
        })
    }
}

/// Forwards the parameters of every non-entry block with a single
/// predecessor to that predecessor's branch arguments (see [`RegNaming`]),
/// dropping both from `blocks`. Edges whose argument count does not match
/// are left for [`VCode::new`] to report.
fn forward_single_predecessor_params<I>(
    order: &BlockLoweringOrder,
    blocks: &mut [BlockCode<I>],
    naming: &mut RegNaming<'_>,
) {
    for b in 1..blocks.len() {
        let &[pred] = order.preds(b as BlockIndex) else {
            continue;
        };
        let pred = pred as usize;
        if pred == b || pred >= blocks.len() || blocks[b].params.is_empty() {
            continue;
        }
        let Some(slot) = order
            .succs(pred as BlockIndex)
            .iter()
            .position(|&s| s as usize == b)
        else {
            continue;
        };
        let Some(args) = blocks[pred].branch_args.get(slot) else {
            continue;
        };
        if naming.forward_params(&blocks[b].params, args) {
            blocks[b].params.clear();
            blocks[pred].branch_args[slot].clear();
        }
    }
}

/// Collects one instruction's regalloc2 operands and clobbers.
struct Collector<'a, 'r> {
    operands: &'a mut Vec<Operand>,
    clobbers: PRegSet,
    naming: &'a mut RegNaming<'r>,
}

impl OperandVisitor for Collector<'_, '_> {
    fn operand(
        &mut self,
        reg: &mut Reg,
        kind: OperandKind,
        constraint: OperandConstraint,
        pos: OperandPos,
    ) {
        *reg = self.naming.name(*reg);
        if let Some(op) = operands::to_regalloc2(*reg, kind, constraint, pos) {
            self.operands.push(op);
        }
    }
    fn clobber(&mut self, reg: Reg) {
        if let Some(p) = reg.to_preg() {
            self.clobbers.add(p);
        }
    }
}

impl<I: MachInst> VCode<I> {
    /// Flattens the blocks of `order` (`blocks[i]` is lowered block `i`),
    /// rewriting every register through `resolve` (the lowering driver's
    /// vreg aliases) and renumbering the virtual registers densely in
    /// program order, collecting operands and checking the invariants of
    /// the module docs.
    pub fn new(
        order: &BlockLoweringOrder,
        blocks: Vec<BlockCode<I>>,
        resolve: &dyn Fn(Reg) -> Reg,
    ) -> Result<Self, CodegenError> {
        if blocks.len() != order.len() {
            return Err(CodegenError::Backend(format!(
                "{} blocks lowered for {} in the order",
                blocks.len(),
                order.len()
            )));
        }
        // Every array is sized up front: growing them would copy every
        // instruction lowered so far, several times over.
        let num_insts: usize = blocks.iter().map(|b| b.insts.len()).sum();
        let mut v = VCode {
            insts: Vec::with_capacity(num_insts),
            operands: Vec::with_capacity(num_insts * 3),
            operand_ranges: Vec::with_capacity(num_insts),
            clobbers: Vec::with_capacity(num_insts),
            block_ranges: Vec::with_capacity(blocks.len()),
            succs: Vec::new(),
            succ_ranges: Vec::with_capacity(blocks.len()),
            preds: Vec::new(),
            pred_ranges: Vec::with_capacity(blocks.len()),
            params: Vec::new(),
            param_ranges: Vec::with_capacity(blocks.len()),
            branch_args: Vec::new(),
            branch_arg_ranges: Vec::new(),
            num_vregs: FIRST_VIRTUAL_INDEX as usize,
            cold: Vec::with_capacity(blocks.len()),
        };
        let mut naming = RegNaming::new(resolve);
        let mut blocks = blocks;
        forward_single_predecessor_params(order, &mut blocks, &mut naming);
        for (b, code) in blocks.into_iter().enumerate() {
            let bi = b as BlockIndex;
            let start = v.insts.len() as u32;
            let n = code.insts.len();
            if n == 0 {
                return Err(CodegenError::Backend(format!("block {b} is empty")));
            }
            if b == 0 && !code.params.is_empty() {
                return Err(CodegenError::Backend(
                    "the entry block has parameters (define them with an Args instruction)".into(),
                ));
            }
            // Parameters first: they are defined at the block's start.
            let ps = v.params.len() as u32;
            for &r in &code.params {
                v.params.push(naming.name(r).to_vreg());
            }
            v.param_ranges.push((ps, v.params.len() as u32));
            for (k, mut inst) in code.insts.into_iter().enumerate() {
                let term = inst.is_term();
                if (term != Terminator::None) != (k + 1 == n) {
                    return Err(CodegenError::Backend(format!(
                        "block {b}: instruction {k} ({inst:?}) {}",
                        if k + 1 == n {
                            "ends the block but is not a terminator"
                        } else {
                            "is a terminator in the middle of the block"
                        }
                    )));
                }
                let op_start = v.operands.len() as u32;
                let mut c = Collector {
                    operands: &mut v.operands,
                    clobbers: PRegSet::empty(),
                    naming: &mut naming,
                };
                inst.collect_operands(&mut c);
                let mut clobbers = c.clobbers;
                // A fixed def or late use must not also be a clobber (the
                // return registers of a call, for instance).
                for op in &v.operands[op_start as usize..] {
                    if let regalloc2::OperandConstraint::FixedReg(p) = op.constraint()
                        && (op.kind() == regalloc2::OperandKind::Def
                            || op.pos() == regalloc2::OperandPos::Late)
                    {
                        clobbers.remove(p);
                    }
                }
                v.operand_ranges.push((op_start, v.operands.len() as u32));
                v.clobbers.push(clobbers);
                v.insts.push(inst);
            }
            v.block_ranges.push((start, v.insts.len() as u32));

            let succs = order.succs(bi);
            if code.branch_args.len() != succs.len() {
                return Err(CodegenError::Backend(format!(
                    "block {b}: branch arguments for {} successors, the block has {}",
                    code.branch_args.len(),
                    succs.len()
                )));
            }
            let ss = v.succs.len() as u32;
            for (&s, args) in succs.iter().zip(&code.branch_args) {
                v.succs.push(RaBlock::new(s as usize));
                let as_ = v.branch_args.len() as u32;
                for &r in args {
                    v.branch_args.push(naming.name(r).to_vreg());
                }
                v.branch_arg_ranges.push((as_, v.branch_args.len() as u32));
            }
            v.succ_ranges.push((ss, v.succs.len() as u32));
            let ps = v.preds.len() as u32;
            v.preds
                .extend(order.preds(bi).iter().map(|&p| RaBlock::new(p as usize)));
            v.pred_ranges.push((ps, v.preds.len() as u32));
            v.cold.push(order.is_cold(bi));
        }
        // Branch argument counts must match the successors' parameters.
        for b in 0..v.block_ranges.len() {
            let (ss, se) = v.succ_ranges[b];
            for e in ss..se {
                let s = v.succs[e as usize].index();
                let (as_, ae) = v.branch_arg_ranges[e as usize];
                let (ps, pe) = v.param_ranges[s];
                if ae - as_ != pe - ps {
                    return Err(CodegenError::Backend(format!(
                        "block {b} passes {} arguments to block {s}, which has {} parameters",
                        ae - as_,
                        pe - ps
                    )));
                }
            }
        }
        if naming.cycle {
            return Err(CodegenError::Backend(
                "block parameters forwarded in a cycle (unreachable blocks in the order)".into(),
            ));
        }
        if naming.overflow {
            return Err(CodegenError::ImplLimit(
                "virtual register numbers past regalloc2's limit".into(),
            ));
        }
        v.num_vregs = (FIRST_VIRTUAL_INDEX + naming.count) as usize;
        Ok(v)
    }

    /// Number of blocks.
    pub fn num_blocks(&self) -> usize {
        self.block_ranges.len()
    }

    /// The instructions of block `b`.
    pub fn block_insts(&self, b: BlockIndex) -> &[I] {
        let (s, e) = self.block_ranges[b as usize];
        &self.insts[s as usize..e as usize]
    }

    /// Number of instructions.
    pub fn num_insts(&self) -> usize {
        self.insts.len()
    }

    /// Instruction `i`.
    pub fn inst(&self, i: usize) -> &I {
        &self.insts[i]
    }

    /// Whether block `b` is cold.
    pub fn is_cold(&self, b: BlockIndex) -> bool {
        self.cold[b as usize]
    }

    /// The regalloc2 operands of instruction `i`.
    pub fn operands_of(&self, i: usize) -> &[Operand] {
        let (s, e) = self.operand_ranges[i];
        &self.operands[s as usize..e as usize]
    }
}

impl<I: MachInst> regalloc2::Function for VCode<I> {
    fn num_insts(&self) -> usize {
        self.insts.len()
    }
    fn num_blocks(&self) -> usize {
        self.block_ranges.len()
    }
    fn entry_block(&self) -> RaBlock {
        RaBlock::new(0)
    }
    fn block_insns(&self, block: RaBlock) -> InstRange {
        let (s, e) = self.block_ranges[block.index()];
        InstRange::new(RaInst::new(s as usize), RaInst::new(e as usize))
    }
    fn block_succs(&self, block: RaBlock) -> &[RaBlock] {
        let (s, e) = self.succ_ranges[block.index()];
        &self.succs[s as usize..e as usize]
    }
    fn block_preds(&self, block: RaBlock) -> &[RaBlock] {
        let (s, e) = self.pred_ranges[block.index()];
        &self.preds[s as usize..e as usize]
    }
    fn block_params(&self, block: RaBlock) -> &[VReg] {
        let (s, e) = self.param_ranges[block.index()];
        &self.params[s as usize..e as usize]
    }
    fn is_ret(&self, insn: RaInst) -> bool {
        self.insts[insn.index()].is_term() == Terminator::Ret
    }
    fn is_branch(&self, insn: RaInst) -> bool {
        self.insts[insn.index()].is_term() == Terminator::Branch
    }
    fn branch_blockparams(&self, block: RaBlock, _insn: RaInst, succ_idx: usize) -> &[VReg] {
        let (ss, _) = self.succ_ranges[block.index()];
        let (s, e) = self.branch_arg_ranges[ss as usize + succ_idx];
        &self.branch_args[s as usize..e as usize]
    }
    fn inst_operands(&self, insn: RaInst) -> &[Operand] {
        self.operands_of(insn.index())
    }
    fn inst_clobbers(&self, insn: RaInst) -> PRegSet {
        self.clobbers[insn.index()]
    }
    fn num_vregs(&self) -> usize {
        self.num_vregs
    }
    fn spillslot_size(&self, regclass: regalloc2::RegClass) -> usize {
        I::spillslot_units(match regclass {
            regalloc2::RegClass::Int => RegClass::Int,
            regalloc2::RegClass::Float => RegClass::Float,
            regalloc2::RegClass::Vector => RegClass::Vector,
        })
    }
}

impl<I: MachInst> VCode<I> {
    /// `blockN(params):` (and ` cold`), with a newline.
    pub fn block_header(&self, b: BlockIndex) -> String {
        let (ps, pe) = self.param_ranges[b as usize];
        let params: Vec<String> = self.params[ps as usize..pe as usize]
            .iter()
            .map(|&p| VRegText(p).to_string())
            .collect();
        let cold = if self.cold[b as usize] { " cold" } else { "" };
        format!("block{b}({}):{cold}\n", params.join(", "))
    }

    /// One `-> blockN(args)` line per successor edge of block `b`.
    pub fn block_footer(&self, b: BlockIndex) -> String {
        let mut s = String::new();
        let (ss, se) = self.succ_ranges[b as usize];
        for e in ss..se {
            let (as_, ae) = self.branch_arg_ranges[e as usize];
            let args: Vec<String> = self.branch_args[as_ as usize..ae as usize]
                .iter()
                .map(|&a| VRegText(a).to_string())
                .collect();
            s.push_str(&format!(
                "  -> block{}({})\n",
                self.succs[e as usize].index(),
                args.join(", ")
            ));
        }
        s
    }
}

impl<I: MachInst> fmt::Display for VCode<I> {
    /// One line per block header and per instruction, for tests and dumps.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in 0..self.num_blocks() as BlockIndex {
            f.write_str(&self.block_header(b))?;
            for inst in self.block_insts(b) {
                writeln!(f, "  {inst:?}")?;
            }
            f.write_str(&self.block_footer(b))?;
        }
        Ok(())
    }
}

/// A block parameter or branch argument printed the way instructions print
/// their registers (`v3i`).
struct VRegText(VReg);

impl fmt::Display for VRegText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_vreg(f, self.0)
    }
}

fn write_vreg(f: &mut fmt::Formatter<'_>, v: VReg) -> fmt::Result {
    let class = match v.class() {
        regalloc2::RegClass::Int => RegClass::Int,
        regalloc2::RegClass::Float => RegClass::Float,
        regalloc2::RegClass::Vector => RegClass::Vector,
    };
    let reg = u32::try_from(v.vreg())
        .ok()
        .and_then(|i| i.checked_sub(FIRST_VIRTUAL_INDEX))
        .and_then(|n| Reg::virt(n, class));
    match reg {
        Some(r) => write!(f, "{r:?}"),
        None => write!(f, "{v}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(n: u32) -> Reg {
        Reg::virt(n, RegClass::Int).expect("vreg")
    }

    #[test]
    fn forwarded_chains_resolve_to_their_end_and_numbers_follow_first_sight() {
        let identity = |r: Reg| r;
        let mut naming = RegNaming::new(&identity);
        // v9 <- v7 <- v5 <- v3: three single-predecessor hops.
        assert!(naming.forward_params(&[v(5)], &[v(3)]));
        assert!(naming.forward_params(&[v(7)], &[v(5)]));
        assert!(naming.forward_params(&[v(9), v(8)], &[v(7), v(3)]));
        assert_eq!(naming.name(v(9)), v(0));
        assert_eq!(naming.name(v(2)), v(1));
        assert_eq!(naming.name(v(8)), v(0));
        assert_eq!(naming.name(v(5)), v(0));
        assert_eq!(
            naming.forwarded[9],
            Some(v(3)),
            "the walked chain is shortened"
        );
        let p0 = Reg::phys(RegClass::Int, 0);
        assert_eq!(naming.name(p0), p0);
        assert_eq!(naming.count, 2);
        assert!(!naming.cycle && !naming.overflow);
    }

    #[test]
    fn parameters_that_cannot_be_forwarded_are_kept() {
        let identity = |r: Reg| r;
        let mut naming = RegNaming::new(&identity);
        let float = Reg::virt(4, RegClass::Float).expect("vreg");
        assert!(
            !naming.forward_params(&[v(1)], &[v(2), v(3)]),
            "count mismatch"
        );
        assert!(!naming.forward_params(&[v(1)], &[float]), "class mismatch");
        assert!(!naming.forward_params(&[v(1)], &[v(1)]), "its own argument");
        assert!(
            !naming.forward_params(&[v(1), v(1)], &[v(2), v(3)]),
            "repeated"
        );
        assert!(
            !naming.forward_params(&[v(2), Reg::phys(RegClass::Int, 1)], &[v(3), v(4)]),
            "physical, and all or nothing"
        );
        assert_eq!(naming.forwarded.iter().flatten().count(), 0);
        assert!(naming.forward_params(&[v(1)], &[v(2)]));
        assert!(
            !naming.forward_params(&[v(1)], &[v(3)]),
            "already forwarded"
        );
    }

    #[test]
    fn a_forwarding_cycle_is_reported_not_followed_forever() {
        // Only unreachable blocks could ask for one; the naming must still
        // stop and say so.
        let identity = |r: Reg| r;
        let mut naming = RegNaming::new(&identity);
        assert!(naming.forward_params(&[v(1)], &[v(2)]));
        assert!(naming.forward_params(&[v(2)], &[v(1)]));
        naming.name(v(1));
        assert!(naming.cycle);
    }
}
