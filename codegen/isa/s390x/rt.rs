//! The runtime contract of the generated s390x code: every name the
//! generated files use is reached as `rt::<name>` and re-exported here.

pub use super::args::{
    AddrKind, Amode, CHECKS, OperandValue, check_address, check_amode, collect_amode,
};
pub use super::encode::{Put, emit, rw_reg};
pub use super::inst::{Cc, LabelUse};
pub use super::print::{PrintContext, Printer};
pub use super::regs::*;
pub use crate::machinst::asm_sink::{AsmSink, RelocKind, Target};
pub use crate::machinst::forms::{
    Access, AsmError, Control, FormInfo, OperandInfo, OperandInfoKind,
};
pub use crate::machinst::operand_checks::check_imm;
pub use crate::machinst::operands::{OperandCollector, OperandPos, OperandVisitor};
pub use crate::machinst::reg::{Reg, RegClass, Rw};
