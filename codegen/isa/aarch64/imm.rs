//! aarch64 immediate encodings: logical ("bitmask") immediates, the `mov`
//! aliases of `movz`/`movn`/`orr`, the bitfield aliases (`lsl #n`,
//! `ubfx`, `sbfiz`, ...), shifted and extended register operands, and
//! 8-bit floating-point immediates.
//!
//! Each encoder returns the concatenated field bits (most significant
//! field first, as in the form's format) or an [`AsmError`] naming the
//! form and operand. The generated constructors call the same encoders,
//! so a value that cannot be encoded, or that objdump would print as a
//! different alias, is rejected when the instruction is built.
//!
//! References: Arm ARM C4.1.92 "Logical (immediate)" with the
//! `DecodeBitMasks` pseudocode (J1.1.3), C6.2
//! MOV (wide immediate, inverted wide immediate, bitmask immediate),
//! UBFM/SBFM and `BFXPreferred`, C2.2.3 "Modified immediate constants"
//! (`VFPExpandImm`).

use crate::machinst::forms::AsmError;

/// The `width` low bits of a 64-bit value.
fn mask(width: u32) -> u64 {
    if width >= 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    }
}

/// `bits` rotated right by `amount` within an element of `size` bits.
fn rotate_right(bits: u64, amount: u32, size: u32) -> u64 {
    let amount = amount % size;
    if amount == 0 {
        return bits;
    }
    ((bits >> amount) | (bits << (size - amount))) & mask(size)
}

/// The `N:immr:imms` fields (13 bits) of `value` as a logical immediate of
/// `width` (32 or 64) bits, or `None` when it has no encoding (all zeros,
/// all ones, or not a rotated run of ones repeated in elements of 2, 4,
/// 8, 16, 32 or 64 bits).
pub fn encode_logical(value: u64, width: u32) -> Option<u32> {
    let value = value & mask(width);
    if value == 0 || value == mask(width) {
        return None;
    }
    // The smallest element size whose repetition is the value.
    let mut size = width;
    while size > 2 {
        let half = size / 2;
        if (value >> half) & mask(half) != value & mask(half) {
            break;
        }
        size = half;
    }
    let element = value & mask(size);
    let ones = element.count_ones();
    // The run of ones starts where a 0 is followed (going up) by a 1.
    let start = if element & 1 == 0 {
        element.trailing_zeros()
    } else {
        let zeros_above = (!element & mask(size)).trailing_zeros();
        let high = element >> zeros_above;
        if high == 0 {
            0
        } else {
            zeros_above + high.trailing_zeros()
        }
    };
    let immr = (size - start) % size;
    if rotate_right(mask(ones), immr, size) != element {
        return None;
    }
    let n = u32::from(size == 64);
    let imms = ((!(size - 1) << 1) & 0x3f) | (ones - 1);
    Some(n << 12 | immr << 6 | imms)
}

/// The value of the logical immediate `N:immr:imms` at `width` bits (the
/// Arm ARM's `DecodeBitMasks` for the immediate case), or `None` for a
/// reserved encoding.
pub fn decode_logical(fields: u32, width: u32) -> Option<u64> {
    let n = (fields >> 12) & 1;
    let immr = (fields >> 6) & 0x3f;
    let imms = fields & 0x3f;
    // The element size is given by the highest bit of N:NOT(imms) that is set.
    let combined = n << 6 | (!imms & 0x3f);
    if combined == 0 {
        return None;
    }
    let len = 31 - combined.leading_zeros();
    let size = 1u32 << len;
    if len < 1 || size > width {
        return None;
    }
    let levels = size - 1;
    let s = imms & levels;
    let r = immr & levels;
    if s == levels {
        return None;
    }
    let element = rotate_right(mask(s + 1), r, size);
    let mut value = 0u64;
    let mut shift = 0;
    while shift < width {
        value |= element << shift;
        shift += size;
    }
    Some(value)
}

/// Whether `value` is also a `movz` or `movn` immediate at `width` bits,
/// in which case objdump prints `orr` from the zero register with it as
/// `orr`, not as `mov` (binutils' `aarch64_wide_constant_p` test).
pub fn is_wide_immediate(value: u64, width: u32) -> bool {
    let value = value & mask(width);
    wide(value, width).is_some() || wide(!value & mask(width), width).is_some()
}

fn operand_error(form: &'static str, op: &'static str, message: String) -> AsmError {
    AsmError::operand(form, op, message)
}

/// The `width`-bit pattern an immediate operand denotes (negative values
/// are sign-extended patterns).
fn pattern(value: i64, width: u32) -> u64 {
    value as u64 & mask(width)
}

