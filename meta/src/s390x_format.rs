//! The z/Architecture instruction formats (Principles of Operation,
//! chapter 5, "Instruction Formats") and the parser of s390x encoding
//! strings.
//!
//! A [`Format`] gives an instruction's length, where its opcode bits go and
//! its operand fields in assembler order, each with its first bit (PoO bit
//! numbering: bit 0 is the most significant bit of the first halfword).
//! An encoding string is the opcode in hex as the manual writes it (`B904`,
//! `A7B`, `E308`) followed by fixed field values (`M1=15`, `R3=0`).
//!
//! [`layout`] maps a form's operands onto its format's fields: in order,
//! skipping fields given a fixed value and operands that are not encoded
//! (implicit registers, literals); a trailing optional field without an
//! operand is zero. It checks that each operand fits its field: a register
//! in an R field, a condition or a 4-bit unsigned immediate in an M field,
//! an immediate no wider than an I field, a target whose label kind has
//! the width of an RI field, a storage operand in a `D(X,B)`/`D(B)` field.

use lathe_isa_defs::asm::{ImmRange, InstDef, OperandKind};

/// Where the opcode bits go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpcodeLayout {
    /// Bits 0-7 (two hex digits).
    Byte,
    /// Bits 0-7 and 12-15 (three hex digits: `A7B`).
    ByteAndNibble,
    /// Bits 0-15 (four hex digits).
    Halfword,
    /// Bits 0-7 and 40-47 of a six-byte instruction (four hex digits: `E308`).
    SplitBytes,
}

/// The shape of a storage operand: with or without an index register, and
/// a 12-bit unsigned or a 20-bit signed displacement (DL2 then DH2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddrKind {
    /// `D(X,B)`, 12-bit unsigned displacement (RX formats).
    Dxb12,
    /// `D(X,B)`, 20-bit signed displacement (RXY formats).
    Dxb20,
    /// `D(B)`, 12-bit unsigned displacement (RS, SI, SIL, S formats).
    Db12,
    /// `D(B)`, 20-bit signed displacement (RSY, SIY formats).
    Db20,
}

impl AddrKind {
    /// The variant's name in the runtime's `AddrKind`.
    pub fn rust_name(self) -> &'static str {
        match self {
            AddrKind::Dxb12 => "Dxb12",
            AddrKind::Dxb20 => "Dxb20",
            AddrKind::Db12 => "Db12",
            AddrKind::Db20 => "Db20",
        }
    }
}

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A register number (R1, R2, R3), 4 bits.
    Reg,
    /// A mask or modifier (M1, M3, M4), 4 bits.
    Mask,
    /// The first field of RR: a register, or the mask M1 of `bcr`.
    RegOrMask,
    /// An immediate of this many bits.
    Imm(u8),
    /// A relative immediate (halfwords from the instruction) of this many bits.
    Rel(u8),
    /// A storage operand starting with its X (or B) field.
    Addr(AddrKind),
}

impl FieldKind {
    /// Width in bits of a field that can take a fixed value.
    fn width(self) -> Option<u8> {
        match self {
            FieldKind::Reg | FieldKind::Mask | FieldKind::RegOrMask => Some(4),
            FieldKind::Imm(bits) | FieldKind::Rel(bits) => Some(bits),
            FieldKind::Addr(_) => None,
        }
    }
}

/// One operand field of a format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The manual's names for the field (`R1`; `R1`/`M1` for RR's first field).
    pub names: &'static [&'static str],
    /// What it holds.
    pub kind: FieldKind,
    /// First bit, PoO numbering.
    pub pos: u8,
    /// Whether it may be left out at the end of the operand list (zero).
    pub optional: bool,
}

/// An instruction format.
#[derive(Clone, Copy, Debug)]
pub struct Format {
    /// The manual's name (`RXY-a`).
    pub name: &'static str,
    /// Length in bytes: 2, 4 or 6.
    pub len: u8,
    /// Where the opcode goes.
    pub opcode: OpcodeLayout,
    /// Operand fields, in assembler order.
    pub fields: &'static [Field],
}

const fn field(names: &'static [&'static str], kind: FieldKind, pos: u8) -> Field {
    Field {
        names,
        kind,
        pos,
        optional: false,
    }
}
const fn opt(f: Field) -> Field {
    Field {
        optional: true,
        ..f
    }
}
const R1: &[&str] = &["R1"];
const R2: &[&str] = &["R2"];
const R3: &[&str] = &["R3"];
const M1: &[&str] = &["M1"];
const M3: &[&str] = &["M3"];
const M4: &[&str] = &["M4"];
const I2: &[&str] = &["I2"];
const I3: &[&str] = &["I3"];
const I4: &[&str] = &["I4"];
const I5: &[&str] = &["I5"];
const RI2: &[&str] = &["RI2"];
const D2: &[&str] = &["D2"];
const D1: &[&str] = &["D1"];

