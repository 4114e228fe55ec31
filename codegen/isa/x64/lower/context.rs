//! The generated rule matchers (`$OUT_DIR/x64_lower.rs`) and the Rust side
//! of the terms they call: the opcode extractors and instruction
//! constructors (generated macros) and the helpers of
//! `rules/x64/00_prelude.isle` (forwarded to [`super::emit`] and
//! [`super::abi`]).

use super::atomics::AtomicRmwKind;
use super::float::{FloatCond, FloatOp, RoundMode, XmmMem};
use super::libcall::{self, Libcall};
use super::simd::{VecBinOp, VecShift};
use super::{
    AluOp, BitOp, DivOp, Ext, GprMem, GprMemImm, IsaInst, IsleCtx, ShiftAmount, ShiftOp, Targets,
    UnaryOp, Unit, ValueSlice, emit, sext,
};
use crate::ir::condcodes::{FloatCC, IntCC};
use crate::ir::immediates::{Ieee16, Ieee32, Ieee64, Imm64, Offset32, Uimm8};
use crate::ir::{
    AtomicRmwOp, Block, BlockCall, Constant, DynamicStackSlot, ExceptionTable, FuncRef,
    GlobalValue, Immediate, Inst, InstructionData, JumpTable, MemFlags, Opcode, SigRef, StackSlot,
    TrapCode, Type, Value, types,
};
use crate::isa::x64::args::{Amode, RegMem, RegMemRw, Scale};
use crate::isa::x64::inst::Cc;
use crate::isa::x64::minst::{AtomicLoopOp, MInst};
use crate::machinst::asm_sink::{Label, Target};
use crate::machinst::error::CodegenError;
use crate::machinst::lower::{InstOutput, ValueRegs};
use crate::machinst::reg::{Reg, Rw};

/// The matchers generated from `rules/x64/*.isle`.
#[allow(
    clippy::all,
    unused_variables,
    unused_imports,
    unreachable_code,
    unreachable_patterns,
    unused_mut,
    non_snake_case,
    dead_code,
    irrefutable_let_patterns
)]
pub(super) mod generated {
    use super::*;
    use crate::ir::types::{F16, F32, F64, F128, I8, I16, I32, I64, I128};

    // Condition codes the rules name as constants.
    const CC_E: Cc = Cc::E;
    const CC_NE: Cc = Cc::Ne;
    const CC_S: Cc = Cc::S;
    const CC_L: Cc = Cc::L;
    const CC_G: Cc = Cc::G;
    const CC_B: Cc = Cc::B;
    const CC_A: Cc = Cc::A;
    const CC_O: Cc = Cc::O;
    const CC_AE: Cc = Cc::Ae;
    // Integer: the orderings the 128-bit min/max rules name.
    const INTCC_SLT: IntCC = IntCC::SignedLessThan;
    const INTCC_SGT: IntCC = IntCC::SignedGreaterThan;
    const INTCC_ULT: IntCC = IntCC::UnsignedLessThan;
    const INTCC_UGT: IntCC = IntCC::UnsignedGreaterThan;

    include!(concat!(env!("OUT_DIR"), "/x64_lower.rs"));
}

use generated::Context;

include!(concat!(env!("OUT_DIR"), "/clif_extractors.rs"));
include!(concat!(env!("OUT_DIR"), "/x64_isle_ctors.rs"));

impl Context for IsleCtx<'_, '_> {
    clif_extractors!();
    asm_constructors!();

    fn inst_type(&mut self, inst: Inst) -> Type {
        self.lower.ctrl_type(inst)
    }

    fn def_inst(&mut self, v: Value) -> Option<Inst> {
        let inst = self.lower.def_inst(v)?;
        let op = self.lower.dfg().insts[inst].opcode();
        (!crate::machinst::lower::has_lowering_side_effect(op)).then_some(inst)
    }

    fn simm32(&mut self, v: Value) -> Option<i32> {
        let bits = self.const_bits(v)?;
        let ty = self.lower.dfg().value_type(v);
        i32::try_from(sext(bits, ty.bits())).ok()
    }

    fn iconst_bits(&mut self, v: Value) -> Option<u64> {
        self.const_bits(v)
    }

