//! A toy ISA for testing the backend core: six integer registers (p0-p3
//! caller-saved, p4-p5 callee-saved), two-address ALU instructions, a
//! fused compare-and-branch, a jump table, calls clobbering the
//! caller-saved registers, and pseudo-instructions for arguments and
//! returns. Arguments go in p0-p2, results in p0-p1.

use crate::ir::condcodes::IntCC;
use crate::ir::{Function, Inst, InstructionData, Opcode, Type, types};
use crate::machinst::asm_sink::{AsmSink, Label, LabelUseKind};
use crate::machinst::buffer::MachBuffer;
use crate::machinst::error::CodegenError;
use crate::machinst::inst::{MachInst, SpillAbi, Terminator};
use crate::machinst::lower::{InstOutput, Lower, LowerBackend, ValueRegs};
use crate::machinst::operands::{OperandCollector, OperandPos, OperandVisitor};
use crate::machinst::reg::{Reg, RegClass, Rw};
use regalloc2::{MachineEnv, PReg, PRegSet};
use smallvec::smallvec;

pub const NUM_REGS: usize = 6;
pub const ARG_REGS: [u8; 3] = [0, 1, 2];
pub const RET_REGS: [u8; 2] = [0, 1];
pub const CALLER_SAVED: [u8; 4] = [0, 1, 2, 3];
pub const CALLEE_SAVED: [u8; 2] = [4, 5];

