//! The frontend: building CLIF functions from a language with mutable
//! variables, without constructing SSA form by hand.
//!
//! A [`FunctionBuilder`] appends instructions to a [`Function`] block by
//! block. Instead of wiring block parameters itself, its user declares
//! [`Variable`]s, defines them (`def_var`) and reads them (`use_var`); the
//! builder turns each read into the SSA value reaching that point, adding
//! block parameters and branch arguments where control flow merges and
//! removing the ones that turn out redundant. The algorithm is Braun et
//! al.'s "Simple and Efficient Construction of SSA Form" with explicit
//! work lists instead of recursion, so that no input can overflow the
//! stack; `codegen/frontend/ssa.rs` describes it and its invariants.
//!
//! ```
//! use lathe::frontend::{FunctionBuilder, FunctionBuilderContext};
//! use lathe::ir::{types::I32, AbiParam, CallConv, Function, InstBuilder, Signature};
//!
//! let mut sig = Signature::new(CallConv::SystemV);
//! sig.params.push(AbiParam::new(I32));
//! sig.returns.push(AbiParam::new(I32));
//! let mut func = Function::with_name_signature(Default::default(), sig);
//! let mut ctx = FunctionBuilderContext::new();
//! let mut b = FunctionBuilder::new(&mut func, &mut ctx);
//! let x = b.declare_var(I32);
//! let entry = b.create_block();
//! b.append_block_params_for_function_params(entry);
//! b.switch_to_block(entry);
//! b.seal_block(entry);
//! let arg = b.block_params(entry)[0];
//! b.def_var(x, arg);
//! let v = b.use_var(x);
//! let doubled = b.ins().iadd(v, v);
//! b.ins().return_(&[doubled]);
//! b.finalize();
//! assert!(lathe::verifier::verify_function(&func).is_ok());
//! ```
//!
//! # The life of a block
//! `create_block` makes it; `switch_to_block` makes it current (it enters
//! the layout with its first instruction); instructions go to its end
//! through `ins()` until a terminator *fills* it. A block is *sealed*
//! (`seal_block`) once every branch to it has been built: variable reads
//! in it can then look at all its predecessors. Seal as early as possible
//! — a loop header after its back edges, other blocks as soon as their
//! predecessors are done — or call `seal_all_blocks` at the end.
//!
//! # Errors
//! Every method that can be misused has a `try_` variant returning a
//! [`FrontendError`]; the plain variant panics with the same message.
//! Misuse found while an instruction is built (a branch to a sealed block)
//! is reported by [`FunctionBuilder::try_finalize`], which also checks that
//! every block is sealed and terminated.
//!
//! # Undefined variables
//! A variable read where it was never defined on some path (a block with
//! no predecessors, the entry block included) reads as zero of its type: a
//! constant is placed at the top of that block. This is Cranelift's
//! choice; a language that forbids such reads checks them itself.
//!
//! # Removed parameters
//! A block parameter found redundant is removed with its branch arguments
//! and its value becomes an alias of the value it stood for (printed
//! `v8 -> v3`); `finalize` rewrites the uses to the surviving value.
//!
//! Invariants: the builder only appends to the current block (SSA
//! construction may insert constants at the top of earlier blocks); every
//! branch built through `ins()` is recorded as a predecessor of its
//! targets; a jump table is used by one `br_table` only (its block calls
//! receive the SSA arguments).

mod error;
mod memory;
mod ssa;
mod switch;
// The tests run built functions on the interpreter.
#[cfg(all(test, feature = "interpreter"))]
mod tests;

pub use error::{FrontendError, FrontendErrors};
pub use memory::{MAX_INLINE_ACCESSES, TargetFrontendConfig};
pub use switch::{MAX_LINEAR_NODES, MIN_JUMP_TABLE_ENTRIES, Switch};

use crate::entity::{EntityRef, PrimaryMap};
use crate::entity_impl;
use crate::ir::block_call::{BlockArg, BlockCall};
use crate::ir::{
    Block, DataFlowGraph, ExtFuncData, FuncRef, Function, Inst, InstBuilderBase, InstructionData,
    JumpTable, JumpTableData, SigRef, Signature, StackSlot, StackSlotData, Type, Value,
};
use smallvec::SmallVec;
use ssa::SsaBuilder;

