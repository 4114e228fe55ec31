//! Benchmark: lowering and register allocation of long block chains, the
//! shapes that once made regalloc2 quadratic (see the
//! `lathe::machinst::regalloc` module docs).
//!
//! `cargo bench --bench regalloc_chain` lowers generated CLIF functions of
//! 1,000 to 16,000 blocks through the real lowering driver and VCode (with
//! a minimal bench ISA defined below: the toy ISA of the unit tests is
//! test-only), runs regalloc2 (ion and fastalloc) and applies the results,
//! and prints the time of each stage with its growth factor from the
//! previous size (2.0 is linear). A chain of `steps` steps has, by shape:
//!
//! - `pass` (one block per step): each block passes its parameter on
//!   unchanged;
//! - `add` (one block per step): each block adds 1 to its parameter (a
//!   two-address add) and passes the sum on;
//! - `exit` (two blocks per step): as `add`, and each block also leaves to
//!   its own return block when the sum equals the entry's argument (which
//!   is live across the whole chain);
//! - `join` (three blocks per step): each step is a diamond whose two arms
//!   meet in the next block with a parameter (two predecessors, so the
//!   parameter is a real phi), comparing with the entry's argument.
//!
//! No timing assertions: this measures, the test suite checks behaviour.

use std::fmt::Write;
use std::time::{Duration, Instant};

use lathe::ir::condcodes::IntCC;
use lathe::ir::{Inst, InstructionData, Opcode, Type, types};
use lathe::machinst::asm_sink::{AsmSink, Label, LabelUseKind};
use lathe::machinst::buffer::MachBuffer;
use lathe::machinst::error::CodegenError;
use lathe::machinst::inst::{MachInst, SpillAbi, Terminator};
use lathe::machinst::lower::{InstOutput, Lower, LowerBackend, ValueRegs, lower};
use lathe::machinst::operands::{OperandCollector, OperandPos, OperandVisitor};
use lathe::machinst::reg::{Reg, RegClass, Rw};
use lathe::machinst::regalloc::{RegallocAlgorithm, apply_allocations, run_regalloc};
use lathe::reader::parse_functions;
use regalloc2::{MachineEnv, PReg, PRegSet};
use smallvec::smallvec;

/// Physical registers 0..8 are allocatable; 0-2 carry arguments, 0 the result.
const NUM_REGS: u8 = 8;

fn preg(n: u8) -> Reg {
    Reg::phys(RegClass::Int, n)
}

/// The bench ISA: just what the generated functions need, in the shapes a
/// two-address target presents to the allocator.
#[derive(Clone, Debug)]
enum BenchInst {
    /// Defines the entry block's parameters in their argument registers.
    Args {
        defs: Vec<(Reg, Reg)>,
    },
    /// Returns the value in register 0.
    Ret {
        value: Reg,
    },
    LoadImm {
        dst: Reg,
    },
    /// `dst += imm` (two-address).
    AddImm {
        dst: Rw,
    },
    /// `dst += src` (two-address).
    Add {
        dst: Rw,
        src: Reg,
    },
    /// Compare and branch.
    CmpBr {
        a: Reg,
        b: Reg,
        taken: Label,
        not_taken: Label,
    },
    Jump {
        target: Label,
    },
    Mov {
        dst: Reg,
        src: Reg,
    },
    Spill {
        src: Reg,
    },
    Reload {
        dst: Reg,
    },
}

/// A 4-byte absolute label field.
#[derive(Clone, Copy, Debug)]
struct BenchLabelUse;

impl LabelUseKind for BenchLabelUse {
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

impl MachInst for BenchInst {
    type LabelUse = BenchLabelUse;
    type EmitInfo = ();

