//! s390x operand values and their checks.
//!
//! [`Amode`] is a storage operand `D(X,B)`: an optional base and index
//! register and a displacement. Which shape a form accepts ([`AddrKind`]:
//! index or not, 12-bit unsigned or 20-bit signed displacement) comes from
//! its instruction format, through the generated [`address_kind`]. The
//! [`CHECKS`] words the shared operand checks
//! (`crate::machinst::operand_checks`: register class, fixed registers,
//! immediates, symbols — whose addend must be even here) for s390x; the
//! `check_*` functions here are the s390x ones generated constructors call
//! besides — `r0` as a base or index (a 0 in those fields means "no
//! register"), a displacement out of range, an index in a `D(B)`
//! operand; the `collect_*` functions report
//! the registers inside operand values to the register allocator.

use super::inst::Cc;
use super::regs::{R0, display_name};
use crate::machinst::forms::AsmError;
use crate::machinst::operand_checks::{self, Expected, OperandChecks};
use crate::machinst::operands::{OperandCollector, OperandPos, OperandVisitor};
use crate::machinst::reg::{Reg, RegClass};

use super::rt;

include!(concat!(env!("OUT_DIR"), "/s390x_formats.rs"));

/// The shape of a storage operand (from the instruction format).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AddrKind {
    /// `D(X,B)` with a 12-bit unsigned displacement (RX, RXE, RXF).
    Dxb12,
    /// `D(X,B)` with a 20-bit signed displacement (RXY).
    Dxb20,
    /// `D(B)` with a 12-bit unsigned displacement (RS, SI, SIL, S).
    Db12,
    /// `D(B)` with a 20-bit signed displacement (RSY, SIY).
    Db20,
}

impl AddrKind {
    /// Whether the operand has an index register field.
    pub fn has_index(self) -> bool {
        matches!(self, AddrKind::Dxb12 | AddrKind::Dxb20)
    }

    /// The accepted displacements.
    pub fn disp_range(self) -> (i32, i32) {
        match self {
            AddrKind::Dxb12 | AddrKind::Db12 => (0, 0xFFF),
            AddrKind::Dxb20 | AddrKind::Db20 => (-0x8_0000, 0x7_FFFF),
        }
    }

    /// Whether the displacement is 20 bits (DL and DH fields).
    pub fn is_long(self) -> bool {
        matches!(self, AddrKind::Dxb20 | AddrKind::Db20)
    }
}

/// A storage operand `D(X,B)`: `disp + index + base`, a missing register
/// counting as zero. The same value serves address-only operands (`la`,
/// branch addresses) and shift amounts (`sllg r1,r2,3` is
/// `Amode::disp(3)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Amode {
    /// Base register (never `r0`).
    pub base: Option<Reg>,
    /// Index register (never `r0`); only `D(X,B)` forms accept one.
    pub index: Option<Reg>,
    /// Signed displacement; its range depends on the form.
    pub disp: i32,
}

impl Amode {
    /// `disp` alone: an absolute address, or a shift amount.
    pub fn disp(disp: i32) -> Amode {
        Amode {
            base: None,
            index: None,
            disp,
        }
    }
    /// `disp(base)`.
    pub fn base(base: Reg, disp: i32) -> Amode {
        Amode {
            base: Some(base),
            index: None,
            disp,
        }
    }
    /// `disp(index,base)`.
    pub fn base_index(base: Reg, index: Reg, disp: i32) -> Amode {
        Amode {
            base: Some(base),
            index: Some(index),
            disp,
        }
    }
    /// `disp(index,0)`: an index without a base.
    pub fn index(index: Reg, disp: i32) -> Amode {
        Amode {
            base: None,
            index: Some(index),
            disp,
        }
    }
}

/// An operand value of any kind, for building instructions from data
/// ([`super::Inst::from_operands`]): the `isa-check` tool, tests, assemblers.
/// A register is also accepted where a read-written register is expected.
pub type OperandValue = operand_checks::OperandValue<Amode, Cc>;

impl Expected for Amode {
    const EXPECTED: &'static str = "a storage operand";
}

impl Expected for Cc {
    const EXPECTED: &'static str = "a condition";
}

/// How the shared operand checks word s390x's messages. A symbol's addend
/// must be even (relative immediates count halfwords) and leave room for
/// the relocation's +2 (the field is 2 bytes into the instruction).
pub const CHECKS: OperandChecks = OperandChecks {
    reg_name: display_name,
    outside_mask: |reg, class| format!("register `{reg}` cannot be a {class} operand"),
    symbol_needs_reloc_field: "an external symbol needs a 32-bit relative field (RIL), not a 16-bit one",
    symbol_addend: |addend| {
        if addend % 2 != 0 {
            Some(format!(
                "symbol addend {addend} is odd: relative addresses count halfwords"
            ))
        } else if addend.checked_add(2).is_none() {
            Some(format!("symbol addend {addend} is out of range"))
        } else {
            None
        }
    },
};

