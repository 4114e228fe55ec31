//! x86-64 specifics of the instruction generator: checking each form's
//! Op/En letters and SDM opcode string against its operands, and turning
//! them into encoder calls into the runtime (`codegen/isa/x64/encode.rs`).
//!
//! Op/En letters (SDM Vol. 2, "Instruction Operand Encoding"), one per
//! operand in order, skipping implicit registers and the condition code:
//! `R` ModRM.reg, `M` ModRM.r/m, `V` VEX.vvvv, `O` the low bits of the
//! opcode (`+rd`), `I` an immediate, `D` a code offset (`cb`/`cd`), `C` a
//! fixed register that is printed (`cl`), `1` a literal. `ZO` means no
//! encoded operands.

use std::fmt::Write;

use lathe_isa_defs::asm::{Control, InstDef, IsaDef, OperandKind};

use crate::asm::IsaGen;
use crate::asm::model::{FieldKind, FormModel, camel_case};
use crate::x64_opcode::{ModRm, Opcode, OpcodePlus, parse};

/// The x86-64 generator.
pub struct X64Gen {
    isa: IsaDef,
}

impl X64Gen {
    /// Reads the x86-64 declarations.
    pub fn new() -> Self {
        Self {
            isa: lathe_isa_defs::x64::isa(),
        }
    }
}

impl Default for X64Gen {
    fn default() -> Self {
        Self::new()
    }
}

/// One encoded operand with its Op/En letter.
struct Slot {
    letter: char,
    operand: usize,
}

/// The operands that Op/En letters describe, paired with their letters.
fn slots(form: &InstDef) -> Result<Vec<Slot>, String> {
    let encoded: Vec<usize> = form
        .operands
        .iter()
        .enumerate()
        .filter(|(_, o)| {
            !matches!(
                o.ty.kind,
                OperandKind::Reg { shown: false, .. } | OperandKind::Cond
            )
        })
        .map(|(i, _)| i)
        .collect();
    if form.format == "ZO" {
        if encoded
            .iter()
            .any(|&i| !matches!(form.operands[i].ty.kind, OperandKind::Literal(_)))
        {
            return Err("Op/En `ZO` but the form has encoded operands".into());
        }
        return Ok(Vec::new());
    }
    let letters: Vec<char> = form.format.chars().collect();
    if letters.len() != encoded.len() {
        return Err(format!(
            "Op/En `{}` has {} letters for {} operands",
            form.format,
            letters.len(),
            encoded.len()
        ));
    }
    Ok(letters
        .into_iter()
        .zip(encoded)
        .map(|(letter, operand)| Slot { letter, operand })
        .collect())
}

/// Whether operand `i` is an 8-bit GPR (the REX rules for `spl`..`dil` and `ah`..`bh` apply).
fn is_byte_reg(form: &InstDef, i: usize) -> bool {
    matches!(
        form.operands[i].ty.kind,
        OperandKind::Reg {
            class: "gpr",
            width: 8,
            fixed: None,
            ..
        } | OperandKind::RegMem {
            class: "gpr",
            width: 8
        }
    )
}

