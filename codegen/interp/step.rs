//! Executing one instruction: read its operands from the current frame,
//! compute with the value semantics of [`int_ops`](super::int_ops),
//! [`float_ops`](super::float_ops), [`convert`](super::convert) and
//! [`simd`](super::simd), write its results, and tell the run loop what
//! happens next ([`Outcome`]).
//!
//! Operations report problems as [`Fault`]s, which the run loop turns into
//! errors naming the instruction; problems found here directly (an unknown
//! callee, a bad signature) are [`InterpError`]s.

use super::convert;
use super::error::InterpError;
use super::float_ops;
use super::int_ops;
use super::machine::{Interpreter, ValueVec, check_signature_args};
use super::memory::Address;
use super::simd;
use super::value::{
    Fault, OpResult, bool_value, from_memory_image, int_parts, make_int_of, mask, scalar_bits,
    truthy,
};
use crate::data_value::DataValue;
use crate::ir::types::{self, Type};
use crate::ir::{
    ArgumentPurpose, AtomicRmwOp, BlockCall, ExternalName, GlobalValue, GlobalValueData, Inst,
    InstructionData, MemFlags, Opcode, Signature, TrapCode, Value,
};
use smallvec::SmallVec;

/// What the run loop does after an instruction.
pub(super) enum Outcome {
    /// Go on with the next instruction of the block.
    Next,
    /// Continue at a block of the current function.
    Jump(BlockCall),
    /// Call function `callee` (a store index); the results go to this
    /// instruction.
    Call {
        /// The callee's store index.
        callee: u32,
        /// The arguments.
        args: ValueVec,
    },
    /// Replace the current frame by a call of `callee`.
    TailCall {
        /// The callee's store index.
        callee: u32,
        /// The arguments.
        args: ValueVec,
    },
    /// Return these values from the current function.
    Return(ValueVec),
}

/// An error of one step: a fault of a value operation (to be described
/// with the instruction) or a finished error.
pub(super) enum StepError {
    /// A value operation's fault.
    Fault(Fault),
    /// A complete error.
    Interp(InterpError),
}

impl From<Fault> for StepError {
    fn from(f: Fault) -> Self {
        StepError::Fault(f)
    }
}

impl From<InterpError> for StepError {
    fn from(e: InterpError) -> Self {
        StepError::Interp(e)
    }
}

type StepResult<T = Outcome> = Result<T, StepError>;

