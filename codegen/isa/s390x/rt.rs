//! The runtime contract of the generated s390x code: every name the
//! generated files use is reached as `rt::<name>` and re-exported here:
//! the ISA-independent names from [`crate::machinst::asm_rt`], then this
//! ISA's own.

pub use super::args::{
    AddrKind, Amode, CHECKS, OperandValue, check_address, check_amode, collect_amode,
};
pub use super::encode::{Put, emit, rw_reg};
pub use super::inst::{Cc, LabelUse};
pub use super::print::Printer;
pub use super::regs::*;
pub use crate::machinst::asm_rt::*;
