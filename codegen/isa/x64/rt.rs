//! The runtime contract of the generated x86-64 code: every name the
//! generated files use is reached as `rt::<name>` and re-exported here:
//! the ISA-independent names from [`crate::machinst::asm_rt`], then this
//! ISA's own.

pub use super::args::{
    Amode, CHECKS, OperandValue, RegMem, RegMemRw, check_amode, check_encodable, check_reg_mem,
    check_reg_mem_rw, collect_amode, collect_reg_mem_def, collect_reg_mem_rw, collect_reg_mem_use,
    mentions_high_byte,
};
/// Encoders of forms declared with `.hook(..)` (none today).
#[allow(unused_imports)]
pub use super::asm_hooks as hooks;
pub use super::encode::{
    Legacy, RegField, Rm, Vex, emit_modrm, emit_opcode_reg, emit_plain, emit_target, emit_vex,
    rw_reg,
};
pub use super::inst::{Cc, LabelUse};
pub use super::print::Printer;
pub use super::regs::*;
pub use crate::machinst::asm_rt::*;
