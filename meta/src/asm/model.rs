//! The generator's view of one instruction form: the Rust variant name and
//! the fields that hold its operand values, plus the generic checks every
//! ISA's declarations must pass.
//!
//! Field naming (stable, since constructors and DSL terms take fields in
//! order): a fixed register is named after the register (`rax`); a
//! condition is `cc`, a target `target`, an immediate `imm`; other register
//! and memory operands are `dst` when written and `src` when only read. A
//! base name used more than once is numbered from 1 (`src1`, `src2`).

use lathe_isa_defs::asm::{Access, ImmRange, InstDef, IsaDef, OperandKind, Position};

/// The Rust shape of a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// `Reg`: a read or written register.
    Reg,
    /// `Rw`: a read-written register (two virtual registers before allocation).
    Rw,
    /// `RegMem`: a read or written register-or-memory operand.
    RegMem,
    /// `RegMemRw`: a read-written register-or-memory operand.
    RegMemRw,
    /// `Amode`: a memory operand.
    Mem,
    /// `i64`: an immediate.
    Imm,
    /// `Target`: a pc-relative code reference.
    Target,
    /// `Cc`: a condition code.
    Cond,
}

impl FieldKind {
    /// The Rust type of the field, as named in the ISA's runtime module `rt`.
    pub fn rust_type(self) -> &'static str {
        match self {
            FieldKind::Reg => "rt::Reg",
            FieldKind::Rw => "rt::Rw",
            FieldKind::RegMem => "rt::RegMem",
            FieldKind::RegMemRw => "rt::RegMemRw",
            FieldKind::Mem => "rt::Amode",
            FieldKind::Imm => "i64",
            FieldKind::Target => "rt::Target",
            FieldKind::Cond => "rt::Cc",
        }
    }

    /// The ISLE type of the field.
    pub fn isle_type(self) -> &'static str {
        match self {
            FieldKind::Reg => "Reg",
            FieldKind::Rw => "Rw",
            FieldKind::RegMem => "RegMem",
            FieldKind::RegMemRw => "RegMemRw",
            FieldKind::Mem => "Amode",
            FieldKind::Imm => "i64",
            FieldKind::Target => "Target",
            FieldKind::Cond => "Cc",
        }
    }

    /// The `OperandValue` accessor that converts a dynamic operand to this field.
    pub fn accessor(self) -> &'static str {
        match self {
            FieldKind::Reg => "reg",
            FieldKind::Rw => "rw",
            FieldKind::RegMem => "reg_mem",
            FieldKind::RegMemRw => "reg_mem_rw",
            FieldKind::Mem => "mem",
            FieldKind::Imm => "imm",
            FieldKind::Target => "target",
            FieldKind::Cond => "cond",
        }
    }
}

/// One field of a form's variant.
#[derive(Clone, Debug)]
pub struct Field {
    /// Field and parameter name.
    pub name: String,
    /// Index of the operand in the form's operand list.
    pub operand: usize,
    /// Rust shape.
    pub kind: FieldKind,
}

/// A form as the generator uses it.
#[derive(Clone, Debug)]
pub struct FormModel {
    /// The form name (also the constructor's name).
    pub name: String,
    /// CamelCase variant name (`AddRm64R64`).
    pub variant: String,
    /// Fields in operand order (literal operands have none).
    pub fields: Vec<Field>,
    /// Field name of each operand (`None` for literals).
    pub operand_field: Vec<Option<usize>>,
}

impl FormModel {
    /// The field for operand `i`, if it has one.
    pub fn field_of(&self, i: usize) -> Option<&Field> {
        self.operand_field
            .get(i)
            .copied()
            .flatten()
            .map(|f| &self.fields[f])
    }
}

