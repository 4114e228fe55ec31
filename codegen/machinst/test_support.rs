//! Helpers the three ISAs' instruction unit tests share (test builds only).

use super::forms::{AsmError, AsmInst, FormInfo};
use super::operands::{OperandConstraint, OperandKind, OperandPos, OperandVisitor};
use super::reg::{Reg, RegClass};

/// The `n`th virtual integer register.
pub(crate) fn vreg(n: u32) -> Reg {
    Reg::virt(n, RegClass::Int).expect("vreg")
}

/// The message of a result that must be a rejection.
pub(crate) fn rejection<T: std::fmt::Debug>(r: Result<T, AsmError>) -> String {
    r.expect_err("must be rejected").to_string()
}

/// Writes allocations back through the operand walk, as the backend does:
/// each reported register slot gets the next register of the list.
pub(crate) struct AssignRegs(pub Vec<Reg>);

impl OperandVisitor for AssignRegs {
    fn operand(&mut self, reg: &mut Reg, _: OperandKind, _: OperandConstraint, _: OperandPos) {
        if !self.0.is_empty() {
            *reg = self.0.remove(0);
        }
    }
    fn clobber(&mut self, _: Reg) {}
}

/// Checks that the generated form table lists the forms in enum order and
/// that the ISA declares at least 200 of them.
pub(crate) fn assert_forms_table<I: AsmInst>(table: &[FormInfo]) {
    let forms = I::all_forms();
    assert!(forms.len() >= 200, "{} forms", forms.len());
    assert_eq!(forms.len(), table.len());
    for (form, info) in forms.iter().zip(table) {
        assert_eq!(I::form_name(*form), info.name);
    }
}
