//! Semantic analysis: from the [`Ast`] to a checked [`Program`].
//!
//! Stages, in order:
//! 1. `env`: built-in and user types, term declarations, extern
//!    implementations, extractor macros, constants and conversions;
//! 2. `rules`: each rule's patterns, clauses and right-hand side are
//!    resolved and type-checked (macros expanded, implicit conversions
//!    inserted, commutative terms and `(a|b ...)` alternatives turned into
//!    choice points);
//! 3. `lower`: each rule becomes one [`RuleVariant`] per combination of its
//!    choices, a straight list of steps over hash-consed bindings.
//!
//! Every problem is reported and analysis goes on; a rule with an error is
//! left out of the program, so later phases only see well-typed rules.

mod env;
mod lower;
mod rules;

use std::collections::{HashMap, HashSet};

use crate::ast::{Ast, ExtractorMacro};
use crate::diagnostics::{Diagnostic, SourceMap, Span};
use crate::program::*;

pub use env::rust_ident_problem;
pub use rules::count;

/// The state of semantic analysis.
pub(crate) struct Sema<'a> {
    ast: &'a Ast,
    sources: &'a SourceMap,
    errors: Vec<Diagnostic>,
    program: Program,
    type_names: HashMap<String, TypeId>,
    term_names: HashMap<String, TermId>,
    const_names: HashMap<String, ConstId>,
    /// `(from, to)` to the conversion term and its `convert` form.
    converts: HashMap<(TypeId, TypeId), (TermId, Span)>,
    macros: HashMap<TermId, &'a ExtractorMacro>,
    cyclic_macros: HashSet<TermId>,
}

/// Checks `ast` and returns the program (with only the rules that checked)
/// and every error found.
pub fn check(ast: &Ast, sources: &SourceMap) -> (Program, Vec<Diagnostic>) {
    let mut sema = Sema {
        ast,
        sources,
        errors: Vec::new(),
        program: Program::default(),
        type_names: HashMap::new(),
        term_names: HashMap::new(),
        const_names: HashMap::new(),
        converts: HashMap::new(),
        macros: HashMap::new(),
        cyclic_macros: HashSet::new(),
    };
    sema.add_builtin_types();
    sema.collect_types();
    sema.collect_decls();
    sema.collect_implementations();
    sema.check_macro_bodies();
    sema.check_macro_cycles();
    sema.program.term_rules = vec![TermRules::default(); sema.program.terms.len()];
    sema.check_rules();
    (sema.program, sema.errors)
}

#[cfg(test)]
mod tests;
