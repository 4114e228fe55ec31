//! The ISA-independent half of `isa-check`: encode every sample of an ISA
//! into one blob, run the target's GNU objdump ONCE over it, and compare,
//! sample by sample, its bytes and text with ours.
//!
//! Each ISA's `check` module describes itself as a [`CheckedIsa`] (its
//! generated instruction type, which builds, encodes and prints through
//! [`AsmInst`], and which objdump to run) and builds the [`Sample`]s: every form with operands that cover its
//! registers, addressing shapes and immediate limits. This module encodes
//! them ([`SampleLabels`] hands out the labels they refer to, bound before
//! or after their instruction: [`Bind`]), runs the disassembler
//! ([`Objdump::disassemble`]), parses its `address: bytes <tab> text` lines
//! and reports every difference in an [`IsaCheckReport`] whose last line
//! is `ISA: N forms, M samples, K mismatches` ([`check_every_form`],
//! [`check_samples`]).
//!
//! Invariants: samples are encoded in order, one after the other, and
//! every label a sample names is bound exactly once (also when the sample
//! cannot be built or encoded), so the blob always resolves. A sample the
//! ISA calls an expected rejection ([`CheckedIsa::is_expected_rejection`])
//! is counted as skipped; any other sample that cannot be built or encoded
//! is a mismatch.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::asm_print::PrintContext;
use super::asm_sink::{AsmSink, Label, LabelUseKind, SymbolRef, Target, VecAsmSink};
use super::forms::{AsmError, AsmInst, FormInfo, OperandInfo, OperandInfoKind};

/// One sample that did not match objdump (or could not be built).
#[derive(Clone, Debug)]
pub struct Mismatch {
    /// The form.
    pub form: &'static str,
    /// The operand values, as debug text.
    pub operands: String,
    /// Our bytes, as objdump shows them.
    pub our_bytes: String,
    /// Our text.
    pub our_text: String,
    /// objdump's bytes and text at the same address (or what went wrong).
    pub objdump: String,
    /// How the bytes are shown (their column's width).
    pub column: ByteColumn,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mismatch: {} {}\n  ours:    {:<width$} {}\n  objdump: {}",
            self.form,
            self.operands,
            self.our_bytes,
            self.our_text,
            self.objdump,
            width = self.column.width()
        )
    }
}

/// The result of an encoding check.
#[derive(Clone, Debug)]
pub struct IsaCheckReport {
    /// ISA name as printed (`s390x`).
    pub isa: &'static str,
    /// Number of forms checked.
    pub forms: usize,
    /// Number of samples (instructions) checked: compared with objdump, or
    /// failed to build or encode.
    pub samples: usize,
    /// Samples rejected at construction as expected (an aarch64 preferred
    /// alias or unpredictable combination); not counted in `samples`.
    pub skipped: usize,
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
    ObjdumpMissing {
        /// The command tried.
        command: String,
        /// What to install, or which variable to set.
        hint: &'static str,
    },
    /// objdump failed, a file could not be written, or labels did not resolve.
    Io(String),
}

impl fmt::Display for IsaCheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IsaCheckError::ObjdumpMissing { command, hint } => {
                write!(f, "`{command}` not found: {hint}")
            }
            IsaCheckError::Io(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for IsaCheckError {}

/// How objdump shows an instruction's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteColumn {
    /// Every byte in hex, separated by spaces (`48 01 d8`): x86-64, s390x.
    Bytes,
    /// Every 32-bit little-endian word as one hex number (`8b020020`): aarch64.
    Words32,
}

