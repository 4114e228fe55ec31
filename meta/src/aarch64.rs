//! aarch64 specifics of the instruction generator: checking each form's bit
//! pattern and format against its operands, and turning them into calls
//! into the runtime (`codegen/isa/aarch64/encode.rs`, `print.rs`).
//!
//! An encoder arm ORs the pattern's fixed bits with each operand's field
//! bits (`rt::gpr(..)? << 5`) and writes one little-endian word, through
//! `rt::put_word_with_target` when a field is a label. A constructor runs,
//! after the generic checks, the checks only aarch64 has: `sp` versus the
//! zero register at number 31, every immediate encoder (so a bitmask that
//! has no encoding is rejected when the instruction is built), the
//! addressing form of a memory operand, write-back overlaps, and the
//! preferred aliases of `PREFERRED_ALIASES` (see `isa-defs/aarch64`).

use std::collections::BTreeMap;

use lathe_isa_defs::aarch64::PREFERRED_ALIASES;
use lathe_isa_defs::asm::{Control, ImmSpec, InstDef, IsaDef, OperandKind};

use crate::aarch64_notation::{ImmEnc, Pattern, Token, low_mask, parse_format, parse_pattern};
use crate::asm::IsaGen;
use crate::asm::model::{FieldKind, FormModel, camel_case, model};
use crate::asm::regs::const_name;

/// The aarch64 generator.
pub struct Aarch64Gen {
    isa: IsaDef,
    /// Per form name: the preferred aliases its operands must not produce.
    aliases: BTreeMap<String, Result<Vec<AliasRule>, String>>,
}

/// Operands of a form that would encode the preferred alias `alias`.
#[derive(Clone, Debug)]
struct AliasRule {
    /// The alias form's name.
    alias: String,
    /// Rust conditions over the fields (by value), all true for the alias.
    conditions: Vec<String>,
}

/// A form's pattern and tokens, each token with its operand index.
struct Parsed {
    pattern: Pattern,
    tokens: Vec<(Token, usize)>,
}

/// Whether operand `kind` has a format token (literals, implicit and fixed
/// registers are encoded by the pattern alone).
fn has_token(kind: &OperandKind) -> bool {
    !matches!(
        kind,
        OperandKind::Literal(_)
            | OperandKind::Reg { shown: false, .. }
            | OperandKind::Reg { fixed: Some(_), .. }
    )
}

fn parse(form: &InstDef) -> Result<Parsed, String> {
    let pattern = parse_pattern(form.encoding)?;
    let tokens = parse_format(form.format)?;
    let encoded: Vec<usize> = form
        .operands
        .iter()
        .enumerate()
        .filter(|(_, o)| has_token(&o.ty.kind))
        .map(|(i, _)| i)
        .collect();
    if tokens.len() != encoded.len() {
        return Err(format!(
            "format `{}` has {} tokens for {} encoded operands",
            form.format,
            tokens.len(),
            encoded.len()
        ));
    }
    Ok(Parsed {
        pattern,
        tokens: tokens.into_iter().zip(encoded).collect(),
    })
}

/// The fields an immediate encoding must fill in an operation of `op_bits` bits
/// (`None`: a plain value, any fields).
fn expected_imm_fields(enc: ImmEnc, op_bits: u16) -> Option<&'static [&'static str]> {
    Some(match (enc, op_bits) {
        (ImmEnc::Shift | ImmEnc::LogicalShift, _) => &["shift", "imm6"],
        (ImmEnc::Extend, _) => &["option", "imm3"],
        (ImmEnc::Bitmask | ImmEnc::MovBitmask, 64) => &["N", "immr", "imms"],
        (ImmEnc::Bitmask | ImmEnc::MovBitmask, 32) => &["immr", "imms"],
        (ImmEnc::Movz | ImmEnc::Movn, 32 | 64) => &["hw", "imm16"],
        (ImmEnc::LslImm, _) => &["immr", "imms"],
        (ImmEnc::BfizLsb, _) => &["immr"],
        (ImmEnc::Width(_), _) => &["imms"],
        (ImmEnc::FpImm, 32 | 64) => &["imm8"],
        (ImmEnc::Hex | ImmEnc::Dec | ImmEnc::Lsl, _) => return None,
        _ => &[],
    })
}

/// The field(s) a label kind patches.
fn label_fields(label_kind: &str) -> &'static [&'static str] {
    match label_kind {
        "pcrel26" => &["imm26"],
        "pcrel19" => &["imm19"],
        "pcrel14" => &["imm14"],
        "adr21" | "adrp21" => &["immhi", "immlo"],
        _ => &[],
    }
}