/// A logical immediate's `N:immr:imms`.
pub fn bitmask(
    form: &'static str,
    op: &'static str,
    value: i64,
    width: u32,
) -> Result<u32, AsmError> {
    encode_logical(pattern(value, width), width).ok_or_else(|| {
        operand_error(
            form,
            op,
            format!(
                "{:#x} is not a logical immediate (a rotated run of ones repeated in 2-, 4-, ..., {width}-bit elements, not all zeros or all ones)",
                pattern(value, width)
            ),
        )
    })
}

/// The `N:immr:imms` of `mov` as `orr` from the zero register: a logical
/// immediate that `movz`/`movn` cannot produce (objdump prints `orr`
/// otherwise).
pub fn mov_bitmask(
    form: &'static str,
    op: &'static str,
    value: i64,
    width: u32,
) -> Result<u32, AsmError> {
    let fields = bitmask(form, op, value, width)?;
    if is_wide_immediate(pattern(value, width), width) {
        return Err(operand_error(
            form,
            op,
            format!(
                "{:#x} is a `movz`/`movn` immediate, which objdump prints instead; use `movz_*` or `movn_*`",
                pattern(value, width)
            ),
        ));
    }
    Ok(fields)
}

/// `hw:imm16` for a value with at most one nonzero 16-bit chunk.
fn wide(value: u64, width: u32) -> Option<u32> {
    if value == 0 {
        return Some(0);
    }
    let hw = value.trailing_zeros() / 16;
    let imm16 = value >> (16 * hw);
    (imm16 <= 0xffff && 16 * hw < width).then_some(hw << 16 | imm16 as u32)
}

/// `hw:imm16` of `mov` as `movz`: the value has at most one nonzero 16-bit chunk.
pub fn movz(form: &'static str, op: &'static str, value: i64, width: u32) -> Result<u32, AsmError> {
    wide(pattern(value, width), width).ok_or_else(|| {
        operand_error(
            form,
            op,
            format!(
                "{:#x} has more than one nonzero 16-bit chunk; `movz` cannot produce it",
                pattern(value, width)
            ),
        )
    })
}

/// `hw:imm16` of `mov` as `movn`: the inverted value has at most one
/// nonzero 16-bit chunk, and (32-bit) is not `0xffff` in a chunk, which
/// objdump prints as `movn`.
pub fn movn(form: &'static str, op: &'static str, value: i64, width: u32) -> Result<u32, AsmError> {
    let inverted = !pattern(value, width) & mask(width);
    match wide(inverted, width) {
        Some(fields) if width == 32 && fields & 0xffff == 0xffff => Err(operand_error(
            form,
            op,
            format!(
                "{:#x} is a `movz` immediate, which objdump prints instead; use `movz_w`",
                pattern(value, width)
            ),
        )),
        Some(fields) => Ok(fields),
        None => Err(operand_error(
            form,
            op,
            format!(
                "the inverse of {:#x} has more than one nonzero 16-bit chunk; `movn` cannot produce it",
                pattern(value, width)
            ),
        )),
    }
}

/// `immr:imms` of `lsl #n` as `ubfm`: `immr = -n mod width`, `imms = width - 1 - n`.
/// `lsl #0` is rejected: objdump prints that word as `lsr #0`.
pub fn lsl_imm(form: &'static str, op: &'static str, n: i64, width: u32) -> Result<u32, AsmError> {
    let w = i64::from(width);
    if !(1..w).contains(&n) {
        return Err(operand_error(
            form,
            op,
            format!(
                "a left shift by immediate is 1..={}; `lsl #0` prints as `lsr #0`",
                w - 1
            ),
        ));
    }
    let immr = (w - n) as u32;
    let imms = (w - 1 - n) as u32;
    Ok(immr << 6 | imms)
}

/// `immr` of the `<lsb>` of `ubfiz`/`sbfiz`: `-lsb mod width` (the width
/// check rejects an `<lsb>` of 0).
pub fn bfiz_lsb(lsb: i64, width: u32) -> u32 {
    let w = i64::from(width.max(1));
    (w - lsb.rem_euclid(w)).rem_euclid(w) as u32
}

/// The bitfield alias a `<width>` operand belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bitfield {
    /// `ubfx`: `imms = lsb + width - 1`.
    Ubfx,
    /// `sbfx`: `imms = lsb + width - 1`.
    Sbfx,
    /// `ubfiz`: `imms = width - 1`.
    Ubfiz,
    /// `sbfiz`: `imms = width - 1`.
    Sbfiz,
}

