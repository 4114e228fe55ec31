//! The per-target facts of ELF output: machine, byte order, function
//! alignment, and the one table mapping each [`RelocKind`] to its ELF
//! relocation type.
//!
//! Every relocation is written as RELA (explicit addend) on all three
//! targets, so the addend recorded by the encoder is the ELF addend as is:
//! the encoders already fold in where the field sits relative to the
//! instruction (x86-64 `-4 - trailing`, s390x `+2`, aarch64 `0`).

use core::fmt;

use ::object::{Architecture, Endianness, elf};

use crate::machinst::asm_sink::RelocKind;

/// The machine an object is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectTarget {
    /// x86-64, little-endian, System V.
    X86_64,
    /// AArch64, little-endian, AAPCS64.
    Aarch64,
    /// IBM z/Architecture (s390x), big-endian.
    S390x,
}

impl fmt::Display for ObjectTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ObjectTarget::X86_64 => "x86_64",
            ObjectTarget::Aarch64 => "aarch64",
            ObjectTarget::S390x => "s390x",
        })
    }
}

/// How one relocation kind is written for a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElfReloc {
    /// The ELF `r_type`.
    pub r_type: u32,
    /// Bytes of the relocated field, from the relocation's offset.
    pub field_size: u32,
}

impl ObjectTarget {
    /// The `object` crate's architecture.
    pub(crate) fn architecture(self) -> Architecture {
        match self {
            ObjectTarget::X86_64 => Architecture::X86_64,
            ObjectTarget::Aarch64 => Architecture::Aarch64,
            ObjectTarget::S390x => Architecture::S390x,
        }
    }

    /// The byte order of the target's ELF files.
    pub(crate) fn endianness(self) -> Endianness {
        match self {
            ObjectTarget::X86_64 | ObjectTarget::Aarch64 => Endianness::Little,
            ObjectTarget::S390x => Endianness::Big,
        }
    }

    /// The alignment every function start gets at least (the usual one of
    /// the platform's C compilers: 16 on x86-64, 8 on s390x, 4 on aarch64).
    pub fn function_alignment(self) -> u64 {
        match self {
            ObjectTarget::X86_64 => 16,
            ObjectTarget::Aarch64 => 4,
            ObjectTarget::S390x => 8,
        }
    }

    /// The ELF relocation for `kind` on this target, or `None` when the
    /// kind belongs to another ISA.
    pub fn elf_reloc(self, kind: RelocKind) -> Option<ElfReloc> {
        use ObjectTarget::*;
        use RelocKind::*;
        let (r_type, field_size) = match (self, kind) {
            (X86_64, X86PcRel4) => (elf::R_X86_64_PC32, 4),
            (X86_64, X86CallPlt4) => (elf::R_X86_64_PLT32, 4),
            (X86_64, Abs8) => (elf::R_X86_64_64, 8),
            (X86_64, X86GotPcRel4) => (elf::R_X86_64_GOTPCREL, 4),
            (Aarch64, Aarch64Call26) => (elf::R_AARCH64_CALL26, 4),
            (Aarch64, Aarch64Jump26) => (elf::R_AARCH64_JUMP26, 4),
            (Aarch64, Aarch64AdrPrelLo21) => (elf::R_AARCH64_ADR_PREL_LO21, 4),
            (Aarch64, Aarch64AdrPrelPgHi21) => (elf::R_AARCH64_ADR_PREL_PG_HI21, 4),
            (Aarch64, Abs8) => (elf::R_AARCH64_ABS64, 8),
            (S390x, S390xPcRel32Dbl) => (elf::R_390_PC32DBL, 4),
            (S390x, S390xPlt32Dbl) => (elf::R_390_PLT32DBL, 4),
            (S390x, Abs8) => (elf::R_390_64, 8),
            _ => return None,
        };
        Some(ElfReloc { r_type, field_size })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_KINDS: [RelocKind; 10] = [
        RelocKind::X86PcRel4,
        RelocKind::X86GotPcRel4,
        RelocKind::X86CallPlt4,
        RelocKind::Abs8,
        RelocKind::S390xPcRel32Dbl,
        RelocKind::S390xPlt32Dbl,
        RelocKind::Aarch64Call26,
        RelocKind::Aarch64Jump26,
        RelocKind::Aarch64AdrPrelLo21,
        RelocKind::Aarch64AdrPrelPgHi21,
    ];

    #[test]
    fn every_kind_maps_on_exactly_its_own_targets() {
        for kind in ALL_KINDS {
            let targets: Vec<ObjectTarget> = [
                ObjectTarget::X86_64,
                ObjectTarget::Aarch64,
                ObjectTarget::S390x,
            ]
            .into_iter()
            .filter(|t| t.elf_reloc(kind).is_some())
            .collect();
            let name = format!("{kind:?}");
            let expected = if kind == RelocKind::Abs8 {
                3
            } else {
                assert!(
                    targets.iter().all(|t| {
                        let prefix = match t {
                            ObjectTarget::X86_64 => "X86",
                            ObjectTarget::Aarch64 => "Aarch64",
                            ObjectTarget::S390x => "S390x",
                        };
                        name.starts_with(prefix)
                    }),
                    "{name} maps on {targets:?}"
                );
                1
            };
            assert_eq!(targets.len(), expected, "{name}");
        }
    }

    #[test]
    fn absolute_relocations_cover_eight_bytes() {
        for t in [
            ObjectTarget::X86_64,
            ObjectTarget::Aarch64,
            ObjectTarget::S390x,
        ] {
            assert_eq!(t.elf_reloc(RelocKind::Abs8).map(|r| r.field_size), Some(8));
        }
        assert_eq!(ObjectTarget::S390x.endianness(), Endianness::Big);
        assert_eq!(ObjectTarget::Aarch64.to_string(), "aarch64");
    }
}
