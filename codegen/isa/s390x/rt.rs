//! The runtime contract of the generated s390x code: every name the
//! generated files use is reached as `rt::<name>` and re-exported here.

pub use super::args::{
    AddrKind, Amode, OperandValue, check_address, check_amode, check_fixed, check_imm, check_reg,
    check_rw, check_target, collect_amode,
};
pub use super::encode::{Put, emit, rw_reg};
pub use super::inst::{Cc, LabelUse};
pub use super::print::{PrintContext, Printer};
pub use super::regs::*;
pub use crate::machinst::asm_sink::{AsmSink, RelocKind, Target};
pub use crate::machinst::forms::{
    Access, AsmError, Control, FormInfo, OperandInfo, OperandInfoKind,
};
pub use crate::machinst::operands::{OperandCollector, OperandPos, OperandVisitor};
pub use crate::machinst::reg::{Reg, RegClass, Rw};