/// A variable of the source language, mapped to SSA values by the builder
/// (`var0`, `var1`, … in messages).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Variable(u32);
entity_impl!(Variable, "var");

/// Buffers of a [`FunctionBuilder`], kept between functions so that
/// building many functions allocates little.
#[derive(Default)]
pub struct FunctionBuilderContext {
    ssa: SsaBuilder,
    var_types: PrimaryMap<Variable, Type>,
    /// Misuse found while building instructions, reported by `try_finalize`.
    deferred: Vec<FrontendError>,
}

impl FunctionBuilderContext {
    /// Empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    fn clear(&mut self) {
        self.ssa.clear();
        self.var_types.clear();
        self.deferred.clear();
    }
}

/// Builds a [`Function`] block by block, with variables turned into SSA
/// values. See the [module documentation](self).
pub struct FunctionBuilder<'a> {
    /// The function being built (its preamble tables may be used directly).
    pub func: &'a mut Function,
    ctx: &'a mut FunctionBuilderContext,
    current: Option<Block>,
}

/// Unwraps a `try_` result in a plain builder method: misuse of the API is
/// a bug in the caller, reported with the same message the `try_` variant
/// returns.
fn or_panic<T>(result: Result<T, FrontendError>) -> T {
    match result {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    }
}

impl<'a> FunctionBuilder<'a> {
    /// A builder appending to `func` (normally empty but for its name and
    /// signature), using and clearing the buffers of `ctx`.
    pub fn new(func: &'a mut Function, ctx: &'a mut FunctionBuilderContext) -> Self {
        ctx.clear();
        Self {
            func,
            ctx,
            current: None,
        }
    }

    // ---- variables ----

    /// Declares a new variable of type `ty`. Panics on a type no variable
    /// can have (see [`Self::try_declare_var`]).
    pub fn declare_var(&mut self, ty: Type) -> Variable {
        or_panic(self.try_declare_var(ty))
    }

    /// Declares a new variable of type `ty`: an integer, float or
    /// fixed-size vector type.
    pub fn try_declare_var(&mut self, ty: Type) -> Result<Variable, FrontendError> {
        if ty.is_invalid() || ty.is_dynamic_vector() || !(ty.is_int() || ty.is_float()) {
            return Err(FrontendError::InvalidVariableType(ty));
        }
        Ok(self.ctx.var_types.push(ty))
    }

    /// The type `var` was declared with.
    pub fn var_type(&self, var: Variable) -> Option<Type> {
        self.ctx.var_types.get(var).copied()
    }

    /// Assigns `value` to `var` at the current point. Panics on misuse
    /// (see [`Self::try_def_var`]).
    pub fn def_var(&mut self, var: Variable, value: Value) {
        or_panic(self.try_def_var(var, value))
    }

    /// Assigns `value` to `var` at the current point; errors if `var` was
    /// not declared, `value` is not of its type, or there is no current block.
    pub fn try_def_var(&mut self, var: Variable, value: Value) -> Result<(), FrontendError> {
        let expected = self.checked_var_type(var)?;
        if !self.func.dfg.value_is_valid(value) {
            return Err(FrontendError::InvalidValue(value));
        }
        let found = self.func.dfg.value_type(value);
        if found != expected {
            return Err(FrontendError::VariableTypeMismatch {
                var,
                expected,
                value,
                found,
            });
        }
        let block = self.current.ok_or(FrontendError::NoCurrentBlock)?;
        self.ctx.ssa.def_var(var, value, block);
        Ok(())
    }

    /// The value of `var` at the current point. Panics on misuse (see
    /// [`Self::try_use_var`]).
    pub fn use_var(&mut self, var: Variable) -> Value {
        or_panic(self.try_use_var(var))
    }

    /// The value of `var` at the current point, adding block parameters
    /// where control flow merges; zero where `var` was never defined.
    /// Errors if `var` was not declared or there is no current block.
    pub fn try_use_var(&mut self, var: Variable) -> Result<Value, FrontendError> {
        let ty = self.checked_var_type(var)?;
        let block = self.current.ok_or(FrontendError::NoCurrentBlock)?;
        Ok(self.ctx.ssa.use_var(self.func, var, ty, block))
    }