fn check(form: &InstDef, op: &Opcode) -> Result<Vec<Slot>, String> {
    let slots = slots(form)?;
    let count = |c: char| slots.iter().filter(|s| s.letter == c).count();
    for s in &slots {
        let kind = form.operands[s.operand].ty.kind;
        let ok = match s.letter {
            'R' | 'V' | 'O' => matches!(kind, OperandKind::Reg { fixed: None, .. }),
            'M' => matches!(
                kind,
                OperandKind::Reg { fixed: None, .. }
                    | OperandKind::RegMem { .. }
                    | OperandKind::Mem { .. }
            ),
            'I' => matches!(kind, OperandKind::Imm(_)),
            'D' => matches!(kind, OperandKind::Target { .. }),
            'C' => matches!(
                kind,
                OperandKind::Reg {
                    fixed: Some(_),
                    shown: true,
                    ..
                }
            ),
            '1' => matches!(kind, OperandKind::Literal(_)),
            other => return Err(format!("unknown Op/En letter `{other}`")),
        };
        if !ok {
            return Err(format!(
                "Op/En letter `{}` does not fit operand `{}`",
                s.letter, form.operands[s.operand].ty.name
            ));
        }
        if s.letter != 'M' && matches!(kind, OperandKind::RegMem { .. } | OperandKind::Mem { .. }) {
            return Err(format!(
                "memory-capable operand `{}` must be `M`",
                form.operands[s.operand].ty.name
            ));
        }
    }
    let (r, m) = (count('R'), count('M'));
    match op.modrm {
        Some(ModRm::Reg) if r != 1 || m != 1 => {
            return Err("`/r` needs exactly one `R` and one `M` operand".into());
        }
        Some(ModRm::Digit(_)) if r != 0 || m != 1 => {
            return Err("`/digit` needs one `M` operand and no `R`".into());
        }
        None if r + m != 0 => {
            return Err("`R`/`M` operands need a ModRM byte (`/r` or `/digit`)".into());
        }
        _ => {}
    }
    if (op.plus == Some(OpcodePlus::Reg)) != (count('O') == 1) || count('O') > 1 {
        return Err("`+rd` and exactly one `O` operand go together".into());
    }
    let conds = form
        .operands
        .iter()
        .filter(|o| o.ty.kind == OperandKind::Cond)
        .count();
    if (op.plus == Some(OpcodePlus::Cond)) != (conds == 1) {
        return Err("`+cc` and a condition operand go together".into());
    }
    if count('V') > usize::from(op.vex.is_some()) {
        return Err("`V` operands need a VEX prefix (and there is one vvvv field)".into());
    }
    if op.vex.is_some() && op.modrm.is_none() {
        return Err("VEX forms without ModRM are not supported".into());
    }
    let imm_slots: Vec<_> = slots.iter().filter(|s| s.letter == 'I').collect();
    if imm_slots.len() != op.imms.len() {
        return Err(format!(
            "{} `I` operands but {} immediates in the opcode",
            imm_slots.len(),
            op.imms.len()
        ));
    }
    for (s, &size) in imm_slots.iter().zip(&op.imms) {
        if let OperandKind::Imm(spec) = form.operands[s.operand].ty.kind {
            if u32::from(spec.bits) != u32::from(size) * 8 || spec.scale != 1 {
                return Err(format!(
                    "immediate `{}` is {} bits, the opcode has {}",
                    form.operands[s.operand].ty.name,
                    spec.bits,
                    size * 8
                ));
            }
        }
    }
    match (slots.iter().find(|s| s.letter == 'D'), op.code_offset) {
        (None, None) => {}
        (Some(s), Some(size)) => {
            let OperandKind::Target { label_kind } = form.operands[s.operand].ty.kind else {
                return Err("`D` operand is not a target".into());
            };
            let want = if size == 1 { "rel8" } else { "rel32" };
            if label_kind != want {
                return Err(format!(
                    "code offset of {size} bytes needs a `{want}` target, not `{label_kind}`"
                ));
            }
        }
        _ => return Err("`D` operand and `cb`/`cd` go together".into()),
    }
    if op.vex.is_some() && slots.iter().any(|s| is_byte_reg(form, s.operand)) {
        return Err("VEX forms cannot have 8-bit register operands".into());
    }
    Ok(slots)
}

fn bytes_list(bytes: &[u8]) -> String {
    let items: Vec<_> = bytes.iter().map(|b| format!("0x{b:02X}")).collect();
    format!("[{}]", items.join(", "))
}

impl IsaGen for X64Gen {
    fn isa(&self) -> &IsaDef {
        &self.isa
    }

    fn check_form(&self, form: &InstDef, _model: &FormModel) -> Vec<String> {
        if form.hook.is_some() {
            return Vec::new();
        }
        match parse(form.encoding).and_then(|op| check(form, &op)) {
            Ok(_) => Vec::new(),
            Err(e) => vec![e],
        }
    }

