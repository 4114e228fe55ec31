//! x86-64 operand values and their checks.
//!
//! [`Amode`] is a memory operand: `[base + index*scale + disp32]` or
//! `[rip + target]`. [`RegMem`] / [`RegMemRw`] are the `r/m` operands.
//! [`CHECKS`] words the shared operand checks (`crate::machinst::operand_checks`)
//! for x86-64; the `check_*` functions here are the x86-64 ones the
//! generated constructors call besides (an `r/m` operand, `rsp` as index, a
//! high-byte register next to a REX prefix);
//! the `collect_*` functions report the registers inside these values to
//! the register allocator. All operand value types are `Copy`.

use super::regs::{AH, BH, CH, DH, RSP, display_name};
use super::{Cc, Inst, LabelUse};
use crate::machinst::asm_sink::{Target, VecAsmSink};
use crate::machinst::forms::AsmError;
use crate::machinst::operand_checks::{self, Expected, OperandChecks};
use crate::machinst::operands::{
    OperandCollector, OperandConstraint, OperandKind, OperandPos, OperandVisitor,
};
use crate::machinst::reg::{Reg, RegClass, Rw};

/// Index scale factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scale {
    /// ×1
    One,
    /// ×2
    Two,
    /// ×4
    Four,
    /// ×8
    Eight,
}

impl Scale {
    /// The SIB `ss` field.
    pub fn bits(self) -> u8 {
        self as u8
    }
    /// The factor.
    pub fn factor(self) -> u8 {
        1 << (self as u8)
    }
}

/// A memory operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Amode {
    /// `[base + index*scale + disp]`.
    BaseIndexDisp {
        /// Base register (a GPR).
        base: Reg,
        /// Optional index register (a GPR other than `rsp`) and scale.
        index: Option<(Reg, Scale)>,
        /// Signed displacement.
        disp: i32,
    },
    /// `[rip + disp]` reaching `target` (a label or a relocated symbol).
    RipRelative {
        /// What the address refers to.
        target: Target,
    },
}

impl Amode {
    /// `[base + disp]`.
    pub fn base(base: Reg, disp: i32) -> Amode {
        Amode::BaseIndexDisp {
            base,
            index: None,
            disp,
        }
    }
    /// `[base + index*scale + disp]`.
    pub fn base_index(base: Reg, index: Reg, scale: Scale, disp: i32) -> Amode {
        Amode::BaseIndexDisp {
            base,
            index: Some((index, scale)),
            disp,
        }
    }
    /// `[rip + target]`.
    pub fn rip(target: Target) -> Amode {
        Amode::RipRelative { target }
    }
}

/// A read or written register-or-memory operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RegMem {
    /// A register.
    Reg(Reg),
    /// A memory location.
    Mem(Amode),
}

impl RegMem {
    /// The register, if this is one.
    pub fn as_reg(&self) -> Option<Reg> {
        match self {
            RegMem::Reg(r) => Some(*r),
            RegMem::Mem(_) => None,
        }
    }
}

/// A read-and-written register-or-memory operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RegMemRw {
    /// A register (read and written values).
    Reg(Rw),
    /// A memory location (read and written in place).
    Mem(Amode),
}

impl RegMemRw {
    /// The written register, if this is a register.
    pub fn as_reg(&self) -> Option<Reg> {
        match self {
            RegMemRw::Reg(rw) => Some(rw.write),
            RegMemRw::Mem(_) => None,
        }
    }
}

/// An operand value of any kind, for building instructions from data
/// ([`Inst::from_operands`]): the `isa-check` tool, tests, assemblers. A
/// register is also accepted where `Rw`, `RegMem` or `RegMemRw` is
/// expected, memory where `RegMem`/`RegMemRw` is.
pub type OperandValue = operand_checks::OperandValue<Amode, Cc>;

impl Expected for Amode {
    const EXPECTED: &'static str = "memory";
}

impl Expected for Cc {
    const EXPECTED: &'static str = "a condition code";
}

impl OperandValue {
    /// As a register or memory operand.
    pub fn reg_mem(&self, form: &'static str, op: &'static str) -> Result<RegMem, AsmError> {
        match self {
            OperandValue::Reg(r) => Ok(RegMem::Reg(*r)),
            OperandValue::Mem(m) => Ok(RegMem::Mem(*m)),
            _ => Err(self.wrong(form, op, "a register or memory")),
        }
    }
    /// As a read-written register or memory operand.
    pub fn reg_mem_rw(&self, form: &'static str, op: &'static str) -> Result<RegMemRw, AsmError> {
        match self {
            OperandValue::Reg(r) => Ok(RegMemRw::Reg(Rw::same(*r))),
            OperandValue::Rw(rw) => Ok(RegMemRw::Reg(*rw)),
            OperandValue::Mem(m) => Ok(RegMemRw::Mem(*m)),
            _ => Err(self.wrong(form, op, "a register or memory")),
        }
    }
}

