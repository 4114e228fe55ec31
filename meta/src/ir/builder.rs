//! Generates `inst_builder.rs`: the `InstBuilder` trait, one method per opcode.
//!
//! Controlling-type inference follows CLIF: when the opcode takes its
//! controlling type from an operand, the method reads that operand's type;
//! otherwise a polymorphic opcode's method takes `ctrl_ty: Type` first, and
//! a non-polymorphic one passes `INVALID`.

use super::code::Code;
use super::{OPCODES_FILE, camel_case};
use lathe_isa_defs::ir::{FieldKind, Format, OpcodeDef, Operand, ValueOperands};

/// A method parameter name that is not a Rust keyword.
fn param_name(name: &str) -> String {
    match name {
        "type" | "fn" | "ref" | "return" | "match" | "loop" => format!("{name}_"),
        _ => name.to_string(),
    }
}

/// The method name for an opcode.
fn method_name(op: &OpcodeDef) -> String {
    param_name(op.name)
}

fn imm_param_type(kind: FieldKind) -> String {
    match kind {
        FieldKind::Imm64
        | FieldKind::Uimm8
        | FieldKind::Offset32
        | FieldKind::Ieee32
        | FieldKind::Ieee64 => {
            format!("impl Into<{}>", kind.rust_type())
        }
        other => other.rust_type().to_string(),
    }
}

fn generate_method(c: &mut Code, op: &OpcodeDef, format: &Format) {
    let mut params = Vec::new();
    let typevar = op.typevar_operand(format);
    if op.ctrl.is_some() && typevar.is_none() {
        params.push("ctrl_ty: Type".to_string());
    }
    let mut values = Vec::new();
    let mut varargs = None;
    let mut imms = Vec::new();
    for operand in &op.ins {
        match *operand {
            Operand::Value(name, _) => {
                values.push(param_name(name));
                params.push(format!("{}: Value", param_name(name)));
            }
            Operand::VarArgs(name) => {
                varargs = Some(param_name(name));
                params.push(format!("{}: &[Value]", param_name(name)));
            }
            Operand::Imm(name, FieldKind::BlockCall) => {
                let n = param_name(name);
                params.push(format!("{n}_label: Block"));
                params.push(format!("{n}_args: &[BlockArg]"));
                imms.push((n, FieldKind::BlockCall));
            }
            Operand::Imm(name, kind) => {
                params.push(format!("{}: {}", param_name(name), imm_param_type(kind)));
                imms.push((param_name(name), kind));
            }
        }
    }
    let returns_values = !op.props.is_call;
    let ret = match (returns_values, op.outs.len()) {
        (true, 1) => "Value",
        (true, 2) => "(Value, Value)",
        _ => "Inst",
    };
    c.line(format!("/// `{}`: {}", op.name, op.doc));
    c.line(format!("// {OPCODES_FILE}:{}", op.line));
    let self_param = if varargs.is_some()
        || imms.iter().any(|(_, k)| *k == FieldKind::BlockCall)
        || format.has_value_list()
    {
        "mut self"
    } else {
        "self"
    };
    let all_params = std::iter::once(self_param.to_string())
        .chain(params)
        .collect::<Vec<_>>()
        .join(", ");
    c.block(format!("fn {}({all_params}) -> {ret} {{", method_name(op)), "}", |c| {
        // Controlling type.
        match typevar {
            Some(i) => c.line(format!("let ctrl_typevar = self.data_flow_graph().value_type({});", values[i])),
            None if op.ctrl.is_some() => c.line("let ctrl_typevar = ctrl_ty;"),
            None => c.line("let ctrl_typevar = types::INVALID;"),
        }
        // Block calls.
        for (name, kind) in &imms {
            if *kind == FieldKind::BlockCall {
                c.line(format!("let {name} = self.data_flow_graph_mut().block_call({name}_label, {name}_args);"));
            }
        }
        // Value operands.
        let values_field = match format.values {
            ValueOperands::Fixed(0) => None,
            ValueOperands::Fixed(1) => Some(format!("arg: {}", values[0])),
            ValueOperands::Fixed(_) => Some(format!("args: [{}]", values.join(", "))),
            ValueOperands::List { .. } => {
                c.line("let mut vlist = ValueList::new();");
                c.block("{", "}", |c| {
                    c.line("let pool = &mut self.data_flow_graph_mut().value_lists;");
                    for v in &values {
                        c.line(format!("vlist.push({v}, pool);"));
                    }
                    if let Some(va) = &varargs {
                        c.line(format!("vlist.extend({va}.iter().copied(), pool);"));
                    }
                });
                Some("args: vlist".to_string())
            }
        };
        // Fields, matched to operands in order (a pair takes two block calls).
        let mut fields = Vec::new();
        let mut imm_iter = imms.iter();
        for field in format.fields {
            if field.kind == FieldKind::BlockCallPair {
                let a = imm_iter.next().map(|(n, _)| n.clone()).unwrap_or_default();
                let b = imm_iter.next().map(|(n, _)| n.clone()).unwrap_or_default();
                fields.push(format!("{}: [{a}, {b}]", field.name));
            } else {
                // `ir::check` guarantees one operand per field.
                let (name, kind) = imm_iter.next().cloned().unwrap_or((String::new(), FieldKind::Imm64));
                let expr = match kind {
                    FieldKind::Imm64 | FieldKind::Uimm8 | FieldKind::Offset32 | FieldKind::Ieee32 | FieldKind::Ieee64 => {
                        format!("{name}.into()")
                    }
                    _ => name.clone(),
                };
                if expr == field.name {
                    fields.push(expr);
                } else {
                    fields.push(format!("{}: {expr}", field.name));
                }
            }
        }
        let mut all_fields = vec![format!("opcode: Opcode::{}", camel_case(op.name))];
        all_fields.extend(values_field);
        all_fields.extend(fields);
        c.line(format!("let data = InstructionData::{} {{ {} }};", format.name, all_fields.join(", ")));
        let dfg = if ret == "Inst" { "_dfg" } else { "dfg" };
        c.line(format!("let (inst, {dfg}) = self.build(data, ctrl_typevar);"));
        match ret {
            "Value" => c.line("dfg.first_result(inst)"),
            "(Value, Value)" => {
                c.line("let results = dfg.inst_results(inst);");
                c.line("(results[0], results[1])");
            }
            _ => c.line("inst"),
        }
    });
}

/// The `InstBuilder` trait.
pub(crate) fn generate(opcodes: &[OpcodeDef], formats: &[Format]) -> String {
    let mut c = Code::new();
    c.line("// Generated by lathe-meta from isa-defs/ir/opcodes.rs. Do not edit.");
    c.line("");
    c.line("/// Builds instructions: one method per CLIF opcode.");
    c.line("///");
    c.line("/// Each method makes the instruction with [`InstBuilderBase::build`] and");
    c.line("/// returns its single result, its two results, or the instruction.");
    c.block(
        "pub trait InstBuilder<'f>: InstBuilderBase<'f> {",
        "}",
        |c| {
            for (i, op) in opcodes.iter().enumerate() {
                if i > 0 {
                    c.line("");
                }
                let format = formats
                    .iter()
                    .find(|f| f.name == op.format)
                    .unwrap_or(&formats[0]);
                generate_method(c, op, format);
            }
        },
    );
    c.line("");
    c.line("impl<'f, T: InstBuilderBase<'f>> InstBuilder<'f> for T {}");
    c.finish()
}