    fn encoder_body(&self, form: &InstDef, model: &FormModel) -> Result<String, String> {
        let op = parse(form.encoding)?;
        let slots = check(form, &op)?;
        let field = |i: usize| {
            model
                .field_of(i)
                .ok_or_else(|| format!("operand {i} has no field"))
        };
        let mut s = String::new();

        // The register in ModRM.reg / VEX.vvvv / the opcode, as an expression.
        let reg_expr = |i: usize| -> Result<String, String> {
            let f = field(i)?;
            Ok(match f.kind {
                FieldKind::Rw => format!("rt::rw_reg(FORM, {:?}, {})?", f.name, f.name),
                _ => format!("*{}", f.name),
            })
        };
        let find = |c: char| slots.iter().find(|s| s.letter == c).map(|s| s.operand);
        let reg_field = match (op.modrm, find('R')) {
            (Some(ModRm::Digit(d)), _) => format!("rt::RegField::Digit({d})"),
            (_, Some(i)) => format!(
                "rt::RegField::Reg({}, {})",
                reg_expr(i)?,
                is_byte_reg(form, i)
            ),
            (_, None) => String::new(),
        };
        let rm = match find('M') {
            Some(i) => {
                let f = field(i)?;
                let byte = is_byte_reg(form, i);
                match f.kind {
                    FieldKind::RegMem => format!("rt::Rm::from_reg_mem({}, {byte})", f.name),
                    FieldKind::RegMemRw => format!(
                        "rt::Rm::from_reg_mem_rw(FORM, {:?}, {}, {byte})?",
                        f.name, f.name
                    ),
                    FieldKind::Mem => format!("rt::Rm::Mem({})", f.name),
                    _ => format!("rt::Rm::Reg({}, {byte})", reg_expr(i)?),
                }
            }
            None => String::new(),
        };
        let trailing: u8 = op.imms.iter().sum::<u8>() + u8::from(op.suffix.is_some());

        let opcode = match op.plus {
            Some(OpcodePlus::Cond) => {
                let cc = model
                    .fields
                    .iter()
                    .find(|f| f.kind == FieldKind::Cond)
                    .ok_or("no condition field")?;
                let (last, init) = op.bytes.split_last().ok_or("no opcode")?;
                let mut items: Vec<_> = init.iter().map(|b| format!("0x{b:02X}")).collect();
                items.push(format!("0x{last:02X} | {}.enc()", cc.name));
                format!("[{}]", items.join(", "))
            }
            _ => bytes_list(&op.bytes),
        };
        if let Some(vex) = op.vex {
            let vvvv = match find('V') {
                Some(i) => format!("Some({})", reg_expr(i)?),
                None => "None".to_string(),
            };
            let _ = writeln!(
                s,
                "let vex = rt::Vex {{ l: {}, pp: {}, map: {}, w: {}, opcode: 0x{:02X} }};",
                vex.l, vex.pp, vex.map, vex.w, op.bytes[0]
            );
            let _ = writeln!(
                s,
                "rt::emit_vex(sink, FORM, &vex, {reg_field}, {vvvv}, {rm}, {trailing})?;"
            );
        } else {
            let _ = writeln!(
                s,
                "let op = rt::Legacy {{ prefixes: &{}, rex_w: {}, opcode: &{opcode} }};",
                bytes_list(&op.prefixes),
                op.rex_w
            );
            if op.modrm.is_some() {
                let _ = writeln!(
                    s,
                    "rt::emit_modrm(sink, FORM, &op, {reg_field}, {rm}, {trailing})?;"
                );
            } else if let Some(i) = find('O') {
                let _ = writeln!(
                    s,
                    "rt::emit_opcode_reg(sink, FORM, &op, {}, {})?;",
                    reg_expr(i)?,
                    is_byte_reg(form, i)
                );
            } else {
                s.push_str("rt::emit_plain(sink, &op);\n");
            }
        }
        for (slot, size) in slots.iter().filter(|s| s.letter == 'I').zip(&op.imms) {
            let n = &field(slot.operand)?.name;
            let _ = writeln!(
                s,
                "{};",
                match size {
                    1 => format!("sink.put1(*{n} as u8)"),
                    2 => format!("sink.put2((*{n} as u16).to_le_bytes())"),
                    4 => format!("sink.put4((*{n} as u32).to_le_bytes())"),
                    _ => format!("sink.put8((*{n} as u64).to_le_bytes())"),
                }
            );
        }
        if let Some(byte) = op.suffix {
            let _ = writeln!(s, "sink.put1(0x{byte:02X});");
        }
        if let Some(i) = find('D') {
            let f = field(i)?;
            let OperandKind::Target { label_kind } = form.operands[i].ty.kind else {
                return Err("`D` operand is not a target".into());
            };
            let reloc = if form.control == Control::Call {
                "X86CallPlt4"
            } else {
                "X86PcRel4"
            };
            let _ = writeln!(
                s,
                "rt::emit_target(sink, FORM, {}, rt::LabelUse::{}, rt::RelocKind::{reloc}, 0)?;",
                f.name,
                camel_case(label_kind)
            );
        }
        Ok(s)
    }

