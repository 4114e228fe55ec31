//! The lowering driver: CLIF instructions to VCode, generic over the target.
//!
//! Blocks are lowered in the [`BlockLoweringOrder`]'s walk (a postorder,
//! so every use of a value is lowered before its definition), each block
//! bottom-up, terminator first. An instruction is lowered only if it has a
//! side effect or one of its results was asked for in a register by an
//! instruction lowered earlier (so dead code disappears for free, and a
//! value a user merged into itself — a constant folded into an immediate —
//! is not computed separately).
//!
//! The backend ([`LowerBackend`]) lowers one instruction at a time through
//! [`Lower`], which maps values to virtual registers (one per register of
//! the value's type, from [`MachInst::rc_for_type`]), allocates
//! temporaries, collects emitted instructions, and answers "may I merge
//! this operand's definition into its user?": each value has a use state
//! ([`ValueUse`]: unused, used once, used several times, computed with a
//! worklist so a value used once by an instruction whose result is used
//! several times counts as used several times) and each instruction a
//! side-effect *color* that changes after every side-effecting instruction
//! and at every block start, so a single-use load can be sunk into its user
//! only if no side effect lies between them.
//!
//! The results a backend returns become the values' registers through
//! aliases (resolved when the VCode is built), not moves.

use super::asm_sink::Label;
use super::blockorder::{BlockLoweringOrder, LoweredBlock};
use super::error::CodegenError;
use super::inst::MachInst;
use super::reg::{FIRST_VIRTUAL_INDEX, Reg, RegClass};
use super::timing::{Pass, PassTimer, PassTimes};
use super::vcode::{BlockCode, VCode};
use crate::entity::SecondaryMap;
use crate::ir::{BlockArg, DataFlowGraph, Function, Inst, Opcode, Type, Value, ValueDef};
use smallvec::SmallVec;

/// The registers holding one value (one for most types, two for `i128`).
pub type ValueRegs = SmallVec<[Reg; 2]>;

/// The registers of each result of a lowered instruction, in result order.
pub type InstOutput = SmallVec<[ValueRegs; 2]>;

/// How often a value is used by the instructions that are lowered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum ValueUse {
    /// Not used.
    #[default]
    Unused,
    /// Used by exactly one instruction, once, and that instruction is not
    /// itself computed more than once.
    Once,
    /// Used more than once (or by a value used more than once).
    Multiple,
}

/// One target's instruction selection, called by the driver.
pub trait LowerBackend {
    /// The target's machine instruction.
    type MInst: MachInst;

    /// The target's name, for errors.
    fn target_name(&self) -> &'static str;

    /// Lowers `inst` (not a branch): emits its machine instructions through
    /// `ctx` and returns the registers holding its results, `Ok(None)` if the
    /// target does not lower it (the driver reports
    /// [`CodegenError::Unsupported`]), or an error found while lowering.
    /// Operands are obtained with [`Lower::put_value_in_regs`]. A return (or
    /// unconditional trap) must emit exactly one terminator instruction, last.
    fn lower_inst(
        &mut self,
        ctx: &mut Lower<'_, Self::MInst>,
        inst: Inst,
    ) -> Result<Option<InstOutput>, CodegenError>;

    /// Lowers the branch `inst`, emitting instructions whose last (and only)
    /// terminator transfers control to `targets` (one label per target in
    /// `inst_block_calls` order: `brif` then/else, `br_table` default
    /// first). Branch arguments are not the backend's business: the driver
    /// passes them to the allocator. `Ok(None)` if unsupported.
    fn lower_branch(
        &mut self,
        ctx: &mut Lower<'_, Self::MInst>,
        inst: Inst,
        targets: &[Label],
    ) -> Result<Option<()>, CodegenError>;

    /// Emits the instruction that defines the entry block's parameters (an
    /// `Args` pseudo-instruction of fixed-register defs, per the calling
    /// convention); `params` are the registers of each parameter.
    fn lower_args(
        &mut self,
        ctx: &mut Lower<'_, Self::MInst>,
        params: &[ValueRegs],
    ) -> Result<(), CodegenError>;
}

/// Whether an instruction must be lowered even if its results are unused,
/// and ends a side-effect color.
pub fn has_lowering_side_effect(op: Opcode) -> bool {
    op.can_store()
        || op.can_trap()
        || op.can_load()
        || op.other_side_effects()
        || op.is_call()
        || op.is_terminator()
        || op.is_return()
}