    fn sinkable_load(&mut self, v: Value) -> Option<Amode> {
        let inst = self.lower.sinkable_inst(v)?;
        let dfg = self.lower.dfg();
        let InstructionData::Load {
            opcode: Opcode::Load,
            arg,
            offset,
            ..
        } = dfg.insts[inst]
        else {
            return None;
        };
        let InstructionData::Load { flags, .. } = dfg.insts[inst] else {
            return None;
        };
        if !dfg.value_type(v).is_int()
            || dfg.value_type(v).bits() > 64
            || flags.explicit_endianness() == Some(crate::ir::Endianness::Big)
        {
            return None;
        }
        self.lower.sink_inst(inst);
        let disp = i32::from(offset);
        Some(self.amode_for(arg, disp))
    }

    fn value_type(&mut self, v: Value) -> Type {
        self.lower.dfg().value_type(v)
    }

    fn ty_int_le64(&mut self, ty: Type) -> Option<Type> {
        (ty.is_int() && ty.bits() <= 64).then_some(ty)
    }

    fn int_le64(&mut self, ty: Type) -> Option<Type> {
        (ty.is_int() && ty.bits() <= 64).then_some(ty)
    }

    fn imm64_bits(&mut self, ty: Type, imm: Imm64) -> u64 {
        let bits = i64::from(imm) as u64;
        if ty.bits() >= 64 {
            bits
        } else {
            bits & ((1u64 << ty.bits()) - 1)
        }
    }

    fn imm64_simm32(&mut self, ty: Type, imm: Imm64) -> Option<i32> {
        let bits = self.imm64_bits(ty, imm);
        i32::try_from(sext(bits, ty.bits())).ok()
    }

    fn u64_low_u8(&mut self, k: u64) -> u8 {
        k as u8
    }

    fn low_reg(&mut self, v: Value) -> Reg {
        self.lower.put_value_in_reg(v)
    }

    fn is_eq_or_ne(&mut self, cc: IntCC) -> bool {
        matches!(cc, IntCC::Equal | IntCC::NotEqual)
    }

    fn cc_invert(&mut self, cc: Cc) -> Cc {
        cc.invert()
    }

    fn ty_32_or_64(&mut self, ty: Type) -> Option<Type> {
        (ty == types::I32 || ty == types::I64).then_some(ty)
    }

    fn ty_8_or_16(&mut self, ty: Type) -> Option<Type> {
        (ty == types::I8 || ty == types::I16).then_some(ty)
    }

    fn put_in_reg(&mut self, v: Value) -> Reg {
        self.lower.put_value_in_reg(v)
    }

    fn put_in_regs(&mut self, v: Value) -> ValueRegs {
        self.lower.put_value_in_regs(v)
    }

    fn output_reg(&mut self, r: Reg) -> InstOutput {
        smallvec::smallvec![smallvec::smallvec![r]]
    }

    fn output_regs(&mut self, regs: ValueRegs) -> InstOutput {
        smallvec::smallvec![regs]
    }

    fn output_pair(&mut self, a: Reg, b: Reg) -> InstOutput {
        smallvec::smallvec![smallvec::smallvec![a], smallvec::smallvec![b]]
    }

    fn output_none(&mut self) -> InstOutput {
        InstOutput::new()
    }

    fn unit(&mut self) -> Unit {}

    fn offset32(&mut self, off: crate::ir::immediates::Offset32) -> i32 {
        i32::from(off)
    }

    fn add_disp(&mut self, a: i32, b: i32) -> Option<i32> {
        a.checked_add(b)
    }

    fn shift_scale(&mut self, shift: u64) -> Option<Scale> {
        match shift {
            0 => Some(Scale::One),
            1 => Some(Scale::Two),
            2 => Some(Scale::Four),
            3 => Some(Scale::Eight),
            _ => None,
        }
    }

    fn amode_base(&mut self, base: Reg, disp: i32) -> Amode {
        Amode::base(base, disp)
    }

    fn amode_base_index(&mut self, base: Reg, index: Reg, scale: Scale, disp: i32) -> Amode {
        Amode::base_index(base, index, scale, disp)
    }

