//! The shared backend core: what every target's machine instructions are
//! built from and emitted into.
//!
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

pub mod asm_print;
pub mod asm_rt;
pub mod asm_sink;
pub mod forms;
pub mod isa_check;
pub mod operand_checks;
pub mod operands;
pub mod reg;
#[cfg(test)]
pub(crate) mod test_support;
