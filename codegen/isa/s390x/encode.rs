//! The s390x encoder the generated code calls: one [`emit`] per form with
//! the instruction word's constant bits (opcode, fixed fields) and a list
//! of [`Put`]s for the operand fields, and the patching of relative
//! immediates ([`LabelUse`]).
//!
//! An instruction is 2, 4 or 6 bytes, built in a `u64` and emitted
//! big-endian (Principles of Operation, chapter 5). Fields are named by
//! their first bit in the manual's numbering (bit 0 is the most
//! significant). A storage operand `D(X,B)` fills X, B, DL (12 bits) and,
//! in the long formats, DH (the high 8 bits of a 20-bit displacement). A
//! relative immediate (RI2 of RI and RIL formats, at bit 16) counts
//! halfwords from the start of the instruction.
//!
//! Rules enforced here rather than by construction, because they depend on
//! the registers finally allocated or on values changed after
//! construction: every register is physical, a read-write operand was
//! given one register, no base or index is `r0`, displacements are in
//! range. Every failure is an [`AsmError`] raised before any byte is
//! written; nothing panics.

use super::args::{AddrKind, Amode, CHECKS, check_address, check_amode};
use super::inst::LabelUse;
use super::regs::reg_enc;
use crate::machinst::asm_sink::{AsmSink, LabelUseKind, RelocKind, Target};
use crate::machinst::forms::AsmError;
use crate::machinst::reg::{Reg, Rw};

impl LabelUseKind for LabelUse {
    fn field_size(self) -> u32 {
        match self {
            LabelUse::Rel16 => 2,
            LabelUse::Rel32 => 4,
        }
    }
    /// The field is 2 bytes into the instruction and holds halfwords from
    /// the instruction's start: a label at `2 * max - 2` bytes past the field.
    fn max_forward(self) -> i64 {
        match self {
            LabelUse::Rel16 => 2 * i64::from(i16::MAX) - 2,
            LabelUse::Rel32 => 2 * i64::from(i32::MAX) - 2,
        }
    }
    fn max_backward(self) -> i64 {
        match self {
            LabelUse::Rel16 => -2 * i64::from(i16::MIN) + 2,
            LabelUse::Rel32 => -2 * i64::from(i32::MIN) + 2,
        }
    }
    /// The field holds an addend in halfwords (zero as emitted); the label
    /// must be an even distance from the instruction.
    fn patch(self, field: &mut [u8], use_offset: u32, label_offset: u32) -> bool {
        let delta = i64::from(label_offset) - (i64::from(use_offset) - 2);
        if delta % 2 != 0 {
            return false;
        }
        match self {
            LabelUse::Rel16 => {
                let Some(bytes) = field.get_mut(..2) else {
                    return false;
                };
                let addend = i16::from_be_bytes([bytes[0], bytes[1]]);
                match i16::try_from(delta / 2 + i64::from(addend)) {
                    Ok(v) => {
                        bytes.copy_from_slice(&v.to_be_bytes());
                        true
                    }
                    Err(_) => false,
                }
            }
            LabelUse::Rel32 => {
                let Some(bytes) = field.get_mut(..4) else {
                    return false;
                };
                let addend = i32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
                match i32::try_from(delta / 2 + i64::from(addend)) {
                    Ok(v) => {
                        bytes.copy_from_slice(&v.to_be_bytes());
                        true
                    }
                    Err(_) => false,
                }
            }
        }
    }
}

/// One operand field to fill.
#[derive(Clone, Copy, Debug)]
pub enum Put<'a> {
    /// A register number in the 4-bit field at this bit.
    Reg(u8, Reg),
    /// An immediate (or mask) of `bits` bits at this bit; the value is
    /// already range-checked, its two's complement is truncated.
    Imm(u8, u8, i64),
    /// A storage operand starting at this bit, for the operand named.
    Addr(u8, &'static str, &'a Amode, AddrKind),
    /// A 16-bit relative immediate at bit 16.
    Rel16(Target),
    /// A 32-bit relative immediate at bit 16, relocated with this kind
    /// when the target is a symbol.
    Rel32(Target, RelocKind),
}

/// The shift that places a `width`-bit field at PoO bit `pos` of a
/// `len`-byte instruction held right-aligned in a `u64`.
fn shift(len: u8, pos: u8, width: u8) -> u32 {
    (u32::from(len) * 8)
        .saturating_sub(u32::from(pos))
        .saturating_sub(u32::from(width))
}

/// A physical register's 4-bit number.
fn enc(form: &'static str, reg: Reg) -> Result<u64, AsmError> {
    match reg_enc(reg) {
        Some(e) => Ok(u64::from(e)),
        None => Err(AsmError::form(form, CHECKS.not_allocated(reg))),
    }
}