/// `imms` of a bitfield alias's `<width>`, given its `<lsb>`; rejects
/// fields that do not fit and the values objdump prints as another alias
/// (`lsr`, `asr`, `lsl`, `uxtb`, `sxtw`, ... — `BFXPreferred` and the
/// UBFM/SBFM alias conditions).
pub fn bitfield_width(
    form: &'static str,
    op: &'static str,
    kind: Bitfield,
    lsb: i64,
    field_width: i64,
    width: u32,
) -> Result<u32, AsmError> {
    let w = i64::from(width);
    if field_width < 1 || lsb < 0 || lsb + field_width > w {
        return Err(operand_error(
            form,
            op,
            format!("a bitfield of {field_width} bits at bit {lsb} does not fit {w} bits"),
        ));
    }
    let prints_as = |alias: &str| {
        Err(operand_error(
            form,
            op,
            format!(
                "a bitfield of {field_width} bits at bit {lsb} prints as `{alias}`; use that form"
            ),
        ))
    };
    match kind {
        Bitfield::Ubfx | Bitfield::Sbfx => {
            let signed = kind == Bitfield::Sbfx;
            if lsb + field_width == w {
                return prints_as(if signed { "asr" } else { "lsr" });
            }
            if lsb == 0 {
                match (signed, field_width, width) {
                    (false, 8, 32) => return prints_as("uxtb"),
                    (false, 16, 32) => return prints_as("uxth"),
                    (true, 8, _) => return prints_as("sxtb"),
                    (true, 16, _) => return prints_as("sxth"),
                    (true, 32, 64) => return prints_as("sxtw"),
                    _ => {}
                }
            }
            Ok((lsb + field_width - 1) as u32)
        }
        Bitfield::Ubfiz | Bitfield::Sbfiz => {
            if lsb == 0 {
                return prints_as(if kind == Bitfield::Ubfiz {
                    "ubfx"
                } else {
                    "sbfx"
                });
            }
            if kind == Bitfield::Ubfiz && lsb + field_width == w {
                return prints_as("lsl");
            }
            Ok((field_width - 1) as u32)
        }
    }
}

/// The shift of a shifted-register operand, `kind << 6 | amount`
/// (0 `lsl`, 1 `lsr`, 2 `asr`, 3 `ror`), as the `shift:imm6` fields.
pub fn shift(
    form: &'static str,
    op: &'static str,
    value: i64,
    width: u32,
    allow_ror: bool,
) -> Result<u32, AsmError> {
    let kind = (value >> 6) & 3;
    let amount = value & 0x3f;
    if !(0..=0xff).contains(&value) || (kind == 3 && !allow_ror) {
        return Err(operand_error(
            form,
            op,
            format!(
                "{value:#x} is not a shift: `kind << 6 | amount` with kind 0 (lsl), 1 (lsr), 2 (asr){}",
                if allow_ror { " or 3 (ror)" } else { "" }
            ),
        ));
    }
    if amount >= i64::from(width) {
        return Err(operand_error(
            form,
            op,
            format!(
                "a shift of a {width}-bit register is 0..={}, not {amount}",
                width - 1
            ),
        ));
    }
    Ok(value as u32)
}

/// The names of the extend options, by `option` value.
pub const EXTEND_NAMES: [&str; 8] = [
    "uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx",
];

/// The extension of an extended-register operand, `option << 3 | amount`,
/// as the `option:imm3` fields. In a 64-bit operation the register `Rm`
/// is an X register exactly for `uxtx`/`sxtx`; in a 32-bit one it is a
/// W register for every option.
pub fn extend(
    form: &'static str,
    op: &'static str,
    value: i64,
    op_width: u32,
    rm_width: u32,
) -> Result<u32, AsmError> {
    let option = (value >> 3) & 7;
    let amount = value & 7;
    if !(0..=0x3f).contains(&value) || amount > 4 {
        return Err(operand_error(
            form,
            op,
            format!("{value:#x} is not an extension: `option << 3 | amount` with amount 0..=4"),
        ));
    }
    let x_source = option & 3 == 3;
    if op_width == 64 && x_source != (rm_width == 64) {
        return Err(operand_error(
            form,
            op,
            format!(
                "`{}` extends a{} register; this form's index is a {rm_width}-bit register",
                EXTEND_NAMES[option as usize],
                if x_source { " 64-bit" } else { " 32-bit" }
            ),
        ));
    }
    Ok(value as u32)
}