    fn extra_checks(&self, form: &InstDef, model: &FormModel) -> String {
        let exprs: Vec<String> = model
            .fields
            .iter()
            .filter(|f| is_byte_reg(form, f.operand))
            .map(|f| match f.kind {
                FieldKind::Reg => format!("Some({})", f.name),
                FieldKind::Rw => format!("Some({}.write)", f.name),
                _ => format!("{}.as_reg()", f.name),
            })
            .collect();
        if exprs.is_empty() {
            return String::new();
        }
        format!(
            "// `ah`..`bh` exist only without REX: encode once to find out.\nif rt::mentions_high_byte(&[{}]) {{\n    rt::check_encodable(&inst)?;\n}}",
            exprs.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asm::model::model;
    use lathe_isa_defs::asm::{inst, r, rw, w};
    use lathe_isa_defs::x64::operands::*;

    fn problems(form: InstDef) -> String {
        X64Gen::new().check_form(&form, &model(&form)).join("\n")
    }

    #[test]
    fn every_declared_form_checks_and_encodes() {
        crate::asm::assert_every_form_checks_and_encodes(&X64Gen::new());
    }

    #[test]
    fn op_en_must_agree_with_operands_and_opcode() {
        assert!(
            problems(inst("add", [rw(RM64), r(R64)], "RM", "REX.W + 01 /r"))
                .contains("`R` does not fit operand `rm64`")
        );
        assert!(
            problems(inst("add", [rw(RM64), r(R64)], "IR", "REX.W + 01 /r"))
                .contains("`I` does not fit")
        );
        assert!(
            problems(inst("add", [rw(RM64), r(R64)], "M", "REX.W + 01 /r"))
                .contains("1 letters for 2 operands")
        );
        assert!(
            problems(inst("add", [rw(RM64), r(IMM32)], "MI", "REX.W + 81 /0 ib"))
                .contains("is 32 bits")
        );
        assert!(
            problems(inst("add", [rw(RM64), r(R64)], "MR", "REX.W + 01 /0"))
                .contains("`/digit` needs")
        );
        assert!(problems(inst("jmp", [r(REL8)], "D", "E9 cd")).contains("needs a `rel32` target"));
        assert!(problems(inst("push", [r(R64)], "O", "50")).contains("`+rd` and exactly one `O`"));
        assert!(
            problems(inst(
                "andn",
                [w(R8), r(R8), r(RM8)],
                "RVM",
                "VEX.LZ.0F38.W0 F2 /r"
            ))
            .contains("8-bit")
        );
        assert!(problems(inst("nop", [r(RM32)], "Q", "0F 1F /0")).contains("unknown Op/En letter"));
        assert!(problems(inst("ret", [r(R64)], "ZO", "C3")).contains("ZO"));
    }

    #[test]
    fn encoder_bodies_name_the_runtime_helpers() {
        let isa_gen = X64Gen::new();
        let body = |f: InstDef| isa_gen.encoder_body(&f, &model(&f)).expect("body");
        let add = body(inst(
            "add",
            [rw(RM64), r(SIMM8_64)],
            "MI",
            "REX.W + 83 /0 ib",
        ));
        assert!(
            add.contains("rt::Legacy { prefixes: &[], rex_w: true, opcode: &[0x83] }"),
            "{add}"
        );
        assert!(
            add.contains(
                "rt::RegField::Digit(0), rt::Rm::from_reg_mem_rw(FORM, \"dst\", dst, false)?, 1)?;"
            ),
            "{add}"
        );
        assert!(add.contains("sink.put1(*imm as u8);"));
        let jcc = body(inst("j{cc}", [r(CC), r(REL32)], "D", "0F 80+cc cd"));
        assert!(jcc.contains("opcode: &[0x0F, 0x80 | cc.enc()]"), "{jcc}");
        assert!(
            jcc.contains("rt::LabelUse::Rel32, rt::RelocKind::X86PcRel4"),
            "{jcc}"
        );
        let shlx = body(inst(
            "shlx",
            [w(R64), r(RM64), r(R64)],
            "RMV",
            "VEX.LZ.66.0F38.W1 F7 /r",
        ));
        assert!(
            shlx.contains("rt::Vex { l: 0, pp: 1, map: 2, w: true, opcode: 0xF7 }"),
            "{shlx}"
        );
        assert!(shlx.contains("Some(*src2)"), "{shlx}");
    }
}
