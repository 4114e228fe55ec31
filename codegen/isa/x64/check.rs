//! `isa-check` for x86-64: every declared form is encoded with sample
//! operands, the whole blob is disassembled by ONE run of GNU objdump, and
//! for every sample objdump's bytes and text must equal ours.
//!
//! Samples per form ([`samples`]): a rotation through all 16 registers of
//! each register operand's class (so every operand meets `rsp`, `rbp`,
//! `r12`, `r13`, `spl`..`dil`, `xmm15`) and every condition code; every
//! memory shape of `memory_shapes` in each memory-capable operand (SIB
//! for `rsp`/`r12` bases, forced displacement for `rbp`/`r13`, disp8/disp32
//! boundaries, every scale, RIP-relative to labels before and after and to
//! a relocated symbol); each immediate at its boundaries; branch targets
//! before and after; and the high-byte registers `ah`..`bh` in 8-bit forms.
//!
//! objdump runs as `objdump -D -z -b binary -m i386:x86-64 -M intel
//! --insn-width=16` on a raw file (`-D` because a raw file has no code
//! section). `$OBJDUMP` overrides the command. Labels resolve to addresses
//! in the blob; a relocated field holds zero, which objdump shows as the
//! address of the next instruction — exactly what our printer prints when
//! given the instruction's address.

use super::args::{Amode, OperandValue, Scale};
use super::inst::{Cc, Form, Inst};
use super::regs::{self, AH, BH, CH, DH};
use crate::machinst::asm_sink::{Label, SymbolRef, Target};
use crate::machinst::forms::OperandInfoKind;
use crate::machinst::isa_check::{
    Bind, ByteColumn, CheckedIsa, Objdump, SampleLabels, check_every_form, relocated_targets,
    sampled_operands,
};
pub use crate::machinst::isa_check::{IsaCheckError, IsaCheckReport};
use crate::machinst::reg::Reg;

/// x86-64 as the shared check sees it.
#[derive(Clone, Copy, Debug)]
pub struct X64;

impl CheckedIsa for X64 {
    type Inst = Inst;
    const NAME: &'static str = "x86_64";
    const OBJDUMP: Objdump = Objdump {
        env_override: "OBJDUMP",
        command: "objdump",
        args: &[
            "-D",
            "-z",
            "-b",
            "binary",
            "-m",
            "i386:x86-64",
            "-M",
            "intel",
            "--insn-width=16",
        ],
        hint: "install GNU binutils (Debian: binutils) or set $OBJDUMP",
        load_address: 0,
        bytes: ByteColumn::Bytes,
    };
}

/// One instruction to check.
pub type Sample = crate::machinst::isa_check::Sample<X64>;

/// A memory operand shape; RIP-relative shapes get their label when used.
#[derive(Clone, Copy, Debug)]
enum Shape {
    Amode(Amode),
    RipLabel(Bind),
    RipSymbol(i64),
}

/// The memory shapes every memory-capable operand is tried with.
fn memory_shapes() -> Vec<Shape> {
    use regs::*;
    let b = |base, disp| Shape::Amode(Amode::base(base, disp));
    let bi = |base, index, scale, disp| Shape::Amode(Amode::base_index(base, index, scale, disp));
    vec![
        b(RAX, 0),
        b(RSP, 0),
        b(R12, 0),
        b(RBP, 0),
        b(R13, 0),
        b(RCX, 0x7f),
        b(RDX, -0x80),
        b(RBX, 0x80),
        b(RSI, -0x81),
        b(RDI, i32::MAX),
        b(R8, i32::MIN),
        b(RSP, 0x7f),
        b(R12, -0x80000),
        b(RBP, 8),
        b(R13, 0x1000),
        bi(RAX, RBX, Scale::One, 0),
        bi(RCX, RDX, Scale::Two, 0x10),
        bi(R9, R10, Scale::Four, -0x1000),
        bi(R15, R14, Scale::Eight, 0x1234_5678),
        bi(RSP, RBP, Scale::One, 0),
        bi(RBP, RAX, Scale::Two, 0),
        bi(R13, R12, Scale::Four, 0),
        bi(R12, R13, Scale::Eight, 8),
        bi(R11, R15, Scale::One, -1),
        Shape::RipLabel(Bind::Before),
        Shape::RipLabel(Bind::After),
        Shape::RipSymbol(0),
        Shape::RipSymbol(0x40),
    ]
}

/// The registers a register operand of `class` at `width` bits rotates through.
fn rotation(class: &str, width: u16) -> Vec<Reg> {
    let list: &[Reg] = if class == "xmm" {
        &regs::XMM_REGS
    } else {
        &regs::GPR_REGS[..16]
    };
    list.iter()
        .copied()
        .filter(|&r| regs::reg_name(r, width).is_some())
        .collect()
}

