//! Parsers for the two aarch64-specific strings of a form (notation in
//! `isa-defs/aarch64/mod.rs`):
//!
//! - the encoding, an Arm ARM bit diagram such as
//!   `sf=1 op=0 S=0 100010 sh=0 imm12 Rn Rd` ([`parse_pattern`]): the
//!   fixed bits and the position of every named field;
//! - the format, one token per encoded operand such as
//!   `Rd|SP Rn|SP hex(imm12)` ([`parse_format`]): which fields each
//!   operand fills and how its value is encoded and printed.

use lathe_isa_defs::aarch64::FIELD_WIDTHS;

/// One named piece of a bit pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternField {
    /// Field name as in the Arm ARM (`Rd`, `imm12`, `sf`).
    pub name: String,
    /// Bit position of the field's least significant bit.
    pub pos: u32,
    /// Width in bits.
    pub width: u32,
    /// The fixed value, for `name=bits`.
    pub fixed: Option<u32>,
}

impl PatternField {
    /// The field's bits within the 32-bit word.
    pub fn word_mask(&self) -> u32 {
        low_mask(self.width) << self.pos
    }
}

/// A parsed 32-bit encoding.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pattern {
    /// The bits that are fixed.
    pub mask: u32,
    /// Their values (zero outside `mask`).
    pub bits: u32,
    /// Every named field, fixed or free, from bit 31 down.
    pub fields: Vec<PatternField>,
}

impl Pattern {
    /// The free (operand-filled) field called `name`.
    pub fn free_field(&self, name: &str) -> Option<&PatternField> {
        self.fields
            .iter()
            .find(|f| f.name == name && f.fixed.is_none())
    }
}

/// A mask of the `width` low bits.
pub fn low_mask(width: u32) -> u32 {
    if width >= 32 {
        u32::MAX
    } else {
        (1u32 << width) - 1
    }
}

/// The width of a free field, from the Arm ARM's field table.
pub fn field_width(name: &str) -> Option<u32> {
    FIELD_WIDTHS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, w)| u32::from(*w))
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn parse_bits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 32 || !s.chars().all(|c| c == '0' || c == '1') {
        return None;
    }
    u32::from_str_radix(s, 2).ok()
}

/// Parses a bit pattern; every piece is `0101`, `name=0101` or `name`.
pub fn parse_pattern(text: &str) -> Result<Pattern, String> {
    let mut pieces = Vec::new();
    for piece in text.split_whitespace() {
        let (name, width, fixed) = if let Some(bits) = parse_bits(piece) {
            (None, piece.len() as u32, Some(bits))
        } else if let Some((name, value)) = piece.split_once('=') {
            let bits = parse_bits(value)
                .ok_or_else(|| format!("`{piece}`: the value of a fixed field is binary digits"))?;
            if !is_ident(name) {
                return Err(format!("`{piece}`: bad field name"));
            }
            (Some(name), value.len() as u32, Some(bits))
        } else if is_ident(piece) {
            let width = field_width(piece).ok_or_else(|| {
                format!("unknown field `{piece}` (known free fields are listed in FIELD_WIDTHS)")
            })?;
            (Some(piece), width, None)
        } else {
            return Err(format!("cannot read `{piece}` in the bit pattern"));
        };
        pieces.push((name, width, fixed));
    }
    let total: u32 = pieces.iter().map(|p| p.1).sum();
    if total != 32 {
        return Err(format!("the bit pattern has {total} bits, not 32"));
    }
    let mut pattern = Pattern::default();
    let mut top = 32;
    for (name, width, fixed) in pieces {
        top -= width;
        let mask = low_mask(width) << top;
        if let Some(value) = fixed {
            pattern.mask |= mask;
            pattern.bits |= value << top;
        }
        if let Some(name) = name {
            if pattern.fields.iter().any(|f| f.name == name) {
                return Err(format!("field `{name}` appears twice"));
            }
            pattern.fields.push(PatternField {
                name: name.to_string(),
                pos: top,
                width,
                fixed,
            });
        }
    }
    Ok(pattern)
}

/// How an immediate operand's value becomes field bits (and is printed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImmEnc {
    /// `hex(F)`: the value divided by the scale, printed `#0x1f`.
    Hex,
    /// `dec(F)`: the value divided by the scale, printed `#31`.
    Dec,
    /// `shift(shift:imm6)`: `lsl`/`lsr`/`asr` and an amount.
    Shift,
    /// `lshift(shift:imm6)`: `lsl`/`lsr`/`asr`/`ror` and an amount.
    LogicalShift,
    /// `lsl(hw)`: a scaled left shift, printed `lsl #16`, omitted when 0.
    Lsl,
    /// `ext(option:imm3)`: an extend and amount.
    Extend,
    /// `bitmask(N:immr:imms)`: a logical immediate.
    Bitmask,
    /// `movbitmask(N:immr:imms)`: the value of `mov` as `orr`.
    MovBitmask,
    /// `movz(hw:imm16)`: the value of `mov` as `movz`.
    Movz,
    /// `movn(hw:imm16)`: the value of `mov` as `movn`.
    Movn,
    /// `lslimm(immr:imms)`: `lsl #n` as `ubfm`.
    LslImm,
    /// `bfizlsb(immr)`: the lsb of `ubfiz`/`sbfiz`.
    BfizLsb,
    /// `ubfxwidth(imms)` and the like: a bitfield width.
    Width(Bitfield),
    /// `fpimm(imm8)`: an 8-bit FP immediate.
    FpImm,
}