    fn collect_operands(&mut self, visitor: &mut impl OperandVisitor) {
        let mut c = OperandCollector::new(visitor);
        match self {
            BenchInst::Args { defs } => {
                for (v, p) in defs {
                    c.fixed_def(v, *p, OperandPos::Late);
                }
            }
            BenchInst::Ret { value } => c.fixed_use(value, preg(0), OperandPos::Early),
            BenchInst::LoadImm { dst } | BenchInst::Reload { dst } => {
                c.def_reg(dst, OperandPos::Late)
            }
            BenchInst::AddImm { dst } => {
                let i = c.use_reg(&mut dst.read, OperandPos::Early);
                c.reuse_def(&mut dst.write, i);
            }
            BenchInst::Add { dst, src } => {
                let i = c.use_reg(&mut dst.read, OperandPos::Early);
                c.use_reg(src, OperandPos::Early);
                c.reuse_def(&mut dst.write, i);
            }
            BenchInst::CmpBr { a, b, .. } => {
                c.use_reg(a, OperandPos::Early);
                c.use_reg(b, OperandPos::Early);
            }
            BenchInst::Jump { .. } => {}
            BenchInst::Mov { dst, src } => {
                c.use_reg(src, OperandPos::Early);
                c.def_reg(dst, OperandPos::Late);
            }
            BenchInst::Spill { src } => {
                c.use_reg(src, OperandPos::Early);
            }
        }
    }

    fn is_move(&self) -> Option<(Reg, Reg)> {
        match self {
            BenchInst::Mov { dst, src } => Some((*dst, *src)),
            _ => None,
        }
    }

    fn is_term(&self) -> Terminator {
        match self {
            BenchInst::Ret { .. } => Terminator::Ret,
            BenchInst::CmpBr { .. } | BenchInst::Jump { .. } => Terminator::Branch,
            _ => Terminator::None,
        }
    }

    fn gen_move(dst: Reg, src: Reg, _ty: Type) -> Self {
        BenchInst::Mov { dst, src }
    }

    fn gen_jump(target: Label) -> Self {
        BenchInst::Jump { target }
    }

    fn rc_for_type(ty: Type) -> Result<&'static [RegClass], CodegenError> {
        match ty {
            types::I8 | types::I64 => Ok(&[RegClass::Int]),
            _ => Err(CodegenError::UnsupportedType {
                ty,
                target: "bench",
            }),
        }
    }

    fn canonical_type_for_class(_class: RegClass) -> Type {
        types::I64
    }

    fn worst_case_size() -> u32 {
        9
    }

    /// A tag byte and the label fields (emission is not measured).
    fn emit(&self, sink: &mut MachBuffer<BenchLabelUse>, _info: &()) -> Result<(), CodegenError> {
        let label = |sink: &mut MachBuffer<BenchLabelUse>, l: Label| {
            let at = sink.cur_offset();
            sink.use_label_at_offset(at, l, BenchLabelUse);
            sink.put4([0; 4]);
        };
        match self {
            BenchInst::Jump { target } => {
                sink.put1(1);
                label(sink, *target);
            }
            BenchInst::CmpBr {
                taken, not_taken, ..
            } => {
                sink.put1(2);
                label(sink, *taken);
                label(sink, *not_taken);
            }
            _ => sink.put1(0),
        }
        Ok(())
    }
}

struct BenchAbi;

impl SpillAbi<BenchInst> for BenchAbi {
    fn gen_spill(&self, _slot: usize, from: Reg) -> BenchInst {
        BenchInst::Spill { src: from }
    }
    fn gen_reload(&self, to: Reg, _slot: usize) -> BenchInst {
        BenchInst::Reload { dst: to }
    }
}

fn machine_env() -> MachineEnv {
    let mut preferred = PRegSet::empty();
    let mut non_preferred = PRegSet::empty();
    for n in 0..NUM_REGS {
        let p = PReg::new(n as usize, regalloc2::RegClass::Int);
        if n < 6 {
            preferred.add(p);
        } else {
            non_preferred.add(p);
        }
    }
    MachineEnv {
        preferred_regs_by_class: [preferred, PRegSet::empty(), PRegSet::empty()],
        non_preferred_regs_by_class: [non_preferred, PRegSet::empty(), PRegSet::empty()],
        scratch_by_class: [None, None, None],
        fixed_stack_slots: Vec::new(),
    }
}

struct BenchBackend;

impl LowerBackend for BenchBackend {
    type MInst = BenchInst;

