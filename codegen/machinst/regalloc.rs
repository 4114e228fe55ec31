//! Register allocation: runs regalloc2 over [`VCode`] and applies its
//! results, producing the final instruction sequence of every block.
//!
//! The allocator is ion by default and fastalloc for `opt_level=none`
//! ([`RegallocAlgorithm`]). Its working memory lives in a
//! [`RegallocContext`] reused from one function to the next (one per
//! thread for the stateless `compile_function`, [`with_thread_context`]).
//! Debug and test builds validate SSA before allocation and run
//! regalloc2's checker on the allocation after it (the checker needs the
//! crate feature `regalloc-checker`, on by default); release builds do
//! neither.
//!
//! Applying the results re-walks each instruction's operands in the order
//! they were collected, replacing each virtual register with its assigned
//! physical register (physical registers that were not operands stay as
//! they are), drops moves that became `r -> r`, and turns each edit into a
//! register move ([`MachInst::gen_move`]), a spill or a reload
//! ([`SpillAbi`]). It also computes every physical register the final code
//! writes, from which the ABI saves the callee-saved ones.
//!
//! # Cost on long block chains
//!
//! What [`VCode`] presents decides whether ion is linear on long chains of
//! blocks; `cargo bench --bench regalloc_chain` measures it. Ion time in a
//! release build, for chains of 1k/2k/4k/8k/16k steps (`add`: each block
//! adds 1 to its parameter with a two-address add and passes the sum to the
//! next; `pass`: passes it on unchanged):
//!
//! | shape | before | after |
//! |---|---|---|
//! | `add`  | 14 / 58 / 232 / 962 / 4,617 ms (×4–4.8 per doubling) | 1.4 / 2.7 / 5.2 / 12.7 / 28.6 ms |
//! | `pass` | 2.0 / 5.2 / 13.9 / 46.6 / 154 ms (×2.6–3.3) | 0.14 / 0.27 / 0.61 / 1.2 / 2.4 ms |
//!
//! In a debug build (dependencies at opt-level 1) a 10,000-block `add`
//! chain went from about 30 s to about 0.25 s. The causes, in regalloc2
//! 0.15's ion:
//! - Bundle merging (`ion/merge.rs`, `merge_vreg_bundles`): each block
//!   parameter is merged with its incoming argument in the order of the
//!   argument's vreg number (`blockparam_outs` is sorted by it), and a
//!   two-address def is merged with its input, so the chain forms one
//!   bundle. Each merge first scans both range lists for overlap, giving up
//!   after 200 steps, then concatenates and re-sorts the whole list (and
//!   recomputes the requirement over all its uses when a fixed-register
//!   constraint is in the bundle). The lowering driver numbers the
//!   temporaries that define most values in its backward walk, so
//!   arguments were numbered against program order: every merge added a
//!   small bundle *before* the growing one, the overlap scan ended after
//!   the small side, and each merge cost time linear in the chain. Numbered
//!   in program order (what [`VCode::new`] now does), the growing bundle
//!   lies first, the scan walks it, and the 200-step limit caps bundles at
//!   about 200 ranges.
//! - Block-parameter moves (`ion/moves.rs`,
//!   `apply_allocations_and_insert_moves`): for each block whose start a
//!   live range covers, the scan of `blockparam_ins` restarts at an index
//!   that advances only when a vreg has a second live range, so a function
//!   whose parameter vregs each have one range rescans the entries of all
//!   earlier parameters for every parameter (quadratic). [`VCode::new`]
//!   now forwards the parameters of single-predecessor blocks to their
//!   arguments (the argument dominates the block), so straight chains
//!   present no parameters at all.
//!
//! Cranelift presents the same shape to regalloc2 (parameters per block
//! with none on the entry, arguments per successor edge, predecessors
//! derived from successors, nothing about cold blocks, vregs numbered by
//! its lowering and resolved through aliases, `num_vregs` counting every
//! vreg it created) but runs a constant-phi removal before lowering at
//! every optimization level, which deletes a parameter receiving one value
//! on every edge — every single-predecessor block's parameter among them —
//! so such chains reach regalloc2 without parameters. No
//! [`RegallocOptions`] field changes any of this (SSA validation, on only
//! in debug builds, is linear); fastalloc is linear throughout.
//!
//! Still superlinear, inside regalloc2: per vreg, ion clears a hash map of
//! the blocks whose ends its ranges cover, and clearing costs its capacity
//! once non-empty, which a value live across the whole function grows to
//! the block count. `join` (diamonds whose arms meet in a parameter, with
//! the entry's argument compared in every step) takes 2.6 / 4.5 / 9.6 /
//! 22 / 92 ms for 1k–16k steps of three blocks each; below about 25,000
//! blocks it stays within 2× of linear. The `blockparam_ins` rescan above
//! also remains for real (multi-predecessor) parameters.

