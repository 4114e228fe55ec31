//! s390x (z/Architecture).
//!
//! The instruction set is declared in `isa-defs/s390x`; `lathe-meta`
//! generates from it the register constants ([`regs`]) and the [`Inst`]
//! type with its checked constructors, operand collector, encoder and
//! printer ([`inst`]), plus the storage-operand shape of each format. The
//! hand-written parts are the operand value types and their checks
//! ([`args`]), the big-endian field encoder ([`encode`]), the
//! objdump-compatible printer helpers ([`mod@print`]), and the `isa-check`
//! encoding test against GNU objdump ([`check`]).
//!
//! Registers are [`crate::machinst::reg::Reg`] values (virtual or
//! physical); instructions hold them directly and the register allocator's
//! results are written back through `Inst::collect_operands`.

pub mod args;
pub mod check;
pub mod encode;
pub mod inst;
pub mod print;
pub mod regs;
mod rt;

pub use args::{AddrKind, Amode, OperandValue};
pub use inst::{Cc, FORMS, Form, Inst, LabelUse};
pub use print::PrintContext;
