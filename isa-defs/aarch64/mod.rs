//! The aarch64 (A64) instruction set, as data.
//!
//! [`isa`] returns the registers ([`regs`]), condition codes, flags, label
//! kinds and every instruction form, declared one per line in the topic
//! files below. Each form is a transcription of an encoding of the Arm
//! Architecture Reference Manual (Arm ARM, DDI 0487, chapter C4 "A64
//! Instruction Set Encoding" and the instruction pages of C6/C7):
//!
//! ```text
//! inst("add", [w(X), r(X), r(IMM12)], "Rd|SP Rn|SP hex(imm12)", "sf=1 op=0 S=0 100010 sh=0 imm12 Rn Rd")
//!       │      │                      │                          └ encoding: the bit diagram
//!       │      │                      └ format: where each operand goes
//!       │      └ operands in assembly order
//!       └ mnemonic as objdump prints it (aliases such as `cmp`, `mov`, `lsl` are forms of their own)
//! ```
//!
//! # Encoding: the bit pattern
//!
//! The 32 bits from bit 31 down to bit 0, as space-separated pieces:
//! a run of `0`/`1` (fixed bits the manual leaves unnamed), `name=bits`
//! (a named field with a fixed value, its width the number of digits) or
//! `name` (a field the operands fill; its width is in [`FIELD_WIDTHS`]).
//! The pieces must add up to 32 bits.
//!
//! # Format: one token per operand
//!
//! In operand order, skipping literal operands (`lsl #12`, `#0.0`, `sp`),
//! space-separated:
//!
//! | token | operand |
//! | --- | --- |
//! | `Rd` `Rn` `Rm` `Ra` `Rt` `Rt2` | register in that field; for a GPR, 31 is the zero register |
//! | `Rd\|SP` `Rn\|SP` | GPR in that field, 31 is the stack pointer |
//! | `Rn+Rm` | one register written into both fields (`cinc`, `ror`) |
//! | `cond`, `!cond` | condition in field `cond`; `!`: its inverse is encoded (`cset`) |
//! | `hex(F)` `dec(F)` | immediate divided by its type's scale into fields `F` (`a:b` concatenates, most significant first), printed `#0x1f` / `#31` |
//! | `shift(shift:imm6)` `lshift(shift:imm6)` | shifted register `kind << 6 \| amount`: `lsl`/`lsr`/`asr`, `lshift` also `ror` |
//! | `lsl(hw)` | `movk`'s `lsl #16`-style shift (not printed when 0) |
//! | `ext(option:imm3)` | extended register `option << 3 \| amount` |
//! | `bitmask(N:immr:imms)` | logical immediate (`immr:imms` for 32 bits, where `N` is 0) |
//! | `movz(hw:imm16)` `movn(hw:imm16)` `movbitmask(N:immr:imms)` | the value of a `mov` alias of `movz`, `movn`, `orr` |
//! | `lslimm(immr:imms)` | `lsl #n` as `ubfm`: `immr = -n mod size`, `imms = size - 1 - n` |
//! | `bfizlsb(immr)` | `<lsb>` of `ubfiz`/`sbfiz`: `-lsb mod size` |
//! | `ubfxwidth(imms)` `sbfxwidth(imms)` `ubfizwidth(imms)` `sbfizwidth(imms)` | `<width>` of a bitfield alias, checked against the `<lsb>` operand before it |
//! | `fpimm(imm8)` | FP immediate (IEEE bits of the register width) |
//! | `label(imm26)` `label(imm19)` `label(imm14)` `label(immhi:immlo)` | pc-relative target of the operand's label kind |
//! | `[Rn,imm12]` | memory, unsigned offset scaled by the access size |
//! | `[Rn,imm9]` `[Rn,imm9]!` `[Rn],imm9` | memory, unscaled signed offset, pre-index, post-index |
//! | `[Rn,Rm,option,S]` | memory, register offset (extend, shift by the access size) |
//! | `[Rn,imm7]` `[Rn,imm7]!` `[Rn],imm7` | memory of a pair, offset scaled by the register size |
//!
//! A memory base is always `Xn|SP`; a register-offset index is a GPR
//! whose 31 is the zero register.
//!
//! # Preferred aliases
//!
//! objdump prints an encoding as its preferred alias when the alias's
//! conditions hold (`subs xzr, x1, x2` prints as `cmp x1, x2`). Every
//! printed spelling is a form of its own, and [`PREFERRED_ALIASES`] lists
//! which mnemonic yields to which: when a form's operands would produce
//! the fixed bits of an alias form (the zero register in `Rd`, ...), the
//! constructor rejects them and names the alias form. Aliases that depend
//! on two registers being equal (`cinc`, `cset`, `ror` from `extr`) cannot
//! be decided before register allocation; the printer applies those.

