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

use std::fmt;
use std::io;
use std::process::Command;

use super::args::{Amode, OperandValue, Scale};
use super::inst::{Cc, Form, Inst, LabelUse};
use super::print::PrintContext;
use super::regs::{self, AH, BH, CH, DH};
use crate::machinst::asm_sink::{AsmSink, Label, SymbolRef, Target, VecAsmSink};
use crate::machinst::forms::{AsmError, OperandInfoKind};
use crate::machinst::reg::Reg;

/// One sample that did not match objdump (or could not be built).
#[derive(Clone, Debug)]
pub struct Mismatch {
    /// The form.
    pub form: &'static str,
    /// The operand values, as debug text.
    pub operands: String,
    /// Our bytes, hex.
    pub our_bytes: String,
    /// Our text.
    pub our_text: String,
    /// objdump's bytes and text at the same address (or what went wrong).
    pub objdump: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mismatch: {} {}\n  ours:    {:<32} {}\n  objdump: {}",
            self.form, self.operands, self.our_bytes, self.our_text, self.objdump
        )
    }
}

/// The result of an encoding check.
#[derive(Clone, Debug)]
pub struct IsaCheckReport {
    /// ISA name as printed (`x86_64`).
    pub isa: &'static str,
    /// Number of forms checked.
    pub forms: usize,
    /// Number of samples (instructions) checked.
    pub samples: usize,
    /// Every mismatch.
    pub mismatches: Vec<Mismatch>,
}

impl fmt::Display for IsaCheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for m in &self.mismatches {
            writeln!(f, "{m}")?;
        }
        write!(
            f,
            "{}: {} forms, {} samples, {} mismatches",
            self.isa,
            self.forms,
            self.samples,
            self.mismatches.len()
        )
    }
}

/// Why the check could not run.
#[derive(Debug)]
pub enum IsaCheckError {
    /// objdump could not be started.
    ObjdumpMissing(String),
    /// objdump failed, or a file could not be written.
    Io(String),
}

impl fmt::Display for IsaCheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IsaCheckError::ObjdumpMissing(cmd) => {
                write!(
                    f,
                    "`{cmd}` not found: install GNU binutils (Debian: binutils) or set $OBJDUMP"
                )
            }
            IsaCheckError::Io(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for IsaCheckError {}

/// Where a sample's label is bound relative to its instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bind {
    /// At the instruction's first byte (a backward reference to itself).
    Before,
    /// Right after the instruction (a forward reference).
    After,
}

/// One instruction to check.
#[derive(Clone, Debug)]
pub struct Sample {
    /// The form.
    pub form: Form,
    /// Its operand values.
    pub operands: Vec<OperandValue>,
    labels: Vec<(Label, Bind)>,
}

/// Allocates labels as samples ask for them.
struct Labels {
    next: u32,
}

