//! The ABI-dependent part of x86-64 lowering: incoming arguments, returns,
//! calls, stack slots, symbols and jump tables.
//!
//! Locations come from the shared [`compute_call_layout`]; this file turns
//! them into fixed-register operands (the allocator places the values)
//! and stack accesses. Incoming stack arguments are read at
//! `[rbp + 16 + offset]`; outgoing ones are written at `[rsp + offset]`
//! (the outgoing area sits at the bottom of the frame, so its size only
//! has to be known when the frame is laid out); stack slots are at
//! `[rbp - slots_size + slot offset]`.

use super::{Ext, FixedRegs, GprMem, IsleCtx, Targets, is_gpr_type};
use crate::ir::{
    ArgumentExtension, CallConv, ExternalName, FuncRef, GlobalValue, GlobalValueData, SigRef,
    Signature, StackSlot, Type, Value, types,
};
use crate::isa::x64::args::{Amode, RegMem};
use crate::isa::x64::inst::Inst;
use crate::isa::x64::minst::{
    CallInfo, CallTarget, FixedReg, JumpTableInfo, MInst, ReturnCallInfo, SYSV_CALLER_SAVED,
};
use crate::isa::x64::regs::{RBP, RSP};
use crate::machinst::abi::{AbiIsa, ArgAssignment, ArgLoc, CallLayout, compute_call_layout};
use crate::machinst::asm_sink::{SymbolRef, Target};
use crate::machinst::error::CodegenError;
use crate::machinst::lower::{InstOutput, ValueRegs};
use crate::machinst::reg::{Reg, RegClass};
use smallvec::SmallVec;

/// A value returned through the return area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetAreaValue {
    /// Index among the signature's return values.
    pub index: usize,
    /// The value's type.
    pub ty: Type,
    /// Byte offset in the area.
    pub offset: u32,
}

/// Where a signature's values live on x86-64.
///
/// Results that do not fit the return registers go to a *return area*
/// the caller provides: the longest prefix of the results that fits the
/// registers stays there, every later result is stored in the area at its
/// natural alignment, and the area's address is passed as a hidden first
/// integer argument (so `call.params[0]` is that pointer, and the visible
/// parameters follow).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct X64CallLayout {
    /// The register and stack locations (the hidden pointer first when
    /// there is a return area; only the register results in `returns`).
    pub call: CallLayout,
    /// The results in the return area, in order.
    pub ret_area: Vec<RetAreaValue>,
    /// Bytes of the return area (a multiple of 16; 0 without one).
    pub ret_area_size: u32,
}

impl X64CallLayout {
    /// Whether there is a hidden return-area pointer argument.
    pub fn has_ret_area(&self) -> bool {
        !self.ret_area.is_empty()
    }

    /// The visible parameters' locations (after the hidden pointer).
    pub fn params(&self) -> &[ArgAssignment] {
        let skip = usize::from(self.has_ret_area());
        &self.call.params[skip..]
    }
}

fn layout_error(e: crate::machinst::abi::AbiError) -> CodegenError {
    let msg = e.to_string();
    CodegenError::UnsupportedFeature(msg.trim_start_matches("unsupported: ").to_string())
}

/// Argument and return locations of `sig` on x86-64 (see
/// [`X64CallLayout`] for results beyond the return registers).
///
/// The `tail` convention places values like `system_v`; its callee pops
/// its own stack arguments, which lathe does not do yet, so a `tail`
/// signature with values in memory (stack arguments or a return area) is
/// reported as unsupported.
pub fn function_call_layout(sig: &Signature) -> Result<X64CallLayout, CodegenError> {
    // The backend saves System V's callee-saved registers and assumes
    // System V's caller-saved ones are clobbered by a call; Windows x64
    // preserves other registers (rsi, rdi, xmm6-15).
    if sig.call_conv == CallConv::WindowsFastcall {
        return Err(CodegenError::UnsupportedFeature(
            "calling convention `windows_fastcall` on x86_64 (the backend implements System V)"
                .into(),
        ));
    }
    if sig.call_conv == CallConv::Tail {
        let mut sysv = sig.clone();
        sysv.call_conv = CallConv::SystemV;
        let layout = sysv_call_layout(&sysv)?;
        if layout.call.stack_arg_size > 0 || layout.has_ret_area() {
            return Err(CodegenError::UnsupportedFeature(
                "calling convention `tail` on x86_64 with arguments or results in memory \
                 (only register arguments and results are supported)"
                    .into(),
            ));
        }
        return Ok(layout);
    }
    sysv_call_layout(sig)
}