    fn target_name(&self) -> &'static str {
        "bench"
    }

    fn lower_inst(
        &mut self,
        ctx: &mut Lower<'_, BenchInst>,
        inst: Inst,
    ) -> Result<Option<InstOutput>, CodegenError> {
        Ok(Self::lower_one(ctx, inst))
    }

    fn lower_branch(
        &mut self,
        ctx: &mut Lower<'_, BenchInst>,
        inst: Inst,
        targets: &[Label],
    ) -> Result<Option<()>, CodegenError> {
        Ok(Self::lower_term(ctx, inst, targets))
    }

    fn lower_args(
        &mut self,
        ctx: &mut Lower<'_, BenchInst>,
        params: &[ValueRegs],
    ) -> Result<(), CodegenError> {
        let defs = params
            .iter()
            .zip(0..3)
            .map(|(r, n)| (r[0], preg(n)))
            .collect();
        ctx.emit(BenchInst::Args { defs });
        Ok(())
    }
}

impl BenchBackend {
    fn lower_one(ctx: &mut Lower<'_, BenchInst>, inst: Inst) -> Option<InstOutput> {
        let dfg = ctx.dfg();
        let args = dfg.inst_args(inst);
        match dfg.insts[inst].opcode() {
            Opcode::Iconst => {
                let dst = ctx.alloc_tmp_reg(RegClass::Int).ok()?;
                ctx.emit(BenchInst::LoadImm { dst });
                Some(smallvec![smallvec![dst]])
            }
            Opcode::Iadd => {
                let read = ctx.put_value_in_reg(args[0]);
                let write = ctx.alloc_tmp_reg(RegClass::Int).ok()?;
                let dst = Rw { read, write };
                if ctx.input_as_const(args[1]).is_some() && ctx.sinkable_inst(args[1]).is_some() {
                    ctx.emit(BenchInst::AddImm { dst });
                } else {
                    let src = ctx.put_value_in_reg(args[1]);
                    ctx.emit(BenchInst::Add { dst, src });
                }
                Some(smallvec![smallvec![write]])
            }
            Opcode::Return => {
                let value = ctx.put_value_in_reg(*args.first()?);
                ctx.emit(BenchInst::Ret { value });
                Some(smallvec![])
            }
            _ => None,
        }
    }

    fn lower_term(ctx: &mut Lower<'_, BenchInst>, inst: Inst, targets: &[Label]) -> Option<()> {
        let dfg = ctx.dfg();
        match dfg.insts[inst].opcode() {
            Opcode::Jump => ctx.emit(BenchInst::Jump {
                target: *targets.first()?,
            }),
            Opcode::Brif => {
                // Only `brif (icmp eq a, b)`, fused.
                let def = ctx.sinkable_inst(dfg.inst_args(inst)[0])?;
                let InstructionData::IntCompare {
                    cond: IntCC::Equal,
                    args: [a, b],
                    ..
                } = dfg.insts[def]
                else {
                    return None;
                };
                let (a, b) = (ctx.put_value_in_reg(a), ctx.put_value_in_reg(b));
                ctx.emit(BenchInst::CmpBr {
                    a,
                    b,
                    taken: *targets.first()?,
                    not_taken: *targets.get(1)?,
                });
            }
            _ => return None,
        }
        Some(())
    }
}

/// The generated function shapes (see the module docs).
#[derive(Clone, Copy, Debug)]
enum Shape {
    Pass,
    Add,
    Exit,
    Join,
}