impl Labels {
    fn new_target(&mut self, bind: Bind, labels: &mut Vec<(Label, Bind)>) -> Target {
        let l = Label(self.next);
        self.next += 1;
        labels.push((l, bind));
        Target::Label(l)
    }
}

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
    let mut labels = Labels { next: 0 };
    let shapes = memory_shapes();
    let mut out = Vec::new();
    for form in Form::ALL {
        let info = form.info();
        let ops: Vec<_> = info
            .operands
            .iter()
            .filter(|o| !matches!(o.kind, OperandInfoKind::Literal(_)))
            .collect();
        // The value of operand `i` in rotation step `k`, with an override.
        let value = |i: usize,
                     k: usize,
                     special: Option<OperandValue>,
                     labels: &mut Labels,
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
                    let bind = if k % 2 == 0 {
                        Bind::Before
                    } else {
                        Bind::After
                    };
                    OperandValue::Target(labels.new_target(bind, ls))
                }
                OperandInfoKind::Cond => OperandValue::Cond(Cc::ALL[k % Cc::ALL.len()]),
                OperandInfoKind::Literal(_) => OperandValue::Imm(0),
            }
        };
        let mut push = |specials: &[(usize, OperandValue)],
                        k: usize,
                        labels: &mut Labels,
                        ls: Vec<(Label, Bind)>| {
            let mut ls = ls;
            let operands = (0..ops.len())
                .map(|i| {
                    let special = specials.iter().find(|(j, _)| *j == i).map(|(_, v)| *v);
                    value(i, k, special, labels, &mut ls)
                })
                .collect();
            out.push(Sample {
                form,
                operands,
                labels: ls,
            });
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
                    for addend in [0, 0x10, -0x20] {
                        let t = Target::Symbol {
                            symbol: SymbolRef(2),
                            addend,
                        };
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

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Encodes every sample into one blob; returns the blob, each sample's
/// `(start, end)` and instruction, and the samples that could not be built.
type Encoded = (
    Vec<u8>,
    Vec<(usize, u64, u64, Inst)>,
    Vec<u64>,
    Vec<Mismatch>,
);

fn encode_all(samples: &[Sample]) -> Result<Encoded, IsaCheckError> {
    let mut sink = VecAsmSink::<LabelUse>::new();
    let max_label = samples
        .iter()
        .flat_map(|s| s.labels.iter().map(|(l, _)| l.0 + 1))
        .max()
        .unwrap_or(0);
    for _ in 0..max_label {
        sink.new_label();
    }
    let mut placed = Vec::new();
    let mut failures = Vec::new();
    for (n, sample) in samples.iter().enumerate() {
        let built = Inst::from_operands(sample.form, &sample.operands);
        let inst = match built {
            Ok(inst) => inst,
            Err(e) => {
                failures.push(failure(sample, &e));
                continue;
            }
        };
        for (l, bind) in &sample.labels {
            if *bind == Bind::Before {
                sink.bind_label(*l);
            }
        }
        let start = sink.cur_offset();
        if let Err(e) = inst.encode(&mut sink) {
            failures.push(failure(sample, &e));
            sink.truncate(start);
            // Keep every label bound so the blob still resolves.
            for (l, bind) in &sample.labels {
                if *bind == Bind::After {
                    sink.bind_label(*l);
                }
            }
            continue;
        }
        let end = sink.cur_offset();
        for (l, bind) in &sample.labels {
            if *bind == Bind::After {
                sink.bind_label(*l);
            }
        }
        placed.push((n, u64::from(start), u64::from(end), inst));
    }
    let code = sink.finish().map_err(|errors| {
        let msgs: Vec<_> = errors.iter().map(ToString::to_string).collect();
        IsaCheckError::Io(format!("labels did not resolve: {}", msgs.join("; ")))
    })?;
    let addresses = code.label_offsets.iter().map(|&o| u64::from(o)).collect();
    Ok((code.bytes, placed, addresses, failures))
}

fn failure(sample: &Sample, e: &AsmError) -> Mismatch {
    Mismatch {
        form: sample.form.name(),
        operands: format!("{:?}", sample.operands),
        our_bytes: String::new(),
        our_text: String::new(),
        objdump: format!("(not encoded: {e})"),
    }
}

/// Runs objdump once on `bytes`; returns `address -> (bytes hex, text)`.
fn objdump(
    bytes: &[u8],
) -> Result<std::collections::BTreeMap<u64, (String, String)>, IsaCheckError> {
    let cmd = std::env::var("OBJDUMP").unwrap_or_else(|_| "objdump".to_string());
    let path = std::env::temp_dir().join(format!(
        "lathe-isa-check-x64-{}-{:?}.bin",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&path, bytes)
        .map_err(|e| IsaCheckError::Io(format!("{}: {e}", path.display())))?;
    let output = Command::new(&cmd)
        .args([
            "-D",
            "-z",
            "-b",
            "binary",
            "-m",
            "i386:x86-64",
            "-M",
            "intel",
            "--insn-width=16",
        ])
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    let output = match output {
        Ok(o) => o,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(IsaCheckError::ObjdumpMissing(cmd));
        }
        Err(e) => return Err(IsaCheckError::Io(format!("{cmd}: {e}"))),
    };
    if !output.status.success() {
        return Err(IsaCheckError::Io(format!(
            "{cmd} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let mut lines = std::collections::BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let mut parts = line.splitn(3, '\t');
        let (Some(addr), Some(bytes), Some(text)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Some(addr) = addr.trim().strip_suffix(':') else {
            continue;
        };
        let Ok(addr) = u64::from_str_radix(addr, 16) else {
            continue;
        };
        lines.insert(
            addr,
            (bytes.trim().to_string(), text.trim_end().to_string()),
        );
    }
    Ok(lines)
}

/// Checks every form against objdump and reports counts and mismatches.
pub fn run_isa_check() -> Result<IsaCheckReport, IsaCheckError> {
    let samples = samples();
    let (blob, placed, addresses, mut mismatches) = encode_all(&samples)?;
    let disassembly = objdump(&blob)?;
    for (n, start, end, inst) in &placed {
        let sample = &samples[*n];
        let ours = inst.print(&PrintContext::at(*start, *end, &addresses));
        let our_bytes = hex(&blob[*start as usize..*end as usize]);
        let theirs = disassembly.get(start);
        let matches = theirs.is_some_and(|(b, t)| *b == our_bytes && *t == ours);
        if !matches {
            mismatches.push(Mismatch {
                form: sample.form.name(),
                operands: format!("{:?}", sample.operands),
                our_bytes,
                our_text: ours,
                objdump: theirs.map_or_else(
                    || "(no instruction starts here)".to_string(),
                    |(b, t)| format!("{b:<32} {t}"),
                ),
            });
        }
    }
    Ok(IsaCheckReport {
        isa: "x86_64",
        forms: Form::ALL.len(),
        samples: samples.len(),
        mismatches,
    })
}
