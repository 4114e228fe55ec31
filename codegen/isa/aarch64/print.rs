//! The printer helpers the generated aarch64 printer calls: the text GNU
//! objdump (`objdump -d`, binutils 2.40) prints for each instruction.
//!
//! objdump's conventions, reproduced here: a tab between the mnemonic and
//! the operands, operands separated by `, `; immediates `#0x1f` (hex) or
//! `#31` (decimal) depending on the operand; `lsl #0` of a shifted
//! register omitted; `[x1]` for a zero offset but `[x1, #0]!` and
//! `[x1], #0` for write-back; branch targets as absolute addresses
//! (`0x40`); comments after a tab: `// eq = none` after a condition
//! operand that has other names, `  // b.none` after such a `b.cond`, and
//! `// #65536` after a `mov` immediate, which is padded to 23 columns.
//!
//! Aliases that depend on two registers being equal are chosen here, as
//! objdump chooses them, because they are only known after register
//! allocation: `csinc`/`csinv`/`csneg` with `Rn == Rm` print as `cinc`,
//! `cinv`, `cneg` (or `cset`/`csetm` from the zero register), and `extr`
//! with `Rn == Rm` as `ror`. The alias forms declared in `isa-defs`
//! encode to the same words and print the same text.
//!
//! Without addresses ([`PrintContext::symbolic`]), labels and symbols print
//! by name (`label3`, `sym2+0x8`) — for VCode dumps and messages.

use super::args::{Amode, IndexExtend};
use super::imm::EXTEND_NAMES;
use super::inst::Cc;
use super::regs::{SP, XZR, reg_name};
pub use crate::machinst::asm_print::PrintContext;
use crate::machinst::asm_print::{PcBase, symbolic_target};
use crate::machinst::asm_sink::Target;
use crate::machinst::reg::Reg;

/// One printed operand, kept structured until the aliases are chosen.
#[derive(Clone, Debug, PartialEq)]
enum Operand {
    Reg(Reg, u16),
    Cond(Cc),
    Text(String),
}

/// Builds one instruction's text.
pub struct Printer<'a> {
    ctx: &'a PrintContext<'a>,
    mnemonic: String,
    branch_cc: Option<Cc>,
    operands: Vec<Operand>,
    mov_comment: Option<i64>,
}

fn reg_text(reg: Reg, width: u16) -> String {
    match reg_name(reg, width) {
        Some(name) => name.to_string(),
        None => format!("%{reg:?}"),
    }
}

/// The other names objdump gives a condition, for its comment.
fn cond_aliases(cc: Cc) -> &'static [&'static str] {
    match cc {
        Cc::Eq => &["none"],
        Cc::Ne => &["any"],
        Cc::Cs => &["hs", "nlast"],
        Cc::Cc => &["lo", "ul", "last"],
        Cc::Mi => &["first"],
        Cc::Pl => &["nfrst"],
        Cc::Hi => &["pmore"],
        Cc::Ls => &["plast"],
        Cc::Ge => &["tcont"],
        Cc::Lt => &["tstop"],
        _ => &[],
    }
}

/// `%.18e` of C's printf: 19 significant digits and a two-digit exponent.
fn c_exponential(value: f64) -> String {
    let rust = format!("{value:.18e}");
    match rust.split_once('e') {
        Some((mantissa, exp)) => {
            let exp: i32 = exp.parse().unwrap_or(0);
            let sign = if exp < 0 { '-' } else { '+' };
            format!("{mantissa}e{sign}{:02}", exp.unsigned_abs())
        }
        None => rust,
    }
}

impl<'a> Printer<'a> {
    /// Starts an instruction.
    pub fn new(ctx: &'a PrintContext<'a>) -> Self {
        Self {
            ctx,
            mnemonic: String::new(),
            branch_cc: None,
            operands: Vec::new(),
            mov_comment: None,
        }
    }

    /// Sets the mnemonic.
    pub fn mnemonic(&mut self, m: &str) {
        self.mnemonic = m.to_string();
    }

    /// Sets a mnemonic with a condition code spelled in (`b.` + `eq`).
    pub fn mnemonic_cc(&mut self, prefix: &str, cc: Cc, suffix: &str) {
        self.mnemonic = format!("{prefix}{}{suffix}", cc.name());
        self.branch_cc = Some(cc);
    }