/// Checks a parsed form against its operands; one message per problem.
fn check(form: &InstDef, p: &Parsed) -> Vec<String> {
    let mut errors = Vec::new();
    let mut used: Vec<String> = Vec::new();
    for (k, (token, i)) in p.tokens.iter().enumerate() {
        let op = &form.operands[*i];
        let fields = token.fields();
        let mut total = 0;
        for f in &fields {
            match p.pattern.free_field(f) {
                Some(pf) => total += pf.width,
                None => errors.push(format!(
                    "format field `{f}` is not a free field of the pattern"
                )),
            }
            used.push(f.clone());
        }
        let name = op.ty.name;
        match (token, &op.ty.kind) {
            (Token::Reg { sp, fields }, OperandKind::Reg { class, .. }) => {
                if *sp && *class != "gpr" {
                    errors.push(format!("`|SP` on operand `{name}`, which is not a GPR"));
                }
                if total != 5 * fields.len() as u32 {
                    errors.push(format!("register `{name}` needs 5-bit fields"));
                }
            }
            (Token::Cond { .. }, OperandKind::Cond | OperandKind::CondOperand) => {}
            (Token::Imm { enc, fields }, OperandKind::Imm(spec)) => {
                check_imm(*enc, fields, spec, op_width(form), total, name, &mut errors);
                if matches!(enc, ImmEnc::Width(_))
                    && !matches!(
                        k.checked_sub(1)
                            .map(|j| &form.operands[p.tokens[j].1].ty.kind),
                        Some(OperandKind::Imm(_))
                    )
                {
                    errors.push(format!("width `{name}` must follow its `<lsb>` immediate"));
                }
                if *enc == ImmEnc::Extend && rm_width(form, p).is_none() {
                    errors.push("an extended register needs an `Rm` register operand".into());
                }
            }
            (Token::Label { fields }, OperandKind::Target { label_kind }) => {
                if fields
                    .iter()
                    .map(String::as_str)
                    .ne(label_fields(label_kind).iter().copied())
                {
                    errors.push(format!(
                        "label kind `{label_kind}` patches {:?}, not {fields:?}",
                        label_fields(label_kind)
                    ));
                }
            }
            (Token::Mem { mode, .. }, OperandKind::Mem { width }) => {
                let ok = if mode.is_pair() {
                    matches!(width, 64 | 128 | 256)
                } else {
                    matches!(width, 8 | 16 | 32 | 64 | 128)
                };
                if !ok {
                    errors.push(format!(
                        "memory operand `{name}` has no access size for {mode:?}"
                    ));
                }
            }
            (token, kind) => errors.push(format!(
                "format token {token:?} does not fit operand `{name}` ({kind:?})"
            )),
        }
    }
    for f in p.pattern.fields.iter().filter(|f| f.fixed.is_none()) {
        match used.iter().filter(|u| **u == f.name).count() {
            0 => errors.push(format!("field `{}` is filled by no operand", f.name)),
            1 => {}
            _ => errors.push(format!("field `{}` is filled twice", f.name)),
        }
    }
    errors
}

fn check_imm(
    enc: ImmEnc,
    fields: &[String],
    spec: &ImmSpec,
    op_bits: u16,
    total: u32,
    name: &str,
    errors: &mut Vec<String>,
) {
    match expected_imm_fields(enc, op_bits) {
        Some(expected) => {
            if fields
                .iter()
                .map(String::as_str)
                .ne(expected.iter().copied())
            {
                errors.push(format!(
                    "immediate `{name}` ({enc:?} of a {op_bits}-bit operation) fills {expected:?}, not {fields:?}"
                ));
            }
        }
        None => {
            let fits = match spec.range {
                lathe_isa_defs::asm::ImmRange::Unsigned => u32::from(spec.bits) <= total,
                _ => u32::from(spec.bits) == total,
            };
            if !fits {
                errors.push(format!(
                    "immediate `{name}` of {} bits does not fit {total} bits of fields",
                    spec.bits
                ));
            }
        }
    }
}

/// The width of the register operand in field `Rm`.
fn rm_width(form: &InstDef, p: &Parsed) -> Option<u16> {
    p.tokens
        .iter()
        .find_map(|(t, i)| match (t, &form.operands[*i].ty.kind) {
            (Token::Reg { fields, .. }, OperandKind::Reg { width, .. })
                if fields.iter().any(|f| f == "Rm") =>
            {
                Some(*width)
            }
            _ => None,
        })
}