/// A function of `shape` whose chain has `steps` steps.
fn generate(shape: Shape, steps: usize) -> String {
    let blocks = steps;
    let mut s =
        String::from("function %chain(i64) -> i64 {\nblock0(v0: i64):\n    jump block1(v0)\n");
    // Values: v1.. are the chain's parameters; fresh values count on from `next`.
    let mut next = blocks + 1;
    let mut fresh = || {
        next += 1;
        next
    };
    // Extra blocks (exits, diamond arms) are numbered past the chain.
    let mut extra = blocks;
    for i in 1..blocks {
        let _ = writeln!(s, "block{i}(v{i}: i64):");
        match shape {
            Shape::Pass => {
                let _ = writeln!(s, "    jump block{}(v{i})", i + 1);
            }
            Shape::Add | Shape::Exit => {
                let (one, sum) = (fresh(), fresh());
                let _ = writeln!(
                    s,
                    "    v{one} = iconst.i64 1\n    v{sum} = iadd v{i}, v{one}"
                );
                if let Shape::Exit = shape {
                    let cmp = fresh();
                    extra += 1;
                    let _ = writeln!(
                        s,
                        "    v{cmp} = icmp eq v{sum}, v0\n    brif v{cmp}, block{extra}, block{}(v{sum})\nblock{extra}:\n    return v0",
                        i + 1
                    );
                } else {
                    let _ = writeln!(s, "    jump block{}(v{sum})", i + 1);
                }
            }
            Shape::Join => {
                let (cmp, one, sum) = (fresh(), fresh(), fresh());
                let (taken, not_taken) = (extra + 1, extra + 2);
                extra += 2;
                let _ = writeln!(
                    s,
                    "    v{cmp} = icmp eq v{i}, v0\n    brif v{cmp}, block{taken}, block{not_taken}\n\
                     block{taken}:\n    v{one} = iconst.i64 1\n    v{sum} = iadd v{i}, v{one}\n    jump block{n}(v{sum})\n\
                     block{not_taken}:\n    jump block{n}(v{i})",
                    n = i + 1
                );
            }
        }
    }
    let _ = writeln!(
        s,
        "block{blocks}(v{blocks}: i64):\n    return v{blocks}\n}}"
    );
    s
}

/// Times of one compilation's stages.
#[derive(Clone, Copy)]
struct Times {
    lower: Duration,
    ion: Duration,
    fastalloc: Duration,
    apply: Duration,
}

fn compile_once(text: &str) -> Times {
    let funcs = parse_functions(text).expect("generated text parses");
    let func = &funcs[0];
    let env = machine_env();
    let t = Instant::now();
    let vcode = lower(func, &mut BenchBackend).expect("lowers");
    let lower_time = t.elapsed();
    let t = Instant::now();
    let output = run_regalloc(&vcode, &env, RegallocAlgorithm::Ion).expect("ion allocates");
    let ion = t.elapsed();
    let t = Instant::now();
    apply_allocations(&vcode, &output, &BenchAbi).expect("applies");
    let apply = t.elapsed();
    let t = Instant::now();
    run_regalloc(&vcode, &env, RegallocAlgorithm::Fastalloc).expect("fastalloc allocates");
    let fastalloc = t.elapsed();
    Times {
        lower: lower_time,
        ion,
        fastalloc,
        apply,
    }
}

/// The fastest of a few runs (a single run once the function is slow).
fn measure(text: &str) -> Times {
    let mut best = compile_once(text);
    let mut spent = best.lower + best.ion + best.fastalloc + best.apply;
    for _ in 0..4 {
        if spent > Duration::from_secs(2) {
            break;
        }
        let t = compile_once(text);
        spent += t.lower + t.ion + t.fastalloc + t.apply;
        best.lower = best.lower.min(t.lower);
        best.ion = best.ion.min(t.ion);
        best.fastalloc = best.fastalloc.min(t.fastalloc);
        best.apply = best.apply.min(t.apply);
    }
    best
}

fn main() {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{:<6} {:>6}  {:>16}  {:>16}  {:>16}  {:>16}",
        "shape", "steps", "lower ms (x)", "ion ms (x)", "apply ms (x)", "fastalloc ms (x)"
    );
    for shape in [Shape::Pass, Shape::Add, Shape::Exit, Shape::Join] {
        let mut prev: Option<Times> = None;
        for steps in [1_000, 2_000, 4_000, 8_000, 16_000] {
            let t = measure(&generate(shape, steps));
            let cell = |now: Duration, before: Option<Duration>| match before {
                Some(b) if !b.is_zero() => {
                    format!(
                        "{:9.2} ({:4.1})",
                        ms(now),
                        now.as_secs_f64() / b.as_secs_f64()
                    )
                }
                _ => format!("{:9.2}       ", ms(now)),
            };
            println!(
                "{:<6} {:>6}  {}  {}  {}  {}",
                format!("{shape:?}").to_lowercase(),
                steps,
                cell(t.lower, prev.map(|p| p.lower)),
                cell(t.ion, prev.map(|p| p.ion)),
                cell(t.apply, prev.map(|p| p.apply)),
                cell(t.fastalloc, prev.map(|p| p.fastalloc)),
            );
            prev = Some(t);
        }
    }
}
