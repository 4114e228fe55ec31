//! Errors of the backend core: what lowering, register allocation and
//! emission report instead of panicking.
//!
//! Every error names what went wrong in terms a user can act on: the
//! opcode and type a target does not lower, the type it has no registers
//! for, or the regalloc2 failure (which always means a backend bug, reported
//! rather than hidden).

use crate::ir::{Opcode, Type};
use core::fmt;

/// Why code generation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodegenError {
    /// The target does not lower this opcode at this controlling type.
    Unsupported {
        /// The opcode.
        opcode: Opcode,
        /// Its controlling type (`INVALID` for non-polymorphic opcodes).
        ty: Type,
        /// The target's name.
        target: &'static str,
    },
    /// The target has no registers for values of this type.
    UnsupportedType {
        /// The type.
        ty: Type,
        /// The target's name.
        target: &'static str,
    },
    /// A feature the target does not support yet (a calling-convention
    /// location, a kind of global value...), described in the message.
    UnsupportedFeature(String),
    /// The function is not one the backend can lower (it should not have
    /// passed the verifier): the message says what and where.
    InvalidIr(String),
    /// An implementation limit was reached (too many virtual registers...).
    ImplLimit(String),
    /// The backend broke a contract of the core (a block without a
    /// terminator, a wrong number of branch targets...): a backend bug.
    Backend(String),
    /// regalloc2 rejected the lowered code or its checker found a wrong
    /// allocation: a backend bug.
    Regalloc(String),
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodegenError::Unsupported { opcode, ty, target } => {
                if ty.is_invalid() {
                    write!(f, "unsupported: `{opcode}` on target `{target}`")
                } else {
                    write!(f, "unsupported: `{opcode}.{ty}` on target `{target}`")
                }
            }
            CodegenError::UnsupportedType { ty, target } => {
                write!(f, "unsupported: values of type `{ty}` on target `{target}`")
            }
            CodegenError::UnsupportedFeature(msg) => write!(f, "unsupported: {msg}"),
            CodegenError::InvalidIr(msg) => write!(f, "invalid IR: {msg}"),
            CodegenError::ImplLimit(msg) => write!(f, "implementation limit: {msg}"),
            CodegenError::Backend(msg) => write!(f, "backend contract violated: {msg}"),
            CodegenError::Regalloc(msg) => write!(f, "register allocation failed: {msg}"),
        }
    }
}

impl std::error::Error for CodegenError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::types;

    #[test]
    fn display_names_opcode_type_and_target() {
        let e = CodegenError::Unsupported {
            opcode: Opcode::Imul,
            ty: types::I32,
            target: "toy",
        };
        assert_eq!(e.to_string(), "unsupported: `imul.i32` on target `toy`");
        let e = CodegenError::Unsupported {
            opcode: Opcode::Trap,
            ty: types::INVALID,
            target: "toy",
        };
        assert_eq!(e.to_string(), "unsupported: `trap` on target `toy`");
    }
}
