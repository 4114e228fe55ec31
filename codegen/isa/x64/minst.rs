//! The x86-64 machine instruction as the backend core sees it: a generated
//! form ([`Inst`]) or one of the few pseudo-instructions whose code depends
//! on things only known at emission (the frame layout, block labels,
//! deferred traps, jump tables).
//!
//! Invariants:
//! - Frame addresses are final when instructions are made: stack slots
//!   are `rbp`-relative (they sit right below the saved `rbp`), spill slots
//!   `rsp`-relative above the outgoing argument area (whose size is known
//!   before allocation). See [`FrameLayout`].
//! - Pseudo-instructions report operands like real ones (fixed registers
//!   for ABI values, clobbers for calls), so the allocator sees everything.
//! - [`MInst::AtomicRmwLoop`] is one instruction to the allocator: its
//!   address and operand registers are read until its end, its temporary
//!   is defined at its start, and the old value is defined in `rax`.
//! - Block terminators are [`MInst::Ret`], [`MInst::Jmp`],
//!   [`MInst::JmpCond`], [`MInst::JmpTable`] and [`MInst::Trap`]; nothing
//!   else ends a block.

use super::args::{Amode, RegMem, Scale};
use super::inst::{Cc, Inst, LabelUse};
use super::print::PrintContext;
use super::regs::{R11, RAX, RBP, RSP, display_name};
use crate::ir::{Type, types};
use crate::machinst::asm_sink::{
    AsmSink, Label, RelocKind, SymbolRef, Target, TrapCode, VecAsmSink,
};
use crate::machinst::buffer::MachBuffer;
use crate::machinst::error::CodegenError;
use crate::machinst::forms::AsmError;
use crate::machinst::inst::{MachInst, SpillAbi, Terminator};
use crate::machinst::operands::{OperandCollector, OperandPos, OperandVisitor};
use crate::machinst::reg::{Reg, RegClass};
use smallvec::SmallVec;

/// A value passed in a fixed register: `(virtual register, physical register)`.
pub type FixedReg = (Reg, Reg);

/// Where a call goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallTarget {
    /// A named function (a `rel32` call with a relocation).
    Symbol(SymbolRef),
    /// An address in a register.
    Reg(Reg),
}

/// A call: the target, the arguments and results in their ABI registers,
/// and what else the callee may clobber.
#[derive(Clone, Debug)]
pub struct CallInfo {
    /// The callee.
    pub target: CallTarget,
    /// Register arguments.
    pub uses: SmallVec<[FixedReg; 8]>,
    /// Register results.
    pub defs: SmallVec<[FixedReg; 2]>,
    /// Caller-saved registers of the convention (results excluded by the core).
    pub clobbers: &'static [Reg],
}

/// A tail call: the arguments in their ABI registers, the epilogue, then
/// a jump to the callee (which returns to this function's caller).
#[derive(Clone, Debug)]
pub struct ReturnCallInfo {
    /// The callee; an address in a register is fixed in `r11` (caller-saved,
    /// not an argument register, untouched by the epilogue).
    pub target: CallTarget,
    /// Register arguments.
    pub uses: SmallVec<[FixedReg; 8]>,
}

/// A jump table: the index, two temporaries, the default and the targets.
#[derive(Clone, Debug)]
pub struct JumpTableInfo {
    /// The index (a 32-bit value).
    pub index: Reg,
    /// Temporary: the table address.
    pub table: Reg,
    /// Temporary: the loaded entry, then the target address.
    pub target: Reg,
    /// Where an out-of-range index goes.
    pub default: Label,
    /// Where index `i` goes.
    pub targets: Box<[Label]>,
}

/// The operations an atomic read-modify-write computes in a `lock
/// cmpxchg` loop (those without a single locked instruction).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtomicLoopOp {
    /// `old & x`
    And,
    /// `old | x`
    Or,
    /// `old ^ x`
    Xor,
    /// `!(old & x)`
    Nand,
    /// Unsigned minimum.
    Umin,
    /// Unsigned maximum.
    Umax,
    /// Signed minimum.
    Smin,
    /// Signed maximum.
    Smax,
}

/// An atomic read-modify-write as a compare-and-swap loop:
///
/// ```text
///         mov{zx}  rax, [addr]          ; the old value
/// again:  mov      temp, rax
///         <op>     temp, operand         ; the new value
///         lock cmpxchg [addr], temp      ; store it if memory still holds rax,
///         jne      again                 ; else rax = memory: retry
/// ```
#[derive(Clone, Debug)]
pub struct AtomicLoopInfo {
    /// The operation.
    pub op: AtomicLoopOp,
    /// The access width (`I8` .. `I64`).
    pub ty: Type,
    /// The memory operand (its registers are read through the whole loop).
    pub addr: Amode,
    /// The right operand (read through the whole loop).
    pub operand: Reg,
    /// The new value (defined at the start, so it shares no register with
    /// the inputs).
    pub temp: Reg,
    /// The old value, in `rax`.
    pub old: Reg,
}