/// The IEEE bits (of a `width`-bit float) of the 8-bit FP immediate `imm8`
/// (the Arm ARM's `VFPExpandImm`); any width but 64 means 32.
pub fn expand_fp_imm8(imm8: u32, width: u32) -> u64 {
    let width = if width == 64 { 64 } else { 32 };
    let sign = u64::from(imm8 >> 7 & 1);
    let b6 = u64::from(imm8 >> 6 & 1);
    let b54 = u64::from(imm8 >> 4 & 3);
    let frac = u64::from(imm8 & 0xf);
    let (exp_bits, frac_bits) = if width == 64 { (11, 52) } else { (8, 23) };
    // exponent = NOT(b6) : Replicate(b6, exp_bits - 3) : b5:b4
    let replicated = if b6 == 1 { mask(exp_bits - 3) } else { 0 };
    let exponent = (b6 ^ 1) << (exp_bits - 1) | replicated << 2 | b54;
    sign << (width - 1) | exponent << frac_bits | frac << (frac_bits - 4)
}

/// The 8-bit encoding of an FP immediate given as IEEE bits of `width` bits.
pub fn fp_imm8(
    form: &'static str,
    op: &'static str,
    bits: i64,
    width: u32,
) -> Result<u32, AsmError> {
    if width != 32 && width != 64 {
        return Err(operand_error(
            form,
            op,
            format!("there are no {width}-bit FP immediates"),
        ));
    }
    let bits = pattern(bits, width);
    let (frac_bits, exp_bits) = if width == 64 { (52, 11) } else { (23, 8) };
    let sign = (bits >> (width - 1)) & 1;
    let exponent = (bits >> frac_bits) & mask(exp_bits);
    let b6 = (exponent >> (exp_bits - 2)) & 1;
    let b54 = exponent & 3;
    let frac = (bits >> (frac_bits - 4)) & 0xf;
    let imm8 = (sign << 7 | b6 << 6 | b54 << 4 | frac) as u32;
    if expand_fp_imm8(imm8, width) != bits {
        return Err(operand_error(
            form,
            op,
            format!(
                "{bits:#x} is not an 8-bit FP immediate (±n/16 × 2^e with n in 16..=31, e in -3..=4)"
            ),
        ));
    }
    Ok(imm8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value the 2^13 encodings decode to, per width.
    fn all_logical(width: u32) -> std::collections::BTreeSet<u64> {
        (0..1 << 13)
            .filter(|f| width == 64 || f >> 12 == 0)
            .filter_map(|f| decode_logical(f, width))
            .collect()
    }

    #[test]
    fn logical_immediates_round_trip_exhaustively() {
        for (width, count) in [(32, 1302), (64, 5334)] {
            let values = all_logical(width);
            assert_eq!(values.len(), count, "{width}-bit patterns");
            for &v in &values {
                let fields = encode_logical(v, width).expect("encodable");
                assert_eq!(decode_logical(fields, width), Some(v), "{v:#x}");
            }
        }
    }

    #[test]
    fn non_patterns_are_rejected() {
        for v in [0u64, u64::MAX, 0b101, 0x1234, 0x8000_0000_0000_0001 | 0b100] {
            assert_eq!(encode_logical(v, 64), None, "{v:#x}");
        }
        assert_eq!(encode_logical(0xffff_ffff, 32), None);
        assert_eq!(encode_logical(0x1_0000_0000, 32), None);
        // Walk every 16-bit pattern repeated: encodable exactly when decodable.
        let all = all_logical(64);
        for half in 0..=0xffffu64 {
            let v = half * 0x0001_0001_0001_0001;
            assert_eq!(encode_logical(v, 64).is_some(), all.contains(&v), "{v:#x}");
        }
    }

    #[test]
    fn wide_immediates_of_either_sign() {
        assert!(is_wide_immediate(0xffff_0000, 64));
        assert!(is_wide_immediate(!1, 64));
        assert!(is_wide_immediate(0xffff_fffe, 32));
        assert!(!is_wide_immediate(0xffff_fffe, 64));
        assert!(!is_wide_immediate(0x5555_5555_5555_5555, 64));
        assert!(!is_wide_immediate(0x0001_0001, 32));
    }

    /// The value `hw:imm16` fields stand for.
    fn wide_value(fields: u32) -> u64 {
        u64::from(fields & 0xffff) << (16 * (fields >> 16))
    }

    #[test]
    fn wide_immediates() {
        for v in [0u64, 1, 0xffff, 0x1_0000, 0xffff_0000_0000_0000] {
            let fields = movz("f", "imm", v as i64, 64).expect("one chunk");
            assert_eq!(wide_value(fields), v);
            let fields = movn("f", "imm", !v as i64, 64).expect("one chunk inverted");
            assert_eq!(wide_value(fields), v);
        }
        assert!(movz("f", "imm", 0x1_0001, 64).is_err());
        assert!(movz("f", "imm", 0x0001_0001, 32).is_err());
        assert_eq!(
            movz("f", "imm", 0xffff_0000, 32).map(wide_value),
            Ok(0xffff_0000)
        );
        assert!(movn("f", "imm", 0xffff_0000, 32).is_err());
        assert!(movn("f", "imm", 0x1_0001, 64).is_err());
        assert!(mov_bitmask("f", "imm", 0xff, 64).is_err());
        assert!(mov_bitmask("f", "imm", 0x5555_5555_5555_5555, 64).is_ok());
    }

    #[test]
    fn fp_immediates() {
        for v in [1.0f64, -2.5, 31.0, 0.125, -1.9375] {
            let imm8 = fp_imm8("f", "imm", v.to_bits() as i64, 64).expect("encodable");
            assert_eq!(f64::from_bits(expand_fp_imm8(imm8, 64)), v);
            let imm8 = fp_imm8("f", "imm", i64::from((v as f32).to_bits()), 32).expect("encodable");
            assert_eq!(f32::from_bits(expand_fp_imm8(imm8, 32) as u32), v as f32);
        }
        assert!(fp_imm8("f", "imm", 32.0f64.to_bits() as i64, 64).is_err());
        assert!(fp_imm8("f", "imm", 0.0625f64.to_bits() as i64, 64).is_err());
        assert!(fp_imm8("f", "imm", 0.0f64.to_bits() as i64, 64).is_err());
        assert!(fp_imm8("f", "imm", 0.1f64.to_bits() as i64, 64).is_err());
        for imm8 in 0..256 {
            for width in [32, 64] {
                let bits = expand_fp_imm8(imm8, width) as i64;
                assert_eq!(fp_imm8("f", "imm", bits, width), Ok(imm8));
            }
        }
    }

    #[test]
    fn bitfield_aliases() {
        // lsl #n is ubfm with immr = -n mod size, imms = size - 1 - n.
        assert_eq!(lsl_imm("f", "imm", 4, 64), Ok((64 - 4) << 6 | (63 - 4)));
        assert!(lsl_imm("f", "imm", 0, 64).is_err());
        assert_eq!(bfiz_lsb(4, 64), 64 - 4);
        let width = |k, lsb, w, size| bitfield_width("f", "w", k, lsb, w, size);
        assert_eq!(width(Bitfield::Ubfx, 4, 8, 64), Ok(4 + 8 - 1));
        assert!(
            width(Bitfield::Ubfx, 4, 60, 64)
                .unwrap_err()
                .message
                .contains("`lsr`")
        );
        assert!(
            width(Bitfield::Ubfx, 0, 8, 32)
                .unwrap_err()
                .message
                .contains("`uxtb`")
        );
        assert_eq!(width(Bitfield::Ubfx, 0, 8, 64), Ok(8 - 1));
        assert!(
            width(Bitfield::Sbfx, 0, 32, 64)
                .unwrap_err()
                .message
                .contains("`sxtw`")
        );
        assert!(width(Bitfield::Ubfiz, 0, 8, 64).is_err());
        assert!(
            width(Bitfield::Ubfiz, 8, 56, 64)
                .unwrap_err()
                .message
                .contains("`lsl`")
        );
        assert_eq!(width(Bitfield::Sbfiz, 8, 56, 64), Ok(56 - 1));
        assert!(
            width(Bitfield::Sbfx, 60, 8, 64)
                .unwrap_err()
                .message
                .contains("does not fit")
        );
    }

    #[test]
    fn shifts_and_extends() {
        assert_eq!(shift("f", "s", 2 << 6 | 63, 64, false), Ok(2 << 6 | 63));
        assert!(shift("f", "s", 3 << 6, 64, false).is_err());
        assert!(shift("f", "s", 32, 32, true).is_err());
        assert_eq!(extend("f", "e", 6 << 3 | 2, 64, 32), Ok(6 << 3 | 2));
        assert!(extend("f", "e", 3 << 3, 64, 32).is_err());
        assert!(extend("f", "e", 2 << 3, 64, 64).is_err());
        assert!(extend("f", "e", 5, 64, 32).is_err());
        assert_eq!(extend("f", "e", 3 << 3, 32, 32), Ok(3 << 3));
    }
}