pub fn preg(n: u8) -> Reg {
    Reg::phys(RegClass::Int, n)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AluOp {
    Add,
    Sub,
}

#[derive(Clone, Debug)]
pub enum ToyInst {
    /// Defines the entry block's parameters in their argument registers.
    Args {
        defs: Vec<(Reg, Reg)>,
    },
    /// Returns the values in their result registers.
    Rets {
        uses: Vec<(Reg, Reg)>,
    },
    LoadImm {
        dst: Reg,
        imm: i64,
    },
    Mov {
        dst: Reg,
        src: Reg,
    },
    Alu {
        op: AluOp,
        dst: Rw,
        src: Reg,
    },
    AddImm {
        dst: Rw,
        imm: i64,
    },
    SetCc {
        cc: IntCC,
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    BrIf {
        cond: Reg,
        taken: Label,
        not_taken: Label,
    },
    CmpBr {
        cc: IntCC,
        a: Reg,
        b: Reg,
        taken: Label,
        not_taken: Label,
    },
    Jump {
        target: Label,
    },
    BrTable {
        index: Reg,
        default: Label,
        targets: Vec<Label>,
    },
    Call {
        callee: String,
        args: Vec<(Reg, Reg)>,
        rets: Vec<(Reg, Reg)>,
    },
    Spill {
        slot: usize,
        src: Reg,
    },
    Reload {
        dst: Reg,
        slot: usize,
    },
}

/// The toy's only label field: a 4-byte block index (patched absolute).
#[derive(Clone, Copy, Debug)]
pub struct ToyLabelUse;

impl LabelUseKind for ToyLabelUse {
    fn field_size(self) -> u32 {
        4
    }
    fn max_forward(self) -> i64 {
        i64::from(u32::MAX)
    }
    fn max_backward(self) -> i64 {
        i64::from(u32::MAX)
    }
    fn patch(self, field: &mut [u8], _use_offset: u32, label_offset: u32) -> bool {
        match field.get_mut(..4) {
            Some(f) => {
                f.copy_from_slice(&label_offset.to_le_bytes());
                true
            }
            None => false,
        }
    }
}

impl MachInst for ToyInst {
    type LabelUse = ToyLabelUse;
    type EmitInfo = ();

    fn collect_operands(&mut self, visitor: &mut impl OperandVisitor) {
        let mut c = OperandCollector::new(visitor);
        match self {
            ToyInst::Args { defs } => {
                for (v, p) in defs {
                    c.fixed_def(v, *p, OperandPos::Late);
                }
            }
            ToyInst::Rets { uses } => {
                for (v, p) in uses {
                    c.fixed_use(v, *p, OperandPos::Early);
                }
            }
            ToyInst::LoadImm { dst, .. } => c.def_reg(dst, OperandPos::Late),
            ToyInst::Mov { dst, src } => {
                c.use_reg(src, OperandPos::Early);
                c.def_reg(dst, OperandPos::Late);
            }
            ToyInst::Alu { dst, src, .. } => {
                let i = c.use_reg(&mut dst.read, OperandPos::Early);
                c.use_reg(src, OperandPos::Early);
                c.reuse_def(&mut dst.write, i);
            }
            ToyInst::AddImm { dst, .. } => {
                let i = c.use_reg(&mut dst.read, OperandPos::Early);
                c.reuse_def(&mut dst.write, i);
            }
            ToyInst::SetCc { dst, a, b, .. } => {
                c.use_reg(a, OperandPos::Early);
                c.use_reg(b, OperandPos::Early);
                c.def_reg(dst, OperandPos::Late);
            }
            ToyInst::BrIf { cond, .. } => {
                c.use_reg(cond, OperandPos::Early);
            }
            ToyInst::CmpBr { a, b, .. } => {
                c.use_reg(a, OperandPos::Early);
                c.use_reg(b, OperandPos::Early);
            }
            ToyInst::BrTable { index, .. } => {
                c.use_reg(index, OperandPos::Early);
            }
            ToyInst::Jump { .. } => {}
            ToyInst::Call { args, rets, .. } => {
                for (v, p) in args {
                    c.fixed_use(v, *p, OperandPos::Early);
                }
                for (v, p) in rets {
                    c.fixed_def(v, *p, OperandPos::Late);
                }
                for n in CALLER_SAVED {
                    c.clobber(preg(n));
                }
            }
            ToyInst::Spill { src, .. } => {
                c.use_reg(src, OperandPos::Early);
            }
            ToyInst::Reload { dst, .. } => c.def_reg(dst, OperandPos::Late),
        }
    }

    fn is_move(&self) -> Option<(Reg, Reg)> {
        match self {
            ToyInst::Mov { dst, src } => Some((*dst, *src)),
            _ => None,
        }
    }

    fn is_term(&self) -> Terminator {
        match self {
            ToyInst::Rets { .. } => Terminator::Ret,
            ToyInst::BrIf { .. }
            | ToyInst::CmpBr { .. }
            | ToyInst::Jump { .. }
            | ToyInst::BrTable { .. } => Terminator::Branch,
            _ => Terminator::None,
        }
    }

    fn gen_move(dst: Reg, src: Reg, _ty: Type) -> Self {
        ToyInst::Mov { dst, src }
    }

    fn gen_jump(target: Label) -> Self {
        ToyInst::Jump { target }
    }

    fn rc_for_type(ty: Type) -> Result<&'static [RegClass], CodegenError> {
        match ty {
            types::I8 | types::I16 | types::I32 | types::I64 => Ok(&[RegClass::Int]),
            _ => Err(CodegenError::UnsupportedType { ty, target: "toy" }),
        }
    }

    fn canonical_type_for_class(_class: RegClass) -> Type {
        types::I64
    }

    fn worst_case_size() -> u32 {
        8
    }

    fn emit(&self, sink: &mut MachBuffer<ToyLabelUse>, _info: &()) -> Result<(), CodegenError> {
        // One opcode byte, register numbers, then 4-byte label fields.
        let reg = |r: Reg| r.phys_num().unwrap_or(0xff);
        let label = |sink: &mut MachBuffer<ToyLabelUse>, l: Label| {
            let at = sink.cur_offset();
            sink.use_label_at_offset(at, l, ToyLabelUse);
            sink.put4([0; 4]);
        };
        match self {
            ToyInst::Args { .. } | ToyInst::Rets { .. } => sink.put1(0x00),
            ToyInst::Jump { target } => {
                sink.put1(0x01);
                label(sink, *target);
            }
            ToyInst::BrIf {
                cond,
                taken,
                not_taken,
            } => {
                sink.put2([0x02, reg(*cond)]);
                label(sink, *taken);
                label(sink, *not_taken);
            }
            ToyInst::Mov { dst, src } => sink.put4([0x03, reg(*dst), reg(*src), 0]),
            _ => sink.put1(0x7f),
        }
        Ok(())
    }
}

/// Spill slot `n` is frame word `n`.
pub struct ToyAbi;

impl SpillAbi<ToyInst> for ToyAbi {
    fn gen_spill(&self, slot: usize, from: Reg) -> ToyInst {
        ToyInst::Spill { slot, src: from }
    }
    fn gen_reload(&self, to: Reg, slot: usize) -> ToyInst {
        ToyInst::Reload { dst: to, slot }
    }
}

pub fn machine_env() -> MachineEnv {
    let set = |regs: &[u8]| {
        let mut s = PRegSet::empty();
        for &n in regs {
            s.add(PReg::new(n as usize, regalloc2::RegClass::Int));
        }
        s
    };
    MachineEnv {
        preferred_regs_by_class: [set(&CALLER_SAVED), PRegSet::empty(), PRegSet::empty()],
        non_preferred_regs_by_class: [set(&CALLEE_SAVED), PRegSet::empty(), PRegSet::empty()],
        scratch_by_class: [None, None, None],
        fixed_stack_slots: Vec::new(),
    }
}

pub fn callee_saved_set() -> PRegSet {
    let mut s = PRegSet::empty();
    for n in CALLEE_SAVED {
        s.add(PReg::new(n as usize, regalloc2::RegClass::Int));
    }
    s
}

/// The toy's instruction selection.
pub struct ToyBackend;

fn is_int_le64(ty: Type) -> bool {
    matches!(ty, types::I8 | types::I16 | types::I32 | types::I64)
}

impl LowerBackend for ToyBackend {
    type MInst = ToyInst;

    fn target_name(&self) -> &'static str {
        "toy"
    }

    fn lower_inst(
        &mut self,
        ctx: &mut Lower<'_, ToyInst>,
        inst: Inst,
    ) -> Result<Option<InstOutput>, CodegenError> {
        Ok(Self::lower_one(ctx, inst))
    }

    fn lower_branch(
        &mut self,
        ctx: &mut Lower<'_, ToyInst>,
        inst: Inst,
        targets: &[Label],
    ) -> Result<Option<()>, CodegenError> {
        Ok(Self::lower_terminator(ctx, inst, targets))
    }

    fn lower_args(
        &mut self,
        ctx: &mut Lower<'_, ToyInst>,
        params: &[ValueRegs],
    ) -> Result<(), CodegenError> {
        if params.len() > ARG_REGS.len() {
            return Err(CodegenError::Backend(
                "the toy passes at most 3 arguments".into(),
            ));
        }
        let defs = params
            .iter()
            .zip(ARG_REGS)
            .map(|(r, n)| (r[0], preg(n)))
            .collect();
        ctx.emit(ToyInst::Args { defs });
        Ok(())
    }
}

