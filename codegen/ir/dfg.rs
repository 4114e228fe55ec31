//! The data flow graph: instructions, values, blocks and the tables they use.
//!
//! The DFG owns every instruction ([`InstructionData`]), the SSA values
//! they define, the blocks with their parameters, and the per-function
//! tables instructions refer to (signatures, external functions, jump and
//! exception tables, constants). It does not order anything: program order
//! is the [`Layout`](super::Layout)'s.
//!
//! A value is an instruction result, a block parameter, an alias of another
//! value (`v5 -> v3` in text; aliases are resolved on every query), or a
//! *placeholder*: a number the text reader has seen but not yet defined.
//! The reader keeps the source numbering of values: it asks for the value
//! with a given number ([`DataFlowGraph::placeholder_at`]) and later attaches
//! it as a result, a parameter or an alias. Unattached placeholders that no
//! instruction uses are harmless gaps; a use of one is a verifier error.
//!
//! Invariants: a result's `num` is its index in its instruction's result
//! list, a parameter's `num` its index in its block's parameter list; alias
//! chains may be cyclic only in malformed input, and queries stop after as
//! many steps as there are values.

use super::block_call::{BlockArg, BlockCall, ValueList, ValueListPool};
use super::constant::{ConstantData, ConstantPool};
use super::entities::{
    AliasRegion, Block, DynamicType, ExceptionTable, FuncRef, Immediate, Inst, JumpTable, SigRef,
    Value,
};
use super::extfunc::{ExtFuncData, Signature};
use super::instructions::{BlockCalls, CallTarget, InstructionData};
use super::jumptable::{ExceptionTableData, JumpTableData};
use super::memflags::AliasRegionData;
use super::stackslot::DynamicTypeData;
use super::types::{self, Type};
use crate::entity::{EntityRef, PrimaryMap, SecondaryMap};

/// How a value is defined.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ValueData {
    /// Result `num` of `inst`.
    Inst { ty: Type, num: u16, inst: Inst },
    /// Parameter `num` of `block`.
    Param { ty: Type, num: u16, block: Block },
    /// Another name for `original`.
    Alias { original: Value },
    /// Reserved by the reader, not defined yet.
    Placeholder,
}

/// Where a value comes from, after resolving aliases.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ValueDef {
    /// Result number `usize` of an instruction.
    Result(Inst, usize),
    /// Parameter number `usize` of a block.
    Param(Block, usize),
    /// Not defined: a reader placeholder, an alias cycle, or out of range.
    Undefined,
}

impl ValueDef {
    /// The defining instruction, for a result.
    pub fn inst(self) -> Option<Inst> {
        match self {
            ValueDef::Result(inst, _) => Some(inst),
            _ => None,
        }
    }
}

/// A block's parameters.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct BlockData {
    params: ValueList,
}

/// Instructions, values, blocks and the tables they refer to.
#[derive(Clone, Debug, Default)]
pub struct DataFlowGraph {
    /// Every instruction, layout or not.
    pub insts: PrimaryMap<Inst, InstructionData>,
    results: SecondaryMap<Inst, ValueList>,
    /// Every block, layout or not.
    pub blocks: PrimaryMap<Block, BlockData>,
    /// Storage of value lists: call arguments, results, block parameters and block calls.
    pub value_lists: ValueListPool,
    values: PrimaryMap<Value, ValueData>,
    /// Signatures of indirect calls and external functions.
    pub signatures: PrimaryMap<SigRef, Signature>,
    /// External functions.
    pub ext_funcs: PrimaryMap<FuncRef, ExtFuncData>,
    /// The constant pool (`vconst`, `f128const`).
    pub constants: ConstantPool,
    /// Large immediates (shuffle masks).
    pub immediates: PrimaryMap<Immediate, ConstantData>,
    /// Jump tables of `br_table`.
    pub jump_tables: PrimaryMap<JumpTable, JumpTableData>,
    /// Exception tables of `try_call`.
    pub exception_tables: PrimaryMap<ExceptionTable, ExceptionTableData>,
    /// Dynamic vector types.
    pub dynamic_types: PrimaryMap<DynamicType, DynamicTypeData>,
    /// Alias regions memory flags may name (`region0`).
    pub alias_regions: PrimaryMap<AliasRegion, AliasRegionData>,
}