/// [`function_call_layout`] for a convention `compute_call_layout` knows.
fn sysv_call_layout(sig: &Signature) -> Result<X64CallLayout, CodegenError> {
    let full_error = match compute_call_layout(sig, AbiIsa::X86_64) {
        Ok(call) => {
            return Ok(X64CallLayout {
                call,
                ret_area: Vec::new(),
                ret_area_size: 0,
            });
        }
        Err(e) => e,
    };
    // The longest prefix of the results that fits the registers.
    let mut with_area = sig.clone();
    with_area
        .params
        .insert(0, crate::ir::AbiParam::new(types::I64));
    for in_regs in (0..sig.returns.len()).rev() {
        with_area.returns.truncate(in_regs);
        let Ok(call) = compute_call_layout(&with_area, AbiIsa::X86_64) else {
            continue;
        };
        let mut ret_area = Vec::new();
        let mut size = 0u32;
        for (index, r) in sig.returns.iter().enumerate().skip(in_regs) {
            let ty = r.value_type;
            if !matches!(
                ty,
                types::I8 | types::I16 | types::I32 | types::I64 | types::I128
            ) {
                return Err(CodegenError::UnsupportedFeature(format!(
                    "return value {index} of type `{ty}` in the return area"
                )));
            }
            let bytes = ty.bytes();
            let offset = size.next_multiple_of(bytes);
            size = offset + bytes;
            ret_area.push(RetAreaValue { index, ty, offset });
        }
        return Ok(X64CallLayout {
            call,
            ret_area,
            ret_area_size: size.next_multiple_of(16),
        });
    }
    Err(layout_error(full_error))
}

/// The name a relocation against `name` uses: a test-case name without
/// its `%`, a library call in lower case (`%Memcpy` is `memcpy`), a user
/// name as `uN:M`.
pub fn symbol_name(func: &crate::ir::Function, name: &ExternalName) -> String {
    match name {
        ExternalName::TestCase(t) => t.as_str().to_string(),
        ExternalName::LibCall(l) => l.to_string().trim_start_matches('%').to_lowercase(),
        other => other.display(Some(&func.params)).to_string(),
    }
}

impl IsleCtx<'_, '_> {
    pub(super) fn symbol(&mut self, name: String) -> SymbolRef {
        let symbols = &mut self.backend.symbols;
        let i = match symbols.iter().position(|s| *s == name) {
            Some(i) => i,
            None => {
                symbols.push(name);
                symbols.len() - 1
            }
        };
        SymbolRef(i as u32)
    }

    /// `Args`: the parameters in their registers, then loads of the stack
    /// parameters.
    pub(super) fn lower_args(&mut self, params: &[ValueRegs]) {
        let layout = self.backend.layout.clone();
        let mut defs = FixedRegs::new();
        let mut loads = Vec::new();
        if layout.has_ret_area() {
            match layout.call.params.first().map(|a| a.loc) {
                Some(ArgLoc::Reg(r)) => {
                    let ptr = self.ret_area_ptr();
                    defs.push((ptr, r.to_reg()));
                }
                other => {
                    self.fail(CodegenError::UnsupportedFeature(format!(
                        "return-area pointer at {other:?}"
                    )));
                    return;
                }
            }
        }
        for (regs, a) in params.iter().zip(layout.params()) {
            match a.loc {
                ArgLoc::Reg(r) => defs.push((regs[0], r.to_reg())),
                ArgLoc::RegPair { lo, hi } if regs.len() == 2 => {
                    defs.push((regs[0], lo.to_reg()));
                    defs.push((regs[1], hi.to_reg()));
                }
                ArgLoc::Stack { offset, .. } if regs.len() == 1 && is_gpr_type(a.ty) => {
                    loads.push((regs[0], a.ty, offset));
                }
                ArgLoc::Stack { offset, size: 16 } if regs.len() == 2 => {
                    loads.push((regs[0], types::I64, offset));
                    loads.push((regs[1], types::I64, offset + 8));
                }
                _ => {
                    self.fail(CodegenError::UnsupportedFeature(format!(
                        "parameter of type `{}` at {:?}",
                        a.ty, a.loc
                    )));
                    return;
                }
            }
        }
        self.emit(MInst::Args { defs });
        for (dst, ty, offset) in loads {
            let addr = Amode::base(RBP, 16 + offset as i32);
            let tmp = self.load(ty, Ext::Zero, addr);
            self.emit(MInst::mov(dst, tmp));
        }
    }

