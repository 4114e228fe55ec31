//! A function: name, signature, preamble entities, DFG and layout.
//!
//! Everything the text format's preamble declares lives here (stack
//! slots, global values) or in the DFG (signatures, external functions,
//! constants, dynamic types). The `create_*`/`import_*` methods allocate
//! entities in order; the text reader, which keeps source numbering, may
//! push into the maps directly.

use super::dfg::DataFlowGraph;
use super::entities::{
    AliasRegion, DynamicStackSlot, DynamicType, ExceptionTable, FuncRef, GlobalValue, JumpTable,
    SigRef, StackSlot, UserExternalNameRef,
};
use super::extfunc::{ExtFuncData, FunctionParameters, Signature, UserExternalName, UserFuncName};
use super::globalvalue::GlobalValueData;
use super::jumptable::{ExceptionTableData, JumpTableData};
use super::layout::Layout;
use super::memflags::AliasRegionData;
use super::stackslot::{DynamicStackSlotData, DynamicTypeData, StackSlotData};
use crate::entity::PrimaryMap;

/// A function in CLIF form.
#[derive(Clone, Debug, Default)]
pub struct Function {
    /// The function's name.
    pub name: UserFuncName,
    /// Parameters, returns and calling convention.
    pub signature: Signature,
    /// Fixed-size stack slots (`ss0`).
    pub sized_stack_slots: PrimaryMap<StackSlot, StackSlotData>,
    /// Dynamically sized stack slots (`dss0`).
    pub dynamic_stack_slots: PrimaryMap<DynamicStackSlot, DynamicStackSlotData>,
    /// Global values (`gv0`).
    pub global_values: PrimaryMap<GlobalValue, GlobalValueData>,
    /// The global value holding the stack limit, checked in the prologue
    /// (`stack_limit = gv0` in the preamble).
    pub stack_limit: Option<GlobalValue>,
    /// Tables of names used by the function (`u0:1` user names).
    pub params: FunctionParameters,
    /// Instructions, values, blocks and their tables.
    pub dfg: DataFlowGraph,
    /// Program order.
    pub layout: Layout,
}

impl Function {
    /// An empty function with a default name and signature.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty function with `name` and `signature`.
    pub fn with_name_signature(name: UserFuncName, signature: Signature) -> Self {
        Self {
            name,
            signature,
            ..Self::default()
        }
    }

    /// Removes everything but keeps allocations where possible.
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// Adds a fixed-size stack slot.
    pub fn create_sized_stack_slot(&mut self, data: StackSlotData) -> StackSlot {
        self.sized_stack_slots.push(data)
    }

    /// Adds a dynamic stack slot.
    pub fn create_dynamic_stack_slot(&mut self, data: DynamicStackSlotData) -> DynamicStackSlot {
        self.dynamic_stack_slots.push(data)
    }

    /// Adds a dynamic vector type.
    pub fn create_dynamic_type(&mut self, data: DynamicTypeData) -> DynamicType {
        self.dfg.dynamic_types.push(data)
    }

    /// Adds a global value.
    pub fn create_global_value(&mut self, data: GlobalValueData) -> GlobalValue {
        self.global_values.push(data)
    }

    /// Adds a signature for indirect calls or external functions.
    pub fn import_signature(&mut self, signature: Signature) -> SigRef {
        self.dfg.signatures.push(signature)
    }

    /// Adds an external function.
    pub fn import_function(&mut self, data: ExtFuncData) -> FuncRef {
        self.dfg.ext_funcs.push(data)
    }

    /// The reference of user name `name` (`u0:1`), adding it if new.
    pub fn declare_imported_user_function(
        &mut self,
        name: UserExternalName,
    ) -> UserExternalNameRef {
        self.params.ensure_user_func_name(name)
    }

    /// Declares an alias region for memory flags (`region0 = 5 "vmctx"`).
    pub fn create_alias_region(&mut self, data: AliasRegionData) -> AliasRegion {
        self.dfg.alias_regions.push(data)
    }

    /// Adds a jump table.
    pub fn create_jump_table(&mut self, data: JumpTableData) -> JumpTable {
        self.dfg.jump_tables.push(data)
    }

    /// Adds an exception table.
    pub fn create_exception_table(&mut self, data: ExceptionTableData) -> ExceptionTable {
        self.dfg.exception_tables.push(data)
    }
}