impl<'a> Interpreter<'a> {
    /// Executes `inst` of the current frame.
    pub(super) fn step(&mut self, inst: Inst) -> StepResult {
        let func = self.current_func()?;
        let dfg = &func.dfg;
        let data = dfg
            .insts
            .get(inst)
            .ok_or_else(|| InterpError::InvalidIr(format!("{inst} is not an instruction")))?;
        let results = dfg.inst_results(inst);
        let result_ty = results
            .first()
            .map_or(types::INVALID, |&r| dfg.value_type(r));
        let canon = self.canonicalize_nans;
        let value = match *data {
            InstructionData::NullAry { opcode } => match opcode {
                Opcode::Nop | Opcode::Fence | Opcode::SequencePoint => return Ok(Outcome::Next),
                Opcode::GetPinnedReg => make_int_of(result_ty, u128::from(self.pinned_reg))?,
                _ => return Err(Fault::Unsupported.into()),
            },
            InstructionData::Unary { opcode, arg } => {
                let a = self.value(inst, arg)?;
                match opcode {
                    Opcode::Isplit => {
                        let (lo, hi) = convert::isplit(a)?;
                        return self.two_results(inst, results, lo, hi);
                    }
                    Opcode::SetPinnedReg => {
                        self.pinned_reg = int_parts(a)?.1 as u64;
                        return Ok(Outcome::Next);
                    }
                    _ => unary(opcode, a, result_ty, canon)?,
                }
            }
            InstructionData::UnaryImm { imm, .. } => make_int_of(
                result_ty,
                imm.bits() as u64 as u128 & mask(result_ty.bits()),
            )?,
            InstructionData::UnaryIeee16 { imm, .. } => DataValue::F16(imm),
            InstructionData::UnaryIeee32 { imm, .. } => DataValue::F32(imm),
            InstructionData::UnaryIeee64 { imm, .. } => DataValue::F64(imm),
            InstructionData::UnaryConst {
                constant_handle, ..
            } => {
                let bytes = dfg
                    .constants
                    .get(constant_handle)
                    .ok_or(Fault::BadOperands)?;
                if bytes.len() != result_ty.bytes() as usize {
                    return Err(Fault::BadOperands.into());
                }
                from_memory_image(result_ty, bytes.as_slice(), false)?
            }
            InstructionData::UnaryGlobalValue {
                opcode: Opcode::SymbolValue,
                global_value,
            } => {
                let v = self.global_value(inst, global_value)?;
                if v.ty() != result_ty {
                    return Err(Fault::BadOperands.into());
                }
                v
            }
            InstructionData::Binary { opcode, args } => {
                let a = self.value(inst, args[0])?;
                let b = self.value(inst, args[1])?;
                match opcode {
                    Opcode::UaddOverflow
                    | Opcode::SaddOverflow
                    | Opcode::UsubOverflow
                    | Opcode::SsubOverflow
                    | Opcode::UmulOverflow
                    | Opcode::SmulOverflow => {
                        let (r, of) = int_ops::with_overflow(opcode, a, b, None)?;
                        return self.two_results(inst, results, r, of);
                    }
                    _ => binary(opcode, a, b, result_ty, canon)?,
                }
            }
            InstructionData::BinaryImm8 {
                opcode: Opcode::Extractlane,
                arg,
                imm,
            } => simd::extractlane(self.value(inst, arg)?, imm.value())?,
            InstructionData::Ternary { opcode, args } => {
                let a = self.value(inst, args[0])?;
                let b = self.value(inst, args[1])?;
                let c = self.value(inst, args[2])?;
                match opcode {
                    Opcode::UaddOverflowCin
                    | Opcode::SaddOverflowCin
                    | Opcode::UsubOverflowBin
                    | Opcode::SsubOverflowBin => {
                        let (r, of) = int_ops::with_overflow(opcode, a, b, Some(c))?;
                        return self.two_results(inst, results, r, of);
                    }
                    _ => ternary(opcode, a, b, c, canon)?,
                }
            }
            InstructionData::TernaryImm8 {
                opcode: Opcode::Insertlane,
                args,
                imm,
            } => simd::insertlane(
                self.value(inst, args[0])?,
                self.value(inst, args[1])?,
                imm.value(),
            )?,
            InstructionData::Shuffle { args, imm, .. } => {
                let mask = dfg.immediates.get(imm).ok_or(Fault::BadOperands)?;
                simd::shuffle(
                    self.value(inst, args[0])?,
                    self.value(inst, args[1])?,
                    mask.as_slice(),
                )?
            }
            InstructionData::IntCompare { cond, args, .. } => {
                let a = self.value(inst, args[0])?;
                let b = self.value(inst, args[1])?;
                if a.ty().is_vector() {
                    simd::compare(a, b, |x, y| int_ops::icmp(cond, x, y))?
                } else {
                    bool_value(int_ops::icmp(cond, a, b)?)
                }
            }
            InstructionData::FloatCompare { cond, args, .. } => {
                let a = self.value(inst, args[0])?;
                let b = self.value(inst, args[1])?;
                if a.ty().is_vector() {
                    simd::compare(a, b, |x, y| float_ops::fcmp(cond, x, y))?
                } else {
                    bool_value(float_ops::fcmp(cond, a, b)?)
                }
            }
            InstructionData::Jump { destination, .. } => return Ok(Outcome::Jump(destination)),
            InstructionData::Brif { arg, blocks, .. } => {
                let taken = truthy(self.value(inst, arg)?)?;
                return Ok(Outcome::Jump(if taken { blocks[0] } else { blocks[1] }));
            }
            InstructionData::BranchTable { arg, table, .. } => {
                let index = int_parts(self.value(inst, arg)?)?.1;
                let jt = dfg.jump_tables.get(table).ok_or(Fault::BadOperands)?;
                let target = usize::try_from(index)
                    .ok()
                    .and_then(|i| jt.as_slice().get(i).copied())
                    .unwrap_or_else(|| jt.default_block());
                return Ok(Outcome::Jump(target));
            }
            InstructionData::Call {
                opcode, func_ref, ..
            }
            | InstructionData::TryCall {
                opcode, func_ref, ..
            } => {
                let ext = dfg.ext_funcs.get(func_ref).ok_or(Fault::BadOperands)?;
                let sig = dfg
                    .signatures
                    .get(ext.signature)
                    .ok_or(Fault::BadOperands)?;
                let args = self.values_of(inst, dfg.inst_args(inst))?;
                if let ExternalName::LibCall(routine) = ext.name {
                    return self.call_library(inst, opcode, routine, sig, &args);
                }
                let callee = match self.store.resolve(func, &ext.name) {
                    Ok(callee) => callee,
                    Err(name) => match self.host_function_index(&name) {
                        Some(host) => return self.call_host(inst, opcode, host, sig, &args),
                        None => return Err(InterpError::UnknownFunction(name).into()),
                    },
                };
                return self.call(inst, opcode, callee, args, sig);
            }
            InstructionData::CallIndirect {
                opcode, sig_ref, ..
            } => {
                let (callee_addr, rest) = match dfg.inst_args(inst).split_first() {
                    Some((&c, rest)) => (self.value(inst, c)?, rest),
                    None => return Err(Fault::BadOperands.into()),
                };
                let callee = function_at(callee_addr)?;
                let sig = dfg.signatures.get(sig_ref).ok_or(Fault::BadOperands)?;
                let args = self.values_of(inst, rest)?;
                return self.call(inst, opcode, callee, args, sig);
            }
            InstructionData::TryCallIndirect {
                opcode, exception, ..
            } => {
                let (callee_addr, rest) = match dfg.inst_args(inst).split_first() {
                    Some((&c, rest)) => (self.value(inst, c)?, rest),
                    None => return Err(Fault::BadOperands.into()),
                };
                let callee = function_at(callee_addr)?;
                let sig_ref = dfg
                    .exception_tables
                    .get(exception)
                    .map(|et| et.sig)
                    .ok_or(Fault::BadOperands)?;
                let sig = dfg.signatures.get(sig_ref).ok_or(Fault::BadOperands)?;
                let args = self.values_of(inst, rest)?;
                return self.call(inst, opcode, callee, args, sig);
            }
            InstructionData::FuncAddr { func_ref, .. } => {
                let ext = dfg.ext_funcs.get(func_ref).ok_or(Fault::BadOperands)?;
                let callee = match self.store.resolve(func, &ext.name) {
                    Ok(callee) => callee,
                    Err(name) if self.host_function_index(&name).is_some() => {
                        let bare = name.strip_prefix('%').unwrap_or(&name);
                        let what = format!("the address of host function `{bare}`");
                        return Err(InterpError::Unsupported(what).into());
                    }
                    Err(name) => return Err(InterpError::UnknownFunction(name).into()),
                };
                if result_ty != types::I64 {
                    return Err(Fault::Unsupported.into());
                }
                DataValue::I64(Address::Function(callee).encode() as i64)
            }
            InstructionData::Load {
                opcode,
                arg,
                flags,
                offset,
            } => {
                let addr =
                    address(self.value(inst, arg)?)?.wrapping_add(i64::from(offset.value()) as u64);
                self.load_op(opcode, addr, flags, result_ty)?
            }
            InstructionData::LoadNoOffset { opcode, arg, flags } => {
                let a = self.value(inst, arg)?;
                match opcode {
                    Opcode::Bitcast => convert::bitcast(
                        a,
                        result_ty,
                        flags.explicit_endianness() == Some(crate::ir::Endianness::Big),
                    )?,
                    Opcode::AtomicLoad => self.load(address(a)?, result_ty, flags)?,
                    _ => return Err(Fault::Unsupported.into()),
                }
            }
            InstructionData::Store {
                opcode,
                args,
                flags,
                offset,
            } => {
                let x = self.value(inst, args[0])?;
                let addr = address(self.value(inst, args[1])?)?
                    .wrapping_add(i64::from(offset.value()) as u64);
                let x = match opcode {
                    Opcode::Store => x,
                    Opcode::Istore8 => convert::extend_or_reduce(Opcode::Ireduce, x, types::I8)?,
                    Opcode::Istore16 => convert::extend_or_reduce(Opcode::Ireduce, x, types::I16)?,
                    Opcode::Istore32 => convert::extend_or_reduce(Opcode::Ireduce, x, types::I32)?,
                    _ => return Err(Fault::Unsupported.into()),
                };
                self.store(addr, x, flags)?;
                return Ok(Outcome::Next);
            }
            InstructionData::StoreNoOffset {
                opcode: Opcode::AtomicStore,
                args,
                flags,
            } => {
                let x = self.value(inst, args[0])?;
                let addr = address(self.value(inst, args[1])?)?;
                self.store(addr, x, flags)?;
                return Ok(Outcome::Next);
            }
            InstructionData::StackLoad {
                opcode: Opcode::StackAddr,
                stack_slot,
                offset,
            } => {
                if result_ty != types::I64 {
                    return Err(Fault::Unsupported.into());
                }
                if !func.sized_stack_slots.is_valid(stack_slot) {
                    return Err(Fault::BadOperands.into());
                }
                DataValue::I64(self.stack_address(stack_slot, i64::from(offset.value())) as i64)
            }
            InstructionData::Trap { code, .. } => return Err(Fault::Trap(code).into()),
            InstructionData::CondTrap { opcode, arg, code } => {
                let nonzero = truthy(self.value(inst, arg)?)?;
                let traps = match opcode {
                    Opcode::Trapz => !nonzero,
                    Opcode::Trapnz => nonzero,
                    _ => return Err(Fault::Unsupported.into()),
                };
                if traps {
                    return Err(Fault::Trap(code).into());
                }
                return Ok(Outcome::Next);
            }
            InstructionData::IntAddTrap { args, code, .. } => {
                let a = self.value(inst, args[0])?;
                let b = self.value(inst, args[1])?;
                let (sum, overflow) = int_ops::with_overflow(Opcode::UaddOverflowTrap, a, b, None)?;
                if truthy(overflow)? {
                    return Err(Fault::Trap(code).into());
                }
                sum
            }
            InstructionData::MultiAry {
                opcode: Opcode::Return,
                ..
            } => {
                let values = self.values_of(inst, dfg.inst_args(inst))?;
                if let Err(msg) = check_returns(&func.signature, &values) {
                    return Err(self.invalid(inst, &msg).into());
                }
                return Ok(Outcome::Return(values));
            }
            InstructionData::AtomicRmw {
                args, flags, op, ..
            } => {
                let addr = address(self.value(inst, args[0])?)?;
                let x = self.value(inst, args[1])?;
                let old = self.load(addr, x.ty(), flags)?;
                self.store(addr, atomic_rmw(op, old, x)?, flags)?;
                old
            }
            InstructionData::AtomicCas { args, flags, .. } => {
                let addr = address(self.value(inst, args[0])?)?;
                let expected = self.value(inst, args[1])?;
                let replacement = self.value(inst, args[2])?;
                if expected.ty() != replacement.ty() {
                    return Err(Fault::BadOperands.into());
                }
                let old = self.load(addr, expected.ty(), flags)?;
                if old == expected {
                    self.store(addr, replacement, flags)?;
                }
                old
            }
            _ => return Err(Fault::Unsupported.into()),
        };
        let Some(&r) = results.first() else {
            return Err(self.invalid(inst, "the instruction has no result").into());
        };
        self.set_value(inst, r, value)?;
        Ok(Outcome::Next)
    }