    /// Literal operand text.
    pub fn literal(&mut self, text: &str) {
        self.operands.push(Operand::Text(text.to_string()));
    }

    /// A register at `width` bits.
    pub fn reg(&mut self, reg: Reg, width: u16) {
        self.operands.push(Operand::Reg(reg, width));
    }

    /// A condition printed as an operand.
    pub fn cond(&mut self, cc: Cc) {
        self.operands.push(Operand::Cond(cc));
    }

    /// A memory operand of an access of `width` bits (both registers of a pair).
    pub fn mem(&mut self, amode: &Amode, width: u16) {
        let text = match amode {
            Amode::Offset { base, offset: 0 } => format!("[{}]", reg_text(*base, 64)),
            Amode::Offset { base, offset } => format!("[{}, #{offset}]", reg_text(*base, 64)),
            Amode::PreIndex { base, offset } => {
                format!("[{}, #{offset}]!", reg_text(base.write, 64))
            }
            Amode::PostIndex { base, offset } => {
                format!("[{}], #{offset}", reg_text(base.write, 64))
            }
            Amode::RegOffset {
                base,
                index,
                extend,
                shifted,
            } => {
                let mut s = format!(
                    "[{}, {}",
                    reg_text(*base, 64),
                    reg_text(*index, extend.index_width())
                );
                let amount = (width / 8).max(1).trailing_zeros();
                match (extend, shifted) {
                    (IndexExtend::Lsl, false) => {}
                    (_, false) => s.push_str(&format!(", {}", extend.name())),
                    (_, true) => s.push_str(&format!(", {} #{amount}", extend.name())),
                }
                s.push(']');
                s
            }
        };
        self.operands.push(Operand::Text(text));
    }

    /// A branch target or literal address.
    pub fn target(&mut self, target: &Target) {
        let text = self.ctx.target_text(target, PcBase::Start);
        self.operands.push(Operand::Text(text));
    }

    /// The 4 KiB page of a target (`adrp`).
    pub fn target_page(&mut self, target: &Target) {
        let text = match self.ctx.resolve(target, PcBase::Start) {
            Some(address) => format!("{:#x}", address & !0xfff),
            None => format!("{}@page", symbolic_target(target)),
        };
        self.operands.push(Operand::Text(text));
    }

    /// An immediate printed in hex (`#0x1f`).
    pub fn imm_hex(&mut self, value: i64) {
        self.operands.push(Operand::Text(format!("#{value:#x}")));
    }

    /// An immediate printed in decimal (`#31`).
    pub fn imm_dec(&mut self, value: i64) {
        self.operands.push(Operand::Text(format!("#{value}")));
    }

    /// A `width`-bit pattern printed in hex (logical immediates).
    pub fn imm_bits(&mut self, value: i64, width: u16) {
        let bits = if width >= 64 {
            value as u64
        } else {
            value as u64 & ((1u64 << width) - 1)
        };
        self.operands.push(Operand::Text(format!("#{bits:#x}")));
    }

    /// The value of a `mov` immediate alias: hex padded to 23 columns, then
    /// the value in signed decimal as a comment.
    pub fn imm_mov(&mut self, value: i64, width: u16) {
        let (bits, signed) = if width >= 64 {
            (value as u64, value)
        } else {
            let bits = value as u64 & 0xffff_ffff;
            (bits, i64::from(bits as u32 as i32))
        };
        self.operands.push(Operand::Text(format!("#0x{bits:<20x}")));
        self.mov_comment = Some(signed);
    }

    /// A shifted-register shift `kind << 6 | amount` (`lsl #0` is not printed).
    pub fn shift(&mut self, value: i64) {
        if value == 0 {
            return;
        }
        let kind = ["lsl", "lsr", "asr", "ror"][(value >> 6 & 3) as usize];
        self.operands
            .push(Operand::Text(format!("{kind} #{}", value & 0x3f)));
    }