use super::asm_sink::Label;
use super::blockorder::BlockIndex;
use super::buffer::MachBuffer;
use super::error::CodegenError;
use super::inst::{MachInst, SpillAbi};
use super::operands::{self, OperandConstraint, OperandKind, OperandPos, OperandVisitor};
use super::reg::{Reg, RegClass};
use super::vcode::VCode;
use regalloc2::{Allocation, Edit, InstOrEdit, MachineEnv, PReg, PRegSet, RegallocOptions};

/// Which regalloc2 algorithm to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RegallocAlgorithm {
    /// The backtracking allocator (`opt_level=speed`).
    #[default]
    Ion,
    /// The fast single-pass allocator (`opt_level=none`).
    Fastalloc,
}

/// A function after register allocation: physical registers only.
#[derive(Clone, Debug)]
pub struct AllocatedCode<I> {
    insts: Vec<I>,
    block_ranges: Vec<(u32, u32)>,
    cold: Vec<bool>,
    /// Spill slots used (in [`SpillAbi::spillslot_size`] units).
    pub num_spillslots: usize,
    /// Every physical register the code writes (defs, clobbers, moves, reloads).
    pub written: PRegSet,
}

impl<I: MachInst> AllocatedCode<I> {
    /// Number of blocks.
    pub fn num_blocks(&self) -> usize {
        self.block_ranges.len()
    }

    /// The final instructions of block `b`.
    pub fn block_insts(&self, b: BlockIndex) -> &[I] {
        let (s, e) = self.block_ranges[b as usize];
        &self.insts[s as usize..e as usize]
    }

    /// The blocks in emission order: hot blocks first, then cold ones.
    pub fn emission_order(&self) -> impl Iterator<Item = BlockIndex> + '_ {
        let n = self.block_ranges.len() as BlockIndex;
        (0..n)
            .filter(|&b| !self.cold[b as usize])
            .chain((0..n).filter(|&b| self.cold[b as usize]))
    }

    /// The callee-saved registers (of `callee_saved`) the code writes, which
    /// the prologue must save.
    pub fn clobbered_callee_saved(&self, callee_saved: PRegSet) -> Vec<PReg> {
        callee_saved
            .into_iter()
            .filter(|&p| self.written.contains(p))
            .collect()
    }

    /// Emits every block in emission order into `buf` (made with one label
    /// per block), binding block `b`'s label at its start. Whenever a fixup
    /// would otherwise go out of reach, an island of pending constants,
    /// traps and veneers is emitted, with a jump around it.
    pub fn emit(
        &self,
        buf: &mut MachBuffer<I::LabelUse>,
        info: &I::EmitInfo,
    ) -> Result<(), CodegenError> {
        let worst = I::worst_case_size();
        for b in self.emission_order() {
            buf.bind_label(Label(b));
            for inst in self.block_insts(b) {
                // Room for this instruction and the jump around the island.
                let distance = worst.saturating_mul(2);
                if buf.island_needed(distance) {
                    let after = buf.new_label();
                    I::gen_jump(after).emit(buf, info)?;
                    buf.emit_island(distance);
                    buf.bind_label(after);
                }
                inst.emit(buf, info)?;
            }
        }
        Ok(())
    }
}