/// The width of the form's first register operand: the operation size
/// that immediate encoders work at.
fn op_width(form: &InstDef) -> u16 {
    form.operands
        .iter()
        .find_map(|o| match o.ty.kind {
            OperandKind::Reg { width, .. } => Some(width),
            _ => None,
        })
        .unwrap_or(64)
}

/// A field value by reference (in encoder and printer arms) or by value (in constructors).
fn val(name: &str, by_ref: bool) -> String {
    if by_ref {
        format!("*{name}")
    } else {
        name.to_string()
    }
}

/// `expr` without one pair of parentheses around all of it.
fn strip_outer_parens(expr: &str) -> &str {
    let Some(inner) = expr.strip_prefix('(').and_then(|e| e.strip_suffix(')')) else {
        return expr;
    };
    let mut depth = 0i32;
    for c in inner.chars() {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        if depth < 0 {
            return expr;
        }
    }
    inner
}

fn place(piece: &str, pos: u32) -> String {
    if pos == 0 {
        piece.to_string()
    } else {
        format!("({piece} << {pos})")
    }
}

impl Aarch64Gen {
    /// Reads the aarch64 declarations and derives the preferred-alias rules.
    pub fn new() -> Self {
        let isa = lathe_isa_defs::aarch64::isa();
        let mut aliases = BTreeMap::new();
        for form in &isa.insts {
            aliases.insert(form.name.clone(), alias_rules(&isa, form));
        }
        Self { isa, aliases }
    }

    fn reg_expr(
        &self,
        form: &InstDef,
        m: &FormModel,
        i: usize,
        sp: bool,
    ) -> Result<String, String> {
        let f = m.field_of(i).ok_or("register operand without a field")?;
        let n = &f.name;
        let OperandKind::Reg { class, .. } = form.operands[i].ty.kind else {
            return Err(format!("operand `{n}` is not a register"));
        };
        let reg = match f.kind {
            FieldKind::Rw => format!("rt::rw_reg(FORM, {n:?}, {n})?"),
            _ => format!("*{n}"),
        };
        Ok(if class == "gpr" {
            let r31 = if sp { "Sp" } else { "Zr" };
            format!("rt::gpr(FORM, {n:?}, {reg}, rt::R31::{r31})?")
        } else {
            format!("rt::fpr(FORM, {n:?}, {reg})?")
        })
    }

    /// The expression computing a non-plain immediate's field bits.
    fn imm_call(
        &self,
        form: &InstDef,
        p: &Parsed,
        m: &FormModel,
        k: usize,
        enc: ImmEnc,
        by_ref: bool,
    ) -> Result<Option<String>, String> {
        let (_, i) = &p.tokens[k];
        let f = m.field_of(*i).ok_or("immediate without a field")?;
        let n = &f.name;
        let v = val(n, by_ref);
        if !matches!(form.operands[*i].ty.kind, OperandKind::Imm(_)) {
            return Err(format!("operand `{n}` is not an immediate"));
        }
        let bits = op_width(form);
        Ok(Some(match enc {
            ImmEnc::Hex | ImmEnc::Dec | ImmEnc::Lsl => return Ok(None),
            ImmEnc::Shift => format!("rt::shift(FORM, {n:?}, {v}, {bits}, false)?"),
            ImmEnc::LogicalShift => format!("rt::shift(FORM, {n:?}, {v}, {bits}, true)?"),
            ImmEnc::Extend => {
                let rm = rm_width(form, p).ok_or("no `Rm` operand")?;
                format!("rt::extend(FORM, {n:?}, {v}, {}, {rm})?", op_width(form))
            }
            ImmEnc::Bitmask => format!("rt::bitmask(FORM, {n:?}, {v}, {bits})?"),
            ImmEnc::MovBitmask => format!("rt::mov_bitmask(FORM, {n:?}, {v}, {bits})?"),
            ImmEnc::Movz => format!("rt::movz(FORM, {n:?}, {v}, {bits})?"),
            ImmEnc::Movn => format!("rt::movn(FORM, {n:?}, {v}, {bits})?"),
            ImmEnc::LslImm => format!("rt::lsl_imm(FORM, {n:?}, {v}, {bits})?"),
            ImmEnc::BfizLsb => format!("rt::bfiz_lsb({v}, {bits})"),
            ImmEnc::Width(kind) => {
                let lsb_op = p
                    .tokens
                    .get(k.wrapping_sub(1))
                    .ok_or("width without lsb")?
                    .1;
                let lsb = m.field_of(lsb_op).ok_or("lsb without a field")?;
                format!(
                    "rt::bitfield_width(FORM, {n:?}, rt::Bitfield::{}, {}, {v}, {bits})?",
                    kind.variant(),
                    val(&lsb.name, by_ref)
                )
            }
            ImmEnc::FpImm => format!("rt::fp_imm8(FORM, {n:?}, {v}, {bits})?"),
        }))
    }

