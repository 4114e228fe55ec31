//! x86-64 encoding helpers the generated encoder calls: legacy prefixes,
//! REX, VEX, ModRM, SIB, displacements, and label/relocation fields.
//!
//! References: Intel SDM Vol. 2, sections 2.1 (instruction format), 2.2.1
//! (REX), 2.3 (VEX). Rules enforced here rather than by construction,
//! because they depend on the registers finally allocated:
//!
//! - `spl`, `bpl`, `sil`, `dil` need a REX prefix (without one, encodings
//!   4..7 of a byte operand mean `ah`, `ch`, `dh`, `bh`), and the high-byte
//!   registers cannot be encoded in any instruction with a REX prefix;
//! - a base of `rsp`/`r12` needs a SIB byte; a base of `rbp`/`r13` with no
//!   displacement needs a zero 8-bit displacement; `rsp` cannot be an index;
//! - a read-write register operand must have been allocated one register.
//!
//! Every failure is an [`AsmError`]; nothing panics.

use super::args::{Amode, CHECKS};
use super::inst::LabelUse;
use super::regs::{AH, BH, CH, DH, RSP, reg_enc};
use crate::machinst::asm_sink::{AsmSink, LabelUseKind, RelocKind, Target};
use crate::machinst::forms::AsmError;
use crate::machinst::reg::{Reg, Rw};

impl LabelUseKind for LabelUse {
    fn field_size(self) -> u32 {
        match self {
            LabelUse::Rel8 => 1,
            LabelUse::Rel32 => 4,
        }
    }
    fn max_forward(self) -> i64 {
        match self {
            LabelUse::Rel8 => i64::from(i8::MAX) + 1,
            LabelUse::Rel32 => i64::from(i32::MAX) + 4,
        }
    }
    fn max_backward(self) -> i64 {
        match self {
            LabelUse::Rel8 => -i64::from(i8::MIN) - 1,
            LabelUse::Rel32 => -i64::from(i32::MIN) - 4,
        }
    }
    /// The field holds an addend (minus the bytes between the field and the
    /// end of the instruction); the result is relative to the field's end.
    fn patch(self, field: &mut [u8], use_offset: u32, label_offset: u32) -> bool {
        let size = self.field_size();
        let base = i64::from(label_offset) - i64::from(use_offset) - i64::from(size);
        match self {
            LabelUse::Rel8 => {
                let Some(&byte) = field.first() else {
                    return false;
                };
                match i8::try_from(base + i64::from(byte as i8)) {
                    Ok(v) => {
                        field[0] = v as u8;
                        true
                    }
                    Err(_) => false,
                }
            }
            LabelUse::Rel32 => {
                let Some(bytes) = field.get_mut(..4) else {
                    return false;
                };
                let addend = i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
                match i32::try_from(base + i64::from(addend)) {
                    Ok(v) => {
                        bytes.copy_from_slice(&v.to_le_bytes());
                        true
                    }
                    Err(_) => false,
                }
            }
        }
    }
}

/// Prefixes and opcode of a legacy-encoded form.
#[derive(Clone, Copy, Debug)]
pub struct Legacy<'a> {
    /// Legacy prefixes (`66`, `F2`, `F3`), emitted before REX.
    pub prefixes: &'a [u8],
    /// REX.W.
    pub rex_w: bool,
    /// Opcode bytes (escape bytes included).
    pub opcode: &'a [u8],
}

/// A VEX-encoded form's prefix fields and opcode.
#[derive(Clone, Copy, Debug)]
pub struct Vex {
    /// VEX.L.
    pub l: u8,
    /// Implied prefix (0 none, 1 `66`, 2 `F3`, 3 `F2`).
    pub pp: u8,
    /// Opcode map (1 `0F`, 2 `0F38`, 3 `0F3A`).
    pub map: u8,
    /// VEX.W.
    pub w: bool,
    /// The opcode byte.
    pub opcode: u8,
}

/// The ModRM `reg` field.
#[derive(Clone, Copy, Debug)]
pub enum RegField {
    /// An opcode extension (`/digit`).
    Digit(u8),
    /// A register; `true` when it is an 8-bit GPR operand.
    Reg(Reg, bool),
}

