//! The shared backend core: what every target's machine instructions are
//! built from and emitted into.
//!
//! - [`abi`]: where a calling convention puts arguments and return values.
//! - [`reg`]: registers (virtual or physical) as machine instructions hold them.
//! - [`operand_checks`]: the operand checks generated constructors run, and
//!   the dynamically typed operand value.
//! - [`asm_print`]: where a printed instruction is ([`asm_print::PrintContext`]).
//! - [`asm_rt`]: the names every ISA's generated instruction code uses.
//! - [`operands`]: how a machine instruction reports its register operands to
//!   the register allocator (regalloc2).
//! - [`forms`]: descriptions of generated instruction forms, and [`forms::AsmError`].
//! - [`asm_sink`]: the byte sink generated encoders write into, with labels,
//!   relocations and trap sites.
//! - [`isa_check`]: the ISA-independent half of `isa-check` (run objdump once,
//!   compare every sample).
//! - [`buffer`]: the MachBuffer, the backend's implementation of that sink:
//!   fixups with per-ISA ranges and veneers, branch simplification,
//!   islands, the constant pool, relocations and trap sites.
//! - [`inst`]: the `MachInst` trait every backend's instruction type implements.
//! - [`blockorder`]: block lowering order (reverse postorder, critical edges
//!   split, cold blocks last).
//! - [`lower`]: the lowering driver (backward walk, use counts, side-effect
//!   colors) and the `LowerBackend` trait the rule contexts implement.
//! - [`vcode`]: the lowered function in virtual registers, as regalloc2 sees it.
//! - [`regalloc`]: running regalloc2 and applying its allocations and edits.
//! - [`compiled`]: `CompiledCode`, the result of compiling a function.
//! - [`timing`]: per-phase compile times (`PassTimes`).
//! - [`error`] holds `CodegenError`, the error type of code generation.

pub mod abi;
pub mod asm_print;
pub mod asm_rt;
pub mod asm_sink;
pub mod blockorder;
pub mod buffer;
pub mod compiled;
pub mod error;
pub mod forms;
pub mod inst;
pub mod isa_check;
pub mod lower;
pub mod operand_checks;
pub mod operands;
pub mod reg;
pub mod regalloc;
// Helpers for the generated assemblers' unit tests.
#[cfg(all(test, any(feature = "x86", feature = "arm64", feature = "s390x")))]
pub(crate) mod test_support;
// The toy-ISA tests compare against the interpreter.
#[cfg(all(test, feature = "interpreter"))]
mod tests;
pub mod timing;
pub mod vcode;