    fn checked_var_type(&self, var: Variable) -> Result<Type, FrontendError> {
        self.var_type(var)
            .ok_or(FrontendError::UndeclaredVariable(var))
    }

    // ---- blocks ----

    /// A new block, not yet in the layout.
    pub fn create_block(&mut self) -> Block {
        self.func.dfg.make_block()
    }

    /// The block instructions go to, if any.
    pub fn current_block(&self) -> Option<Block> {
        self.current
    }

    /// Makes `block` current. Panics on misuse (see [`Self::try_switch_to_block`]).
    pub fn switch_to_block(&mut self, block: Block) {
        or_panic(self.try_switch_to_block(block))
    }

    /// Makes `block` current. Errors if `block` is not a block of the
    /// function or already terminated, or if the current block has
    /// instructions but no terminator.
    pub fn try_switch_to_block(&mut self, block: Block) -> Result<(), FrontendError> {
        self.check_block(block)?;
        if let Some(current) = self.current
            && current != block
            && !self.block_is_pristine(current)
            && !self.block_is_filled(current)
        {
            return Err(FrontendError::UnfinishedBlock(current));
        }
        if self.block_is_filled(block) {
            return Err(FrontendError::BlockFilled(block));
        }
        self.current = Some(block);
        Ok(())
    }

    /// Declares that every branch to `block` has been built. Panics if
    /// `block` is not a block of the function.
    pub fn seal_block(&mut self, block: Block) {
        or_panic(self.try_seal_block(block))
    }

    /// Declares that every branch to `block` has been built: completes the
    /// parameters variable reads added to it and removes redundant ones.
    /// Sealing twice does nothing.
    pub fn try_seal_block(&mut self, block: Block) -> Result<(), FrontendError> {
        self.check_block(block)?;
        self.ctx.ssa.seal_block(self.func, block);
        Ok(())
    }

    /// Seals every block of the function not sealed yet, in block order.
    pub fn seal_all_blocks(&mut self) {
        for index in 0..self.func.dfg.num_blocks() {
            self.ctx.ssa.seal_block(self.func, Block::new(index));
        }
    }

    /// Is `block` sealed?
    pub fn is_sealed(&self, block: Block) -> bool {
        self.ctx.ssa.is_sealed(block)
    }

    /// Adds a parameter of type `ty` to `block`. Panics on misuse (see
    /// [`Self::try_append_block_param`]).
    pub fn append_block_param(&mut self, block: Block, ty: Type) -> Value {
        or_panic(self.try_append_block_param(block, ty))
    }

    /// Adds a parameter of type `ty` to `block`, for branches to pass
    /// explicitly. Errors if variable reads already added parameters to
    /// `block`: a block's own parameters come first.
    pub fn try_append_block_param(
        &mut self,
        block: Block,
        ty: Type,
    ) -> Result<Value, FrontendError> {
        self.check_block(block)?;
        if self.ctx.ssa.ssa_param_count(block) > 0 {
            return Err(FrontendError::ParamAfterSsaParams(block));
        }
        Ok(self.func.dfg.append_block_param(block, ty))
    }

    /// Adds one parameter per signature parameter to `block` (the entry
    /// block). Panics on misuse (see [`Self::try_append_block_param`]).
    pub fn append_block_params_for_function_params(&mut self, block: Block) {
        or_panic(self.try_append_block_params_for_function_params(block))
    }

    /// Adds one parameter per signature parameter to `block`.
    pub fn try_append_block_params_for_function_params(
        &mut self,
        block: Block,
    ) -> Result<(), FrontendError> {
        for i in 0..self.func.signature.params.len() {
            let ty = self.func.signature.params[i].value_type;
            self.try_append_block_param(block, ty)?;
        }
        Ok(())
    }

    /// The parameters of `block`.
    pub fn block_params(&self, block: Block) -> &[Value] {
        self.func.dfg.block_params(block)
    }