    /// An extended-register extension `option << 3 | amount`; with `sp`
    /// among the operands, `lsl_option` (`uxtx` for 64-bit operations,
    /// `uxtw` for 32-bit ones) prints as `lsl`, omitted when the amount is 0.
    pub fn extend(&mut self, value: i64, lsl_option: i64) {
        let option = value >> 3 & 7;
        let amount = value & 7;
        let sp_operand = self
            .operands
            .iter()
            .any(|o| matches!(o, Operand::Reg(r, _) if *r == SP));
        let text = match (option == lsl_option && sp_operand, amount) {
            (true, 0) => return,
            (true, _) => format!("lsl #{amount}"),
            (false, 0) => EXTEND_NAMES[option as usize].to_string(),
            (false, _) => format!("{} #{amount}", EXTEND_NAMES[option as usize]),
        };
        self.operands.push(Operand::Text(text));
    }

    /// An FP immediate given as the IEEE bits of a `width`-bit float.
    pub fn imm_fp(&mut self, bits: i64, width: u16) {
        let value = if width == 32 {
            f64::from(f32::from_bits(bits as u32))
        } else {
            f64::from_bits(bits as u64)
        };
        self.operands
            .push(Operand::Text(format!("#{}", c_exponential(value))));
    }

    /// The conditional-select and extract aliases objdump prefers when two
    /// source registers are the same (see the module docs).
    fn alias_equal_registers(&mut self) {
        use Operand::{Cond, Reg as R};
        match (self.mnemonic.as_str(), self.operands.as_slice()) {
            (m @ ("csinc" | "csinv" | "csneg"), [R(d, w), R(n, _), R(m_reg, _), Cond(cc)])
                if n == m_reg && !matches!(cc, Cc::Al | Cc::Nv) =>
            {
                let inverse = Cc::ALL[usize::from(cc.enc() ^ 1)];
                let (d, w, n) = (*d, *w, *n);
                let (mnemonic, operands) = match m {
                    "csinc" if n == XZR => ("cset", vec![R(d, w), Cond(inverse)]),
                    "csinv" if n == XZR => ("csetm", vec![R(d, w), Cond(inverse)]),
                    "csinc" => ("cinc", vec![R(d, w), R(n, w), Cond(inverse)]),
                    "csinv" => ("cinv", vec![R(d, w), R(n, w), Cond(inverse)]),
                    _ => ("cneg", vec![R(d, w), R(n, w), Cond(inverse)]),
                };
                self.mnemonic = mnemonic.to_string();
                self.operands = operands;
            }
            ("extr", [R(d, w), R(n, _), R(m, _), imm]) if n == m => {
                self.operands = vec![R(*d, *w), R(*n, *w), imm.clone()];
                self.mnemonic = "ror".to_string();
            }
            _ => {}
        }
    }

    /// The finished text.
    pub fn finish(mut self) -> String {
        self.alias_equal_registers();
        let mut s = self.mnemonic;
        let mut cond_comment = None;
        for (i, op) in self.operands.iter().enumerate() {
            s.push_str(if i == 0 { "\t" } else { ", " });
            match op {
                Operand::Reg(r, w) => s.push_str(&reg_text(*r, *w)),
                Operand::Cond(cc) => {
                    s.push_str(cc.name());
                    cond_comment = Some(*cc);
                }
                Operand::Text(t) => s.push_str(t),
            }
        }
        if let Some(value) = self.mov_comment {
            s.push_str(&format!("\t// #{value}"));
        }
        if let Some(cc) = cond_comment {
            let aliases = cond_aliases(cc);
            if !aliases.is_empty() {
                s.push_str(&format!("\t// {} = {}", cc.name(), aliases.join(", ")));
            }
        }
        if let Some(cc) = self.branch_cc {
            let aliases: Vec<String> = cond_aliases(cc).iter().map(|a| format!("b.{a}")).collect();
            if !aliases.is_empty() {
                s.push_str(&format!("  // {}", aliases.join(", ")));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_style_exponents() {
        assert_eq!(c_exponential(1.0), "1.000000000000000000e+00");
        assert_eq!(c_exponential(-2.5), "-2.500000000000000000e+00");
        assert_eq!(c_exponential(0.125), "1.250000000000000000e-01");
        assert_eq!(c_exponential(31.0), "3.100000000000000000e+01");
    }
}
