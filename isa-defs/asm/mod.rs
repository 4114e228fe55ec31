//! The ISA-independent vocabulary for declaring machine instructions.
//!
//! Every target (x86-64 today; aarch64 and s390x next) describes its machine
//! instructions with the types of this module: an [`IsaDef`] holds the
//! register classes, condition codes, CPU features, status flags, label kinds
//! and the instruction forms ([`InstDef`]) of one ISA. A form is written on
//! one line with the builder functions below, e.g.
//!
//! ```
//! use lathe_isa_defs::asm::*;
//! const R64: OperandType = OperandType::reg("r64", "gpr", 64);
//! const RM64: OperandType = OperandType::reg_mem("rm64", "gpr", 64);
//! let add = inst("add", [rw(RM64), r(R64)], "MR", "REX.W + 01 /r").writes(&["CF", "ZF"]);
//! assert_eq!(add.name, "add_rm64_r64");
//! ```
//!
//! The generic parts — operand kinds, access, register classes, immediates
//! with width/signedness/scaling, memory operands, pc-relative targets,
//! features and flags — mean the same for every ISA. Only two strings are
//! ISA-specific and interpreted by that ISA's generator in `lathe-meta`:
//! [`InstDef::format`] (x86-64: the SDM's "Op/En" column, e.g. `MR`;
//! aarch64: the fields of each operand, e.g. `Rd|SP Rn|SP hex(imm12)`;
//! s390x: the instruction format such as `RRE`) and [`InstDef::encoding`]
//! (x86-64: the SDM opcode column, e.g. `REX.W + 01 /r`; aarch64: the Arm
//! ARM bit pattern, e.g. `sf=1 op=0 S=0 100010 sh=0 imm12 Rn Rd`).
//!
//! Invariants (checked by `lathe-meta`, which fails the build with the form
//! name otherwise): form names are unique within an ISA; every register
//! class, fixed register, feature, flag and label kind named by a form is
//! declared in its [`IsaDef`].

/// How the register allocator sees a register class (regalloc2's `RegClass`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AllocClass {
    /// Integer / general-purpose registers.
    Int,
    /// Scalar floating-point registers.
    Float,
    /// Vector registers.
    Vector,
}

/// Byte order of the instruction stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endianness {
    /// Least significant byte first (x86-64, aarch64).
    Little,
    /// Most significant byte first (s390x).
    Big,
}

/// One physical register.
#[derive(Clone, Debug)]
pub struct RegDef {
    /// Index of the register in its allocation class (regalloc2 `PReg`
    /// hw_enc, 0..=63). Unique within an [`AllocClass`].
    pub num: u8,
    /// The number the machine encoding uses for it.
    pub enc: u8,
    /// Assembly names by operand width in bits, e.g. `[(64, "rax"), (32, "eax")]`.
    pub names: Vec<(u16, &'static str)>,
    /// Whether the register allocator may hand this register out.
    pub allocatable: bool,
}

/// A named set of registers that operands draw from.
#[derive(Clone, Debug)]
pub struct RegClassDef {
    /// Name used by operand types, e.g. `gpr`.
    pub name: &'static str,
    /// Allocation class of every register in the class.
    pub alloc: AllocClass,
    /// The registers, in encoding order.
    pub regs: Vec<RegDef>,
}

/// A condition code usable by condition operands (`jcc`, `cmovcc`, `b.cond`).
#[derive(Clone, Copy, Debug)]
pub struct CondDef {
    /// Name as printed in mnemonics (`e`, `ne`, `ae`, ...).
    pub name: &'static str,
    /// Encoding in the instruction.
    pub enc: u8,
}

/// An optional CPU feature an instruction form requires.
#[derive(Clone, Copy, Debug)]
pub struct FeatureDef {
    /// Name as written in form declarations and target flags (`sse4.1`).
    pub name: &'static str,
    /// One-line description.
    pub doc: &'static str,
}

/// A kind of pc-relative code reference (a label use), with its reach.
#[derive(Clone, Copy, Debug)]
pub struct LabelKindDef {
    /// Name as written in operand types (`rel8`).
    pub name: &'static str,
    /// Width of the patched field in bits.
    pub bits: u8,
    /// Whether the field may instead carry a relocation to an external symbol.
    pub allows_reloc: bool,
}

/// How an instruction reads or writes an operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// A use.
    Read,
    /// A def.
    Write,
    /// A use and a def of the same location (two-address form); for the
    /// register allocator a use plus a def that reuses the use's register.
    ReadWrite,
}