/// The lowering context one function is lowered through.
pub struct Lower<'f, I: MachInst> {
    func: &'f Function,
    target: &'static str,
    value_regs: SecondaryMap<Value, (u32, u32)>,
    regs: Vec<Reg>,
    next_vreg: u32,
    /// For each virtual register (by number), the register it stands for.
    aliases: Vec<Reg>,
    uses: SecondaryMap<Value, ValueUse>,
    used: SecondaryMap<Value, bool>,
    entry_color: SecondaryMap<Inst, u32>,
    /// The controlling type of every instruction of the lowered blocks,
    /// computed once: instruction selection asks for it many times per
    /// instruction.
    ctrl_types: SecondaryMap<Inst, Option<Type>>,
    sunk: SecondaryMap<Inst, bool>,
    cur_inst: Option<Inst>,
    /// Instructions emitted for the current CLIF instruction, in order.
    ir_insts: Vec<I>,
}

impl<'f, I: MachInst> Lower<'f, I> {
    fn new(
        func: &'f Function,
        order: &BlockLoweringOrder,
        target: &'static str,
    ) -> Result<Self, CodegenError> {
        let dfg = &func.dfg;
        // Dense tables sized once (writes past the end would grow them
        // one step at a time).
        let (num_values, num_insts) = (dfg.num_values(), dfg.num_insts());
        let mut ctx = Lower {
            func,
            target,
            value_regs: SecondaryMap::new(),
            regs: Vec::with_capacity(num_values),
            next_vreg: 0,
            aliases: Vec::with_capacity(num_values * 2),
            uses: SecondaryMap::new(),
            used: SecondaryMap::new(),
            entry_color: SecondaryMap::new(),
            ctrl_types: SecondaryMap::new(),
            sunk: SecondaryMap::new(),
            cur_inst: None,
            ir_insts: Vec::new(),
        };
        ctx.value_regs.resize(num_values);
        ctx.uses.resize(num_values);
        ctx.used.resize(num_values);
        ctx.entry_color.resize(num_insts);
        ctx.ctrl_types.resize(num_insts);
        ctx.sunk.resize(num_insts);
        let mut color = 0u32;
        // Registers for every value of the reachable blocks; colors.
        for lb in order.blocks() {
            let Some(block) = lb.orig_block() else {
                continue;
            };
            for &p in dfg.block_params(block) {
                ctx.assign_regs(p)?;
            }
            color += 1;
            for inst in func.layout.block_insts(block) {
                ctx.entry_color[inst] = color;
                ctx.ctrl_types[inst] = Some(dfg.ctrl_typevar(inst));
                if has_lowering_side_effect(dfg.insts[inst].opcode()) {
                    color += 1;
                }
                for &r in dfg.inst_results(inst) {
                    ctx.assign_regs(r)?;
                }
            }
        }
        ctx.compute_uses(order);
        Ok(ctx)
    }

    fn assign_regs(&mut self, v: Value) -> Result<(), CodegenError> {
        let ty = self.func.dfg.value_type(v);
        let classes = I::rc_for_type(ty)?;
        let start = self.regs.len() as u32;
        for &class in classes {
            let r = self.fresh_vreg(class)?;
            self.regs.push(r);
        }
        self.value_regs[v] = (start, self.regs.len() as u32);
        Ok(())
    }

    fn fresh_vreg(&mut self, class: RegClass) -> Result<Reg, CodegenError> {
        let r = Reg::virt(self.next_vreg, class).ok_or_else(|| {
            CodegenError::ImplLimit(format!("more than {} virtual registers", self.next_vreg))
        })?;
        self.next_vreg += 1;
        self.aliases.push(r);
        Ok(r)
    }

