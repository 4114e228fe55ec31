//! The operand checks every ISA's generated constructors run, and the
//! dynamically typed operand value they build instructions from.
//!
//! A generated constructor rejects operands its form cannot encode before
//! the instruction exists: a register of the wrong class, or a physical
//! register outside the set the operand allows (`mask`, one bit per
//! register number); a fixed operand that is another physical register; an
//! immediate out of range or not a multiple of its scale; a relocated
//! symbol in a field that cannot carry a relocation. What differs between
//! ISAs is only how the messages name things, which each ISA states once
//! in its [`OperandChecks`] (`args::CHECKS`, reached by the generated code
//! as `rt::CHECKS`). ISA-specific checks (addressing forms, register 31,
//! `r0` as base) stay in the ISA's `args` module.
//!
//! [`OperandValue`] is the operand of [`from_operands`]-style construction
//! (the `isa-check` tool, tests, assemblers), generic over the ISA's memory
//! operand and condition types; its accessors name what they expected
//! through [`Expected`].
//!
//! [`from_operands`]: crate::isa::x64::Inst::from_operands

use super::asm_sink::Target;
use super::forms::AsmError;
use super::reg::{Reg, RegClass, Rw};

/// How one ISA words the shared operand checks' messages.
#[derive(Clone, Copy, Debug)]
pub struct OperandChecks {
    /// A register's name in messages (`rax`, `x2`, `r7`; virtual ones in their debug form).
    pub reg_name: fn(Reg) -> String,
    /// The message for physical register `reg` (named) of the right class
    /// that a `class` operand does not accept here.
    pub outside_mask: fn(reg: &str, class: &str) -> String,
    /// The message for a relocated symbol in a field that only reaches labels.
    pub symbol_needs_reloc_field: &'static str,
    /// Further rules for a relocated symbol's addend (a message when broken).
    pub symbol_addend: fn(addend: i64) -> Option<String>,
}

impl OperandChecks {
    /// Checks a register operand: class, and for a physical register that
    /// its number is in `mask` (a bit per allowed number).
    pub fn reg(
        &self,
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
                    (self.reg_name)(reg)
                ),
            ));
        }
        match reg.phys_num() {
            Some(n) if mask & (1 << n) == 0 => Err(AsmError::operand(
                form,
                op,
                (self.outside_mask)(&(self.reg_name)(reg), class_name),
            )),
            _ => Ok(()),
        }
    }

    /// Checks both halves of a read-write register operand.
    pub fn rw(
        &self,
        form: &'static str,
        op: &'static str,
        rw: &Rw,
        class_name: &str,
        class: RegClass,
        mask: u64,
    ) -> Result<(), AsmError> {
        self.reg(form, op, rw.read, class_name, class, mask)?;
        self.reg(form, op, rw.write, class_name, class, mask)
    }

    /// Checks a fixed-register operand: same class, and the fixed register once physical.
    pub fn fixed(
        &self,
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
                    (self.reg_name)(fixed),
                    (self.reg_name)(reg)
                ),
            ));
        }
        Ok(())
    }

    /// Checks a code reference: a symbol needs a field that can carry a
    /// relocation, and an addend the ISA accepts.
    pub fn target(
        &self,
        form: &'static str,
        op: &'static str,
        target: &Target,
        allows_reloc: bool,
    ) -> Result<(), AsmError> {
        match target {
            Target::Symbol { .. } if !allows_reloc => {
                Err(AsmError::operand(form, op, self.symbol_needs_reloc_field))
            }
            Target::Symbol { addend, .. } => match (self.symbol_addend)(*addend) {
                Some(message) => Err(AsmError::operand(form, op, message)),
                None => Ok(()),
            },
            Target::Label(_) => Ok(()),
        }
    }

    /// The single register of a read-write operand after allocation: both
    /// halves must have ended up in one register.
    pub fn single_rw_reg(
        &self,
        form: &'static str,
        op: &'static str,
        rw: &Rw,
    ) -> Result<Reg, AsmError> {
        if rw.read != rw.write {
            return Err(AsmError::operand(
                form,
                op,
                format!(
                    "read-write operand is in two registers ({} read, {} written)",
                    (self.reg_name)(rw.read),
                    (self.reg_name)(rw.write)
                ),
            ));
        }
        Ok(rw.write)
    }

    /// The message for a register still virtual at encoding time.
    pub fn not_allocated(&self, reg: Reg) -> String {
        format!(
            "register {} is not allocated to a physical register",
            (self.reg_name)(reg)
        )
    }
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

/// How an operand accessor's error names what it expected: `memory`,
/// `a condition code`.
pub trait Expected {
    /// The words, with their article.
    const EXPECTED: &'static str;
}

/// An operand value of any kind, for building instructions from data
/// (`Inst::from_operands`): the `isa-check` tool, tests, assemblers. `M` is
/// the ISA's memory operand, `C` its condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperandValue<M, C> {
    /// A register (also accepted where a read-written register is expected).
    Reg(Reg),
    /// A read-written register.
    Rw(Rw),
    /// A memory operand.
    Mem(M),
    /// An immediate.
    Imm(i64),
    /// A code reference.
    Target(Target),
    /// A condition.
    Cond(C),
}

