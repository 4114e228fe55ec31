//! Generates `clif_opcodes.isle`: one extractor per opcode.
//!
//! The file declares the `Opcode` enum and the infallible extractor
//! `inst_opcode`; each opcode `op` gets `(decl op (ArgTypes...) Inst)` with
//! its operands in text order (values as `Value`, the variable list as
//! `ValueSlice`, immediates by type), defined as a macro that matches the
//! opcode through the enum and then extracts the operands with the extern
//! extractor `op_args` (Rust function `op`; `return_` for the keyword).
//! Matching through the enum lets the rule compiler see that rules on
//! different opcodes are disjoint and switch on the opcode once.
//! Commutative opcodes are declared `(decl commutative op ...)` so the rule
//! compiler matches both operand orders. The file has no comments and
//! depends only on the tables.

use super::camel_case;
use lathe_isa_defs::ir::{Format, OpcodeDef, Operand};

/// The DSL declarations.
pub(crate) fn generate(opcodes: &[OpcodeDef], _formats: &[Format]) -> String {
    let mut out = String::new();
    let variants: Vec<String> = opcodes.iter().map(|op| camel_case(op.name)).collect();
    out.push_str(&format!(
        "(type Opcode extern (enum {}))\n",
        variants.join(" ")
    ));
    out.push_str("(decl inst_opcode (Opcode) Inst)\n");
    out.push_str("(extern extractor infallible inst_opcode inst_opcode)\n");
    for op in opcodes {
        let args: Vec<&str> = op
            .ins
            .iter()
            .map(|o| match o {
                Operand::Value(..) => "Value",
                Operand::VarArgs(_) => "ValueSlice",
                Operand::Imm(_, kind) => kind.dsl_type(),
            })
            .collect();
        let commutative = if op.props.commutative {
            "commutative "
        } else {
            ""
        };
        let rust_fn = if op.name == "return" {
            "return_"
        } else {
            op.name
        };
        out.push_str(&format!(
            "(decl {commutative}{} ({}) Inst)\n",
            op.name,
            args.join(" ")
        ));
        let vars: Vec<String> = (0..args.len()).map(|i| format!("a{i}")).collect();
        let vars = vars.join(" ");
        out.push_str(&format!(
            "(extractor ({} {vars}) (and (inst_opcode (Opcode.{})) ({}_args {vars})))\n",
            op.name,
            camel_case(op.name),
            op.name
        ));
        out.push_str(&format!(
            "(decl {}_args ({}) Inst)\n",
            op.name,
            args.join(" ")
        ));
        out.push_str(&format!("(extern extractor {}_args {rust_fn})\n", op.name));
    }
    out
}
