//! The entity kinds of a function, each a `u32` handle with its CLIF prefix.
//!
//! Values, instructions and blocks live in the [`DataFlowGraph`]; stack slots
//! and global values in the [`Function`]; signatures, external functions,
//! jump tables, exception tables and constants in the DFG too. Displaying an
//! entity gives its CLIF name (`v3`, `block0`, `ss1`, `fn2`, …).
//!
//! [`DataFlowGraph`]: crate::ir::DataFlowGraph
//! [`Function`]: crate::ir::Function

use crate::entity_impl;
use core::fmt;

macro_rules! entities {
    ($($(#[$doc:meta])* $name:ident = $prefix:literal;)*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub struct $name(u32);
            entity_impl!($name, $prefix);
        )*
    };
}

entities! {
    /// An SSA value: an instruction result or a block parameter (`v12`).
    Value = "v";
    /// An instruction (`inst3`).
    Inst = "inst";
    /// A basic block (`block0`).
    Block = "block";
    /// A fixed-size stack slot (`ss0`).
    StackSlot = "ss";
    /// A dynamically sized stack slot (`dss0`).
    DynamicStackSlot = "dss";
    /// A dynamic vector type declared in the preamble (`dt0`).
    DynamicType = "dt";
    /// A global value (`gv0`).
    GlobalValue = "gv";
    /// An external function the function can call (`fn0`).
    FuncRef = "fn";
    /// A signature used by indirect calls and external functions (`sig0`).
    SigRef = "sig";
    /// A jump table of a `br_table` (`jt0`).
    JumpTable = "jt";
    /// The exception table of a `try_call` (`extable0`).
    ExceptionTable = "extable";
    /// An exception tag a `try_call` handler catches (`tag1`).
    ExceptionTag = "tag";
    /// A constant in the constant pool (`const0`).
    Constant = "const";
    /// An immediate too big for an instruction field, e.g. a shuffle mask (`imm0`).
    Immediate = "imm";
    /// A user external name declared in the function's name table (`userextname0`).
    UserExternalNameRef = "userextname";
    /// A memory alias region declared in the preamble (`region0`).
    AliasRegion = "region";
}

/// Any entity, for naming the location of an error.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum AnyEntity {
    /// The whole function.
    Function,
    /// A block.
    Block(Block),
    /// An instruction.
    Inst(Inst),
    /// A value.
    Value(Value),
    /// A stack slot.
    StackSlot(StackSlot),
    /// A dynamic stack slot.
    DynamicStackSlot(DynamicStackSlot),
    /// A dynamic type.
    DynamicType(DynamicType),
    /// A global value.
    GlobalValue(GlobalValue),
    /// An external function.
    FuncRef(FuncRef),
    /// A signature.
    SigRef(SigRef),
    /// A jump table.
    JumpTable(JumpTable),
    /// An exception table.
    ExceptionTable(ExceptionTable),
    /// A constant.
    Constant(Constant),
    /// An alias region.
    AliasRegion(AliasRegion),
}

impl fmt::Display for AnyEntity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnyEntity::Function => f.write_str("function"),
            AnyEntity::Block(e) => e.fmt(f),
            AnyEntity::Inst(e) => e.fmt(f),
            AnyEntity::Value(e) => e.fmt(f),
            AnyEntity::StackSlot(e) => e.fmt(f),
            AnyEntity::DynamicStackSlot(e) => e.fmt(f),
            AnyEntity::DynamicType(e) => e.fmt(f),
            AnyEntity::GlobalValue(e) => e.fmt(f),
            AnyEntity::FuncRef(e) => e.fmt(f),
            AnyEntity::SigRef(e) => e.fmt(f),
            AnyEntity::JumpTable(e) => e.fmt(f),
            AnyEntity::ExceptionTable(e) => e.fmt(f),
            AnyEntity::Constant(e) => e.fmt(f),
            AnyEntity::AliasRegion(e) => e.fmt(f),
        }
    }
}

macro_rules! any_entity_from {
    ($($name:ident),*) => {
        $(impl From<$name> for AnyEntity {
            fn from(e: $name) -> Self {
                AnyEntity::$name(e)
            }
        })*
    };
}

any_entity_from!(
    Block,
    Inst,
    Value,
    StackSlot,
    DynamicStackSlot,
    DynamicType,
    GlobalValue,
    FuncRef,
    SigRef,
    JumpTable,
    ExceptionTable,
    Constant,
    AliasRegion
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityRef;

    #[test]
    fn prefixes_match_clif() {
        assert_eq!(Value::new(3).to_string(), "v3");
        assert_eq!(Block::new(0).to_string(), "block0");
        assert_eq!(Inst::new(1).to_string(), "inst1");
        assert_eq!(StackSlot::new(2).to_string(), "ss2");
        assert_eq!(DynamicStackSlot::new(2).to_string(), "dss2");
        assert_eq!(GlobalValue::new(4).to_string(), "gv4");
        assert_eq!(FuncRef::new(5).to_string(), "fn5");
        assert_eq!(SigRef::new(6).to_string(), "sig6");
        assert_eq!(JumpTable::new(7).to_string(), "jt7");
        assert_eq!(Constant::new(8).to_string(), "const8");
        assert_eq!(ExceptionTable::new(9).to_string(), "extable9");
        assert_eq!(AnyEntity::from(Value::new(1)).to_string(), "v1");
        assert_eq!(AnyEntity::Function.to_string(), "function");
    }
}
