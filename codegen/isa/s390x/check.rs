//! `isa-check` for s390x: every declared form is encoded with sample
//! operands, the whole blob is disassembled by ONE run of GNU objdump
//! (`s390x-linux-gnu-objdump -D -z -b binary -m s390:64-bit -EB`;
//! `$OBJDUMP_S390X` overrides the command), and for every sample objdump's
//! bytes and text must equal ours (see [`crate::machinst::isa_check`]).
//!
//! Samples per form ([`samples`]): sixteen rotations through all registers
//! of each register operand's class (so every data operand meets `r0` and
//! `r15`, `f0` and `f15`), every branch mask and several values of each
//! immediate; every shape of its storage operand ([`address_shapes`]: no
//! register, each of `r1`..`r15` as base and as index, index without
//! base, displacements at both ends of the 12-bit unsigned or 20-bit
//! signed range); each immediate at its limits; relative targets before
//! and after the instruction, and relocated symbols for the 32-bit ones.
//! One exception: `nop` is not sampled with an index and no base, which
//! objdump 2.40 prints truncated (`nop 8(%r1`).
//! A relocated field holds zero halfwords, which objdump shows as the
//! instruction's own address — what our printer prints for a symbol when
//! given the instruction's address.

use super::args::{AddrKind, Amode, OperandValue, form_address_kind};
use super::inst::{Cc, Form, Inst};
use super::regs::{self, FPR_REGS, GPR_REGS};
use crate::machinst::asm_sink::Label;
use crate::machinst::forms::OperandInfoKind;
use crate::machinst::isa_check::{
    Bind, ByteColumn, CheckedIsa, Objdump, SampleLabels, check_every_form, relocated_targets,
    sampled_operands,
};
pub use crate::machinst::isa_check::{IsaCheckError, IsaCheckReport};

/// s390x as the shared check sees it.
#[derive(Clone, Copy, Debug)]
pub struct S390x;

impl CheckedIsa for S390x {
    type Inst = Inst;
    const NAME: &'static str = "s390x";
    const OBJDUMP: Objdump = Objdump {
        env_override: "OBJDUMP_S390X",
        command: "s390x-linux-gnu-objdump",
        args: &["-D", "-z", "-b", "binary", "-m", "s390:64-bit", "-EB"],
        hint: "install GNU binutils for s390x (Debian: binutils-s390x-linux-gnu) or set $OBJDUMP_S390X",
        load_address: 0,
        bytes: ByteColumn::Bytes,
    };
}

/// One instruction to check.
pub type Sample = crate::machinst::isa_check::Sample<S390x>;

/// The storage operands tried for a shape: no register, every base register
/// `r1`..`r15`, every index register (with and without a base) when the
/// shape has one, and displacements at the ends of the range and in between.
pub fn address_shapes(kind: AddrKind) -> Vec<Amode> {
    let (min, max) = kind.disp_range();
    let mut disps: Vec<i32> = [0, 1, max, min, 0x800, 0xFFF, 0x1000, -1, -0x1000, 0x7FFF]
        .into_iter()
        .filter(|d| (min..=max).contains(d))
        .collect();
    disps.sort_unstable();
    disps.dedup();
    let disp = |n: usize| disps[n % disps.len()];
    let mut out: Vec<Amode> = disps.iter().map(|&d| Amode::disp(d)).collect();
    for (n, &base) in GPR_REGS.iter().enumerate().skip(1) {
        out.push(Amode::base(base, disp(n)));
    }
    if kind.has_index() {
        // Each of r1..r15 as index, with the bases r15..r1.
        let usable = &GPR_REGS[1..];
        for (n, (&index, &base)) in usable.iter().zip(usable.iter().rev()).enumerate() {
            out.push(Amode::base_index(base, index, disp(n + 2)));
        }
        for n in [1, 7, 15] {
            out.push(Amode::index(GPR_REGS[n], disp(n + 2)));
        }
    }
    out
}

