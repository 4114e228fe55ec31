//! Compiling one function for x86-64: verify, lower, allocate registers,
//! lay out the frame, emit.

use super::lower::{TARGET, X64Backend, X64Features};
use super::minst::{FrameLayout, MInst, X64SpillAbi};
use super::print::PrintContext;
use super::regs::{R12, R13, R14, R15, RBX};
use crate::ir::Function;
use crate::isa::CompileOptions;
use crate::machinst::buffer::MachBuffer;
use crate::machinst::compiled::{CompiledCode, OptLevel};
use crate::machinst::error::CodegenError;
use crate::machinst::lower::lower_timed;
use crate::machinst::reg::Reg;
use crate::machinst::regalloc::{
    RegallocAlgorithm, apply_allocations, run_regalloc_in, with_thread_context,
};
use crate::machinst::timing::{Pass, PassTimer, PassTimes};
use regalloc2::{MachineEnv, PReg, PRegSet};

/// The System V callee-saved registers the allocator may use.
const CALLEE_SAVED: [Reg; 5] = [RBX, R12, R13, R14, R15];

fn preg(r: Reg) -> Option<PReg> {
    r.to_preg()
}

/// The allocatable registers: caller-saved ones first.
pub fn machine_env() -> MachineEnv {
    use super::regs::*;
    let mut int_pref = PRegSet::empty();
    for r in [RAX, RCX, RDX, RSI, RDI, R8, R9, R10, R11] {
        if let Some(p) = preg(r) {
            int_pref.add(p);
        }
    }
    let mut int_non = PRegSet::empty();
    for r in CALLEE_SAVED {
        if let Some(p) = preg(r) {
            int_non.add(p);
        }
    }
    let mut float = PRegSet::empty();
    for r in XMM_REGS {
        if let Some(p) = preg(r) {
            float.add(p);
        }
    }
    MachineEnv {
        preferred_regs_by_class: [int_pref, float, PRegSet::empty()],
        non_preferred_regs_by_class: [int_non, PRegSet::empty(), PRegSet::empty()],
        scratch_by_class: [None, None, None],
        fixed_stack_slots: Vec::new(),
    }
}