    /// Defines the two results of `inst`.
    fn two_results(
        &mut self,
        inst: Inst,
        results: &[Value],
        first: DataValue,
        second: DataValue,
    ) -> StepResult {
        let [r0, r1] = results else {
            return Err(self
                .invalid(inst, "the instruction should have two results")
                .into());
        };
        self.set_value(inst, *r0, first)?;
        self.set_value(inst, *r1, second)?;
        Ok(Outcome::Next)
    }

    /// The values of `vs`.
    fn values_of(&self, inst: Inst, vs: &[Value]) -> Result<ValueVec, InterpError> {
        let mut out = ValueVec::with_capacity(vs.len());
        for &v in vs {
            out.push(self.value(inst, v)?);
        }
        Ok(out)
    }

    /// A call of store function `callee` through signature `sig`: checks
    /// that the callee's own signature agrees (a mismatch, direct or through
    /// a function pointer, is reported as invalid IR).
    fn call(
        &self,
        inst: Inst,
        opcode: Opcode,
        callee: u32,
        args: ValueVec,
        sig: &Signature,
    ) -> StepResult {
        let target = self
            .store
            .get_by_index(callee)
            .ok_or(Fault::Trap(TrapCode::HEAP_OUT_OF_BOUNDS))?;
        let agrees = same_types(&target.signature.params, &sig.params)
            && same_types(&target.signature.returns, &sig.returns);
        if !agrees {
            // CLIF has no trap for a signature mismatch (native code would
            // misbehave); the interpreter reports it as an error.
            return Err(self
                .invalid(
                    inst,
                    &format!(
                        "{} is declared {} but defined {}",
                        target.name, sig, target.signature
                    ),
                )
                .into());
        }
        if let Err(msg) = check_signature_args(sig, &args) {
            return Err(self.invalid(inst, &format!("the callee {msg}")).into());
        }
        match opcode {
            Opcode::ReturnCall | Opcode::ReturnCallIndirect => {
                let current = self.current_func()?;
                if !same_types(&current.signature.returns, &sig.returns) {
                    return Err(self
                        .invalid(inst, "a tail call must return what the caller returns")
                        .into());
                }
                Ok(Outcome::TailCall { callee, args })
            }
            _ => Ok(Outcome::Call { callee, args }),
        }
    }