/// Immediate values tried for a range: its limits and the boundaries of
/// narrower fields in between.
fn immediates(min: i64, max: i64) -> Vec<i64> {
    let candidates = [
        min,
        -0x8000_0000,
        -0x8001,
        -0x8000,
        -0x81,
        -0x80,
        -1,
        0,
        1,
        7,
        8,
        15,
        16,
        63,
        0x7f,
        0x80,
        0xff,
        0x7fff,
        0x8000,
        0xffff,
        0x7fff_ffff,
        0x8000_0000,
        0xffff_ffff,
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

/// The registers a register operand of `class` rotates through.
fn rotation(class: &str) -> &'static [crate::machinst::reg::Reg] {
    if class == "fpr" { &FPR_REGS } else { &GPR_REGS }
}

/// Builds the sample operand lists of every form.
pub fn samples() -> Vec<Sample> {
    let mut labels = SampleLabels::default();
    let mut out = Vec::new();
    for form in Form::ALL {
        let info = form.info();
        let ops = sampled_operands(info);
        let mut shapes =
            form_address_kind(form).map_or_else(|| vec![Amode::disp(0)], address_shapes);
        if form == Form::Nop {
            // objdump 2.40 prints `nop D(X,0)` without its `,%r0)` (`nop 8(%r1`);
            // `be 8(%r1,%r0)` and every other form print that shape in full.
            shapes.retain(|m| m.base.is_some() || m.index.is_none());
        }
        // The value of operand `i` in rotation step `k`.
        let value =
            |i: usize, k: usize, labels: &mut SampleLabels, ls: &mut Vec<(Label, Bind)>| match ops
                [i]
                .kind
            {
                OperandInfoKind::Reg {
                    fixed: Some(name), ..
                } => OperandValue::Reg(regs::reg_by_name(name).map_or(regs::R0, |(r, _)| r)),
                OperandInfoKind::Reg { class, .. } | OperandInfoKind::RegMem { class, .. } => {
                    let list = rotation(class);
                    OperandValue::Reg(list[(k + 5 * i) % list.len()])
                }
                OperandInfoKind::Mem { .. } => OperandValue::Mem(shapes[(k + i) % shapes.len()]),
                OperandInfoKind::Imm { min, max, .. } => {
                    let values = immediates(min, max);
                    OperandValue::Imm(values[(k + i) % values.len()])
                }
                OperandInfoKind::Target { .. } => {
                    OperandValue::Target(labels.new_target(Bind::alternating(k), ls))
                }
                OperandInfoKind::Cond => OperandValue::Cond(Cc::ALL[k % Cc::ALL.len()]),
                OperandInfoKind::Literal(_) => OperandValue::Imm(0),
            };
        let mut push =
            |special: Option<(usize, OperandValue)>, k: usize, labels: &mut SampleLabels| {
                let mut ls = Vec::new();
                let operands = (0..ops.len())
                    .map(|i| match special {
                        Some((j, v)) if j == i => v,
                        _ => value(i, k, labels, &mut ls),
                    })
                    .collect();
                out.push(Sample::new(form, operands, ls));
            };
        // Register, mask, immediate and target rotation.
        let steps = if ops.is_empty() { 1 } else { 16 };
        for k in 0..steps {
            push(None, k, &mut labels);
        }
        for (i, op) in ops.iter().enumerate() {
            match op.kind {
                OperandInfoKind::Mem { .. } => {
                    for &m in &shapes {
                        push(Some((i, OperandValue::Mem(m))), 0, &mut labels);
                    }
                }
                OperandInfoKind::Imm { min, max, .. } => {
                    for v in immediates(min, max) {
                        push(Some((i, OperandValue::Imm(v))), 0, &mut labels);
                    }
                }
                OperandInfoKind::Target {
                    allows_reloc: true, ..
                } => {
                    for t in relocated_targets() {
                        push(Some((i, OperandValue::Target(t))), 0, &mut labels);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Checks every form against objdump and reports counts and mismatches.
pub fn run_isa_check() -> Result<IsaCheckReport, IsaCheckError> {
    check_every_form(&samples())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_cover_every_form_register_and_address_shape() {
        let samples = samples();
        for form in Form::ALL {
            assert!(samples.iter().any(|s| s.form == form), "{}", form.name());
        }
        // Every GPR appears as a data register, r1..r15 as base and as index.
        let mut data = [false; 16];
        let mut base = [false; 16];
        let mut index = [false; 16];
        for s in &samples {
            for op in &s.operands {
                match op {
                    OperandValue::Reg(r) if r.class() == crate::machinst::reg::RegClass::Int => {
                        data[usize::from(r.phys_num().unwrap_or(0))] = true
                    }
                    OperandValue::Mem(m) => {
                        if let Some(b) = m.base.and_then(|b| b.phys_num()) {
                            base[usize::from(b)] = true;
                        }
                        if let Some(x) = m.index.and_then(|x| x.phys_num()) {
                            index[usize::from(x)] = true;
                        }
                    }
                    _ => {}
                }
            }
        }
        assert!(data.iter().all(|&b| b));
        assert!(base[1..].iter().all(|&b| b) && !base[0]);
        assert!(index[1..].iter().all(|&b| b) && !index[0]);
        // Every sample is accepted by its constructor.
        for s in &samples {
            let built = Inst::from_operands(s.form, &s.operands);
            assert!(built.is_ok(), "{}: {:?}", s.form.name(), built);
        }
    }

    #[test]
    fn address_shapes_reach_both_ends_of_each_range() {
        for kind in [
            AddrKind::Dxb12,
            AddrKind::Dxb20,
            AddrKind::Db12,
            AddrKind::Db20,
        ] {
            let shapes = address_shapes(kind);
            let (min, max) = kind.disp_range();
            assert!(shapes.iter().any(|m| m.disp == min));
            assert!(shapes.iter().any(|m| m.disp == max));
            assert_eq!(shapes.iter().any(|m| m.index.is_some()), kind.has_index());
        }
        assert_eq!(immediates(-32768, 32767).first(), Some(&-32768));
        assert_eq!(immediates(0, 0xffff_ffff).last(), Some(&0xffff_ffff));
    }
}
