//! Parser for the Intel SDM's opcode notation (Vol. 2, section 3.1.1.1).
//!
//! Accepted, in order: the `LOCK` prefix `F0` and mandatory/operand-size
//! prefixes (`66`, `F2`, `F3`),
//! an optional `REX.W` (a `+` after it is a separator), or instead a VEX
//! prefix (`VEX.LZ.F2.0F3A.W0`: length, optional `66`/`F2`/`F3`, opcode map
//! `0F`/`0F38`/`0F3A`, `W0`/`W1`/`WIG`; `NDS`/`NDD`/`DDS` are ignored); one
//! to three opcode bytes (`0F`, `0F 38` and `0F 3A` escapes), the last of
//! which may carry `+rb`/`+rw`/`+rd`/`+ro` (register in the low three bits)
//! or `+cc` (condition code); `/r` or `/0`..`/7`; immediates `ib`, `iw`,
//! `id`, `io`; code offsets `cb`, `cd`. A form without operands may end in
//! a fixed ModRM byte (`0F AE F0`, MFENCE): a third byte of `C0`..`FF` after
//! a two-byte `0F xx` opcode with no `/r` or `/digit`.
//!
//! A 16-bit form writes its `66` operand-size prefix explicitly, like a
//! mandatory prefix, so the string says exactly which bytes are emitted.

/// What the low three bits of the last opcode byte carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpcodePlus {
    /// A register (`+rb`, `+rw`, `+rd`, `+ro`).
    Reg,
    /// A condition code (`+cc`); adds the 4-bit code.
    Cond,
}

/// The ModRM byte's `reg` field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModRm {
    /// `/r`: a register operand.
    Reg,
    /// `/digit`: an opcode extension.
    Digit(u8),
}

/// A VEX prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vex {
    /// Vector length bit (`L0`/`LZ`/`128`/`LIG` = 0, `L1`/`256` = 1).
    pub l: u8,
    /// Implied prefix: 0 none, 1 `66`, 2 `F3`, 3 `F2`.
    pub pp: u8,
    /// Opcode map: 1 `0F`, 2 `0F38`, 3 `0F3A`.
    pub map: u8,
    /// VEX.W.
    pub w: bool,
}

/// A parsed opcode string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Opcode {
    /// Legacy prefixes, in order.
    pub prefixes: Vec<u8>,
    /// REX.W.
    pub rex_w: bool,
    /// VEX prefix (then `prefixes` is empty and `bytes` is the single opcode byte).
    pub vex: Option<Vex>,
    /// Opcode bytes.
    pub bytes: Vec<u8>,
    /// What the last opcode byte's low bits carry.
    pub plus: Option<OpcodePlus>,
    /// The ModRM reg field.
    pub modrm: Option<ModRm>,
    /// Immediate sizes in bytes, in order.
    pub imms: Vec<u8>,
    /// Code-offset size in bytes.
    pub code_offset: Option<u8>,
    /// A fixed byte after ModRM, written as a hex byte after `/r`: the
    /// immediate of the SDM's pseudo-op forms (`CMPEQPS` is `CMPPS` with
    /// imm8 = 0), which objdump prints under their own mnemonic.
    pub suffix: Option<u8>,
}

fn hex_byte(tok: &str) -> Option<u8> {
    if tok.len() == 2 {
        u8::from_str_radix(tok, 16).ok()
    } else {
        None
    }
}

fn parse_vex(tok: &str) -> Result<Vex, String> {
    let mut vex = Vex {
        l: 0,
        pp: 0,
        map: 0,
        w: false,
    };
    for part in tok.split('.').skip(1) {
        match part {
            "LZ" | "L0" | "128" | "LIG" => vex.l = 0,
            "L1" | "256" => vex.l = 1,
            "66" => vex.pp = 1,
            "F3" => vex.pp = 2,
            "F2" => vex.pp = 3,
            "0F" => vex.map = 1,
            "0F38" => vex.map = 2,
            "0F3A" => vex.map = 3,
            "W0" | "WIG" => vex.w = false,
            "W1" => vex.w = true,
            "NDS" | "NDD" | "DDS" => {}
            other => return Err(format!("unknown VEX field `{other}` in `{tok}`")),
        }
    }
    if vex.map == 0 {
        return Err(format!("`{tok}` names no opcode map (0F, 0F38 or 0F3A)"));
    }
    Ok(vex)
}