    /// The virtual register of the hidden return-area pointer argument
    /// (made on first use: lowering walks the function backwards, so
    /// returns are lowered before the arguments are defined).
    fn ret_area_ptr(&mut self) -> Reg {
        match self.backend.ret_area_ptr {
            Some(r) => r,
            None => {
                let r = self.gpr();
                self.backend.ret_area_ptr = Some(r);
                r
            }
        }
    }

    /// Extends a narrow integer as the convention asks.
    /// The `(value register, ABI register)` pairs that pass `regs` (a
    /// value's registers) where `a` says, extended as the convention asks;
    /// `None` when `a` is not a register location.
    fn abi_reg_pairs(
        &mut self,
        regs: &ValueRegs,
        a: &ArgAssignment,
    ) -> Option<SmallVec<[FixedReg; 2]>> {
        match a.loc {
            ArgLoc::Reg(r) => {
                let reg = self.extend_for_abi(a.ty, regs[0], a.ext);
                Some(smallvec::smallvec![(reg, r.to_reg())])
            }
            ArgLoc::RegPair { lo, hi } if regs.len() == 2 => Some(smallvec::smallvec![
                (regs[0], lo.to_reg()),
                (regs[1], hi.to_reg())
            ]),
            _ => None,
        }
    }

    fn extend_for_abi(&mut self, ty: Type, reg: Reg, ext: ArgumentExtension) -> Reg {
        if !is_gpr_type(ty) || ty.bits() >= 64 {
            return reg;
        }
        match ext {
            ArgumentExtension::None => reg,
            ArgumentExtension::Uext => self.extend(Ext::Zero, ty, types::I64, GprMem::Reg { reg }),
            ArgumentExtension::Sext => self.extend(Ext::Sign, ty, types::I64, GprMem::Reg { reg }),
        }
    }

    /// `return`: the values in the return registers, then `Ret`.
    pub(super) fn ret(&mut self, args: &[Value]) {
        let layout = self.backend.layout.clone();
        let mut uses = SmallVec::new();
        if layout.has_ret_area() {
            let ptr = self.ret_area_ptr();
            for slot in &layout.ret_area {
                let Some(&v) = args.get(slot.index) else {
                    continue;
                };
                let regs = self.lower.put_value_in_regs(v);
                let addr = Amode::base(ptr, slot.offset as i32);
                self.store_ret_area_value(slot.ty, &regs, addr);
            }
        }
        for (&v, a) in args.iter().zip(&layout.call.returns) {
            let regs = self.lower.put_value_in_regs(v);
            match self.abi_reg_pairs(&regs, a) {
                Some(pairs) => uses.extend(pairs),
                None => {
                    self.fail(CodegenError::UnsupportedFeature(format!(
                        "return value of type `{}` at {:?}",
                        a.ty, a.loc
                    )));
                    return;
                }
            }
        }
        self.emit(MInst::Ret { uses });
    }

