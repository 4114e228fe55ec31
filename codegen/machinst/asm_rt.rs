//! The ISA-independent half of the runtime contract of generated
//! instruction code (see `meta/src/asm`): the generated `<isa>_insts.rs`
//! names everything it uses as `rt::<name>`, and each ISA's `rt` module
//! re-exports this module whole, then adds its own names (operand types,
//! `CHECKS`, ISA-specific checks, printer, encoding helpers).

pub use super::asm_print::PrintContext;
pub use super::asm_sink::{AsmSink, RelocKind, Target};
pub use super::forms::{
    Access, AsmError, AsmInst, Control, FormInfo, OperandInfo, OperandInfoKind,
};
pub use super::operand_checks::check_imm;
pub use super::operands::{OperandCollector, OperandPos, OperandVisitor};
pub use super::reg::{Reg, RegClass, Rw};