/// Parses an SDM opcode string.
pub fn parse(text: &str) -> Result<Opcode, String> {
    let mut op = Opcode::default();
    let mut seen_opcode = false;
    let mut after_modrm = false;
    for tok in text.split_whitespace().filter(|t| *t != "+") {
        let err = |msg: &str| Err(format!("`{tok}`: {msg} (in `{text}`)"));
        if let Some(rest) = tok.strip_prefix('/') {
            if !seen_opcode || op.modrm.is_some() || op.plus == Some(OpcodePlus::Reg) {
                return err("ModRM needs opcode bytes before it, once, and no +r opcode");
            }
            op.modrm = Some(match rest {
                "r" => ModRm::Reg,
                d if d.len() == 1 && d.as_bytes()[0].is_ascii_digit() && d.as_bytes()[0] < b'8' => {
                    ModRm::Digit(d.as_bytes()[0] - b'0')
                }
                _ => return err("expected /r or /0../7"),
            });
            after_modrm = true;
            continue;
        }
        match tok {
            "REX.W" if !seen_opcode && op.vex.is_none() && !op.rex_w => op.rex_w = true,
            "ib" | "iw" | "id" | "io" if seen_opcode && op.code_offset.is_none() => {
                op.imms.push(match tok {
                    "ib" => 1,
                    "iw" => 2,
                    "id" => 4,
                    _ => 8,
                })
            }
            "cb" | "cd" if seen_opcode && op.code_offset.is_none() && op.imms.is_empty() => {
                op.code_offset = Some(if tok == "cb" { 1 } else { 4 })
            }
            _ if tok.starts_with("VEX.") => {
                if seen_opcode || op.rex_w || !op.prefixes.is_empty() || op.vex.is_some() {
                    return err("VEX must come first and excludes legacy prefixes and REX");
                }
                op.vex = Some(parse_vex(tok)?);
            }
            _ if after_modrm
                && op.imms.is_empty()
                && op.suffix.is_none()
                && op.code_offset.is_none() =>
            {
                let Some(value) = hex_byte(tok) else {
                    return err("expected ib/iw/id/io or one suffix hex byte after ModRM");
                };
                op.suffix = Some(value);
            }
            _ => {
                if after_modrm
                    || !op.imms.is_empty()
                    || op.code_offset.is_some()
                    || op.plus.is_some()
                {
                    return err("opcode bytes must come before ModRM, immediates and +r/+cc");
                }
                let (byte, plus) = match tok.split_once('+') {
                    Some((b, "rb" | "rw" | "rd" | "ro")) => (b, Some(OpcodePlus::Reg)),
                    Some((b, "cc")) => (b, Some(OpcodePlus::Cond)),
                    Some(_) => return err("expected +rb, +rw, +rd, +ro or +cc"),
                    None => (tok, None),
                };
                let Some(value) = hex_byte(byte) else {
                    return err(
                        "expected a hex byte, REX.W, VEX.*, /r, /digit, ib/iw/id/io or cb/cd",
                    );
                };
                let is_prefix = matches!(value, 0xF0 | 0x66 | 0xF2 | 0xF3) && plus.is_none();
                if is_prefix && !seen_opcode && !op.rex_w && op.vex.is_none() {
                    op.prefixes.push(value);
                    continue;
                }
                if plus.is_some() && value & 7 != 0 {
                    return err("a +r/+cc opcode byte must have its low three bits clear");
                }
                op.bytes.push(value);
                op.plus = plus;
                seen_opcode = true;
            }
        }
    }
    // A lone `66`/`F2`/`F3` with nothing after it is the opcode itself.
    if op.bytes.is_empty() && op.vex.is_none() && !op.rex_w {
        if let Some(last) = op.prefixes.pop() {
            op.bytes.push(last);
        }
    }
    match (op.vex, op.bytes.as_slice()) {
        (_, []) => return Err(format!("no opcode byte in `{text}`")),
        (Some(_), [_]) => {}
        (Some(_), _) => {
            return Err(format!(
                "a VEX form has exactly one opcode byte after the prefix: `{text}`"
            ));
        }
        (None, [_]) | (None, [0x0F, _]) | (None, [0x0F, 0x38 | 0x3A, _]) => {}
        (None, [0x0F, second, 0xC0..=0xFF]) if *second != 0x38 && *second != 0x3A => {
            if op.modrm.is_some() || !op.imms.is_empty() {
                return Err(format!(
                    "a fixed ModRM byte excludes `/r`, `/digit` and immediates: `{text}`"
                ));
            }
        }
        (None, _) => {
            return Err(format!(
                "opcode bytes must be 1 byte, 0F xx, 0F 38 xx or 0F 3A xx: `{text}`"
            ));
        }
    }
    Ok(op)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_brief_examples() {
        let add = parse("REX.W + 01 /r").expect("parses");
        assert!(add.rex_w);
        assert_eq!(add.bytes, [0x01]);
        assert_eq!(add.modrm, Some(ModRm::Reg));
        let shl = parse("C1 /4 ib").expect("parses");
        assert_eq!(
            (shl.modrm, shl.imms.as_slice()),
            (Some(ModRm::Digit(4)), &[1u8][..])
        );
        assert_eq!(parse("0F AF /r").expect("parses").bytes, [0x0F, 0xAF]);
        let round = parse("66 0F 3A 0B /r ib").expect("parses");
        assert_eq!(
            (round.prefixes.as_slice(), round.bytes.as_slice()),
            (&[0x66u8][..], &[0x0F, 0x3A, 0x0B][..])
        );
        let blsi = parse("VEX.LZ.0F38.W1 F3 /3").expect("parses");
        assert_eq!(
            blsi.vex,
            Some(Vex {
                l: 0,
                pp: 0,
                map: 2,
                w: true
            })
        );
        assert_eq!(blsi.bytes, [0xF3]);
        let movabs = parse("REX.W + B8+ro io").expect("parses");
        assert_eq!(
            (movabs.plus, movabs.imms.as_slice()),
            (Some(OpcodePlus::Reg), &[8u8][..])
        );
        let jcc = parse("0F 80+cc cd").expect("parses");
        assert_eq!(
            (jcc.plus, jcc.code_offset),
            (Some(OpcodePlus::Cond), Some(4))
        );
        let popcnt = parse("F3 REX.W 0F B8 /r").expect("parses");
        assert_eq!(
            (popcnt.prefixes.as_slice(), popcnt.rex_w),
            (&[0xF3u8][..], true)
        );
        let xadd = parse("F0 66 0F C1 /r").expect("parses");
        assert_eq!(
            (xadd.prefixes.as_slice(), xadd.bytes.as_slice()),
            (&[0xF0u8, 0x66][..], &[0x0F, 0xC1][..])
        );
        let mfence = parse("0F AE F0").expect("parses");
        assert_eq!(
            (mfence.bytes.as_slice(), mfence.modrm),
            (&[0x0F, 0xAE, 0xF0][..], None)
        );
        assert!(parse("0F AE F0 /r").is_err());
    }

    #[test]
    fn rejects_malformed_strings() {
        for bad in [
            "",
            "/r",
            "01 /9",
            "01 /r 02 03",
            "01 /r ib 02",
            "VEX.LZ.W0 F2 /r",
            "0F 38 39 40",
            "B9+rd",
            "01 zz",
            "REX.W REX.W 01",
            "01 cd ib",
        ] {
            assert!(parse(bad).is_err(), "{bad} should not parse");
        }
    }
}