/// Where in the instruction's execution a register operand is read or written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// The usual place: uses early, defs late.
    Default,
    /// Forced early (a def written before all uses are read).
    Early,
    /// Forced late (a use still read after defs are written).
    Late,
}

/// The range of values an immediate accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImmRange {
    /// Two's complement: `-2^(bits-1) ..= 2^(bits-1)-1`.
    Signed,
    /// `0 ..= 2^bits-1`.
    Unsigned,
    /// Any bit pattern of `bits` bits, written signed or unsigned:
    /// `-2^(bits-1) ..= 2^bits-1` (full-width immediates).
    Either,
}

/// An immediate operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImmSpec {
    /// Width of the encoded field in bits.
    pub bits: u8,
    /// Accepted values (before scaling).
    pub range: ImmRange,
    /// The value is a multiple of `scale`; the field holds `value / scale`.
    pub scale: u8,
    /// Width at which the machine uses the value (after sign extension);
    /// disassemblers print it at this width.
    pub used_bits: u16,
}

/// What kind of value an operand is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandKind {
    /// A register of `class`, used at `width` bits. With `fixed`, always
    /// that register (named by its widest name); `shown` says whether the
    /// assembly syntax prints it.
    Reg {
        class: &'static str,
        width: u16,
        fixed: Option<&'static str>,
        shown: bool,
    },
    /// A register of `class` or a memory location, `width` bits wide.
    RegMem { class: &'static str, width: u16 },
    /// A memory location, `width` bits wide (0: only the address is used, as by `lea`).
    Mem { width: u16 },
    /// An immediate.
    Imm(ImmSpec),
    /// A pc-relative code reference: a label, or a symbol when the label kind allows relocations.
    Target { label_kind: &'static str },
    /// A condition code; it has no assembly operand but is spelled into the
    /// mnemonic where `{cc}` appears.
    Cond,
    /// A condition code printed as an assembly operand (`csel x0, x1, x2, eq`).
    CondOperand,
    /// A fixed piece of assembly text that is not encoded (`1` in `shl eax,1`).
    Literal(&'static str),
}

/// The type of an operand: a short name (used to derive form names, like
/// the manual's `r/m64` or `imm8`) and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperandType {
    /// Short name, part of the derived form name (`rm64`, `imm8`, `cl`).
    pub name: &'static str,
    /// What the operand is.
    pub kind: OperandKind,
}

impl OperandType {
    /// A register operand of `class` used at `width` bits.
    pub const fn reg(name: &'static str, class: &'static str, width: u16) -> Self {
        Self {
            name,
            kind: OperandKind::Reg {
                class,
                width,
                fixed: None,
                shown: true,
            },
        }
    }
    /// A fixed register that the assembly syntax prints (`cl` in `shl eax,cl`).
    pub const fn fixed(
        name: &'static str,
        class: &'static str,
        width: u16,
        reg: &'static str,
    ) -> Self {
        Self {
            name,
            kind: OperandKind::Reg {
                class,
                width,
                fixed: Some(reg),
                shown: true,
            },
        }
    }
    /// A fixed register the assembly syntax leaves implicit (`rdx:rax` of `div`).
    pub const fn implicit(
        name: &'static str,
        class: &'static str,
        width: u16,
        reg: &'static str,
    ) -> Self {
        Self {
            name,
            kind: OperandKind::Reg {
                class,
                width,
                fixed: Some(reg),
                shown: false,
            },
        }
    }
    /// A register-or-memory operand.
    pub const fn reg_mem(name: &'static str, class: &'static str, width: u16) -> Self {
        Self {
            name,
            kind: OperandKind::RegMem { class, width },
        }
    }
    /// A memory-only operand (`width` 0: address only).
    pub const fn mem(name: &'static str, width: u16) -> Self {
        Self {
            name,
            kind: OperandKind::Mem { width },
        }
    }
    /// An immediate of `bits` bits with the given range, used at `used_bits`.
    pub const fn imm(name: &'static str, bits: u8, range: ImmRange, used_bits: u16) -> Self {
        Self {
            name,
            kind: OperandKind::Imm(ImmSpec {
                bits,
                range,
                scale: 1,
                used_bits,
            }),
        }
    }
    /// A scaled immediate: the field holds `value / scale`.
    pub const fn scaled_imm(
        name: &'static str,
        bits: u8,
        range: ImmRange,
        scale: u8,
        used_bits: u16,
    ) -> Self {
        Self {
            name,
            kind: OperandKind::Imm(ImmSpec {
                bits,
                range,
                scale,
                used_bits,
            }),
        }
    }
    /// A pc-relative code reference of the given label kind.
    pub const fn target(name: &'static str, label_kind: &'static str) -> Self {
        Self {
            name,
            kind: OperandKind::Target { label_kind },
        }
    }
    /// A condition code operand.
    pub const fn cond(name: &'static str) -> Self {
        Self {
            name,
            kind: OperandKind::Cond,
        }
    }
    /// A condition code operand printed as an operand, not in the mnemonic.
    pub const fn cond_operand(name: &'static str) -> Self {
        Self {
            name,
            kind: OperandKind::CondOperand,
        }
    }
    /// Literal assembly text.
    pub const fn literal(name: &'static str, text: &'static str) -> Self {
        Self {
            name,
            kind: OperandKind::Literal(text),
        }
    }
}

/// One operand of a form: its type, access and position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperandDef {
    /// The operand's type.
    pub ty: OperandType,
    /// Use, def or use-def (only meaningful for registers and memory; immediates are reads).
    pub access: Access,
    /// Early/late override for the register allocator.
    pub position: Position,
}