impl ToyBackend {
    fn lower_one(ctx: &mut Lower<'_, ToyInst>, inst: Inst) -> Option<InstOutput> {
        let dfg = ctx.dfg();
        let data = &dfg.insts[inst];
        let ty = dfg.ctrl_typevar(inst);
        let args = dfg.inst_args(inst);
        match (data.opcode(), data) {
            (Opcode::Iconst, InstructionData::UnaryImm { imm, .. }) if is_int_le64(ty) => {
                let dst = ctx.alloc_tmp_reg(RegClass::Int).ok()?;
                ctx.emit(ToyInst::LoadImm {
                    dst,
                    imm: (*imm).into(),
                });
                Some(smallvec![smallvec![dst]])
            }
            (Opcode::Iadd | Opcode::Isub, _) if ty == types::I64 => {
                let op = if data.opcode() == Opcode::Iadd {
                    AluOp::Add
                } else {
                    AluOp::Sub
                };
                let a = ctx.put_value_in_reg(args[0]);
                let dst = ctx.alloc_tmp_reg(RegClass::Int).ok()?;
                // Merge a single-use constant into an immediate form.
                if let (Some(k), Some(_)) =
                    (ctx.input_as_const(args[1]), ctx.sinkable_inst(args[1]))
                {
                    let imm = if op == AluOp::Add {
                        k
                    } else {
                        k.wrapping_neg()
                    };
                    ctx.emit(ToyInst::AddImm {
                        dst: Rw {
                            read: a,
                            write: dst,
                        },
                        imm,
                    });
                } else {
                    let b = ctx.put_value_in_reg(args[1]);
                    ctx.emit(ToyInst::Alu {
                        op,
                        dst: Rw {
                            read: a,
                            write: dst,
                        },
                        src: b,
                    });
                }
                Some(smallvec![smallvec![dst]])
            }
            (Opcode::Icmp, InstructionData::IntCompare { cond, .. }) if ty == types::I64 => {
                let a = ctx.put_value_in_reg(args[0]);
                let b = ctx.put_value_in_reg(args[1]);
                let dst = ctx.alloc_tmp_reg(RegClass::Int).ok()?;
                ctx.emit(ToyInst::SetCc {
                    cc: *cond,
                    dst,
                    a,
                    b,
                });
                Some(smallvec![smallvec![dst]])
            }
            (Opcode::Return, _) if args.len() <= RET_REGS.len() => {
                let uses = args
                    .iter()
                    .zip(RET_REGS)
                    .map(|(&v, n)| (ctx.put_value_in_reg(v), preg(n)))
                    .collect();
                ctx.emit(ToyInst::Rets { uses });
                Some(smallvec![])
            }
            (Opcode::Call, InstructionData::Call { func_ref, .. }) => {
                let name = match &dfg.ext_funcs.get(*func_ref)?.name {
                    crate::ir::ExternalName::TestCase(n) => n.as_str().to_string(),
                    _ => return None,
                };
                let results = dfg.inst_results(inst);
                if args.len() > ARG_REGS.len() || results.len() > RET_REGS.len() {
                    return None;
                }
                let call_args = args
                    .iter()
                    .zip(ARG_REGS)
                    .map(|(&v, n)| (ctx.put_value_in_reg(v), preg(n)))
                    .collect();
                let mut rets = Vec::new();
                let mut out = InstOutput::new();
                for n in RET_REGS.iter().take(results.len()) {
                    let r = ctx.alloc_tmp_reg(RegClass::Int).ok()?;
                    rets.push((r, preg(*n)));
                    out.push(smallvec![r]);
                }
                ctx.emit(ToyInst::Call {
                    callee: name,
                    args: call_args,
                    rets,
                });
                Some(out)
            }
            _ => None,
        }
    }

