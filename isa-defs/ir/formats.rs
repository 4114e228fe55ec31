//! Instruction formats: the shapes instructions are stored in.
//!
//! Each format becomes one `InstructionData` variant. Its fields, in order:
//! `opcode`, then the value operands (`arg: Value` for one, `args: [Value; N]`
//! for several, or `args: ValueList` for a variable list), then the fields
//! listed here. Every field is documented so readers and writers know what
//! it holds; field names are the public API of `InstructionData`.

/// The kind of a non-value field.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FieldKind {
    /// `Imm64`.
    Imm64,
    /// `Uimm8`.
    Uimm8,
    /// `Offset32`.
    Offset32,
    /// `Ieee16`.
    Ieee16,
    /// `Ieee32`.
    Ieee32,
    /// `Ieee64`.
    Ieee64,
    /// `IntCC`.
    IntCC,
    /// `FloatCC`.
    FloatCC,
    /// `MemFlags`.
    MemFlags,
    /// `TrapCode`.
    TrapCode,
    /// `AtomicRmwOp`.
    AtomicRmwOp,
    /// A `Block` without arguments.
    Block,
    /// A `BlockCall`: a block and its arguments.
    BlockCall,
    /// Two `BlockCall`s: `[then, else]`.
    BlockCallPair,
    /// `FuncRef`.
    FuncRef,
    /// `SigRef`.
    SigRef,
    /// `StackSlot`.
    StackSlot,
    /// `DynamicStackSlot`.
    DynamicStackSlot,
    /// `GlobalValue`.
    GlobalValue,
    /// `JumpTable`.
    JumpTable,
    /// `ExceptionTable`.
    ExceptionTable,
    /// `Constant` (pool handle).
    Constant,
    /// `Immediate` (shuffle mask handle).
    Immediate,
}

impl FieldKind {
    /// The Rust type of the field.
    pub fn rust_type(self) -> &'static str {
        match self {
            FieldKind::Imm64 => "Imm64",
            FieldKind::Uimm8 => "Uimm8",
            FieldKind::Offset32 => "Offset32",
            FieldKind::Ieee16 => "Ieee16",
            FieldKind::Ieee32 => "Ieee32",
            FieldKind::Ieee64 => "Ieee64",
            FieldKind::IntCC => "IntCC",
            FieldKind::FloatCC => "FloatCC",
            FieldKind::MemFlags => "MemFlags",
            FieldKind::TrapCode => "TrapCode",
            FieldKind::AtomicRmwOp => "AtomicRmwOp",
            FieldKind::Block => "Block",
            FieldKind::BlockCall => "BlockCall",
            FieldKind::BlockCallPair => "[BlockCall; 2]",
            FieldKind::FuncRef => "FuncRef",
            FieldKind::SigRef => "SigRef",
            FieldKind::StackSlot => "StackSlot",
            FieldKind::DynamicStackSlot => "DynamicStackSlot",
            FieldKind::GlobalValue => "GlobalValue",
            FieldKind::JumpTable => "JumpTable",
            FieldKind::ExceptionTable => "ExceptionTable",
            FieldKind::Constant => "Constant",
            FieldKind::Immediate => "Immediate",
        }
    }

    /// The type name in the rule DSL's extractor declarations.
    pub fn dsl_type(self) -> &'static str {
        match self {
            FieldKind::BlockCallPair => "BlockCallPair",
            other => other.rust_type(),
        }
    }
}

/// The value operands of a format.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ValueOperands {
    /// A fixed number, stored inline.
    Fixed(u8),
    /// A fixed number of leading operands then a variable list, all in one
    /// `ValueList` named `args`.
    List {
        /// How many leading operands have their own constraints.
        fixed: u8,
    },
}

/// A non-value field of a format.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Field {
    /// Field name in `InstructionData`.
    pub name: &'static str,
    /// What it holds.
    pub kind: FieldKind,
    /// One-line doc.
    pub doc: &'static str,
}

/// An instruction format.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Format {
    /// Variant name (`Binary`).
    pub name: &'static str,
    /// Value operands.
    pub values: ValueOperands,
    /// Non-value fields, in order.
    pub fields: &'static [Field],
    /// Index of the value operand that gives the controlling type when the
    /// opcode infers it from an operand (0 for most formats; 1 for `Ternary`
    /// so that `select c, x, y` takes the type of `x`; 2 for `AtomicCas`,
    /// the replacement value).
    pub typevar_operand: u8,
    /// One-line doc.
    pub doc: &'static str,
}

const fn field(name: &'static str, kind: FieldKind, doc: &'static str) -> Field {
    Field { name, kind, doc }
}

const fn fmt(
    name: &'static str,
    values: ValueOperands,
    fields: &'static [Field],
    doc: &'static str,
) -> Format {
    Format {
        name,
        values,
        fields,
        typevar_operand: 0,
        doc,
    }
}

use FieldKind as K;
use ValueOperands::{Fixed as V, List};

const IMM: Field = field("imm", K::Imm64, "The immediate.");
const FLAGS: Field = field("flags", K::MemFlags, "Memory flags.");
const OFFSET: Field = field("offset", K::Offset32, "Byte offset added to the address.");
const CODE: Field = field("code", K::TrapCode, "The trap code.");
const FUNC_REF: Field = field("func_ref", K::FuncRef, "The callee.");
const SIG_REF: Field = field("sig_ref", K::SigRef, "The callee's signature.");
const EXCEPTION: Field = field(
    "exception",
    K::ExceptionTable,
    "Normal-return and exception successors.",
);
const LANE: Field = field("imm", K::Uimm8, "Lane index.");

/// Every instruction format.
pub fn formats() -> &'static [Format] {
    FORMATS
}