/// The largest value or block number the text reader may ask for: bounds
/// the memory a hostile `v999999999` can make the DFG allocate.
pub const MAX_READER_ENTITY_INDEX: usize = 1 << 24;

impl DataFlowGraph {
    /// An empty DFG.
    pub fn new() -> Self {
        Self::default()
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        *self = Self::new();
    }

    // ---- values ----

    /// Number of values (including aliases and placeholders).
    pub fn num_values(&self) -> usize {
        self.values.len()
    }

    /// Is `v` a value of this DFG?
    pub fn value_is_valid(&self, v: Value) -> bool {
        self.values.is_valid(v)
    }

    /// Every value, in number order.
    pub fn values(&self) -> impl Iterator<Item = Value> {
        self.values.keys()
    }

    /// Follows aliases from `v`: the value it stands for, or `None` on an
    /// alias cycle or an invalid value.
    pub fn try_resolve_aliases(&self, v: Value) -> Option<Value> {
        let mut v = v;
        for _ in 0..=self.values.len() {
            match self.values.get(v)? {
                ValueData::Alias { original } => v = *original,
                _ => return Some(v),
            }
        }
        None
    }

    /// Follows aliases from `v` like [`resolve_aliases`](Self::resolve_aliases),
    /// then points every alias on the way straight at the result, so a later
    /// lookup through any of them takes one step (SSA construction, which
    /// keeps aliasing parameters that were themselves targets of aliases,
    /// stays linear this way).
    pub fn resolve_aliases_compress(&mut self, v: Value) -> Value {
        let Some(end) = self.try_resolve_aliases(v) else {
            return v;
        };
        let mut at = v;
        while at != end {
            match self.values.get_mut(at) {
                Some(ValueData::Alias { original }) => {
                    let next = *original;
                    *original = end;
                    at = next;
                }
                _ => break,
            }
        }
        end
    }

    /// Follows aliases from `v` (returns `v` itself on an alias cycle).
    pub fn resolve_aliases(&self, v: Value) -> Value {
        self.try_resolve_aliases(v).unwrap_or(v)
    }

    /// Is `v` an alias?
    pub fn is_alias(&self, v: Value) -> bool {
        matches!(self.values.get(v), Some(ValueData::Alias { .. }))
    }

    /// The value `v` directly aliases, if it is an alias.
    pub fn alias_target(&self, v: Value) -> Option<Value> {
        match self.values.get(v) {
            Some(ValueData::Alias { original }) => Some(*original),
            _ => None,
        }
    }

    /// Is `v` a reader placeholder not yet defined?
    pub fn is_placeholder(&self, v: Value) -> bool {
        matches!(self.values.get(v), Some(ValueData::Placeholder))
    }

    /// The type of `v` (through aliases); `INVALID` if undefined.
    pub fn value_type(&self, v: Value) -> Type {
        match self.try_resolve_aliases(v).and_then(|v| self.values.get(v)) {
            Some(ValueData::Inst { ty, .. } | ValueData::Param { ty, .. }) => *ty,
            _ => types::INVALID,
        }
    }

    /// Where `v` is defined (through aliases).
    pub fn value_def(&self, v: Value) -> ValueDef {
        match self.try_resolve_aliases(v).and_then(|v| self.values.get(v)) {
            Some(ValueData::Inst { inst, num, .. }) => ValueDef::Result(*inst, usize::from(*num)),
            Some(ValueData::Param { block, num, .. }) => ValueDef::Param(*block, usize::from(*num)),
            _ => ValueDef::Undefined,
        }
    }

    /// Sets the type of a result or parameter (not of aliases or placeholders).
    pub fn set_value_type(&mut self, v: Value, new_ty: Type) {
        if let Some(ValueData::Inst { ty, .. } | ValueData::Param { ty, .. }) =
            self.values.get_mut(v)
        {
            *ty = new_ty;
        }
    }