    /// Loads for the `Load` format opcodes.
    fn load_op(&self, opcode: Opcode, addr: u64, flags: MemFlags, result_ty: Type) -> OpResult {
        let narrow = |ty: Type, extend: Opcode| -> OpResult {
            let x = self.load(addr, ty, flags)?;
            convert::extend_or_reduce(extend, x, result_ty)
        };
        let widening = |ty: Type, extend: Opcode| -> OpResult {
            let x = self.load(addr, ty, flags)?;
            simd::map_to(x, result_ty, |lane| {
                convert::extend_or_reduce(extend, lane, result_ty.lane_type())
            })
        };
        match opcode {
            Opcode::Load => self.load(addr, result_ty, flags),
            Opcode::Uload8 => narrow(types::I8, Opcode::Uextend),
            Opcode::Sload8 => narrow(types::I8, Opcode::Sextend),
            Opcode::Uload16 => narrow(types::I16, Opcode::Uextend),
            Opcode::Sload16 => narrow(types::I16, Opcode::Sextend),
            Opcode::Uload32 => narrow(types::I32, Opcode::Uextend),
            Opcode::Sload32 => narrow(types::I32, Opcode::Sextend),
            Opcode::Uload8x8 => widening(types::I8X8, Opcode::Uextend),
            Opcode::Sload8x8 => widening(types::I8X8, Opcode::Sextend),
            Opcode::Uload16x4 => widening(types::I16X4, Opcode::Uextend),
            Opcode::Sload16x4 => widening(types::I16X4, Opcode::Sextend),
            Opcode::Uload32x2 => widening(types::I32X2, Opcode::Uextend),
            Opcode::Sload32x2 => widening(types::I32X2, Opcode::Sextend),
            _ => Err(Fault::Unsupported),
        }
    }

