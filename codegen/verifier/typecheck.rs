//! Type checks: controlling types, operands and results against the
//! generated constraint tables, calls and returns against signatures,
//! block-call arguments against block parameters, immediates and flags.

use super::Verifier;
use crate::ir::types::Type;
use crate::ir::{
    BlockArg, BlockCall, CallConv, GlobalValueData, Inst, InstructionData, MemFlags, Opcode,
    Signature, Value,
};

/// Where a block call sits, which decides whether `retN`/`exnN` may appear.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CallSite<'s> {
    /// An ordinary branch.
    Branch,
    /// The normal-return successor of a `try_call` with this callee signature.
    TryCallReturn(&'s Signature),
    /// An exception handler of a `try_call`.
    TryCallHandler,
}

impl Verifier<'_> {
    /// All type checks of one instruction whose entities and values exist.
    pub(crate) fn check_inst_types(&mut self, inst: Inst) {
        let func = self.func;
        let dfg = &func.dfg;
        let data = &dfg.insts[inst];
        let opcode = data.opcode();
        let constraints = opcode.constraints();
        let ctrl = dfg.ctrl_typevar(inst);
        if let Some(set) = constraints.ctrl_typeset() {
            if ctrl.is_invalid() {
                self.report(inst, "has no controlling type");
                return;
            }
            if !set.contains(ctrl) {
                self.report(
                    inst,
                    format!("`{opcode}` does not take type `{ctrl}` (allowed: {set})"),
                );
                return;
            }
        }
        self.check_results(inst, ctrl);
        self.check_operands(inst, ctrl);
        self.check_variable_args(inst);
        self.check_successors(inst);
        self.check_call_kind(inst);
        self.check_immediates(inst, ctrl);
    }

    fn check_results(&mut self, inst: Inst, ctrl: Type) {
        let func = self.func;
        let dfg = &func.dfg;
        let data = &dfg.insts[inst];
        let opcode = data.opcode();
        let constraints = opcode.constraints();
        let results = dfg.inst_results(inst);
        let call_returns: &[crate::ir::AbiParam] = match data {
            InstructionData::Call { .. } | InstructionData::CallIndirect { .. }
                if !opcode.is_terminator() =>
            {
                dfg.call_signature(inst)
                    .and_then(|s| dfg.signatures.get(s))
                    .map_or(&[], |s| &s.returns)
            }
            _ => &[],
        };
        let expected = constraints.num_fixed_results() + call_returns.len();
        if results.len() != expected {
            self.report(
                inst,
                format!("has {} results, `{opcode}` makes {expected}", results.len()),
            );
            return;
        }
        for (i, &r) in results.iter().enumerate() {
            let ty = dfg.value_type(r);
            if let Some(c) = constraints.result_constraint(i) {
                if let Err(want) = c.check(ty, ctrl) {
                    self.report(
                        inst,
                        format!("result {i} ({r}) has type `{ty}`, expected {want}"),
                    );
                }
            } else if let Some(abi) = call_returns.get(i - constraints.num_fixed_results())
                && abi.value_type != ty
            {
                self.report(
                    inst,
                    format!(
                        "result {i} ({r}) has type `{ty}`, the signature returns `{}`",
                        abi.value_type
                    ),
                );
            }
        }
    }

    fn check_operands(&mut self, inst: Inst, ctrl: Type) {
        let dfg = &self.func.dfg;
        let opcode = dfg.insts[inst].opcode();
        let constraints = opcode.constraints();
        let args = dfg.inst_args(inst);
        let fixed = constraints.num_fixed_value_args();
        if args.len() < fixed || (!constraints.has_variable_args() && args.len() != fixed) {
            self.report(
                inst,
                format!(
                    "has {} value operands, `{opcode}` takes {fixed}",
                    args.len()
                ),
            );
            return;
        }
        for (i, &v) in args[..fixed].iter().enumerate() {
            let ty = dfg.value_type(v);
            if let Some(c) = constraints.value_arg_constraint(i)
                && let Err(want) = c.check(ty, ctrl)
            {
                self.report(
                    inst,
                    format!("operand {i} ({v}) has type `{ty}`, expected {want}"),
                );
            }
        }
    }

    /// Compares `values` with the types of `params`.
    fn check_against_signature(
        &mut self,
        inst: Inst,
        what: &str,
        values: &[Value],
        params: &[crate::ir::AbiParam],
    ) {
        let dfg = &self.func.dfg;
        if values.len() != params.len() {
            self.report(
                inst,
                format!(
                    "{what}: {} values given, the signature has {}",
                    values.len(),
                    params.len()
                ),
            );
            return;
        }
        for (i, (&v, abi)) in values.iter().zip(params).enumerate() {
            let ty = dfg.value_type(v);
            if ty != abi.value_type {
                self.report(
                    inst,
                    format!(
                        "{what}: value {i} ({v}) has type `{ty}`, the signature says `{}`",
                        abi.value_type
                    ),
                );
            }
        }
    }

    fn check_variable_args(&mut self, inst: Inst) {
        let func = self.func;
        let dfg = &func.dfg;
        let data = &dfg.insts[inst];
        let opcode = data.opcode();
        let args = dfg.inst_variable_args(inst);
        match opcode {
            Opcode::Return => {
                self.check_against_signature(inst, "returned values", args, &func.signature.returns)
            }
            _ if opcode.is_call() => {
                let sig_ref = match data {
                    InstructionData::TryCallIndirect { exception, .. } => {
                        dfg.exception_tables.get(*exception).map(|et| et.sig)
                    }
                    _ => dfg.call_signature(inst),
                };
                let Some(sig) = sig_ref.and_then(|s| dfg.signatures.get(s)) else {
                    return;
                };
                self.check_against_signature(inst, "call arguments", args, &sig.params);
                if opcode.is_return() {
                    if sig.call_conv != CallConv::Tail {
                        self.report(
                            inst,
                            format!(
                                "tail calls need the `tail` calling convention, not `{}`",
                                sig.call_conv
                            ),
                        );
                    }
                    if sig.call_conv != func.signature.call_conv {
                        self.report(
                            inst,
                            "a tail call's calling convention must match the caller's",
                        );
                    }
                    let same = sig.returns.iter().map(|p| p.value_type).eq(func
                        .signature
                        .returns
                        .iter()
                        .map(|p| p.value_type));
                    if !same {
                        self.report(
                            inst,
                            "tail call: the callee's return types differ from this function's",
                        );
                    }
                }
                if let (InstructionData::TryCall { exception, .. }, Some(sig_ref)) = (data, sig_ref)
                    && let Some(et) = dfg.exception_tables.get(*exception)
                    && dfg.signatures.get(et.sig) != dfg.signatures.get(sig_ref)
                {
                    self.report(
                        inst,
                        format!(
                            "exception table signature {} differs from the callee's {sig_ref}",
                            et.sig
                        ),
                    );
                }
            }
            _ => {}
        }
    }

    /// Checks what `patchable` callees and exception-throwing calls allow.
    fn check_call_kind(&mut self, inst: Inst) {
        let func = self.func;
        let dfg = &func.dfg;
        let data = &dfg.insts[inst];
        let opcode = data.opcode();
        if let InstructionData::Call { func_ref, .. } | InstructionData::TryCall { func_ref, .. } =
            data
            && let Some(ext) = dfg.ext_funcs.get(*func_ref)
            && ext.patchable
        {
            if opcode.is_return() {
                self.report(
                    inst,
                    format!("patchable function {func_ref} cannot be tail-called"),
                );
            }
            if !ext.colocated {
                self.report(
                    inst,
                    format!("patchable function {func_ref} must be colocated"),
                );
            }
            if dfg
                .signatures
                .get(ext.signature)
                .is_some_and(|s| !s.returns.is_empty())
            {
                self.report(
                    inst,
                    format!("patchable function {func_ref} cannot return values"),
                );
            }
        }
        if let Some(et) = data
            .exception_table()
            .and_then(|et| dfg.exception_tables.get(et))
            && let Some(sig) = dfg.signatures.get(et.sig)
            && !matches!(
                sig.call_conv,
                CallConv::Tail
                    | CallConv::SystemV
                    | CallConv::Winch
                    | CallConv::PreserveAll
                    | CallConv::AppleAarch64
            )
        {
            self.report(
                inst,
                format!(
                    "calling convention `{}` does not support exceptions",
                    sig.call_conv
                ),
            );
        }
    }

    fn check_successors(&mut self, inst: Inst) {
        let dfg = &self.func.dfg;
        let data = &dfg.insts[inst];
        match data
            .exception_table()
            .and_then(|et| dfg.exception_tables.get(et))
        {
            Some(et) => {
                let sig = dfg.signatures.get(et.sig);
                if let Some(sig) = sig {
                    self.check_block_call(inst, et.normal_return, CallSite::TryCallReturn(sig));
                }
                for call in et.all_branches().skip(1) {
                    self.check_block_call(inst, call, CallSite::TryCallHandler);
                }
            }
            None => {
                for call in dfg.inst_block_calls(inst) {
                    self.check_block_call(inst, call, CallSite::Branch);
                }
            }
        }
    }

    fn check_block_call(&mut self, inst: Inst, call: BlockCall, site: CallSite<'_>) {
        let dfg = &self.func.dfg;
        let pool = &dfg.value_lists;
        let target = call.block(pool);
        let params = dfg.block_params(target);
        if call.len(pool) != params.len() {
            self.report(
                inst,
                format!(
                    "passes {} arguments to {target}, which has {} parameters",
                    call.len(pool),
                    params.len()
                ),
            );
            return;
        }
        for (i, (arg, &param)) in call.args(pool).zip(params).enumerate() {
            let want = dfg.value_type(param);
            let (have, what) = match (arg, site) {
                (BlockArg::Value(v), _) => (dfg.value_type(v), v.to_string()),
                (BlockArg::TryCallRet(n), CallSite::TryCallReturn(sig)) => {
                    match sig.returns.get(n as usize) {
                        Some(abi) => (abi.value_type, arg.to_string()),
                        None => {
                            self.report(
                                inst,
                                format!(
                                    "passes {arg} to {target}, but the callee returns {} values",
                                    sig.returns.len()
                                ),
                            );
                            continue;
                        }
                    }
                }
                // Payload types depend on the target's calling convention;
                // without a target only the position is checked.
                (BlockArg::TryCallExn(_), CallSite::TryCallHandler) => continue,
                (BlockArg::TryCallRet(_), _) => {
                    self.report(inst, format!("passes {arg} to {target}: `retN` is only allowed on a try_call's normal return"));
                    continue;
                }
                (BlockArg::TryCallExn(_), _) => {
                    self.report(inst, format!("passes {arg} to {target}: `exnN` is only allowed on a try_call's handlers"));
                    continue;
                }
            };
            if have != want {
                self.report(inst, format!("argument {i} ({what}) to {target} has type `{have}`, the parameter has `{want}`"));
            }
        }
    }

    fn check_immediates(&mut self, inst: Inst, ctrl: Type) {
        let func = self.func;
        let dfg = &func.dfg;
        let data = &dfg.insts[inst];
        if let Some(flags) = data.memflags() {
            if flags.has_conflicting_endianness() {
                self.report(inst, "memory flags `little` and `big` are both set");
            }
            if let Some(region) = flags.alias_region()
                && !dfg.alias_regions.is_valid(region)
            {
                self.report(
                    inst,
                    format!("memory flags name undeclared alias region {region}"),
                );
            }
        }
        match data {
            InstructionData::UnaryImm { imm, .. }
                if imm.zero_extend_from_width(ctrl.bits()) != *imm =>
            {
                self.report(
                    inst,
                    format!("immediate {imm} is out of range for `{ctrl}` (constants are stored zero-extended)"),
                );
            }
            InstructionData::BinaryImm8 {
                opcode: Opcode::Extractlane,
                imm,
                ..
            }
            | InstructionData::TernaryImm8 {
                opcode: Opcode::Insertlane,
                imm,
                ..
            } if u32::from(imm.value()) >= ctrl.lane_count() => {
                self.report(inst, format!("lane {imm} is out of range for `{ctrl}`"));
            }
            InstructionData::Shuffle { imm, .. } => match dfg.immediates.get(*imm) {
                Some(mask) if mask.len() == 16 && mask.as_slice().iter().all(|&b| b < 32) => {}
                _ => self.report(inst, "shuffle mask must be 16 lane indexes below 32"),
            },
            InstructionData::UnaryConst {
                opcode,
                constant_handle,
                ..
            } => {
                let want = if *opcode == Opcode::F128const {
                    16
                } else {
                    ctrl.bytes() as usize
                };
                if let Some(c) = dfg.constants.get(*constant_handle)
                    && c.len() != want
                {
                    self.report(
                        inst,
                        format!(
                            "constant {constant_handle} has {} bytes, expected {want}",
                            c.len()
                        ),
                    );
                }
            }
            // The type of symbols and the VM context is the target's pointer
            // type, unknown here; loads and additions state theirs.
            InstructionData::UnaryGlobalValue { global_value, .. } => {
                if let Some(
                    GlobalValueData::Load { global_type, .. }
                    | GlobalValueData::IAddImm { global_type, .. },
                ) = func.global_values.get(*global_value)
                    && *global_type != ctrl
                {
                    self.report(
                        inst,
                        format!("{global_value} has type `{global_type}`, not `{ctrl}`"),
                    );
                }
            }
            InstructionData::Store { flags, .. } if flags.readonly() => {
                self.report(inst, "a store cannot be `readonly`");
            }
            InstructionData::ExceptionHandlerAddress { block, imm, .. } => {
                let handlers = func
                    .layout
                    .last_inst(*block)
                    .and_then(|t| dfg.insts[t].exception_table())
                    .and_then(|et| dfg.exception_tables.get(et))
                    .map(|et| et.all_branches().count() - 1);
                match handlers {
                    None => self.report(inst, format!("{block} does not end in a try_call")),
                    Some(n) if imm.bits() < 0 || imm.bits() as u64 >= n as u64 => self.report(
                        inst,
                        format!("exception handler index {imm} is out of range ({block} has {n})"),
                    ),
                    Some(_) => {}
                }
            }
            InstructionData::LoadNoOffset {
                opcode: Opcode::Bitcast,
                arg,
                flags,
                ..
            } => {
                let from = dfg.value_type(*arg);
                let mut byte_order_only = MemFlags::new();
                if let Some(order) = flags.explicit_endianness() {
                    byte_order_only.set_endianness(order);
                }
                if *flags != byte_order_only && !flags.has_conflicting_endianness() {
                    self.report(inst, "bitcast takes no memory flags but `little` or `big`");
                }
                if from.lane_count() != ctrl.lane_count() && flags.explicit_endianness().is_none() {
                    self.report(inst, format!("bitcast from `{from}` to `{ctrl}` changes the lane count and needs `little` or `big`"));
                }
            }
            _ => {}
        }
    }
}