/// Compiles `func` (which must have passed the verifier).
pub fn compile_function(
    func: &Function,
    options: &CompileOptions,
) -> Result<CompiledCode, CodegenError> {
    let mut times = PassTimes::default();
    let mut timer = PassTimer::start();
    let features = options.x64_features.unwrap_or_else(X64Features::host);
    let mut backend = X64Backend::new(func, features)?;
    let vcode = lower_timed(func, &mut backend, &mut timer, &mut times)?;
    let vcode_text = options.want_vcode.then(|| vcode_listing(&vcode));
    timer.finish(Pass::Listings, &mut times);
    let env = machine_env();
    let algorithm = match options.opt_level {
        OptLevel::None => RegallocAlgorithm::Fastalloc,
        OptLevel::Speed => RegallocAlgorithm::Ion,
    };
    let spills_base = backend.outgoing_args_size();
    let code = with_thread_context(|context| {
        let output = run_regalloc_in(
            context,
            &vcode,
            &env,
            algorithm,
            !options.skip_regalloc_checker,
        )?;
        timer.finish(Pass::Regalloc, &mut times);
        apply_allocations(&vcode, output, &X64SpillAbi { spills_base })
    })?;
    timer.finish(Pass::ApplyAllocations, &mut times);
    let mut callee_saved = PRegSet::empty();
    for r in CALLEE_SAVED {
        if let Some(p) = preg(r) {
            callee_saved.add(p);
        }
    }
    let saved: Vec<Reg> = code
        .clobbered_callee_saved(callee_saved)
        .into_iter()
        .map(|p| Reg::phys(crate::machinst::reg::RegClass::Int, p.hw_enc() as u8))
        .collect();
    let spill_bytes = u32::try_from(code.num_spillslots * crate::isa::x64::minst::SPILL_SLOT_BYTES)
        .map_err(|_| CodegenError::ImplLimit("too many spill slots".into()))?;
    let mut sub_size = spills_base + spill_bytes;
    if (8 * saved.len() as u32 + sub_size) % 16 != 0 {
        sub_size += 8;
    }
    let omitted = saved.is_empty()
        && sub_size == 0
        && backend.slots_size() == 0
        && !(0..code.num_blocks())
            .flat_map(|b| code.block_insts(b as u32))
            .any(needs_frame);
    let frame = FrameLayout {
        omitted,
        slots_size: backend.slots_size(),
        saved,
        sub_size,
    };
    let mut buf = MachBuffer::<super::LabelUse>::with_blocks(code.num_blocks() as u32);
    let prologue = frame
        .prologue()
        .map_err(|e| CodegenError::Backend(e.to_string()))?;
    for i in &prologue {
        i.encode(&mut buf)
            .map_err(|e| CodegenError::Backend(e.to_string()))?;
    }
    timer.finish(Pass::Frame, &mut times);
    code.emit(&mut buf, &frame)?;
    timer.finish(Pass::Emission, &mut times);
    let disassembly = options.want_disasm.then(|| {
        let ctx = PrintContext::symbolic();
        let mut s = String::new();
        for i in &prologue {
            s.push_str(&format!("  {}\n", i.print(&ctx)));
        }
        for b in code.emission_order() {
            s.push_str(&format!("block{b}:\n"));
            for inst in code.block_insts(b) {
                s.push_str(&format!("  {}\n", print_final(inst, &frame, &ctx)));
            }
        }
        s
    });
    timer.finish(Pass::Listings, &mut times);
    let finished = buf.finish().map_err(|errors| {
        CodegenError::Backend(format!(
            "code buffer: {}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })?;
    timer.finish(Pass::BufferFinish, &mut times);
    Ok(CompiledCode {
        bytes: finished.data,
        relocs: finished.relocs,
        traps: finished.traps,
        data_ranges: finished.data_ranges,
        frame_size: frame.frame_size(),
        alignment: finished.alignment.max(16),
        symbols: backend.into_symbols(),
        disassembly,
        vcode: vcode_text,
        target: TARGET,
        timing: times,
    })
}

/// Whether `inst` needs the frame: a call (which needs `rsp` 16-aligned)
/// or a use of `rbp` (stack arguments, frame-pointer reads).
fn needs_frame(inst: &MInst) -> bool {
    struct UsesRbp(bool);
    impl crate::machinst::operands::OperandVisitor for UsesRbp {
        fn operand(
            &mut self,
            reg: &mut Reg,
            _: crate::machinst::operands::OperandKind,
            _: crate::machinst::operands::OperandConstraint,
            _: crate::machinst::operands::OperandPos,
        ) {
            self.0 |= *reg == super::regs::RBP;
        }
        fn clobber(&mut self, _: Reg) {}
    }
    if matches!(inst, MInst::Call(_)) {
        return true;
    }
    let mut visitor = UsesRbp(false);
    crate::machinst::inst::MachInst::collect_operands(&mut inst.clone(), &mut visitor);
    visitor.0
}

/// A final instruction as it is emitted (the `Ret` and `ReturnCall`
/// pseudo-instructions with their epilogue).
fn print_final(inst: &MInst, frame: &FrameLayout, ctx: &PrintContext) -> String {
    match inst {
        MInst::Ret { .. } => {
            let mut parts: Vec<String> = frame
                .epilogue()
                .map(|e| e.iter().map(|i| i.print(ctx)).collect())
                .unwrap_or_default();
            parts.push("ret".into());
            parts.join("\n  ")
        }
        MInst::ReturnCall(_) => {
            let mut parts: Vec<String> = frame
                .epilogue()
                .map(|e| e.iter().map(|i| i.print(ctx)).collect())
                .unwrap_or_default();
            parts.push(inst.print(ctx));
            parts.join("\n  ")
        }
        other => other.print(ctx),
    }
}

fn vcode_listing(vcode: &crate::machinst::vcode::VCode<MInst>) -> String {
    let ctx = PrintContext::symbolic();
    let mut s = String::new();
    for b in 0..vcode.num_blocks() {
        s.push_str(&vcode.block_header(b as u32));
        for inst in vcode.block_insts(b as u32) {
            s.push_str(&format!("  {}\n", inst.print(&ctx)));
        }
        s.push_str(&vcode.block_footer(b as u32));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machinst::regalloc::RegallocContext;
    use crate::machinst::timing::Pass;

    const SMALL: &str = "function %small(i64, i64) -> i64 {
block0(v0: i64, v1: i64):
    v2 = iadd v0, v1
    v3 = imul v2, v0
    return v3
}";

    const BIGGER: &str = "function %bigger(i64, i64, i64) -> i64 {
block0(v0: i64, v1: i64, v2: i64):
    v3 = iadd v0, v1
    v4 = imul v3, v2
    v5 = isub v4, v0
    brif v5, block1(v4), block2(v5)
block1(v6: i64):
    v7 = iadd v6, v1
    jump block3(v7)
block2(v8: i64):
    v9 = imul v8, v2
    jump block3(v9)
block3(v10: i64):
    v11 = iadd v10, v3
    return v11
}";

    fn compile(text: &str, opt_level: OptLevel) -> CompiledCode {
        let funcs = crate::reader::parse_functions(text).expect("parses");
        let options = CompileOptions {
            opt_level,
            want_disasm: true,
            x64_features: Some(X64Features::default()),
            ..CompileOptions::default()
        };
        compile_function(&funcs[0], &options).expect("compiles")
    }

    #[test]
    fn a_reused_regalloc_context_gives_the_code_a_fresh_one_gives() {
        for opt in [OptLevel::Speed, OptLevel::None] {
            // Fresh context for the first compile of `small`, then the
            // thread's context after it has held a bigger function.
            with_thread_context(|c| *c = RegallocContext::new());
            let first = compile(SMALL, opt);
            compile(BIGGER, opt);
            let again = compile(SMALL, opt);
            assert_eq!(first.bytes, again.bytes, "{opt:?}");
            assert_eq!(first.disassembly, again.disassembly, "{opt:?}");
        }
    }

    #[test]
    fn every_phase_the_x64_driver_runs_is_timed() {
        let code = compile(BIGGER, OptLevel::Speed);
        for pass in [
            Pass::BlockOrder,
            Pass::Lower,
            Pass::VCodeBuild,
            Pass::Regalloc,
            Pass::ApplyAllocations,
            Pass::Emission,
        ] {
            assert!(
                code.timing.get(pass) > std::time::Duration::ZERO,
                "{}",
                pass.name()
            );
        }
        assert!(code.timing.total() >= code.timing.get(Pass::Regalloc));
    }
}