impl OperandDef {
    /// The same operand, read or written at the start of the instruction.
    pub const fn early(mut self) -> Self {
        self.position = Position::Early;
        self
    }
    /// The same operand, read or written at the end of the instruction.
    pub const fn late(mut self) -> Self {
        self.position = Position::Late;
        self
    }
}

/// A read operand.
pub const fn r(ty: OperandType) -> OperandDef {
    OperandDef {
        ty,
        access: Access::Read,
        position: Position::Default,
    }
}
/// A written operand.
pub const fn w(ty: OperandType) -> OperandDef {
    OperandDef {
        ty,
        access: Access::Write,
        position: Position::Default,
    }
}
/// A read-and-written operand.
pub const fn rw(ty: OperandType) -> OperandDef {
    OperandDef {
        ty,
        access: Access::ReadWrite,
        position: Position::Default,
    }
}

/// What an instruction does to control flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// Falls through to the next instruction.
    None,
    /// A conditional branch.
    CondBranch,
    /// An unconditional jump.
    Jump,
    /// A call that returns.
    Call,
    /// A return.
    Return,
    /// An unconditional trap.
    Trap,
}

/// One instruction form: a mnemonic with one operand shape and one encoding.
#[derive(Clone, Debug)]
pub struct InstDef {
    /// Unique name, by default the mnemonic and operand type names joined
    /// with `_` (`add_rm64_r64`); `{cc}` in a mnemonic becomes `cc`;
    /// implicit registers and condition operands are not part of it.
    pub name: String,
    /// Mnemonic as printed; `{cc}` is replaced by the condition's name.
    pub mnemonic: &'static str,
    /// Operands in assembly order (destination first, as in the vendor manual).
    pub operands: Vec<OperandDef>,
    /// ISA-specific instruction format (x86-64: Op/En such as `RM`).
    pub format: &'static str,
    /// ISA-specific encoding in the vendor manual's notation.
    pub encoding: &'static str,
    /// CPU features required beyond the ISA's baseline.
    pub features: Vec<&'static str>,
    /// Status flags read.
    pub flags_read: Vec<&'static str>,
    /// Status flags written (including those left undefined).
    pub flags_written: Vec<&'static str>,
    /// Registers clobbered without being operands (fixed, not values).
    pub clobbers: Vec<&'static str>,
    /// Effect on control flow.
    pub control: Control,
    /// Name of a hand-written encoder hook for an irregular form (in the
    /// ISA's `asm_hooks` module); the generated encoder calls it instead.
    pub hook: Option<&'static str>,
}

/// Declares a form: mnemonic, operands, format and encoding.
pub fn inst<const N: usize>(
    mnemonic: &'static str,
    operands: [OperandDef; N],
    format: &'static str,
    encoding: &'static str,
) -> InstDef {
    let mut name = mnemonic.replace("{cc}", "cc");
    for op in &operands {
        if matches!(
            op.ty.kind,
            OperandKind::Reg { shown: false, .. } | OperandKind::Cond | OperandKind::CondOperand
        ) {
            continue;
        }
        name.push('_');
        name.push_str(op.ty.name);
    }
    InstDef {
        name,
        mnemonic,
        operands: operands.to_vec(),
        format,
        encoding,
        features: Vec::new(),
        flags_read: Vec::new(),
        flags_written: Vec::new(),
        clobbers: Vec::new(),
        control: Control::None,
        hook: None,
    }
}