/// CamelCase of a snake_case form name.
pub fn camel_case(name: &str) -> String {
    let mut out = String::new();
    for part in name.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// Builds the model of a form.
pub fn model(form: &InstDef) -> FormModel {
    let mut base: Vec<Option<(String, FieldKind)>> = Vec::new();
    for op in &form.operands {
        let written = op.access != Access::Read;
        let entry = match op.ty.kind {
            OperandKind::Literal(_) => None,
            OperandKind::Cond | OperandKind::CondOperand => {
                Some(("cc".to_string(), FieldKind::Cond))
            }
            OperandKind::Target { .. } => Some(("target".to_string(), FieldKind::Target)),
            OperandKind::Imm(_) => Some(("imm".to_string(), FieldKind::Imm)),
            OperandKind::Reg { fixed, .. } => {
                let kind = if op.access == Access::ReadWrite {
                    FieldKind::Rw
                } else {
                    FieldKind::Reg
                };
                let name = match fixed {
                    Some(reg) => reg.to_string(),
                    None if written => "dst".to_string(),
                    None => "src".to_string(),
                };
                Some((name, kind))
            }
            OperandKind::RegMem { .. } => {
                let kind = if op.access == Access::ReadWrite {
                    FieldKind::RegMemRw
                } else {
                    FieldKind::RegMem
                };
                Some((if written { "dst" } else { "src" }.to_string(), kind))
            }
            OperandKind::Mem { .. } => Some((
                if written { "dst" } else { "src" }.to_string(),
                FieldKind::Mem,
            )),
        };
        base.push(entry);
    }
    let mut fields = Vec::new();
    let mut operand_field = Vec::new();
    for (i, entry) in base.iter().enumerate() {
        let Some((name, kind)) = entry else {
            operand_field.push(None);
            continue;
        };
        let same = base.iter().flatten().filter(|(n, _)| n == name).count();
        let name = if same > 1 {
            let nth = base[..i]
                .iter()
                .flatten()
                .filter(|(n, _)| n == name)
                .count()
                + 1;
            format!("{name}{nth}")
        } else {
            name.clone()
        };
        operand_field.push(Some(fields.len()));
        fields.push(Field {
            name,
            operand: i,
            kind: *kind,
        });
    }
    FormModel {
        name: form.name.clone(),
        variant: camel_case(&form.name),
        fields,
        operand_field,
    }
}

/// The accepted range `(min, max)` of an immediate, in value units (after scaling).
pub fn imm_range(bits: u8, range: ImmRange, scale: u8) -> (i64, i64) {
    let bits = u32::from(bits.clamp(1, 64));
    let scale = i128::from(scale.max(1));
    let (min, max): (i128, i128) = match range {
        ImmRange::Signed => (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1),
        ImmRange::Unsigned => (0, (1i128 << bits) - 1),
        ImmRange::Either => (-(1i128 << (bits - 1)), (1i128 << bits) - 1),
    };
    let clamp = |v: i128| v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    (clamp(min * scale), clamp(max * scale))
}

/// Checks the ISA-independent rules; returns one message per problem.
pub fn check_isa(isa: &IsaDef) -> Vec<String> {
    let mut errors = Vec::new();
    let mut names: Vec<&str> = isa.insts.iter().map(|f| f.name.as_str()).collect();
    names.sort_unstable();
    for pair in names.windows(2) {
        if pair[0] == pair[1] {
            errors.push(format!("form `{}` is declared more than once", pair[0]));
        }
    }
    for form in &isa.insts {
        let err = |msg: String| format!("form `{}`: {msg}", form.name);
        if !form
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            errors.push(err("name must be lowercase letters, digits and `_`".into()));
        }
        let conds = form
            .operands
            .iter()
            .filter(|o| o.ty.kind == OperandKind::Cond)
            .count();
        if conds > 1 || (conds == 1) != form.mnemonic.contains("{cc}") {
            errors.push(err(
                "a mnemonic contains `{cc}` exactly when the form has one condition operand".into(),
            ));
        }
        for op in &form.operands {
            match op.ty.kind {
                OperandKind::Reg {
                    class,
                    width,
                    fixed,
                    ..
                } => {
                    match isa.reg_class(class) {
                        None => errors.push(err(format!("unknown register class `{class}`"))),
                        Some(c)
                            if !c
                                .regs
                                .iter()
                                .any(|r| r.names.iter().any(|(w, _)| *w == width)) =>
                        {
                            errors
                                .push(err(format!("class `{class}` has no {width}-bit registers")))
                        }
                        Some(_) => {}
                    }
                    if let Some(reg) = fixed {
                        match isa.reg_by_name(reg) {
                            Some((c, _)) if c.name == class => {}
                            _ => errors.push(err(format!(
                                "fixed register `{reg}` is not in class `{class}`"
                            ))),
                        }
                    }
                }
                OperandKind::RegMem { class, .. } if isa.reg_class(class).is_none() => {
                    errors.push(err(format!("unknown register class `{class}`")))
                }
                OperandKind::Imm(spec) => {
                    if spec.bits == 0
                        || spec.bits > 64
                        || spec.scale == 0
                        || spec.used_bits < u16::from(spec.bits)
                    {
                        errors.push(err(format!("bad immediate `{}`", op.ty.name)));
                    }
                    if op.access != Access::Read {
                        errors.push(err("an immediate can only be read".into()));
                    }
                }
                OperandKind::Target { label_kind }
                    if !isa.label_kinds.iter().any(|k| k.name == label_kind) =>
                {
                    errors.push(err(format!("unknown label kind `{label_kind}`")))
                }
                _ => {}
            }
            if op.position != Position::Default && !matches!(op.ty.kind, OperandKind::Reg { .. }) {
                errors.push(err("early/late applies to register operands only".into()));
            }
        }
        for f in &form.features {
            if !isa.features.iter().any(|d| d.name == *f) {
                errors.push(err(format!("unknown feature `{f}`")));
            }
        }
        for f in form.flags_read.iter().chain(&form.flags_written) {
            if !isa.flags.contains(f) {
                errors.push(err(format!("unknown flag `{f}`")));
            }
        }
        for r in &form.clobbers {
            if isa.reg_by_name(r).is_none() {
                errors.push(err(format!("unknown clobbered register `{r}`")));
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use lathe_isa_defs::asm::{OperandType, inst, r, rw, w};

    const R: OperandType = OperandType::reg("r", "gpr", 64);
    const RAX: OperandType = OperandType::implicit("rax", "gpr", 64, "rax");
    const I: OperandType = OperandType::imm("imm8", 8, ImmRange::Signed, 64);

    #[test]
    fn field_names_are_numbered_only_when_repeated() {
        let m = model(&inst("andn", [w(R), r(R), r(R)], "RVM", "x"));
        let names: Vec<_> = m.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["dst", "src1", "src2"]);
        let m = model(&inst("div", [r(R), rw(RAX), w(I)], "M", "x"));
        let got: Vec<_> = m.fields.iter().map(|f| (f.name.as_str(), f.kind)).collect();
        assert_eq!(
            got,
            [
                ("src", FieldKind::Reg),
                ("rax", FieldKind::Rw),
                ("imm", FieldKind::Imm)
            ]
        );
        assert_eq!(m.variant, "DivRImm8");
    }

    #[test]
    fn immediate_ranges() {
        assert_eq!(imm_range(8, ImmRange::Signed, 1), (-128, 127));
        assert_eq!(imm_range(8, ImmRange::Unsigned, 1), (0, 255));
        assert_eq!(imm_range(8, ImmRange::Either, 1), (-128, 255));
        assert_eq!(imm_range(12, ImmRange::Unsigned, 8), (0, 4095 * 8));
        assert_eq!(imm_range(64, ImmRange::Either, 1), (i64::MIN, i64::MAX));
        assert_eq!(imm_range(64, ImmRange::Unsigned, 1), (0, i64::MAX));
    }

    #[test]
    fn camel_case_joins_parts() {
        assert_eq!(camel_case("cvtsi2ss_xmm_rm32"), "Cvtsi2ssXmmRm32");
        assert_eq!(camel_case("jcc_rel8"), "JccRel8");
    }
}
