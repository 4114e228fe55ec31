//! Building instructions: the generated [`InstBuilder`] and a builder that
//! inserts into the layout.
//!
//! `InstBuilder` has one method per opcode (generated from isa-defs); it is
//! implemented for every [`InstBuilderBase`], which knows how to store an
//! instruction and make its results. [`InsertBuilder`] appends the
//! instruction to a block, or inserts it before another instruction.
//!
//! ```ignore
//! let v = func.ins(block).iadd(x, y);  // type from x
//! let c = func.ins(block).iconst(types::I32, 7);  // type given
//! ```

use super::block_call::{BlockArg, ValueList};
use super::condcodes::{FloatCC, IntCC};
use super::dfg::DataFlowGraph;
use super::entities::{
    Block, Constant, DynamicStackSlot, ExceptionTable, FuncRef, GlobalValue, Immediate, Inst,
    JumpTable, SigRef, StackSlot, Value,
};
use super::function::Function;
use super::immediates::{Ieee16, Ieee32, Ieee64, Imm64, Offset32, Uimm8};
use super::instructions::{InstructionData, Opcode};
use super::memflags::MemFlags;
use super::trapcode::TrapCode;
use super::types::{self, Type};
use super::{AtomicRmwOp, Layout};

/// What every instruction builder provides: access to the DFG and a way to
/// store a finished instruction.
pub trait InstBuilderBase<'f>: Sized {
    /// The DFG instructions go to.
    fn data_flow_graph(&self) -> &DataFlowGraph;
    /// The DFG, writable.
    fn data_flow_graph_mut(&mut self) -> &mut DataFlowGraph;
    /// Stores `data` as a new instruction with results for `ctrl_typevar`
    /// (after [`InstructionData::mask_immediates`]), places it, and returns
    /// it with the DFG.
    fn build(self, data: InstructionData, ctrl_typevar: Type) -> (Inst, &'f mut DataFlowGraph);
}

include!(concat!(env!("OUT_DIR"), "/inst_builder.rs"));

/// Where an [`InsertBuilder`] puts instructions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InsertPoint {
    /// At the end of the block.
    Append(Block),
    /// Just before the instruction.
    Before(Inst),
}

/// Builds instructions into a function at an insertion point.
pub struct InsertBuilder<'f> {
    dfg: &'f mut DataFlowGraph,
    layout: &'f mut Layout,
    at: InsertPoint,
}

impl<'f> InsertBuilder<'f> {
    /// A builder inserting at `at`.
    pub fn new(dfg: &'f mut DataFlowGraph, layout: &'f mut Layout, at: InsertPoint) -> Self {
        Self { dfg, layout, at }
    }
}

impl<'f> InstBuilderBase<'f> for InsertBuilder<'f> {
    fn data_flow_graph(&self) -> &DataFlowGraph {
        self.dfg
    }

    fn data_flow_graph_mut(&mut self) -> &mut DataFlowGraph {
        self.dfg
    }

    fn build(self, mut data: InstructionData, ctrl_typevar: Type) -> (Inst, &'f mut DataFlowGraph) {
        // An immediate that does not fit stays unmasked for the verifier to report.
        let _ = data.mask_immediates(ctrl_typevar);
        let inst = self.dfg.make_inst(data);
        self.dfg.make_inst_results(inst, ctrl_typevar);
        match self.at {
            InsertPoint::Append(block) => self.layout.append_inst(inst, block),
            InsertPoint::Before(before) => self.layout.insert_inst_before(inst, before),
        }
        (inst, self.dfg)
    }
}