/// How the shared operand checks word x86-64's messages.
pub const CHECKS: OperandChecks = OperandChecks {
    reg_name: display_name,
    outside_mask: |reg, class| {
        format!("register `{reg}` cannot be used as a {class} operand of this width")
    },
    symbol_needs_reloc_field: "an external symbol needs a 32-bit field (rel32), not rel8",
    symbol_addend: |_| None,
};

/// The GPRs usable as address registers: the sixteen 64-bit ones.
const ADDRESS_REG_MASK: u64 = 0xffff;

/// Checks a register-or-memory operand.
pub fn check_reg_mem(
    form: &'static str,
    op: &'static str,
    rm: &RegMem,
    class_name: &str,
    class: RegClass,
    mask: u64,
) -> Result<(), AsmError> {
    match rm {
        RegMem::Reg(r) => CHECKS.reg(form, op, *r, class_name, class, mask),
        RegMem::Mem(m) => check_amode(form, op, m),
    }
}

/// Checks a read-write register-or-memory operand.
pub fn check_reg_mem_rw(
    form: &'static str,
    op: &'static str,
    rm: &RegMemRw,
    class_name: &str,
    class: RegClass,
    mask: u64,
) -> Result<(), AsmError> {
    match rm {
        RegMemRw::Reg(rw) => CHECKS.rw(form, op, rw, class_name, class, mask),
        RegMemRw::Mem(m) => check_amode(form, op, m),
    }
}

/// Checks a memory operand: 64-bit GPR base and index, and no `rsp` index
/// (that SIB encoding means "no index").
pub fn check_amode(form: &'static str, op: &'static str, amode: &Amode) -> Result<(), AsmError> {
    match amode {
        Amode::BaseIndexDisp { base, index, .. } => {
            CHECKS.reg(
                form,
                op,
                *base,
                "64-bit gpr",
                RegClass::Int,
                ADDRESS_REG_MASK,
            )?;
            if let Some((index, _)) = index {
                CHECKS.reg(
                    form,
                    op,
                    *index,
                    "64-bit gpr",
                    RegClass::Int,
                    ADDRESS_REG_MASK,
                )?;
                if *index == RSP {
                    return Err(AsmError::operand(
                        form,
                        op,
                        "`rsp` cannot be an index register",
                    ));
                }
            }
            Ok(())
        }
        Amode::RipRelative { target } => CHECKS.target(form, op, target, true),
    }
}

/// Whether any of `regs` is a legacy high-byte register (`ah`, `ch`, `dh`, `bh`).
pub fn mentions_high_byte(regs: &[Option<Reg>]) -> bool {
    regs.iter().flatten().any(|r| [AH, CH, DH, BH].contains(r))
}

/// Checks, by encoding it once, that an instruction naming a high-byte
/// register needs no REX prefix. Its registers must all be physical: a
/// virtual register could later need REX.
pub fn check_encodable(inst: &Inst) -> Result<(), AsmError> {
    struct FindVirtual(bool);
    impl OperandVisitor for FindVirtual {
        fn operand(&mut self, reg: &mut Reg, _: OperandKind, _: OperandConstraint, _: OperandPos) {
            self.0 |= reg.is_virtual();
        }
        fn clobber(&mut self, _: Reg) {}
    }
    let form = inst.form().name();
    let mut copy = inst.clone();
    let mut find = FindVirtual(false);
    copy.collect_operands(&mut find);
    if find.0 {
        return Err(AsmError::form(
            form,
            "`ah`, `bh`, `ch` and `dh` cannot be combined with virtual registers",
        ));
    }
    let mut sink = VecAsmSink::<LabelUse>::new();
    inst.encode(&mut sink)
}

/// Reports the registers of a memory operand (all uses, read before the instruction).
pub fn collect_amode<V: OperandVisitor>(amode: &mut Amode, c: &mut OperandCollector<'_, V>) {
    if let Amode::BaseIndexDisp { base, index, .. } = amode {
        c.use_reg(base, OperandPos::Early);
        if let Some((index, _)) = index {
            c.use_reg(index, OperandPos::Early);
        }
    }
}

/// Reports a read register-or-memory operand.
pub fn collect_reg_mem_use<V: OperandVisitor>(rm: &mut RegMem, c: &mut OperandCollector<'_, V>) {
    match rm {
        RegMem::Reg(r) => {
            c.use_reg(r, OperandPos::Early);
        }
        RegMem::Mem(m) => collect_amode(m, c),
    }
}

/// Reports a written register-or-memory operand (a store only uses its address registers).
pub fn collect_reg_mem_def<V: OperandVisitor>(rm: &mut RegMem, c: &mut OperandCollector<'_, V>) {
    match rm {
        RegMem::Reg(r) => c.def_reg(r, OperandPos::Late),
        RegMem::Mem(m) => collect_amode(m, c),
    }
}

/// Reports a read-written register-or-memory operand.
pub fn collect_reg_mem_rw<V: OperandVisitor>(rm: &mut RegMemRw, c: &mut OperandCollector<'_, V>) {
    match rm {
        RegMemRw::Reg(rw) => {
            let i = c.use_reg(&mut rw.read, OperandPos::Early);
            c.reuse_def(&mut rw.write, i);
        }
        RegMemRw::Mem(m) => collect_amode(m, c),
    }
}