/// An x86-64 machine instruction.
#[derive(Clone, Debug)]
pub enum MInst {
    /// A generated form.
    Asm(Inst),
    /// `xor dst, dst` (32-bit): zero, with `dst` only defined (the
    /// allocator must not see a read of it).
    Zero {
        /// The register to clear.
        dst: Reg,
    },
    /// `mov dst, [rip + symbol@GOTPCREL]`: the address of a symbol that
    /// may be out of reach of a rip-relative `lea`.
    LoadGot {
        /// The register receiving the address.
        dst: Reg,
        /// The symbol.
        symbol: SymbolRef,
    },
    /// Defines the function's register parameters.
    Args {
        /// Each parameter register's virtual register and ABI register.
        defs: SmallVec<[FixedReg; 8]>,
    },
    /// The epilogue and `ret`, returning values in ABI registers.
    Ret {
        /// Each return value's virtual register and ABI register.
        uses: SmallVec<[FixedReg; 2]>,
    },
    /// An unconditional jump to a block.
    Jmp {
        /// The block's label.
        target: Label,
    },
    /// `jcc taken; jmp not_taken` (the buffer drops the jump when
    /// `not_taken` follows, or inverts the pair when `taken` does).
    JmpCond {
        /// The condition.
        cc: Cc,
        /// Where control goes when the condition holds.
        taken: Label,
        /// Where it goes otherwise.
        not_taken: Label,
    },
    /// An indirect jump through a table of 32-bit offsets.
    JmpTable(Box<JumpTableInfo>),
    /// An unconditional trap (`ud2`).
    Trap {
        /// The trap code recorded for its offset.
        code: TrapCode,
    },
    /// A conditional trap: `jcc` to an out-of-line `ud2`.
    TrapIf {
        /// The condition under which to trap.
        cc: Cc,
        /// The trap code.
        code: TrapCode,
    },
    /// A call.
    Call(Box<CallInfo>),
    /// A scalar float constant from the constant pool: `movss`/`movsd`
    /// from a RIP-relative label (the upper bits of `dst` are zeroed).
    LoadConst {
        /// The register loaded.
        dst: Reg,
        /// The constant's bits (the low 32 for `F16` and `F32`, 64 for
        /// `F64`, all 128 for `F128` and vectors).
        bits: u128,
        /// `F16`, `F32`, `F64`, `F128` or a 128-bit vector type.
        ty: Type,
    },
    /// `dst = cc ? src : other` for XMM registers (there is no `cmov` for
    /// them): `j!cc skip; movaps dst, src; skip:` with `dst` reusing
    /// `other`'s register. The flags must be set before it.
    XmmCmove {
        /// The condition under which `src` is chosen.
        cc: Cc,
        /// `read`: the value kept when `cc` does not hold; `write`: the result.
        dst: crate::machinst::reg::Rw,
        /// The value chosen when `cc` holds.
        src: Reg,
    },
    /// A tail call (`return_call`, `return_call_indirect`); ends the block
    /// like a return.
    ReturnCall(Box<ReturnCallInfo>),
    /// An atomic read-modify-write computed in a `lock cmpxchg` loop with
    /// its own internal label (see [`AtomicLoopInfo`]).
    AtomicRmwLoop(Box<AtomicLoopInfo>),
}

/// The frame, from the return address down:
///
/// ```text
/// return address
/// saved rbp              <- rbp
/// stack slots            slots_size bytes (16-aligned)
/// saved callee-saved registers (pushed)
/// spill slots, outgoing arguments     sub_size bytes
///                        <- rsp (16-aligned)
/// ```
///
/// A leaf function that needs none of it (no calls, stack slots, spills,
/// saved registers, stack arguments or frame-pointer reads) gets no frame
/// at all: no prologue, and `ret` alone as epilogue.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrameLayout {
    /// No frame at all (see above).
    pub omitted: bool,
    /// Bytes of stack slots below the saved `rbp`.
    pub slots_size: u32,
    /// Callee-saved registers pushed after the stack slots, in push order.
    pub saved: Vec<Reg>,
    /// Bytes subtracted from `rsp` after the pushes (spills, outgoing
    /// arguments, alignment padding).
    pub sub_size: u32,
}

impl FrameLayout {
    /// The frame's size below the return address.
    pub fn frame_size(&self) -> u32 {
        if self.omitted {
            return 0;
        }
        8 + self.slots_size + 8 * self.saved.len() as u32 + self.sub_size
    }

