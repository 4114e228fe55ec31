//! The CLIF interpreter: runs functions of the IR directly, with exact CLIF
//! semantics, as the reference every backend is checked against.
//!
//! ```text
//! FunctionStore (the functions of one file, by name)
//!   └─ Interpreter::call_by_name ── machine (frames, control flow, calls)
//!        ├─ step: one instruction → an outcome (next, jump, call, return)
//!        ├─ int_ops / float_ops / convert / simd: the value semantics
//!        ├─ libcall: the C memory routines (`%Memcpy`, `%Memset`, ...)
//!        ├─ host: functions of the embedding program, called by name
//!        └─ memory: stack slots and host regions behind encoded addresses
//! ```
//!
//! Invariants:
//! - No input makes the interpreter panic or recurse on the Rust stack: CLIF
//!   calls push frames on an explicit frame stack; malformed IR (an
//!   undefined value, operand types an opcode does not take, a block without
//!   a terminator) is an [`InterpError::InvalidIr`] naming the instruction.
//! - Every memory access is bounds-checked against the slot or region its
//!   address encodes; anything else traps (`heap_oob` unless the access has
//!   another trap code), never undefined behaviour.
//! - Execution is deterministic: NaN results are fixed by rules (an input
//!   NaN propagates quietened, else the positive canonical NaN), never by
//!   the host's floating-point unit.
//! - A run executes at most a step budget of instructions
//!   ([`Interpreter::with_step_limit`]), so an infinite loop is an error,
//!   not a hang.
//! - The common instruction path does not allocate: values live in a dense
//!   per-frame map reused across calls, stack memory in one byte stack.

mod convert;
mod error;
pub(crate) mod float_ops;
mod host;
mod int_ops;
mod libcall;
mod machine;
mod memory;
mod simd;
pub(crate) mod softfloat;
mod step;
mod store;
mod value;

#[cfg(test)]
mod host_tests;
#[cfg(test)]
mod libcall_tests;
#[cfg(test)]
mod tests;

pub use error::InterpError;
pub use machine::{DEFAULT_STEP_LIMIT, Interpreter, MAX_CALL_DEPTH, MAX_STACK_BYTES};
pub use store::FunctionStore;