/// The bitfield alias a width belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bitfield {
    /// `ubfx`.
    Ubfx,
    /// `sbfx`.
    Sbfx,
    /// `ubfiz`.
    Ubfiz,
    /// `sbfiz`.
    Sbfiz,
}

impl Bitfield {
    /// The runtime enum variant's name.
    pub fn variant(self) -> &'static str {
        match self {
            Bitfield::Ubfx => "Ubfx",
            Bitfield::Sbfx => "Sbfx",
            Bitfield::Ubfiz => "Ubfiz",
            Bitfield::Sbfiz => "Sbfiz",
        }
    }
}

/// An addressing form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemMode {
    /// `[Rn,imm12]`.
    UnsignedOffset,
    /// `[Rn,imm9]`.
    Unscaled,
    /// `[Rn,imm9]!`.
    PreIndex,
    /// `[Rn],imm9`.
    PostIndex,
    /// `[Rn,Rm,option,S]`.
    RegisterOffset,
    /// `[Rn,imm7]`.
    PairOffset,
    /// `[Rn,imm7]!`.
    PairPreIndex,
    /// `[Rn],imm7`.
    PairPostIndex,
}

/// The addressing forms: token, mode, fields in the order the runtime returns them.
const MEM_TOKENS: &[(&str, MemMode, &[&str])] = &[
    ("[Rn,imm12]", MemMode::UnsignedOffset, &["Rn", "imm12"]),
    ("[Rn,imm9]", MemMode::Unscaled, &["Rn", "imm9"]),
    ("[Rn,imm9]!", MemMode::PreIndex, &["Rn", "imm9"]),
    ("[Rn],imm9", MemMode::PostIndex, &["Rn", "imm9"]),
    (
        "[Rn,Rm,option,S]",
        MemMode::RegisterOffset,
        &["Rn", "Rm", "option", "S"],
    ),
    ("[Rn,imm7]", MemMode::PairOffset, &["Rn", "imm7"]),
    ("[Rn,imm7]!", MemMode::PairPreIndex, &["Rn", "imm7"]),
    ("[Rn],imm7", MemMode::PairPostIndex, &["Rn", "imm7"]),
];

impl MemMode {
    /// The runtime enum variant's name.
    pub fn variant(self) -> &'static str {
        match self {
            MemMode::UnsignedOffset => "UnsignedOffset",
            MemMode::Unscaled => "Unscaled",
            MemMode::PreIndex => "PreIndex",
            MemMode::PostIndex => "PostIndex",
            MemMode::RegisterOffset => "RegisterOffset",
            MemMode::PairOffset => "PairOffset",
            MemMode::PairPreIndex => "PairPreIndex",
            MemMode::PairPostIndex => "PairPostIndex",
        }
    }

    /// Whether the base register is written back.
    pub fn writes_back(self) -> bool {
        matches!(
            self,
            MemMode::PreIndex | MemMode::PostIndex | MemMode::PairPreIndex | MemMode::PairPostIndex
        )
    }

    /// Whether this is a pair access.
    pub fn is_pair(self) -> bool {
        matches!(
            self,
            MemMode::PairOffset | MemMode::PairPreIndex | MemMode::PairPostIndex
        )
    }
}

/// What one format token says about its operand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// A register in one field (or the same register in two, `Rn+Rm`);
    /// `sp`: a GPR whose 31 is the stack pointer.
    Reg { fields: Vec<String>, sp: bool },
    /// The condition field; `inverted`: the inverse condition is encoded.
    Cond { inverted: bool },
    /// An immediate.
    Imm { enc: ImmEnc, fields: Vec<String> },
    /// A pc-relative target.
    Label { fields: Vec<String> },
    /// A memory operand.
    Mem {
        mode: MemMode,
        fields: Vec<&'static str>,
    },
}

impl Token {
    /// The free fields the token fills, most significant first for an immediate.
    pub fn fields(&self) -> Vec<String> {
        match self {
            Token::Reg { fields, .. } | Token::Imm { fields, .. } | Token::Label { fields } => {
                fields.clone()
            }
            Token::Cond { .. } => vec!["cond".to_string()],
            Token::Mem { fields, .. } => fields.iter().map(|f| f.to_string()).collect(),
        }
    }
}

fn field_list(text: &str, token: &str) -> Result<Vec<String>, String> {
    let fields: Vec<String> = text.split(':').map(str::to_string).collect();
    if fields.iter().any(|f| !is_ident(f)) {
        return Err(format!("`{token}`: bad field list `{text}`"));
    }
    Ok(fields)
}

