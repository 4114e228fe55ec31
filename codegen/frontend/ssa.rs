//! SSA construction: from variable definitions and uses to block parameters.
//!
//! The algorithm is the one of Braun, Buchwald, Hack, Leißa, Mallon and
//! Zwinkau, "Simple and Efficient Construction of Static Single Assignment
//! Form" (CC 2013), with block parameters in place of φ-functions:
//!
//! - A *definition* of variable `x` in block `B` is recorded as the value
//!   `x` holds from that point of `B` on (`defs[(x, B)]`).
//! - A *use* of `x` in `B` without a local definition looks backwards. In a
//!   **sealed** block (all predecessors known) with one predecessor the
//!   value is the predecessor's; with several, `B` gets a new parameter
//!   whose branch arguments are the value of `x` at the end of each
//!   predecessor; with none (the entry block, or unreachable code) `x` was
//!   never defined and holds zero. In an **unsealed** block the parameter is
//!   created *incomplete*: its arguments are added when the block is sealed.
//! - A parameter is *trivial* when every argument is the parameter itself or
//!   one other value `v`: it is removed (with its argument in every
//!   predecessor's branch) and becomes an alias of `v` (of a zero constant
//!   when there is no `v`). Removing it can make the parameters it fed
//!   trivial in turn, so those are checked again.
//!
//! Nothing here recurses on the input. The paper's mutual recursion between
//! "read variable" and "add φ operands" becomes two loops over explicit
//! work lists:
//! 1. [`SsaBuilder::lookup`] walks single-predecessor chains iteratively and
//!    stops at a definition or at a block that needs a parameter; a new
//!    parameter of a sealed block goes on the `pending` list.
//! 2. [`SsaBuilder::complete_pending`] pops pending parameters and gives each
//!    its branch arguments, one `lookup` per predecessor (which may push
//!    more parameters). Each parameter is pushed once, so this terminates.
//! 3. [`SsaBuilder::remove_trivial_params`] pops candidate parameters, and
//!    on removing one pushes the parameters that used it.
//!
//! Invariants:
//! - Branch arguments line up with parameters: the arguments the builder's
//!   user passes come first, then one per SSA parameter in creation order.
//!   Every SSA parameter of a sealed block has an argument in every
//!   predecessor's branch, because `pending` is drained before another
//!   variable is looked up and incomplete parameters are completed in order.
//! - A sealed block gets no new predecessors (the builder reports it).
//! - `defs` may hold values that later became aliases; every value handed
//!   out is resolved through the DFG's aliases first.
//! - No output depends on hash-map iteration order: the maps are only
//!   probed, never iterated.

use super::Variable;
use crate::entity::{EntityRef, SecondaryMap};
use crate::ir::block_call::{BlockArg, BlockCall, ValueListPool};
use crate::ir::constant::ConstantData;
use crate::ir::immediates::{Ieee16, Ieee32, Ieee64};
use crate::ir::types::{self, Type};
use crate::ir::{
    Block, DataFlowGraph, Function, InsertBuilder, Inst, InstBuilder, Value, ValueDef,
};
use core::hash::{BuildHasherDefault, Hasher};
use smallvec::SmallVec;
use std::collections::HashMap;

/// A predecessor edge: `branch`, the terminator of `block`, targets the
/// block this is recorded for (through one or more of its block calls).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Predecessor {
    /// The block ending in `branch`.
    pub(crate) block: Block,
    /// The branch instruction.
    pub(crate) branch: Inst,
}

/// What SSA construction knows about one block.
#[derive(Clone, Debug, Default)]
struct SsaBlock {
    /// Every branch to this block, one entry per branch instruction.
    predecessors: SmallVec<[Predecessor; 4]>,
    /// Are all predecessors known?
    sealed: bool,
    /// Parameters created while unsealed, in creation (= parameter) order;
    /// their arguments are added when the block is sealed.
    incomplete: SmallVec<[(Variable, Value); 2]>,
    /// How many of the block's parameters SSA construction created.
    ssa_params: u32,
}

/// A parameter of a sealed block waiting for its branch arguments.
#[derive(Clone, Copy, Debug)]
struct PendingParam {
    param: Value,
    var: Variable,
    block: Block,
}

