//! Why a run of the interpreter did not return normally.
//!
//! A CLIF trap is a result the program asked for ([`InterpError::Trap`]);
//! the other variants are limits of the interpreter or problems with the
//! input, each with a message that names the function, instruction or
//! opcode concerned.

use crate::ir::TrapCode;
use core::fmt;

/// The error of [`Interpreter::call_by_name`](super::Interpreter::call_by_name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InterpError {
    /// The program trapped with this code (`trap`, a division by zero, an
    /// out-of-bounds access, a too deep recursion (`stk_ovf`), ...).
    Trap(TrapCode),
    /// The step budget (the number in the variant) ran out: the program
    /// probably loops forever.
    StepLimit(u64),
    /// An opcode, or an opcode on a type, the interpreter does not implement;
    /// the message names it (`` `fma` on f16x8 ``).
    Unsupported(String),
    /// A call to a function that is not in the store (the name, with `%`
    /// for test-case names).
    UnknownFunction(String),
    /// The arguments do not match the called function's signature.
    BadArguments(String),
    /// A host function (registered with
    /// [`Interpreter::with_host_function`](super::Interpreter::with_host_function))
    /// failed or returned values its signature does not have.
    HostFunction {
        /// The name it was registered under.
        name: String,
        /// What went wrong.
        message: String,
    },
    /// The IR is malformed in a way a verifier would reject (an undefined
    /// value, an operand of the wrong type, a block without terminator);
    /// the message names the function and instruction.
    InvalidIr(String),
}

impl fmt::Display for InterpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InterpError::Trap(code) => write!(f, "trap: {code}"),
            InterpError::StepLimit(steps) => write!(
                f,
                "step limit reached: executed {steps} instructions without returning"
            ),
            InterpError::Unsupported(what) => write!(f, "unsupported: {what}"),
            InterpError::UnknownFunction(name) => {
                write!(f, "unknown function `{name}`: not in this file")
            }
            InterpError::BadArguments(msg) => write!(f, "bad arguments: {msg}"),
            InterpError::HostFunction { name, message } => {
                write!(f, "host function `{name}`: {message}")
            }
            InterpError::InvalidIr(msg) => write!(f, "invalid IR: {msg}"),
        }
    }
}

impl std::error::Error for InterpError {}