/// The ModRM `r/m` operand.
#[derive(Clone, Copy, Debug)]
pub enum Rm<'a> {
    /// A register; `true` when it is an 8-bit GPR operand.
    Reg(Reg, bool),
    /// Memory.
    Mem(&'a Amode),
}

impl<'a> Rm<'a> {
    /// From a read or written r/m operand.
    pub fn from_reg_mem(rm: &'a super::args::RegMem, byte: bool) -> Rm<'a> {
        match rm {
            super::args::RegMem::Reg(r) => Rm::Reg(*r, byte),
            super::args::RegMem::Mem(m) => Rm::Mem(m),
        }
    }
    /// From a read-written r/m operand (its register must be allocated once).
    pub fn from_reg_mem_rw(
        form: &'static str,
        op: &'static str,
        rm: &'a super::args::RegMemRw,
        byte: bool,
    ) -> Result<Rm<'a>, AsmError> {
        Ok(match rm {
            super::args::RegMemRw::Reg(rw) => Rm::Reg(rw_reg(form, op, rw)?, byte),
            super::args::RegMemRw::Mem(m) => Rm::Mem(m),
        })
    }
}

/// The single register of a read-write operand after allocation.
pub fn rw_reg(form: &'static str, op: &'static str, rw: &Rw) -> Result<Reg, AsmError> {
    for reg in [rw.read, rw.write] {
        enc(form, reg)?;
    }
    CHECKS.single_rw_reg(form, op, rw)
}

/// A physical register's 4-bit encoding, and whether it is a high-byte register.
fn enc(form: &'static str, reg: Reg) -> Result<(u8, bool), AsmError> {
    match reg_enc(reg) {
        Some(e) => Ok((e, [AH, CH, DH, BH].contains(&reg))),
        None => Err(AsmError::form(form, CHECKS.not_allocated(reg))),
    }
}

/// REX bits and constraints gathered from the operands.
#[derive(Default)]
struct RexNeed {
    r: bool,
    x: bool,
    b: bool,
    /// An operand that needs a REX prefix to mean what it says (`sil`).
    forced: bool,
    /// An operand that forbids one (`ah`).
    high_byte: bool,
}

impl RexNeed {
    fn byte_reg(&mut self, enc: u8, high: bool, byte: bool) {
        self.high_byte |= high;
        self.forced |= byte && !high && (4..8).contains(&enc);
    }
    fn rex(&self, w: bool) -> Option<u8> {
        let needed = w || self.r || self.x || self.b || self.forced;
        needed.then(|| {
            0x40 | u8::from(w) << 3
                | u8::from(self.r) << 2
                | u8::from(self.x) << 1
                | u8::from(self.b)
        })
    }
    fn check(&self, form: &'static str, w: bool) -> Result<Option<u8>, AsmError> {
        let rex = self.rex(w);
        if rex.is_some() && self.high_byte {
            return Err(AsmError::form(
                form,
                "`ah`, `bh`, `ch` and `dh` cannot be encoded in an instruction that needs a REX prefix",
            ));
        }
        Ok(rex)
    }
}

/// The ModRM byte (with SIB and displacement) of an r/m operand, computed
/// before anything is emitted so errors leave the sink untouched.
struct ModRmBytes {
    modrm: u8,
    sib: Option<u8>,
    disp: Disp,
}

enum Disp {
    None,
    D8(i8),
    D32(i32),
    Rip(Target),
}