impl<M: Copy + Expected + std::fmt::Debug, C: Copy + Expected + std::fmt::Debug>
    OperandValue<M, C>
{
    /// The error for this value given where `expected` was.
    pub fn wrong(&self, form: &'static str, op: &'static str, expected: &str) -> AsmError {
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
    /// As a memory operand.
    pub fn mem(&self, form: &'static str, op: &'static str) -> Result<M, AsmError> {
        match self {
            OperandValue::Mem(m) => Ok(*m),
            _ => Err(self.wrong(form, op, M::EXPECTED)),
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
    /// As a condition.
    pub fn cond(&self, form: &'static str, op: &'static str) -> Result<C, AsmError> {
        match self {
            OperandValue::Cond(c) => Ok(*c),
            _ => Err(self.wrong(form, op, C::EXPECTED)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machinst::asm_sink::{Label, SymbolRef};

    const TOY: OperandChecks = OperandChecks {
        reg_name: |reg| format!("{reg:?}"),
        outside_mask: |reg, class| format!("register `{reg}` cannot be a {class} operand"),
        symbol_needs_reloc_field: "needs a long field",
        symbol_addend: |addend| (addend % 2 != 0).then(|| format!("odd addend {addend}")),
    };

    fn phys(n: u8) -> Reg {
        Reg::phys(RegClass::Int, n)
    }

    #[test]
    fn registers_by_class_mask_and_fixed_register() {
        assert!(
            TOY.reg("f", "a", phys(3), "gpr", RegClass::Int, 1 << 3)
                .is_ok()
        );
        let e = TOY
            .reg("f", "a", phys(2), "gpr", RegClass::Int, 1 << 3)
            .expect_err("outside the mask");
        assert_eq!(
            e.to_string(),
            format!(
                "`f`: operand `a`: register `{:?}` cannot be a gpr operand",
                phys(2)
            )
        );
        let e = TOY
            .reg("f", "a", phys(3), "fpr", RegClass::Float, u64::MAX)
            .expect_err("class");
        assert!(e.message.starts_with("expected a fpr register"), "{e}");
        let rw = Rw {
            read: phys(3),
            write: phys(2),
        };
        assert!(TOY.rw("f", "a", &rw, "gpr", RegClass::Int, 1 << 3).is_err());
        assert!(TOY.single_rw_reg("f", "a", &rw).is_err());
        assert_eq!(TOY.single_rw_reg("f", "a", &Rw::same(phys(2))), Ok(phys(2)));
        let v = Reg::virt(0, RegClass::Int).expect("vreg");
        assert!(TOY.fixed("f", "a", v, phys(0)).is_ok());
        assert!(TOY.fixed("f", "a", phys(0), phys(0)).is_ok());
        let e = TOY
            .fixed("f", "a", phys(1), phys(0))
            .expect_err("other register");
        assert!(e.message.starts_with("must be `"), "{e}");
        assert!(TOY.not_allocated(v).contains("not allocated"));
    }

    #[test]
    fn immediates_and_targets() {
        assert!(check_imm("f", "i", 8, 0, 16, 4).is_ok());
        assert_eq!(
            check_imm("f", "i", 17, 0, 16, 1)
                .expect_err("range")
                .message,
            "immediate 17 is out of range 0..=16"
        );
        assert_eq!(
            check_imm("f", "i", 6, 0, 16, 4).expect_err("scale").message,
            "immediate 6 is not a multiple of 4"
        );
        let sym = |addend| Target::Symbol {
            symbol: SymbolRef(0),
            addend,
        };
        assert!(
            TOY.target("f", "t", &Target::Label(Label(0)), false)
                .is_ok()
        );
        assert_eq!(
            TOY.target("f", "t", &sym(0), false)
                .expect_err("short")
                .message,
            "needs a long field"
        );
        assert!(TOY.target("f", "t", &sym(2), true).is_ok());
        assert_eq!(
            TOY.target("f", "t", &sym(3), true)
                .expect_err("odd")
                .message,
            "odd addend 3"
        );
    }

    #[derive(Clone, Copy, Debug)]
    struct Mem;
    impl Expected for Mem {
        const EXPECTED: &'static str = "memory";
    }
    impl Expected for u8 {
        const EXPECTED: &'static str = "a condition";
    }

    #[test]
    fn operand_values_convert_or_name_what_was_expected() {
        type O = OperandValue<Mem, u8>;
        assert_eq!(O::Reg(phys(1)).rw("f", "a"), Ok(Rw::same(phys(1))));
        assert_eq!(O::Cond(3).cond("f", "c"), Ok(3));
        assert_eq!(
            O::Imm(1).mem("f", "m").expect_err("not memory").message,
            "expected memory, got Imm(1)"
        );
        assert_eq!(
            O::Mem(Mem)
                .cond("f", "c")
                .expect_err("not a condition")
                .message,
            "expected a condition, got Mem(Mem)"
        );
        assert!(O::Imm(1).reg("f", "r").is_err());
        assert!(O::Imm(1).target("f", "t").is_err());
        assert_eq!(O::Imm(-1).imm("f", "i"), Ok(-1));
    }
}