impl ByteColumn {
    /// `bytes` as objdump shows them.
    pub fn show(self, bytes: &[u8]) -> String {
        match self {
            ByteColumn::Bytes => hex(bytes),
            ByteColumn::Words32 => bytes
                .chunks(4)
                .map(|w| {
                    let word = w.iter().rev().fold(0u32, |acc, b| acc << 8 | u32::from(*b));
                    format!("{word:08x}")
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// The width of the column in a [`Mismatch`]'s two lines.
    fn width(self) -> usize {
        match self {
            ByteColumn::Bytes => 32,
            ByteColumn::Words32 => 10,
        }
    }
}

/// How to run one ISA's disassembler on a raw binary file.
#[derive(Clone, Copy, Debug)]
pub struct Objdump {
    /// Environment variable that overrides the command.
    pub env_override: &'static str,
    /// The command when not overridden.
    pub command: &'static str,
    /// Arguments before the file name.
    pub args: &'static [&'static str],
    /// What to install when the command is missing.
    pub hint: &'static str,
    /// The address objdump and the printer give the blob's first byte
    /// (passed as `--adjust-vma` when not 0).
    pub load_address: u64,
    /// How objdump shows an instruction's bytes.
    pub bytes: ByteColumn,
}

/// objdump's disassembly: address -> (bytes as shown, text).
pub type Disassembly = BTreeMap<u64, (String, String)>;

/// Distinguishes the temporary files of concurrent runs in one process.
static RUN: AtomicUsize = AtomicUsize::new(0);

impl Objdump {
    /// The command to run (the override variable, else the default).
    pub fn command(&self) -> String {
        std::env::var(self.env_override).unwrap_or_else(|_| self.command.to_string())
    }

    /// Runs the disassembler once on `bytes`.
    pub fn disassemble(&self, bytes: &[u8]) -> Result<Disassembly, IsaCheckError> {
        let cmd = self.command();
        let path = std::env::temp_dir().join(format!(
            "lathe-isa-check-{}-{}.bin",
            std::process::id(),
            RUN.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, bytes)
            .map_err(|e| IsaCheckError::Io(format!("{}: {e}", path.display())))?;
        let mut command = Command::new(&cmd);
        command.args(self.args);
        if self.load_address != 0 {
            command.arg(format!("--adjust-vma={:#x}", self.load_address));
        }
        let output = command.arg(&path).output();
        let _ = std::fs::remove_file(&path);
        let output = match output {
            Ok(o) => o,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(IsaCheckError::ObjdumpMissing {
                    command: cmd,
                    hint: self.hint,
                });
            }
            Err(e) => return Err(IsaCheckError::Io(format!("{cmd}: {e}"))),
        };
        if !output.status.success() {
            return Err(IsaCheckError::Io(format!(
                "{cmd} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            )));
        }
        Ok(parse(&String::from_utf8_lossy(&output.stdout)))
    }
}

/// Parses objdump's `  addr:\tbytes \ttext` lines; other lines are skipped.
pub fn parse(output: &str) -> Disassembly {
    let mut lines = BTreeMap::new();
    for line in output.lines() {
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
    lines
}

/// Bytes as objdump shows them for byte-oriented ISAs: lowercase hex
/// pairs separated by spaces.
pub fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the check needs to know about one ISA beyond its generated
/// instruction type.
pub trait CheckedIsa {
    /// The generated instruction type.
    type Inst: AsmInst;
    /// The ISA's name in the report (`x86_64`).
    const NAME: &'static str;
    /// The disassembler to compare with.
    const OBJDUMP: Objdump;
    /// Whether a construction or encoding error is expected for a sample
    /// (counted as skipped, not as a mismatch). None is, unless the ISA says so.
    fn is_expected_rejection(error: &AsmError) -> bool {
        let _ = error;
        false
    }
}

/// The form type of a checked ISA.
pub type FormOf<I> = <<I as CheckedIsa>::Inst as AsmInst>::Form;
/// The operand value type of a checked ISA.
pub type OperandOf<I> = <<I as CheckedIsa>::Inst as AsmInst>::Operand;
/// The label field kinds of a checked ISA.
pub type LabelUseOf<I> = <<I as CheckedIsa>::Inst as AsmInst>::LabelUse;

/// Where a sample's label is bound relative to its instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bind {
    /// At the instruction's first byte (a reference to itself).
    Before,
    /// Right after the instruction (a forward reference).
    After,
}

impl Bind {
    /// `Before` on even rotation steps, `After` on odd ones.
    pub fn alternating(step: usize) -> Bind {
        if step % 2 == 0 {
            Bind::Before
        } else {
            Bind::After
        }
    }
}

/// One instruction to check.
pub struct Sample<I: CheckedIsa> {
    /// The form.
    pub form: FormOf<I>,
    /// Its operand values.
    pub operands: Vec<OperandOf<I>>,
    /// The labels its operands name, and where each is bound.
    pub labels: Vec<(Label, Bind)>,
    /// For a label at the limit of its field: the field kind and the
    /// distance from the instruction, patched in after encoding (the label
    /// itself is bound after the instruction only so that the blob
    /// resolves; it must be the sample's first label).
    pub limit: Option<(LabelUseOf<I>, i64)>,
}

impl<I: CheckedIsa> Sample<I> {
    /// A sample of `form` whose operands name `labels`.
    pub fn new(form: FormOf<I>, operands: Vec<OperandOf<I>>, labels: Vec<(Label, Bind)>) -> Self {
        Self {
            form,
            operands,
            labels,
            limit: None,
        }
    }
}

impl<I: CheckedIsa> fmt::Debug for Sample<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sample")
            .field("form", &self.form)
            .field("operands", &self.operands)
            .field("labels", &self.labels)
            .field("limit", &self.limit)
            .finish()
    }
}

/// Hands out the labels samples refer to, in order.
#[derive(Debug, Default)]
pub struct SampleLabels {
    next: u32,
}

impl SampleLabels {
    /// A fresh label.
    pub fn new_label(&mut self) -> Label {
        let l = Label(self.next);
        self.next += 1;
        l
    }

    /// A fresh label bound as `bind` says, recorded in `labels`, as a target.
    pub fn new_target(&mut self, bind: Bind, labels: &mut Vec<(Label, Bind)>) -> Target {
        let l = self.new_label();
        labels.push((l, bind));
        Target::Label(l)
    }
}

/// The operands of a form that take a value (every one but literal text),
/// in assembly order: the operand list of its samples.
pub fn sampled_operands(info: &'static FormInfo) -> Vec<&'static OperandInfo> {
    info.operands
        .iter()
        .filter(|o| !matches!(o.kind, OperandInfoKind::Literal(_)))
        .collect()
}

/// The relocated symbols every symbol-capable target operand is sampled
/// with: one symbol, with a zero, a positive and a negative addend.
pub fn relocated_targets() -> [Target; 3] {
    [0, 0x10, -0x20].map(|addend| Target::Symbol {
        symbol: SymbolRef(2),
        addend,
    })
}

/// One placed sample: its index, its address range and its instruction.
struct Placed<T> {
    sample: usize,
    start: u64,
    end: u64,
    inst: T,
}

/// The encoded samples.
struct Encoded<T> {
    blob: Vec<u8>,
    placed: Vec<Placed<T>>,
    /// Address of every label, by label index.
    addresses: Vec<u64>,
    /// Samples that could not be built or encoded.
    failures: Vec<Mismatch>,
    /// Samples rejected as expected.
    skipped: usize,
}

fn failure<I: CheckedIsa>(sample: &Sample<I>, e: &AsmError) -> Mismatch {
    Mismatch {
        form: I::Inst::form_name(sample.form),
        operands: format!("{:?}", sample.operands),
        our_bytes: String::new(),
        our_text: String::new(),
        objdump: format!("(not encoded: {e})"),
        column: I::OBJDUMP.bytes,
    }
}

/// Encodes every sample, one after the other, at [`Objdump::load_address`];
/// patches the limit samples for their far labels (whose field must start
/// at the instruction's first byte, as aarch64's do).
fn encode_all<I: CheckedIsa>(samples: &[Sample<I>]) -> Result<Encoded<I::Inst>, IsaCheckError> {
    let load = I::OBJDUMP.load_address;
    let mut sink = VecAsmSink::<LabelUseOf<I>>::new();
    let max_label = samples
        .iter()
        .flat_map(|s| s.labels.iter().map(|(l, _)| l.0 + 1))
        .max()
        .unwrap_or(0);
    for _ in 0..max_label {
        sink.new_label();
    }
    let bind = |sink: &mut VecAsmSink<LabelUseOf<I>>, sample: &Sample<I>, when: Bind| {
        for (l, b) in &sample.labels {
            if *b == when {
                sink.bind_label(*l);
            }
        }
    };
    let mut placed = Vec::new();
    let mut failures = Vec::new();
    let mut skipped = 0;
    for (n, sample) in samples.iter().enumerate() {
        bind(&mut sink, sample, Bind::Before);
        let start = sink.cur_offset();
        let result = I::Inst::from_operands(sample.form, &sample.operands)
            .and_then(|inst| inst.encode(&mut sink).map(|()| inst));
        match result {
            Ok(inst) => placed.push(Placed {
                sample: n,
                start: u64::from(start) + load,
                end: u64::from(sink.cur_offset()) + load,
                inst,
            }),
            Err(e) => {
                sink.truncate(start);
                if I::is_expected_rejection(&e) {
                    skipped += 1;
                } else {
                    failures.push(failure(sample, &e));
                }
            }
        }
        bind(&mut sink, sample, Bind::After);
    }
    let code = sink.finish().map_err(|errors| {
        let msgs: Vec<_> = errors.iter().map(ToString::to_string).collect();
        IsaCheckError::Io(format!("labels did not resolve: {}", msgs.join("; ")))
    })?;
    let mut enc = Encoded {
        blob: code.bytes,
        placed,
        addresses: code
            .label_offsets
            .iter()
            .map(|&o| u64::from(o) + load)
            .collect(),
        failures,
        skipped,
    };
    patch_limits(samples, &mut enc)?;
    Ok(enc)
}

/// Re-patches the limit samples for labels at the far ends of their
/// fields (outside the blob: only the printer and objdump see them).
fn patch_limits<I: CheckedIsa>(
    samples: &[Sample<I>],
    enc: &mut Encoded<I::Inst>,
) -> Result<(), IsaCheckError> {
    let load = I::OBJDUMP.load_address;
    for p in &enc.placed {
        let sample = &samples[p.sample];
        let Some((kind, distance)) = sample.limit else {
            continue;
        };
        let label = sample.labels.first().map(|(l, _)| l.0 as usize);
        let offset = (p.start - load) as usize;
        let size = kind.field_size() as usize;
        let target = p.start.wrapping_add_signed(distance);
        let patched = match (
            enc.blob.get_mut(offset..offset + size),
            u32::try_from(p.start),
            u32::try_from(target),
        ) {
            (Some(field), Ok(start), Ok(target)) => kind.patch(field, start, target),
            _ => false,
        };
        match label.and_then(|l| enc.addresses.get_mut(l)) {
            Some(address) if patched => *address = target,
            _ => {
                return Err(IsaCheckError::Io(format!(
                    "{}: a label at {distance:+} does not fit a {kind:?} field",
                    I::Inst::form_name(sample.form)
                )));
            }
        }
    }
    Ok(())
}

/// What comparing samples with objdump found.
struct Comparison<F> {
    /// Samples encoded and compared.
    compared: usize,
    /// Samples that could not be built or encoded.
    failed: usize,
    /// Forms with at least one compared sample.
    forms: BTreeSet<F>,
    /// Samples that could not be built or encoded, then every difference.
    mismatches: Vec<Mismatch>,
    /// Samples rejected as expected.
    skipped: usize,
}

impl<F> Comparison<F> {
    /// Samples checked: compared, or failed to build or encode.
    fn checked(&self) -> usize {
        self.compared + self.failed
    }
}

/// Encodes `samples`, runs objdump once and compares every instruction.
fn compare<I: CheckedIsa>(samples: &[Sample<I>]) -> Result<Comparison<FormOf<I>>, IsaCheckError> {
    let enc = encode_all(samples)?;
    let disassembly = I::OBJDUMP.disassemble(&enc.blob)?;
    let load = I::OBJDUMP.load_address;
    let failed = enc.failures.len();
    let mut mismatches = enc.failures;
    let mut forms = BTreeSet::new();
    for p in &enc.placed {
        let sample = &samples[p.sample];
        forms.insert(sample.form);
        let ours = p
            .inst
            .print(&PrintContext::at(p.start, p.end, &enc.addresses));
        let our_bytes = enc
            .blob
            .get((p.start - load) as usize..(p.end - load) as usize)
            .map_or_else(String::new, |b| I::OBJDUMP.bytes.show(b));
        let theirs = disassembly.get(&p.start);
        if theirs.is_some_and(|(b, t)| *b == our_bytes && *t == ours) {
            continue;
        }
        let width = I::OBJDUMP.bytes.width();
        mismatches.push(Mismatch {
            form: I::Inst::form_name(sample.form),
            operands: format!("{:?}", sample.operands),
            our_bytes,
            our_text: ours,
            objdump: theirs.map_or_else(
                || "(no instruction starts here)".to_string(),
                |(b, t)| format!("{b:<width$} {t}"),
            ),
            column: I::OBJDUMP.bytes,
        });
    }
    Ok(Comparison {
        compared: enc.placed.len(),
        failed,
        forms,
        mismatches,
        skipped: enc.skipped,
    })
}

/// Checks every declared form of `I` against objdump with `samples`. A form
/// none of whose samples could be compared counts as a mismatch.
pub fn check_every_form<I: CheckedIsa>(
    samples: &[Sample<I>],
) -> Result<IsaCheckReport, IsaCheckError> {
    let mut result = compare(samples)?;
    for &form in I::Inst::all_forms() {
        if !result.forms.contains(&form) {
            result.mismatches.push(Mismatch {
                form: I::Inst::form_name(form),
                operands: String::new(),
                our_bytes: String::new(),
                our_text: String::new(),
                objdump: "(no sample of this form could be encoded)".to_string(),
                column: I::OBJDUMP.bytes,
            });
        }
    }
    Ok(IsaCheckReport {
        isa: I::NAME,
        forms: I::Inst::all_forms().len(),
        samples: result.checked(),
        skipped: result.skipped,
        mismatches: result.mismatches,
    })
}

/// Checks `samples` against objdump; the report, named `name`, counts the
/// forms that had a sample compared.
pub fn check_samples<I: CheckedIsa>(
    name: &'static str,
    samples: &[Sample<I>],
) -> Result<IsaCheckReport, IsaCheckError> {
    let result = compare(samples)?;
    Ok(IsaCheckReport {
        isa: name,
        forms: result.forms.len(),
        samples: result.checked(),
        skipped: result.skipped,
        mismatches: result.mismatches,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machinst::asm_sink::LabelUseKind;

    #[test]
    fn parses_objdump_lines() {
        let out = "\nfile format binary\n\n0000000000000000 <.data>:\n   0:\tb9 04 00 12       \tlgr\t%r1,%r2\n   4:\t07 fe             \tbr\t%r14\n";
        let d = parse(out);
        assert_eq!(d.len(), 2);
        assert_eq!(d[&4], ("07 fe".to_string(), "br\t%r14".to_string()));
    }

    #[test]
    fn shows_bytes_and_words_as_objdump_does() {
        let bytes = [0x1f, 0x20, 0x03, 0xd5];
        assert_eq!(ByteColumn::Bytes.show(&bytes), "1f 20 03 d5");
        assert_eq!(ByteColumn::Words32.show(&bytes), "d503201f");
        let m = |column| Mismatch {
            form: "f",
            operands: "[]".to_string(),
            our_bytes: "ab".to_string(),
            our_text: "nop".to_string(),
            objdump: "cd nop".to_string(),
            column,
        };
        assert_eq!(
            m(ByteColumn::Words32).to_string(),
            "mismatch: f []\n  ours:    ab         nop\n  objdump: cd nop"
        );
        assert_eq!(
            m(ByteColumn::Bytes).to_string().lines().nth(1),
            Some(format!("  ours:    {:<32} nop", "ab").as_str())
        );
        let report = IsaCheckReport {
            isa: "toy",
            forms: 3,
            samples: 3,
            skipped: 0,
            mismatches: vec![m(ByteColumn::Bytes)],
        };
        assert!(
            report
                .to_string()
                .ends_with("toy: 3 forms, 3 samples, 1 mismatches")
        );
    }

    #[test]
    fn a_missing_disassembler_is_reported_as_such() {
        let tool = Objdump {
            env_override: "LATHE_TEST_NO_SUCH_OBJDUMP",
            command: "lathe-no-such-objdump",
            args: &[],
            hint: "install it",
            load_address: 0,
            bytes: ByteColumn::Bytes,
        };
        match tool.disassemble(&[0]) {
            Err(e @ IsaCheckError::ObjdumpMissing { .. }) => {
                assert_eq!(
                    e.to_string(),
                    "`lathe-no-such-objdump` not found: install it"
                )
            }
            other => panic!("expected a missing tool, got {other:?}"),
        }
    }

    /// A one-byte toy ISA: form `n` encodes the byte `n`, after an 8-bit
    /// label field when it has a label operand; form 0 cannot be built and
    /// form 1 is an expected rejection.
    #[derive(Clone, Copy, Debug)]
    struct Toy;

    #[derive(Clone, Copy, Debug)]
    struct ToyLabel;

    impl LabelUseKind for ToyLabel {
        fn field_size(self) -> u32 {
            1
        }
        fn max_forward(self) -> i64 {
            127
        }
        fn max_backward(self) -> i64 {
            128
        }
        fn patch(self, field: &mut [u8], use_offset: u32, label_offset: u32) -> bool {
            let distance = i64::from(label_offset) - i64::from(use_offset);
            match i8::try_from(distance) {
                Ok(d) => {
                    field[0] = d as u8;
                    true
                }
                Err(_) => false,
            }
        }
    }

    /// A toy instruction: a byte, and the label its field refers to.
    #[derive(Debug)]
    struct ToyInst(u8, Option<Label>);

    impl AsmInst for ToyInst {
        type Form = u8;
        type Operand = Target;
        type LabelUse = ToyLabel;
        fn all_forms() -> &'static [u8] {
            &[0, 1, 2, 3]
        }
        fn form_name(form: u8) -> &'static str {
            ["zero", "one", "two", "three"][usize::from(form)]
        }
        fn from_operands(form: u8, operands: &[Target]) -> Result<Self, AsmError> {
            match (form, operands) {
                (0, _) => Err(AsmError::form("zero", "cannot be built")),
                (1, _) => Err(AsmError::form("one", "an expected rejection")),
                (_, [Target::Label(l)]) => Ok(ToyInst(form, Some(*l))),
                _ => Ok(ToyInst(form, None)),
            }
        }
        fn encode<S: AsmSink<LabelUse = ToyLabel>>(&self, sink: &mut S) -> Result<(), AsmError> {
            if let Some(l) = self.1 {
                let at = sink.cur_offset();
                sink.put1(0);
                sink.use_label_at_offset(at, l, ToyLabel);
            }
            sink.put1(self.0);
            Ok(())
        }
        fn print(&self, _: &PrintContext<'_>) -> String {
            format!("op{}", self.0)
        }
    }

    impl CheckedIsa for Toy {
        type Inst = ToyInst;
        const NAME: &'static str = "toy";
        const OBJDUMP: Objdump = Objdump {
            env_override: "LATHE_TEST_NO_SUCH_OBJDUMP",
            command: "lathe-no-such-objdump",
            args: &[],
            hint: "install it",
            load_address: 0x100,
            bytes: ByteColumn::Bytes,
        };
        fn is_expected_rejection(error: &AsmError) -> bool {
            error.message.contains("expected")
        }
    }

    #[test]
    fn encodes_in_order_binds_every_label_and_patches_limits() {
        let mut labels = SampleLabels::default();
        let mut ls = Vec::new();
        let before = labels.new_target(Bind::Before, &mut ls);
        let mut failed_ls = Vec::new();
        let unbuilt = labels.new_target(Bind::After, &mut failed_ls);
        let far = labels.new_label();
        let mut limit = Sample::<Toy>::new(2, vec![Target::Label(far)], vec![(far, Bind::After)]);
        limit.limit = Some((ToyLabel, -100));
        let samples = vec![
            Sample::<Toy>::new(3, vec![], vec![]),
            Sample::new(2, vec![before], ls),
            Sample::new(0, vec![unbuilt], failed_ls),
            Sample::new(1, vec![], vec![]),
            limit,
        ];
        let enc = encode_all(&samples).expect("labels resolve");
        assert_eq!(enc.blob, [3, 0, 2, 0x9c, 2]);
        assert_eq!(
            enc.placed
                .iter()
                .map(|p| (p.sample, p.start, p.end))
                .collect::<Vec<_>>(),
            [(0, 0x100, 0x101), (1, 0x101, 0x103), (4, 0x103, 0x105)]
        );
        assert_eq!(enc.addresses, [0x101, 0x103, 0x103 - 100]);
        assert_eq!(enc.skipped, 1);
        assert_eq!(enc.failures.len(), 1);
        assert_eq!(enc.failures[0].form, "zero");
        assert_eq!(
            enc.failures[0].objdump,
            "(not encoded: `zero`: cannot be built)"
        );
        assert!(matches!(
            check_every_form(&samples),
            Err(IsaCheckError::ObjdumpMissing { .. })
        ));
    }

    #[test]
    fn a_limit_out_of_reach_is_an_error() {
        let mut labels = SampleLabels::default();
        let far = labels.new_label();
        let mut limit = Sample::<Toy>::new(2, vec![Target::Label(far)], vec![(far, Bind::After)]);
        limit.limit = Some((ToyLabel, 1000));
        match encode_all(&[limit]) {
            Err(e) => assert_eq!(
                e.to_string(),
                "two: a label at +1000 does not fit a ToyLabel field"
            ),
            Ok(_) => panic!("a distance of 1000 does not fit 8 bits"),
        }
    }
}