    fn lower_terminator(ctx: &mut Lower<'_, ToyInst>, inst: Inst, targets: &[Label]) -> Option<()> {
        let dfg = ctx.dfg();
        let data = &dfg.insts[inst];
        let args = dfg.inst_args(inst);
        match data.opcode() {
            Opcode::Jump => ctx.emit(ToyInst::Jump {
                target: *targets.first()?,
            }),
            Opcode::Brif => {
                let (taken, not_taken) = (*targets.first()?, *targets.get(1)?);
                let cond = args[0];
                // Fuse a single-use `icmp.i64` into the branch.
                let fused = ctx
                    .sinkable_inst(cond)
                    .and_then(|def| match dfg.insts[def] {
                        InstructionData::IntCompare {
                            opcode: Opcode::Icmp,
                            cond: cc,
                            args: [a, b],
                        } if dfg.value_type(a) == types::I64 => Some((cc, a, b)),
                        _ => None,
                    });
                match fused {
                    Some((cc, a, b)) => {
                        let a = ctx.put_value_in_reg(a);
                        let b = ctx.put_value_in_reg(b);
                        ctx.emit(ToyInst::CmpBr {
                            cc,
                            a,
                            b,
                            taken,
                            not_taken,
                        });
                    }
                    None => {
                        let cond = ctx.put_value_in_reg(cond);
                        ctx.emit(ToyInst::BrIf {
                            cond,
                            taken,
                            not_taken,
                        });
                    }
                }
            }
            Opcode::BrTable => {
                let index = ctx.put_value_in_reg(args[0]);
                ctx.emit(ToyInst::BrTable {
                    index,
                    default: *targets.first()?,
                    targets: targets.get(1..)?.to_vec(),
                });
            }
            _ => return None,
        }
        Some(())
    }
}

/// The toy's result for a function (used by the emulator's call lookup).
pub fn func_name(func: &Function) -> String {
    func.name.to_string().trim_start_matches('%').to_string()
}