    fn x64_alu(&mut self, op: AluOp, ty: Type, a: Reg, b: GprMemImm) -> Reg {
        self.alu(op, ty, a, b)
    }

    fn x64_cmp(&mut self, ty: Type, a: Reg, b: GprMemImm) -> Unit {
        self.cmp(ty, a, b)
    }

    fn x64_test(&mut self, ty: Type, a: Reg, b: GprMemImm) -> Unit {
        self.test(ty, a, b)
    }

    fn x64_unary(&mut self, op: UnaryOp, ty: Type, a: Reg) -> Reg {
        self.unary(op, ty, a)
    }

    fn x64_shift(&mut self, op: ShiftOp, ty: Type, a: Reg, amount: ShiftAmount) -> Reg {
        self.shift(op, ty, a, amount)
    }

    fn x64_imul(&mut self, ty: Type, a: Reg, b: GprMem) -> Reg {
        self.imul(ty, a, b)
    }

    fn x64_imul_imm(&mut self, ty: Type, a: GprMem, k: i32) -> Reg {
        self.imul_imm(ty, a, k)
    }

    fn x64_mul_high(&mut self, signed: bool, ty: Type, a: Reg, b: GprMem) -> Reg {
        self.mul_high(signed, ty, a, b)
    }

    fn x64_div(&mut self, op: DivOp, ty: Type, a: Reg, b: Reg) -> Reg {
        self.div(op, ty, a, b)
    }

    fn x64_setcc(&mut self, cc: Cc) -> Reg {
        self.setcc(cc)
    }

    fn x64_cmov(&mut self, ty: Type, cc: Cc, a: Reg, b: Reg) -> Reg {
        self.cmov(ty, cc, a, b)
    }

    fn x64_extend(&mut self, ext: Ext, from: Type, to: Type, src: GprMem) -> Reg {
        self.extend(ext, from, to, src)
    }

    fn x64_load(&mut self, ty: Type, ext: Ext, addr: Amode) -> Reg {
        self.load(ty, ext, addr)
    }

    fn x64_store(&mut self, ty: Type, src: Reg, addr: Amode) -> Unit {
        self.store(ty, src, addr)
    }

    fn x64_store_imm(&mut self, ty: Type, k: i32, addr: Amode) -> Unit {
        self.store_imm(ty, k, addr)
    }

    fn x64_lea(&mut self, addr: Amode) -> Reg {
        let dst = self.gpr();
        self.emit_asm(IsaInst::lea_r64_m(dst, addr));
        dst
    }

    fn x64_iconst(&mut self, ty: Type, bits: u64) -> Reg {
        self.iconst(ty, bits)
    }

    fn x64_bitop(&mut self, op: BitOp, ty: Type, a: Reg) -> Reg {
        self.bitop(op, ty, a)
    }

    fn intcc_cc(&mut self, cc: crate::ir::condcodes::IntCC) -> Cc {
        emit::intcc_to_cc(cc)
    }

    fn x64_trap_if(&mut self, cc: Cc, code: crate::ir::TrapCode) -> Unit {
        self.emit(MInst::TrapIf {
            cc,
            code: emit::trap_code(code),
        });
    }

    fn x64_trap(&mut self, code: crate::ir::TrapCode) -> Unit {
        self.emit(MInst::Trap {
            code: emit::trap_code(code),
        });
    }

    fn x64_jmp(&mut self, target: Label) -> Unit {
        self.emit(MInst::Jmp { target });
    }

    fn x64_jmp_cond(&mut self, cc: Cc, taken: Label, not_taken: Label) -> Unit {
        self.emit(MInst::JmpCond {
            cc,
            taken,
            not_taken,
        });
    }

    fn target(&mut self, targets: Targets, i: u8) -> Label {
        match targets.get(usize::from(i)) {
            Some(&l) => l,
            None => {
                self.fail(CodegenError::Backend(format!(
                    "branch target {i} of {} requested",
                    targets.len()
                )));
                Label(0)
            }
        }
    }

    fn lower_return(&mut self, args: ValueSlice) -> InstOutput {
        self.ret(&args);
        InstOutput::new()
    }

    fn lower_call(&mut self, callee: crate::ir::FuncRef, args: ValueSlice) -> InstOutput {
        self.call_direct(callee, &args)
    }

