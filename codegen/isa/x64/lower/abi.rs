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
    ArgumentExtension, ExternalName, FuncRef, GlobalValue, GlobalValueData, SigRef, Signature,
    StackSlot, Type, Value, types,
};
use crate::isa::x64::args::{Amode, RegMem};
use crate::isa::x64::inst::Inst;
use crate::isa::x64::minst::{CallInfo, CallTarget, JumpTableInfo, MInst, SYSV_CALLER_SAVED};
use crate::isa::x64::regs::{RBP, RSP};
use crate::machinst::abi::{AbiIsa, ArgLoc, CallLayout, compute_call_layout};
use crate::machinst::asm_sink::{Label, SymbolRef, Target};
use crate::machinst::error::CodegenError;
use crate::machinst::lower::{InstOutput, ValueRegs};
use crate::machinst::reg::{Reg, RegClass};
use smallvec::SmallVec;

/// Argument and return locations of `sig` on x86-64.
pub fn function_call_layout(sig: &Signature) -> Result<CallLayout, CodegenError> {
    compute_call_layout(sig, AbiIsa::X86_64).map_err(|e| {
        let msg = e.to_string();
        CodegenError::UnsupportedFeature(msg.trim_start_matches("unsupported: ").to_string())
    })
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
    fn symbol(&mut self, name: String) -> SymbolRef {
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
        for (regs, a) in params.iter().zip(&layout.params) {
            match a.loc {
                ArgLoc::Reg(r) => defs.push((regs[0], r.to_reg())),
                ArgLoc::RegPair { lo, hi } if regs.len() == 2 => {
                    defs.push((regs[0], lo.to_reg()));
                    defs.push((regs[1], hi.to_reg()));
                }
                ArgLoc::Stack { offset, .. } if regs.len() == 1 && is_gpr_type(a.ty) => {
                    loads.push((regs[0], a.ty, offset));
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

    /// Extends a narrow integer as the convention asks.
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
        for (&v, a) in args.iter().zip(&layout.returns) {
            let regs = self.lower.put_value_in_regs(v);
            match a.loc {
                ArgLoc::Reg(r) => {
                    let reg = self.extend_for_abi(a.ty, regs[0], a.ext);
                    uses.push((reg, r.to_reg()));
                }
                ArgLoc::RegPair { lo, hi } if regs.len() == 2 => {
                    uses.push((regs[0], lo.to_reg()));
                    uses.push((regs[1], hi.to_reg()));
                }
                _ => {
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
        for (&v, a) in args.iter().zip(&layout.params) {
            let regs = self.lower.put_value_in_regs(v);
            match a.loc {
                ArgLoc::Reg(r) => {
                    let reg = self.extend_for_abi(a.ty, regs[0], a.ext);
                    uses.push((reg, r.to_reg()));
                }
                ArgLoc::RegPair { lo, hi } if regs.len() == 2 => {
                    uses.push((regs[0], lo.to_reg()));
                    uses.push((regs[1], hi.to_reg()));
                }
                ArgLoc::Stack { offset, .. } if is_gpr_type(a.ty) => {
                    let reg = self.extend_for_abi(a.ty, regs[0], a.ext);
                    // Whole 8-byte slots: the callee may read them as such.
                    let addr = Amode::base(RSP, offset as i32);
                    self.emit_asm(Inst::mov_rm64_r64(RegMem::Mem(addr), reg));
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
        let area = layout.stack_arg_size.next_multiple_of(16);
        self.backend.outgoing_args_size = self.backend.outgoing_args_size.max(area);
        let mut defs = SmallVec::new();
        let mut out = InstOutput::new();
        for a in &layout.returns {
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
        out
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
            targets: table
                .iter()
                .copied()
                .collect::<Vec<Label>>()
                .into_boxed_slice(),
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

    fn lea_symbol(&mut self, name: String, addend: i64) -> Reg {
        let symbol = self.symbol(name);
        let dst = self.gpr();
        self.emit_asm(Inst::lea_r64_m(
            dst,
            Amode::rip(Target::Symbol { symbol, addend }),
        ));
        dst
    }

    /// `func_addr fnN`.
    pub(super) fn func_addr(&mut self, f: FuncRef) -> Reg {
        let func = self.lower.func();
        let name = symbol_name(func, &func.dfg.ext_funcs[f].name);
        self.lea_symbol(name, 0)
    }

    /// `symbol_value gvN` (a symbol plus offset; other global values are
    /// expanded by the legalizer, which this backend does not have).
    pub(super) fn symbol_value(&mut self, gv: GlobalValue) -> Reg {
        let func = self.lower.func();
        match &func.global_values[gv] {
            GlobalValueData::Symbol {
                name,
                offset,
                tls: false,
                ..
            } => {
                let name = symbol_name(func, name);
                self.lea_symbol(name, i64::from(*offset))
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