/// A small multiplicative hasher for the `u64` keys below (the SplitMix64
/// finaliser): entity pairs are not adversarial, and SipHash would
/// dominate the cost of a lookup.
#[derive(Default)]
struct EntityKeyHasher(u64);

impl Hasher for EntityKeyHasher {
    fn finish(&self) -> u64 {
        let mut x = self.0;
        x ^= x >> 30;
        x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x ^= x >> 27;
        x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 ^= x;
    }
}

type EntityKeyMap<V> = HashMap<u64, V, BuildHasherDefault<EntityKeyHasher>>;

fn def_key(var: Variable, block: Block) -> u64 {
    (var.index() as u64) << 32 | block.index() as u64
}

/// The state of SSA construction for one function; reusable (see [`Self::clear`]).
#[derive(Default)]
pub(crate) struct SsaBuilder {
    /// The value of a variable at the end of (or so far in) a block.
    defs: EntityKeyMap<Value>,
    blocks: SecondaryMap<Block, SsaBlock>,
    /// Is the value a parameter created here (and not removed)?
    is_ssa_param: SecondaryMap<Value, bool>,
    /// For an SSA parameter, the SSA parameters it is a branch argument of.
    param_users: EntityKeyMap<SmallVec<[Value; 2]>>,
    /// Parameters of sealed blocks waiting for their arguments.
    pending: Vec<PendingParam>,
    /// Parameters to check for triviality.
    candidates: Vec<Value>,
    /// Scratch: the blocks a single-predecessor walk passed through.
    chain: Vec<Block>,
    /// Did any parameter become an alias?
    made_aliases: bool,
}

impl SsaBuilder {
    /// Forgets everything, keeping allocations.
    pub(crate) fn clear(&mut self) {
        self.defs.clear();
        self.blocks.clear();
        self.is_ssa_param.clear();
        self.param_users.clear();
        self.pending.clear();
        self.candidates.clear();
        self.chain.clear();
        self.made_aliases = false;
    }

    /// Records that `var` holds `value` from now on in `block`.
    pub(crate) fn def_var(&mut self, var: Variable, value: Value, block: Block) {
        self.defs.insert(def_key(var, block), value);
    }

    /// Is `block` sealed?
    pub(crate) fn is_sealed(&self, block: Block) -> bool {
        self.blocks[block].sealed
    }

    /// The recorded predecessors of `block`.
    pub(crate) fn predecessors(&self, block: Block) -> &[Predecessor] {
        &self.blocks[block].predecessors
    }

    /// How many parameters of `block` SSA construction added (and kept).
    pub(crate) fn ssa_param_count(&self, block: Block) -> u32 {
        self.blocks[block].ssa_params
    }

    /// Did SSA construction turn any value into an alias?
    pub(crate) fn made_aliases(&self) -> bool {
        self.made_aliases
    }

    /// Records `branch` in `pred` as a branch to `block`. Returns `false`
    /// (and records nothing) when `block` is already sealed.
    pub(crate) fn declare_predecessor(&mut self, block: Block, pred: Block, branch: Inst) -> bool {
        let data = &mut self.blocks[block];
        if data.sealed {
            return false;
        }
        data.predecessors.push(Predecessor {
            block: pred,
            branch,
        });
        true
    }

    /// The value of `var` (of type `ty`) at the current end of `block`,
    /// adding block parameters where needed.
    pub(crate) fn use_var(
        &mut self,
        func: &mut Function,
        var: Variable,
        ty: Type,
        block: Block,
    ) -> Value {
        let value = self.lookup(func, var, ty, block);
        self.complete_pending(func);
        self.remove_trivial_params(func);
        func.dfg.resolve_aliases_compress(value)
    }

    /// Declares that `block` will get no more predecessors: completes its
    /// incomplete parameters and removes those that are trivial.
    pub(crate) fn seal_block(&mut self, func: &mut Function, block: Block) {
        if self.blocks[block].sealed {
            return;
        }
        self.blocks[block].sealed = true;
        let incomplete = core::mem::take(&mut self.blocks[block].incomplete);
        for &(var, param) in &incomplete {
            let ty = func.dfg.value_type(param);
            self.add_branch_args(func, PendingParam { param, var, block }, ty);
            // Drain before the next variable so that each block's new
            // parameters get their arguments in parameter order.
            self.complete_pending(func);
        }
        self.remove_trivial_params(func);
        // Give the buffer back for reuse.
        let mut incomplete = incomplete;
        incomplete.clear();
        self.blocks[block].incomplete = incomplete;
    }

