//! The runtime contract of the generated aarch64 code: every name the
//! generated files use is reached as `rt::<name>` and re-exported here:
//! the ISA-independent names from [`crate::machinst::asm_rt`], then this
//! ISA's own.

pub use super::args::{
    Amode, CHECKS, MemMode, OperandValue, R31, check_amode, check_mem, check_r31, check_transfer,
    collect_amode, preferred_alias,
};
pub use super::encode::{fpr, gpr, inverted_cond, mem_fields, put_word_with_target, rw_reg};
pub use super::imm::{
    Bitfield, bfiz_lsb, bitfield_width, bitmask, extend, fp_imm8, lsl_imm, mov_bitmask, movn, movz,
    shift,
};
pub use super::inst::{Cc, LabelUse};
pub use super::print::Printer;
pub use super::regs::*;
pub use crate::machinst::asm_rt::*;