    fn call_with(&mut self, sig: &Signature, target: CallTarget, args: &[Value]) -> InstOutput {
        let layout = match function_call_layout(sig) {
            Ok(l) => l,
            Err(e) => {
                self.fail(e);
                return InstOutput::new();
            }
        };
        let mut uses = SmallVec::new();
        // The return area sits above the outgoing stack arguments.
        let area_offset = layout.call.stack_arg_size.next_multiple_of(16);
        if layout.has_ret_area() {
            let Some(ArgLoc::Reg(r)) = layout.call.params.first().map(|a| a.loc) else {
                self.fail(CodegenError::UnsupportedFeature(
                    "return-area pointer on the stack".into(),
                ));
                return InstOutput::new();
            };
            let ptr = self.gpr();
            self.emit_asm(Inst::lea_r64_m(ptr, Amode::base(RSP, area_offset as i32)));
            uses.push((ptr, r.to_reg()));
        }
        for (&v, a) in args.iter().zip(layout.params()) {
            let regs = self.lower.put_value_in_regs(v);
            if let Some(pairs) = self.abi_reg_pairs(&regs, a) {
                uses.extend(pairs);
                continue;
            }
            match a.loc {
                ArgLoc::Stack { offset, .. } if is_gpr_type(a.ty) => {
                    let reg = self.extend_for_abi(a.ty, regs[0], a.ext);
                    // Whole 8-byte slots: the callee may read them as such.
                    let addr = Amode::base(RSP, offset as i32);
                    self.emit_asm(Inst::mov_rm64_r64(RegMem::Mem(addr), reg));
                }
                ArgLoc::Stack { offset, size: 16 } if regs.len() == 2 => {
                    for (i, &half) in regs.iter().enumerate() {
                        let addr = Amode::base(RSP, (offset + 8 * i as u32) as i32);
                        self.emit_asm(Inst::mov_rm64_r64(RegMem::Mem(addr), half));
                    }
                }
                _ => {
                    self.fail(CodegenError::UnsupportedFeature(format!(
                        "call argument of type `{}` at {:?}",
                        a.ty, a.loc
                    )));
                    return InstOutput::new();
                }
            }
        }
        let area = area_offset + layout.ret_area_size;
        self.backend.outgoing_args_size = self.backend.outgoing_args_size.max(area);
        let mut defs = SmallVec::new();
        let mut out = InstOutput::new();
        for a in &layout.call.returns {
            let mut regs = ValueRegs::new();
            match a.loc {
                ArgLoc::Reg(r) => {
                    let v = self.tmp(r.class);
                    defs.push((v, r.to_reg()));
                    regs.push(v);
                }
                ArgLoc::RegPair { lo, hi } => {
                    let l = self.tmp(RegClass::Int);
                    let h = self.tmp(RegClass::Int);
                    defs.push((l, lo.to_reg()));
                    defs.push((h, hi.to_reg()));
                    regs.push(l);
                    regs.push(h);
                }
                _ => {
                    self.fail(CodegenError::UnsupportedFeature(format!(
                        "call result of type `{}` at {:?}",
                        a.ty, a.loc
                    )));
                    return InstOutput::new();
                }
            }
            out.push(regs);
        }
        self.emit(MInst::Call(Box::new(CallInfo {
            target,
            uses,
            defs,
            clobbers: &SYSV_CALLER_SAVED,
        })));
        for slot in &layout.ret_area {
            let addr = Amode::base(RSP, (area_offset + slot.offset) as i32);
            let regs = self.load_ret_area_value(slot.ty, addr);
            out.push(regs);
        }
        out
    }

    /// Stores a result of type `ty` (an integer) in the return area.
    fn store_ret_area_value(&mut self, ty: Type, regs: &ValueRegs, addr: Amode) {
        if ty.bits() == 128 {
            self.store128(regs, addr, false);
        } else {
            let reg = regs.first().copied().unwrap_or(super::PLACEHOLDER);
            self.store(ty, reg, addr);
        }
    }

    /// Loads a result of type `ty` (an integer) from the return area.
    fn load_ret_area_value(&mut self, ty: Type, addr: Amode) -> ValueRegs {
        if ty.bits() == 128 {
            self.load128(addr, false)
        } else {
            smallvec::smallvec![self.load(ty, Ext::Zero, addr)]
        }
    }

    /// `call fnN(args)`.
    pub(super) fn call_direct(&mut self, callee: FuncRef, args: &[Value]) -> InstOutput {
        let func = self.lower.func();
        let data = &func.dfg.ext_funcs[callee];
        let sig = func.dfg.signatures[data.signature].clone();
        let name = symbol_name(func, &data.name);
        let symbol = self.symbol(name);
        self.call_with(&sig, CallTarget::Symbol(symbol), args)
    }