    fn lower_call_indirect(
        &mut self,
        sig: crate::ir::SigRef,
        callee: Value,
        args: ValueSlice,
    ) -> InstOutput {
        self.call_indirect(sig, callee, &args)
    }

    fn lower_br_table(&mut self, index: Value, targets: Targets) -> Unit {
        self.br_table(index, &targets)
    }

    fn lower_stack_addr(&mut self, slot: StackSlot, off: crate::ir::immediates::Offset32) -> Reg {
        let addr = self.slot_amode(slot, i32::from(off));
        self.x64_lea(addr)
    }

    fn stack_slot_amode(&mut self, slot: StackSlot, off: crate::ir::immediates::Offset32) -> Amode {
        self.slot_amode(slot, i32::from(off))
    }

    fn lower_func_addr(&mut self, f: crate::ir::FuncRef) -> Reg {
        self.func_addr(f)
    }

    fn lower_symbol_value(&mut self, gv: crate::ir::GlobalValue) -> Reg {
        self.symbol_value(gv)
    }

    // ---- Integer: carry chains, 128-bit values, big-endian memory ----

    fn value_of_type(&mut self, v: Value) -> Type {
        self.lower.dfg().value_type(v)
    }

    fn mem_big(&mut self, flags: MemFlags) -> bool {
        flags.explicit_endianness() == Some(crate::ir::Endianness::Big)
    }

    fn x64_alu_carry_in(&mut self, op: AluOp, ty: Type, a: Reg, b: GprMemImm, c: Reg) -> Reg {
        self.alu_carry_in(op, ty, a, b, c)
    }

    fn x64_mul_overflow(&mut self, signed: bool, ty: Type, a: Reg, b: GprMem) -> Reg {
        self.mul_overflow(signed, ty, a, b)
    }

    fn x64_bmask(&mut self, a: ValueRegs, ty: Type) -> Reg {
        self.bmask(&a, ty)
    }

    fn x64_bitselect(&mut self, c: Reg, x: Reg, y: Reg) -> Reg {
        self.bitselect64(c, x, y)
    }

    fn x64_load_big(&mut self, ty: Type, ext: Ext, addr: Amode) -> Reg {
        self.load_big(ty, ext, addr)
    }

    fn x64_store_big(&mut self, ty: Type, src: Reg, addr: Amode) -> Unit {
        self.store_big(ty, src, addr)
    }

    fn x64_alu128(&mut self, op: AluOp, a: ValueRegs, b: ValueRegs) -> ValueRegs {
        self.alu128(op, &a, &b)
    }

    fn x64_alu128_carry_in(&mut self, op: AluOp, a: ValueRegs, b: ValueRegs, c: Reg) -> ValueRegs {
        self.alu128_carry_in(op, &a, &b, c)
    }

    fn x64_not128(&mut self, a: ValueRegs) -> ValueRegs {
        self.not128(&a)
    }

    fn x64_neg128(&mut self, a: ValueRegs) -> ValueRegs {
        self.neg128(&a)
    }

    fn x64_mul128(&mut self, a: ValueRegs, b: ValueRegs) -> ValueRegs {
        self.mul128(&a, &b)
    }

    fn x64_cmp128(&mut self, cc: IntCC, a: ValueRegs, b: ValueRegs) -> Cc {
        self.cmp128(cc, &a, &b)
    }

    fn x64_test128(&mut self, a: ValueRegs) -> Cc {
        self.test128(&a)
    }

    fn x64_test128_sign(&mut self, a: ValueRegs) -> Cc {
        let (_, hi) = self.halves(&a);
        self.test(types::I64, hi, GprMemImm::Reg { reg: hi });
        Cc::S
    }

    fn x64_cmov128(&mut self, cc: Cc, a: ValueRegs, b: ValueRegs) -> ValueRegs {
        self.cmov128(cc, &a, &b)
    }

    fn x64_extend128(&mut self, ext: Ext, from: Type, a: Reg) -> ValueRegs {
        self.extend128(ext, from, a)
    }

    fn x64_iconst128(&mut self, imm: Imm64) -> ValueRegs {
        self.iconst128(i64::from(imm))
    }

