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
use super::reg::{FIRST_VIRTUAL_INDEX, Reg};
use core::fmt;
use regalloc2::{Block as RaBlock, Inst as RaInst, InstRange, Operand, PRegSet, VReg};

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

/// Collects one instruction's regalloc2 operands and clobbers.
struct Collector<'a> {
    operands: &'a mut Vec<Operand>,
    clobbers: PRegSet,
    resolve: &'a dyn Fn(Reg) -> Reg,
    max_index: u32,
}

impl OperandVisitor for Collector<'_> {
    fn operand(
        &mut self,
        reg: &mut Reg,
        kind: OperandKind,
        constraint: OperandConstraint,
        pos: OperandPos,
    ) {
        *reg = (self.resolve)(*reg);
        self.max_index = self.max_index.max(reg.index());
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
    /// vreg aliases), collecting operands and checking the invariants of
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
        let mut v = VCode {
            insts: Vec::new(),
            operands: Vec::new(),
            operand_ranges: Vec::new(),
            clobbers: Vec::new(),
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
        let mut max_index = FIRST_VIRTUAL_INDEX.saturating_sub(1);
        for (b, code) in blocks.into_iter().enumerate() {
            let bi = b as BlockIndex;
            let start = v.insts.len() as u32;
            let n = code.insts.len();
            if n == 0 {
                return Err(CodegenError::Backend(format!("block {b} is empty")));
            }
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
                    resolve,
                    max_index,
                };
                inst.collect_operands(&mut c);
                max_index = c.max_index;
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

            let ps = v.params.len() as u32;
            for &r in &code.params {
                let r = resolve(r);
                max_index = max_index.max(r.index());
                v.params.push(r.to_vreg());
            }
            v.param_ranges.push((ps, v.params.len() as u32));
            if b == 0 && !code.params.is_empty() {
                return Err(CodegenError::Backend(
                    "the entry block has parameters (define them with an Args instruction)".into(),
                ));
            }

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
                    let r = resolve(r);
                    max_index = max_index.max(r.index());
                    v.branch_args.push(r.to_vreg());
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
        v.num_vregs = max_index as usize + 1;
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
    fn spillslot_size(&self, _regclass: regalloc2::RegClass) -> usize {
        1
    }
}

impl<I: MachInst> VCode<I> {
    /// `blockN(params):` (and ` cold`), with a newline.
    pub fn block_header(&self, b: BlockIndex) -> String {
        let (ps, pe) = self.param_ranges[b as usize];
        let params: Vec<String> = self.params[ps as usize..pe as usize]
            .iter()
            .map(|p| p.to_string())
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
                .map(|a| a.to_string())
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