    /// Finds the value of `var` at the end of `block` without recursing:
    /// follows single predecessors of sealed blocks until a definition, a
    /// block with no predecessors (zero), an unsealed block (incomplete
    /// parameter) or a sealed block with several predecessors (parameter
    /// pushed on `pending`). Caches the result in every block passed.
    fn lookup(&mut self, func: &mut Function, var: Variable, ty: Type, start: Block) -> Value {
        self.chain.clear();
        let mut block = start;
        let value = loop {
            if let Some(&v) = self.defs.get(&def_key(var, block)) {
                break v;
            }
            let data = &self.blocks[block];
            if !data.sealed {
                let param = self.add_ssa_param(func, block, ty);
                self.blocks[block].incomplete.push((var, param));
                break param;
            }
            match data.predecessors.as_slice() {
                [] => break zero_value(func, block, ty),
                [single] => {
                    let next = single.block;
                    // A chain longer than the function has blocks went round
                    // a cycle of single-predecessor blocks: code no entry
                    // reaches, where the variable was never defined.
                    if self.chain.len() > func.dfg.num_blocks() {
                        break zero_value(func, block, ty);
                    }
                    self.chain.push(block);
                    block = next;
                }
                _ => {
                    let param = self.add_ssa_param(func, block, ty);
                    self.pending.push(PendingParam { param, var, block });
                    break param;
                }
            }
        };
        let value = func.dfg.resolve_aliases_compress(value);
        self.defs.insert(def_key(var, block), value);
        for &passed in &self.chain {
            self.defs.insert(def_key(var, passed), value);
        }
        value
    }

    fn add_ssa_param(&mut self, func: &mut Function, block: Block, ty: Type) -> Value {
        let param = func.dfg.append_block_param(block, ty);
        self.blocks[block].ssa_params += 1;
        self.is_ssa_param[param] = true;
        param
    }

    /// Gives every pending parameter its branch arguments.
    fn complete_pending(&mut self, func: &mut Function) {
        while let Some(pending) = self.pending.pop() {
            let ty = func.dfg.value_type(pending.param);
            self.add_branch_args(func, pending, ty);
        }
    }

    /// Appends the value of `pending.var` at the end of each predecessor
    /// to that predecessor's branch, and queues the parameter for the
    /// triviality check.
    fn add_branch_args(&mut self, func: &mut Function, pending: PendingParam, ty: Type) {
        let PendingParam { param, var, block } = pending;
        let count = self.blocks[block].predecessors.len();
        for i in 0..count {
            let pred = self.blocks[block].predecessors[i];
            let arg = self.lookup(func, var, ty, pred.block);
            for_each_call_to(&mut func.dfg, pred.branch, block, |call, pool| {
                call.append_argument(arg, pool);
            });
            if self.is_ssa_param[arg] {
                self.param_users
                    .entry(u64::from(arg.as_u32()))
                    .or_default()
                    .push(param);
            }
        }
        self.candidates.push(param);
    }

    /// Removes trivial parameters until none of the candidates is.
    fn remove_trivial_params(&mut self, func: &mut Function) {
        while let Some(param) = self.candidates.pop() {
            if !self.is_ssa_param[param] {
                continue;
            }
            let ValueDef::Param(block, num) = func.dfg.value_def(param) else {
                continue;
            };
            if !self.blocks[block].sealed {
                continue;
            }
            let Some(same) = self.trivial_replacement(func, param, block, num) else {
                continue;
            };
            let replacement = match same {
                Some(v) => v,
                None => zero_value(func, block, func.dfg.value_type(param)),
            };
            for pred in &self.blocks[block].predecessors {
                for_each_call_to(&mut func.dfg, pred.branch, block, |call, pool| {
                    call.remove(num, pool);
                });
            }
            let removed = func.dfg.remove_block_param(param);
            let aliased = func.dfg.change_to_alias(param, replacement);
            debug_assert!(
                removed.is_ok() && aliased.is_ok(),
                "{removed:?} {aliased:?}"
            );
            self.is_ssa_param[param] = false;
            self.blocks[block].ssa_params -= 1;
            self.made_aliases = true;
            if let Some(users) = self.param_users.remove(&u64::from(param.as_u32())) {
                self.candidates.extend(users.iter().copied());
                if self.is_ssa_param[replacement] {
                    self.param_users
                        .entry(u64::from(replacement.as_u32()))
                        .or_default()
                        .extend(users);
                }
            }
        }
    }