fn modrm_bytes(
    form: &'static str,
    reg_bits: u8,
    rm: Rm<'_>,
    need: &mut RexNeed,
) -> Result<ModRmBytes, AsmError> {
    let reg_bits = (reg_bits & 7) << 3;
    match rm {
        Rm::Reg(r, byte) => {
            let (e, high) = enc(form, r)?;
            need.b = e & 8 != 0;
            need.byte_reg(e, high, byte);
            Ok(ModRmBytes {
                modrm: 0xC0 | reg_bits | (e & 7),
                sib: None,
                disp: Disp::None,
            })
        }
        Rm::Mem(Amode::RipRelative { target }) => Ok(ModRmBytes {
            modrm: reg_bits | 0b101,
            sib: None,
            disp: Disp::Rip(*target),
        }),
        Rm::Mem(Amode::BaseIndexDisp { base, index, disp }) => {
            let (b, base_high) = enc(form, *base)?;
            if base_high {
                return Err(AsmError::form(
                    form,
                    "a high-byte register cannot be a base register",
                ));
            }
            need.b = b & 8 != 0;
            let disp_kind = if *disp == 0 && b & 7 != 5 {
                Disp::None
            } else if let Ok(d8) = i8::try_from(*disp) {
                Disp::D8(d8)
            } else {
                Disp::D32(*disp)
            };
            let mode = match disp_kind {
                Disp::None => 0b00,
                Disp::D8(_) => 0b01,
                _ => 0b10,
            } << 6;
            let sib = match index {
                Some((index, scale)) => {
                    if *index == RSP {
                        return Err(AsmError::form(form, "`rsp` cannot be an index register"));
                    }
                    let (i, index_high) = enc(form, *index)?;
                    if index_high {
                        return Err(AsmError::form(
                            form,
                            "a high-byte register cannot be an index register",
                        ));
                    }
                    need.x = i & 8 != 0;
                    Some(scale.bits() << 6 | (i & 7) << 3 | (b & 7))
                }
                // rsp and r12 as base: SIB with "no index" (100).
                None if b & 7 == 4 => Some(0b100 << 3 | 0b100),
                None => None,
            };
            let rm_bits = if sib.is_some() { 0b100 } else { b & 7 };
            Ok(ModRmBytes {
                modrm: mode | reg_bits | rm_bits,
                sib,
                disp: disp_kind,
            })
        }
    }
}

fn reg_field_bits(form: &'static str, reg: RegField, need: &mut RexNeed) -> Result<u8, AsmError> {
    match reg {
        RegField::Digit(d) => Ok(d),
        RegField::Reg(r, byte) => {
            let (e, high) = enc(form, r)?;
            need.r = e & 8 != 0;
            need.byte_reg(e, high, byte);
            Ok(e)
        }
    }
}

fn put_modrm<S: AsmSink<LabelUse = LabelUse>>(
    sink: &mut S,
    form: &'static str,
    m: ModRmBytes,
    trailing: u8,
) -> Result<(), AsmError> {
    sink.put1(m.modrm);
    if let Some(sib) = m.sib {
        sink.put1(sib);
    }
    match m.disp {
        Disp::None => Ok(()),
        Disp::D8(d) => {
            sink.put1(d as u8);
            Ok(())
        }
        Disp::D32(d) => {
            sink.put4(d.to_le_bytes());
            Ok(())
        }
        Disp::Rip(target) => emit_target(
            sink,
            form,
            &target,
            LabelUse::Rel32,
            RelocKind::X86PcRel4,
            trailing,
        ),
    }
}

/// Emits a legacy form with a ModRM byte; `trailing` is the number of
/// immediate bytes that follow (RIP-relative displacements count from the
/// end of the instruction).
pub fn emit_modrm<S: AsmSink<LabelUse = LabelUse>>(
    sink: &mut S,
    form: &'static str,
    op: &Legacy<'_>,
    reg: RegField,
    rm: Rm<'_>,
    trailing: u8,
) -> Result<(), AsmError> {
    let mut need = RexNeed::default();
    let reg_bits = reg_field_bits(form, reg, &mut need)?;
    let bytes = modrm_bytes(form, reg_bits, rm, &mut need)?;
    let rex = need.check(form, op.rex_w)?;
    for &p in op.prefixes {
        sink.put1(p);
    }
    if let Some(rex) = rex {
        sink.put1(rex);
    }
    for &b in op.opcode {
        sink.put1(b);
    }
    put_modrm(sink, form, bytes, trailing)
}