use AddrKind::*;
use FieldKind::{Imm, Mask, Reg, RegOrMask, Rel};
use OpcodeLayout::*;

/// Every format forms may use; the assembler order of the fields is the
/// manual's for the instructions declared with the format.
#[rustfmt::skip]
pub const FORMATS: &[Format] = &[
    Format { name: "E", len: 2, opcode: Halfword, fields: &[] },
    Format { name: "S", len: 4, opcode: Halfword, fields: &[field(D2, FieldKind::Addr(Db12), 16)] },
    Format { name: "RR", len: 2, opcode: Byte, fields: &[field(&["R1", "M1"], RegOrMask, 8), field(R2, Reg, 12)] },
    Format { name: "RRE", len: 4, opcode: Halfword, fields: &[field(R1, Reg, 24), field(R2, Reg, 28)] },
    Format { name: "RRD", len: 4, opcode: Halfword, fields: &[field(R1, Reg, 16), field(R3, Reg, 24), field(R2, Reg, 28)] },
    Format { name: "RRF-a", len: 4, opcode: Halfword, fields: &[field(R1, Reg, 24), field(R2, Reg, 28), field(R3, Reg, 16), opt(field(M4, Mask, 20))] },
    Format { name: "RRF-b", len: 4, opcode: Halfword, fields: &[field(R1, Reg, 24), field(R3, Reg, 16), field(R2, Reg, 28), opt(field(M4, Mask, 20))] },
    Format { name: "RRF-c", len: 4, opcode: Halfword, fields: &[field(R1, Reg, 24), field(R2, Reg, 28), opt(field(M3, Mask, 16))] },
    Format { name: "RRF-d", len: 4, opcode: Halfword, fields: &[field(R1, Reg, 24), field(R2, Reg, 28), field(M4, Mask, 20)] },
    Format { name: "RRF-e", len: 4, opcode: Halfword, fields: &[field(R1, Reg, 24), field(M3, Mask, 16), field(R2, Reg, 28), opt(field(M4, Mask, 20))] },
    Format { name: "RI-a", len: 4, opcode: ByteAndNibble, fields: &[field(R1, Reg, 8), field(I2, Imm(16), 16)] },
    Format { name: "RI-b", len: 4, opcode: ByteAndNibble, fields: &[field(R1, Reg, 8), field(RI2, Rel(16), 16)] },
    Format { name: "RI-c", len: 4, opcode: ByteAndNibble, fields: &[field(M1, Mask, 8), field(RI2, Rel(16), 16)] },
    Format { name: "RIL-a", len: 6, opcode: ByteAndNibble, fields: &[field(R1, Reg, 8), field(I2, Imm(32), 16)] },
    Format { name: "RIL-b", len: 6, opcode: ByteAndNibble, fields: &[field(R1, Reg, 8), field(RI2, Rel(32), 16)] },
    Format { name: "RIL-c", len: 6, opcode: ByteAndNibble, fields: &[field(M1, Mask, 8), field(RI2, Rel(32), 16)] },
    Format { name: "RIE-a", len: 6, opcode: SplitBytes, fields: &[field(R1, Reg, 8), field(I2, Imm(16), 16), field(M3, Mask, 32)] },
    Format { name: "RIE-d", len: 6, opcode: SplitBytes, fields: &[field(R1, Reg, 8), field(R3, Reg, 12), field(I2, Imm(16), 16)] },
    Format { name: "RIE-f", len: 6, opcode: SplitBytes, fields: &[field(R1, Reg, 8), field(R2, Reg, 12), field(I3, Imm(8), 16), field(I4, Imm(8), 24), opt(field(I5, Imm(8), 32))] },
    Format { name: "RIE-g", len: 6, opcode: SplitBytes, fields: &[field(R1, Reg, 8), field(I2, Imm(16), 16), field(M3, Mask, 12)] },
    Format { name: "RX-a", len: 4, opcode: Byte, fields: &[field(R1, Reg, 8), field(D2, FieldKind::Addr(Dxb12), 12)] },
    Format { name: "RX-b", len: 4, opcode: Byte, fields: &[field(M1, Mask, 8), field(D2, FieldKind::Addr(Dxb12), 12)] },
    Format { name: "RXE", len: 6, opcode: SplitBytes, fields: &[field(R1, Reg, 8), field(D2, FieldKind::Addr(Dxb12), 12), opt(field(M3, Mask, 32))] },
    Format { name: "RXF", len: 6, opcode: SplitBytes, fields: &[field(R1, Reg, 32), field(R3, Reg, 8), field(D2, FieldKind::Addr(Dxb12), 12)] },
    Format { name: "RXY-a", len: 6, opcode: SplitBytes, fields: &[field(R1, Reg, 8), field(D2, FieldKind::Addr(Dxb20), 12)] },
    Format { name: "RXY-b", len: 6, opcode: SplitBytes, fields: &[field(M1, Mask, 8), field(D2, FieldKind::Addr(Dxb20), 12)] },
    Format { name: "RS-a", len: 4, opcode: Byte, fields: &[field(R1, Reg, 8), field(R3, Reg, 12), field(D2, FieldKind::Addr(Db12), 16)] },
    Format { name: "RS-b", len: 4, opcode: Byte, fields: &[field(R1, Reg, 8), field(M3, Mask, 12), field(D2, FieldKind::Addr(Db12), 16)] },
    Format { name: "RSY-a", len: 6, opcode: SplitBytes, fields: &[field(R1, Reg, 8), field(R3, Reg, 12), field(D2, FieldKind::Addr(Db20), 16)] },
    Format { name: "RSY-b", len: 6, opcode: SplitBytes, fields: &[field(R1, Reg, 8), field(D2, FieldKind::Addr(Db20), 16), field(M3, Mask, 12)] },
    Format { name: "SI", len: 4, opcode: Byte, fields: &[field(D1, FieldKind::Addr(Db12), 16), field(I2, Imm(8), 8)] },
    Format { name: "SIY", len: 6, opcode: SplitBytes, fields: &[field(D1, FieldKind::Addr(Db20), 16), field(I2, Imm(8), 8)] },
    Format { name: "SIL", len: 6, opcode: Halfword, fields: &[field(D1, FieldKind::Addr(Db12), 16), field(I2, Imm(16), 32)] },
];