impl Function {
    /// A builder appending instructions to `block`.
    pub fn ins(&mut self, block: Block) -> InsertBuilder<'_> {
        InsertBuilder::new(&mut self.dfg, &mut self.layout, InsertPoint::Append(block))
    }

    /// A builder inserting instructions before `inst`.
    pub fn ins_before(&mut self, inst: Inst) -> InsertBuilder<'_> {
        InsertBuilder::new(&mut self.dfg, &mut self.layout, InsertPoint::Before(inst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::types::*;
    use crate::ir::{AbiParam, CallConv, ExtFuncData, ExternalName, Signature, UserFuncName};

    #[test]
    fn builder_infers_types() {
        let mut func = Function::with_name_signature(
            UserFuncName::testcase("f"),
            Signature::new(CallConv::SystemV),
        );
        let block = func.dfg.make_block();
        func.layout.append_block(block);
        let x = func.dfg.append_block_param(block, I32);
        let c = func.ins(block).iconst(I32, 7);
        assert_eq!(func.dfg.value_type(c), I32);
        let sum = func.ins(block).iadd(x, c);
        assert_eq!(func.dfg.value_type(sum), I32);
        let cmp = func.ins(block).icmp(IntCC::SignedLessThan, sum, x);
        assert_eq!(func.dfg.value_type(cmp), I8);
        let wide = func.ins(block).uextend(I64, sum);
        assert_eq!(func.dfg.value_type(wide), I64);
        let (lo, hi) = func.ins(block).isplit(wide);
        assert_eq!(
            (func.dfg.value_type(lo), func.dfg.value_type(hi)),
            (I32, I32)
        );
        let f = func.ins(block).f32const(1.5f32);
        assert_eq!(func.dfg.value_type(f), F32);
        let v = func.ins(block).splat(F32X4, f);
        assert_eq!(func.dfg.value_type(v), F32X4);
        let lane = func.ins(block).extractlane(v, 2);
        assert_eq!(func.dfg.value_type(lane), F32);
        let sel = func.ins(block).select(cmp, x, sum);
        assert_eq!(func.dfg.value_type(sel), I32);
        let load = func.ins(block).load(I64, MemFlags::trusted(), wide, 8);
        assert_eq!(func.dfg.value_type(load), I64);
        let st = func.ins(block).store(MemFlags::new(), load, wide, 0);
        assert_eq!(func.dfg.ctrl_typevar(st), I64);
        let ret = func.ins(block).return_(&[sel]);
        assert_eq!(func.layout.last_inst(block), Some(ret));
        assert_eq!(func.dfg.inst_args(ret), &[sel]);
        assert_eq!(func.layout.block_insts(block).count(), 12);
    }

    #[test]
    fn builder_makes_branches_and_calls() {
        let mut func = Function::new();
        let entry = func.dfg.make_block();
        let target = func.dfg.make_block();
        func.layout.append_block(entry);
        func.layout.append_block(target);
        let p = func.dfg.append_block_param(target, I64);
        let x = func.ins(entry).iconst(I64, 1);
        let mut sig = Signature::new(CallConv::Fast);
        sig.params.push(AbiParam::new(I64));
        sig.returns.push(AbiParam::new(I64));
        let sig = func.import_signature(sig);
        let callee = func.import_function(ExtFuncData {
            name: ExternalName::from_percent_name("g"),
            signature: sig,
            colocated: true,
            patchable: false,
        });
        let call = func.ins(entry).call(callee, &[x]);
        assert_eq!(func.dfg.inst_results(call).len(), 1);
        let r = func.dfg.first_result(call);
        let br = func.ins(entry).brif(
            x,
            target,
            &[BlockArg::Value(r)],
            target,
            &[BlockArg::Value(x)],
        );
        let dests: Vec<String> = func
            .dfg
            .inst_block_calls(br)
            .map(|c| c.display(&func.dfg.value_lists).to_string())
            .collect();
        assert_eq!(dests, [format!("block1({r})"), format!("block1({x})")]);
        assert_eq!(func.dfg.inst_values(br).collect::<Vec<_>>(), [x, r, x]);
        let _ = p;
        let j = func.ins_before(br).jump(target, &[BlockArg::Value(x)]);
        assert_eq!(func.layout.next_inst(j), Some(br));
    }
}