    fn x64_shift128(&mut self, op: ShiftOp, a: ValueRegs, amount: Reg) -> ValueRegs {
        self.shift128(op, &a, amount)
    }

    fn x64_bitop128(&mut self, op: BitOp, a: ValueRegs) -> ValueRegs {
        self.bitop128(op, &a)
    }

    fn x64_load128(&mut self, addr: Amode, big: bool) -> ValueRegs {
        self.load128(addr, big)
    }

    fn x64_store128(&mut self, v: ValueRegs, addr: Amode, big: bool) -> Unit {
        self.store128(&v, addr, big)
    }

    fn pair_lo(&mut self, regs: ValueRegs) -> Reg {
        self.halves(&regs).0
    }

    fn pair_hi(&mut self, regs: ValueRegs) -> Reg {
        self.halves(&regs).1
    }

    fn pair(&mut self, lo: Reg, hi: Reg) -> ValueRegs {
        smallvec::smallvec![lo, hi]
    }

    fn output_regs_and_reg(&mut self, regs: ValueRegs, r: Reg) -> InstOutput {
        smallvec::smallvec![regs, smallvec::smallvec![r]]
    }

    fn x64_iconcat_narrow(&mut self, half: Type, lo: Reg, hi: Reg) -> Reg {
        self.iconcat_narrow(half, lo, hi)
    }

    fn x64_isplit(&mut self, ty: Type, a: ValueRegs) -> ValueRegs {
        let (lo, hi) = self.isplit(ty, &a);
        smallvec::smallvec![lo, hi]
    }

    // ---- float ----

    fn ty_scalar_float(&mut self, ty: Type) -> Option<Type> {
        super::float::is_scalar_float(ty).then_some(ty)
    }

    fn scalar_float(&mut self, ty: Type) -> Option<Type> {
        super::float::is_scalar_float(ty).then_some(ty)
    }

    fn select_type(&mut self, ty: Type) -> Option<Type> {
        (super::is_gpr_type(ty) || super::float::is_scalar_float(ty)).then_some(ty)
    }

    fn mem_big_endian(&mut self, flags: MemFlags) -> Option<MemFlags> {
        (flags.explicit_endianness() == Some(crate::ir::Endianness::Big)).then_some(flags)
    }

    fn float_bits_type(&mut self, ty: Type) -> Type {
        if ty == types::F32 {
            types::I32
        } else {
            types::I64
        }
    }

    fn ieee32_bits(&mut self, imm: Ieee32) -> u64 {
        u64::from(imm.bits())
    }

    fn ieee64_bits(&mut self, imm: Ieee64) -> u64 {
        imm.bits()
    }

    fn sinkable_fload(&mut self, v: Value) -> Option<Amode> {
        let inst = self.lower.sinkable_inst(v)?;
        let dfg = self.lower.dfg();
        let InstructionData::Load {
            opcode: Opcode::Load,
            arg,
            offset,
            flags,
        } = dfg.insts[inst]
        else {
            return None;
        };
        let big = flags.explicit_endianness() == Some(crate::ir::Endianness::Big);
        if big || !super::float::is_scalar_float(dfg.value_type(v)) {
            return None;
        }
        self.lower.sink_inst(inst);
        Some(self.amode_for(arg, i32::from(offset)))
    }

    fn x64_fconst(&mut self, ty: Type, bits: u64) -> Reg {
        self.fconst(ty, bits)
    }

    fn x64_fop(&mut self, op: FloatOp, ty: Type, a: Reg, b: XmmMem) -> Reg {
        self.fop(op, ty, a, b)
    }

    fn x64_fsqrt(&mut self, ty: Type, a: Reg) -> Reg {
        self.fsqrt(ty, a)
    }

    fn x64_fminmax(&mut self, max: bool, ty: Type, a: Reg, b: Reg) -> Reg {
        self.fminmax(max, ty, a, b)
    }

    fn x64_fneg(&mut self, ty: Type, a: Reg) -> Reg {
        self.fneg(ty, a)
    }

    fn x64_fabs(&mut self, ty: Type, a: Reg) -> Reg {
        self.fabs(ty, a)
    }

    fn x64_fcopysign(&mut self, ty: Type, a: Reg, b: Reg) -> Reg {
        self.fcopysign(ty, a, b)
    }