pub mod arith;
pub mod cond;
pub mod control;
pub mod fp;
pub mod logic;
pub mod mem;
pub mod operands;
pub mod regs;

use crate::asm::{CondDef, Endianness, IsaDef, LabelKindDef};

/// The condition flags of PSTATE.
pub const FLAGS: &[&str] = &["N", "Z", "C", "V"];

/// Widths of the encoding fields that operands fill (Arm ARM C4.1).
pub const FIELD_WIDTHS: &[(&str, u8)] = &[
    ("Rd", 5),
    ("Rn", 5),
    ("Rm", 5),
    ("Ra", 5),
    ("Rt", 5),
    ("Rt2", 5),
    ("imm12", 12),
    ("shift", 2),
    ("imm6", 6),
    ("option", 3),
    ("imm3", 3),
    ("N", 1),
    ("immr", 6),
    ("imms", 6),
    ("hw", 2),
    ("imm16", 16),
    ("immlo", 2),
    ("immhi", 19),
    ("cond", 4),
    ("nzcv", 4),
    ("imm5", 5),
    ("imm9", 9),
    ("S", 1),
    ("imm7", 7),
    ("imm19", 19),
    ("imm26", 26),
    ("b5", 1),
    ("b40", 5),
    ("imm14", 14),
    ("imm8", 8),
];

/// `(mnemonic, alias mnemonic)`: objdump prints a word of the first as a
/// form of the second whenever the word matches that form's fixed bits.
pub const PREFERRED_ALIASES: &[(&str, &str)] = &[
    ("add", "mov"),
    ("adds", "cmn"),
    ("subs", "cmp"),
    ("sub", "neg"),
    ("subs", "negs"),
    ("negs", "cmp"),
    ("orr", "mov"),
    ("orn", "mvn"),
    ("ands", "tst"),
    ("madd", "mul"),
    ("msub", "mneg"),
    ("smaddl", "smull"),
    ("smsubl", "smnegl"),
    ("umaddl", "umull"),
    ("umsubl", "umnegl"),
    ("cinc", "cset"),
    ("cinv", "csetm"),
    ("ret", "ret"),
    ("tbz", "tbz"),
    ("tbnz", "tbnz"),
];

/// The aarch64 ISA.
pub fn isa() -> IsaDef {
    let mut insts = Vec::new();
    insts.extend(arith::forms());
    insts.extend(logic::forms());
    insts.extend(cond::forms());
    insts.extend(mem::forms());
    insts.extend(control::forms());
    insts.extend(fp::forms());
    IsaDef {
        name: "aarch64",
        display_name: "aarch64",
        endianness: Endianness::Little,
        reg_classes: regs::classes(),
        conds: conds(),
        features: Vec::new(),
        flags: FLAGS.to_vec(),
        label_kinds: label_kinds(),
        insts,
    }
}

/// Condition codes (Arm ARM C1.2.4), named as objdump prints them.
fn conds() -> Vec<CondDef> {
    let names = [
        "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al",
        "nv",
    ];
    names
        .iter()
        .zip(0u8..)
        .map(|(&name, enc)| CondDef { name, enc })
        .collect()
}

/// The pc-relative fields, named after their width: word offsets of
/// branches and literal loads, the byte offset of `adr` and the page
/// offset of `adrp`.
fn label_kinds() -> Vec<LabelKindDef> {
    let kind = |name, bits, allows_reloc| LabelKindDef {
        name,
        bits,
        allows_reloc,
    };
    vec![
        kind("pcrel26", 26, true),
        kind("pcrel19", 19, false),
        kind("pcrel14", 14, false),
        kind("adr21", 21, true),
        kind("adrp21", 21, true),
    ]
}
