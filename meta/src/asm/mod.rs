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
//! - `<isa>_insts.isle` ([`isle`]): one DSL constructor per form, and
//!   `<isa>_isle_ctors.rs`, their Rust side.
//!
//! The generated Rust names everything it uses through a module alias `rt`
//! that the including module provides (the ISA's runtime: `Reg`, `Amode`,
//! `Printer`, `CHECKS` — the shared operand checks of
//! `codegen/machinst/operand_checks.rs`, worded for the ISA — the ISA's own
//! `check_*` and `collect_*`, encoding helpers). That is the whole
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
    /// A Rust statement that prints operand `operand` of `form` with the
    /// printer `p` (fields bound by reference), when the ISA prints it its
    /// own way; `None` keeps the generic printing (`p.reg`, `p.imm`, ...).
    fn print_operand(&self, form: &InstDef, model: &FormModel, operand: usize) -> Option<String> {
        let _ = (form, model, operand);
        None
    }
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
    crate::write_generated(
        out_dir,
        &format!("{}_isle_ctors.rs", isa.name),
        &isle::generate_rust(isa, &models),
    )?;
    Ok(())
}

/// Test helper for every ISA generator: each declared form passes the
/// ISA's checks and gets an encoder body, and there are at least 200.
#[cfg(test)]
pub(crate) fn assert_every_form_checks_and_encodes(isa_gen: &dyn IsaGen) {
    let forms = &isa_gen.isa().insts;
    assert!(forms.len() >= 200, "{} forms", forms.len());
    for form in forms {
        let m = model::model(form);
        assert_eq!(
            isa_gen.check_form(form, &m),
            Vec::<String>::new(),
            "{}",
            form.name
        );
        assert!(isa_gen.encoder_body(form, &m).is_ok(), "{}", form.name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lathe_isa_defs::asm::{
        AllocClass, Endianness, FeatureDef, ImmRange, LabelKindDef, OperandKind, OperandType,
        RegClassDef, RegDef, inst, r, rw, w,
    };

    const R: OperandType = OperandType::reg("r", "gpr", 64);
    const I: OperandType = OperandType::imm("imm8", 8, ImmRange::Signed, 64);

    fn toy(insts: Vec<InstDef>) -> IsaDef {
        let reg = |num: u8, name| RegDef {
            num,
            enc: num,
            names: vec![(64, name)],
            allocatable: true,
        };
        IsaDef {
            name: "toy",
            display_name: "toy",
            endianness: Endianness::Little,
            reg_classes: vec![RegClassDef {
                name: "gpr",
                alloc: AllocClass::Int,
                regs: vec![reg(0, "r0"), reg(1, "r1")],
            }],
            conds: Vec::new(),
            features: vec![FeatureDef {
                name: "f",
                doc: "a feature",
            }],
            flags: vec!["Z"],
            label_kinds: vec![LabelKindDef {
                name: "rel",
                bits: 16,
                allows_reloc: false,
            }],
            insts,
        }
    }

    /// Encodes every form as one fixed byte, to test the generic parts alone.
    struct ToyGen(IsaDef);

    impl IsaGen for ToyGen {
        fn isa(&self) -> &IsaDef {
            &self.0
        }
        fn check_form(&self, form: &InstDef, _: &FormModel) -> Vec<String> {
            if form.format == "bad" {
                vec!["format `bad`".into()]
            } else {
                Vec::new()
            }
        }
        fn encoder_body(&self, _: &InstDef, _: &FormModel) -> Result<String, String> {
            Ok("sink.put1(0x90);".into())
        }
        fn extra_checks(&self, _: &InstDef, _: &FormModel) -> String {
            String::new()
        }
    }

    #[test]
    fn generates_clobbers_positions_hooks_and_flags() {
        let isa_gen = ToyGen(toy(vec![
            inst("mix", [w(R).early(), r(R).late(), rw(R), r(I)], "x", "x")
                .clobbers(&["r1"])
                .writes(&["Z"])
                .features(&["f"]),
            inst("odd", [rw(R)], "x", "x").hook("encode_odd"),
        ]));
        let models: Vec<_> = isa_gen.0.insts.iter().map(model::model).collect();
        let code = rust::generate(&isa_gen, &models).expect("generates");
        assert!(
            code.contains("c.def_reg(dst1, rt::OperandPos::Early);"),
            "{code}"
        );
        assert!(code.contains("c.use_reg(src, rt::OperandPos::Late);"));
        assert!(code.contains("let dst2_use = c.use_reg(&mut dst2.read, rt::OperandPos::Early);"));
        assert!(code.contains("c.reuse_def(&mut dst2.write, dst2_use);"));
        assert!(code.contains("c.clobber(rt::R1);"));
        assert!(code.contains("rt::hooks::encode_odd(sink, dst)?;"));
        assert!(code.contains("rt::check_imm(FORM, \"imm\", imm, -128, 127, 1)?;"));
        assert!(code.contains("flags_written: &[\"Z\"]"));
        assert!(code.contains("features: &[\"f\"]"));
        assert!(code.contains("clobbers: &[\"r1\"]"));
        // Same input, same output.
        assert_eq!(code, rust::generate(&isa_gen, &models).expect("generates"));
        let dsl = isle::generate(&isa_gen.0, &models);
        assert!(
            dsl.contains("(decl partial toy_mix_r_r_r_imm8 (Reg Reg Rw i64) MInst)"),
            "{dsl}"
        );
        assert!(dsl.contains("(extern constructor toy_odd_r toy_odd_r)"));
        let regs = regs::generate(&isa_gen.0);
        assert!(
            regs.contains("pub const R1: rt::Reg = rt::Reg::phys(rt::RegClass::Int, 1);"),
            "{regs}"
        );
    }

    /// Prints immediates its own way, as an ISA with several immediate syntaxes does.
    struct HookGen(IsaDef);

    impl IsaGen for HookGen {
        fn isa(&self) -> &IsaDef {
            &self.0
        }
        fn check_form(&self, _: &InstDef, _: &FormModel) -> Vec<String> {
            Vec::new()
        }
        fn encoder_body(&self, _: &InstDef, _: &FormModel) -> Result<String, String> {
            Ok("sink.put1(0x90);".into())
        }
        fn extra_checks(&self, _: &InstDef, _: &FormModel) -> String {
            String::new()
        }
        fn print_operand(&self, form: &InstDef, m: &FormModel, i: usize) -> Option<String> {
            let field = m.field_of(i)?;
            matches!(form.operands[i].ty.kind, OperandKind::Imm(_))
                .then(|| format!("p.imm_dec(*{});", field.name))
        }
    }

    #[test]
    fn condition_operands_and_print_hooks() {
        let cond = OperandType::cond_operand("cond");
        let isa_gen = HookGen(toy(vec![inst("sel", [w(R), r(I), r(cond)], "x", "x")]));
        let models: Vec<_> = isa_gen.0.insts.iter().map(model::model).collect();
        let code = rust::generate(&isa_gen, &models).expect("generates");
        assert!(
            code.contains("pub fn sel_r_imm8(dst: rt::Reg, imm: i64, cc: rt::Cc)"),
            "{code}"
        );
        assert!(code.contains("p.imm_dec(*imm);"), "{code}");
        assert!(code.contains("p.cond(*cc);"), "{code}");
        assert!(code.contains("rt::OperandInfo { name: \"cc\", kind: rt::OperandInfoKind::Cond"));
    }

    #[test]
    fn reports_every_declaration_error() {
        let isa_gen = ToyGen(toy(vec![
            inst("a", [w(R)], "x", "x"),
            inst("a", [w(R)], "x", "x"),
            inst("b", [w(OperandType::reg("v", "vec", 64))], "x", "x"),
            inst("c", [r(R)], "x", "x")
                .features(&["nope"])
                .reads(&["Q"])
                .clobbers(&["r9"]),
            inst("d{cc}", [r(R)], "x", "x"),
            inst("e", [r(OperandType::target("t", "far"))], "x", "x"),
            inst("f", [w(I)], "bad", "x"),
        ]));
        let dir = std::env::temp_dir().join(format!("lathe-meta-test-{}", std::process::id()));
        let err = generate(&isa_gen, &dir).expect_err("must fail").to_string();
        for needle in [
            "form `a_r` is declared more than once",
            "form `b_v`: unknown register class `vec`",
            "form `c_r`: unknown feature `nope`",
            "form `c_r`: unknown flag `Q`",
            "form `c_r`: unknown clobbered register `r9`",
            "form `dcc_r`: a mnemonic contains `{cc}` exactly when the form has one condition operand",
            "form `e_t`: unknown label kind `far`",
            "form `f_imm8`: an immediate can only be read",
            "form `f_imm8`: format `bad`",
        ] {
            assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
        }
    }
}