    /// The value of global value `gv` in the current frame.
    fn global_value(&self, inst: Inst, gv: GlobalValue) -> StepResult<DataValue> {
        let func = self.current_func()?;
        // The chain from `gv` down to its root, walked without recursion.
        let mut chain: SmallVec<[GlobalValue; 4]> = SmallVec::new();
        let mut current = gv;
        let root = loop {
            let data = func.global_values.get(current).ok_or(Fault::BadOperands)?;
            match data {
                GlobalValueData::Load { base, .. } | GlobalValueData::IAddImm { base, .. } => {
                    chain.push(current);
                    if chain.len() > func.global_values.len() {
                        return Err(self.invalid(inst, "global values form a cycle").into());
                    }
                    current = *base;
                }
                other => break other,
            }
        };
        let mut value = match root {
            GlobalValueData::VMContext => {
                let index = func
                    .signature
                    .special_param_index(ArgumentPurpose::VMContext)
                    .ok_or_else(|| self.invalid(inst, "the function has no `vmctx` parameter"))?;
                let entry = func.layout.entry_block().ok_or(Fault::BadOperands)?;
                let param = *func
                    .dfg
                    .block_params(entry)
                    .get(index)
                    .ok_or(Fault::BadOperands)?;
                self.value(inst, param)?
            }
            GlobalValueData::Symbol { name, offset, .. } => {
                let callee = self
                    .store
                    .resolve(func, name)
                    .map_err(InterpError::UnknownFunction)?;
                let addr = Address::Function(callee)
                    .encode()
                    .wrapping_add(offset.bits() as u64);
                DataValue::I64(addr as i64)
            }
            _ => return Err(Fault::Unsupported.into()),
        };
        for &link in chain.iter().rev() {
            value = match func.global_values.get(link) {
                Some(GlobalValueData::Load {
                    offset,
                    global_type,
                    flags,
                    ..
                }) => {
                    let addr = address(value)?.wrapping_add(i64::from(offset.value()) as u64);
                    self.load(addr, *global_type, *flags)?
                }
                Some(GlobalValueData::IAddImm {
                    offset,
                    global_type,
                    ..
                }) => {
                    let (_, bits) = int_parts(value)?;
                    make_int_of(
                        *global_type,
                        bits.wrapping_add(offset.bits() as u64 as u128),
                    )?
                }
                _ => return Err(Fault::BadOperands.into()),
            };
        }
        Ok(value)
    }
}