    /// `call_indirect sigN, callee(args)`.
    pub(super) fn call_indirect(
        &mut self,
        sig: SigRef,
        callee: Value,
        args: &[Value],
    ) -> InstOutput {
        let sig = self.lower.func().dfg.signatures[sig].clone();
        let target = self.lower.put_value_in_reg(callee);
        self.call_with(&sig, CallTarget::Reg(target), args)
    }

    /// A tail call to `target` with signature `sig`: arguments in
    /// registers only (a callee with stack arguments or a return area is
    /// reported as unsupported: its arguments would have to replace this
    /// function's incoming ones).
    fn return_call_with(&mut self, sig: &Signature, target: CallTarget, args: &[Value]) {
        let layout = match function_call_layout(sig) {
            Ok(l) => l,
            Err(e) => {
                self.fail(e);
                return;
            }
        };
        if layout.call.stack_arg_size > 0 || layout.has_ret_area() {
            self.fail(CodegenError::UnsupportedFeature(
                "tail call on x86_64 to a callee with arguments or results in memory".into(),
            ));
            return;
        }
        let mut uses = SmallVec::new();
        for (&v, a) in args.iter().zip(layout.params()) {
            let regs = self.lower.put_value_in_regs(v);
            match self.abi_reg_pairs(&regs, a) {
                Some(pairs) => uses.extend(pairs),
                None => {
                    self.fail(CodegenError::UnsupportedFeature(format!(
                        "tail call argument of type `{}` at {:?}",
                        a.ty, a.loc
                    )));
                    return;
                }
            }
        }
        self.emit(MInst::ReturnCall(Box::new(ReturnCallInfo { target, uses })));
    }

    /// `return_call fnN(args)`.
    pub(super) fn return_call(&mut self, callee: FuncRef, args: &[Value]) {
        let func = self.lower.func();
        let data = &func.dfg.ext_funcs[callee];
        let sig = func.dfg.signatures[data.signature].clone();
        let name = symbol_name(func, &data.name);
        let symbol = self.symbol(name);
        self.return_call_with(&sig, CallTarget::Symbol(symbol), args);
    }

    /// `return_call_indirect sigN, callee(args)`.
    pub(super) fn return_call_indirect(&mut self, sig: SigRef, callee: Value, args: &[Value]) {
        let sig = self.lower.func().dfg.signatures[sig].clone();
        let target = self.lower.put_value_in_reg(callee);
        self.return_call_with(&sig, CallTarget::Reg(target), args);
    }

    /// `br_table`: `targets[0]` is the default.
    pub(super) fn br_table(&mut self, index: Value, targets: &Targets) {
        let Some((&default, table)) = targets.split_first() else {
            self.fail(CodegenError::Backend("br_table without targets".into()));
            return;
        };
        let ty = self.lower.dfg().value_type(index);
        let mut idx = self.lower.put_value_in_reg(index);
        if ty.bits() < 32 {
            idx = self.extend(Ext::Zero, ty, types::I32, GprMem::Reg { reg: idx });
        } else if ty.bits() > 32 {
            self.fail(CodegenError::UnsupportedFeature(format!(
                "br_table index of type `{ty}`"
            )));
            return;
        }
        let table_reg = self.gpr();
        let target_reg = self.gpr();
        self.emit(MInst::JmpTable(Box::new(JumpTableInfo {
            index: idx,
            table: table_reg,
            target: target_reg,
            default,
            targets: table.to_vec().into_boxed_slice(),
        })));
    }

    /// `[rbp - slots_size + offset(slot) + off]`.
    pub(super) fn slot_amode(&mut self, slot: StackSlot, off: i32) -> Amode {
        let base = i64::from(*self.backend.slot_offsets.get(slot))
            - i64::from(self.backend.slots_size)
            + i64::from(off);
        match i32::try_from(base) {
            Ok(d) => Amode::base(RBP, d),
            Err(_) => {
                self.fail(CodegenError::ImplLimit(
                    "stack slot offset out of range".into(),
                ));
                Amode::base(RBP, 0)
            }
        }
    }