/// Immediate values tried for a range.
fn immediates(min: i64, max: i64) -> Vec<i64> {
    let candidates = [
        min,
        -0x8000_0000,
        -0x81,
        -0x80,
        -1,
        0,
        1,
        0x7f,
        0x80,
        0xff,
        0x7fff,
        0x8000,
        0x7fff_ffff,
        0x8000_0000,
        0x1234_5678_9abc_def0,
        max,
    ];
    let mut out: Vec<i64> = candidates
        .into_iter()
        .filter(|v| (min..=max).contains(v))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Builds the sample operand lists of every form.
pub fn samples() -> Vec<Sample> {
    let mut labels = SampleLabels::default();
    let shapes = memory_shapes();
    let mut out = Vec::new();
    for form in Form::ALL {
        let info = form.info();
        let ops = sampled_operands(info);
        // The value of operand `i` in rotation step `k`, with an override.
        let value = |i: usize,
                     k: usize,
                     special: Option<OperandValue>,
                     labels: &mut SampleLabels,
                     ls: &mut Vec<(Label, Bind)>| {
            if let Some(v) = special {
                return v;
            }
            match ops[i].kind {
                OperandInfoKind::Reg {
                    fixed: Some(name), ..
                } => OperandValue::Reg(regs::reg_by_name(name).map_or(regs::RAX, |(r, _)| r)),
                OperandInfoKind::Reg { class, width, .. }
                | OperandInfoKind::RegMem { class, width } => {
                    let list = rotation(class, width);
                    OperandValue::Reg(list[(k + 5 * i) % list.len()])
                }
                OperandInfoKind::Mem { .. } => match shapes[(k + i) % shapes.len()] {
                    Shape::Amode(a) => OperandValue::Mem(a),
                    Shape::RipLabel(bind) => {
                        OperandValue::Mem(Amode::rip(labels.new_target(bind, ls)))
                    }
                    Shape::RipSymbol(addend) => OperandValue::Mem(Amode::rip(Target::Symbol {
                        symbol: SymbolRef(1),
                        addend,
                    })),
                },
                OperandInfoKind::Imm { min, max, .. } => {
                    let values = immediates(min, max);
                    OperandValue::Imm(values[(k + i) % values.len()])
                }
                OperandInfoKind::Target { .. } => {
                    OperandValue::Target(labels.new_target(Bind::alternating(k), ls))
                }
                OperandInfoKind::Cond => OperandValue::Cond(Cc::ALL[k % Cc::ALL.len()]),
                OperandInfoKind::Literal(_) => OperandValue::Imm(0),
            }
        };
        let mut push = |specials: &[(usize, OperandValue)],
                        k: usize,
                        labels: &mut SampleLabels,
                        ls: Vec<(Label, Bind)>| {
            let mut ls = ls;
            let operands = (0..ops.len())
                .map(|i| {
                    let special = specials.iter().find(|(j, _)| *j == i).map(|(_, v)| *v);
                    value(i, k, special, labels, &mut ls)
                })
                .collect();
            out.push(Sample::new(form, operands, ls));
        };
        // Register, condition, immediate and target rotation.
        let steps = if ops.is_empty() { 1 } else { 16 };
        for k in 0..steps {
            push(&[], k, &mut labels, Vec::new());
        }
        for (i, op) in ops.iter().enumerate() {
            match op.kind {
                OperandInfoKind::RegMem { .. } | OperandInfoKind::Mem { .. } => {
                    for shape in &shapes {
                        let mut ls = Vec::new();
                        let mem = match *shape {
                            Shape::Amode(a) => a,
                            Shape::RipLabel(bind) => Amode::rip(labels.new_target(bind, &mut ls)),
                            Shape::RipSymbol(addend) => Amode::rip(Target::Symbol {
                                symbol: SymbolRef(1),
                                addend,
                            }),
                        };
                        push(&[(i, OperandValue::Mem(mem))], 0, &mut labels, ls);
                    }
                }
                OperandInfoKind::Imm { min, max, .. } => {
                    for v in immediates(min, max) {
                        push(&[(i, OperandValue::Imm(v))], 0, &mut labels, Vec::new());
                    }
                }
                OperandInfoKind::Target {
                    allows_reloc: true, ..
                } => {
                    for t in relocated_targets() {
                        push(&[(i, OperandValue::Target(t))], 0, &mut labels, Vec::new());
                    }
                }
                _ => {}
            }
        }
        // High-byte registers in 8-bit register operands, with REX-free partners.
        let byte_ops: Vec<usize> = (0..ops.len())
            .filter(|&i| {
                matches!(
                    ops[i].kind,
                    OperandInfoKind::Reg {
                        class: "gpr",
                        width: 8,
                        fixed: None,
                        ..
                    } | OperandInfoKind::RegMem {
                        class: "gpr",
                        width: 8
                    }
                )
            })
            .collect();
        if !byte_ops.is_empty() && !info.encoding.contains("REX") {
            let low = [regs::RAX, regs::RCX, regs::RDX, regs::RBX];
            for (n, high) in [AH, CH, DH, BH].into_iter().enumerate() {
                let mut specials: Vec<(usize, OperandValue)> = Vec::new();
                for (j, &i) in byte_ops.iter().enumerate() {
                    let r = if j == n % byte_ops.len() {
                        high
                    } else {
                        low[(n + j) % 4]
                    };
                    specials.push((i, OperandValue::Reg(r)));
                }
                for (i, op) in ops.iter().enumerate() {
                    if matches!(op.kind, OperandInfoKind::Mem { .. }) {
                        specials.push((i, OperandValue::Mem(Amode::base(regs::RBX, 4))));
                    }
                }
                push(&specials, 0, &mut labels, Vec::new());
            }
        }
    }
    out
}

/// Checks every form against objdump and reports counts and mismatches.
pub fn run_isa_check() -> Result<IsaCheckReport, IsaCheckError> {
    check_every_form(&samples())
}