/// The raw address of a pointer value (`i64`, or `i32` zero-extended).
fn address(v: DataValue) -> OpResult<u64> {
    match v {
        DataValue::I64(x) => Ok(x as u64),
        DataValue::I32(x) => Ok(u64::from(x as u32)),
        _ => Err(Fault::BadOperands),
    }
}

/// The store index of the function a pointer value points to; any other
/// pointer traps like a bad memory access.
fn function_at(v: DataValue) -> OpResult<u32> {
    match Address::decode(address(v)?) {
        Address::Function(index) => Ok(index),
        _ => Err(Fault::Trap(TrapCode::HEAP_OUT_OF_BOUNDS)),
    }
}

fn same_types(a: &[crate::ir::AbiParam], b: &[crate::ir::AbiParam]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.value_type == y.value_type)
}

/// Checks returned values against the signature's returns.
fn check_returns(sig: &Signature, values: &[DataValue]) -> Result<(), String> {
    let ok = sig.returns.len() == values.len()
        && sig
            .returns
            .iter()
            .zip(values)
            .all(|(r, v)| r.value_type == v.ty());
    if ok {
        return Ok(());
    }
    let got: Vec<String> = values.iter().map(|v| v.ty().to_string()).collect();
    Err(format!(
        "returns ({}) but the signature is {}",
        got.join(", "),
        sig
    ))
}

/// The new memory value of `atomic_rmw op` on `old` with operand `x`.
fn atomic_rmw(op: AtomicRmwOp, old: DataValue, x: DataValue) -> OpResult {
    let binop = |opcode| int_ops::binary(opcode, old, x);
    match op {
        AtomicRmwOp::Add => binop(Opcode::Iadd),
        AtomicRmwOp::Sub => binop(Opcode::Isub),
        AtomicRmwOp::And => binop(Opcode::Band),
        AtomicRmwOp::Nand => int_ops::unary(Opcode::Bnot, binop(Opcode::Band)?),
        AtomicRmwOp::Or => binop(Opcode::Bor),
        AtomicRmwOp::Xor => binop(Opcode::Bxor),
        AtomicRmwOp::Xchg => Ok(x),
        AtomicRmwOp::Umin => binop(Opcode::Umin),
        AtomicRmwOp::Umax => binop(Opcode::Umax),
        AtomicRmwOp::Smin => binop(Opcode::Smin),
        AtomicRmwOp::Smax => binop(Opcode::Smax),
    }
}

/// Is `op` an integer operation that also applies bitwise to floats?
fn is_bitwise(op: Opcode) -> bool {
    matches!(op, Opcode::Band | Opcode::Bor | Opcode::Bxor | Opcode::Bnot)
}