    /// The reloc kind a label field may carry, as a Rust expression.
    fn reloc(&self, form: &InstDef, label_kind: &str) -> &'static str {
        match label_kind {
            "pcrel26" if form.control == Control::Call => "Some(rt::RelocKind::Aarch64Call26)",
            "pcrel26" => "Some(rt::RelocKind::Aarch64Jump26)",
            "adr21" => "Some(rt::RelocKind::Aarch64AdrPrelLo21)",
            "adrp21" => "Some(rt::RelocKind::Aarch64AdrPrelPgHi21)",
            _ => "None",
        }
    }

    /// The data registers of a transfer and whether it is a load pair, for
    /// the write-back and pair overlap check; `None` when there is none to do.
    fn transfer_check(
        &self,
        form: &InstDef,
        p: &Parsed,
        m: &FormModel,
        by_ref: bool,
    ) -> Option<String> {
        let (mode, mem) = p.tokens.iter().find_map(|(t, i)| match t {
            Token::Mem { mode, .. } => Some((*mode, *i)),
            _ => None,
        })?;
        let load_pair =
            mode.is_pair() && form.operands[mem].access == lathe_isa_defs::asm::Access::Read;
        if !mode.writes_back() && !load_pair {
            return None;
        }
        let data: Vec<String> = p
            .tokens
            .iter()
            .filter(|(t, _)| matches!(t, Token::Reg { .. }))
            .filter_map(|(_, i)| m.field_of(*i))
            .map(|f| val(&f.name, by_ref))
            .collect();
        let mem_name = &m.field_of(mem)?.name;
        let mem_ref = if by_ref {
            mem_name.clone()
        } else {
            format!("&{mem_name}")
        };
        Some(format!(
            "rt::check_transfer(FORM, &[{}], {mem_ref}, {load_pair})?;",
            data.join(", ")
        ))
    }
}

impl Default for Aarch64Gen {
    fn default() -> Self {
        Self::new()
    }
}

/// The preferred aliases of `form`: for every alias form whose fixed bits
/// `form`'s operands can produce, the conditions on those operands.
fn alias_rules(isa: &IsaDef, form: &InstDef) -> Result<Vec<AliasRule>, String> {
    let alias_mnemonics: Vec<&str> = PREFERRED_ALIASES
        .iter()
        .filter(|(base, _)| *base == form.mnemonic)
        .map(|(_, alias)| *alias)
        .collect();
    if alias_mnemonics.is_empty() {
        return Ok(Vec::new());
    }
    let Ok(p) = parse(form) else {
        return Ok(Vec::new()); // reported by `check_form`
    };
    let m = model(form);
    let mut rules = Vec::new();
    for alias in isa
        .insts
        .iter()
        .filter(|a| alias_mnemonics.contains(&a.mnemonic) && a.name != form.name)
    {
        let Ok(a) = parse_pattern(alias.encoding) else {
            continue;
        };
        let common = p.pattern.mask & a.mask;
        if (p.pattern.bits ^ a.bits) & common != 0 {
            continue; // the alias's fixed bits contradict the form's
        }
        let extra = a.mask & !p.pattern.mask;
        if extra == 0 {
            continue;
        }
        let mut conditions: Vec<String> = Vec::new();
        for field in p.pattern.fields.iter().filter(|f| f.fixed.is_none()) {
            let part = (extra >> field.pos) & low_mask(field.width);
            if part == 0 {
                continue;
            }
            let want = (a.bits >> field.pos) & part;
            let cond = field_condition(isa, form, &p, &m, &field.name, part, want, field.width)
                .map_err(|e| format!("alias `{}`: {e}", alias.name))?;
            if !conditions.contains(&cond) {
                conditions.push(cond);
            }
        }
        rules.push(AliasRule {
            alias: alias.name.clone(),
            conditions,
        });
    }
    Ok(rules)
}