    /// `None` if `param` (number `num` of `block`) is not trivial;
    /// `Some(Some(v))` if every argument is `param` or `v`; `Some(None)` if
    /// every argument is `param` itself (or there are none).
    fn trivial_replacement(
        &self,
        func: &mut Function,
        param: Value,
        block: Block,
        num: usize,
    ) -> Option<Option<Value>> {
        let mut same = None;
        for pred in &self.blocks[block].predecessors {
            let arg = first_call_to(&func.dfg, pred.branch, block)
                .and_then(|call| call.arg(num, &func.dfg.value_lists))
                .and_then(BlockArg::as_value)?;
            let arg = func.dfg.resolve_aliases_compress(arg);
            if arg == param || same == Some(arg) {
                continue;
            }
            if same.is_some() {
                return None;
            }
            same = Some(arg);
        }
        Some(same)
    }
}

/// The first block call of `branch` that targets `dest`.
fn first_call_to(dfg: &DataFlowGraph, branch: Inst, dest: Block) -> Option<BlockCall> {
    dfg.inst_block_calls(branch)
        .find(|call| call.block(&dfg.value_lists) == dest)
}

/// Applies `f` to every block call of `branch` that targets `dest`, in
/// place (a call's storage may move when it grows).
pub(crate) fn for_each_call_to(
    dfg: &mut DataFlowGraph,
    branch: Inst,
    dest: Block,
    mut f: impl FnMut(&mut BlockCall, &mut ValueListPool),
) {
    let pool = &mut dfg.value_lists;
    let Some(data) = dfg.insts.get_mut(branch) else {
        return;
    };
    let mut visit = |call: &mut BlockCall| {
        if call.block(pool) == dest {
            f(call, pool);
        }
    };
    if let Some(jt) = data.jump_table() {
        if let Some(table) = dfg.jump_tables.get_mut(jt) {
            table.all_branches_mut().iter_mut().for_each(&mut visit);
        }
    } else if let Some(et) = data.exception_table() {
        if let Some(table) = dfg.exception_tables.get_mut(et) {
            table.for_each_branch_mut(visit);
        }
    } else {
        data.block_calls_mut().iter_mut().for_each(visit);
    }
}

/// A zero of type `ty` defined at the top of `block` (so it dominates
/// everything the block does), inserting the block at the end of the
/// layout if it is not there yet.
fn zero_value(func: &mut Function, block: Block, ty: Type) -> Value {
    if !func.layout.is_block_inserted(block) {
        func.layout.append_block(block);
    }
    let at = func.layout.first_inst(block);
    if ty.is_vector() || ty == types::F128 {
        let zeros = ConstantData::from(vec![0u8; ty.bytes() as usize]);
        let constant = func.dfg.constants.insert(zeros);
        return if ty == types::F128 {
            top(func, block, at).f128const(constant)
        } else {
            top(func, block, at).vconst(ty, constant)
        };
    }
    match ty {
        types::I128 => {
            let low = top(func, block, at).iconst(types::I64, 0);
            top(func, block, at).uextend(types::I128, low)
        }
        types::F16 => top(func, block, at).f16const(Ieee16::with_bits(0)),
        types::F32 => top(func, block, at).f32const(Ieee32::with_bits(0)),
        types::F64 => top(func, block, at).f64const(Ieee64::with_bits(0)),
        // The remaining variable types are the scalar integers up to i64.
        _ => top(func, block, at).iconst(ty, 0),
    }
}

/// A builder inserting before `at` (the block's first instruction when the
/// zero was requested), or appending to `block` if it was empty: so that
/// several instructions keep their order.
fn top(func: &mut Function, block: Block, at: Option<Inst>) -> InsertBuilder<'_> {
    match at {
        Some(first) => func.ins_before(first),
        None => func.ins(block),
    }
}
