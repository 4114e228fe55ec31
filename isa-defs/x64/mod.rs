//! The x86-64 instruction set, as data.
//!
//! [`isa`] returns the registers ([`regs`]), condition codes, CPU features,
//! status flags, label kinds and every instruction form. Forms are declared
//! one per line in the topic files below, each a transcription of a row of
//! the Intel SDM's opcode tables (Vol. 2): mnemonic, operands in Intel order
//! (destination first), the "Op/En" column and the "Opcode" column. See
//! `isa-defs/README.md` for the notation.
//!
//! Baseline: x86-64 (SSE, SSE2, CMOV are always present); other features
//! are listed per form.

pub mod alu;
pub mod atomic;
pub mod bits;
pub mod control;
pub mod mov;
pub mod operands;
pub mod regs;
pub mod simd;
pub mod sse;

use crate::asm::{CondDef, Endianness, FeatureDef, IsaDef, LabelKindDef};

/// The arithmetic status flags of RFLAGS.
pub const FLAGS: &[&str] = &["CF", "PF", "AF", "ZF", "SF", "OF"];

/// The x86-64 ISA.
pub fn isa() -> IsaDef {
    let mut insts = Vec::new();
    insts.extend(alu::forms());
    insts.extend(mov::forms());
    insts.extend(bits::forms());
    insts.extend(control::forms());
    insts.extend(sse::forms());
    insts.extend(simd::forms());
    insts.extend(atomic::forms());
    IsaDef {
        name: "x64",
        display_name: "x86_64",
        endianness: Endianness::Little,
        reg_classes: regs::classes(),
        conds: conds(),
        features: features(),
        flags: FLAGS.to_vec(),
        label_kinds: vec![
            LabelKindDef {
                name: "rel8",
                bits: 8,
                allows_reloc: false,
            },
            LabelKindDef {
                name: "rel32",
                bits: 32,
                allows_reloc: true,
            },
        ],
        insts,
    }
}

/// Condition codes (SDM Vol. 1 App. B), named as objdump prints them.
fn conds() -> Vec<CondDef> {
    let names = [
        "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g",
    ];
    names
        .iter()
        .zip(0u8..)
        .map(|(&name, enc)| CondDef { name, enc })
        .collect()
}

/// CPU features beyond the x86-64 baseline.
fn features() -> Vec<FeatureDef> {
    vec![
        FeatureDef {
            name: "sse3",
            doc: "SSE3",
        },
        FeatureDef {
            name: "ssse3",
            doc: "Supplemental SSE3",
        },
        FeatureDef {
            name: "sse4.1",
            doc: "SSE4.1 (roundss, roundsd, ...)",
        },
        FeatureDef {
            name: "sse4.2",
            doc: "SSE4.2",
        },
        FeatureDef {
            name: "popcnt",
            doc: "POPCNT instruction",
        },
        FeatureDef {
            name: "lzcnt",
            doc: "LZCNT instruction (ABM)",
        },
        FeatureDef {
            name: "bmi1",
            doc: "Bit manipulation set 1 (andn, blsi, blsr, blsmsk, tzcnt)",
        },
        FeatureDef {
            name: "bmi2",
            doc: "Bit manipulation set 2 (shlx, shrx, sarx, rorx, bzhi)",
        },
        FeatureDef {
            name: "avx",
            doc: "AVX (VEX-encoded SSE)",
        },
    ]
}