    /// Marks `block` cold: the backend places it after the others.
    pub fn set_cold_block(&mut self, block: Block) {
        if self.func.dfg.block_is_valid(block) {
            self.func.layout.set_cold(block);
        }
    }

    /// Is the current block unreachable: sealed, not the entry block, and
    /// without predecessors? Code built there is dead.
    pub fn is_unreachable(&self) -> bool {
        let Some(current) = self.current else {
            return false;
        };
        let is_entry = self.func.layout.entry_block().is_none_or(|e| e == current);
        !is_entry
            && self.ctx.ssa.is_sealed(current)
            && self.ctx.ssa.predecessors(current).is_empty()
    }

    /// Has the current block no instructions yet (true without a current block)?
    pub fn is_pristine(&self) -> bool {
        self.current.is_none_or(|b| self.block_is_pristine(b))
    }

    /// Does the current block end in a terminator?
    pub fn is_filled(&self) -> bool {
        self.current.is_some_and(|b| self.block_is_filled(b))
    }

    fn block_is_pristine(&self, block: Block) -> bool {
        self.func.layout.first_inst(block).is_none()
    }

    fn block_is_filled(&self, block: Block) -> bool {
        self.func
            .layout
            .last_inst(block)
            .is_some_and(|i| self.func.dfg.insts[i].opcode().is_terminator())
    }

    fn check_block(&self, block: Block) -> Result<(), FrontendError> {
        if self.func.dfg.block_is_valid(block) {
            Ok(())
        } else {
            Err(FrontendError::InvalidBlock(block))
        }
    }

    // ---- preamble shortcuts ----

    /// The function's signature.
    pub fn signature(&self) -> &Signature {
        &self.func.signature
    }

    /// Adds a signature for calls.
    pub fn import_signature(&mut self, signature: Signature) -> SigRef {
        self.func.import_signature(signature)
    }

    /// Adds an external function.
    pub fn import_function(&mut self, data: ExtFuncData) -> FuncRef {
        self.func.import_function(data)
    }

    /// Adds a stack slot.
    pub fn create_sized_stack_slot(&mut self, data: StackSlotData) -> StackSlot {
        self.func.create_sized_stack_slot(data)
    }

    /// Adds a jump table for one `br_table`.
    pub fn create_jump_table(&mut self, data: JumpTableData) -> JumpTable {
        self.func.create_jump_table(data)
    }

    /// A block call of `block` without arguments, for jump tables.
    pub fn block_call(&mut self, block: Block, args: &[BlockArg]) -> BlockCall {
        self.func.dfg.block_call(block, args)
    }

    // ---- instructions ----

    /// An instruction builder appending to the current block. Panics
    /// without a current block or when it is already terminated (see
    /// [`Self::try_ins`]).
    pub fn ins<'short>(&'short mut self) -> FuncInstBuilder<'short, 'a> {
        or_panic(self.try_ins())
    }

    /// An instruction builder appending to the current block; errors
    /// without a current block or when it already ends in a terminator.
    pub fn try_ins<'short>(&'short mut self) -> Result<FuncInstBuilder<'short, 'a>, FrontendError> {
        let block = self.current.ok_or(FrontendError::NoCurrentBlock)?;
        if self.block_is_filled(block) {
            return Err(FrontendError::BlockFilled(block));
        }
        Ok(FuncInstBuilder {
            builder: self,
            block,
        })
    }

    /// Finishes the function. Panics listing every problem
    /// [`Self::try_finalize`] finds.
    pub fn finalize(self) {
        if let Err(errors) = self.try_finalize() {
            panic!("{errors}");
        }
    }

    /// Finishes the function: reports misuse found while building, blocks
    /// in the layout that are not sealed or not terminated, and branch
    /// targets never switched to; then rewrites uses of removed block
    /// parameters to the values they stand for.
    pub fn try_finalize(self) -> Result<(), FrontendErrors> {
        let mut errors = core::mem::take(&mut self.ctx.deferred);
        for block in self.func.layout.blocks() {
            if !self.ctx.ssa.is_sealed(block) {
                errors.push(FrontendError::BlockNotSealed(block));
            }
            if !self.block_is_filled(block) {
                errors.push(FrontendError::BlockNotFilled(block));
            }
        }
        for index in 0..self.func.dfg.num_blocks() {
            let block = Block::new(index);
            if !self.func.layout.is_block_inserted(block)
                && !self.ctx.ssa.predecessors(block).is_empty()
            {
                errors.push(FrontendError::TargetNotInLayout(block));
            }
        }
        if self.ctx.ssa.made_aliases() {
            resolve_aliases_in_uses(self.func);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(FrontendErrors(errors))
        }
    }
}

