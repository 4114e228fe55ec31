//! The patching math of every relocation kind the JIT applies, on plain
//! byte buffers.
//!
//! [`apply_reloc`] fills one field given the field's runtime address
//! (`P`, the *place*) and the resolved value `S + A` (symbol address plus
//! addend). It knows nothing about mappings or symbols, so every kind —
//! including aarch64's on an x86-64 host — is unit-tested here.
//!
//! Conventions follow the ELF RELA relocations the kinds are named after:
//! the field's previous contents are ignored for data fields (x86 `rel32`,
//! `Abs8`) and only the immediate bits are replaced in instruction words
//! (aarch64), leaving opcode and register bits as the encoder wrote them.
//! Out-of-range and misaligned values are errors, never truncated.

use core::fmt;

use crate::machinst::asm_sink::RelocKind;

/// Why a field could not be patched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchError {
    /// The field extends past the end of the code.
    FieldOutOfBounds,
    /// The value does not fit the field; `distance` is what had to be
    /// encoded (bytes, or pages for `Aarch64AdrPrelPgHi21`).
    OutOfRange {
        /// The distance that did not fit.
        distance: i64,
    },
    /// The distance is not a multiple of the field's unit (4 for aarch64
    /// branches).
    Misaligned {
        /// The misaligned distance in bytes.
        distance: i64,
    },
    /// The JIT does not apply this kind (s390x).
    UnsupportedKind,
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatchError::FieldOutOfBounds => {
                f.write_str("the field extends past the end of the code")
            }
            PatchError::OutOfRange { distance } => {
                write!(f, "distance {distance:#x} does not fit the field")
            }
            PatchError::Misaligned { distance } => {
                write!(f, "distance {distance:#x} is not a multiple of 4")
            }
            PatchError::UnsupportedKind => {
                f.write_str("the JIT does not apply this relocation kind")
            }
        }
    }
}

/// Size in bytes of the field a relocation of `kind` fills.
pub fn field_size(kind: RelocKind) -> u32 {
    match kind {
        RelocKind::Abs8 => 8,
        RelocKind::X86PcRel4
        | RelocKind::X86CallPlt4
        | RelocKind::X86GotPcRel4
        | RelocKind::S390xPcRel32Dbl
        | RelocKind::S390xPlt32Dbl
        | RelocKind::Aarch64Call26
        | RelocKind::Aarch64Jump26
        | RelocKind::Aarch64AdrPrelLo21
        | RelocKind::Aarch64AdrPrelPgHi21 => 4,
    }
}

/// Fills the field at the start of `field` for a relocation of `kind`
/// placed at runtime address `place`, resolving to `value` (`S + A`).
pub fn apply_reloc(
    kind: RelocKind,
    field: &mut [u8],
    place: u64,
    value: u64,
) -> Result<(), PatchError> {
    let size = field_size(kind) as usize;
    let field = field.get_mut(..size).ok_or(PatchError::FieldOutOfBounds)?;
    let distance = value.wrapping_sub(place) as i64;
    match kind {
        RelocKind::Abs8 => field.copy_from_slice(&value.to_le_bytes()),
        // For the GOT kind, `value` is the address of the GOT entry.
        RelocKind::X86PcRel4 | RelocKind::X86CallPlt4 | RelocKind::X86GotPcRel4 => {
            let rel = i32::try_from(distance).map_err(|_| PatchError::OutOfRange { distance })?;
            field.copy_from_slice(&rel.to_le_bytes());
        }
        RelocKind::Aarch64Call26 | RelocKind::Aarch64Jump26 => {
            if distance % 4 != 0 {
                return Err(PatchError::Misaligned { distance });
            }
            let words = distance >> 2;
            if !fits_signed(words, 26) {
                return Err(PatchError::OutOfRange { distance });
            }
            update_word(field, 0x03ff_ffff, words as u32 & 0x03ff_ffff);
        }
        RelocKind::Aarch64AdrPrelLo21 => {
            if !fits_signed(distance, 21) {
                return Err(PatchError::OutOfRange { distance });
            }
            update_word(field, ADR_IMM_MASK, adr_imm_bits(distance));
        }
        RelocKind::Aarch64AdrPrelPgHi21 => {
            let pages = ((value & !0xfff).wrapping_sub(place & !0xfff) as i64) >> 12;
            if !fits_signed(pages, 21) {
                return Err(PatchError::OutOfRange { distance: pages });
            }
            update_word(field, ADR_IMM_MASK, adr_imm_bits(pages));
        }
        RelocKind::S390xPcRel32Dbl | RelocKind::S390xPlt32Dbl => {
            return Err(PatchError::UnsupportedKind);
        }
    }
    Ok(())
}