/// The format named `name`.
pub fn format(name: &str) -> Option<&'static Format> {
    FORMATS.iter().find(|f| f.name == name)
}

/// The shift that places a `width`-bit field starting at PoO bit `pos` of
/// a `len`-byte instruction held right-aligned in a `u64`.
pub fn shift(len: u8, pos: u8, width: u8) -> u32 {
    u32::from(len) * 8 - u32::from(pos) - u32::from(width)
}

/// The opcode and fixed fields of an encoding string, placed in the
/// instruction word, and the indexes of the fixed fields.
fn parse_encoding(format: &Format, text: &str) -> Result<(u64, Vec<usize>), String> {
    let mut tokens = text.split_whitespace();
    let opcode = tokens.next().ok_or("empty encoding")?;
    let digits = match format.opcode {
        Byte => 2,
        ByteAndNibble => 3,
        Halfword | SplitBytes => 4,
    };
    if opcode.len() != digits || !opcode.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!(
            "format `{}` needs a {digits}-digit hex opcode, got `{opcode}`",
            format.name
        ));
    }
    let value = u64::from_str_radix(opcode, 16).map_err(|e| e.to_string())?;
    let len = format.len;
    let mut word = match format.opcode {
        Byte => value << shift(len, 0, 8),
        ByteAndNibble => (value >> 4) << shift(len, 0, 8) | (value & 0xF) << shift(len, 12, 4),
        Halfword => value << shift(len, 0, 16),
        SplitBytes => (value >> 8) << shift(len, 0, 8) | (value & 0xFF) << shift(len, 40, 8),
    };
    let mut fixed = Vec::new();
    for token in tokens {
        let (name, value) = token
            .split_once('=')
            .ok_or_else(|| format!("expected `FIELD=VALUE`, got `{token}`"))?;
        let index = format
            .fields
            .iter()
            .position(|f| f.names.contains(&name))
            .ok_or_else(|| format!("format `{}` has no field `{name}`", format.name))?;
        let f = &format.fields[index];
        let width = f
            .kind
            .width()
            .ok_or_else(|| format!("field `{name}` cannot have a fixed value"))?;
        let value: u64 = value
            .parse()
            .map_err(|_| format!("bad value in `{token}`"))?;
        if value >> width != 0 {
            return Err(format!("`{token}` does not fit in {width} bits"));
        }
        if fixed.contains(&index) {
            return Err(format!("field `{name}` is fixed twice"));
        }
        fixed.push(index);
        word |= value << shift(len, f.pos, width);
    }
    Ok((word, fixed))
}