    fn x64_fcmp(&mut self, ty: Type, cc: FloatCC, a: Reg, b: Reg) -> FloatCond {
        self.fcmp(ty, cc, a, b)
    }

    fn floatcc_single(&mut self, cc: FloatCC) -> Option<Cc> {
        match super::float::floatcc_cond(cc).1 {
            FloatCond::One(c) => Some(c),
            FloatCond::Both(..) | FloatCond::Either(..) => None,
        }
    }

    fn x64_fcond_setcc(&mut self, cond: FloatCond) -> Reg {
        self.fcond_setcc(cond)
    }

    fn x64_fcond_select(&mut self, ty: Type, cond: FloatCond, a: Reg, b: Reg) -> Reg {
        self.fcond_select(ty, cond, a, b)
    }

    fn x64_fselect(&mut self, cc: Cc, a: Reg, b: Reg) -> Reg {
        self.fselect(cc, a, b)
    }

    fn x64_fload(&mut self, ty: Type, addr: Amode) -> Reg {
        self.fload(ty, addr)
    }

    fn x64_fstore(&mut self, ty: Type, src: Reg, addr: Amode) -> Unit {
        self.fstore(ty, src, addr)
    }

    fn x64_bitcast_to_int(&mut self, ty: Type, a: Reg) -> Reg {
        self.bitcast_to_int(ty, a)
    }

    fn x64_bitcast_to_float(&mut self, ty: Type, a: Reg) -> Reg {
        self.bitcast_to_float(ty, a)
    }

    fn x64_fcvt_from_int(&mut self, signed: bool, from: Type, to: Type, a: Reg) -> Reg {
        self.fcvt_from_int(signed, from, to, a)
    }

    fn x64_fcvt_to_int(&mut self, signed: bool, sat: bool, from: Type, to: Type, a: Reg) -> Reg {
        self.fcvt_to_int(signed, sat, from, to, a)
    }

    fn x64_fpromote(&mut self, a: Reg) -> Reg {
        self.fpromote(a)
    }

    fn x64_fdemote(&mut self, a: Reg) -> Reg {
        self.fdemote(a)
    }

    fn x64_fround(&mut self, mode: RoundMode, ty: Type, a: Reg) -> Reg {
        self.fround(mode, ty, a)
    }

    // ---- libcall: runtime library calls ----

    fn x64_libcall1(&mut self, f: Libcall, a: Reg) -> Reg {
        self.libcall_reg(f, &[a])
    }

    fn x64_libcall2(&mut self, f: Libcall, a: Reg, b: Reg) -> Reg {
        self.libcall_reg(f, &[a, b])
    }

    fn x64_libcall3(&mut self, f: Libcall, a: Reg, b: Reg, c: Reg) -> Reg {
        self.libcall_reg(f, &[a, b, c])
    }

    fn x64_div128(&mut self, op: DivOp, a: ValueRegs, b: ValueRegs) -> ValueRegs {
        self.div128(op, &a, &b)
    }

    fn x64_fcmp128(&mut self, cc: FloatCC, a: Reg, b: Reg) -> Reg {
        self.fcmp128(cc, a, b)
    }

    fn x64_fcvt_f128_to_int(&mut self, signed: bool, sat: bool, to: Type, a: Reg) -> Reg {
        self.fcvt_f128_to_int(signed, sat, to, a)
    }

    fn x64_fcvt_int_to_f128(&mut self, signed: bool, from: Type, a: Reg) -> Reg {
        self.fcvt_int_to_f128(signed, from, a)
    }

    fn fma_libcall(&mut self, ty: Type) -> Option<Libcall> {
        libcall::fma_libcall(ty)
    }

    fn float_convert_libcall(&mut self, from: Type, to: Type) -> Option<Libcall> {
        libcall::float_convert_libcall(from, to)
    }

    fn x64_f16const(&mut self, imm: Ieee16) -> Reg {
        self.fconst_wide(types::F16, u128::from(imm.bits()))
    }

