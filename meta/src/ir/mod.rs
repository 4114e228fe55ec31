//! Generation of the CLIF instruction set's Rust code and DSL declarations.
//!
//! Reads `lathe_isa_defs::ir` and writes into `$OUT_DIR`:
//! - `opcodes.rs`: the `Opcode` enum (name, `FromStr`, format, properties,
//!   constraint tables);
//! - `inst_data.rs`: the `InstructionFormat` enum and `InstructionData`;
//! - `inst_builder.rs`: the `InstBuilder` trait, one method per opcode;
//! - `clif_opcodes.isle`: one extractor declaration per opcode.
//! - `clif_extractors.rs`: the Rust side of those extractors (a macro).
//!
//! Generated Rust is built as plain strings, formatted by hand (4-space
//! indent), and carries a provenance comment naming the definition line in
//! `isa-defs/ir/opcodes.rs` or the format. Output depends only on the
//! tables, so it is deterministic.

mod builder;
mod code;
mod dsl;
mod extractors;
mod formats;
mod opcodes;

use lathe_isa_defs::ir;
use std::io;
use std::path::Path;

/// Where the opcode definitions live, for provenance comments.
const OPCODES_FILE: &str = "isa-defs/ir/opcodes.rs";

/// The Rust name of an opcode's enum variant: `iadd_pairwise` -> `IaddPairwise`.
pub(crate) fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Generates every IR file into `out_dir`.
pub fn generate(out_dir: &Path) -> io::Result<()> {
    if let Err(errors) = ir::check() {
        return Err(io::Error::other(format!(
            "isa-defs/ir is inconsistent:\n{}",
            errors.join("\n")
        )));
    }
    let formats = ir::formats::formats();
    let opcodes = ir::opcodes::opcodes();
    crate::write_generated(out_dir, "opcodes.rs", &opcodes::generate(&opcodes, formats))?;
    crate::write_generated(out_dir, "inst_data.rs", &formats::generate(formats))?;
    crate::write_generated(
        out_dir,
        "clif_extractors.rs",
        &extractors::generate(&opcodes, formats),
    )?;
    crate::write_generated(
        out_dir,
        "inst_builder.rs",
        &builder::generate(&opcodes, formats),
    )?;
    crate::write_generated(
        out_dir,
        "clif_opcodes.isle",
        &dsl::generate(&opcodes, formats),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_names() {
        assert_eq!(camel_case("iadd"), "Iadd");
        assert_eq!(camel_case("iadd_pairwise"), "IaddPairwise");
        assert_eq!(camel_case("x86_pshufb"), "X86Pshufb");
        assert_eq!(camel_case("f32const"), "F32const");
    }

    #[test]
    fn generation_is_deterministic_and_complete() {
        let formats = ir::formats::formats();
        let opcodes = ir::opcodes::opcodes();
        let a = opcodes::generate(&opcodes, formats);
        assert_eq!(a, opcodes::generate(&opcodes, formats));
        for op in &opcodes {
            assert!(
                a.contains(&format!(
                    "\"{}\" => Ok(Opcode::{})",
                    op.name,
                    camel_case(op.name)
                )),
                "{}",
                op.name
            );
        }
        let isle = dsl::generate(&opcodes, formats);
        assert!(isle.contains("(decl commutative iadd (Value Value) Inst)"));
        assert!(isle.contains("(decl icmp (IntCC Value Value) Inst)"));
        assert!(!isle.contains(';'), "the DSL file is comment-free");
    }
}
