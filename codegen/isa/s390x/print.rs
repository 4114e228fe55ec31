//! The printer helpers the generated s390x printer calls: assembler syntax
//! exactly as GNU objdump (`s390x-linux-gnu-objdump -d`) prints it.
//!
//! objdump's conventions, reproduced here: the mnemonic, a tab, then the
//! operands separated by `,` (nothing after the mnemonic when there are
//! none); registers as `%r1` and `%f2`; immediates in decimal, signed or
//! unsigned as the field is; storage operands as `D(X,B)` with a decimal
//! displacement: `D` alone when there is no register, `D(%rB)` with a base
//! only, `D(%rX,%r0)` with an index only, `D(%rX,%rB)` with both;
//! relative targets as absolute hexadecimal addresses. A branch mask is
//! part of the mnemonic (`jne`, `locgrh`). A printed fixed register (the
//! even register of a pair: `dsgr %r0,%r2`) reaches [`Printer::literal`] by
//! name and gets the `%` prefix there.
//!
//! Without addresses ([`PrintContext::symbolic`]), labels and symbols print
//! by name (`label3`, `sym2+0x8`) — for VCode dumps and messages; virtual
//! registers print as `%v5i`.

use super::args::Amode;
use super::inst::Cc;
use super::regs::{reg_by_name, reg_name};
use crate::machinst::asm_print::PcBase;
pub use crate::machinst::asm_print::PrintContext;
use crate::machinst::asm_sink::Target;
use crate::machinst::reg::Reg;

/// Builds one instruction's text.
pub struct Printer<'a> {
    ctx: &'a PrintContext<'a>,
    mnemonic: String,
    operands: Vec<String>,
}

fn reg_text(reg: Reg, width: u16) -> String {
    match reg_name(reg, width) {
        Some(name) => format!("%{name}"),
        None => format!("%{reg:?}"),
    }
}

impl<'a> Printer<'a> {
    /// Starts an instruction.
    pub fn new(ctx: &'a PrintContext<'a>) -> Self {
        Self {
            ctx,
            mnemonic: String::new(),
            operands: Vec::new(),
        }
    }

    /// Sets the mnemonic.
    pub fn mnemonic(&mut self, m: &str) {
        self.mnemonic = m.to_string();
    }

    /// Sets a mnemonic with a branch mask spelled in (`j` + `ne`, `b` + `e` + `r`).
    pub fn mnemonic_cc(&mut self, prefix: &str, cc: Cc, suffix: &str) {
        self.mnemonic = format!("{prefix}{}{suffix}", cc.name());
    }

    /// Literal operand text. The generator passes a printed fixed register
    /// (the even register of a pair) by its name, which gets the `%` of
    /// register syntax.
    pub fn literal(&mut self, text: &str) {
        match reg_by_name(text) {
            Some(_) => self.operands.push(format!("%{text}")),
            None => self.operands.push(text.to_string()),
        }
    }

    /// A register at `width` bits.
    pub fn reg(&mut self, reg: Reg, width: u16) {
        self.operands.push(reg_text(reg, width));
    }

    /// A storage operand (its width does not show in the syntax).
    pub fn mem(&mut self, amode: &Amode, _width: u16) {
        let regs = match (amode.index, amode.base) {
            (None, None) => String::new(),
            (None, Some(b)) => format!("({})", reg_text(b, 64)),
            (Some(x), None) => format!("({},%r0)", reg_text(x, 64)),
            (Some(x), Some(b)) => format!("({},{})", reg_text(x, 64), reg_text(b, 64)),
        };
        self.operands.push(format!("{}{regs}", amode.disp));
    }

    /// An immediate, in decimal (the declared range makes it signed or unsigned).
    pub fn imm(&mut self, value: i64, _bits: u16) {
        self.operands.push(value.to_string());
    }

    /// A branch target or relative-long address.
    pub fn target(&mut self, target: &Target) {
        let text = self.ctx.target_text(target, PcBase::Start);
        self.operands.push(text);
    }

    /// The finished text.
    pub fn finish(self) -> String {
        if self.operands.is_empty() {
            self.mnemonic
        } else {
            format!("{}\t{}", self.mnemonic, self.operands.join(","))
        }
    }
}