/// Rewrites every operand, branch argument and exception context of the
/// laid-out instructions to the value its alias chain ends at, so the
/// printed function names the surviving values.
fn resolve_aliases_in_uses(func: &mut Function) {
    let dfg = &mut func.dfg;
    for block in func.layout.blocks() {
        for inst in func.layout.block_insts(block) {
            for i in 0..dfg.inst_args(inst).len() {
                let v = dfg.inst_args(inst)[i];
                let resolved = dfg.resolve_aliases(v);
                if resolved != v {
                    dfg.inst_args_mut(inst)[i] = resolved;
                }
            }
            let calls: SmallVec<[BlockCall; 4]> = dfg.inst_block_calls(inst).collect();
            for mut call in calls {
                for i in 0..call.len(&dfg.value_lists) {
                    if let Some(BlockArg::Value(v)) = call.arg(i, &dfg.value_lists) {
                        let resolved = dfg.resolve_aliases(v);
                        if resolved != v {
                            call.set_arg(i, BlockArg::Value(resolved), &mut dfg.value_lists);
                        }
                    }
                }
            }
            resolve_exception_contexts(dfg, inst);
        }
    }
}

fn resolve_exception_contexts(dfg: &mut DataFlowGraph, inst: Inst) {
    let Some(et) = dfg.insts[inst].exception_table() else {
        return;
    };
    let count = dfg.exception_tables.get(et).map_or(0, |t| t.items.len());
    for i in 0..count {
        if let crate::ir::ExceptionTableItem::Context(v) = dfg.exception_tables[et].items[i] {
            let resolved = dfg.resolve_aliases(v);
            dfg.exception_tables[et].items[i] = crate::ir::ExceptionTableItem::Context(resolved);
        }
    }
}

/// An instruction builder that appends to the current block of a
/// [`FunctionBuilder`] and records branches as predecessors of their
/// targets. Made by [`FunctionBuilder::ins`]; builds one instruction.
pub struct FuncInstBuilder<'short, 'a> {
    builder: &'short mut FunctionBuilder<'a>,
    block: Block,
}

impl<'short> InstBuilderBase<'short> for FuncInstBuilder<'short, '_> {
    fn data_flow_graph(&self) -> &DataFlowGraph {
        &self.builder.func.dfg
    }

    fn data_flow_graph_mut(&mut self) -> &mut DataFlowGraph {
        &mut self.builder.func.dfg
    }

    fn build(self, data: InstructionData, ctrl_typevar: Type) -> (Inst, &'short mut DataFlowGraph) {
        let FuncInstBuilder { builder, block } = self;
        let func = &mut *builder.func;
        if !func.layout.is_block_inserted(block) {
            func.layout.append_block(block);
        }
        let is_branch = data.opcode().is_branch();
        let inst = func.dfg.make_inst(data);
        func.dfg.make_inst_results(inst, ctrl_typevar);
        func.layout.append_inst(inst, block);
        if is_branch {
            let mut targets: SmallVec<[Block; 4]> = func
                .dfg
                .inst_block_calls(inst)
                .map(|call| call.block(&func.dfg.value_lists))
                .collect();
            targets.sort_unstable();
            targets.dedup();
            for target in targets {
                let ctx = &mut *builder.ctx;
                if !func.dfg.block_is_valid(target) {
                    ctx.deferred.push(FrontendError::InvalidBlock(target));
                } else if !ctx.ssa.declare_predecessor(target, block, inst) {
                    ctx.deferred.push(FrontendError::BranchToSealedBlock {
                        branch: inst,
                        target,
                    });
                }
            }
        }
        (inst, &mut builder.func.dfg)
    }
}
