//! The target-independent CLIF instruction set, as data.
//!
//! - [`formats`]: the instruction formats (the shapes of `InstructionData`):
//!   how many value operands, whether a value list follows, which immediate
//!   and entity fields.
//! - [`typesets`]: named sets of value types used by type constraints.
//! - [`opcodes`]: one line per CLIF opcode: name, format, operands, results,
//!   properties and a one-line doc.
//!
//! `lathe-meta` turns these tables into the `Opcode` enum, `InstructionData`,
//! the `InstBuilder` trait, the verifier's constraint tables and the rule
//! DSL's extractor declarations. Adding an opcode is adding one line to
//! [`opcodes::opcodes`].
//!
//! Invariants checked by [`check`] (and by meta before generating): opcode
//! names are unique; every opcode's operands fit its format (value operand
//! count, immediates of the format's field kinds in order); a derived or
//! `Same` type constraint appears only on a polymorphic opcode.

pub mod formats;
pub mod opcodes;
pub mod typesets;

pub use formats::{Field, FieldKind, Format, ValueOperands};
pub use opcodes::{Constraint, Derived, OpcodeDef, Operand, Relation};
pub use typesets::TypeSet;

/// Checks the invariants of the tables; returns every problem found.
pub fn check() -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    let formats = formats::formats();
    let mut seen = std::collections::BTreeSet::new();
    for (line, op) in opcodes::opcodes().iter().enumerate() {
        if !seen.insert(op.name) {
            errors.push(format!("opcode `{}` declared twice", op.name));
        }
        let Some(format) = formats.iter().find(|f| f.name == op.format) else {
            errors.push(format!(
                "opcode `{}` (entry {line}) uses unknown format `{}`",
                op.name, op.format
            ));
            continue;
        };
        if let Err(e) = op.check_against(format) {
            errors.push(format!("opcode `{}`: {e}", op.name));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tables_are_consistent() {
        if let Err(errors) = super::check() {
            panic!("{}", errors.join("\n"));
        }
    }
}