impl InstDef {
    /// Overrides the derived name.
    pub fn named(mut self, name: &str) -> Self {
        self.name = name.to_string();
        self
    }
    /// Adds required CPU features.
    pub fn features(mut self, features: &[&'static str]) -> Self {
        self.features.extend_from_slice(features);
        self
    }
    /// Adds status flags read.
    pub fn reads(mut self, flags: &[&'static str]) -> Self {
        self.flags_read.extend_from_slice(flags);
        self
    }
    /// Adds status flags written.
    pub fn writes(mut self, flags: &[&'static str]) -> Self {
        self.flags_written.extend_from_slice(flags);
        self
    }
    /// Adds clobbered registers.
    pub fn clobbers(mut self, regs: &[&'static str]) -> Self {
        self.clobbers.extend_from_slice(regs);
        self
    }
    /// Sets the control-flow effect.
    pub fn control(mut self, control: Control) -> Self {
        self.control = control;
        self
    }
    /// Routes encoding through a hand-written hook.
    pub fn hook(mut self, hook: &'static str) -> Self {
        self.hook = Some(hook);
        self
    }
}

/// Everything declared about one ISA.
#[derive(Clone, Debug)]
pub struct IsaDef {
    /// Short name (`x64`), also the DSL prefix (`x64_add_rm64_r64`).
    pub name: &'static str,
    /// Name as printed by `isa-check` (`x86_64`).
    pub display_name: &'static str,
    /// Byte order of code.
    pub endianness: Endianness,
    /// Register classes.
    pub reg_classes: Vec<RegClassDef>,
    /// Condition codes.
    pub conds: Vec<CondDef>,
    /// Optional CPU features.
    pub features: Vec<FeatureDef>,
    /// Status flag names.
    pub flags: Vec<&'static str>,
    /// Label kinds.
    pub label_kinds: Vec<LabelKindDef>,
    /// Instruction forms.
    pub insts: Vec<InstDef>,
}

impl IsaDef {
    /// The register class named `name`.
    pub fn reg_class(&self, name: &str) -> Option<&RegClassDef> {
        self.reg_classes.iter().find(|c| c.name == name)
    }

    /// The register whose widest name (or any name) is `name`, with its class.
    pub fn reg_by_name(&self, name: &str) -> Option<(&RegClassDef, &RegDef)> {
        self.reg_classes
            .iter()
            .flat_map(|c| c.regs.iter().map(move |r| (c, r)))
            .find(|(_, r)| r.names.iter().any(|(_, n)| *n == name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R8: OperandType = OperandType::reg("r8", "gpr", 8);
    const CL: OperandType = OperandType::fixed("cl", "gpr", 8, "rcx");
    const RAX: OperandType = OperandType::implicit("rax", "gpr", 64, "rax");
    const CC: OperandType = OperandType::cond("cc");

    #[test]
    fn names_skip_implicit_and_cond_operands() {
        assert_eq!(
            inst("shl", [rw(R8), r(CL)], "MC", "D2 /4").name,
            "shl_r8_cl"
        );
        assert_eq!(inst("div", [r(R8), rw(RAX)], "M", "F6 /6").name, "div_r8");
        assert_eq!(
            inst("set{cc}", [r(CC), w(R8)], "M", "0F 90+cc /0").name,
            "setcc_r8"
        );
        assert_eq!(inst("x", [], "ZO", "90").named("y").name, "y");
        let cond = OperandType::cond_operand("cond");
        assert_eq!(
            inst("csel", [w(R8), r(R8), r(cond)], "x", "x").name,
            "csel_r8_r8"
        );
    }

    #[test]
    fn builder_accumulates_attributes() {
        let f = inst("adc", [rw(R8), r(R8)], "MR", "10 /r")
            .reads(&["CF"])
            .writes(&["CF", "ZF"])
            .features(&["x"]);
        assert_eq!(f.flags_read, ["CF"]);
        assert_eq!(f.flags_written, ["CF", "ZF"]);
        assert_eq!(f.features, ["x"]);
        assert_eq!(w(R8).early().position, Position::Early);
    }
}