    fn x64_f128const(&mut self, c: Constant) -> Reg {
        let bytes = self
            .lower
            .func()
            .dfg
            .constants
            .get(c)
            .and_then(|d| <[u8; 16]>::try_from(d.as_slice()).ok());
        match bytes {
            Some(b) => self.fconst_wide(types::F128, u128::from_le_bytes(b)),
            None => {
                self.fail(CodegenError::Backend(format!(
                    "f128const {c}: not a 16-byte constant"
                )));
                super::PLACEHOLDER
            }
        }
    }

    // ---- atomics, frame and stack (lower/atomics.rs) ----

    fn atomic_rmw_kind(&mut self, op: AtomicRmwOp) -> AtomicRmwKind {
        super::atomics::atomic_rmw_kind(op)
    }

    fn x64_atomic_xadd(&mut self, ty: Type, addr: Amode, x: Reg) -> Reg {
        self.atomic_xadd(ty, addr, x)
    }

    fn x64_atomic_xsub(&mut self, ty: Type, addr: Amode, x: Reg) -> Reg {
        self.atomic_xsub(ty, addr, x)
    }

    fn x64_atomic_xchg(&mut self, ty: Type, addr: Amode, x: Reg) -> Reg {
        self.atomic_xchg(ty, addr, x)
    }

    fn x64_atomic_rmw_loop(&mut self, op: AtomicLoopOp, ty: Type, addr: Amode, x: Reg) -> Reg {
        self.atomic_rmw_loop(op, ty, addr, x)
    }

    fn x64_atomic_cas(&mut self, ty: Type, addr: Amode, expected: Reg, x: Reg) -> Reg {
        self.atomic_cas(ty, addr, expected, x)
    }

    fn x64_atomic_store(&mut self, ty: Type, src: Reg, addr: Amode) -> Unit {
        self.atomic_store(ty, src, addr)
    }

    fn x64_fence(&mut self) -> Unit {
        self.fence()
    }

    fn x64_frame_pointer(&mut self) -> Reg {
        self.frame_pointer()
    }

    fn x64_stack_pointer(&mut self) -> Reg {
        self.stack_pointer()
    }

    fn x64_return_address(&mut self) -> Reg {
        self.return_address()
    }

    fn x64_debugtrap(&mut self) -> Unit {
        self.debugtrap()
    }

    fn x64_unsupported(&mut self, inst: Inst) -> InstOutput {
        let what = match self.lower.dfg().insts[inst].opcode() {
            Opcode::GetPinnedReg | Opcode::SetPinnedReg => {
                "`get_pinned_reg`/`set_pinned_reg` (no pinned register is reserved)"
            }
            Opcode::StackSwitch => "`stack_switch`",
            _ => "this instruction",
        };
        self.unsupported(what);
        InstOutput::new()
    }

    fn lower_return_call(&mut self, callee: FuncRef, args: ValueSlice) -> InstOutput {
        self.return_call(callee, &args);
        InstOutput::new()
    }

    fn lower_return_call_indirect(
        &mut self,
        sig: SigRef,
        callee: Value,
        args: ValueSlice,
    ) -> InstOutput {
        self.return_call_indirect(sig, callee, &args);
        InstOutput::new()
    }

    // ---- simd: 128-bit vectors (lower/simd.rs) ----

    fn ty_vec128(&mut self, ty: Type) -> Option<Type> {
        super::simd::is_vec128(ty).then_some(ty)
    }

    fn vec128(&mut self, ty: Type) -> Option<Type> {
        super::simd::is_vec128(ty).then_some(ty)
    }

    fn x64_vconst(&mut self, ty: Type, c: Constant) -> Reg {
        let bytes = self
            .lower
            .func()
            .dfg
            .constants
            .get(c)
            .and_then(|d| <[u8; 16]>::try_from(d.as_slice()).ok());
        match bytes {
            Some(b) => self.vconst_bits(ty, u128::from_le_bytes(b)),
            None => {
                self.fail(CodegenError::Backend(format!(
                    "vconst {c}: not a 16-byte constant"
                )));
                super::PLACEHOLDER
            }
        }
    }

    fn x64_vec_binop(&mut self, op: VecBinOp, ty: Type, a: Reg, b: Reg) -> Reg {
        self.vec_binop(op, ty, a, b)
    }