/// A Rust condition (fields by value) that holds when field `field` of
/// `form` has the bits `want` under `part`.
#[allow(clippy::too_many_arguments)]
fn field_condition(
    isa: &IsaDef,
    form: &InstDef,
    p: &Parsed,
    m: &FormModel,
    field: &str,
    part: u32,
    want: u32,
    width: u32,
) -> Result<String, String> {
    let (token, i) = p
        .tokens
        .iter()
        .find(|(t, _)| t.fields().iter().any(|f| f == field))
        .ok_or_else(|| format!("no operand fills `{field}`"))?;
    let f = m.field_of(*i).ok_or("operand without a field")?;
    let n = &f.name;
    match (token, &form.operands[*i].ty.kind) {
        (Token::Reg { sp, .. }, OperandKind::Reg { class, .. }) if f.kind == FieldKind::Reg => {
            if part != low_mask(width) {
                return Err(format!("a condition on part of register field `{field}`"));
            }
            let reg = match (*class, want) {
                ("gpr", 31) if *sp => "SP".to_string(),
                ("gpr", 31) => "XZR".to_string(),
                (class, enc) => isa
                    .reg_class(class)
                    .and_then(|c| {
                        c.regs
                            .iter()
                            .find(|r| u32::from(r.enc) == enc && u32::from(r.num) == enc)
                    })
                    .map(const_name)
                    .ok_or_else(|| format!("no register encodes as {enc} in `{field}`"))?,
            };
            Ok(format!("{n} == rt::{reg}"))
        }
        (Token::Cond { inverted }, _) => {
            let enc = if *inverted {
                format!("({n}.enc() ^ 1)")
            } else {
                format!("{n}.enc()")
            };
            Ok(format!("(u32::from({enc}) & {part:#x}) == {want:#x}"))
        }
        (
            Token::Imm {
                enc:
                    ImmEnc::Hex
                    | ImmEnc::Dec
                    | ImmEnc::Lsl
                    | ImmEnc::Shift
                    | ImmEnc::LogicalShift
                    | ImmEnc::Extend,
                fields,
            },
            OperandKind::Imm(spec),
        ) => {
            // Bit offset of `field` within the concatenated value.
            let mut lo = 0;
            for later in fields.iter().rev() {
                if later == field {
                    break;
                }
                lo += p.pattern.free_field(later).map_or(0, |pf| pf.width);
            }
            let mut value = n.clone();
            if spec.scale > 1 {
                value = format!("({value} / {})", spec.scale);
            }
            if lo > 0 {
                value = format!("({value} >> {lo})");
            }
            Ok(format!("({value} & {part:#x}) == {want:#x}"))
        }
        (token, _) => Err(format!("cannot express a condition on {token:?}")),
    }
}

impl IsaGen for Aarch64Gen {
    fn isa(&self) -> &IsaDef {
        &self.isa
    }

    fn check_form(&self, form: &InstDef, _model: &FormModel) -> Vec<String> {
        let mut errors = match parse(form) {
            Ok(p) => check(form, &p),
            Err(e) => vec![e],
        };
        if let Some(Err(e)) = self.aliases.get(&form.name) {
            errors.push(e.clone());
        }
        errors
    }

