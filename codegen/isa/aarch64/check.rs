//! `isa-check` for aarch64: every declared form is encoded with sample
//! operands, the whole blob is disassembled by ONE run of GNU objdump, and
//! for every sample objdump's word and text must equal ours.
//!
//! Samples per form ([`samples`]), driven by the form's format tokens:
//! a rotation through all 32 registers of each register operand's
//! position (X0-X30 plus `xzr` or, in `|SP` positions, `sp`; V0-V31) and
//! every condition code; each register in each position with the other
//! operands chosen so that the instruction is valid; all registers equal
//! (the `cinc`/`ror` aliases) and all at number 31 (where the `mov`,
//! `cmp`, ... aliases start); each immediate at its limits and, for encoded immediates
//! (bitmask, `mov`, shift, extend, bitfield, FP), a list of values across
//! their encodings; every addressing form with offsets at their limits and
//! bases including `sp`, register offsets with every extend and shift;
//! labels on the instruction itself, after it and at the start of the
//! form's samples, and at the furthest distance each label field reaches
//! backward and forward; relocated symbols where the field allows one.
//!
//! A sample the constructor rejects because objdump would print another
//! form (a preferred alias) or because the Arm ARM calls it unpredictable
//! is skipped and counted; any other rejection is a mismatch.
//!
//! [`run_logical_immediate_check`] separately encodes every one of the
//! 5334 64-bit and 1302 32-bit logical immediates and compares them in one
//! objdump run.
//!
//! objdump runs as `aarch64-linux-gnu-objdump -D -z -b binary -m aarch64
//! --adjust-vma=0x10000000` on a raw file; `$AARCH64_OBJDUMP` overrides the
//! command. The blob is shown at [`LOAD_ADDRESS`] so that a label at the
//! full backward reach of a branch (128 MiB) still has an address: such
//! limit samples are patched for a label outside the blob, whose address
//! only the printer and objdump need. Other labels resolve to addresses in
//! the blob; a relocated field holds zero, which objdump shows as the
//! instruction's own address (its page for `adrp`).

use super::args::{Amode, IndexExtend, OperandValue};
use super::imm::{
    Bitfield, bitfield_width, decode_logical, encode_logical, extend, is_wide_immediate, movn, movz,
};
use super::inst::{Cc, Form, Inst, LabelUse};
use super::regs::{self, FPR_REGS, GPR_REGS, SP, XZR};
use crate::machinst::asm_sink::{Label, LabelUseKind, Target};
use crate::machinst::forms::{AsmError, OperandInfo, OperandInfoKind};
use crate::machinst::isa_check::{
    Bind, ByteColumn, CheckedIsa, Objdump, SampleLabels, check_every_form, check_samples,
    relocated_targets, sampled_operands,
};
pub use crate::machinst::isa_check::{IsaCheckError, IsaCheckReport};
use crate::machinst::reg::Reg;

/// aarch64 as the shared check sees it.
#[derive(Clone, Copy, Debug)]
pub struct Aarch64;

impl CheckedIsa for Aarch64 {
    type Inst = Inst;
    const NAME: &'static str = "aarch64";
    const OBJDUMP: Objdump = Objdump {
        env_override: "AARCH64_OBJDUMP",
        command: "aarch64-linux-gnu-objdump",
        args: &["-D", "-z", "-b", "binary", "-m", "aarch64"],
        hint: "install binutils for aarch64 (Debian: binutils-aarch64-linux-gnu) or set $AARCH64_OBJDUMP",
        load_address: LOAD_ADDRESS,
        bytes: ByteColumn::Words32,
    };
    /// A preferred alias or an unpredictable register combination.
    fn is_expected_rejection(e: &AsmError) -> bool {
        [
            "preferred alias",
            "prints as",
            "which objdump prints instead",
            "unpredictable",
        ]
        .iter()
        .any(|needle| e.message.contains(needle))
    }
}

/// The address objdump and the printer give the first byte of the blob
/// (4 KiB-aligned, so pages are the same as in the blob, and above the
/// furthest backward reach of any label field but `adrp`'s).
pub const LOAD_ADDRESS: u64 = 0x1000_0000;

/// One instruction to check; a label at the limit of its field is a
/// [`crate::machinst::isa_check::Sample::limit`].
pub type Sample = crate::machinst::isa_check::Sample<Aarch64>;

