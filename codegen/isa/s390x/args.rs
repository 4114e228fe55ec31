//! s390x operand values and their checks.
//!
//! [`Amode`] is a storage operand `D(X,B)`: an optional base and index
//! register and a displacement. Which shape a form accepts ([`AddrKind`]:
//! index or not, 12-bit unsigned or 20-bit signed displacement) comes from
//! its instruction format, through the generated [`address_kind`]. The
//! `check_*` functions are what generated constructors call to reject
//! operands a form cannot encode — a register of the wrong class, `r0` as
//! a base or index (a 0 in those fields means "no register"), a
//! displacement out of range, an index in a `D(B)` operand, an immediate
//! out of range, an odd symbol addend; the `collect_*` functions report
//! the registers inside operand values to the register allocator.

use super::inst::Cc;
use super::regs::{R0, display_name};
use crate::machinst::asm_sink::Target;
use crate::machinst::forms::AsmError;
use crate::machinst::operands::{OperandCollector, OperandPos, OperandVisitor};
use crate::machinst::reg::{Reg, RegClass, Rw};

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperandValue {
    /// A register (also accepted where a read-written register is expected).
    Reg(Reg),
    /// A read-written register.
    Rw(Rw),
    /// A storage operand.
    Mem(Amode),
    /// An immediate.
    Imm(i64),
    /// A code reference.
    Target(Target),
    /// A branch mask.
    Cond(Cc),
}

impl OperandValue {
    fn wrong(&self, form: &'static str, op: &'static str, expected: &str) -> AsmError {
        AsmError::operand(form, op, format!("expected {expected}, got {self:?}"))
    }
    /// As a register.
    pub fn reg(&self, form: &'static str, op: &'static str) -> Result<Reg, AsmError> {
        match self {
            OperandValue::Reg(r) => Ok(*r),
            _ => Err(self.wrong(form, op, "a register")),
        }
    }
    /// As a read-written register.
    pub fn rw(&self, form: &'static str, op: &'static str) -> Result<Rw, AsmError> {
        match self {
            OperandValue::Reg(r) => Ok(Rw::same(*r)),
            OperandValue::Rw(rw) => Ok(*rw),
            _ => Err(self.wrong(form, op, "a register")),
        }
    }
    /// As a storage operand.
    pub fn mem(&self, form: &'static str, op: &'static str) -> Result<Amode, AsmError> {
        match self {
            OperandValue::Mem(m) => Ok(*m),
            _ => Err(self.wrong(form, op, "a storage operand")),
        }
    }
    /// As an immediate.
    pub fn imm(&self, form: &'static str, op: &'static str) -> Result<i64, AsmError> {
        match self {
            OperandValue::Imm(v) => Ok(*v),
            _ => Err(self.wrong(form, op, "an immediate")),
        }
    }
    /// As a code reference.
    pub fn target(&self, form: &'static str, op: &'static str) -> Result<Target, AsmError> {
        match self {
            OperandValue::Target(t) => Ok(*t),
            _ => Err(self.wrong(form, op, "a label or symbol")),
        }
    }
    /// As a branch mask.
    pub fn cond(&self, form: &'static str, op: &'static str) -> Result<Cc, AsmError> {
        match self {
            OperandValue::Cond(c) => Ok(*c),
            _ => Err(self.wrong(form, op, "a condition")),
        }
    }
}

/// Checks a register operand: class, and for a physical register that it
/// is one of the class (`mask` has a bit per allowed number).
pub fn check_reg(
    form: &'static str,
    op: &'static str,
    reg: Reg,
    class_name: &str,
    class: RegClass,
    mask: u64,
) -> Result<(), AsmError> {
    if reg.class() != class {
        return Err(AsmError::operand(
            form,
            op,
            format!(
                "expected a {class_name} register, got {}",
                display_name(reg)
            ),
        ));
    }
    match reg.phys_num() {
        Some(n) if mask & (1 << n) == 0 => Err(AsmError::operand(
            form,
            op,
            format!(
                "register `{}` cannot be a {class_name} operand",
                display_name(reg)
            ),
        )),
        _ => Ok(()),
    }
}

/// Checks both halves of a read-write register operand.
pub fn check_rw(
    form: &'static str,
    op: &'static str,
    rw: &Rw,
    class_name: &str,
    class: RegClass,
    mask: u64,
) -> Result<(), AsmError> {
    check_reg(form, op, rw.read, class_name, class, mask)?;
    check_reg(form, op, rw.write, class_name, class, mask)
}

/// Checks a fixed-register operand: same class, and the fixed register once physical.
pub fn check_fixed(
    form: &'static str,
    op: &'static str,
    reg: Reg,
    fixed: Reg,
) -> Result<(), AsmError> {
    if reg.class() != fixed.class() || (!reg.is_virtual() && reg != fixed) {
        return Err(AsmError::operand(
            form,
            op,
            format!(
                "must be `{}` (or a virtual register constrained to it), got {}",
                display_name(fixed),
                display_name(reg)
            ),
        ));
    }
    Ok(())
}

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

/// Checks an immediate against its accepted range and scale.
pub fn check_imm(
    form: &'static str,
    op: &'static str,
    value: i64,
    min: i64,
    max: i64,
    scale: u8,
) -> Result<(), AsmError> {
    if value < min || value > max {
        return Err(AsmError::operand(
            form,
            op,
            format!("immediate {value} is out of range {min}..={max}"),
        ));
    }
    if scale > 1 && value % i64::from(scale) != 0 {
        return Err(AsmError::operand(
            form,
            op,
            format!("immediate {value} is not a multiple of {scale}"),
        ));
    }
    Ok(())
}

/// Checks a code reference: a symbol needs a 32-bit relative field, and
/// its addend must be even (relative immediates count halfwords) and leave
/// room for the relocation's +2 (the field is 2 bytes into the instruction).
pub fn check_target(
    form: &'static str,
    op: &'static str,
    target: &Target,
    allows_reloc: bool,
) -> Result<(), AsmError> {
    match target {
        Target::Symbol { .. } if !allows_reloc => Err(AsmError::operand(
            form,
            op,
            "an external symbol needs a 32-bit relative field (RIL), not a 16-bit one",
        )),
        Target::Symbol { addend, .. } if addend % 2 != 0 => Err(AsmError::operand(
            form,
            op,
            format!("symbol addend {addend} is odd: relative addresses count halfwords"),
        )),
        Target::Symbol { addend, .. } if addend.checked_add(2).is_none() => Err(AsmError::operand(
            form,
            op,
            format!("symbol addend {addend} is out of range"),
        )),
        _ => Ok(()),
    }
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