    /// The prologue.
    pub fn prologue(&self) -> Result<Vec<Inst>, AsmError> {
        if self.omitted {
            return Ok(Vec::new());
        }
        let mut out = vec![
            Inst::push_r64(RBP)?,
            Inst::mov_r64_rm64(RBP, RegMem::Reg(RSP))?,
        ];
        if self.slots_size > 0 {
            out.push(sub_rsp(i64::from(self.slots_size))?);
        }
        for &r in &self.saved {
            out.push(Inst::push_r64(r)?);
        }
        if self.sub_size > 0 {
            out.push(sub_rsp(i64::from(self.sub_size))?);
        }
        Ok(out)
    }

    /// The epilogue up to (not including) `ret`.
    pub fn epilogue(&self) -> Result<Vec<Inst>, AsmError> {
        let mut out = Vec::new();
        if self.omitted {
            return Ok(out);
        }
        if self.sub_size > 0 {
            out.push(add_rsp(i64::from(self.sub_size))?);
        }
        for &r in self.saved.iter().rev() {
            out.push(Inst::pop_r64(r)?);
        }
        if self.slots_size > 0 {
            out.push(Inst::mov_r64_rm64(RSP, RegMem::Reg(RBP))?);
        }
        out.push(Inst::pop_r64(RBP)?);
        Ok(out)
    }
}

fn rsp_rw() -> super::args::RegMemRw {
    super::args::RegMemRw::Reg(crate::machinst::reg::Rw::same(RSP))
}

fn sub_rsp(n: i64) -> Result<Inst, AsmError> {
    if n <= 127 {
        Inst::sub_rm64_imm8(rsp_rw(), n)
    } else {
        Inst::sub_rm64_imm32(rsp_rw(), n)
    }
}

fn add_rsp(n: i64) -> Result<Inst, AsmError> {
    if n <= 127 {
        Inst::add_rm64_imm8(rsp_rw(), n)
    } else {
        Inst::add_rm64_imm32(rsp_rw(), n)
    }
}

/// The registers the System V convention lets a callee clobber.
pub static SYSV_CALLER_SAVED: [Reg; 25] = {
    use super::regs::*;
    [
        RAX, RCX, RDX, RSI, RDI, R8, R9, R10, R11, XMM0, XMM1, XMM2, XMM3, XMM4, XMM5, XMM6, XMM7,
        XMM8, XMM9, XMM10, XMM11, XMM12, XMM13, XMM14, XMM15,
    ]
};

/// A two-operand `reg op= r/m` form.
type RegRm = fn(crate::machinst::reg::Rw, RegMem) -> Result<Inst, AsmError>;

fn asm_err(e: AsmError) -> CodegenError {
    CodegenError::Backend(e.to_string())
}

impl MInst {
    /// A register-to-register move of a whole register of `dst`'s class.
    /// Built directly (both operands are registers of one class, which
    /// every allocator move is; emission re-checks the encoding).
    pub fn mov(dst: Reg, src: Reg) -> MInst {
        MInst::Asm(match dst.class() {
            RegClass::Int => Inst::MovR64Rm64 {
                dst,
                src: RegMem::Reg(src),
            },
            _ => Inst::MovapsXmmXmmM128 {
                dst,
                src: RegMem::Reg(src),
            },
        })
    }