/// The label use of a label kind name.
fn label_use(kind: &str) -> Option<LabelUse> {
    match kind {
        "pcrel26" => Some(LabelUse::Pcrel26),
        "pcrel19" => Some(LabelUse::Pcrel19),
        "pcrel14" => Some(LabelUse::Pcrel14),
        "adr21" => Some(LabelUse::Adr21),
        "adrp21" => Some(LabelUse::Adrp21),
        _ => None,
    }
}

/// What a format token says about the operand it describes, for sampling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// A GPR; `true` if register 31 is `sp` here.
    Gpr(bool),
    /// A SIMD&FP register.
    Fpr,
    /// A condition; `true` when its inverse is encoded (no `al`/`nv`).
    Cond(bool),
    /// An immediate encoded as the token says.
    Imm(&'static str),
    /// A pc-relative target.
    Target,
    /// A memory operand of the addressing form named by the token.
    Mem(&'static str),
}

fn slot(token: &'static str, kind: &OperandInfoKind) -> Slot {
    match kind {
        OperandInfoKind::Reg { class: "fpr", .. } => Slot::Fpr,
        OperandInfoKind::Reg { .. } => Slot::Gpr(token.ends_with("|SP")),
        OperandInfoKind::Cond => Slot::Cond(token.starts_with('!')),
        OperandInfoKind::Target { .. } => Slot::Target,
        OperandInfoKind::Mem { .. } => Slot::Mem(token),
        _ => Slot::Imm(token.split('(').next().unwrap_or(token)),
    }
}

/// The registers a register slot rotates through.
fn rotation(slot: Slot) -> Vec<Reg> {
    match slot {
        Slot::Fpr => FPR_REGS.to_vec(),
        Slot::Gpr(sp) => {
            let mut regs = GPR_REGS[..31].to_vec();
            regs.push(if sp { SP } else { XZR });
            regs
        }
        _ => Vec::new(),
    }
}

/// Values at and around the limits of a plain immediate range.
fn limits(min: i64, max: i64, scale: u8) -> Vec<i64> {
    let s = i64::from(scale);
    let mut out: Vec<i64> = [
        min,
        min + s,
        -s,
        0,
        s,
        2 * s,
        7 * s,
        0x55 * s,
        max / 2 / s * s,
        max - s,
        max,
    ]
    .into_iter()
    .filter(|v| (min..=max).contains(v) && v % s == 0)
    .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Bitmask immediates across element sizes and rotations (at `width` bits).
fn bitmask_values(width: u32) -> Vec<i64> {
    let candidates: [u64; 14] = [
        0x1,
        0xff,
        0xffff,
        0xffff_ffff,
        0x5555_5555_5555_5555,
        0xaaaa_aaaa_aaaa_aaaa,
        0x8000_0000_0000_0000,
        0x7fff_ffff_ffff_ffff,
        0xffff_ffff_ffff_fffe,
        0x0f0f_0f0f_0f0f_0f0f,
        0x00ff_00ff_00ff_00ff,
        0x0000_ffff_0000_ffff,
        0xf000_0000_0000_000f,
        0x8000_0001_8000_0001,
    ];
    let mask = if width == 64 { u64::MAX } else { 0xffff_ffff };
    let mut out: Vec<i64> = candidates
        .iter()
        .map(|c| c & mask)
        .filter(|&c| encode_logical(c, width).is_some())
        .map(|c| c as i64)
        .collect();
    out.dedup();
    out
}

/// The operation size of a form (its first register's width) and the
/// width of its `Rm` register, which immediate encoders depend on.
#[derive(Clone, Copy, Debug)]
struct Widths {
    op: u32,
    rm: u32,
}

/// The sample values of an encoded immediate token.
fn encoded_values(enc: &str, widths: Widths, min: i64, max: i64, scale: u8) -> Vec<i64> {
    let bits = widths.op;
    let w = i64::from(bits);
    let mask = if bits == 64 { u64::MAX } else { 0xffff_ffff };
    let wide = [
        0u64,
        1,
        0xffff,
        0x1_0000,
        0xffff_0000,
        0x1234_0000_0000,
        0xffff_0000_0000_0000,
        0x8000_0000_0000_0000,
    ];
    match enc {
        "shift" | "lshift" => {
            let kinds = if enc == "lshift" { 4 } else { 3 };
            (0..kinds)
                .flat_map(|k| [0, 1, 13, w - 1].map(|a| k << 6 | a))
                .collect()
        }
        "ext" => (0..8)
            .flat_map(|o| (0..=4).map(move |a| o << 3 | a))
            .filter(|&v| extend("", "", v, bits, widths.rm).is_ok())
            .collect(),
        "bitmask" => bitmask_values(bits),
        "movbitmask" => bitmask_values(bits)
            .into_iter()
            .filter(|&v| !is_wide_immediate(v as u64, bits))
            .collect(),
        "movz" => wide
            .iter()
            .map(|&v| v as i64)
            .filter(|&v| movz("", "", v, bits).is_ok() && v as u64 & mask == v as u64)
            .collect(),
        "movn" => wide
            .iter()
            .map(|&v| (!v & mask) as i64)
            .filter(|&v| movn("", "", v, bits).is_ok())
            .collect(),
        "lslimm" => vec![1, 2, w / 2, w - 1],
        "fpimm" => {
            let values = [
                1.0f64, -1.0, 2.0, 0.125, 31.0, -31.0, 1.9375, 0.1328125, 3.0, -0.5,
            ];
            values
                .iter()
                .map(|&v| {
                    if bits == 32 {
                        i64::from((v as f32).to_bits())
                    } else {
                        v.to_bits() as i64
                    }
                })
                .collect()
        }
        _ => limits(min, max, scale),
    }
}

/// `(lsb, width)` pairs of a bitfield alias at `bits` bits that the alias can encode.
fn bitfield_pairs(kind: Bitfield, bits: u32) -> Vec<(i64, i64)> {
    let w = i64::from(bits);
    let mut out = Vec::new();
    for lsb in [0, 1, 4, w / 2, w - 2, w - 1] {
        for width in [1, 8, 16, w / 2 - 1, w / 2, w - lsb - 1, w - lsb] {
            if bitfield_width("", "", kind, lsb, width, bits).is_ok()
                && !out.contains(&(lsb, width))
            {
                out.push((lsb, width));
            }
        }
    }
    out
}

/// Memory operands of an addressing-form token, for an access of `size`
/// bytes (per register of a pair), with base and index registers rotated by `k`.
fn memory_shapes(token: &str, size: i32, k: usize) -> Vec<Amode> {
    let base = |i: usize| {
        let list: Vec<Reg> = rotation(Slot::Gpr(true));
        list[(k + 5 * i) % list.len()]
    };
    let index = |i: usize| {
        let list: Vec<Reg> = rotation(Slot::Gpr(false));
        list[(k + 11 * i + 3) % list.len()]
    };
    match token {
        "[Rn,imm12]" => [0, size, 8 * size, 2048 * size, 4095 * size]
            .iter()
            .enumerate()
            .map(|(i, &o)| Amode::offset(base(i), o))
            .collect(),
        "[Rn,imm9]" | "[Rn,imm9]!" | "[Rn],imm9" => [-256, -1, 0, 1, 8, 255]
            .iter()
            .enumerate()
            .map(|(i, &o)| match token {
                "[Rn,imm9]" => Amode::offset(base(i), o),
                "[Rn,imm9]!" => Amode::pre(base(i), o),
                _ => Amode::post(base(i), o),
            })
            .collect(),
        "[Rn,imm7]" | "[Rn,imm7]!" | "[Rn],imm7" => [-64 * size, -size, 0, size, 63 * size]
            .iter()
            .enumerate()
            .map(|(i, &o)| match token {
                "[Rn,imm7]" => Amode::offset(base(i), o),
                "[Rn,imm7]!" => Amode::pre(base(i), o),
                _ => Amode::post(base(i), o),
            })
            .collect(),
        "[Rn,Rm,option,S]" => {
            let extends = [
                IndexExtend::Lsl,
                IndexExtend::Uxtw,
                IndexExtend::Sxtw,
                IndexExtend::Sxtx,
            ];
            let mut out = Vec::new();
            for (i, e) in extends.into_iter().enumerate() {
                for shifted in [false, true] {
                    out.push(Amode::reg_offset(
                        base(2 * i + usize::from(shifted)),
                        index(2 * i + usize::from(shifted)),
                        e,
                        shifted,
                    ));
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// Builds the sample operand lists of every form.
pub fn samples() -> Vec<Sample> {
    let mut labels = SampleLabels::default();
    let mut out = Vec::new();
    for form in Form::ALL {
        let Some(mut sampler) = FormSampler::new(form, &mut labels, &mut out) else {
            continue; // impossible for generated forms; the check reports "no samples"
        };
        sampler.rotation();
        sampler.every_register();
        sampler.equal_registers();
        sampler.register_31();
        for i in 0..sampler.slots.len() {
            sampler.operand_variants(i);
        }
        sampler.bitfields();
    }
    out
}

/// Builds the samples of one form.
struct FormSampler<'a> {
    form: Form,
    ops: Vec<&'static OperandInfo>,
    slots: Vec<Slot>,
    widths: Widths,
    /// A label bound before the form's first sample.
    form_start: Label,
    first: bool,
    labels: &'a mut SampleLabels,
    out: &'a mut Vec<Sample>,
}

impl<'a> FormSampler<'a> {
    fn new(form: Form, labels: &'a mut SampleLabels, out: &'a mut Vec<Sample>) -> Option<Self> {
        let ops = sampled_operands(form.info());
        let tokens: Vec<&'static str> = form.info().format.split_whitespace().collect();
        if tokens.len() != ops.len() {
            return None;
        }
        let slots = tokens
            .iter()
            .zip(&ops)
            .map(|(t, o)| slot(t, &o.kind))
            .collect();
        let reg_width = |o: &OperandInfo| match o.kind {
            OperandInfoKind::Reg { width, .. } => Some(u32::from(width)),
            _ => None,
        };
        let widths = Widths {
            op: ops.iter().find_map(|o| reg_width(o)).unwrap_or(64),
            rm: tokens
                .iter()
                .zip(&ops)
                .find(|(t, _)| **t == "Rm")
                .and_then(|(_, o)| reg_width(o))
                .unwrap_or(64),
        };
        let form_start = labels.new_label();
        Some(Self {
            form,
            ops,
            slots,
            widths,
            form_start,
            first: true,
            labels,
            out,
        })
    }

    /// The value of every operand at rotation step `k`; labels it needs go into `ls`.
    fn values(&mut self, k: usize, ls: &mut Vec<(Label, Bind)>) -> Vec<OperandValue> {
        let mut values = Vec::with_capacity(self.ops.len());
        for (i, slot) in self.slots.iter().enumerate() {
            values.push(match (*slot, self.ops[i].kind) {
                (Slot::Gpr(_) | Slot::Fpr, _) => {
                    let list = rotation(*slot);
                    OperandValue::Reg(list[(k + 7 * i) % list.len()])
                }
                (Slot::Cond(inverted), _) => {
                    let n = if inverted { 14 } else { 16 };
                    OperandValue::Cond(Cc::ALL[k % n])
                }
                (Slot::Target, _) => {
                    let label = match k % 3 {
                        0 | 1 => {
                            let l = self.labels.new_label();
                            ls.push((
                                l,
                                if k % 3 == 0 {
                                    Bind::Before
                                } else {
                                    Bind::After
                                },
                            ));
                            l
                        }
                        _ => self.form_start,
                    };
                    OperandValue::Target(Target::Label(label))
                }
                (Slot::Mem(token), OperandInfoKind::Mem { width }) => {
                    let shapes = memory_shapes(token, access_size(token, width), k);
                    match shapes.get(k % shapes.len().max(1)) {
                        Some(shape) => OperandValue::Mem(*shape),
                        None => OperandValue::Imm(0),
                    }
                }
                (
                    Slot::Imm(enc),
                    OperandInfoKind::Imm {
                        min, max, scale, ..
                    },
                ) => {
                    let values = encoded_values(enc, self.widths, min, max, scale);
                    OperandValue::Imm(values.get(k % values.len().max(1)).copied().unwrap_or(0))
                }
                _ => OperandValue::Imm(0),
            });
        }
        fix_bitfield(&self.slots, self.widths.op, values)
    }

    fn push(
        &mut self,
        operands: Vec<OperandValue>,
        mut ls: Vec<(Label, Bind)>,
        limit: Option<(LabelUse, i64)>,
    ) {
        if self.first {
            ls.push((self.form_start, Bind::Before));
            self.first = false;
        }
        self.out.push(Sample {
            form: self.form,
            operands,
            labels: ls,
            limit,
        });
    }

    /// Step `k` with operand `i` replaced by `value`.
    fn push_with(&mut self, k: usize, i: usize, value: OperandValue) {
        let mut ls = Vec::new();
        let mut values = self.values(k, &mut ls);
        values[i] = value;
        self.push(values, ls, None);
    }

    /// 32 steps through registers, conditions, immediates and targets.
    fn rotation(&mut self) {
        let steps = if self.ops.is_empty() { 1 } else { 32 };
        for k in 0..steps {
            let mut ls = Vec::new();
            let values = self.values(k, &mut ls);
            self.push(values, ls, None);
        }
    }

    /// Every register in every register position, with the other operands
    /// from the first rotation step that makes a valid instruction (a
    /// rotation sample can be rejected for another operand's sake, e.g.
    /// `subs` into `xzr`, which is `cmp`).
    fn every_register(&mut self) {
        for i in 0..self.slots.len() {
            for reg in rotation(self.slots[i]) {
                let valid_step = (0..8).find(|&k| {
                    let mut values = self.values(k, &mut Vec::new());
                    values[i] = OperandValue::Reg(reg);
                    Inst::from_operands(self.form, &values).is_ok()
                });
                self.push_with(valid_step.unwrap_or(0), i, OperandValue::Reg(reg));
            }
        }
    }

    /// All registers of a class equal (`cinc`, `ror` and the unpredictable cases).
    fn equal_registers(&mut self) {
        let regs = self
            .slots
            .iter()
            .filter(|s| matches!(s, Slot::Gpr(_) | Slot::Fpr))
            .count();
        if regs < 2 {
            return;
        }
        let mut ls = Vec::new();
        let mut values = self.values(1, &mut ls);
        for (i, s) in self.slots.iter().enumerate() {
            match s {
                Slot::Gpr(_) => values[i] = OperandValue::Reg(regs::X5),
                Slot::Fpr => values[i] = OperandValue::Reg(regs::Q5),
                _ => {}
            }
        }
        self.push(values, ls, None);
    }

    /// Every register operand at number 31 (`sp` or the zero register,
    /// `v31`) with the other operands at their first sample value (an
    /// immediate's minimum): the corner where objdump's aliases start.
    fn register_31(&mut self) {
        let mut ls = Vec::new();
        let mut values = self.values(0, &mut ls);
        for (i, s) in self.slots.iter().enumerate() {
            if let Some(&last) = rotation(*s).last() {
                values[i] = OperandValue::Reg(last);
            }
        }
        self.push(values, ls, None);
    }

    /// Operand `i`'s immediate values, addressing-form shapes, or relocated
    /// symbols and labels at the limits of its field.
    fn operand_variants(&mut self, i: usize) {
        if width_slot(&self.slots).is_some_and(|w| i == w || i + 1 == w) {
            return; // the `(lsb, width)` pairs are sampled together by `bitfields`
        }
        match (self.slots[i], self.ops[i].kind) {
            (
                Slot::Imm(enc),
                OperandInfoKind::Imm {
                    min, max, scale, ..
                },
            ) => {
                for v in encoded_values(enc, self.widths, min, max, scale) {
                    self.push_with(0, i, OperandValue::Imm(v));
                }
            }
            (Slot::Mem(token), OperandInfoKind::Mem { width }) => {
                for k in 0..4 {
                    for shape in memory_shapes(token, access_size(token, width), 7 * k) {
                        self.push_with(0, i, OperandValue::Mem(shape));
                    }
                }
            }
            (
                Slot::Target,
                OperandInfoKind::Target {
                    label_kind,
                    allows_reloc,
                },
            ) => {
                if allows_reloc {
                    for symbol in relocated_targets() {
                        self.push_with(0, i, OperandValue::Target(symbol));
                    }
                }
                // The furthest reach each way; an `adrp` reaches ±4 GiB,
                // beyond 32-bit addresses: its page offset's top bits instead.
                let Some(kind) = label_use(label_kind) else {
                    return;
                };
                let distances = match kind {
                    LabelUse::Adrp21 => [-(LOAD_ADDRESS as i64), 0xe000_0000],
                    _ => [-kind.max_backward(), kind.max_forward()],
                };
                for distance in distances {
                    let label = self.labels.new_label();
                    let mut ls = vec![(label, Bind::After)];
                    let mut values = self.values(0, &mut ls);
                    values[i] = OperandValue::Target(Target::Label(label));
                    self.push(values, ls, Some((kind, distance)));
                }
            }
            _ => {}
        }
    }

    /// Every encodable `(lsb, width)` of a bitfield alias.
    fn bitfields(&mut self) {
        let Some(w) = width_slot(&self.slots) else {
            return;
        };
        let Slot::Imm(enc) = self.slots[w] else {
            return;
        };
        for (lsb, width) in bitfield_pairs(bitfield_kind(enc), self.widths.op) {
            let mut ls = Vec::new();
            let mut values = self.values(3, &mut ls);
            values[w - 1] = OperandValue::Imm(lsb);
            values[w] = OperandValue::Imm(width);
            self.push(values, ls, None);
        }
    }
}

/// The bytes of one access of a memory token's operand of `width` bits.
fn access_size(token: &str, width: u16) -> i32 {
    i32::from(if token.contains("imm7") {
        width / 16
    } else {
        width / 8
    })
}

/// The position of a bitfield alias's `<width>` operand (its `<lsb>` is the one before).
fn width_slot(slots: &[Slot]) -> Option<usize> {
    slots
        .iter()
        .position(|s| matches!(s, Slot::Imm(e) if e.ends_with("width")))
        .filter(|&w| w >= 1)
}

fn bitfield_kind(enc: &str) -> Bitfield {
    match enc {
        "sbfxwidth" => Bitfield::Sbfx,
        "ubfizwidth" => Bitfield::Ubfiz,
        "sbfizwidth" => Bitfield::Sbfiz,
        _ => Bitfield::Ubfx,
    }
}

/// Replaces a rotated `(lsb, width)` of a bitfield alias with a valid pair.
fn fix_bitfield(slots: &[Slot], op_bits: u32, mut values: Vec<OperandValue>) -> Vec<OperandValue> {
    let Some(w) = width_slot(slots) else {
        return values;
    };
    if let (Slot::Imm(enc), OperandValue::Imm(lsb)) = (slots[w], values[w - 1]) {
        let pairs = bitfield_pairs(bitfield_kind(enc), op_bits);
        let pick = pairs.iter().find(|p| p.0 == lsb).or(pairs.first());
        if let Some(&(lsb, width)) = pick {
            values[w - 1] = OperandValue::Imm(lsb);
            values[w] = OperandValue::Imm(width);
        }
    }
    values
}

/// Checks every form against objdump and reports counts and mismatches.
/// A form none of whose samples could be compared counts as a mismatch.
pub fn run_isa_check() -> Result<IsaCheckReport, IsaCheckError> {
    check_every_form(&samples())
}

/// Every logical immediate of 32 and 64 bits (the values the 2^13
/// `N:immr:imms` encodings decode to), as `and` samples.
pub fn logical_immediate_samples() -> Vec<Sample> {
    let mut out = Vec::new();
    for (form, width) in [(Form::AndXXBimm, 64), (Form::AndWWBimm, 32)] {
        let values: std::collections::BTreeSet<u64> = (0..1u32 << 13)
            .filter(|f| width == 64 || f >> 12 == 0)
            .filter_map(|f| decode_logical(f, width))
            .collect();
        for (k, v) in values.into_iter().enumerate() {
            let dst = GPR_REGS[k % 31];
            let src = GPR_REGS[(k + 13) % 31];
            out.push(Sample {
                form,
                operands: vec![
                    OperandValue::Reg(dst),
                    OperandValue::Reg(src),
                    OperandValue::Imm(v as i64),
                ],
                labels: Vec::new(),
                limit: None,
            });
        }
    }
    out
}

/// Encodes every logical immediate (5334 of 64 bits, 1302 of 32 bits) and
/// compares each with objdump in one run: the value objdump decodes from
/// our `N:immr:imms` must be the value we encoded.
pub fn run_logical_immediate_check() -> Result<IsaCheckReport, IsaCheckError> {
    check_samples("aarch64 logical immediates", &logical_immediate_samples())
}
