//! aarch64 (A64).
//!
//! The instruction set is declared in `isa-defs/aarch64`; `lathe-meta`
//! generates from it the register constants ([`regs`]) and the [`Inst`]
//! type with its checked constructors, operand collector, encoder and
//! printer ([`inst`]). The hand-written parts are the operand value types
//! and construction checks ([`args`]), the field encoders ([`encode`]) and
//! immediate encoders ([`imm`]: logical immediates, `mov` aliases,
//! bitfields, FP immediates), the objdump-compatible printer helpers
//! ([`mod@print`]), and the `isa-check` encoding test against GNU objdump
//! ([`check`]). No form needs a hand-written encoder hook.
//!
//! Registers are [`crate::machinst::reg::Reg`] values (virtual or
//! physical); instructions hold them directly and the register allocator's
//! results are written back through `Inst::collect_operands`.

pub mod args;
pub mod check;
pub mod encode;
pub mod imm;
pub mod inst;
pub mod print;
pub mod regs;
mod rt;

pub use args::{Amode, Extend, IndexExtend, MemMode, OperandValue, R31, Shift};
pub use inst::{Cc, FORMS, Form, Inst, LabelUse};
pub use print::PrintContext;
