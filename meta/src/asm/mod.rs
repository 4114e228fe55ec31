//! The ISA-independent instruction generator.
//!
//! Input: an [`IsaDef`] from `lathe-isa-defs` plus an [`IsaGen`] that knows
//! the ISA's encoding notation. Output, into `$OUT_DIR`:
//!
//! - `<isa>_regs.rs` ([`regs`]): register constants and lookups;
//! - `<isa>_insts.rs` ([`rust`]): the `Form` enum and `FORMS` table, the
//!   `Inst` enum, checked constructors, the operand collector, the encoder
//!   (bodies from [`IsaGen::encoder_body`]), the printer and dynamic
//!   construction from operand values;
//! - `<isa>_insts.isle` ([`isle`]): one DSL constructor per form.
//!
//! The generated Rust names everything it uses through a module alias `rt`
//! that the including module provides (the ISA's runtime: `Reg`, `Amode`,
//! `Printer`, `check_*`, `collect_*`, encoding helpers). That is the whole
//! contract between generator and runtime; see `codegen/isa/x64/rt.rs`.
//!
//! Every problem in the declarations is reported (all of them, each naming
//! the form) and fails the build.

pub mod isle;
pub mod model;
pub mod regs;
pub mod rust;

use std::io;
use std::path::Path;

use lathe_isa_defs::asm::{InstDef, IsaDef};

use model::FormModel;

/// What an ISA adds to the generic generator.
pub trait IsaGen {
    /// The declarations.
    fn isa(&self) -> &IsaDef;
    /// Checks the ISA-specific parts of a form (format, encoding string,
    /// their agreement with the operands); one message per problem.
    fn check_form(&self, form: &InstDef, model: &FormModel) -> Vec<String>;
    /// Rust statements that encode `form` into `sink`, inside a match arm
    /// that binds every field by reference and `form: &'static str`.
    fn encoder_body(&self, form: &InstDef, model: &FormModel) -> Result<String, String>;
    /// Rust statements run by the constructor after the generic operand
    /// checks, with the fields bound by value and `inst` the constructed
    /// instruction; they may return an error.
    fn extra_checks(&self, form: &InstDef, model: &FormModel) -> String;
}

/// Checks the declarations and generates every file for one ISA.
pub fn generate(isa_gen: &dyn IsaGen, out_dir: &Path) -> io::Result<()> {
    let isa = isa_gen.isa();
    let mut errors = model::check_isa(isa);
    let models: Vec<FormModel> = isa.insts.iter().map(model::model).collect();
    let mut variants: Vec<&str> = models.iter().map(|m| m.variant.as_str()).collect();
    variants.sort_unstable();
    for pair in variants.windows(2) {
        if pair[0] == pair[1] {
            errors.push(format!(
                "two forms map to the Rust variant `{}`; rename one with `.named(..)`",
                pair[0]
            ));
        }
    }
    for (form, m) in isa.insts.iter().zip(&models) {
        errors.extend(
            isa_gen
                .check_form(form, m)
                .into_iter()
                .map(|e| format!("form `{}`: {e}", form.name)),
        );
    }
    if !errors.is_empty() {
        return Err(io::Error::other(format!(
            "{}: {}",
            isa.name,
            errors.join(&format!("\n{}: ", isa.name))
        )));
    }
    let insts = rust::generate(isa_gen, &models).map_err(io::Error::other)?;
    crate::write_generated(
        out_dir,
        &format!("{}_regs.rs", isa.name),
        &regs::generate(isa),
    )?;
    crate::write_generated(out_dir, &format!("{}_insts.rs", isa.name), &insts)?;
    crate::write_generated(
        out_dir,
        &format!("{}_insts.isle", isa.name),
        &isle::generate(isa, &models),
    )?;
    Ok(())
}