    /// Makes `dest` an alias of `src` (for rewrites: every use of `dest`
    /// then means `src`). `dest`'s old definition is forgotten.
    pub fn change_to_alias(&mut self, dest: Value, src: Value) -> Result<(), String> {
        let resolved = self
            .try_resolve_aliases(src)
            .ok_or_else(|| format!("{src} is not a valid value"))?;
        if resolved == dest {
            return Err(format!("aliasing {dest} to {src} would make a cycle"));
        }
        let slot = self
            .values
            .get_mut(dest)
            .ok_or_else(|| format!("{dest} is not a valid value"))?;
        *slot = ValueData::Alias { original: resolved };
        Ok(())
    }

    // ---- reader hooks ----

    /// A new undefined value, to be attached later.
    pub fn make_placeholder_value(&mut self) -> Value {
        self.values.push(ValueData::Placeholder)
    }

    /// The value numbered `index`, creating placeholders up to it; an error
    /// past [`MAX_READER_ENTITY_INDEX`].
    pub fn placeholder_at(&mut self, index: usize) -> Result<Value, String> {
        if index > MAX_READER_ENTITY_INDEX {
            return Err(format!(
                "value number {index} is too large (at most {MAX_READER_ENTITY_INDEX})"
            ));
        }
        while self.values.len() <= index {
            self.values.push(ValueData::Placeholder);
        }
        Ok(Value::new(index))
    }

    fn take_placeholder(&self, value: Value) -> Result<(), String> {
        match self.values.get(value) {
            Some(ValueData::Placeholder) => Ok(()),
            Some(_) => Err(format!("{value} is defined more than once")),
            None => Err(format!("{value} is not a value of this function")),
        }
    }

    /// Defines placeholder `value` as the next result of `inst`, of type `ty`.
    pub fn attach_inst_result(&mut self, inst: Inst, value: Value, ty: Type) -> Result<(), String> {
        self.take_placeholder(value)?;
        if !self.insts.is_valid(inst) {
            return Err(format!("{inst} is not an instruction of this function"));
        }
        let num = self.results[inst].len(&self.value_lists);
        let num = u16::try_from(num).map_err(|_| format!("{inst} has too many results"))?;
        self.values[value] = ValueData::Inst { ty, num, inst };
        self.results[inst].push(value, &mut self.value_lists);
        Ok(())
    }

    /// Defines placeholder `value` as the next parameter of `block`, of type `ty`.
    pub fn attach_block_param(
        &mut self,
        block: Block,
        value: Value,
        ty: Type,
    ) -> Result<(), String> {
        self.take_placeholder(value)?;
        let data = self
            .blocks
            .get_mut(block)
            .ok_or_else(|| format!("{block} is not a block of this function"))?;
        let num = data.params.len(&self.value_lists);
        let num = u16::try_from(num).map_err(|_| format!("{block} has too many parameters"))?;
        data.params.push(value, &mut self.value_lists);
        self.values[value] = ValueData::Param { ty, num, block };
        Ok(())
    }

    /// Defines placeholder `value` as an alias of `dest` (`value -> dest` in
    /// text). `dest` may itself be defined later; a cycle is reported by the
    /// verifier.
    pub fn make_alias(&mut self, value: Value, dest: Value) -> Result<(), String> {
        self.take_placeholder(value)?;
        if !self.values.is_valid(dest) {
            return Err(format!("{dest} is not a value of this function"));
        }
        if value == dest {
            return Err(format!("{value} cannot be an alias of itself"));
        }
        self.values[value] = ValueData::Alias { original: dest };
        Ok(())
    }

    /// The block numbered `index`, creating blocks up to it; an error past
    /// [`MAX_READER_ENTITY_INDEX`].
    pub fn block_at(&mut self, index: usize) -> Result<Block, String> {
        if index > MAX_READER_ENTITY_INDEX {
            return Err(format!(
                "block number {index} is too large (at most {MAX_READER_ENTITY_INDEX})"
            ));
        }
        while self.blocks.len() <= index {
            self.blocks.push(BlockData::default());
        }
        Ok(Block::new(index))
    }

    // ---- instructions ----

