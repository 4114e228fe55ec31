//! The printer helpers the generated x86-64 printer calls: Intel syntax
//! exactly as GNU objdump (`objdump -d -M intel`) prints it.
//!
//! objdump's conventions, reproduced here: the mnemonic is padded to six
//! columns and followed by one space when there are operands; operands are
//! separated by `,` without spaces; immediates are hexadecimal at the width
//! the machine uses them (`add rax,0xfffffffffffffff0`); memory operands
//! carry their size (`QWORD PTR [rbp+0x0]`, no size for `lea`), show a
//! displacement exactly when one is encoded (a zero 8-bit displacement of
//! an `rbp`/`r13` base prints as `+0x0`), and print a scale of 1 (`*1`);
//! RIP-relative operands print the displacement as a 64-bit value and a
//! `# 0x<address>` comment; branch targets print as absolute addresses.
//!
//! Without addresses ([`PrintContext::symbolic`]), labels and symbols print
//! by name (`label3`, `sym2+0x8`) — for VCode dumps and messages.

use super::args::{Amode, RegMem, RegMemRw};
use super::inst::Cc;
use super::regs::reg_name;
pub use crate::machinst::asm_print::PrintContext;
use crate::machinst::asm_print::{PcBase, symbolic_target};
use crate::machinst::asm_sink::Target;
use crate::machinst::reg::Reg;

/// Builds one instruction's text.
pub struct Printer<'a> {
    ctx: &'a PrintContext<'a>,
    mnemonic: String,
    operands: Vec<String>,
    comment: Option<String>,
}

fn reg_text(reg: Reg, width: u16) -> String {
    match reg_name(reg, width) {
        Some(name) => name.to_string(),
        None => format!("%{reg:?}"),
    }
}

fn size_keyword(width: u16) -> &'static str {
    match width {
        8 => "BYTE PTR ",
        16 => "WORD PTR ",
        32 => "DWORD PTR ",
        64 => "QWORD PTR ",
        128 => "XMMWORD PTR ",
        _ => "",
    }
}

impl<'a> Printer<'a> {
    /// Starts an instruction.
    pub fn new(ctx: &'a PrintContext<'a>) -> Self {
        Self {
            ctx,
            mnemonic: String::new(),
            operands: Vec::new(),
            comment: None,
        }
    }

    /// Sets the mnemonic.
    pub fn mnemonic(&mut self, m: &str) {
        self.mnemonic = m.to_string();
    }

    /// Sets a mnemonic with a condition code spelled in (`cmov` + `ne`).
    pub fn mnemonic_cc(&mut self, prefix: &str, cc: Cc, suffix: &str) {
        self.mnemonic = format!("{prefix}{}{suffix}", cc.name());
    }

    /// Literal operand text.
    pub fn literal(&mut self, text: &str) {
        self.operands.push(text.to_string());
    }

    /// A register at `width` bits.
    pub fn reg(&mut self, reg: Reg, width: u16) {
        self.operands.push(reg_text(reg, width));
    }

    /// A register-or-memory operand.
    pub fn reg_mem(&mut self, rm: &RegMem, width: u16) {
        match rm {
            RegMem::Reg(r) => self.reg(*r, width),
            RegMem::Mem(m) => self.mem(m, width),
        }
    }

    /// A read-written register-or-memory operand (the register written).
    pub fn reg_mem_rw(&mut self, rm: &RegMemRw, width: u16) {
        match rm {
            RegMemRw::Reg(rw) => self.reg(rw.write, width),
            RegMemRw::Mem(m) => self.mem(m, width),
        }
    }

    /// A memory operand of `width` bits (0: no size keyword).
    pub fn mem(&mut self, amode: &Amode, width: u16) {
        let mut s = size_keyword(width).to_string();
        s.push('[');
        match amode {
            Amode::BaseIndexDisp { base, index, disp } => {
                s.push_str(&reg_text(*base, 64));
                if let Some((index, scale)) = index {
                    s.push('+');
                    s.push_str(&reg_text(*index, 64));
                    s.push('*');
                    s.push_str(&scale.factor().to_string());
                }
                // rbp and r13 (encoding x101) always carry a displacement.
                let forced = super::regs::reg_enc(*base).is_some_and(|e| e & 7 == 5);
                if *disp < 0 {
                    s.push_str(&format!("-{:#x}", disp.unsigned_abs()));
                } else if *disp > 0 || forced {
                    s.push_str(&format!("+{disp:#x}"));
                }
            }
            Amode::RipRelative { target } => match (
                self.ctx.pc(PcBase::End),
                self.ctx.resolve(target, PcBase::End),
            ) {
                (Some(end), Some(address)) => {
                    let disp = address.wrapping_sub(end);
                    s.push_str(&format!("rip+{disp:#x}"));
                    self.comment = Some(format!("{address:#x}"));
                }
                _ => {
                    s.push_str("rip+");
                    s.push_str(&symbolic_target(target));
                }
            },
        }
        s.push(']');
        self.operands.push(s);
    }

    /// An immediate used at `bits` bits.
    pub fn imm(&mut self, value: i64, bits: u16) {
        let mask = if bits >= 64 {
            u64::MAX
        } else {
            (1u64 << bits) - 1
        };
        self.operands.push(format!("{:#x}", value as u64 & mask));
    }

    /// A branch or call target.
    pub fn target(&mut self, target: &Target) {
        let text = self.ctx.target_text(target, PcBase::End);
        self.operands.push(text);
    }

    /// The finished text.
    pub fn finish(self) -> String {
        let mut s = if self.operands.is_empty() {
            self.mnemonic
        } else {
            format!("{:<6} {}", self.mnemonic, self.operands.join(","))
        };
        if let Some(comment) = self.comment {
            s.push_str("        # ");
            s.push_str(&comment);
        }
        s
    }
}