    /// Use states, then "used once by something used several times"
    /// propagated with a worklist.
    fn compute_uses(&mut self, order: &BlockLoweringOrder) {
        let dfg = &self.func.dfg;
        let bump = |u: &mut ValueUse| {
            *u = match *u {
                ValueUse::Unused => ValueUse::Once,
                _ => ValueUse::Multiple,
            }
        };
        for lb in order.blocks() {
            let Some(block) = lb.orig_block() else {
                continue;
            };
            for inst in self.func.layout.block_insts(block) {
                let data = &dfg.insts[inst];
                let args = data.arguments(&dfg.value_lists);
                for &v in args {
                    bump(&mut self.uses[dfg.resolve_aliases(v)]);
                }
                // Block-call arguments and exception contexts follow the
                // operands in `inst_values`; only instructions with block
                // calls, a jump table or an exception table have them.
                let more = !data.block_calls().is_empty()
                    || data.jump_table().is_some()
                    || data.exception_table().is_some();
                if more {
                    for v in dfg.inst_values(inst).skip(args.len()) {
                        bump(&mut self.uses[dfg.resolve_aliases(v)]);
                    }
                }
            }
        }
        let mut worklist: Vec<Value> = Vec::new();
        for lb in order.blocks() {
            let Some(block) = lb.orig_block() else {
                continue;
            };
            for inst in self.func.layout.block_insts(block) {
                for &r in dfg.inst_results(inst) {
                    if self.uses[r] == ValueUse::Multiple {
                        worklist.push(r);
                    }
                }
            }
        }
        while let Some(v) = worklist.pop() {
            let ValueDef::Result(inst, _) = dfg.value_def(v) else {
                continue;
            };
            for &arg in dfg.inst_args(inst) {
                let arg = dfg.resolve_aliases(arg);
                if self.uses[arg] == ValueUse::Once {
                    self.uses[arg] = ValueUse::Multiple;
                    worklist.push(arg);
                }
            }
        }
    }

    // ---- what backends call ----

