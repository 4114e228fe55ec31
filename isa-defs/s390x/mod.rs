//! The s390x (z/Architecture) instruction set, as data.
//!
//! [`isa`] returns the registers ([`regs`]), the branch-mask conditions,
//! the facilities beyond the baseline, the condition code, the label kinds
//! and every instruction form. Forms are declared one per line in the
//! topic files below, each a transcription of an instruction's entry in
//! the z/Architecture Principles of Operation (SA22-7832): mnemonic,
//! operands in assembler order, instruction format and opcode.
//!
//! # Notation
//!
//! ```text
//! form("ag", [rw(R64), r(M64)], "RXY-a", "E308").writes(CC),
//! //    │     │                  │        └ opcode in hex, as the manual writes it
//! //    │     │                  └ instruction format (PoO chapter 5 and appendix)
//! //    │     └ operands in assembler order: AG R1,D2(X2,B2)
//! //    └ mnemonic, also the form's name (`Inst::ag`, DSL term `s390x_ag`)
//! ```
//!
//! - **Format** names the field layout: `E`, `S`, `RR`, `RRE`, `RRD`,
//!   `RRF-a`..`RRF-e`, `RI-a`..`RI-c`, `RIL-a`..`RIL-c`, `RIE-a`, `RIE-d`,
//!   `RIE-f`, `RIE-g`, `RX-a`, `RX-b`, `RXE`, `RXF`, `RXY-a`, `RXY-b`,
//!   `RS-a`, `RS-b`, `RSY-a`, `RSY-b`, `SI`, `SIY`, `SIL`. The layouts and
//!   the assembler order of their fields live in `meta/src/s390x_format.rs`.
//!   Operands map in order onto the format's fields; a trailing optional
//!   field (`M4` of `RRF-e`, `M3` of `RRF-c`) without an operand is zero.
//! - **Opcode** is 2 hex digits (bits 0-7), 3 (bits 0-7 and 12-15: `A7B`,
//!   `C28`) or 4 (bits 0-15, or bits 0-7 and 40-47 for six-byte formats:
//!   `E308`). It may be followed by fixed field values, `FIELD=VALUE`,
//!   for extended mnemonics and ignored fields: `j` is `"A74 M1=15"`
//!   (`BRC 15,RI2`), `sll` is `"89 R3=0"` (R3 is not used).
//! - Conditions: a `{cc}` mnemonic takes a [`operands::COND`] operand whose
//!   mask goes in the field at the operand's position; masks 1..14 are
//!   named as objdump spells them (`o h nle l nhe lh ne e nlh he nl le nh
//!   no`). The always/never masks are separate extended mnemonics (`j`,
//!   `br`, `nop`). Compare-and-trap spells its masks differently
//!   (`cgrte`, `cgitnh`), so each of its conditions is its own form.
//! - Register pairs: the forms that use an even/odd pair (`dsgr`, `dlgr`,
//!   `mlgr`, `mgrk`, `flogr`) name the fixed pair `r0`:`r1`; the even
//!   register is printed, the odd one implicit.
//! - Storage operands are `D(X,B)` or `D(B)`; `r0` in a base or index field
//!   means "none", so `r0` can never be a base or index register.
//!
//! Forms are named after their mnemonic (the manual gives each opcode its
//! own mnemonic); condition forms are named after the base instruction
//! (`brc`, `locgr`). Emission is big-endian.
//!
//! Baseline: z13 (load/store-on-condition 1 and 2, distinct-operands,
//! high-word and population-count facilities). Forms that need more name
//! their facility.

pub mod alu;
pub mod control;
pub mod float;
pub mod mem;
pub mod operands;
pub mod regs;
pub mod shift;

use crate::asm::{
    CondDef, Endianness, FeatureDef, InstDef, IsaDef, LabelKindDef, OperandDef, inst,
};

/// The condition code, the only status flag.
pub const CC: &[&str] = &["CC"];

/// Declares a form named after its mnemonic. A `{cc}` mnemonic keeps the
/// derived name until `.named(..)` gives it the base instruction's name.
pub fn form<const N: usize>(
    mnemonic: &'static str,
    operands: [OperandDef; N],
    format: &'static str,
    encoding: &'static str,
) -> InstDef {
    let def = inst(mnemonic, operands, format, encoding);
    if mnemonic.contains("{cc}") {
        def
    } else {
        def.named(mnemonic)
    }
}

/// The s390x ISA.
pub fn isa() -> IsaDef {
    let mut insts = Vec::new();
    insts.extend(alu::forms());
    insts.extend(mem::forms());
    insts.extend(shift::forms());
    insts.extend(control::forms());
    insts.extend(float::forms());
    IsaDef {
        name: "s390x",
        display_name: "s390x",
        endianness: Endianness::Big,
        reg_classes: regs::classes(),
        conds: conds(),
        features: features(),
        flags: CC.to_vec(),
        label_kinds: vec![
            LabelKindDef {
                name: "rel16",
                bits: 16,
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

/// Branch masks 1..14 (bit 8 selects CC 0, 4 CC 1, 2 CC 2, 1 CC 3), named
/// as in the extended mnemonics (PoO appendix B) and objdump.
fn conds() -> Vec<CondDef> {
    let names = [
        "o", "h", "nle", "l", "nhe", "lh", "ne", "e", "nlh", "he", "nl", "le", "nh", "no",
    ];
    names
        .iter()
        .zip(1u8..)
        .map(|(&name, enc)| CondDef { name, enc })
        .collect()
}

/// Facilities beyond the z13 baseline.
fn features() -> Vec<FeatureDef> {
    vec![
        FeatureDef {
            name: "mie2",
            doc: "Miscellaneous-instruction-extensions facility 2 (z14): mgrk, mg, msgrkc, msrkc",
        },
        FeatureDef {
            name: "mie3",
            doc: "Miscellaneous-instruction-extensions facility 3 (z15): selgr, selr, ncgrk, nngrk, ...",
        },
    ]
}