/// Emits a legacy form whose register is in the low bits of the last opcode byte (`+rd`).
pub fn emit_opcode_reg<S: AsmSink<LabelUse = LabelUse>>(
    sink: &mut S,
    form: &'static str,
    op: &Legacy<'_>,
    reg: Reg,
    byte: bool,
) -> Result<(), AsmError> {
    let (e, high) = enc(form, reg)?;
    let mut need = RexNeed {
        b: e & 8 != 0,
        ..RexNeed::default()
    };
    need.byte_reg(e, high, byte);
    let rex = need.check(form, op.rex_w)?;
    for &p in op.prefixes {
        sink.put1(p);
    }
    if let Some(rex) = rex {
        sink.put1(rex);
    }
    if let Some((last, init)) = op.opcode.split_last() {
        for &b in init {
            sink.put1(b);
        }
        sink.put1(last | (e & 7));
    }
    Ok(())
}

/// Emits a legacy form with no register or memory operand.
pub fn emit_plain<S: AsmSink<LabelUse = LabelUse>>(sink: &mut S, op: &Legacy<'_>) {
    for &p in op.prefixes {
        sink.put1(p);
    }
    if op.rex_w {
        sink.put1(0x48);
    }
    for &b in op.opcode {
        sink.put1(b);
    }
}

/// Emits a VEX-encoded form with a ModRM byte; `vvvv` is the register in
/// VEX.vvvv, if the form has one.
pub fn emit_vex<S: AsmSink<LabelUse = LabelUse>>(
    sink: &mut S,
    form: &'static str,
    vex: &Vex,
    reg: RegField,
    vvvv: Option<Reg>,
    rm: Rm<'_>,
    trailing: u8,
) -> Result<(), AsmError> {
    let mut need = RexNeed::default();
    let reg_bits = reg_field_bits(form, reg, &mut need)?;
    let bytes = modrm_bytes(form, reg_bits, rm, &mut need)?;
    if need.high_byte {
        return Err(AsmError::form(
            form,
            "high-byte registers cannot be encoded with VEX",
        ));
    }
    let v = match vvvv {
        Some(r) => enc(form, r)?.0,
        None => 0,
    };
    let inverted_v = (!v & 0xF) << 3;
    let tail = inverted_v | (vex.l & 1) << 2 | (vex.pp & 3);
    if vex.map == 1 && !vex.w && !need.x && !need.b {
        sink.put1(0xC5);
        sink.put1(u8::from(!need.r) << 7 | tail);
    } else {
        sink.put1(0xC4);
        sink.put1(
            u8::from(!need.r) << 7
                | u8::from(!need.x) << 6
                | u8::from(!need.b) << 5
                | (vex.map & 0x1F),
        );
        sink.put1(u8::from(vex.w) << 7 | tail);
    }
    sink.put1(vex.opcode);
    put_modrm(sink, form, bytes, trailing)
}

/// Emits a pc-relative field referring to `target`: a label fixup, or for a
/// symbol a relocation of `reloc` kind (only in 32-bit fields). `trailing`
/// bytes follow the field before the end of the instruction.
pub fn emit_target<S: AsmSink<LabelUse = LabelUse>>(
    sink: &mut S,
    form: &'static str,
    target: &Target,
    kind: LabelUse,
    reloc: RelocKind,
    trailing: u8,
) -> Result<(), AsmError> {
    let bias = -i64::from(trailing);
    match (target, kind) {
        (Target::Label(label), LabelUse::Rel8) => {
            let offset = sink.cur_offset();
            sink.use_label_at_offset(offset, *label, kind);
            sink.put1(bias as u8);
        }
        (Target::Label(label), LabelUse::Rel32) => {
            let offset = sink.cur_offset();
            sink.use_label_at_offset(offset, *label, kind);
            sink.put4((bias as i32).to_le_bytes());
        }
        (Target::Symbol { symbol, addend }, LabelUse::Rel32) => {
            // ELF: S + A - P, with P the field: the end of the instruction is P + 4 + trailing.
            sink.add_reloc(reloc, *symbol, addend - 4 + bias);
            sink.put4([0; 4]);
        }
        (Target::Symbol { .. }, LabelUse::Rel8) => {
            return Err(AsmError::form(
                form,
                "an external symbol needs a 32-bit field (rel32), not rel8",
            ));
        }
    }
    Ok(())
}
