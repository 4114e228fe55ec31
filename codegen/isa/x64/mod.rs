//! x86-64.
//!
//! The instruction set is declared in `isa-defs/x64`; `lathe-meta`
//! generates from it the register constants ([`regs`]) and the [`Inst`]
//! type with its checked constructors, operand collector, encoder and
//! printer ([`inst`]). The hand-written parts are the operand value types
//! ([`args`]), the ModRM/SIB/REX/VEX encoding helpers ([`encode`]), the
//! objdump-compatible Intel-syntax printer helpers ([`mod@print`]), the hooks
//! for irregular encodings ([`asm_hooks`]), and the `isa-check` encoding
//! test against GNU objdump ([`check`]).
//!
//! Code generation: [`lower`] (instruction selection from the rules of
//! `rules/x64/`), [`minst`] (the machine instruction the core handles,
//! with the pseudo-instructions and the frame layout) and [`compile`] (the
//! pipeline for one function).
//!
//! Registers are [`crate::machinst::reg::Reg`] values (virtual or
//! physical); instructions hold them directly and the register allocator's
//! results are written back through `Inst::collect_operands`.

pub mod args;
pub mod asm_hooks;
pub mod check;
pub mod compile;
pub mod encode;
pub mod inst;
pub mod lower;
pub mod minst;
pub mod print;
pub mod regs;
mod rt;

pub use args::{Amode, OperandValue, RegMem, RegMemRw, Scale};
pub use inst::{Cc, FORMS, Form, Inst, LabelUse};
pub use print::PrintContext;
