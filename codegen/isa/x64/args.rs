//! x86-64 operand values and their checks.
//!
//! [`Amode`] is a memory operand: `[base + index*scale + disp32]` or
//! `[rip + target]`. [`RegMem`] / [`RegMemRw`] are the `r/m` operands.
//! The `check_*` functions are what the generated constructors call to
//! reject operands a form cannot encode (wrong class, a register without a
//! name at the operand's width, `rsp` as index, an immediate out of range);
//! the `collect_*` functions report the registers inside these values to
//! the register allocator. All operand value types are `Copy`.

use super::regs::{AH, BH, CH, DH, RSP, display_name};
use super::{Cc, Inst, LabelUse};
use crate::machinst::asm_sink::{Target, VecAsmSink};
use crate::machinst::forms::AsmError;
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
/// ([`Inst::from_operands`]): the `isa-check` tool, tests, assemblers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperandValue {
    /// A register (also accepted where `Rw`, `RegMem` or `RegMemRw` is expected).
    Reg(Reg),
    /// A read-written register.
    Rw(Rw),
    /// A memory location (also accepted where `RegMem`/`RegMemRw` is expected).
    Mem(Amode),
    /// An immediate.
    Imm(i64),
    /// A code reference.
    Target(Target),
    /// A condition code.
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
    /// As a memory operand.
    pub fn mem(&self, form: &'static str, op: &'static str) -> Result<Amode, AsmError> {
        match self {
            OperandValue::Mem(m) => Ok(*m),
            _ => Err(self.wrong(form, op, "memory")),
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
    /// As a condition code.
    pub fn cond(&self, form: &'static str, op: &'static str) -> Result<Cc, AsmError> {
        match self {
            OperandValue::Cond(c) => Ok(*c),
            _ => Err(self.wrong(form, op, "a condition code")),
        }
    }
}

/// The GPRs usable as address registers: the sixteen 64-bit ones.
const ADDRESS_REG_MASK: u64 = 0xffff;

/// Checks a register operand: class, and for a physical register that it
/// has a name at the operand's width (`mask` has a bit per allowed number).
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
                "register `{}` cannot be used as a {class_name} operand of this width",
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
        RegMem::Reg(r) => check_reg(form, op, *r, class_name, class, mask),
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
        RegMemRw::Reg(rw) => check_rw(form, op, rw, class_name, class, mask),
        RegMemRw::Mem(m) => check_amode(form, op, m),
    }
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

/// Checks a memory operand: 64-bit GPR base and index, and no `rsp` index
/// (that SIB encoding means "no index").
pub fn check_amode(form: &'static str, op: &'static str, amode: &Amode) -> Result<(), AsmError> {
    match amode {
        Amode::BaseIndexDisp { base, index, .. } => {
            check_reg(
                form,
                op,
                *base,
                "64-bit gpr",
                RegClass::Int,
                ADDRESS_REG_MASK,
            )?;
            if let Some((index, _)) = index {
                check_reg(
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
        Amode::RipRelative { target } => check_target(form, op, target, true),
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

/// Checks a code reference: symbols need a field that can carry a relocation.
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
            "an external symbol needs a 32-bit field (rel32), not rel8",
        )),
        _ => Ok(()),
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