/// regalloc2's working memory, kept between functions so that allocating
/// the next one reuses its buffers instead of allocating and zeroing new
/// ones. Holds the last function's [`regalloc2::Output`].
#[derive(Default)]
pub struct RegallocContext {
    ctx: regalloc2::Ctx,
}

impl RegallocContext {
    /// An empty context (it grows to the largest function allocated).
    pub fn new() -> Self {
        Self::default()
    }
}

std::thread_local! {
    static THREAD_CONTEXT: core::cell::RefCell<RegallocContext> =
        core::cell::RefCell::new(RegallocContext::new());
}

/// Calls `f` with this thread's [`RegallocContext`], so that a driver
/// compiling one function at a time through a stateless entry point still
/// reuses regalloc2's buffers across functions. Re-entered (which no
/// driver does), it hands out a fresh context instead.
pub fn with_thread_context<R>(f: impl FnOnce(&mut RegallocContext) -> R) -> R {
    THREAD_CONTEXT.with(|cell| match cell.try_borrow_mut() {
        Ok(mut context) => f(&mut context),
        Err(_) => f(&mut RegallocContext::new()),
    })
}

impl core::fmt::Debug for RegallocContext {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("RegallocContext")
    }
}

fn regalloc_options(algorithm: RegallocAlgorithm) -> RegallocOptions {
    RegallocOptions {
        verbose_log: false,
        // Linear, but not free: only where the test suite runs.
        validate_ssa: cfg!(any(test, debug_assertions)),
        algorithm: match algorithm {
            RegallocAlgorithm::Ion => regalloc2::Algorithm::Ion,
            RegallocAlgorithm::Fastalloc => regalloc2::Algorithm::Fastalloc,
        },
    }
}

/// Runs the allocator on `vcode` with the target's `env`.
pub fn run_regalloc<I: MachInst>(
    vcode: &VCode<I>,
    env: &MachineEnv,
    algorithm: RegallocAlgorithm,
) -> Result<regalloc2::Output, CodegenError> {
    let mut context = RegallocContext::new();
    run_regalloc_in(&mut context, vcode, env, algorithm, true)?;
    Ok(core::mem::take(&mut context.ctx.output))
}

/// [`run_regalloc`] reusing `context`'s buffers; the result lives in the
/// context until its next use. `checked: false` skips the checker even in
/// a debug build (for inputs too large to check in reasonable time).
pub fn run_regalloc_in<'c, I: MachInst>(
    context: &'c mut RegallocContext,
    vcode: &VCode<I>,
    env: &MachineEnv,
    algorithm: RegallocAlgorithm,
    checked: bool,
) -> Result<&'c regalloc2::Output, CodegenError> {
    let options = regalloc_options(algorithm);
    let output = regalloc2::run_with_ctx(vcode, env, &options, &mut context.ctx)
        .map_err(|e| CodegenError::Regalloc(format!("{e:?}")))?;
    if checked {
        check(vcode, env, output)?;
    }
    Ok(output)
}

#[cfg(any(test, feature = "regalloc-checker"))]
fn check<I: MachInst>(
    vcode: &VCode<I>,
    env: &MachineEnv,
    output: &regalloc2::Output,
) -> Result<(), CodegenError> {
    if !cfg!(any(test, debug_assertions)) {
        return Ok(());
    }
    let mut checker = regalloc2::checker::Checker::new(vcode, env);
    checker.prepare(output);
    checker
        .run()
        .map_err(|e| CodegenError::Regalloc(format!("checker: {e:?}")))
}

#[cfg(not(any(test, feature = "regalloc-checker")))]
fn check<I: MachInst>(
    _vcode: &VCode<I>,
    _env: &MachineEnv,
    _output: &regalloc2::Output,
) -> Result<(), CodegenError> {
    Ok(())
}

/// Writes allocations back into the operand slots, in collection order.
struct Applier<'a> {
    allocs: &'a [Allocation],
    next: usize,
    written: &'a mut PRegSet,
    error: Option<String>,
}

