//! ISA-independent descriptions of generated instruction forms, and the
//! error type of generated constructors and encoders.
//!
//! Every ISA's generated code exposes a static table of [`FormInfo`], one
//! per declared form, so tools (the `isa-check` encoding test, disassembly
//! dumps, feature checks) can walk the forms without knowing them.

use core::fmt;

/// How a form reads or writes an operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Read.
    Read,
    /// Written.
    Write,
    /// Read and written.
    ReadWrite,
}

/// Effect of a form on control flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// Falls through.
    None,
    /// Conditional branch.
    CondBranch,
    /// Unconditional jump.
    Jump,
    /// Call that returns.
    Call,
    /// Return.
    Return,
    /// Unconditional trap.
    Trap,
}

/// What kind of value an operand is, as declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandInfoKind {
    /// A register of the named class at `width` bits; `fixed` names the register it must be.
    Reg {
        /// Register class name (`gpr`).
        class: &'static str,
        /// Width in bits.
        width: u16,
        /// The fixed register, by name.
        fixed: Option<&'static str>,
        /// Whether the assembly syntax prints it.
        shown: bool,
    },
    /// Register or memory.
    RegMem {
        /// Register class name.
        class: &'static str,
        /// Width in bits.
        width: u16,
    },
    /// Memory only (`width` 0: address only).
    Mem {
        /// Width in bits.
        width: u16,
    },
    /// Immediate: accepted range, scale and the width the machine uses it at.
    Imm {
        /// Smallest value.
        min: i64,
        /// Largest value.
        max: i64,
        /// Values are multiples of this.
        scale: u8,
        /// Width the machine uses the value at.
        used_bits: u16,
    },
    /// Pc-relative code reference.
    Target {
        /// Label kind name (`rel32`).
        label_kind: &'static str,
        /// Whether an external symbol (relocation) is allowed.
        allows_reloc: bool,
    },
    /// Condition code.
    Cond,
    /// Literal assembly text (no value).
    Literal(&'static str),
}

/// One operand of a form.
#[derive(Clone, Copy, Debug)]
pub struct OperandInfo {
    /// Field / parameter name (`dst`, `src`, `imm`).
    pub name: &'static str,
    /// Kind of value.
    pub kind: OperandInfoKind,
    /// Access.
    pub access: Access,
}

/// One declared instruction form.
#[derive(Clone, Copy, Debug)]
pub struct FormInfo {
    /// Unique name (`add_rm64_r64`).
    pub name: &'static str,
    /// Mnemonic (`add`, or `j{cc}`).
    pub mnemonic: &'static str,
    /// Operands in assembly order.
    pub operands: &'static [OperandInfo],
    /// ISA-specific format (x86-64 Op/En).
    pub format: &'static str,
    /// Encoding in the vendor manual's notation.
    pub encoding: &'static str,
    /// Required CPU features.
    pub features: &'static [&'static str],
    /// Status flags read.
    pub flags_read: &'static [&'static str],
    /// Status flags written.
    pub flags_written: &'static [&'static str],
    /// Registers clobbered, by name.
    pub clobbers: &'static [&'static str],
    /// Control-flow effect.
    pub control: Control,
}

/// A rejected operand or an instruction that cannot be encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsmError {
    /// The form.
    pub form: &'static str,
    /// The operand, when one is at fault.
    pub operand: Option<&'static str>,
    /// What is wrong, lowercase.
    pub message: String,
}

impl AsmError {
    /// An error about operand `operand` of `form`.
    pub fn operand(form: &'static str, operand: &'static str, message: impl Into<String>) -> Self {
        Self {
            form,
            operand: Some(operand),
            message: message.into(),
        }
    }
    /// An error about the whole instruction.
    pub fn form(form: &'static str, message: impl Into<String>) -> Self {
        Self {
            form,
            operand: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.operand {
            Some(op) => write!(f, "`{}`: operand `{op}`: {}", self.form, self.message),
            None => write!(f, "`{}`: {}", self.form, self.message),
        }
    }
}

impl std::error::Error for AsmError {}

/// What every ISA's generated instruction type offers to ISA-independent
/// tools (the `isa-check` comparison, encoding tests). The generator
/// implements it for each `Inst` by calling the inherent methods of the
/// same names.
pub trait AsmInst: Sized {
    /// The generated form enum.
    type Form: Copy + Ord + fmt::Debug + 'static;
    /// The ISA's dynamically typed operand value.
    type Operand: fmt::Debug;
    /// The ISA's label field kinds.
    type LabelUse: crate::machinst::asm_sink::LabelUseKind;
    /// Every declared form, in declaration order.
    fn all_forms() -> &'static [Self::Form];
    /// A form's unique name.
    fn form_name(form: Self::Form) -> &'static str;
    /// Builds an instruction of `form` from operand values, with the
    /// constructors' checks.
    fn from_operands(form: Self::Form, operands: &[Self::Operand]) -> Result<Self, AsmError>;
    /// Encodes the instruction into `sink`.
    fn encode<S: crate::machinst::asm_sink::AsmSink<LabelUse = Self::LabelUse>>(
        &self,
        sink: &mut S,
    ) -> Result<(), AsmError>;
    /// The instruction's text, as objdump prints it when `ctx` places it.
    fn print(&self, ctx: &crate::machinst::asm_print::PrintContext<'_>) -> String;
}