/// A bitwise operation on the bits of scalars of any type.
fn bitwise_scalar(op: Opcode, a: DataValue, b: Option<DataValue>) -> OpResult {
    let x = scalar_bits(a)?;
    let y = match b {
        Some(b) if b.ty() == a.ty() => scalar_bits(b)?,
        Some(_) => return Err(Fault::BadOperands),
        None => 0,
    };
    let bits = match op {
        Opcode::Band => x & y,
        Opcode::Bor => x | y,
        Opcode::Bxor => x ^ y,
        Opcode::Bnot => !x,
        _ => return Err(Fault::Unsupported),
    };
    DataValue::from_bits(a.ty(), bits & mask(a.ty().bits())).ok_or(Fault::BadOperands)
}

/// The float opcodes with one operand.
fn is_float_unary(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::Sqrt
            | Opcode::Fneg
            | Opcode::Fabs
            | Opcode::Ceil
            | Opcode::Floor
            | Opcode::Trunc
            | Opcode::Nearest
    )
}

/// Unary opcodes (one operand, one result of type `to`).
fn unary(op: Opcode, a: DataValue, to: Type, canon: bool) -> OpResult {
    let vector = a.ty().is_vector();
    match op {
        _ if is_bitwise(op) => {
            if vector {
                simd::bitwise(op, a, None)
            } else {
                bitwise_scalar(op, a, None)
            }
        }
        Opcode::Ineg
        | Opcode::Iabs
        | Opcode::Clz
        | Opcode::Cls
        | Opcode::Ctz
        | Opcode::Popcnt
        | Opcode::Bitrev
        | Opcode::Bswap => lanewise1(a, |x| int_ops::unary(op, x)),
        _ if is_float_unary(op) => lanewise1(a, |x| float_ops::unary(op, x, canon)),
        Opcode::Bmask => {
            let lane = |x: DataValue, to_lane: Type| {
                let all = if truthy(x)? { u128::MAX } else { 0 };
                make_int_of(to_lane, all & mask(to_lane.bits()))
            };
            if vector {
                simd::map_to(a, to, |x| lane(x, to.lane_type()))
            } else {
                lane(a, to)
            }
        }
        Opcode::Uextend | Opcode::Sextend | Opcode::Ireduce => {
            convert_lanes(a, to, |x, t| convert::extend_or_reduce(op, x, t))
        }
        Opcode::Fpromote | Opcode::Fdemote => {
            convert_lanes(a, to, |x, t| convert::float_to_float(x, t, canon))
        }
        Opcode::FcvtToUint | Opcode::FcvtToSint | Opcode::FcvtToUintSat | Opcode::FcvtToSintSat => {
            convert_lanes(a, to, |x, t| convert::float_to_int(op, x, t))
        }
        Opcode::FcvtFromUint | Opcode::FcvtFromSint => {
            convert_lanes(a, to, |x, t| convert::int_to_float(op, x, t))
        }
        Opcode::FcvtLowFromSint => simd::convert_low(a, to, |x| {
            convert::int_to_float(Opcode::FcvtFromSint, x, to.lane_type())
        }),
        Opcode::FvpromoteLow => {
            simd::convert_low(a, to, |x| convert::float_to_float(x, to.lane_type(), canon))
        }
        Opcode::Fvdemote => {
            simd::fvdemote(a, to, |x| convert::float_to_float(x, to.lane_type(), canon))
        }
        Opcode::Splat => simd::splat(to, a),
        Opcode::ScalarToVector => simd::scalar_to_vector(to, a),
        Opcode::VanyTrue | Opcode::VallTrue => Ok(bool_value(simd::any_all(op, a)?)),
        Opcode::VhighBits => simd::vhigh_bits(a, to),
        Opcode::SwidenLow | Opcode::SwidenHigh | Opcode::UwidenLow | Opcode::UwidenHigh => {
            simd::widen(op, a, to)
        }
        _ => Err(Fault::Unsupported),
    }
}

/// `f` on a scalar, or on each lane of a vector.
fn lanewise1(a: DataValue, f: impl FnMut(DataValue) -> OpResult) -> OpResult {
    let mut f = f;
    if a.ty().is_vector() {
        simd::map1(a, f)
    } else {
        f(a)
    }
}