    /// Prints the instruction (operands as allocated, or virtual).
    pub fn print(&self, ctx: &PrintContext) -> String {
        let fixed = |list: &[FixedReg]| -> String {
            list.iter()
                .map(|&(v, p)| format!("{}={}", display_name(v), display_name(p)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            MInst::Asm(i) => i.print(ctx),
            MInst::Zero { dst } => Self::zero_inst(*dst).print(ctx),
            MInst::LoadGot { dst, symbol } => {
                Self::got_load(*dst, *symbol).print(ctx) + "@GOTPCREL"
            }
            MInst::Args { defs } => format!("args {}", fixed(defs)),
            MInst::Ret { uses } => format!("ret {}", fixed(uses)),
            MInst::Jmp { target } => format!("jmp    label{}", target.0),
            MInst::JmpCond {
                cc,
                taken,
                not_taken,
            } => format!(
                "j{} label{}; jmp label{}",
                format!("{cc:?}").to_lowercase(),
                taken.0,
                not_taken.0
            ),
            MInst::JmpTable(t) => {
                let targets: Vec<String> =
                    t.targets.iter().map(|l| format!("label{}", l.0)).collect();
                format!(
                    "jmp_table {}, tmp {}, {}, default label{}, [{}]",
                    display_name(t.index),
                    display_name(t.table),
                    display_name(t.target),
                    t.default.0,
                    targets.join(", ")
                )
            }
            MInst::Trap { code } => format!("ud2 ; trap {}", code.0),
            MInst::TrapIf { cc, code } => {
                format!("j{} #trap={}", format!("{cc:?}").to_lowercase(), code.0)
            }
            MInst::Call(c) => {
                let target = match c.target {
                    CallTarget::Symbol(s) => format!("sym{}", s.0),
                    CallTarget::Reg(r) => display_name(r),
                };
                format!(
                    "call   {target} ; uses {} ; defs {}",
                    fixed(&c.uses),
                    fixed(&c.defs)
                )
            }
            MInst::LoadConst { dst, bits, ty } => {
                let kind = match *ty {
                    types::F16 | types::F32 => "movss",
                    _ if ty.bits() == 128 => "movups",
                    _ => "movsd",
                };
                format!("{kind}  {}, const({bits:#x})", display_name(*dst))
            }
            MInst::XmmCmove { cc, dst, src } => format!(
                "j{} skip; movaps {}, {}; skip: ; {} if not",
                format!("{:?}", cc.invert()).to_lowercase(),
                display_name(dst.write),
                display_name(*src),
                display_name(dst.read)
            ),
            MInst::ReturnCall(c) => {
                let target = match c.target {
                    CallTarget::Symbol(s) => format!("sym{}", s.0),
                    CallTarget::Reg(r) => display_name(r),
                };
                format!("jmp    {target} ; return_call, uses {}", fixed(&c.uses))
            }
            MInst::AtomicRmwLoop(a) => match Self::atomic_loop_insts(a) {
                // The loop as emitted, on one line.
                Ok((load, body)) => {
                    let body: Vec<String> = body.iter().map(|i| i.print(ctx)).collect();
                    format!(
                        "{}; again: {}; jne again ; atomic_rmw {:?}",
                        load.print(ctx),
                        body.join("; "),
                        a.op
                    )
                }
                Err(e) => format!("atomic_rmw {:?} loop: {e}", a.op),
            },
        }
    }

    /// The `xor r32, r32` (or, for an XMM register, `xorps`) that
    /// [`MInst::Zero`] stands for.
    fn zero_inst(dst: Reg) -> Inst {
        match dst.class() {
            RegClass::Int => Inst::XorR32Rm32 {
                dst: crate::machinst::reg::Rw::same(dst),
                src: RegMem::Reg(dst),
            },
            _ => Inst::XorpsXmmXmmM128 {
                dst: crate::machinst::reg::Rw::same(dst),
                src: RegMem::Reg(dst),
            },
        }
    }

    /// A [`MInst::LoadConst`]: the constant's bytes go to the pool, the
    /// load reads them RIP-relative.
    fn emit_load_const(
        buf: &mut MachBuffer<LabelUse>,
        dst: Reg,
        bits: u128,
        ty: Type,
    ) -> Result<(), CodegenError> {
        let bytes = bits.to_le_bytes();
        let inst = match ty {
            types::F16 | types::F32 => {
                let at = buf.constant_label(&bytes[..4], 4);
                Inst::movss_xmm_m32(dst, Amode::rip(Target::Label(at)))
            }
            _ if ty.bits() == 128 => {
                let at = buf.constant_label(&bytes, 16);
                Inst::movups_xmm_xmm_m128(dst, RegMem::Mem(Amode::rip(Target::Label(at))))
            }
            _ => {
                let at = buf.constant_label(&bytes[..8], 8);
                Inst::movsd_xmm_m64(dst, Amode::rip(Target::Label(at)))
            }
        };
        Self::emit_inst(&inst.map_err(asm_err)?, buf)
    }

    fn emit_xmm_cmove(
        buf: &mut MachBuffer<LabelUse>,
        cc: Cc,
        dst: Reg,
        src: Reg,
    ) -> Result<(), CodegenError> {
        let skip = buf.new_label();
        Self::emit_inst(
            &Inst::jcc_rel8(cc.invert(), Target::Label(skip)).map_err(asm_err)?,
            buf,
        )?;
        Self::emit_inst(
            &Inst::movaps_xmm_xmm_m128(dst, RegMem::Reg(src)).map_err(asm_err)?,
            buf,
        )?;
        buf.bind_label(skip);
        Ok(())
    }

    /// The instructions of an [`AtomicLoopInfo`] loop: the load before
    /// the loop, then the loop body up to the `lock cmpxchg` (the `jne`
    /// back to the body's start is added by the emitter).
    fn atomic_loop_insts(a: &AtomicLoopInfo) -> Result<(Inst, SmallVec<[Inst; 5]>), AsmError> {
        use crate::machinst::reg::Rw;
        let bits = a.ty.bits();
        let load = match bits {
            8 => Inst::movzx_r32_rm8(a.old, RegMem::Mem(a.addr)),
            16 => Inst::movzx_r32_rm16(a.old, RegMem::Mem(a.addr)),
            32 => Inst::mov_r32_rm32(a.old, RegMem::Mem(a.addr)),
            _ => Inst::mov_r64_rm64(a.old, RegMem::Mem(a.addr)),
        };
        let mut body = SmallVec::<[Inst; 5]>::new();
        body.push(Inst::mov_r64_rm64(a.temp, RegMem::Reg(a.old))?);
        let temp = Rw::same(a.temp);
        let operand = RegMem::Reg(a.operand);
        // Logic at 32 bits for narrow widths: only the low bits are stored.
        let wide = bits == 64;
        let logic = |op32: RegRm, op64: RegRm| {
            if wide {
                op64(temp, operand)
            } else {
                op32(temp, operand)
            }
        };
        let not = || {
            let reg = super::args::RegMemRw::Reg(temp);
            if wide {
                Inst::not_rm64(reg)
            } else {
                Inst::not_rm32(reg)
            }
        };
        // min/max: compare at the access width, then replace `old` by `x`
        // when `old` lies on the wrong side of it (`cmov` at 32 or 64 bits).
        let cmp = || match bits {
            8 => Inst::cmp_r8_rm8(a.temp, operand),
            16 => Inst::cmp_r16_rm16(a.temp, operand),
            32 => Inst::cmp_r32_rm32(a.temp, operand),
            _ => Inst::cmp_r64_rm64(a.temp, operand),
        };
        let cmov = |cc: Cc| {
            if wide {
                Inst::cmovcc_r64_rm64(cc, temp, operand)
            } else {
                Inst::cmovcc_r32_rm32(cc, temp, operand)
            }
        };
        let op: SmallVec<[Result<Inst, AsmError>; 2]> = match a.op {
            AtomicLoopOp::And => smallvec::smallvec![logic(Inst::and_r32_rm32, Inst::and_r64_rm64)],
            AtomicLoopOp::Or => smallvec::smallvec![logic(Inst::or_r32_rm32, Inst::or_r64_rm64)],
            AtomicLoopOp::Xor => smallvec::smallvec![logic(Inst::xor_r32_rm32, Inst::xor_r64_rm64)],
            AtomicLoopOp::Nand => {
                smallvec::smallvec![logic(Inst::and_r32_rm32, Inst::and_r64_rm64), not()]
            }
            AtomicLoopOp::Umin => smallvec::smallvec![cmp(), cmov(Cc::A)],
            AtomicLoopOp::Umax => smallvec::smallvec![cmp(), cmov(Cc::B)],
            AtomicLoopOp::Smin => smallvec::smallvec![cmp(), cmov(Cc::G)],
            AtomicLoopOp::Smax => smallvec::smallvec![cmp(), cmov(Cc::L)],
        };
        for i in op {
            body.push(i?);
        }
        let rax = Rw::same(a.old);
        let cas = match bits {
            8 => Inst::lock_cmpxchg_m8_r8(a.addr, a.temp, rax),
            16 => Inst::lock_cmpxchg_m16_r16(a.addr, a.temp, rax),
            32 => Inst::lock_cmpxchg_m32_r32(a.addr, a.temp, rax),
            _ => Inst::lock_cmpxchg_m64_r64(a.addr, a.temp, rax),
        };
        body.push(cas?);
        Ok((load?, body))
    }

    /// The loop of [`AtomicLoopInfo`], with allocated registers.
    fn emit_atomic_rmw_loop(
        buf: &mut MachBuffer<LabelUse>,
        a: &AtomicLoopInfo,
    ) -> Result<(), CodegenError> {
        let (load, body) = Self::atomic_loop_insts(a).map_err(asm_err)?;
        Self::emit_inst(&load, buf)?;
        let again = buf.new_label();
        buf.bind_label(again);
        for i in &body {
            Self::emit_inst(i, buf)?;
        }
        Self::emit_inst(
            &Inst::jcc_rel8(Cc::Ne, Target::Label(again)).map_err(asm_err)?,
            buf,
        )
    }

    /// The `mov` a [`MInst::LoadGot`] emits (its relocation retagged).
    fn got_load(dst: Reg, symbol: SymbolRef) -> Inst {
        Inst::MovR64Rm64 {
            dst,
            src: RegMem::Mem(Amode::rip(Target::Symbol { symbol, addend: 0 })),
        }
    }

    fn emit_inst(inst: &Inst, buf: &mut MachBuffer<LabelUse>) -> Result<(), CodegenError> {
        inst.encode(buf).map_err(asm_err)
    }

    fn emit_jmp(buf: &mut MachBuffer<LabelUse>, target: Label) -> Result<(), CodegenError> {
        let start = buf.cur_offset();
        Self::emit_inst(
            &Inst::jmp_rel32(Target::Label(target)).map_err(asm_err)?,
            buf,
        )?;
        buf.add_uncond_branch(start, buf.cur_offset(), target);
        Ok(())
    }

    fn emit_jcc(buf: &mut MachBuffer<LabelUse>, cc: Cc, target: Label) -> Result<(), CodegenError> {
        let start = buf.cur_offset();
        Self::emit_inst(
            &Inst::jcc_rel32(cc, Target::Label(target)).map_err(asm_err)?,
            buf,
        )?;
        let mut inverted = VecAsmSink::<LabelUse>::new();
        let l = inverted.new_label();
        Inst::jcc_rel32(cc.invert(), Target::Label(l))
            .and_then(|i| i.encode(&mut inverted))
            .map_err(asm_err)?;
        buf.add_cond_branch(start, buf.cur_offset(), target, inverted.bytes());
        Ok(())
    }

    fn emit_jump_table(
        buf: &mut MachBuffer<LabelUse>,
        t: &JumpTableInfo,
    ) -> Result<(), CodegenError> {
        // cmp index, len; jae default (unsigned: negative indexes are huge).
        let len = t.targets.len() as i64;
        let cmp = if len <= 127 {
            Inst::cmp_rm32_imm8(RegMem::Reg(t.index), len)
        } else {
            Inst::cmp_rm32_imm32(RegMem::Reg(t.index), len)
        };
        Self::emit_inst(&cmp.map_err(asm_err)?, buf)?;
        Self::emit_jcc(buf, Cc::Ae, t.default)?;
        // The index's upper half is undefined: zero-extend it into `target`.
        Self::emit_inst(
            &Inst::mov_r32_rm32(t.target, RegMem::Reg(t.index)).map_err(asm_err)?,
            buf,
        )?;
        let table = buf.new_label();
        let insts = [
            Inst::lea_r64_m(t.table, Amode::rip(Target::Label(table))),
            Inst::movsxd_r64_rm32(
                t.target,
                RegMem::Mem(Amode::base_index(t.table, t.target, Scale::Four, 0)),
            ),
            Inst::add_r64_rm64(
                crate::machinst::reg::Rw::same(t.target),
                RegMem::Reg(t.table),
            ),
            Inst::jmp_rm64(RegMem::Reg(t.target)),
        ];
        let mut last_start = 0;
        for i in insts {
            last_start = buf.cur_offset();
            Self::emit_inst(&i.map_err(asm_err)?, buf)?;
        }
        buf.add_barrier(last_start, buf.cur_offset());
        // Entries: target minus table start (a rel32 field counts from its
        // end, so entry `i` carries the addend `4 * i + 4`).
        buf.bind_label(table);
        let start = buf.cur_offset();
        for (i, &target) in t.targets.iter().enumerate() {
            let at = buf.cur_offset();
            buf.put4(((4 * i + 4) as u32).to_le_bytes());
            buf.use_label_at_offset(at, target, LabelUse::Rel32);
        }
        buf.mark_data(start, buf.cur_offset());
        Ok(())
    }
}

impl MachInst for MInst {
    type LabelUse = LabelUse;
    type EmitInfo = FrameLayout;

    fn collect_operands(&mut self, visitor: &mut impl OperandVisitor) {
        match self {
            MInst::Asm(i) => i.collect_operands(visitor),
            MInst::Zero { dst } => {
                OperandCollector::new(visitor).def_reg(dst, OperandPos::Late);
            }
            MInst::LoadGot { dst, .. } => {
                OperandCollector::new(visitor).def_reg(dst, OperandPos::Late);
            }
            MInst::Args { defs } => {
                let mut c = OperandCollector::new(visitor);
                for (v, p) in defs.iter_mut() {
                    c.fixed_def(v, *p, OperandPos::Late);
                }
            }
            MInst::Ret { uses } => {
                let mut c = OperandCollector::new(visitor);
                for (v, p) in uses.iter_mut() {
                    c.fixed_use(v, *p, OperandPos::Early);
                }
            }
            MInst::Jmp { .. }
            | MInst::JmpCond { .. }
            | MInst::Trap { .. }
            | MInst::TrapIf { .. } => {}
            MInst::JmpTable(t) => {
                let mut c = OperandCollector::new(visitor);
                c.use_reg(&mut t.index, OperandPos::Early);
                c.def_reg(&mut t.table, OperandPos::Early);
                c.def_reg(&mut t.target, OperandPos::Early);
            }
            MInst::Call(info) => {
                let mut c = OperandCollector::new(visitor);
                if let CallTarget::Reg(r) = &mut info.target {
                    c.use_reg(r, OperandPos::Early);
                }
                for (v, p) in info.uses.iter_mut() {
                    c.fixed_use(v, *p, OperandPos::Early);
                }
                for (v, p) in info.defs.iter_mut() {
                    c.fixed_def(v, *p, OperandPos::Late);
                }
                for &r in info.clobbers {
                    c.clobber(r);
                }
            }
            MInst::LoadConst { dst, .. } => {
                OperandCollector::new(visitor).def_reg(dst, OperandPos::Late);
            }
            MInst::XmmCmove { dst, src, .. } => {
                let mut c = OperandCollector::new(visitor);
                let other = c.use_reg(&mut dst.read, OperandPos::Early);
                c.use_reg(src, OperandPos::Early);
                c.reuse_def(&mut dst.write, other);
            }
            MInst::ReturnCall(info) => {
                let mut c = OperandCollector::new(visitor);
                if let CallTarget::Reg(r) = &mut info.target {
                    c.fixed_use(r, R11, OperandPos::Early);
                }
                for (v, p) in info.uses.iter_mut() {
                    c.fixed_use(v, *p, OperandPos::Early);
                }
            }
            MInst::AtomicRmwLoop(a) => {
                // Inputs are read on every iteration: late uses keep them
                // out of `rax` and `temp`.
                let mut c = OperandCollector::new(visitor);
                if let Amode::BaseIndexDisp { base, index, .. } = &mut a.addr {
                    c.use_reg(base, OperandPos::Late);
                    if let Some((index, _)) = index {
                        c.use_reg(index, OperandPos::Late);
                    }
                }
                c.use_reg(&mut a.operand, OperandPos::Late);
                c.def_reg(&mut a.temp, OperandPos::Early);
                c.fixed_def(&mut a.old, RAX, OperandPos::Late);
            }
        }
    }

    fn is_move(&self) -> Option<(Reg, Reg)> {
        match self {
            MInst::Asm(Inst::MovR64Rm64 {
                dst,
                src: RegMem::Reg(src),
            }) => Some((*dst, *src)),
            MInst::Asm(Inst::MovapsXmmXmmM128 {
                dst,
                src: RegMem::Reg(src),
            }) => Some((*dst, *src)),
            _ => None,
        }
    }

    fn is_term(&self) -> Terminator {
        match self {
            MInst::Ret { .. } | MInst::ReturnCall(_) | MInst::Trap { .. } => Terminator::Ret,
            MInst::Jmp { .. } | MInst::JmpCond { .. } | MInst::JmpTable(_) => Terminator::Branch,
            _ => Terminator::None,
        }
    }

    fn gen_move(dst: Reg, src: Reg, _ty: Type) -> Self {
        MInst::mov(dst, src)
    }

    fn gen_jump(target: Label) -> Self {
        MInst::Jmp { target }
    }

    fn rc_for_type(ty: Type) -> Result<&'static [RegClass], CodegenError> {
        match ty {
            types::I8 | types::I16 | types::I32 | types::I64 => Ok(&[RegClass::Int]),
            types::I128 => Ok(&[RegClass::Int, RegClass::Int]),
            // `f16` in the low 16 bits of an XMM register, `f128` in all 128.
            types::F16 | types::F32 | types::F64 | types::F128 => Ok(&[RegClass::Float]),
            // 128-bit vectors fill an XMM register.
            _ if ty.is_vector() && ty.bits() == 128 => Ok(&[RegClass::Float]),
            _ => Err(CodegenError::UnsupportedType {
                ty,
                target: "x86_64",
            }),
        }
    }

    fn spillslot_units(class: RegClass) -> usize {
        match class {
            RegClass::Int => 1,
            _ => 2,
        }
    }

    fn canonical_type_for_class(class: RegClass) -> Type {
        match class {
            RegClass::Int => types::I64,
            _ => types::F64,
        }
    }

    fn worst_case_size() -> u32 {
        // The largest single pseudo-instruction that grows with its input is
        // the jump table, which binds its own labels; everything else is
        // under 64 bytes (the epilogue with every register saved).
        64
    }

    fn emit(
        &self,
        buf: &mut MachBuffer<LabelUse>,
        frame: &FrameLayout,
    ) -> Result<(), CodegenError> {
        match self {
            MInst::Asm(i) => Self::emit_inst(i, buf),
            MInst::Zero { dst } => Self::emit_inst(&Self::zero_inst(*dst), buf),
            MInst::LoadGot { dst, symbol } => {
                Self::emit_inst(&Self::got_load(*dst, *symbol), buf)?;
                if buf.retag_last_reloc(RelocKind::X86PcRel4, RelocKind::X86GotPcRel4) {
                    Ok(())
                } else {
                    Err(CodegenError::Backend(
                        "a GOT load without its relocation".into(),
                    ))
                }
            }
            MInst::Args { .. } => Ok(()),
            MInst::Ret { .. } => {
                for i in frame.epilogue().map_err(asm_err)? {
                    Self::emit_inst(&i, buf)?;
                }
                let start = buf.cur_offset();
                Self::emit_inst(&Inst::ret().map_err(asm_err)?, buf)?;
                buf.add_barrier(start, buf.cur_offset());
                Ok(())
            }
            MInst::Jmp { target } => Self::emit_jmp(buf, *target),
            MInst::JmpCond {
                cc,
                taken,
                not_taken,
            } => {
                Self::emit_jcc(buf, *cc, *taken)?;
                Self::emit_jmp(buf, *not_taken)
            }
            MInst::JmpTable(t) => Self::emit_jump_table(buf, t),
            MInst::Trap { code } => {
                let start = buf.cur_offset();
                buf.add_trap(*code);
                Self::emit_inst(&Inst::ud2().map_err(asm_err)?, buf)?;
                buf.add_barrier(start, buf.cur_offset());
                Ok(())
            }
            MInst::TrapIf { cc, code } => {
                let label = buf.defer_trap(*code, &[0x0f, 0x0b]);
                Self::emit_inst(
                    &Inst::jcc_rel32(*cc, Target::Label(label)).map_err(asm_err)?,
                    buf,
                )
            }
            MInst::Call(info) => {
                let inst = match info.target {
                    CallTarget::Symbol(symbol) => {
                        Inst::call_rel32(Target::Symbol { symbol, addend: 0 })
                    }
                    CallTarget::Reg(r) => Inst::call_rm64(RegMem::Reg(r)),
                };
                Self::emit_inst(&inst.map_err(asm_err)?, buf)
            }
            MInst::LoadConst { dst, bits, ty } => Self::emit_load_const(buf, *dst, *bits, *ty),
            MInst::XmmCmove { cc, dst, src } => Self::emit_xmm_cmove(buf, *cc, dst.write, *src),
            MInst::ReturnCall(info) => {
                for i in frame.epilogue().map_err(asm_err)? {
                    Self::emit_inst(&i, buf)?;
                }
                let jmp = match info.target {
                    CallTarget::Symbol(symbol) => {
                        Inst::jmp_rel32(Target::Symbol { symbol, addend: 0 })
                    }
                    CallTarget::Reg(r) => Inst::jmp_rm64(RegMem::Reg(r)),
                };
                let start = buf.cur_offset();
                Self::emit_inst(&jmp.map_err(asm_err)?, buf)?;
                buf.add_barrier(start, buf.cur_offset());
                Ok(())
            }
            MInst::AtomicRmwLoop(a) => Self::emit_atomic_rmw_loop(buf, a),
        }
    }
}

/// Bytes of one spill slot: a general register takes one, an XMM register
/// two ([`MInst::spillslot_units`]: it may hold an `f128` or a vector, so it
/// spills whole with `movups`).
pub const SPILL_SLOT_BYTES: usize = 8;

/// Spills and reloads at `[rsp + spills_base + 8 * slot]`.
pub struct X64SpillAbi {
    /// Offset of spill slot 0 from `rsp` (the outgoing argument area's size).
    pub spills_base: u32,
}

impl X64SpillAbi {
    fn slot(&self, slot: usize) -> Amode {
        Amode::base(
            RSP,
            (self.spills_base as usize + slot * SPILL_SLOT_BYTES) as i32,
        )
    }
}

impl SpillAbi<MInst> for X64SpillAbi {
    // Built directly: a register of the right class and an `rsp`-based
    // address are always encodable (emission re-checks).
    fn gen_spill(&self, slot: usize, from: Reg) -> MInst {
        let amode = self.slot(slot);
        MInst::Asm(match from.class() {
            RegClass::Int => Inst::MovRm64R64 {
                dst: RegMem::Mem(amode),
                src: from,
            },
            _ => Inst::MovupsXmmM128Xmm {
                dst: RegMem::Mem(amode),
                src: from,
            },
        })
    }

    fn gen_reload(&self, to: Reg, slot: usize) -> MInst {
        let amode = self.slot(slot);
        MInst::Asm(match to.class() {
            RegClass::Int => Inst::MovR64Rm64 {
                dst: to,
                src: RegMem::Mem(amode),
            },
            _ => Inst::MovupsXmmXmmM128 {
                dst: to,
                src: RegMem::Mem(amode),
            },
        })
    }
}