fn parse_token(token: &str) -> Result<Token, String> {
    if let Some((_, mode, fields)) = MEM_TOKENS.iter().find(|(t, _, _)| *t == token) {
        return Ok(Token::Mem {
            mode: *mode,
            fields: fields.to_vec(),
        });
    }
    match token {
        "cond" => return Ok(Token::Cond { inverted: false }),
        "!cond" => return Ok(Token::Cond { inverted: true }),
        _ => {}
    }
    if let Some((name, rest)) = token.split_once('(') {
        let inner = rest
            .strip_suffix(')')
            .ok_or_else(|| format!("`{token}`: missing `)`"))?;
        let fields = field_list(inner, token)?;
        let enc = match name {
            "label" => return Ok(Token::Label { fields }),
            "hex" => ImmEnc::Hex,
            "dec" => ImmEnc::Dec,
            "shift" => ImmEnc::Shift,
            "lshift" => ImmEnc::LogicalShift,
            "lsl" => ImmEnc::Lsl,
            "ext" => ImmEnc::Extend,
            "bitmask" => ImmEnc::Bitmask,
            "movbitmask" => ImmEnc::MovBitmask,
            "movz" => ImmEnc::Movz,
            "movn" => ImmEnc::Movn,
            "lslimm" => ImmEnc::LslImm,
            "bfizlsb" => ImmEnc::BfizLsb,
            "ubfxwidth" => ImmEnc::Width(Bitfield::Ubfx),
            "sbfxwidth" => ImmEnc::Width(Bitfield::Sbfx),
            "ubfizwidth" => ImmEnc::Width(Bitfield::Ubfiz),
            "sbfizwidth" => ImmEnc::Width(Bitfield::Sbfiz),
            "fpimm" => ImmEnc::FpImm,
            other => return Err(format!("`{token}`: unknown immediate encoding `{other}`")),
        };
        return Ok(Token::Imm { enc, fields });
    }
    let (regs, sp) = match token.strip_suffix("|SP") {
        Some(r) => (r, true),
        None => (token, false),
    };
    let fields: Vec<String> = regs.split('+').map(str::to_string).collect();
    let register_field =
        |f: &String| matches!(f.as_str(), "Rd" | "Rn" | "Rm" | "Ra" | "Rt" | "Rt2");
    if fields.iter().all(register_field) && (!sp || fields.len() == 1) {
        return Ok(Token::Reg { fields, sp });
    }
    Err(format!("unknown format token `{token}`"))
}

/// Parses a format: space-separated tokens, one per encoded operand.
pub fn parse_format(text: &str) -> Result<Vec<Token>, String> {
    text.split_whitespace().map(parse_token).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_place_fields_from_bit_31_down() {
        let p = parse_pattern("sf=1 op=0 S=0 100010 sh=0 imm12 Rn Rd").expect("parses");
        assert_eq!(p.mask, 0xffc0_0000);
        assert_eq!(p.bits, 0x9100_0000);
        let rn = p.free_field("Rn").expect("Rn");
        assert_eq!((rn.pos, rn.width), (5, 5));
        assert_eq!(p.free_field("imm12").map(|f| f.pos), Some(10));
        assert_eq!(p.free_field("sf"), None);
        assert_eq!(rn.word_mask(), 0x3e0);
    }

    #[test]
    fn pattern_errors_name_the_piece() {
        let err = |s| parse_pattern(s).expect_err("rejected");
        assert!(err("sf=1 100010").contains("7 bits, not 32"));
        assert!(err("imm99 Rd").contains("unknown field `imm99`"));
        assert!(err("sf=2 0000000000000000000000000000000").contains("binary digits"));
        assert!(err("Rd Rd 0000000000000000000000").contains("`Rd` appears twice"));
        assert!(err("a-b 0").contains("cannot read `a-b`"));
    }

    #[test]
    fn format_tokens() {
        let t = parse_format("Rd|SP Rn+Rm !cond hex(immhi:immlo) [Rn],imm9 label(imm26)")
            .expect("parses");
        assert_eq!(
            t[0],
            Token::Reg {
                fields: vec!["Rd".into()],
                sp: true
            }
        );
        assert_eq!(t[1].fields(), ["Rn", "Rm"]);
        assert_eq!(t[2], Token::Cond { inverted: true });
        assert_eq!(
            t[3],
            Token::Imm {
                enc: ImmEnc::Hex,
                fields: vec!["immhi".into(), "immlo".into()]
            }
        );
        assert!(matches!(
            t[4],
            Token::Mem {
                mode: MemMode::PostIndex,
                ..
            }
        ));
        assert!(matches!(t[5], Token::Label { .. }));
        assert!(parse_format("Rx").is_err());
        assert!(parse_format("Rn+Rm|SP").is_err());
        assert!(parse_format("nope(imm12)").unwrap_err().contains("`nope`"));
        assert!(
            parse_format("hex(imm12")
                .unwrap_err()
                .contains("missing `)`")
        );
    }
}