const FORMATS: &[Format] = &[
    fmt("NullAry", V(0), &[], "No operands."),
    fmt("Unary", V(1), &[], "One value: `arg`."),
    fmt("UnaryImm", V(0), &[IMM], "An integer immediate."),
    fmt(
        "UnaryIeee16",
        V(0),
        &[field("imm", K::Ieee16, "The constant.")],
        "An f16 immediate.",
    ),
    fmt(
        "UnaryIeee32",
        V(0),
        &[field("imm", K::Ieee32, "The constant.")],
        "An f32 immediate.",
    ),
    fmt(
        "UnaryIeee64",
        V(0),
        &[field("imm", K::Ieee64, "The constant.")],
        "An f64 immediate.",
    ),
    fmt(
        "UnaryConst",
        V(0),
        &[field(
            "constant_handle",
            K::Constant,
            "The constant in the pool.",
        )],
        "A pool constant.",
    ),
    fmt(
        "UnaryGlobalValue",
        V(0),
        &[field("global_value", K::GlobalValue, "The global value.")],
        "A global value.",
    ),
    fmt("Binary", V(2), &[], "Two values: `args`."),
    fmt("BinaryImm8", V(1), &[LANE], "A value and a lane index."),
    Format {
        typevar_operand: 1,
        ..fmt("Ternary", V(3), &[], "Three values: `args`.")
    },
    fmt("TernaryImm8", V(2), &[LANE], "Two values and a lane index."),
    fmt(
        "Shuffle",
        V(2),
        &[field("imm", K::Immediate, "The 16-byte lane mask.")],
        "Two vectors and a mask.",
    ),
    fmt(
        "IntCompare",
        V(2),
        &[field("cond", K::IntCC, "The condition.")],
        "Integer comparison.",
    ),
    fmt(
        "FloatCompare",
        V(2),
        &[field("cond", K::FloatCC, "The condition.")],
        "Float comparison.",
    ),
    fmt(
        "Jump",
        V(0),
        &[field(
            "destination",
            K::BlockCall,
            "The target and its arguments.",
        )],
        "Unconditional jump.",
    ),
    fmt(
        "Brif",
        V(1),
        &[field(
            "blocks",
            K::BlockCallPair,
            "`[taken if non-zero, taken if zero]`.",
        )],
        "Two-way branch on `arg`.",
    ),
    fmt(
        "BranchTable",
        V(1),
        &[field("table", K::JumpTable, "Default and indexed targets.")],
        "Indexed branch on `arg`.",
    ),
    fmt(
        "Call",
        List { fixed: 0 },
        &[FUNC_REF],
        "Direct call; `args` are the arguments.",
    ),
    fmt(
        "CallIndirect",
        List { fixed: 1 },
        &[SIG_REF],
        "Indirect call; `args` = callee then arguments.",
    ),
    fmt(
        "TryCall",
        List { fixed: 0 },
        &[FUNC_REF, EXCEPTION],
        "Direct call with exception successors.",
    ),
    fmt(
        "TryCallIndirect",
        List { fixed: 1 },
        &[EXCEPTION],
        "Indirect call with exception successors; `args` = callee then arguments.",
    ),
    fmt("FuncAddr", V(0), &[FUNC_REF], "Address of a function."),
    fmt("Load", V(1), &[FLAGS, OFFSET], "Load from `arg + offset`."),
    fmt(
        "LoadNoOffset",
        V(1),
        &[FLAGS],
        "Memory-flagged operation on `arg`.",
    ),
    fmt(
        "Store",
        V(2),
        &[FLAGS, OFFSET],
        "Store `args[0]` to `args[1] + offset`.",
    ),
    fmt(
        "StoreNoOffset",
        V(2),
        &[FLAGS],
        "Store `args[0]` to `args[1]`.",
    ),
    fmt(
        "StackLoad",
        V(0),
        &[field("stack_slot", K::StackSlot, "The slot."), OFFSET],
        "A stack slot and an offset.",
    ),
    fmt(
        "DynamicStackLoad",
        V(0),
        &[field(
            "dynamic_stack_slot",
            K::DynamicStackSlot,
            "The slot.",
        )],
        "A dynamic stack slot.",
    ),
    fmt(
        "DynamicStackStore",
        V(1),
        &[field(
            "dynamic_stack_slot",
            K::DynamicStackSlot,
            "The slot.",
        )],
        "A value and a dynamic stack slot.",
    ),
    fmt("Trap", V(0), &[CODE], "Unconditional trap."),
    fmt("CondTrap", V(1), &[CODE], "Trap depending on `arg`."),
    fmt("IntAddTrap", V(2), &[CODE], "Add that traps on overflow."),
    fmt(
        "MultiAry",
        List { fixed: 0 },
        &[],
        "A variable list of values: `args`.",
    ),
    fmt(
        "AtomicRmw",
        V(2),
        &[FLAGS, field("op", K::AtomicRmwOp, "The operation.")],
        "Atomic read-modify-write of `args[1]` at address `args[0]`.",
    ),
    Format {
        typevar_operand: 2,
        ..fmt(
            "AtomicCas",
            V(3),
            &[FLAGS],
            "Atomic compare-and-swap: address, expected, replacement; the type is the replacement's.",
        )
    },
    fmt(
        "ExceptionHandlerAddress",
        V(0),
        &[field("block", K::Block, "The handler block."), IMM],
        "Address of an exception handler.",
    ),
];

impl Format {
    /// Number of value operands stored inline (0 for list formats).
    pub fn inline_values(&self) -> u8 {
        match self.values {
            ValueOperands::Fixed(n) => n,
            ValueOperands::List { .. } => 0,
        }
    }

    /// Does the format keep its values in a `ValueList`?
    pub fn has_value_list(&self) -> bool {
        matches!(self.values, ValueOperands::List { .. })
    }
}