    /// The function being lowered.
    pub fn func(&self) -> &'f Function {
        self.func
    }

    /// Its data flow graph.
    pub fn dfg(&self) -> &'f DataFlowGraph {
        &self.func.dfg
    }

    /// The target's name (for errors raised by the backend).
    pub fn target_name(&self) -> &'static str {
        self.target
    }

    /// The controlling type of `inst` ([`DataFlowGraph::ctrl_typevar`]),
    /// from a table filled when lowering starts.
    pub fn ctrl_type(&self, inst: Inst) -> Type {
        match *self.ctrl_types.get(inst) {
            Some(ty) => ty,
            None => self.func.dfg.ctrl_typevar(inst),
        }
    }

    /// The instruction being lowered.
    pub fn cur_inst(&self) -> Option<Inst> {
        self.cur_inst
    }

    /// The registers of `v` (marking its definition as needed).
    pub fn put_value_in_regs(&mut self, v: Value) -> ValueRegs {
        let v = self.func.dfg.resolve_aliases(v);
        self.used[v] = true;
        self.value_regs_of(v)
    }

    /// The single register of `v` (the first, for multi-register values).
    pub fn put_value_in_reg(&mut self, v: Value) -> Reg {
        let regs = self.put_value_in_regs(v);
        regs.first().copied().unwrap_or_else(|| {
            // Values always get registers when lowering starts; a value
            // without any is a placeholder of invalid IR. Hand out the
            // reserved (never allocatable) index 0 so the allocator rejects it.
            Reg::phys(RegClass::Int, 0)
        })
    }

    fn value_regs_of(&self, v: Value) -> ValueRegs {
        let (s, e) = *self.value_regs.get(v);
        self.regs[s as usize..e as usize].iter().copied().collect()
    }

    /// Fresh virtual registers for a temporary of type `ty`.
    pub fn alloc_tmp(&mut self, ty: Type) -> Result<ValueRegs, CodegenError> {
        let mut out = ValueRegs::new();
        for &class in I::rc_for_type(ty)? {
            out.push(self.fresh_vreg(class)?);
        }
        Ok(out)
    }

    /// A fresh virtual register of `class`.
    pub fn alloc_tmp_reg(&mut self, class: RegClass) -> Result<Reg, CodegenError> {
        self.fresh_vreg(class)
    }

    /// Appends a machine instruction to the current instruction's code.
    pub fn emit(&mut self, inst: I) {
        self.ir_insts.push(inst);
    }

    /// How often `v` is used.
    pub fn value_use(&self, v: Value) -> ValueUse {
        *self.uses.get(self.func.dfg.resolve_aliases(v))
    }

    /// The instruction defining `v`, if it is a result.
    pub fn def_inst(&self, v: Value) -> Option<Inst> {
        self.func
            .dfg
            .value_def(self.func.dfg.resolve_aliases(v))
            .inst()
    }

    /// The `iconst` immediate defining `v`, if any.
    pub fn input_as_const(&self, v: Value) -> Option<i64> {
        let inst = self.def_inst(v)?;
        match self.func.dfg.insts[inst] {
            crate::ir::InstructionData::UnaryImm { imm, .. } => Some(imm.into()),
            _ => None,
        }
    }

    /// The side-effect color at the start of `inst`.
    pub fn entry_color(&self, inst: Inst) -> u32 {
        *self.entry_color.get(inst)
    }

    /// The defining instruction of `v` if the current instruction may
    /// merge it into itself: a pure instruction whose result is used once,
    /// or a side-effecting one that only reads memory, used once, in the
    /// same block with no side effect in between (same color). A merged
    /// side-effecting instruction must be marked with [`sink_inst`](Self::sink_inst).
    pub fn sinkable_inst(&self, v: Value) -> Option<Inst> {
        let def = self.def_inst(v)?;
        if self.value_use(v) != ValueUse::Once {
            return None;
        }
        let op = self.func.dfg.insts[def].opcode();
        if !has_lowering_side_effect(op) {
            return Some(def);
        }
        let user = self.cur_inst?;
        let loads_only =
            op.can_load() && !op.can_store() && !op.is_call() && !op.other_side_effects();
        let same_block = self.func.layout.inst_block(def) == self.func.layout.inst_block(user);
        (loads_only && same_block && self.entry_color(def) + 1 == self.entry_color(user))
            .then_some(def)
    }

    /// Records that `inst` was merged into the current instruction, so the
    /// driver does not lower it on its own.
    pub fn sink_inst(&mut self, inst: Inst) {
        self.sunk[inst] = true;
    }

    // ---- driver internals ----

    fn resolve(&self, r: Reg) -> Reg {
        let mut r = r;
        for _ in 0..self.aliases.len() + 1 {
            if !r.is_virtual() {
                return r;
            }
            let n = (r.index() - FIRST_VIRTUAL_INDEX) as usize;
            match self.aliases.get(n) {
                Some(&next) if next != r => r = next,
                _ => return r,
            }
        }
        r
    }

    /// Makes the result registers of `inst` stand for `output`.
    fn bind_results(&mut self, inst: Inst, output: &InstOutput) -> Result<(), CodegenError> {
        let results = self.func.dfg.inst_results(inst);
        if output.len() != results.len() {
            return Err(CodegenError::Backend(format!(
                "`{}` has {} results, the backend returned {}",
                self.func.dfg.insts[inst].opcode(),
                results.len(),
                output.len()
            )));
        }
        for (&v, out) in results.iter().zip(output) {
            let dsts = self.value_regs_of(v);
            if dsts.len() != out.len() {
                return Err(CodegenError::Backend(format!(
                    "a result of `{}` needs {} registers, the backend returned {}",
                    self.func.dfg.insts[inst].opcode(),
                    dsts.len(),
                    out.len()
                )));
            }
            let ty = self.func.dfg.value_type(v);
            for (&dst, &src) in dsts.iter().zip(out) {
                if src == dst {
                    continue;
                }
                if src.is_virtual() && src.class() == dst.class() {
                    let n = (dst.index() - FIRST_VIRTUAL_INDEX) as usize;
                    self.aliases[n] = src;
                } else {
                    self.ir_insts.push(I::gen_move(dst, src, ty));
                }
            }
        }
        Ok(())
    }

    /// Moves the current instruction's code onto the block being built
    /// (which is kept reversed).
    fn flush(&mut self, reversed: &mut Vec<I>) {
        reversed.extend(self.ir_insts.drain(..).rev());
    }

    fn unsupported(&self, inst: Inst) -> CodegenError {
        CodegenError::Unsupported {
            opcode: self.func.dfg.insts[inst].opcode(),
            ty: self.func.dfg.ctrl_typevar(inst),
            target: self.target,
        }
    }

    /// The registers of the arguments of target `slot` of `branch`.
    fn branch_args(&mut self, branch: Inst, slot: u32) -> Result<Vec<Reg>, CodegenError> {
        let dfg = &self.func.dfg;
        let Some(call) = dfg.inst_block_calls(branch).nth(slot as usize) else {
            return Err(CodegenError::InvalidIr(format!(
                "{branch} has no branch target {slot}"
            )));
        };
        let mut regs = Vec::new();
        for arg in call.args(&dfg.value_lists) {
            match arg {
                BlockArg::Value(v) => regs.extend(self.put_value_in_regs(v)),
                BlockArg::TryCallRet(_) | BlockArg::TryCallExn(_) => {
                    return Err(self.unsupported(branch));
                }
            }
        }
        Ok(regs)
    }
}