/// A conversion `f(x, to)` of a scalar, or of each lane into `to`'s lanes.
fn convert_lanes(
    a: DataValue,
    to: Type,
    mut f: impl FnMut(DataValue, Type) -> OpResult,
) -> OpResult {
    if a.ty().is_vector() {
        simd::map_to(a, to, |x| f(x, to.lane_type()))
    } else {
        f(a, to)
    }
}

/// Binary opcodes with one result of type `to`.
fn binary(op: Opcode, a: DataValue, b: DataValue, to: Type, canon: bool) -> OpResult {
    let vector = a.ty().is_vector();
    match op {
        _ if is_bitwise(op) => {
            if vector {
                simd::bitwise(op, a, Some(b))
            } else if a.ty().is_float() {
                bitwise_scalar(op, a, Some(b))
            } else {
                int_ops::binary(op, a, b)
            }
        }
        Opcode::Ishl | Opcode::Ushr | Opcode::Sshr | Opcode::Rotl | Opcode::Rotr => {
            lanewise1(a, |x| int_ops::binary(op, x, b))
        }
        Opcode::Iadd
        | Opcode::Isub
        | Opcode::Imul
        | Opcode::Umulhi
        | Opcode::Smulhi
        | Opcode::Udiv
        | Opcode::Sdiv
        | Opcode::Urem
        | Opcode::Srem
        | Opcode::Smin
        | Opcode::Umin
        | Opcode::Smax
        | Opcode::Umax
        | Opcode::AvgRound
        | Opcode::UaddSat
        | Opcode::SaddSat
        | Opcode::UsubSat
        | Opcode::SsubSat => lanewise2(a, b, |x, y| int_ops::binary(op, x, y)),
        Opcode::Fadd
        | Opcode::Fsub
        | Opcode::Fmul
        | Opcode::Fdiv
        | Opcode::Fmin
        | Opcode::Fmax
        | Opcode::Fcopysign => lanewise2(a, b, |x, y| float_ops::binary(op, x, y, canon)),
        Opcode::Iconcat => convert::iconcat(a, b),
        Opcode::Swizzle => simd::swizzle(a, b),
        Opcode::Snarrow | Opcode::Unarrow | Opcode::Uunarrow => simd::narrow(op, a, b, to),
        Opcode::IaddPairwise => simd::iadd_pairwise(a, b),
        Opcode::SqmulRoundSat => simd::sqmul_round_sat(a, b),
        _ => Err(Fault::Unsupported),
    }
}

/// `f` on two scalars, or on each pair of lanes of two vectors.
fn lanewise2(
    a: DataValue,
    b: DataValue,
    mut f: impl FnMut(DataValue, DataValue) -> OpResult,
) -> OpResult {
    match (a.ty().is_vector(), b.ty().is_vector()) {
        (true, true) => simd::map2(a, b, f),
        (false, false) => f(a, b),
        _ => Err(Fault::BadOperands),
    }
}

/// Ternary opcodes with one result.
fn ternary(op: Opcode, a: DataValue, b: DataValue, c: DataValue, canon: bool) -> OpResult {
    match op {
        Opcode::Select | Opcode::SelectSpectreGuard => {
            if b.ty() != c.ty() {
                return Err(Fault::BadOperands);
            }
            Ok(if truthy(a)? { b } else { c })
        }
        Opcode::Bitselect => {
            if b.ty().is_vector() {
                simd::bitselect(a, b, c)
            } else {
                if a.ty() != b.ty() || b.ty() != c.ty() {
                    return Err(Fault::BadOperands);
                }
                let (m, x, y) = (scalar_bits(a)?, scalar_bits(b)?, scalar_bits(c)?);
                DataValue::from_bits(b.ty(), (m & x) | (!m & y)).ok_or(Fault::BadOperands)
            }
        }
        Opcode::Vselect => simd::vselect(a, b, c),
        Opcode::Fma => {
            if a.ty().is_vector() {
                simd::map3(a, b, c, |x, y, z| float_ops::fma(x, y, z, canon))
            } else {
                float_ops::fma(a, b, c, canon)
            }
        }
        _ => Err(Fault::Unsupported),
    }
}