/// Whether an operand of `kind` fits a field of `field`.
fn fits(kind: &OperandKind, field: FieldKind) -> bool {
    let reg = matches!(kind, OperandKind::Reg { shown: true, .. });
    let mask = match kind {
        OperandKind::Cond => true,
        OperandKind::Imm(spec) => {
            spec.range == ImmRange::Unsigned && spec.bits <= 4 && spec.scale == 1
        }
        _ => false,
    };
    match field {
        FieldKind::Reg => reg,
        FieldKind::Mask => mask,
        FieldKind::RegOrMask => reg || mask,
        FieldKind::Imm(bits) => {
            matches!(kind, OperandKind::Imm(spec) if spec.bits <= bits && spec.scale == 1)
        }
        FieldKind::Rel(_) => matches!(kind, OperandKind::Target { .. }),
        FieldKind::Addr(_) => matches!(kind, OperandKind::Mem { .. }),
    }
}

/// How a form's operands are encoded.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The format.
    pub format: &'static Format,
    /// The opcode, fixed fields and fixed registers, placed.
    pub word: u64,
    /// Each operand with a field whose value varies: (operand index, field).
    pub operands: Vec<(usize, Field)>,
}

/// Maps `form`'s operands onto its format's fields. `reg_enc` gives a
/// fixed register's encoding by name; `label_bits` a label kind's width.
pub fn layout(
    form: &InstDef,
    reg_enc: impl Fn(&str) -> Option<u8>,
    label_bits: impl Fn(&str) -> Option<u8>,
) -> Result<Layout, String> {
    let format = format(form.format).ok_or_else(|| format!("unknown format `{}`", form.format))?;
    let (mut word, fixed) = parse_encoding(format, form.encoding)?;
    let mut encoded = form
        .operands
        .iter()
        .enumerate()
        .filter(|(_, o)| {
            !matches!(
                o.ty.kind,
                OperandKind::Reg { shown: false, .. } | OperandKind::Literal(_)
            )
        })
        .peekable();
    let mut operands = Vec::new();
    for (index, f) in format.fields.iter().enumerate() {
        if fixed.contains(&index) {
            continue;
        }
        let Some((i, op)) = encoded.next() else {
            if f.optional {
                continue;
            }
            return Err(format!(
                "no operand for field `{}` of format `{}`",
                f.names[0], format.name
            ));
        };
        if !fits(&op.ty.kind, f.kind) {
            return Err(format!(
                "operand `{}` does not fit field `{}` of format `{}`",
                op.ty.name, f.names[0], format.name
            ));
        }
        match (op.ty.kind, f.kind) {
            (
                OperandKind::Reg {
                    fixed: Some(reg), ..
                },
                _,
            ) => {
                let enc = reg_enc(reg).ok_or_else(|| format!("unknown register `{reg}`"))?;
                word |= u64::from(enc) << shift(format.len, f.pos, 4);
            }
            (OperandKind::Target { label_kind }, FieldKind::Rel(bits)) => {
                if label_bits(label_kind) != Some(bits) || f.pos != 16 {
                    return Err(format!(
                        "target `{}` needs a {bits}-bit label kind at bit 16",
                        op.ty.name
                    ));
                }
                operands.push((i, *f));
            }
            _ => operands.push((i, *f)),
        }
    }
    if let Some((_, op)) = encoded.next() {
        return Err(format!(
            "operand `{}` has no field left in format `{}`",
            op.ty.name, format.name
        ));
    }
    Ok(Layout {
        format,
        word,
        operands,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lathe_isa_defs::asm::{OperandType, inst, r, rw, w};

    const R: OperandType = OperandType::reg("r64", "gpr", 64);
    const M: OperandType = OperandType::mem("m64", 64);
    const I16: OperandType = OperandType::imm("i16", 16, ImmRange::Signed, 64);
    const I32: OperandType = OperandType::imm("i32", 32, ImmRange::Signed, 64);
    const MASK: OperandType = OperandType::imm("m4", 4, ImmRange::Unsigned, 4);
    const T16: OperandType = OperandType::target("ri16", "rel16");
    const CC: OperandType = OperandType::cond("cc");

    fn lay(form: InstDef) -> Result<Layout, String> {
        layout(
            &form,
            |_| Some(0),
            |k| match k {
                "rel16" => Some(16),
                "rel32" => Some(32),
                _ => None,
            },
        )
    }

    #[test]
    fn fields_do_not_overlap_and_fit_the_length() {
        for f in FORMATS {
            let mut used = vec![false; usize::from(f.len) * 8];
            let opcode: &[(u8, u8)] = match f.opcode {
                Byte => &[(0, 8)],
                ByteAndNibble => &[(0, 8), (12, 4)],
                Halfword => &[(0, 16)],
                SplitBytes => &[(0, 8), (40, 8)],
            };
            let mut spans: Vec<(u8, u8)> = opcode.to_vec();
            for field in f.fields {
                let width = match field.kind {
                    FieldKind::Addr(Dxb12) => 20,
                    FieldKind::Addr(Dxb20) => 28,
                    FieldKind::Addr(Db12) => 16,
                    FieldKind::Addr(Db20) => 24,
                    k => k.width().unwrap_or(0),
                };
                spans.push((field.pos, width));
            }
            for (pos, width) in spans {
                for bit in pos..pos + width {
                    let slot = used
                        .get_mut(usize::from(bit))
                        .expect("inside the instruction");
                    assert!(!*slot, "format {} bit {bit} used twice", f.name);
                    *slot = true;
                }
            }
        }
    }

    #[test]
    fn places_opcode_fixed_fields_and_fixed_registers() {
        let agr = lay(inst("agr", [rw(R), r(R)], "RRE", "B908")).expect("valid");
        assert_eq!(agr.word, 0xB908_0000);
        assert_eq!(agr.operands.len(), 2);
        let ag = lay(inst("ag", [rw(R), r(M)], "RXY-a", "E308")).expect("valid");
        assert_eq!(ag.word, 0xE300_0000_0008);
        let aghi = lay(inst("aghi", [rw(R), r(I16)], "RI-a", "A7B")).expect("valid");
        assert_eq!(aghi.word, 0xA70B_0000);
        let j = lay(inst("j", [r(T16)], "RI-c", "A74 M1=15")).expect("valid");
        assert_eq!(j.word, 0xA7F4_0000);
        assert_eq!(j.operands.len(), 1);
        let nopr = lay(inst("nopr", [], "RR", "07 M1=0 R2=0")).expect("valid");
        assert_eq!(nopr.word, 0x0700);
        // A trailing optional M4 without an operand stays zero.
        let cgdbr = lay(inst("cgdbr", [w(R), r(MASK), r(R)], "RRF-e", "B3A9")).expect("valid");
        assert_eq!(cgdbr.operands.len(), 3);
        // A condition fills a mask field.
        let brc = lay(inst("j{cc}", [r(CC), r(T16)], "RI-c", "A74")).expect("valid");
        assert_eq!(brc.operands[0].1.names, ["M1"]);
    }

    #[test]
    fn rejects_mismatched_declarations() {
        let err = |f: InstDef| lay(f).expect_err("must fail");
        assert!(err(inst("x", [w(R)], "RRX", "B904")).contains("unknown format `RRX`"));
        assert!(err(inst("x", [w(R), r(R)], "RRE", "B94")).contains("4-digit hex opcode"));
        assert!(err(inst("x", [w(R), r(M)], "RRE", "B904")).contains("does not fit field `R2`"));
        assert!(err(inst("x", [w(R)], "RRE", "B904")).contains("no operand for field `R2`"));
        assert!(err(inst("x", [w(R), r(R), r(R)], "RRE", "B904")).contains("no field left"));
        assert!(err(inst("x", [w(R), r(I32)], "RI-a", "A7B")).contains("does not fit field `I2`"));
        assert!(
            err(inst("x", [r(T16)], "RIL-c", "C04 M1=15")).contains("needs a 32-bit label kind")
        );
        assert!(err(inst("x", [r(T16)], "RI-c", "A74 M1=16")).contains("does not fit in 4 bits"));
        assert!(err(inst("x", [r(T16)], "RI-c", "A74 M9=1")).contains("has no field `M9`"));
        assert!(err(inst("x", [r(T16)], "RI-c", "A74 M1")).contains("FIELD=VALUE"));
        assert!(err(inst("x", [r(T16)], "RI-c", "A74 M1=1 M1=2")).contains("fixed twice"));
        assert!(
            err(inst("x", [w(R), r(M)], "RXY-a", "E308 D2=0"))
                .contains("cannot have a fixed value")
        );
    }
}
