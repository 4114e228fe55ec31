//! Generates `clif_opcodes.isle`: one extractor declaration per opcode.
//!
//! Each opcode `op` gets `(decl op (ArgTypes...) Inst)` with its operands in
//! text order (values as `Value`, the variable list as `ValueSlice`,
//! immediates by type) and `(extern extractor op op)`. Commutative opcodes
//! are declared `(decl commutative op ...)` so the rule compiler matches
//! both operand orders. The Rust function of `return` is `return_` (a
//! keyword). The file has no comments and depends only on the tables.

use lathe_isa_defs::ir::{Format, OpcodeDef, Operand};

/// The DSL declarations.
pub(crate) fn generate(opcodes: &[OpcodeDef], _formats: &[Format]) -> String {
    let mut out = String::new();
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
        out.push_str(&format!("(extern extractor {} {rust_fn})\n", op.name));
    }
    out
}