    fn encoder_body(&self, form: &InstDef, m: &FormModel) -> Result<String, String> {
        let p = parse(form)?;
        let mut lets: Vec<String> = Vec::new();
        let mut terms = vec![format!("0x{:08x}u32", p.pattern.bits)];
        let mut target = None;
        let field_pos = |name: &str| {
            p.pattern
                .free_field(name)
                .map(|f| (f.pos, f.width))
                .ok_or_else(|| format!("no free field `{name}`"))
        };
        for (k, (token, i)) in p.tokens.iter().enumerate() {
            let field = m.field_of(*i).ok_or("operand without a field")?;
            let n = &field.name;
            match token {
                Token::Reg { fields, sp } => {
                    let expr = self.reg_expr(form, m, *i, *sp)?;
                    if fields.len() == 1 {
                        terms.push(place(&expr, field_pos(&fields[0])?.0));
                    } else {
                        lets.push(format!("let {n}_enc = {expr};"));
                        for f in fields {
                            terms.push(place(&format!("{n}_enc"), field_pos(f)?.0));
                        }
                    }
                }
                Token::Cond { inverted } => {
                    let expr = if *inverted {
                        format!("rt::inverted_cond(FORM, {n:?}, *{n})?")
                    } else {
                        format!("u32::from({n}.enc())")
                    };
                    terms.push(place(&expr, field_pos("cond")?.0));
                }
                Token::Imm { enc, fields } => {
                    let widths: Vec<(u32, u32)> = fields
                        .iter()
                        .map(|f| field_pos(f))
                        .collect::<Result<_, _>>()?;
                    let total: u32 = widths.iter().map(|w| w.1).sum();
                    let value = match self.imm_call(form, &p, m, k, *enc, true)? {
                        Some(call) => call,
                        None => {
                            let OperandKind::Imm(spec) = form.operands[*i].ty.kind else {
                                return Err("not an immediate".into());
                            };
                            let scaled = if spec.scale > 1 {
                                format!("(*{n} / {})", spec.scale)
                            } else {
                                format!("*{n}")
                            };
                            format!("{scaled} as u32 & {:#x}", low_mask(total))
                        }
                    };
                    if widths.len() == 1 {
                        terms.push(place(&format!("({value})"), widths[0].0));
                    } else {
                        lets.push(format!("let {n}_bits = {value};"));
                        let mut lo = total;
                        for (pos, width) in widths {
                            lo -= width;
                            let shifted = if lo == 0 {
                                format!("{n}_bits")
                            } else {
                                format!("({n}_bits >> {lo})")
                            };
                            let piece = format!("({shifted} & {:#x})", low_mask(width));
                            terms.push(place(&piece, pos));
                        }
                    }
                }
                Token::Label { .. } => {
                    let OperandKind::Target { label_kind } = form.operands[*i].ty.kind else {
                        return Err("not a target".into());
                    };
                    target = Some(format!(
                        "rt::put_word_with_target(sink, FORM, word, {n}, rt::LabelUse::{}, {})?;",
                        camel_case(label_kind),
                        self.reloc(form, label_kind)
                    ));
                }
                Token::Mem { mode, fields } => {
                    let OperandKind::Mem { width } = form.operands[*i].ty.kind else {
                        return Err("not memory".into());
                    };
                    let bytes = if mode.is_pair() {
                        width / 16
                    } else {
                        width / 8
                    };
                    lets.push(format!(
                        "let {n}_fields = rt::mem_fields(FORM, {n:?}, {n}, rt::MemMode::{}, {bytes})?;",
                        mode.variant()
                    ));
                    for (j, f) in fields.iter().enumerate() {
                        terms.push(place(&format!("{n}_fields[{j}]"), field_pos(f)?.0));
                    }
                }
            }
        }
        let mut s = String::new();
        if let Some(check) = self.transfer_check(form, &p, m, true) {
            s.push_str(&check);
            s.push('\n');
        }
        for l in lets {
            s.push_str(&l);
            s.push('\n');
        }
        if p.pattern.bits == 0 && terms.len() > 1 {
            terms.remove(0);
            if terms.len() == 1 {
                terms[0] = strip_outer_parens(&terms[0]).to_string();
            }
        }
        s.push_str(&format!("let word = {};\n", terms.join("\n    | ")));
        match target {
            Some(t) => s.push_str(&t),
            None => s.push_str("sink.put4(word.to_le_bytes());"),
        }
        s.push('\n');
        Ok(s)
    }

    fn extra_checks(&self, form: &InstDef, m: &FormModel) -> String {
        let Ok(p) = parse(form) else {
            return String::new();
        };
        let mut lines = Vec::new();
        for (k, (token, i)) in p.tokens.iter().enumerate() {
            let Some(f) = m.field_of(*i) else { continue };
            let n = &f.name;
            match token {
                Token::Reg { sp, .. } => {
                    let OperandKind::Reg { class: "gpr", .. } = form.operands[*i].ty.kind else {
                        continue;
                    };
                    let r31 = if *sp { "Sp" } else { "Zr" };
                    let regs = match f.kind {
                        FieldKind::Rw => vec![format!("{n}.read"), format!("{n}.write")],
                        _ => vec![n.clone()],
                    };
                    for r in regs {
                        lines.push(format!("rt::check_r31(FORM, {n:?}, {r}, rt::R31::{r31})?;"));
                    }
                }
                Token::Cond { inverted: true } => {
                    lines.push(format!("rt::inverted_cond(FORM, {n:?}, {n})?;"));
                }
                Token::Imm { enc, .. } => {
                    if let Ok(Some(call)) = self.imm_call(form, &p, m, k, *enc, false) {
                        lines.push(format!("{call};"));
                    }
                }
                Token::Mem { mode, .. } => {
                    if let OperandKind::Mem { width } = form.operands[*i].ty.kind {
                        let bytes = if mode.is_pair() {
                            width / 16
                        } else {
                            width / 8
                        };
                        lines.push(format!(
                            "rt::check_mem(FORM, {n:?}, &{n}, rt::MemMode::{}, {bytes})?;",
                            mode.variant()
                        ));
                    }
                }
                Token::Cond { .. } | Token::Label { .. } => {}
            }
        }
        if let Some(check) = self.transfer_check(form, &p, m, false) {
            lines.push(check);
        }
        if let Some(Ok(rules)) = self.aliases.get(&form.name) {
            for rule in rules {
                let cond = if rule.conditions.is_empty() {
                    "true".to_string()
                } else {
                    rule.conditions.join(" && ")
                };
                lines.push(format!(
                    "if {cond} {{\n    return Err(rt::preferred_alias(FORM, {:?}));\n}}",
                    rule.alias
                ));
            }
        }
        lines.join("\n")
    }

