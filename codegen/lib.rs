//! lathe: a retargetable code generator.
//!
//! CLIF-compatible SSA IR in, machine code out for x86-64, aarch64 and s390x.
//! See `shared/DESIGN.md` for the architecture; in short:
//!
//! ```text
//! CLIF text ──reader──┐
//! FunctionBuilder ────┴─> ir::Function ─verifier─> mid-end ─> lowering (rules)
//!   ─> VCode ─> regalloc2 ─> emission (MachBuffer) ─> CompiledCode
//! ```

pub mod data_value;
pub mod dominator_tree;
pub mod entity;
pub mod filetest;
pub mod flowgraph;
pub mod frontend;
#[cfg(feature = "interpreter")]
pub mod interp;
pub mod ir;
pub mod isa;
#[cfg(feature = "jit")]
pub mod jit;
pub mod machinst;
pub mod module;
#[cfg(feature = "object")]
pub mod object;
pub mod reader;
/// The runtime library generated code calls (it reuses the interpreter's
/// software floating point).
#[cfg(feature = "interpreter")]
pub mod runtime;
pub mod verifier;
pub mod write;