    fn x64_vec_shift(&mut self, op: VecShift, ty: Type, a: Reg, n: Value) -> Reg {
        let imm = self.const_bits(n);
        let n = if imm.is_some() {
            super::PLACEHOLDER
        } else {
            self.lower.put_value_in_reg(n)
        };
        self.vec_shift(op, ty, a, n, imm)
    }

    fn x64_vnot(&mut self, a: Reg) -> Reg {
        self.vnot(a)
    }

    fn x64_vec_icmp(&mut self, cc: IntCC, ty: Type, a: Reg, b: Reg) -> Reg {
        self.vec_icmp(cc, ty, a, b)
    }

    fn x64_vec_fcmp(&mut self, cc: FloatCC, ty: Type, a: Reg, b: Reg) -> Reg {
        self.vec_fcmp(cc, ty, a, b)
    }

    fn x64_vec_bitselect(&mut self, c: Reg, x: Reg, y: Reg) -> Reg {
        self.vec_bitselect(c, x, y)
    }

    fn x64_vec_fsign(&mut self, abs: bool, ty: Type, a: Reg) -> Reg {
        self.vec_fsign(abs, ty, a)
    }

    fn x64_vec_splat(&mut self, ty: Type, x: Reg) -> Reg {
        self.vec_splat(ty, x)
    }

    fn x64_vec_extractlane(&mut self, ty: Type, x: Reg, lane: Uimm8) -> Reg {
        self.vec_extractlane(ty, x, lane.value())
    }

    fn x64_vec_insertlane(&mut self, ty: Type, v: Reg, x: Reg, lane: Uimm8) -> Reg {
        self.vec_insertlane(ty, v, x, lane.value())
    }

    fn x64_vec_any_true(&mut self, x: Reg) -> Reg {
        self.vec_any_true(x)
    }

    fn x64_vec_all_true(&mut self, ty: Type, x: Reg) -> Reg {
        self.vec_all_true(ty, x)
    }

    fn x64_vec_high_bits(&mut self, ty: Type, x: Reg) -> Reg {
        self.vec_high_bits(ty, x)
    }

    fn x64_vec_widen(&mut self, signed: bool, high: bool, from: Type, x: Reg) -> Reg {
        self.vec_widen(signed, high, from, x)
    }

    fn x64_vec_swizzle(&mut self, x: Reg, idx: Reg) -> Reg {
        self.vec_swizzle(x, idx)
    }

    fn x64_vec_shuffle(&mut self, a: Reg, b: Reg, mask: Immediate) -> Reg {
        let bytes = self
            .lower
            .func()
            .dfg
            .immediates
            .get(mask)
            .and_then(|d| <[u8; 16]>::try_from(d.as_slice()).ok());
        match bytes {
            Some(m) => self.vec_shuffle(a, b, m),
            None => {
                self.fail(CodegenError::Backend(format!(
                    "shuffle: mask {mask} is not 16 bytes"
                )));
                super::PLACEHOLDER
            }
        }
    }

    fn x64_vec_bitcast(&mut self, big: bool, from: Type, to: Type, x: Reg) -> Reg {
        self.vec_bitcast(big, from, to, x)
    }

    fn x64_vec_from_i128(&mut self, x: ValueRegs) -> Reg {
        match x.as_slice() {
            [lo, hi] => self.vec_from_i128(*lo, *hi),
            _ => {
                self.fail(CodegenError::Backend(
                    "bitcast: `i128` not in two registers".into(),
                ));
                super::PLACEHOLDER
            }
        }
    }

    fn x64_vec_to_i128(&mut self, x: Reg) -> ValueRegs {
        let (lo, hi) = self.vec_to_i128(x);
        smallvec::smallvec![lo, hi]
    }

    fn x64_vec_fvpromote_low(&mut self, x: Reg) -> Reg {
        self.vec_fvpromote_low(x)
    }

    fn x64_vec_fcvt_from_sint(&mut self, from: Type, x: Reg) -> Reg {
        self.vec_fcvt_from_sint(from, x)
    }

    fn x64_vec_load(&mut self, addr: Amode) -> Reg {
        self.vec_load(addr)
    }

    fn x64_vec_store(&mut self, src: Reg, addr: Amode) -> Unit {
        self.vec_store(src, addr)
    }
}