    /// Number of instructions.
    pub fn num_insts(&self) -> usize {
        self.insts.len()
    }

    /// Is `inst` an instruction of this DFG?
    pub fn inst_is_valid(&self, inst: Inst) -> bool {
        self.insts.is_valid(inst)
    }

    /// Adds an instruction without results (see [`Self::make_inst_results`]).
    pub fn make_inst(&mut self, data: InstructionData) -> Inst {
        self.insts.push(data)
    }

    /// The signature a call instruction's results come from, if it is a call.
    pub fn call_signature(&self, inst: Inst) -> Option<SigRef> {
        match self.insts.get(inst)?.call_target()? {
            CallTarget::Direct(f) => self.ext_funcs.get(f).map(|f| f.signature),
            CallTarget::Indirect(sig) => Some(sig),
        }
    }

    /// Creates the results of `inst` given its controlling type: the fixed
    /// results of its opcode, then the returns of a call's signature.
    /// Returns how many were made. Results that the controlling type does
    /// not determine get type `INVALID` (the verifier reports them).
    pub fn make_inst_results(&mut self, inst: Inst, ctrl_typevar: Type) -> usize {
        let Some(data) = self.insts.get(inst) else {
            return 0;
        };
        let opcode = data.opcode();
        let plain_call = matches!(
            data,
            InstructionData::Call { .. } | InstructionData::CallIndirect { .. }
        );
        let constraints = opcode.constraints();
        let mut count = 0;
        for i in 0..constraints.num_fixed_results() {
            self.append_inst_result(inst, constraints.result_type(i, ctrl_typevar));
            count += 1;
        }
        // Results of calls that return normally (`try_call` passes its
        // returns to its successor as `retN` instead).
        if plain_call
            && !opcode.is_terminator()
            && let Some(sig) = self
                .call_signature(inst)
                .filter(|&s| self.signatures.is_valid(s))
        {
            for i in 0..self.signatures[sig].returns.len() {
                let ty = self.signatures[sig].returns[i].value_type;
                self.append_inst_result(inst, ty);
                count += 1;
            }
        }
        count
    }

    /// Adds a new result of type `ty` to `inst`.
    pub fn append_inst_result(&mut self, inst: Inst, ty: Type) -> Value {
        let num = self.results[inst].len(&self.value_lists);
        let value = self.values.push(ValueData::Inst {
            ty,
            num: num as u16,
            inst,
        });
        self.results[inst].push(value, &mut self.value_lists);
        value
    }

    /// The results of `inst`.
    pub fn inst_results(&self, inst: Inst) -> &[Value] {
        self.results.get(inst).as_slice(&self.value_lists)
    }

    /// Has `inst` results?
    pub fn has_results(&self, inst: Inst) -> bool {
        !self.results.get(inst).is_empty()
    }

    /// The first result of `inst`. Panics if it has none: for builders that
    /// just made an instruction with results.
    pub fn first_result(&self, inst: Inst) -> Value {
        match self.inst_results(inst).first() {
            Some(v) => *v,
            None => panic!("{inst} has no results"),
        }
    }

    /// Detaches and returns the result list of `inst` (the values keep
    /// their definition; use for rewriting an instruction's results).
    pub fn detach_inst_results(&mut self, inst: Inst) -> ValueList {
        core::mem::take(&mut self.results[inst])
    }

    /// Replaces result `old` of its instruction with a new value of type
    /// `new_ty`; `old` becomes undefined. Returns the new value.
    pub fn replace_result(&mut self, old: Value, new_ty: Type) -> Result<Value, String> {
        let Some(ValueData::Inst { num, inst, .. }) = self.values.get(old).copied() else {
            return Err(format!("{old} is not an instruction result"));
        };
        let new = self.values.push(ValueData::Inst {
            ty: new_ty,
            num,
            inst,
        });
        if let Some(slot) = self.results[inst]
            .as_mut_slice(&mut self.value_lists)
            .get_mut(usize::from(num))
        {
            *slot = new;
        }
        self.values[old] = ValueData::Placeholder;
        Ok(new)
    }