impl OperandVisitor for Applier<'_> {
    fn operand(
        &mut self,
        reg: &mut Reg,
        kind: OperandKind,
        constraint: OperandConstraint,
        pos: OperandPos,
    ) {
        if operands::to_regalloc2(*reg, kind, constraint, pos).is_none() {
            if kind == OperandKind::Def
                && let Some(p) = reg.to_preg()
            {
                self.written.add(p);
            }
            return;
        }
        let Some(alloc) = self.allocs.get(self.next) else {
            self.error = Some("fewer allocations than operands".into());
            return;
        };
        self.next += 1;
        match alloc.as_reg() {
            Some(p) => {
                *reg = preg_to_reg(p);
                if kind == OperandKind::Def {
                    self.written.add(p);
                }
            }
            None => self.error = Some(format!("operand allocated to {alloc}, not a register")),
        }
    }
    fn clobber(&mut self, reg: Reg) {
        if let Some(p) = reg.to_preg() {
            self.written.add(p);
        }
    }
}

fn preg_to_reg(p: PReg) -> Reg {
    let class = match p.class() {
        regalloc2::RegClass::Int => RegClass::Int,
        regalloc2::RegClass::Float => RegClass::Float,
        regalloc2::RegClass::Vector => RegClass::Vector,
    };
    Reg::phys(class, p.hw_enc() as u8)
}

/// Applies `output` to `vcode`: the final instructions of every block.
pub fn apply_allocations<I: MachInst>(
    vcode: &VCode<I>,
    output: &regalloc2::Output,
    abi: &impl SpillAbi<I>,
) -> Result<AllocatedCode<I>, CodegenError> {
    let mut code = AllocatedCode {
        insts: Vec::with_capacity(vcode.num_insts() + output.edits.len()),
        block_ranges: Vec::with_capacity(vcode.num_blocks()),
        cold: Vec::with_capacity(vcode.num_blocks()),
        num_spillslots: output.num_spillslots,
        written: PRegSet::empty(),
    };
    for b in 0..vcode.num_blocks() {
        let start = code.insts.len() as u32;
        for item in output.block_insts_and_edits(vcode, regalloc2::Block::new(b)) {
            match item {
                InstOrEdit::Inst(i) => {
                    let mut inst = vcode.inst(i.index()).clone();
                    let mut applier = Applier {
                        allocs: output.inst_allocs(i),
                        next: 0,
                        written: &mut code.written,
                        error: None,
                    };
                    inst.collect_operands(&mut applier);
                    if let Some(e) = applier.error {
                        return Err(CodegenError::Regalloc(format!("{e} in {inst:?}")));
                    }
                    if let Some((dst, src)) = inst.is_move()
                        && dst == src
                    {
                        continue;
                    }
                    code.insts.push(inst);
                }
                InstOrEdit::Edit(&Edit::Move { from, to }) => {
                    if from == to {
                        continue;
                    }
                    let inst = match (from.as_reg(), to.as_reg()) {
                        (Some(f), Some(t)) => {
                            let ty = I::canonical_type_for_class(preg_to_reg(t).class());
                            I::gen_move(preg_to_reg(t), preg_to_reg(f), ty)
                        }
                        (Some(f), None) => match to.as_stack() {
                            Some(slot) => abi.gen_spill(slot.index(), preg_to_reg(f)),
                            None => return Err(bad_edit(from, to)),
                        },
                        (None, Some(t)) => match from.as_stack() {
                            Some(slot) => abi.gen_reload(preg_to_reg(t), slot.index()),
                            None => return Err(bad_edit(from, to)),
                        },
                        (None, None) => return Err(bad_edit(from, to)),
                    };
                    if let Some(t) = to.as_reg() {
                        code.written.add(t);
                    }
                    code.insts.push(inst);
                }
            }
        }
        code.block_ranges.push((start, code.insts.len() as u32));
        code.cold.push(vcode.is_cold(b as BlockIndex));
    }
    Ok(code)
}

fn bad_edit(from: Allocation, to: Allocation) -> CodegenError {
    CodegenError::Regalloc(format!("unsupported edit: move {from} -> {to}"))
}