    fn print_operand(&self, form: &InstDef, m: &FormModel, operand: usize) -> Option<String> {
        let p = parse(form).ok()?;
        let (token, _) = p.tokens.iter().find(|(_, i)| *i == operand)?;
        let n = &m.field_of(operand)?.name;
        let kind = &form.operands[operand].ty.kind;
        Some(match (token, kind) {
            (Token::Imm { enc, .. }, OperandKind::Imm(_)) => {
                let bits = op_width(form);
                match enc {
                    ImmEnc::Hex => format!("p.imm_hex(*{n});"),
                    ImmEnc::Dec | ImmEnc::LslImm | ImmEnc::BfizLsb | ImmEnc::Width(_) => {
                        format!("p.imm_dec(*{n});")
                    }
                    ImmEnc::Shift | ImmEnc::LogicalShift | ImmEnc::Lsl => format!("p.shift(*{n});"),
                    ImmEnc::Extend => {
                        let lsl_option = if op_width(form) == 64 { 3 } else { 2 };
                        format!("p.extend(*{n}, {lsl_option});")
                    }
                    ImmEnc::Bitmask => format!("p.imm_bits(*{n}, {bits});"),
                    ImmEnc::MovBitmask | ImmEnc::Movz | ImmEnc::Movn => {
                        format!("p.imm_mov(*{n}, {bits});")
                    }
                    ImmEnc::FpImm => format!("p.imm_fp(*{n}, {bits});"),
                }
            }
            (
                Token::Label { .. },
                OperandKind::Target {
                    label_kind: "adrp21",
                },
            ) => {
                format!("p.target_page({n});")
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lathe_isa_defs::aarch64::operands::*;
    use lathe_isa_defs::asm::{inst, r, w};

    fn problems(form: InstDef) -> String {
        Aarch64Gen::new()
            .check_form(&form, &model(&form))
            .join("\n")
    }

    #[test]
    fn every_declared_form_checks_and_encodes() {
        crate::asm::assert_every_form_checks_and_encodes(&Aarch64Gen::new());
    }

    #[test]
    fn formats_must_agree_with_patterns_and_operands() {
        let base = "sf=1 op=0 S=0 100010 sh=0 imm12 Rn Rd";
        assert!(
            problems(inst("add", [w(X), r(X)], "Rd Rn", base))
                .contains("`imm12` is filled by no operand")
        );
        assert!(
            problems(inst("add", [w(X), r(X), r(IMM12)], "Rd Rn", base)).contains("2 tokens for 3")
        );
        assert!(
            problems(inst("add", [w(X), r(X), r(IMM12)], "Rd Rn hex(imm9)", base))
                .contains("`imm9` is not a free field")
        );
        assert!(
            problems(inst("add", [w(X), r(X), r(IMM12)], "Rd Rn|SP Rm", base))
                .contains("does not fit operand `imm12`")
        );
        assert!(
            problems(inst(
                "fadd",
                [w(D), r(D), r(IMM12)],
                "Rd|SP Rn hex(imm12)",
                base
            ))
            .contains("`|SP` on operand `d`")
        );
        assert!(
            problems(inst(
                "and",
                [w(X), r(X), r(BIMM64)],
                "Rd Rn bitmask(immr:imms)",
                "sf=1 opc=00 100100 N=0 immr imms Rn Rd"
            ))
            .contains("fills [\"N\", \"immr\", \"imms\"]")
        );
        assert!(
            problems(inst("b", [r(LABEL19)], "label(imm26)", "op=0 00101 imm26"))
                .contains("label kind `pcrel19` patches [\"imm19\"]")
        );
        assert!(problems(inst("x", [w(X)], "Rd", "Rd 0")).contains("6 bits, not 32"));
    }

    #[test]
    fn encoder_bodies_place_fields_from_the_pattern() {
        let isa_gen = Aarch64Gen::new();
        let body = |f: InstDef| isa_gen.encoder_body(&f, &model(&f)).expect("body");
        let add = body(inst(
            "add",
            [w(X), r(X), r(IMM12)],
            "Rd|SP Rn|SP hex(imm12)",
            "sf=1 op=0 S=0 100010 sh=0 imm12 Rn Rd",
        ));
        assert!(add.contains("0x91000000u32"), "{add}");
        assert!(
            add.contains("| rt::gpr(FORM, \"dst\", *dst, rt::R31::Sp)?"),
            "{add}"
        );
        assert!(
            add.contains("(rt::gpr(FORM, \"src\", *src, rt::R31::Sp)? << 5)"),
            "{add}"
        );
        assert!(add.contains("((*imm as u32 & 0xfff) << 10)"), "{add}");
        assert!(add.contains("sink.put4(word.to_le_bytes());"));
        let tbz = body(inst(
            "tbz",
            [r(X), r(BIT6), r(LABEL14)],
            "Rt dec(b5:b40) label(imm14)",
            "b5 011011 op=0 b40 imm14 Rt",
        ));
        assert!(tbz.contains("let imm_bits = *imm as u32 & 0x3f;"), "{tbz}");
        assert!(tbz.contains("(((imm_bits >> 5) & 0x1) << 31)"), "{tbz}");
        assert!(tbz.contains("((imm_bits & 0x1f) << 19)"), "{tbz}");
        assert!(tbz.contains("rt::LabelUse::Pcrel14, None)?"), "{tbz}");
        let movk = body(inst(
            "movk",
            [lathe_isa_defs::asm::rw(X), r(IMM16), r(HW64)],
            "Rd hex(imm16) lsl(hw)",
            "sf=1 opc=11 100101 hw imm16 Rd",
        ));
        assert!(movk.contains("rt::rw_reg(FORM, \"dst\", dst)?"), "{movk}");
        assert!(movk.contains("((*imm2 / 16) as u32 & 0x3) << 21"), "{movk}");
    }

    #[test]
    fn preferred_aliases_become_constructor_checks() {
        let isa_gen = Aarch64Gen::new();
        let checks = |name: &str| {
            let form = isa_gen
                .isa()
                .insts
                .iter()
                .find(|f| f.name == name)
                .expect(name);
            isa_gen.extra_checks(form, &model(form))
        };
        let subs = checks("subs_x_x_x_shift");
        assert!(subs.contains("if dst == rt::XZR {"), "{subs}");
        assert!(
            subs.contains("preferred_alias(FORM, \"cmp_x_x_shift\")"),
            "{subs}"
        );
        assert!(subs.contains("if src1 == rt::XZR {"), "{subs}");
        let add = checks("add_x_x_imm12");
        assert!(
            add.contains("if (imm & 0xfff) == 0x0 && dst == rt::SP {"),
            "{add}"
        );
        assert!(
            add.contains("if (imm & 0xfff) == 0x0 && src == rt::SP {"),
            "{add}"
        );
        let orr = checks("orr_x_x_x_shift");
        assert!(
            orr.contains(
                "if ((imm >> 6) & 0x3) == 0x0 && (imm & 0x3f) == 0x0 && src1 == rt::XZR {"
            ),
            "{orr}"
        );
        let tbz = checks("tbz_x_bit_label");
        assert!(tbz.contains("((imm >> 5) & 0x1) == 0x0"), "{tbz}");
        let ret = checks("ret_x");
        assert!(ret.contains("src == rt::X30"), "{ret}");
        let and = checks("and_x_x_bimm");
        assert!(
            and.contains("rt::bitmask(FORM, \"imm\", imm, 64)?;"),
            "{and}"
        );
        assert!(!and.contains("preferred_alias"), "{and}");
        let ldr = checks("ldr_x_pre");
        assert!(
            ldr.contains("rt::check_mem(FORM, \"src\", &src, rt::MemMode::PreIndex, 8)?;"),
            "{ldr}"
        );
        assert!(
            ldr.contains("rt::check_transfer(FORM, &[dst], &src, false)?;"),
            "{ldr}"
        );
    }
}