/// `adr`/`adrp` keep the low two bits of the immediate in bits 29..=30
/// (`immlo`) and the high 19 in bits 5..=23 (`immhi`).
const ADR_IMM_MASK: u32 = (0b11 << 29) | (0x7_ffff << 5);

fn adr_imm_bits(imm: i64) -> u32 {
    let imm = imm as u32;
    ((imm & 0b11) << 29) | (((imm >> 2) & 0x7_ffff) << 5)
}

fn fits_signed(value: i64, bits: u32) -> bool {
    let limit = 1i64 << (bits - 1);
    (-limit..limit).contains(&value)
}

/// Replaces the `mask` bits of the little-endian instruction word in `field`.
fn update_word(field: &mut [u8], mask: u32, bits: u32) {
    let mut word = [0u8; 4];
    word.copy_from_slice(&field[..4]);
    let updated = (u32::from_le_bytes(word) & !mask) | (bits & mask);
    field[..4].copy_from_slice(&updated.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(bytes: &[u8]) -> u32 {
        u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
    }

    #[test]
    fn x86_rel32_is_target_minus_place() {
        let mut code = [0xAAu8; 6];
        // call at 0x1000: the field is at 0x1001, addend -4, target 0x2000.
        let value = 0x2000u64.wrapping_add((-4i64) as u64);
        apply_reloc(RelocKind::X86CallPlt4, &mut code[1..], 0x1001, value).expect("fits");
        assert_eq!(code, [0xAA, 0xFB, 0x0F, 0x00, 0x00, 0xAA]);
        // Backward.
        apply_reloc(RelocKind::X86PcRel4, &mut code[1..], 0x2000, 0x1000).expect("fits");
        assert_eq!(
            i32::from_le_bytes([code[1], code[2], code[3], code[4]]),
            -0x1000
        );
    }

    #[test]
    fn x86_rel32_reach_is_plus_minus_2gib() {
        let mut code = [0u8; 4];
        let place = 0x1_0000_0000u64;
        let ok = place + i32::MAX as u64;
        assert!(apply_reloc(RelocKind::X86PcRel4, &mut code, place, ok).is_ok());
        assert_eq!(
            apply_reloc(RelocKind::X86PcRel4, &mut code, place, ok + 1),
            Err(PatchError::OutOfRange {
                distance: 1i64 << 31
            })
        );
        let back = place - (1u64 << 31);
        assert!(apply_reloc(RelocKind::X86PcRel4, &mut code, place, back).is_ok());
        assert!(apply_reloc(RelocKind::X86CallPlt4, &mut code, place, back - 1).is_err());
    }

    #[test]
    fn abs8_writes_the_value() {
        let mut code = [0u8; 10];
        apply_reloc(RelocKind::Abs8, &mut code[2..], 0, 0x1122_3344_5566_7788).expect("fits");
        assert_eq!(&code[2..], &0x1122_3344_5566_7788u64.to_le_bytes());
        assert_eq!(
            apply_reloc(RelocKind::Abs8, &mut code[5..], 0, 1),
            Err(PatchError::FieldOutOfBounds)
        );
    }

    #[test]
    fn aarch64_branch26_keeps_the_opcode() {
        // `bl #0` is 0x94000000, `b #0` 0x14000000.
        let mut code = 0x9400_0000u32.to_le_bytes();
        apply_reloc(RelocKind::Aarch64Call26, &mut code, 0x1000, 0x1010).expect("fits");
        assert_eq!(word(&code), 0x9400_0004);
        let mut code = 0x1400_0000u32.to_le_bytes();
        apply_reloc(RelocKind::Aarch64Jump26, &mut code, 0x1000, 0x0ff8).expect("fits");
        assert_eq!(word(&code), 0x17ff_fffe);
        // Reach: ±128 MiB, word aligned.
        let max = (1u64 << 27) - 4;
        assert!(apply_reloc(RelocKind::Aarch64Call26, &mut code, 0, max).is_ok());
        assert_eq!(word(&code), 0x15ff_ffff);
        assert_eq!(
            apply_reloc(RelocKind::Aarch64Call26, &mut code, 0, max + 4),
            Err(PatchError::OutOfRange { distance: 1 << 27 })
        );
        assert!(apply_reloc(RelocKind::Aarch64Call26, &mut code, 1 << 27, 0).is_ok());
        assert_eq!(
            apply_reloc(RelocKind::Aarch64Call26, &mut code, 0, 6),
            Err(PatchError::Misaligned { distance: 6 })
        );
    }

    #[test]
    fn aarch64_adr_splits_the_immediate() {
        // `adr x3, #0` is 0x10000003.
        let mut code = 0x1000_0003u32.to_le_bytes();
        apply_reloc(
            RelocKind::Aarch64AdrPrelLo21,
            &mut code,
            0x100,
            0x100 + 0x1235,
        )
        .expect("fits");
        // immlo = 0b01, immhi = 0x48d.
        assert_eq!(word(&code), 0x1000_0003 | (1 << 29) | (0x48d << 5));
        apply_reloc(RelocKind::Aarch64AdrPrelLo21, &mut code, 0x100, 0xff).expect("fits");
        // -1: every immediate bit set.
        assert_eq!(word(&code), 0x1000_0003 | ADR_IMM_MASK);
        assert!(apply_reloc(RelocKind::Aarch64AdrPrelLo21, &mut code, 0, 1 << 20).is_err());
        assert!(apply_reloc(RelocKind::Aarch64AdrPrelLo21, &mut code, 1 << 20, 0).is_ok());
    }

    #[test]
    fn aarch64_adrp_counts_pages() {
        // `adrp x0, #0` is 0x90000000.
        let mut code = 0x9000_0000u32.to_le_bytes();
        // From page 0x1000 (any offset in it) to page 0x5000: 4 pages.
        apply_reloc(RelocKind::Aarch64AdrPrelPgHi21, &mut code, 0x1ffc, 0x5123).expect("fits");
        // imm = immhi:immlo = 4: immlo 0, immhi 1.
        assert_eq!(word(&code), 0x9000_0000 | (1 << 5));
        // One page back.
        apply_reloc(RelocKind::Aarch64AdrPrelPgHi21, &mut code, 0x1000, 0x0fff).expect("fits");
        assert_eq!(word(&code), 0x9000_0000 | ADR_IMM_MASK);
        // ±4 GiB.
        let place = 1u64 << 40;
        assert!(
            apply_reloc(
                RelocKind::Aarch64AdrPrelPgHi21,
                &mut code,
                place,
                place + (1 << 32)
            )
            .is_err()
        );
        assert!(
            apply_reloc(
                RelocKind::Aarch64AdrPrelPgHi21,
                &mut code,
                place,
                place + (1 << 32) - 0x1000
            )
            .is_ok()
        );
    }

    #[test]
    fn s390x_kinds_are_refused() {
        let mut code = [0u8; 4];
        assert_eq!(
            apply_reloc(RelocKind::S390xPlt32Dbl, &mut code, 0, 0),
            Err(PatchError::UnsupportedKind)
        );
    }
}