    /// The value operands of `inst` (not block-call arguments).
    pub fn inst_args(&self, inst: Inst) -> &[Value] {
        match self.insts.get(inst) {
            Some(data) => data.arguments(&self.value_lists),
            None => &[],
        }
    }

    /// The value operands of `inst`, writable.
    pub fn inst_args_mut(&mut self, inst: Inst) -> &mut [Value] {
        match self.insts.get_mut(inst) {
            Some(data) => data.arguments_mut(&mut self.value_lists),
            None => &mut [],
        }
    }

    /// The operands with their own constraints (`call_indirect`'s callee).
    pub fn inst_fixed_args(&self, inst: Inst) -> &[Value] {
        let args = self.inst_args(inst);
        let fixed = self
            .insts
            .get(inst)
            .map_or(0, |d| d.opcode().constraints().num_fixed_value_args());
        &args[..fixed.min(args.len())]
    }

    /// The variable operands (call arguments, returned values).
    pub fn inst_variable_args(&self, inst: Inst) -> &[Value] {
        let args = self.inst_args(inst);
        let fixed = self
            .insts
            .get(inst)
            .map_or(0, |d| d.opcode().constraints().num_fixed_value_args());
        &args[fixed.min(args.len())..]
    }

    /// The block calls `inst` may transfer control to.
    pub fn inst_block_calls(&self, inst: Inst) -> BlockCalls<'_> {
        match self.insts.get(inst) {
            Some(data) => data.branch_destination(&self.jump_tables, &self.exception_tables),
            None => BlockCalls::empty(),
        }
    }

    /// Every value `inst` uses: operands, block-call value arguments and
    /// exception-table context values, in that order.
    pub fn inst_values(&self, inst: Inst) -> impl Iterator<Item = Value> + '_ {
        let args = self.inst_args(inst).iter().copied();
        let block_args = self
            .inst_block_calls(inst)
            .flat_map(move |call| call.args(&self.value_lists).filter_map(BlockArg::as_value));
        let contexts = self
            .insts
            .get(inst)
            .and_then(InstructionData::exception_table)
            .and_then(|et| self.exception_tables.get(et))
            .into_iter()
            .flat_map(|et| et.contexts());
        args.chain(block_args).chain(contexts)
    }

    /// The controlling type of `inst`: from its type-variable operand when
    /// the first result does not carry it, else its first result's type;
    /// `INVALID` for non-polymorphic opcodes.
    pub fn ctrl_typevar(&self, inst: Inst) -> Type {
        let Some(data) = self.insts.get(inst) else {
            return types::INVALID;
        };
        let constraints = data.opcode().constraints();
        if !constraints.has_ctrl_typevar() {
            return types::INVALID;
        }
        if constraints.requires_typevar_operand() {
            let operand = constraints
                .typevar_operand()
                .and_then(|i| data.arguments(&self.value_lists).get(i));
            operand.map_or(types::INVALID, |&v| self.value_type(v))
        } else {
            self.inst_results(inst)
                .first()
                .map_or(types::INVALID, |&v| self.value_type(v))
        }
    }

    /// A block call of `block` with `args`, stored in the value-list pool.
    pub fn block_call(&mut self, block: Block, args: &[BlockArg]) -> BlockCall {
        BlockCall::new(block, args.iter().copied(), &mut self.value_lists)
    }

    // ---- blocks ----

    /// Number of blocks.
    pub fn num_blocks(&self) -> usize {
        self.blocks.len()
    }

    /// Is `block` a block of this DFG?
    pub fn block_is_valid(&self, block: Block) -> bool {
        self.blocks.is_valid(block)
    }

    /// A new block without parameters.
    pub fn make_block(&mut self) -> Block {
        self.blocks.push(BlockData::default())
    }

    /// The parameters of `block`.
    pub fn block_params(&self, block: Block) -> &[Value] {
        match self.blocks.get(block) {
            Some(data) => data.params.as_slice(&self.value_lists),
            None => &[],
        }
    }

    /// The types of `block`'s parameters.
    pub fn block_param_types(&self, block: Block) -> impl Iterator<Item = Type> + '_ {
        self.block_params(block).iter().map(|&v| self.value_type(v))
    }

    /// Adds a parameter of type `ty` to `block`.
    pub fn append_block_param(&mut self, block: Block, ty: Type) -> Value {
        let num = self.block_params(block).len() as u16;
        let value = self.values.push(ValueData::Param { ty, num, block });
        self.blocks[block].params.push(value, &mut self.value_lists);
        value
    }

    /// Removes parameter `value` from its block, renumbering the parameters
    /// after it; `value` becomes an undefined placeholder (make it an alias
    /// with [`Self::change_to_alias`]). Branch arguments are the caller's to
    /// remove.
    pub fn remove_block_param(&mut self, value: Value) -> Result<(), String> {
        let Some(ValueData::Param { num, block, .. }) = self.values.get(value).copied() else {
            return Err(format!("{value} is not a block parameter"));
        };
        let params = &mut self.blocks[block].params;
        if params.remove(usize::from(num), &mut self.value_lists) != Some(value) {
            return Err(format!("{value} is not parameter {num} of {block}"));
        }
        for (i, &later) in params
            .as_slice(&self.value_lists)
            .iter()
            .enumerate()
            .skip(usize::from(num))
        {
            if let ValueData::Param { num, .. } = &mut self.values[later] {
                *num = i as u16;
            }
        }
        self.values[value] = ValueData::Placeholder;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::types::*;
    use crate::ir::{AbiParam, CallConv, ExternalName, Opcode};

    #[test]
    fn alias_chains_are_compressed_when_followed() {
        let mut dfg = DataFlowGraph::new();
        let block = dfg.make_block();
        let [a, b, c, d] = [0; 4].map(|_| dfg.append_block_param(block, I32));
        // d -> c, then c -> b, then b -> a: a chain d -> c -> b -> a.
        dfg.change_to_alias(d, c).expect("alias");
        dfg.change_to_alias(c, b).expect("alias");
        dfg.change_to_alias(b, a).expect("alias");
        assert_eq!(dfg.alias_target(d), Some(c));
        assert_eq!(dfg.resolve_aliases_compress(d), a);
        for v in [b, c, d] {
            assert_eq!(dfg.alias_target(v), Some(a), "{v} points at the end");
        }
        assert_eq!(dfg.resolve_aliases_compress(a), a);
    }

    #[test]
    fn results_params_and_types() {
        let mut dfg = DataFlowGraph::new();
        let block = dfg.make_block();
        let x = dfg.append_block_param(block, I32);
        let y = dfg.append_block_param(block, I32);
        assert_eq!(dfg.block_params(block), &[x, y]);
        assert_eq!(dfg.value_def(y), ValueDef::Param(block, 1));
        let inst = dfg.make_inst(InstructionData::Binary {
            opcode: Opcode::Iadd,
            args: [x, y],
        });
        assert_eq!(dfg.make_inst_results(inst, I32), 1);
        let sum = dfg.first_result(inst);
        assert_eq!(dfg.value_type(sum), I32);
        assert_eq!(dfg.value_def(sum), ValueDef::Result(inst, 0));
        assert_eq!(dfg.ctrl_typevar(inst), I32);
        assert_eq!(dfg.inst_args(inst), &[x, y]);

        let cmp = dfg.make_inst(InstructionData::IntCompare {
            opcode: Opcode::Icmp,
            args: [x, sum],
            cond: crate::ir::condcodes::IntCC::Equal,
        });
        dfg.make_inst_results(cmp, I32);
        assert_eq!(dfg.value_type(dfg.first_result(cmp)), I8);
        assert_eq!(dfg.ctrl_typevar(cmp), I32);

        let split = dfg.make_inst(InstructionData::Unary {
            opcode: Opcode::Isplit,
            arg: sum,
        });
        assert_eq!(dfg.make_inst_results(split, I64), 2);
        assert_eq!(
            dfg.inst_results(split)
                .iter()
                .map(|&v| dfg.value_type(v))
                .collect::<Vec<_>>(),
            [I32, I32]
        );
        let new = dfg.replace_result(dfg.inst_results(split)[1], I16);
        assert_eq!(new.map(|v| dfg.value_type(v)), Ok(I16));
    }

    #[test]
    fn calls_get_results_from_signatures() {
        let mut dfg = DataFlowGraph::new();
        let mut sig = Signature::new(CallConv::SystemV);
        sig.returns.push(AbiParam::new(I64));
        sig.returns.push(AbiParam::new(F32));
        let sig = dfg.signatures.push(sig);
        let callee = dfg.ext_funcs.push(ExtFuncData {
            name: ExternalName::from_percent_name("f"),
            signature: sig,
            colocated: false,
            patchable: false,
        });
        let inst = dfg.make_inst(InstructionData::Call {
            opcode: Opcode::Call,
            args: ValueList::new(),
            func_ref: callee,
        });
        assert_eq!(dfg.make_inst_results(inst, INVALID), 2);
        assert_eq!(dfg.value_type(dfg.inst_results(inst)[1]), F32);
        assert_eq!(dfg.ctrl_typevar(inst), INVALID);
    }

    #[test]
    fn reader_hooks_keep_numbering_and_reject_redefinition() {
        let mut dfg = DataFlowGraph::new();
        let b3 = dfg.block_at(3).expect("small");
        assert_eq!(dfg.num_blocks(), 4);
        let v5 = dfg.placeholder_at(5).expect("small");
        let v3 = Value::new(3);
        assert!(dfg.is_placeholder(v3) && dfg.is_placeholder(v5));
        assert_eq!(dfg.attach_block_param(b3, v3, I64), Ok(()));
        assert!(dfg.attach_block_param(b3, v3, I64).is_err());
        assert_eq!(dfg.make_alias(v5, v3), Ok(()));
        assert_eq!(dfg.value_type(v5), I64);
        assert_eq!(dfg.resolve_aliases(v5), v3);
        assert_eq!(dfg.value_def(v5), ValueDef::Param(b3, 0));
        assert!(dfg.make_alias(Value::new(1), Value::new(1)).is_err());
        assert!(dfg.make_alias(Value::new(1), Value::new(99)).is_err());
        assert!(dfg.placeholder_at(MAX_READER_ENTITY_INDEX + 1).is_err());
        assert!(dfg.block_at(usize::MAX).is_err());

        let inst = dfg.make_inst(InstructionData::UnaryImm {
            opcode: Opcode::Iconst,
            imm: 7.into(),
        });
        let v0 = Value::new(0);
        assert_eq!(dfg.attach_inst_result(inst, v0, I32), Ok(()));
        assert_eq!(dfg.inst_results(inst), &[v0]);
        assert!(dfg.attach_inst_result(inst, Value::new(200), I32).is_err());
    }

    #[test]
    fn remove_block_param_renumbers_later_params() {
        let mut dfg = DataFlowGraph::new();
        let block = dfg.make_block();
        let a = dfg.append_block_param(block, I32);
        let b = dfg.append_block_param(block, I64);
        let c = dfg.append_block_param(block, F32);
        assert_eq!(dfg.remove_block_param(b), Ok(()));
        assert_eq!(dfg.block_params(block), &[a, c]);
        assert_eq!(dfg.value_def(c), ValueDef::Param(block, 1));
        assert!(dfg.is_placeholder(b));
        assert!(dfg.remove_block_param(b).is_err());
        assert_eq!(dfg.change_to_alias(b, c), Ok(()));
        assert_eq!(dfg.value_type(b), F32);
    }

    #[test]
    fn alias_cycles_do_not_hang() {
        let mut dfg = DataFlowGraph::new();
        let a = dfg.make_placeholder_value();
        let b = dfg.make_placeholder_value();
        assert_eq!(dfg.make_alias(a, b), Ok(()));
        assert_eq!(dfg.make_alias(b, a), Ok(()));
        assert_eq!(dfg.try_resolve_aliases(a), None);
        assert_eq!(dfg.value_type(a), INVALID);
        assert_eq!(dfg.value_def(b), ValueDef::Undefined);
        assert!(dfg.change_to_alias(a, b).is_err());
    }
}
