//! Structural checks: entity references, the preamble, the layout and
//! terminators.

use super::Verifier;
use crate::ir::{
    AnyEntity, ArgumentExtension, ArgumentPurpose, Block, CallConv, ExternalName, GlobalValueData,
    Inst, InstructionData, Signature,
};

impl Verifier<'_> {
    /// Checks the preamble entities: signatures, external functions,
    /// global values (including cycles), dynamic types and slots.
    pub(crate) fn check_preamble(&mut self) {
        let func = self.func;
        let dfg = &func.dfg;
        self.check_signature(AnyEntity::Function, &func.signature);
        for (sig_ref, sig) in dfg.signatures.iter() {
            self.check_signature(sig_ref.into(), sig);
        }
        for (fn_ref, ext) in dfg.ext_funcs.iter() {
            if !dfg.signatures.is_valid(ext.signature) {
                self.report(
                    fn_ref,
                    format!("refers to undeclared signature {}", ext.signature),
                );
            }
            if let ExternalName::User(r) = ext.name
                && !func.params.user_named_funcs.is_valid(r)
            {
                self.report(fn_ref, format!("refers to undeclared user name {r}"));
            }
        }
        let num_gvs = func.global_values.len();
        for (gv, data) in func.global_values.iter() {
            match data {
                GlobalValueData::Load {
                    base,
                    global_type,
                    flags,
                    ..
                } => {
                    if !func.global_values.is_valid(*base) {
                        self.report(gv, format!("base {base} is not a declared global value"));
                    }
                    if global_type.is_invalid() {
                        self.report(gv, "load has no type");
                    }
                    if flags.has_conflicting_endianness() {
                        self.report(gv, "memory flags `little` and `big` are both set");
                    }
                    if let Some(region) = flags.alias_region()
                        && !dfg.alias_regions.is_valid(region)
                    {
                        self.report(
                            gv,
                            format!("memory flags name undeclared alias region {region}"),
                        );
                    }
                }
                GlobalValueData::IAddImm {
                    base, global_type, ..
                } => {
                    if !func.global_values.is_valid(*base) {
                        self.report(gv, format!("base {base} is not a declared global value"));
                    }
                    if !global_type.is_int() || !global_type.is_lane() {
                        self.report(
                            gv,
                            format!("iadd_imm needs a scalar integer type, not `{global_type}`"),
                        );
                    }
                }
                GlobalValueData::Symbol {
                    name: ExternalName::User(r),
                    ..
                } => {
                    if !func.params.user_named_funcs.is_valid(*r) {
                        self.report(gv, format!("refers to undeclared user name {r}"));
                    }
                }
                GlobalValueData::DynScaleTargetConst { vector_type } => {
                    if !vector_type.is_vector() {
                        self.report(
                            gv,
                            format!(
                                "dyn_scale_target_const needs a vector type, not `{vector_type}`"
                            ),
                        );
                    }
                }
                GlobalValueData::VMContext | GlobalValueData::Symbol { .. } => {}
            }
            // A chain of bases longer than the number of global values loops.
            let mut cursor = gv;
            for _ in 0..=num_gvs {
                match func.global_values.get(cursor) {
                    Some(
                        GlobalValueData::Load { base, .. } | GlobalValueData::IAddImm { base, .. },
                    ) => cursor = *base,
                    _ => break,
                }
                if cursor == gv {
                    self.report(
                        gv,
                        "global value is defined in terms of itself (a cycle of bases)",
                    );
                    break;
                }
            }
        }
        if let Some(limit) = func.stack_limit
            && !func.global_values.is_valid(limit)
        {
            self.report(
                AnyEntity::Function,
                format!("stack limit {limit} is not a declared global value"),
            );
        }
        for (dt, data) in dfg.dynamic_types.iter() {
            if !data.base_vector_ty.is_vector() {
                self.report(
                    AnyEntity::DynamicType(dt),
                    format!("base type `{}` is not a vector", data.base_vector_ty),
                );
            }
            if !func.global_values.is_valid(data.dynamic_scale) {
                self.report(
                    AnyEntity::DynamicType(dt),
                    format!(
                        "scale {} is not a declared global value",
                        data.dynamic_scale
                    ),
                );
            }
        }
        for (dss, data) in func.dynamic_stack_slots.iter() {
            if !dfg.dynamic_types.is_valid(data.dyn_ty) {
                self.report(
                    dss,
                    format!("type {} is not a declared dynamic type", data.dyn_ty),
                );
            }
        }
        for (et, data) in dfg.exception_tables.iter() {
            if !dfg.signatures.is_valid(data.sig) {
                self.report(et, format!("refers to undeclared signature {}", data.sig));
            }
        }
    }

    /// Checks blocks and terminators, and the entry block's parameters.
    pub(crate) fn check_layout(&mut self) {
        let func = self.func;
        let dfg = &func.dfg;
        if let Some(entry) = func.layout.entry_block()
            && dfg.block_is_valid(entry)
        {
            if func.layout.is_cold(entry) {
                self.report(entry, "the entry block cannot be cold");
            }
            let params = dfg.block_params(entry);
            let sig = &func.signature.params;
            if params.len() != sig.len() {
                self.report(
                    entry,
                    format!(
                        "entry block has {} parameters but the signature has {}",
                        params.len(),
                        sig.len()
                    ),
                );
            } else {
                for (i, (&v, abi)) in params.iter().zip(sig).enumerate() {
                    let ty = dfg.value_type(v);
                    if ty != abi.value_type {
                        self.report(
                            entry,
                            format!("entry block parameter {i} ({v}) has type `{ty}`, the signature says `{}`", abi.value_type),
                        );
                    }
                }
            }
        }
        for block in func.layout.blocks() {
            if !dfg.block_is_valid(block) {
                self.report(block, "block in the layout is not a block of the function");
                continue;
            }
            let Some(last) = func.layout.last_inst(block) else {
                self.report(
                    block,
                    "block is empty: it needs a terminator such as `return` or `jump`",
                );
                continue;
            };
            for inst in func.layout.block_insts(block) {
                if !dfg.inst_is_valid(inst) {
                    self.report(
                        inst,
                        "instruction in the layout is not an instruction of the function",
                    );
                    continue;
                }
                let opcode = dfg.insts[inst].opcode();
                if inst != last && opcode.is_terminator() {
                    self.report(
                        inst,
                        format!("terminator `{opcode}` is not the last instruction of {block}"),
                    );
                }
            }
            if dfg.inst_is_valid(last) && !dfg.insts[last].opcode().is_terminator() {
                self.report(
                    last,
                    format!(
                        "{block} does not end with a terminator (`{}` is not one)",
                        dfg.insts[last].opcode()
                    ),
                );
            }
        }
    }

    /// Checks that every entity `inst` names exists. Returns false if any
    /// does not (further checks of `inst` would be meaningless).
    pub(crate) fn check_inst_entities(&mut self, inst: Inst) -> bool {
        let func = self.func;
        let dfg = &func.dfg;
        let before = self.error_count();
        for &v in dfg.inst_args(inst) {
            if !dfg.value_is_valid(v) {
                self.report(
                    inst,
                    format!("uses {v}, which is not a value of the function"),
                );
            }
        }
        let missing = match &dfg.insts[inst] {
            InstructionData::Call { func_ref, .. }
            | InstructionData::TryCall { func_ref, .. }
            | InstructionData::FuncAddr { func_ref, .. } => (!dfg.ext_funcs.is_valid(*func_ref))
                .then(|| format!("calls undeclared function {func_ref}")),
            InstructionData::CallIndirect { sig_ref, .. } => (!dfg.signatures.is_valid(*sig_ref))
                .then(|| format!("uses undeclared signature {sig_ref}")),
            InstructionData::BranchTable { table, .. } => (!dfg.jump_tables.is_valid(*table))
                .then(|| format!("uses undeclared jump table {table}")),
            InstructionData::StackLoad { stack_slot, .. } => {
                (!func.sized_stack_slots.is_valid(*stack_slot))
                    .then(|| format!("uses undeclared stack slot {stack_slot}"))
            }
            InstructionData::DynamicStackLoad {
                dynamic_stack_slot, ..
            }
            | InstructionData::DynamicStackStore {
                dynamic_stack_slot, ..
            } => (!func.dynamic_stack_slots.is_valid(*dynamic_stack_slot))
                .then(|| format!("uses undeclared dynamic stack slot {dynamic_stack_slot}")),
            InstructionData::UnaryGlobalValue { global_value, .. } => {
                (!func.global_values.is_valid(*global_value))
                    .then(|| format!("uses undeclared global value {global_value}"))
            }
            InstructionData::UnaryConst {
                constant_handle, ..
            } => dfg
                .constants
                .get(*constant_handle)
                .is_none()
                .then(|| format!("uses undeclared constant {constant_handle}")),
            InstructionData::Shuffle { imm, .. } => {
                (!dfg.immediates.is_valid(*imm)).then(|| format!("uses undeclared immediate {imm}"))
            }
            InstructionData::ExceptionHandlerAddress { block, .. } => {
                self.check_block_ref(inst, *block, false);
                None
            }
            _ => None,
        };
        if let Some(message) = missing {
            self.report(inst, message);
        }
        if let Some(et) = dfg.insts[inst].exception_table()
            && !dfg.exception_tables.is_valid(et)
        {
            self.report(inst, format!("uses undeclared exception table {et}"));
        }
        for call in dfg.inst_block_calls(inst) {
            let target = call.block(&dfg.value_lists);
            self.check_block_ref(inst, target, true);
            for arg in call.args(&dfg.value_lists) {
                if let Some(v) = arg.as_value()
                    && !dfg.value_is_valid(v)
                {
                    self.report(
                        inst,
                        format!("passes {v}, which is not a value of the function, to {target}"),
                    );
                }
            }
        }
        if let Some(et) = dfg.insts[inst]
            .exception_table()
            .and_then(|et| dfg.exception_tables.get(et))
        {
            for v in et.contexts() {
                if !dfg.value_is_valid(v) {
                    self.report(
                        inst,
                        format!("uses context {v}, which is not a value of the function"),
                    );
                }
            }
        }
        self.error_count() == before
    }

    /// Checks a block reference: a block of the layout; for a branch
    /// `branch_target`: the entry block is not allowed (it has no predecessors).
    fn check_block_ref(&mut self, inst: Inst, block: Block, branch_target: bool) {
        if !self.func.dfg.block_is_valid(block) {
            self.report(
                inst,
                format!("refers to {block}, which is not a block of the function"),
            );
        } else if !self.func.layout.is_block_inserted(block) {
            self.report(
                inst,
                format!("refers to {block}, which is not in the layout"),
            );
        } else if branch_target && self.func.layout.entry_block() == Some(block) {
            self.report(
                inst,
                format!("refers to the entry block {block}, which cannot be a branch target"),
            );
        }
    }

    /// Checks one signature: valid types, extensions only on integers, no
    /// struct-argument returns, no returns under `preserve_all`.
    fn check_signature(&mut self, location: AnyEntity, sig: &Signature) {
        for (what, params) in [("parameter", &sig.params), ("return value", &sig.returns)] {
            for (i, p) in params.iter().enumerate() {
                if p.value_type.is_invalid() {
                    self.report(
                        location,
                        format!("{what} {i} of the signature has an invalid type"),
                    );
                }
                if p.extension != ArgumentExtension::None && !p.value_type.is_int() {
                    self.report(
                        location,
                        format!("{what} {i} (`{p}`) extends a non-integer type"),
                    );
                }
                if what == "return value" && matches!(p.purpose, ArgumentPurpose::StructArgument(_))
                {
                    self.report(location, format!("{what} {i} cannot be a struct argument"));
                }
            }
        }
        if sig.call_conv == CallConv::PreserveAll && !sig.returns.is_empty() {
            self.report(
                location,
                "a `preserve_all` signature cannot have return values",
            );
        }
    }

    pub(crate) fn error_count(&self) -> usize {
        self.errors.len()
    }
}