/// The single register of a read-write operand after allocation.
pub fn rw_reg(form: &'static str, op: &'static str, rw: &Rw) -> Result<Reg, AsmError> {
    for reg in [rw.read, rw.write] {
        enc(form, reg)?;
    }
    CHECKS.single_rw_reg(form, op, rw)
}

/// The X, B and displacement fields of a storage operand, placed.
fn address_bits(
    form: &'static str,
    len: u8,
    pos: u8,
    op: &'static str,
    amode: &Amode,
    kind: AddrKind,
) -> Result<u64, AsmError> {
    check_amode(form, op, amode)?;
    check_address(form, op, amode, kind)?;
    let reg = |r: Option<Reg>| r.map_or(Ok(0), |r| enc(form, r));
    let mut bits = 0;
    let mut at = pos;
    if kind.has_index() {
        bits |= reg(amode.index)? << shift(len, at, 4);
        at += 4;
    }
    bits |= reg(amode.base)? << shift(len, at, 4);
    let disp = u64::from(amode.disp as u32);
    bits |= (disp & 0xFFF) << shift(len, at + 4, 12);
    if kind.is_long() {
        bits |= (disp >> 12 & 0xFF) << shift(len, at + 16, 8);
    }
    Ok(bits)
}

/// Encodes one instruction: `word` holds the constant bits of a `len`-byte
/// instruction (right-aligned), `puts` the operand fields.
pub fn emit<S: AsmSink<LabelUse = LabelUse>>(
    sink: &mut S,
    form: &'static str,
    len: u8,
    word: u64,
    puts: &[Put<'_>],
) -> Result<(), AsmError> {
    let mut word = word;
    let mut target = None;
    for put in puts {
        match *put {
            Put::Reg(pos, reg) => word |= enc(form, reg)? << shift(len, pos, 4),
            Put::Imm(pos, bits, value) => {
                let mask = if bits >= 64 {
                    u64::MAX
                } else {
                    (1u64 << bits) - 1
                };
                word |= (value as u64 & mask) << shift(len, pos, bits);
            }
            Put::Addr(pos, op, amode, kind) => {
                word |= address_bits(form, len, pos, op, amode, kind)?;
            }
            Put::Rel16(t) => {
                if let Target::Symbol { .. } = t {
                    return Err(AsmError::form(
                        form,
                        "an external symbol needs a 32-bit relative field (RIL), not a 16-bit one",
                    ));
                }
                target = Some((t, LabelUse::Rel16, None));
            }
            Put::Rel32(t, reloc) => {
                if let Target::Symbol { addend, .. } = t {
                    if addend % 2 != 0 || addend.checked_add(2).is_none() {
                        return Err(AsmError::form(
                            form,
                            format!("symbol addend {addend} is odd or out of range"),
                        ));
                    }
                }
                target = Some((t, LabelUse::Rel32, Some(reloc)));
            }
        }
    }
    let bytes = word.to_be_bytes();
    let insn = &bytes[8 - usize::from(len.clamp(2, 6))..];
    sink.put2([insn[0], insn[1]]);
    if let Some((t, kind, reloc)) = target {
        let offset = sink.cur_offset();
        match (t, reloc) {
            (Target::Label(label), _) => sink.use_label_at_offset(offset, label, kind),
            // ELF `(S + A - P) >> 1` with P the field, 2 bytes into the instruction.
            (Target::Symbol { symbol, addend }, Some(reloc)) => {
                sink.add_reloc(reloc, symbol, addend.saturating_add(2))
            }
            (Target::Symbol { .. }, None) => {}
        }
    }
    match insn.len() {
        4 => sink.put2([insn[2], insn[3]]),
        6 => sink.put4([insn[2], insn[3], insn[4], insn[5]]),
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::s390x::regs::*;
    use crate::machinst::asm_sink::{SymbolRef, VecAsmSink};

    fn bytes(len: u8, word: u64, puts: &[Put<'_>]) -> Result<Vec<u8>, AsmError> {
        let mut sink = VecAsmSink::<LabelUse>::new();
        emit(&mut sink, "t", len, word, puts)?;
        Ok(sink.bytes().to_vec())
    }

    #[test]
    fn fields_land_at_their_manual_bit_positions() {
        // RXY-a: X2 at 12, B2 at 16, DL2 at 20, DH2 at 32.
        let m = Amode::base_index(R3, R2, -8);
        let b = bytes(
            6,
            0xE300_0000_0004,
            &[Put::Reg(8, R1), Put::Addr(12, "m", &m, AddrKind::Dxb20)],
        )
        .expect("encodes");
        assert_eq!(b, [0xE3, 0x12, 0x3F, 0xF8, 0xFF, 0x04]);
        // RI-a with a negative immediate truncated to 16 bits.
        let b = bytes(4, 0xA70B_0000, &[Put::Reg(8, R15), Put::Imm(16, 16, -2)]).expect("encodes");
        assert_eq!(b, [0xA7, 0xFB, 0xFF, 0xFE]);
    }

    #[test]
    fn refuses_virtual_registers_and_r0_addresses_before_writing() {
        let mut sink = VecAsmSink::<LabelUse>::new();
        let v = Reg::virt(0, crate::machinst::reg::RegClass::Int).expect("vreg");
        let e = emit(&mut sink, "t", 4, 0, &[Put::Reg(8, v)]).expect_err("virtual");
        assert!(e.to_string().contains("not allocated"), "{e}");
        let m = Amode::base(R0, 0);
        let e = emit(
            &mut sink,
            "t",
            4,
            0,
            &[Put::Addr(12, "m", &m, AddrKind::Dxb12)],
        )
        .expect_err("r0 base");
        assert!(
            e.to_string().contains("`r0` cannot be a base register"),
            "{e}"
        );
        assert!(sink.bytes().is_empty());
        let e = rw_reg(
            "t",
            "dst",
            &Rw {
                read: R1,
                write: R2,
            },
        )
        .expect_err("split");
        assert!(e.to_string().contains("two registers"), "{e}");
    }

    #[test]
    fn relative_fields_count_halfwords_from_the_instruction() {
        let mut sink = VecAsmSink::<LabelUse>::new();
        let back = sink.new_label();
        let fwd = sink.new_label();
        sink.bind_label(back);
        emit(
            &mut sink,
            "t",
            4,
            0xA7F4_0000,
            &[Put::Rel16(Target::Label(fwd))],
        )
        .expect("j");
        emit(
            &mut sink,
            "t",
            6,
            0xC0F4_0000_0000,
            &[Put::Rel32(Target::Label(back), RelocKind::S390xPcRel32Dbl)],
        )
        .expect("jg");
        sink.bind_label(fwd);
        let sym = Target::Symbol {
            symbol: SymbolRef(3),
            addend: 8,
        };
        emit(
            &mut sink,
            "t",
            6,
            0xC0E5_0000_0000,
            &[Put::Rel32(sym, RelocKind::S390xPlt32Dbl)],
        )
        .expect("brasl");
        let code = sink.finish().expect("resolves");
        // j to offset 10 from 0: 5 halfwords; jg back to 0 from 4: -2 halfwords.
        assert_eq!(code.bytes[..4], [0xA7, 0xF4, 0x00, 0x05]);
        assert_eq!(code.bytes[4..10], [0xC0, 0xF4, 0xFF, 0xFF, 0xFF, 0xFE]);
        assert_eq!(code.relocs.len(), 1);
        assert_eq!((code.relocs[0].offset, code.relocs[0].addend), (12, 10));
        let mut sink = VecAsmSink::<LabelUse>::new();
        let odd = Target::Symbol {
            symbol: SymbolRef(0),
            addend: 1,
        };
        assert!(
            emit(
                &mut sink,
                "t",
                6,
                0,
                &[Put::Rel32(odd, RelocKind::S390xPcRel32Dbl)]
            )
            .is_err()
        );
        assert!(emit(&mut sink, "t", 4, 0, &[Put::Rel16(odd)]).is_err());
        let huge = Target::Symbol {
            symbol: SymbolRef(0),
            addend: i64::MAX - 1,
        };
        let e = emit(
            &mut sink,
            "t",
            6,
            0,
            &[Put::Rel32(huge, RelocKind::S390xPcRel32Dbl)],
        )
        .expect_err("addend overflows");
        assert!(e.to_string().contains("out of range"), "{e}");
        assert!(sink.bytes().is_empty());
    }

    #[test]
    fn label_ranges_and_odd_distances() {
        let mut field = [0u8; 2];
        assert!(LabelUse::Rel16.patch(&mut field, 2, 2 + LabelUse::Rel16.max_forward() as u32));
        assert_eq!(field, [0x7F, 0xFF]);
        let mut field = [0u8; 2];
        assert!(!LabelUse::Rel16.patch(&mut field, 2, 4 + LabelUse::Rel16.max_forward() as u32));
        let far = 2 + LabelUse::Rel16.max_backward() as u32;
        let mut field = [0u8; 2];
        assert!(LabelUse::Rel16.patch(&mut field, far, 2));
        assert_eq!(field, [0x80, 0x00]);
        let mut field = [0u8; 4];
        assert!(!LabelUse::Rel32.patch(&mut field, 2, 3));
    }
}