/// Checks an address register: a general register other than `r0`.
fn check_address_reg(
    form: &'static str,
    op: &'static str,
    reg: Reg,
    role: &str,
) -> Result<(), AsmError> {
    let article = if role == "index" { "an" } else { "a" };
    if reg.class() != RegClass::Int {
        return Err(AsmError::operand(
            form,
            op,
            format!(
                "{article} {role} register must be a gpr, got {}",
                display_name(reg)
            ),
        ));
    }
    if reg == R0 {
        return Err(AsmError::operand(
            form,
            op,
            format!("`r0` cannot be {article} {role} register (0 in that field means none)"),
        ));
    }
    Ok(())
}

/// Checks the registers of a storage operand: general registers, not `r0`.
pub fn check_amode(form: &'static str, op: &'static str, amode: &Amode) -> Result<(), AsmError> {
    if let Some(base) = amode.base {
        check_address_reg(form, op, base, "base")?;
    }
    if let Some(index) = amode.index {
        check_address_reg(form, op, index, "index")?;
    }
    Ok(())
}

/// Checks that a storage operand has the shape `kind` allows: an index
/// only in `D(X,B)` forms, and the displacement in range.
pub fn check_address(
    form: &'static str,
    op: &'static str,
    amode: &Amode,
    kind: AddrKind,
) -> Result<(), AsmError> {
    if amode.index.is_some() && !kind.has_index() {
        return Err(AsmError::operand(
            form,
            op,
            "this form's storage operand is D(B): it has no index register",
        ));
    }
    let (min, max) = kind.disp_range();
    if amode.disp < min || amode.disp > max {
        return Err(AsmError::operand(
            form,
            op,
            format!("displacement {} is out of range {min}..={max}", amode.disp),
        ));
    }
    Ok(())
}

/// Reports the registers of a storage operand (uses, read before the instruction).
pub fn collect_amode<V: OperandVisitor>(amode: &mut Amode, c: &mut OperandCollector<'_, V>) {
    if let Some(base) = &mut amode.base {
        c.use_reg(base, OperandPos::Early);
    }
    if let Some(index) = &mut amode.index {
        c.use_reg(index, OperandPos::Early);
    }
}

/// The storage-operand shape of a form, if it has a storage operand.
pub fn form_address_kind(form: super::Form) -> Option<AddrKind> {
    address_kind(form.info().format)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::s390x::regs::*;

    #[test]
    fn address_kinds_come_from_the_formats() {
        assert_eq!(address_kind("RX-a"), Some(AddrKind::Dxb12));
        assert_eq!(address_kind("RXY-a"), Some(AddrKind::Dxb20));
        assert_eq!(address_kind("RSY-b"), Some(AddrKind::Db20));
        assert_eq!(address_kind("SIL"), Some(AddrKind::Db12));
        assert_eq!(address_kind("RRE"), None);
        assert_eq!(
            form_address_kind(super::super::Form::Lg),
            Some(AddrKind::Dxb20)
        );
    }

    #[test]
    fn storage_operand_checks() {
        let e = check_amode("f", "m", &Amode::base(R0, 0)).expect_err("r0 base");
        assert!(e.message.contains("`r0` cannot be a base register"), "{e}");
        let e = check_amode("f", "m", &Amode::base_index(R1, R0, 0)).expect_err("r0 index");
        assert!(
            e.message.contains("`r0` cannot be an index register"),
            "{e}"
        );
        assert!(check_amode("f", "m", &Amode::base(F1, 0)).is_err());
        assert!(check_address("f", "m", &Amode::disp(4095), AddrKind::Dxb12).is_ok());
        assert!(check_address("f", "m", &Amode::disp(4096), AddrKind::Db12).is_err());
        assert!(check_address("f", "m", &Amode::disp(-1), AddrKind::Dxb12).is_err());
        assert!(check_address("f", "m", &Amode::disp(-0x8_0000), AddrKind::Db20).is_ok());
        assert!(check_address("f", "m", &Amode::disp(0x8_0000), AddrKind::Dxb20).is_err());
        let e = check_address("f", "m", &Amode::index(R2, 0), AddrKind::Db20).expect_err("index");
        assert!(e.message.contains("no index register"), "{e}");
    }
}
