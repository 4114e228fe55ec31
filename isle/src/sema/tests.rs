//! Unit tests of semantic analysis: resolution, typing, expansion, lowering.

use crate::ast::Ast;
use crate::diagnostics::SourceMap;
use crate::program::*;
use crate::{lexer, parser};

const PRELUDE: &str = "
(type Value (primitive u32))
(type Op (enum Add Sub))
(type Inst (enum (Bin (op Op) (a Value) (b Value)) (Const (k u64))))
(decl inst (Inst) Value)
(extern extractor inst inst_of)
(decl commutative add (Value Value) Value)
(extractor (add a b) (inst (Inst.Bin (Op.Add) a b)))
(decl pure partial maybe (Value) Value)
(extern constructor maybe maybe)
(decl impure (Value) Value)
(extern constructor impure impure)
(decl multi many (Value) Value)
(extern constructor many many)
";

fn analyze(text: &str) -> (Program, Vec<String>) {
    let mut sources = SourceMap::new();
    let file = sources.add("t.isle", format!("{PRELUDE}{text}"));
    let mut errors = Vec::new();
    let mut ast = Ast::default();
    let tokens = lexer::lex(file, &sources.file(file).text.clone(), &mut errors);
    parser::parse(file, tokens, &mut ast, &mut errors);
    let (program, sema_errors) = super::check(&ast, &sources);
    errors.extend(sema_errors);
    (program, errors.into_iter().map(|e| e.message).collect())
}

fn errors(text: &str) -> Vec<String> {
    analyze(text).1
}

fn variants_of(program: &Program, term: &str) -> usize {
    let index = program
        .terms
        .iter()
        .position(|t| t.name == term)
        .expect("term exists");
    program.term_rules[index].variants.len()
}

#[test]
fn a_well_formed_rule_set_has_no_errors() {
    let (program, errors) = analyze("(decl f (Value) Value) (rule (f (add x y)) (impure x))");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(program.rules.len(), 1);
}

#[test]
fn unknown_and_duplicate_names() {
    let e = errors(
        "(decl f (Nope) Value) (decl inst (Value) Value)
         (decl g (Value) Value) (rule (g (bogus x)) x)
         (type Value (primitive u8))",
    );
    assert_eq!(
        e,
        vec![
            "type `Value` is defined twice",
            "unknown type `Nope`",
            "term `inst` is declared twice",
            "unknown term `bogus`",
        ]
    );
}

#[test]
fn commutative_terms_give_two_variants_unless_symmetric() {
    let (p, e) = analyze(
        "(decl f (Value) Value) (rule (f (add x (inst (Inst.Const _)))) x)
         (decl g (Value) Value) (rule (g (add x x)) x)",
    );
    assert!(e.is_empty(), "{e:?}");
    assert_eq!(variants_of(&p, "f"), 2);
    assert_eq!(variants_of(&p, "g"), 1);
}

#[test]
fn alternatives_give_one_variant_each() {
    let (p, e) =
        analyze("(decl f (Value) Value) (rule (f (inst (Inst.Bin (Op.Add|Op.Sub) x _))) x)");
    assert!(e.is_empty(), "{e:?}");
    assert_eq!(variants_of(&p, "f"), 2);
}

#[test]
fn repeated_variables_become_equality_steps() {
    let (p, e) = analyze("(decl f (Value Value) Value) (rule (f x x) x)");
    assert!(e.is_empty(), "{e:?}");
    let index = p.terms.iter().position(|t| t.name == "f").expect("f");
    let steps = &p.term_rules[index].variants[0].steps;
    assert!(matches!(steps[..], [Step::Equal { .. }]), "{steps:?}");
}

#[test]
fn type_errors() {
    assert_eq!(
        errors("(decl f (Value) u8) (rule (f x) x)"),
        vec!["type mismatch: expected `u8`, found `Value`"]
    );
    assert_eq!(
        errors("(decl f (u8) u8) (rule (f 300) 1)"),
        vec!["`300` does not fit in `u8`"]
    );
    assert_eq!(
        errors("(decl f (Value u8) u8) (rule (f x x) 1)"),
        vec!["variable `x` has type `u8` here but type `Value` where it is first bound"]
    );
    assert_eq!(
        errors("(decl f (Value) Value) (rule (f x) (inst x))"),
        vec!["term `inst` cannot be called: it has no constructor"]
    );
    assert_eq!(
        errors("(decl f (Value) Value) (rule (f (impure x)) x)"),
        vec!["term `impure` cannot be used in a pattern: it has no extractor"]
    );
}

#[test]
fn conversions_are_inserted_both_ways() {
    let (_, e) = analyze(
        "(type Reg (primitive u8))
         (decl pure reg (u8) Reg) (extern constructor reg reg) (extern extractor infallible reg reg_num)
         (convert u8 Reg reg)
         (decl f (Reg) Reg) (rule (f (reg_small n)) n)
         (decl reg_small (u8) u8) (extern extractor reg_small reg_small)",
    );
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn clause_rules() {
    assert_eq!(
        errors("(decl f (Value) Value) (rule (f x) (if-let y (impure x)) y)"),
        vec!["term `impure` is not `pure`; clauses may only call pure terms"]
    );
    assert_eq!(
        errors(
            "(decl pure p (Value) Value) (extern constructor p p) (decl f (Value) Value) (rule (f x) (if (p x)) x)"
        ),
        vec!["this `if` always succeeds"]
    );
    assert_eq!(
        errors("(decl f (Value) Value) (rule (f x) (if-let y (maybe z)) y)"),
        vec!["unknown variable `z`"]
    );
    let (p, e) =
        analyze("(decl f (Value) Value) (rule (f x) (if (maybe x)) (if-let y (maybe x)) y)");
    assert!(e.is_empty(), "{e:?}");
    let index = p.terms.iter().position(|t| t.name == "f").expect("f");
    // `(if (maybe x))` and `(if-let y (maybe x))` share one test.
    assert_eq!(p.term_rules[index].variants[0].steps.len(), 1);
}

#[test]
fn multi_terms_only_in_multi_rules() {
    assert_eq!(
        errors("(decl f (Value) Value) (rule (f x) (many x))"),
        vec!["multi term `many` can only be called by the rules of a multi term"]
    );
    assert!(errors("(decl multi f (Value) Value) (rule (f x) (many x))").is_empty());
}

#[test]
fn macros_must_not_recurse_and_use_only_parameters() {
    let e = errors(
        "(decl a (Value) Value) (extractor (a x) (b x))
         (decl b (Value) Value) (extractor (b x) (a x))
         (decl c (Value) Value) (extractor (c x) (inst y))",
    );
    assert_eq!(
        e,
        vec![
            "variable `y` in extractor `c` is not one of its parameters",
            "extractor `a` expands into itself",
        ]
    );
}

#[test]
fn contradictions_and_unbound_alternatives() {
    assert_eq!(
        errors("(decl f (u8) u8) (rule (f (and 1 2)) 0)"),
        vec!["this rule can never match"]
    );
}

#[test]
fn deep_patterns_do_not_use_the_call_stack() {
    let depth = 20_000;
    let text = format!(
        "(decl s (Value) Value) (extern extractor infallible s s)
         (decl f (Value) Value) (rule (f {}x{}) x)",
        "(s ".repeat(depth),
        ")".repeat(depth)
    );
    let (p, e) = analyze(&text);
    assert!(e.is_empty(), "{e:?}");
    assert_eq!(p.rules.len(), 1);
}
