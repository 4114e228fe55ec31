//! Runs the toy ISA's allocated code. Calls go through an explicit frame
//! stack; a callee's prologue/epilogue is simulated by saving exactly the
//! callee-saved registers its code reports as written, and after every
//! call the caller-saved registers that do not carry results are
//! overwritten with garbage, so a wrong clobber set or a forgotten
//! callee-saved register shows up as a wrong answer.

use super::toy::{CALLER_SAVED, NUM_REGS, ToyInst, callee_saved_set};
use crate::ir::condcodes::IntCC;
use crate::machinst::reg::Reg;
use crate::machinst::regalloc::AllocatedCode;
use std::collections::BTreeMap;

struct Frame<'a> {
    code: &'a AllocatedCode<ToyInst>,
    block: u32,
    pos: usize,
    spills: Vec<u64>,
    saved: Vec<(usize, u64)>,
    num_rets: usize,
}

fn r(reg: Reg) -> Result<usize, String> {
    reg.phys_num()
        .map(usize::from)
        .filter(|&n| n < NUM_REGS)
        .ok_or_else(|| format!("virtual or unknown register {reg:?} after allocation"))
}

fn cmp(cc: IntCC, a: u64, b: u64) -> bool {
    let (sa, sb) = (a as i64, b as i64);
    match cc {
        IntCC::Equal => a == b,
        IntCC::NotEqual => a != b,
        IntCC::SignedLessThan => sa < sb,
        IntCC::SignedGreaterThanOrEqual => sa >= sb,
        IntCC::SignedGreaterThan => sa > sb,
        IntCC::SignedLessThanOrEqual => sa <= sb,
        IntCC::UnsignedLessThan => a < b,
        IntCC::UnsignedGreaterThanOrEqual => a >= b,
        IntCC::UnsignedGreaterThan => a > b,
        IntCC::UnsignedLessThanOrEqual => a <= b,
    }
}

fn enter<'a>(
    code: &'a AllocatedCode<ToyInst>,
    regs: &[u64; NUM_REGS],
    num_rets: usize,
) -> Frame<'a> {
    let saved = code
        .clobbered_callee_saved(callee_saved_set())
        .into_iter()
        .map(|p| (p.hw_enc(), regs[p.hw_enc()]))
        .collect();
    Frame {
        code,
        block: 0,
        pos: 0,
        spills: vec![0; code.num_spillslots],
        saved,
        num_rets,
    }
}

/// Runs `name` with `args`; returns the values of its result registers.
pub fn run(
    funcs: &BTreeMap<String, AllocatedCode<ToyInst>>,
    name: &str,
    args: &[u64],
    num_rets: usize,
) -> Result<Vec<u64>, String> {
    let mut regs = [0xbad0_bad0_bad0_bad0u64; NUM_REGS];
    regs[..args.len()].copy_from_slice(args);
    let code = funcs.get(name).ok_or(format!("no function {name}"))?;
    let mut frames = vec![enter(code, &regs, num_rets)];
    let mut steps = 0u64;
    loop {
        steps += 1;
        if steps > 50_000_000 {
            return Err("step limit".into());
        }
        let frame = frames.last_mut().ok_or("no frame")?;
        let inst = frame
            .code
            .block_insts(frame.block)
            .get(frame.pos)
            .ok_or("fell off the end of a block")?;
        frame.pos += 1;
        let goto = |frame: &mut Frame, l: crate::machinst::asm_sink::Label| {
            frame.block = l.0;
            frame.pos = 0;
        };
        match inst {
            ToyInst::Args { .. } => {}
            ToyInst::Rets { uses } => {
                let num = frame.num_rets;
                if uses.len() != num {
                    return Err("wrong number of results".into());
                }
                let frame = frames.pop().ok_or("no frame")?;
                for (n, v) in frame.saved {
                    regs[n] = v;
                }
                if frames.is_empty() {
                    return uses.iter().map(|&(v, _)| r(v).map(|n| regs[n])).collect();
                }
                for n in CALLER_SAVED {
                    if usize::from(n) >= num {
                        regs[usize::from(n)] = 0xdead_beef_dead_beef ^ u64::from(n);
                    }
                }
            }
            ToyInst::LoadImm { dst, imm } => regs[r(*dst)?] = *imm as u64,
            ToyInst::Mov { dst, src } => regs[r(*dst)?] = regs[r(*src)?],
            ToyInst::Alu { op, dst, src } => {
                if dst.read != dst.write {
                    return Err(format!("two-address operands split: {inst:?}"));
                }
                let (a, b) = (regs[r(dst.read)?], regs[r(*src)?]);
                regs[r(dst.write)?] = match op {
                    super::toy::AluOp::Add => a.wrapping_add(b),
                    super::toy::AluOp::Sub => a.wrapping_sub(b),
                };
            }
            ToyInst::AddImm { dst, imm } => {
                if dst.read != dst.write {
                    return Err(format!("two-address operands split: {inst:?}"));
                }
                regs[r(dst.write)?] = regs[r(dst.read)?].wrapping_add(*imm as u64);
            }
            ToyInst::SetCc { cc, dst, a, b } => {
                regs[r(*dst)?] = u64::from(cmp(*cc, regs[r(*a)?], regs[r(*b)?]));
            }
            ToyInst::BrIf {
                cond,
                taken,
                not_taken,
            } => {
                let t = if regs[r(*cond)?] & 0xff != 0 {
                    taken
                } else {
                    not_taken
                };
                goto(frame, *t);
            }
            ToyInst::CmpBr {
                cc,
                a,
                b,
                taken,
                not_taken,
            } => {
                let t = if cmp(*cc, regs[r(*a)?], regs[r(*b)?]) {
                    taken
                } else {
                    not_taken
                };
                goto(frame, *t);
            }
            ToyInst::Jump { target } => goto(frame, *target),
            ToyInst::BrTable {
                index,
                default,
                targets,
            } => {
                let i = regs[r(*index)?] as u32 as usize;
                goto(frame, *targets.get(i).unwrap_or(default));
            }
            ToyInst::Call { callee, rets, .. } => {
                let code = funcs.get(callee).ok_or(format!("no function {callee}"))?;
                let n = rets.len();
                if frames.len() > 10_000 {
                    return Err("call depth".into());
                }
                frames.push(enter(code, &regs, n));
            }
            ToyInst::Spill { slot, src } => {
                let v = regs[r(*src)?];
                *frame.spills.get_mut(*slot).ok_or("bad spill slot")? = v;
            }
            ToyInst::Reload { dst, slot } => {
                regs[r(*dst)?] = *frame.spills.get(*slot).ok_or("bad spill slot")?;
            }
        }
    }
}