/// Lowers `func` with `backend` into VCode.
pub fn lower<B: LowerBackend>(
    func: &Function,
    backend: &mut B,
) -> Result<VCode<B::MInst>, CodegenError> {
    lower_timed(
        func,
        backend,
        &mut PassTimer::start(),
        &mut PassTimes::default(),
    )
}

/// [`lower`], charging the block order, lowering and VCode build phases to
/// `times` through `timer`.
pub fn lower_timed<B: LowerBackend>(
    func: &Function,
    backend: &mut B,
    timer: &mut PassTimer,
    times: &mut PassTimes,
) -> Result<VCode<B::MInst>, CodegenError> {
    let order = BlockLoweringOrder::new(func);
    if order.is_empty() {
        return Err(CodegenError::InvalidIr(format!(
            "function {} has no blocks",
            func.name
        )));
    }
    let mut ctx: Lower<'_, B::MInst> = Lower::new(func, &order, backend.target_name())?;
    timer.finish(Pass::BlockOrder, times);
    let mut blocks: Vec<Option<BlockCode<B::MInst>>> = vec![None; order.len()];
    let entry = func.layout.entry_block();
    let mut reversed: Vec<B::MInst> = Vec::new();
    for &b in order.lowering_walk() {
        reversed.clear();
        let succs = order.succs(b);
        let mut code = BlockCode {
            insts: Vec::new(),
            params: Vec::new(),
            branch_args: Vec::with_capacity(succs.len()),
        };
        match order.blocks()[b as usize] {
            LoweredBlock::CriticalEdge {
                branch, succ_slot, ..
            } => {
                let target = succs.first().copied().unwrap_or(b);
                ctx.ir_insts.push(B::MInst::gen_jump(Label(target)));
                ctx.flush(&mut reversed);
                code.branch_args.push(ctx.branch_args(branch, succ_slot)?);
            }
            LoweredBlock::Orig { block } => {
                let mut next = func.layout.last_inst(block);
                if let Some(term) = next
                    && func.dfg.insts[term].opcode().is_branch()
                {
                    for (slot, &s) in succs.iter().enumerate() {
                        let args = match order.blocks()[s as usize] {
                            LoweredBlock::CriticalEdge { .. } => Vec::new(),
                            LoweredBlock::Orig { .. } => ctx.branch_args(term, slot as u32)?,
                        };
                        code.branch_args.push(args);
                    }
                    let labels: SmallVec<[Label; 4]> = succs.iter().map(|&s| Label(s)).collect();
                    ctx.cur_inst = Some(term);
                    backend
                        .lower_branch(&mut ctx, term, &labels)?
                        .ok_or_else(|| ctx.unsupported(term))?;
                    ctx.flush(&mut reversed);
                    next = func.layout.prev_inst(term);
                }
                while let Some(inst) = next {
                    next = func.layout.prev_inst(inst);
                    if *ctx.sunk.get(inst) {
                        continue;
                    }
                    let op = func.dfg.insts[inst].opcode();
                    let needed = has_lowering_side_effect(op)
                        || func
                            .dfg
                            .inst_results(inst)
                            .iter()
                            .any(|&r| *ctx.used.get(r));
                    if !needed {
                        continue;
                    }
                    ctx.cur_inst = Some(inst);
                    let output = backend
                        .lower_inst(&mut ctx, inst)?
                        .ok_or_else(|| ctx.unsupported(inst))?;
                    ctx.bind_results(inst, &output)?;
                    ctx.flush(&mut reversed);
                }
                ctx.cur_inst = None;
                let params = func.dfg.block_params(block);
                if Some(block) == entry {
                    let regs: Vec<ValueRegs> =
                        params.iter().map(|&p| ctx.value_regs_of(p)).collect();
                    backend.lower_args(&mut ctx, &regs)?;
                    ctx.flush(&mut reversed);
                } else {
                    for &p in params {
                        code.params.extend(ctx.value_regs_of(p));
                    }
                }
            }
        }
        code.insts = reversed.drain(..).rev().collect();
        blocks[b as usize] = Some(code);
    }
    let blocks: Vec<BlockCode<B::MInst>> = blocks
        .into_iter()
        .enumerate()
        .map(|(i, c)| c.ok_or_else(|| CodegenError::Backend(format!("block {i} was not lowered"))))
        .collect::<Result<_, _>>()?;
    timer.finish(Pass::Lower, times);
    let vcode = VCode::new(&order, blocks, &|r| ctx.resolve(r));
    timer.finish(Pass::VCodeBuild, times);
    vcode
}