    /// The address of `name` plus `addend`: a rip-relative `lea` when the
    /// symbol is `colocated` (in the same object or JIT module, so within
    /// reach), else a load from its GOT entry (it may be anywhere).
    fn symbol_address(&mut self, name: String, addend: i64, colocated: bool) -> Reg {
        let symbol = self.symbol(name);
        let dst = self.gpr();
        if colocated {
            self.emit_asm(Inst::lea_r64_m(
                dst,
                Amode::rip(Target::Symbol { symbol, addend }),
            ));
            return dst;
        }
        self.emit(MInst::LoadGot { dst, symbol });
        match i32::try_from(addend) {
            Ok(0) => dst,
            Ok(k) => self.alu(
                super::AluOp::Add,
                types::I64,
                dst,
                super::GprMemImm::Imm { simm32: k },
            ),
            Err(_) => {
                let k = self.iconst(types::I64, addend as u64);
                self.alu(
                    super::AluOp::Add,
                    types::I64,
                    dst,
                    super::GprMemImm::Reg { reg: k },
                )
            }
        }
    }

    /// `func_addr fnN`.
    pub(super) fn func_addr(&mut self, f: FuncRef) -> Reg {
        let func = self.lower.func();
        let data = &func.dfg.ext_funcs[f];
        let name = symbol_name(func, &data.name);
        self.symbol_address(name, 0, data.colocated)
    }

    /// `symbol_value gvN` (a symbol plus offset; other global values are
    /// expanded by the legalizer, which this backend does not have).
    pub(super) fn symbol_value(&mut self, gv: GlobalValue) -> Reg {
        let func = self.lower.func();
        match &func.global_values[gv] {
            GlobalValueData::Symbol {
                name,
                offset,
                colocated,
                tls: false,
            } => {
                let name = symbol_name(func, name);
                self.symbol_address(name, i64::from(*offset), *colocated)
            }
            other => {
                self.fail(CodegenError::UnsupportedFeature(format!(
                    "symbol_value of global value `{other:?}`"
                )));
                self.gpr()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{AbiParam, CallConv};
    use crate::machinst::abi::AbiReg;

    fn sig(params: &[Type], returns: &[Type]) -> Signature {
        let mut s = Signature::new(CallConv::SystemV);
        s.params.extend(params.iter().map(|&t| AbiParam::new(t)));
        s.returns.extend(returns.iter().map(|&t| AbiParam::new(t)));
        s
    }

    #[test]
    fn results_that_fit_need_no_return_area() {
        let l = function_call_layout(&sig(&[types::I64], &[types::I128])).unwrap();
        assert!(!l.has_ret_area());
        assert_eq!(l.params().len(), 1);
        assert_eq!(l.ret_area_size, 0);
    }

    #[test]
    fn extra_results_go_to_the_return_area_behind_a_hidden_pointer() {
        let l = function_call_layout(&sig(
            &[types::I32],
            &[types::I64, types::I128, types::I8, types::I16, types::I128],
        ))
        .unwrap();
        // rax holds the first result; the i128 needs two registers, so it
        // and everything after it go to memory.
        assert_eq!(l.call.returns.len(), 1);
        let area: Vec<(usize, u32)> = l.ret_area.iter().map(|v| (v.index, v.offset)).collect();
        assert_eq!(area, [(1, 0), (2, 16), (3, 18), (4, 32)]);
        assert_eq!(l.ret_area_size, 48);
        // The pointer takes rdi; the visible parameter moves to rsi.
        assert_eq!(l.call.params[0].loc, ArgLoc::Reg(AbiReg::int(7)));
        assert_eq!(l.params()[0].loc, ArgLoc::Reg(AbiReg::int(6)));
    }

    #[test]
    fn a_non_integer_in_the_return_area_is_a_clear_error() {
        // Two vectors fill xmm0 and xmm1; a third would go to memory.
        let e = function_call_layout(&sig(&[], &[types::I32X4, types::I32X4, types::I32X4]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("return value 2 of type `i32x4`"), "{e}");
    }
}
