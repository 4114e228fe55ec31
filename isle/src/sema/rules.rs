//! Resolving and type-checking rules.
//!
//! A rule's left-hand side is typed top-down: each pattern position has an
//! expected type (the argument types of the enclosing term), and a term
//! pattern whose type differs is wrapped in the extractor of a `convert`
//! term. Extractor macros are expanded in place; their parameters are
//! replaced by the argument patterns of the use site (an environment chain
//! records which arguments belong to which expansion). Commutative terms and
//! `(a|b ...)` alternatives become [`TPat::Choice`] nodes, one choice point
//! each, which `lower` enumerates.
//!
//! Clauses are checked in order: an `if-let` expression may use the
//! variables bound before it, then its pattern may bind more. Expressions
//! are typed top-down too, with conversions inserted where a value of one
//! type is passed where another is expected.
//!
//! Every walk uses an explicit worklist; a rule whose patterns expand past
//! [`MAX_PATTERN_NODES`] is rejected rather than exhausting memory.

use std::collections::HashMap;

use crate::ast::{self, ExprId, PatId, Pattern};
use crate::diagnostics::{Diagnostic, Span};
use crate::program::*;

use super::Sema;

/// `n thing` or `n things`.
pub fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// Largest number of typed pattern nodes one rule may expand to.
const MAX_PATTERN_NODES: usize = 100_000;

/// Index of a node in [`CheckedRule::pats`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TPatId(pub u32);

/// A typed, macro-expanded pattern node.
#[derive(Clone, Debug)]
pub(super) enum TPat {
    Wildcard,
    /// A variable occurrence: binds it first, tests equality afterwards.
    Var(VarId),
    /// `var @ sub`
    Bind {
        var: VarId,
        sub: TPatId,
    },
    Literal(Literal),
    Const(ConstId),
    And(Vec<TPatId>),
    Variant {
        ty: TypeId,
        variant: u32,
        args: Vec<TPatId>,
    },
    Struct {
        ty: TypeId,
        args: Vec<TPatId>,
    },
    /// An extern extractor applied to the value.
    Extract {
        term: TermId,
        args: Vec<TPatId>,
    },
    /// One of several patterns, picked by choice point `choice`.
    Choice {
        alternatives: Vec<TPatId>,
        choice: u32,
    },
}

/// A checked `if-let` or `if` clause.
#[derive(Clone, Debug)]
pub(super) struct TClause {
    /// `None` for `(if expr)`.
    pub pattern: Option<TPatId>,
    pub expr: TExprId,
}

/// A pattern variable.
#[derive(Clone, Debug)]
pub(super) struct VarInfo {
    pub name: String,
    pub ty: TypeId,
}

/// A rule after resolution and type checking.
#[derive(Clone, Debug)]
pub(super) struct CheckedRule {
    pub term: TermId,
    pub pats: Vec<TPat>,
    pub root_args: Vec<TPatId>,
    /// Choice point swapping the last two root arguments (commutative root).
    pub root_swap: Option<u32>,
    pub clauses: Vec<TClause>,
    /// Number of options of each choice point.
    pub choice_sizes: Vec<u32>,
    pub vars: Vec<VarInfo>,
    pub exprs: Vec<TExpr>,
    pub rhs: TExprId,
    pub num_locals: u32,
}

impl CheckedRule {
    pub fn pat(&self, id: TPatId) -> &TPat {
        &self.pats[id.0 as usize]
    }
}

/// An extractor-macro expansion: its parameters and the environment the
/// argument patterns are written in.
struct MacroEnv {
    params: Vec<(String, PatId)>,
    outer: Option<usize>,
}

/// A `let` variable in scope.
struct Scope {
    name: String,
    local: LocalId,
    ty: TypeId,
    parent: Option<usize>,
}

/// Work item for typing one pattern node.
struct PatWork {
    pat: PatId,
    expected: TypeId,
    slot: TPatId,
    env: Option<usize>,
    /// For `(a|b ...)`: which alternative this item types.
    head: Option<usize>,
    /// For a commutative term: `None` until its choice point is made, then
    /// whether this option swaps the last two arguments.
    swap: Option<bool>,
}

/// Where an expression is: clauses may only call pure terms.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ExprContext {
    Clause,
    Rhs { multi_rule: bool },
}

/// State for checking one rule.
struct RuleChecker<'s, 'a> {
    sema: &'s mut Sema<'a>,
    pats: Vec<TPat>,
    vars: Vec<VarInfo>,
    var_names: HashMap<String, (VarId, Span)>,
    envs: Vec<MacroEnv>,
    choice_sizes: Vec<u32>,
    /// Choice points by (pattern node, macro environment), so the copies of
    /// one node made for different alternatives share their choice.
    choice_ids: HashMap<(PatId, Option<usize>, bool), u32>,
    exprs: Vec<TExpr>,
    scopes: Vec<Scope>,
    num_locals: u32,
    failed: bool,
    too_big_reported: bool,
}

impl Sema<'_> {
    /// Reports variables in extractor-macro bodies that are not parameters.
    pub(super) fn check_macro_bodies(&mut self) {
        let mut macros: Vec<_> = self.macros.iter().map(|(&t, &m)| (t, m)).collect();
        macros.sort_by_key(|(t, _)| *t);
        for (_, m) in macros {
            let mut work = vec![m.body];
            while let Some(p) = work.pop() {
                let name = match self.ast.pattern(p) {
                    Pattern::Var(name) => Some(name),
                    Pattern::Bind { name, sub } => {
                        work.push(*sub);
                        Some(name)
                    }
                    Pattern::And(args, _) | Pattern::Term { args, .. } => {
                        work.extend(args.iter().copied());
                        None
                    }
                    _ => None,
                };
                if let Some(name) = name {
                    if !m.params.iter().any(|p| p.name == name.name) {
                        self.errors.push(
                            Diagnostic::error(
                                name.span,
                                format!(
                                    "variable `{}` in extractor `{}` is not one of its parameters",
                                    name.name, m.name.name
                                ),
                            )
                            .with_help("use `_`, or add it to the parameters"),
                        );
                    }
                }
            }
        }
    }

    /// Checks and lowers every rule.
    pub(super) fn check_rules(&mut self) {
        let ast = self.ast;
        let mut names: HashMap<&str, Span> = HashMap::new();
        for def in &ast.defs {
            let ast::Def::Rule(rule) = def else { continue };
            if let Some(name) = &rule.name {
                if let Some(&first) = names.get(name.name.as_str()) {
                    self.errors.push(
                        Diagnostic::error(
                            name.span,
                            format!("two rules are named `{}`", name.name),
                        )
                        .with_secondary(first, "first rule with this name"),
                    );
                } else {
                    names.insert(&name.name, name.span);
                }
            }
            let errors_before = self.errors.len();
            let checked = RuleChecker::new(self).check(rule);
            if let Some(checked) = checked {
                if self.errors.len() == errors_before {
                    self.lower_rule(rule, checked);
                }
            }
        }
    }
}

impl<'s, 'a> RuleChecker<'s, 'a> {
    fn new(sema: &'s mut Sema<'a>) -> Self {
        RuleChecker {
            sema,
            pats: Vec::new(),
            vars: Vec::new(),
            var_names: HashMap::new(),
            envs: Vec::new(),
            choice_sizes: Vec::new(),
            choice_ids: HashMap::new(),
            exprs: Vec::new(),
            scopes: Vec::new(),
            num_locals: 0,
            failed: false,
            too_big_reported: false,
        }
    }

    fn err(&mut self, d: Diagnostic) {
        self.failed = true;
        self.sema.errors.push(d);
    }

    fn type_name(&self, ty: TypeId) -> String {
        self.sema.program.ty(ty).name.clone()
    }

    fn add_pat(&mut self, pat: TPat) -> TPatId {
        self.pats.push(pat);
        TPatId(self.pats.len() as u32 - 1)
    }

    fn add_expr(&mut self, expr: TExpr) -> TExprId {
        self.exprs.push(expr);
        TExprId(self.exprs.len() as u32 - 1)
    }

    fn choice_point(&mut self, key: (PatId, Option<usize>, bool), size: u32) -> u32 {
        if let Some(&id) = self.choice_ids.get(&key) {
            return id;
        }
        let id = self.choice_sizes.len() as u32;
        self.choice_sizes.push(size);
        self.choice_ids.insert(key, id);
        id
    }

    fn check(mut self, rule: &ast::Rule) -> Option<CheckedRule> {
        let ast = self.sema.ast;
        let Pattern::Term { heads, args, span } = ast.pattern(rule.pattern) else {
            let span = ast.pattern(rule.pattern).span();
            self.err(Diagnostic::error(
                span,
                "a rule's left-hand side must be a term application",
            ));
            return None;
        };
        let [head] = &heads[..] else {
            self.err(
                Diagnostic::error(*span, "the root of a rule cannot have alternatives")
                    .with_help("write one rule per term"),
            );
            return None;
        };
        let term = self.root_term(head)?;
        let t = self.sema.program.term(term).clone();
        if args.len() != t.args.len() {
            self.err(
                Diagnostic::error(
                    *span,
                    format!(
                        "term `{}` takes {} but the rule gives {}",
                        t.name,
                        count(t.args.len(), "argument"),
                        args.len()
                    ),
                )
                .with_secondary(t.span, "declared here"),
            );
            return None;
        }
        let root_swap = t
            .flags
            .commutative
            .then(|| self.choice_point((rule.pattern, None, true), 2));
        let mut root_args = Vec::new();
        for (&arg, &ty) in args.iter().zip(&t.args) {
            root_args.push(self.check_pattern(arg, ty));
        }
        let mut clauses = Vec::new();
        for clause in &rule.clauses {
            match clause {
                ast::Clause::IfLet { pattern, expr, .. } => {
                    let (expr, ty) = self.check_root_expr(*expr, None, ExprContext::Clause)?;
                    let pattern = self.check_pattern(*pattern, ty);
                    clauses.push(TClause {
                        pattern: Some(pattern),
                        expr,
                    });
                }
                ast::Clause::If { expr, span } => {
                    let (expr, _) = self.check_root_expr(*expr, None, ExprContext::Clause)?;
                    if !self.can_fail(expr) {
                        self.err(
                            Diagnostic::error(*span, "this `if` always succeeds")
                                .with_label("the expression cannot fail")
                                .with_help("`(if e)` tests that a partial term succeeds; to test a `bool`, write `(if-let true e)`"),
                        );
                    }
                    clauses.push(TClause {
                        pattern: None,
                        expr,
                    });
                }
            }
        }
        let context = ExprContext::Rhs {
            multi_rule: t.flags.multi,
        };
        let (rhs, _) = self.check_root_expr(rule.rhs, Some(t.ret), context)?;
        if self.failed {
            return None;
        }
        Some(CheckedRule {
            term,
            pats: self.pats,
            root_args,
            root_swap,
            clauses,
            choice_sizes: self.choice_sizes,
            vars: self.vars,
            exprs: self.exprs,
            rhs,
            num_locals: self.num_locals,
        })
    }

    /// Resolves the term a rule defines.
    fn root_term(&mut self, head: &ast::Ident) -> Option<TermId> {
        let Some(&term) = self.sema.term_names.get(&head.name) else {
            self.err(
                Diagnostic::error(head.span, format!("unknown term `{}`", head.name))
                    .with_label("not declared")
                    .with_help(format!(
                        "declare it with `(decl {} (ArgType...) RetType)`",
                        head.name
                    )),
            );
            return None;
        };
        let t = self.sema.program.term(term);
        match &t.kind {
            TermKind::Decl {
                constructor: Some(Constructor::Internal),
                ..
            } => Some(term),
            TermKind::Decl {
                constructor: Some(Constructor::Extern { span, .. }),
                ..
            } => {
                let span = *span;
                self.err(
                    Diagnostic::error(
                        head.span,
                        format!(
                            "term `{}` has an extern constructor; it cannot also have rules",
                            head.name
                        ),
                    )
                    .with_secondary(span, "extern constructor here"),
                );
                None
            }
            _ => {
                self.err(Diagnostic::error(
                    head.span,
                    format!(
                        "`{}` is an enum variant or struct; rules cannot define it",
                        head.name
                    ),
                ));
                None
            }
        }
    }

    /// True if evaluating `expr` may produce no value.
    fn can_fail(&self, expr: TExprId) -> bool {
        match &self.exprs[expr.0 as usize] {
            TExpr::Call { term, .. } => {
                self.sema.program.term(*term).constructor_outcome() != Outcome::Value
            }
            _ => false,
        }
    }

    /// Defines pattern variable `name` of type `ty`, or returns the existing
    /// one after checking its type.
    fn variable(&mut self, name: &ast::Ident, ty: TypeId) -> Option<VarId> {
        if let Some(&(var, first)) = self.var_names.get(&name.name) {
            let first_ty = self.vars[var.0 as usize].ty;
            if first_ty != ty {
                let (a, b) = (self.type_name(ty), self.type_name(first_ty));
                self.err(
                    Diagnostic::error(name.span, format!(
                        "variable `{}` has type `{a}` here but type `{b}` where it is first bound",
                        name.name
                    ))
                    .with_secondary(first, "first bound here"),
                );
                return None;
            }
            return Some(var);
        }
        if name.name.contains('.') && self.sema.term_names.contains_key(&name.name) {
            self.err(
                Diagnostic::error(
                    name.span,
                    format!("`{}` is a term, not a variable", name.name),
                )
                .with_help(format!("to match it, write `({})`", name.name)),
            );
            return None;
        }
        let var = VarId(self.vars.len() as u32);
        self.vars.push(VarInfo {
            name: name.name.clone(),
            ty,
        });
        self.var_names.insert(name.name.clone(), (var, name.span));
        Some(var)
    }

    /// Types the pattern `root` against `expected`, expanding macros.
    fn check_pattern(&mut self, root: PatId, expected: TypeId) -> TPatId {
        let root_slot = self.add_pat(TPat::Wildcard);
        let mut work = vec![PatWork {
            pat: root,
            expected,
            slot: root_slot,
            env: None,
            head: None,
            swap: None,
        }];
        while let Some(item) = work.pop() {
            if self.pats.len() > MAX_PATTERN_NODES {
                if !self.too_big_reported {
                    self.too_big_reported = true;
                    let span = self.sema.ast.pattern(root).span();
                    self.err(Diagnostic::error(
                        span,
                        format!("this pattern expands to more than {MAX_PATTERN_NODES} nodes"),
                    )
                    .with_help("extractor macros that use their parameters several times multiply the pattern size"));
                }
                break;
            }
            let node = self.pattern_node(item, &mut work);
            if let Some((slot, node)) = node {
                self.pats[slot.0 as usize] = node;
            }
        }
        root_slot
    }

    /// The macro parameter `name` in environment `env`, if it is one.
    fn macro_param(&self, env: Option<usize>, name: &str) -> Option<(PatId, Option<usize>)> {
        let env = &self.envs[env?];
        env.params
            .iter()
            .find(|(p, _)| p == name)
            .map(|&(_, arg)| (arg, env.outer))
    }

    /// Types one pattern node, queueing its children. Returns the node to
    /// store in the item's slot (`None` leaves the slot as it is).
    fn pattern_node(&mut self, item: PatWork, work: &mut Vec<PatWork>) -> Option<(TPatId, TPat)> {
        let ast = self.sema.ast;
        let PatWork {
            pat,
            expected,
            slot,
            env,
            ..
        } = item;
        let node = match ast.pattern(pat) {
            Pattern::Wildcard(_) => TPat::Wildcard,
            Pattern::Var(name) => {
                if let Some((arg, outer)) = self.macro_param(env, &name.name) {
                    work.push(PatWork {
                        pat: arg,
                        expected,
                        slot,
                        env: outer,
                        head: None,
                        swap: None,
                    });
                    return None;
                }
                if env.is_some() {
                    // Reported once by `check_macro_bodies`.
                    self.failed = true;
                    return None;
                }
                TPat::Var(self.variable(name, expected)?)
            }
            Pattern::Bind { name, sub } => {
                let sub_slot = self.add_pat(TPat::Wildcard);
                work.push(PatWork {
                    pat: *sub,
                    expected,
                    slot: sub_slot,
                    env,
                    head: None,
                    swap: None,
                });
                if let Some((arg, outer)) = self.macro_param(env, &name.name) {
                    let arg_slot = self.add_pat(TPat::Wildcard);
                    work.push(PatWork {
                        pat: arg,
                        expected,
                        slot: arg_slot,
                        env: outer,
                        head: None,
                        swap: None,
                    });
                    TPat::And(vec![arg_slot, sub_slot])
                } else if env.is_some() {
                    self.failed = true;
                    return None;
                } else {
                    TPat::Bind {
                        var: self.variable(name, expected)?,
                        sub: sub_slot,
                    }
                }
            }
            Pattern::Int(value, span) => {
                if !self.sema.check_int_literal(expected, *value, *span) {
                    self.failed = true;
                }
                TPat::Literal(Literal::Int(*value))
            }
            Pattern::Bool(value, span) => {
                if !self.sema.check_bool_literal(expected, *span) {
                    self.failed = true;
                }
                TPat::Literal(Literal::Bool(*value))
            }
            Pattern::Const(name) => {
                let id = self.resolve_const(name)?;
                let ty = self.sema.program.consts[id.0 as usize].ty;
                if ty != expected {
                    let (a, b) = (self.type_name(ty), self.type_name(expected));
                    self.err(Diagnostic::error(
                        name.span,
                        format!(
                            "constant `{}` has type `{a}` but a `{b}` is matched here",
                            name.name
                        ),
                    ));
                    return None;
                }
                TPat::Const(id)
            }
            Pattern::And(args, _) => {
                let mut slots = Vec::new();
                let first = work.len();
                for &arg in args {
                    let s = self.add_pat(TPat::Wildcard);
                    slots.push(s);
                    work.push(PatWork {
                        pat: arg,
                        expected,
                        slot: s,
                        env,
                        head: None,
                        swap: None,
                    });
                }
                work[first..].reverse();
                TPat::And(slots)
            }
            Pattern::Term { heads, args, span } => {
                if heads.len() > 1 && item.head.is_none() {
                    let choice = self.choice_point((pat, env, false), heads.len() as u32);
                    let mut alternatives = Vec::new();
                    for i in 0..heads.len() {
                        let s = self.add_pat(TPat::Wildcard);
                        alternatives.push(s);
                        work.push(PatWork {
                            pat,
                            expected,
                            slot: s,
                            env,
                            head: Some(i),
                            swap: None,
                        });
                    }
                    TPat::Choice {
                        alternatives,
                        choice,
                    }
                } else {
                    let head = &heads[item.head.unwrap_or(0)];
                    return self.term_pattern(item, head, args, *span, work);
                }
            }
        };
        Some((slot, node))
    }

    fn resolve_const(&mut self, name: &ast::Ident) -> Option<ConstId> {
        match self.sema.const_names.get(&name.name) {
            Some(&id) => Some(id),
            None => {
                self.err(
                    Diagnostic::error(name.span, format!("unknown constant `{}`", name.name))
                        .with_help(format!(
                            "define it with `(extern const {} Type)`",
                            name.name
                        )),
                );
                None
            }
        }
    }

    /// Types `(head args...)` in a pattern.
    fn term_pattern(
        &mut self,
        item: PatWork,
        head: &ast::Ident,
        args: &[PatId],
        span: Span,
        work: &mut Vec<PatWork>,
    ) -> Option<(TPatId, TPat)> {
        let PatWork {
            pat,
            expected,
            slot,
            env,
            ..
        } = item;
        let Some(&term) = self.sema.term_names.get(&head.name) else {
            let mut d = Diagnostic::error(head.span, format!("unknown term `{}`", head.name))
                .with_label("not declared");
            if let Some(close) = self
                .sema
                .similar_name(&head.name, self.sema.term_names.keys())
            {
                d = d.with_help(format!("a term with a similar name exists: `{close}`"));
            }
            self.err(d);
            return None;
        };
        let t = self.sema.program.term(term).clone();
        if t.ret != expected {
            // Wrap in the extractor of a conversion from the pattern's type.
            let Some(&(conv, _)) = self.sema.converts.get(&(t.ret, expected)) else {
                let (r, e) = (self.type_name(t.ret), self.type_name(expected));
                self.err(
                    Diagnostic::error(
                        span,
                        format!(
                            "type mismatch: `{}` matches a `{r}` but a `{e}` is matched here",
                            head.name
                        ),
                    )
                    .with_help(format!(
                        "add a conversion `(convert {r} {e} term)` whose term has an extractor"
                    )),
                );
                return None;
            };
            let conv_term = self.sema.program.term(conv).clone();
            return match &conv_term.kind {
                TermKind::Decl {
                    extractor: Some(Extractor::Extern { .. }),
                    ..
                } => {
                    let inner = self.add_pat(TPat::Wildcard);
                    work.push(PatWork {
                        expected: t.ret,
                        slot: inner,
                        ..item
                    });
                    Some((
                        slot,
                        TPat::Extract {
                            term: conv,
                            args: vec![inner],
                        },
                    ))
                }
                TermKind::Decl {
                    extractor: Some(Extractor::Macro),
                    ..
                } if !self.sema.cyclic_macros.contains(&conv) => {
                    let m = self.sema.macros[&conv];
                    self.envs.push(MacroEnv {
                        params: vec![(m.params[0].name.clone(), pat)],
                        outer: env,
                    });
                    work.push(PatWork {
                        pat: m.body,
                        expected,
                        slot,
                        env: Some(self.envs.len() - 1),
                        head: None,
                        swap: None,
                    });
                    None
                }
                _ => {
                    let (r, e) = (self.type_name(t.ret), self.type_name(expected));
                    self.err(
                        Diagnostic::error(
                            span,
                            format!(
                                "type mismatch: `{}` matches a `{r}` but a `{e}` is matched here",
                                head.name
                            ),
                        )
                        .with_secondary(
                            conv_term.span,
                            format!("the conversion term `{}` has no extractor", conv_term.name),
                        ),
                    );
                    None
                }
            };
        }
        if args.len() != t.args.len() {
            self.err(
                Diagnostic::error(
                    span,
                    format!(
                        "term `{}` has {} but the pattern gives {}",
                        t.name,
                        count(t.args.len(), "argument"),
                        args.len()
                    ),
                )
                .with_secondary(t.span, "declared here"),
            );
            return None;
        }
        // A commutative term matches its last two arguments in either order.
        if t.flags.commutative && item.swap.is_none() {
            let choice = self.choice_point((pat, env, true), 2);
            let mut alternatives = Vec::new();
            for swap in [false, true] {
                let s = self.add_pat(TPat::Wildcard);
                alternatives.push(s);
                work.push(PatWork {
                    slot: s,
                    head: Some(item.head.unwrap_or(0)),
                    swap: Some(swap),
                    ..item
                });
            }
            return Some((
                slot,
                TPat::Choice {
                    alternatives,
                    choice,
                },
            ));
        }
        let mut order: Vec<usize> = (0..args.len()).collect();
        if item.swap == Some(true) {
            let n = order.len();
            order.swap(n - 1, n - 2);
        }
        let node = match &t.kind {
            TermKind::Variant { ty, index } => {
                let slots = self.queue_args(args, &order, &t.args, env, work);
                TPat::Variant {
                    ty: *ty,
                    variant: *index,
                    args: slots,
                }
            }
            TermKind::Struct { ty } => {
                let slots = self.queue_args(args, &order, &t.args, env, work);
                TPat::Struct {
                    ty: *ty,
                    args: slots,
                }
            }
            TermKind::Decl {
                extractor: Some(Extractor::Extern { .. }),
                ..
            } => {
                let slots = self.queue_args(args, &order, &t.args, env, work);
                TPat::Extract { term, args: slots }
            }
            TermKind::Decl {
                extractor: Some(Extractor::Macro),
                ..
            } => {
                if self.sema.cyclic_macros.contains(&term) {
                    self.failed = true;
                    return None;
                }
                let m = self.sema.macros[&term];
                let params = m
                    .params
                    .iter()
                    .zip(&order)
                    .map(|(p, &i)| (p.name.clone(), args[i]))
                    .collect();
                self.envs.push(MacroEnv { params, outer: env });
                work.push(PatWork {
                    pat: m.body,
                    expected,
                    slot,
                    env: Some(self.envs.len() - 1),
                    head: None,
                    swap: None,
                });
                return None;
            }
            TermKind::Decl {
                extractor: None, ..
            } => {
                self.err(
                    Diagnostic::error(head.span, format!("term `{}` cannot be used in a pattern: it has no extractor", t.name))
                        .with_secondary(t.span, "declared here")
                        .with_help(format!(
                            "add `(extern extractor {} method)` or an `(extractor ({} ...) pattern)` macro",
                            t.name, t.name
                        )),
                );
                return None;
            }
        };
        Some((slot, node))
    }

    /// Queues argument patterns `args` (in `order`) against `types`.
    fn queue_args(
        &mut self,
        args: &[PatId],
        order: &[usize],
        types: &[TypeId],
        env: Option<usize>,
        work: &mut Vec<PatWork>,
    ) -> Vec<TPatId> {
        let mut slots = Vec::with_capacity(args.len());
        for (position, &source) in order.iter().enumerate() {
            let s = self.add_pat(TPat::Wildcard);
            slots.push(s);
            work.push(PatWork {
                pat: args[source],
                expected: types[position],
                slot: s,
                env,
                head: None,
                swap: None,
            });
        }
        // Children are popped last-first; queue so the first is typed first.
        let n = work.len();
        work[n - args.len()..].reverse();
        slots
    }

    /// Types a root expression. With `expected == None` the type is inferred
    /// from the expression's head.
    fn check_root_expr(
        &mut self,
        root: ExprId,
        expected: Option<TypeId>,
        context: ExprContext,
    ) -> Option<(TExprId, TypeId)> {
        let expected = match expected {
            Some(ty) => ty,
            None => self.infer_expr_type(root)?,
        };
        let slot = self.add_expr(TExpr::Int(0));
        let mut work = vec![(root, expected, slot, None::<usize>)];
        while let Some((expr, expected, slot, scope)) = work.pop() {
            if let Some(node) = self.expr_node(expr, expected, scope, context, &mut work) {
                self.exprs[slot.0 as usize] = node;
            }
        }
        Some((slot, expected))
    }

    /// The type an expression has on its own (for `if-let` right-hand sides).
    fn infer_expr_type(&mut self, expr: ExprId) -> Option<TypeId> {
        let ast = self.sema.ast;
        match ast.expr(expr) {
            ast::Expr::Call { head, .. } => match self.sema.term_names.get(&head.name) {
                Some(&t) => Some(self.sema.program.term(t).ret),
                None => {
                    self.err(
                        Diagnostic::error(head.span, format!("unknown term `{}`", head.name))
                            .with_label("not declared"),
                    );
                    None
                }
            },
            ast::Expr::Var(name) => match self.var_names.get(&name.name) {
                Some(&(var, _)) => Some(self.vars[var.0 as usize].ty),
                None => {
                    self.unknown_variable(name);
                    None
                }
            },
            ast::Expr::Const(name) => {
                let id = self.resolve_const(name)?;
                Some(self.sema.program.consts[id.0 as usize].ty)
            }
            ast::Expr::Bool(..) => self.sema.type_names.get("bool").copied(),
            ast::Expr::Let { span, .. } => {
                self.err(
                    Diagnostic::error(*span, "`let` cannot be used in a clause")
                        .with_help("bind values with `if-let` instead"),
                );
                None
            }
            ast::Expr::Int(_, span) => {
                self.err(
                    Diagnostic::error(*span, "cannot tell the type of this expression")
                        .with_help("use a term call or a variable here"),
                );
                None
            }
        }
    }

    /// Looks `name` up among `let` variables, then pattern variables.
    fn lookup_var(&self, name: &str, scope: Option<usize>) -> Option<(TExpr, TypeId)> {
        let mut cursor = scope;
        while let Some(s) = cursor {
            let entry = &self.scopes[s];
            if entry.name == name {
                return Some((TExpr::Local(entry.local), entry.ty));
            }
            cursor = entry.parent;
        }
        self.var_names
            .get(name)
            .map(|&(var, _)| (TExpr::Var(var), self.vars[var.0 as usize].ty))
    }

    /// Types one expression node, queueing its children.
    fn expr_node(
        &mut self,
        expr: ExprId,
        expected: TypeId,
        scope: Option<usize>,
        context: ExprContext,
        work: &mut Vec<(ExprId, TypeId, TExprId, Option<usize>)>,
    ) -> Option<TExpr> {
        let ast = self.sema.ast;
        let span = ast.expr(expr).span();
        let (node, actual) = match ast.expr(expr) {
            ast::Expr::Int(value, span) => {
                if !self.sema.check_int_literal(expected, *value, *span) {
                    self.failed = true;
                }
                (TExpr::Int(*value), expected)
            }
            ast::Expr::Bool(value, span) => {
                if !self.sema.check_bool_literal(expected, *span) {
                    self.failed = true;
                }
                (TExpr::Bool(*value), expected)
            }
            ast::Expr::Const(name) => {
                let id = self.resolve_const(name)?;
                (TExpr::Const(id), self.sema.program.consts[id.0 as usize].ty)
            }
            ast::Expr::Var(name) => match self.lookup_var(&name.name, scope) {
                Some(found) => found,
                None => {
                    self.unknown_variable(name);
                    return None;
                }
            },
            ast::Expr::Let { binds, body, span } => {
                if context == ExprContext::Clause {
                    self.err(
                        Diagnostic::error(*span, "`let` cannot be used in a clause")
                            .with_help("bind values with `if-let` instead"),
                    );
                    return None;
                }
                let mut current = scope;
                let mut locals = Vec::new();
                let first = work.len();
                for bind in binds {
                    let ty = self.sema.resolve_type(&bind.ty);
                    let Some(ty) = ty else {
                        self.failed = true;
                        return None;
                    };
                    let value_slot = self.add_expr(TExpr::Int(0));
                    work.push((bind.value, ty, value_slot, current));
                    let local = LocalId(self.num_locals);
                    self.num_locals += 1;
                    self.scopes.push(Scope {
                        name: bind.name.name.clone(),
                        local,
                        ty,
                        parent: current,
                    });
                    current = Some(self.scopes.len() - 1);
                    locals.push((local, value_slot));
                }
                let body_slot = self.add_expr(TExpr::Int(0));
                work.push((*body, expected, body_slot, current));
                // Type the values, then the body, in source order.
                work[first..].reverse();
                return Some(TExpr::Let {
                    binds: locals,
                    body: body_slot,
                });
            }
            ast::Expr::Call { head, args, span } => {
                let term = self.constructor_term(head, context)?;
                let t = self.sema.program.term(term).clone();
                if args.len() != t.args.len() {
                    self.err(
                        Diagnostic::error(
                            *span,
                            format!(
                                "term `{}` takes {} but {} given",
                                t.name,
                                count(t.args.len(), "argument"),
                                if args.len() == 1 {
                                    "1 is".to_string()
                                } else {
                                    format!("{} are", args.len())
                                }
                            ),
                        )
                        .with_secondary(t.span, "declared here"),
                    );
                    return None;
                }
                let mut slots = Vec::new();
                let first = work.len();
                for (&arg, &ty) in args.iter().zip(&t.args) {
                    let s = self.add_expr(TExpr::Int(0));
                    slots.push(s);
                    work.push((arg, ty, s, scope));
                }
                // Type the arguments left to right (errors in source order).
                work[first..].reverse();
                (TExpr::Call { term, args: slots }, t.ret)
            }
        };
        if actual == expected {
            return Some(node);
        }
        let convertible = self.sema.converts.get(&(actual, expected)).map(|&(t, _)| t);
        let has_constructor = convertible.is_some_and(|conv| {
            matches!(
                self.sema.program.term(conv).kind,
                TermKind::Decl {
                    constructor: Some(_),
                    ..
                }
            )
        });
        match convertible {
            Some(conv) if has_constructor => {
                if context == ExprContext::Clause && !self.sema.program.term(conv).flags.pure {
                    let name = self.sema.program.term(conv).name.clone();
                    self.err(Diagnostic::error(span, format!("the conversion here calls `{name}`, which is not `pure`; clauses may only call pure terms")));
                    return None;
                }
                let inner = self.add_expr(node);
                Some(TExpr::Call {
                    term: conv,
                    args: vec![inner],
                })
            }
            _ => {
                let (a, e) = (self.type_name(actual), self.type_name(expected));
                self.err(
                    Diagnostic::error(span, format!("type mismatch: expected `{e}`, found `{a}`"))
                        .with_help(format!(
                            "add a conversion `(convert {a} {e} term)` whose term has a constructor"
                        )),
                );
                None
            }
        }
    }

    /// Reports an unknown variable, unless an earlier error in this rule
    /// (a pattern that failed to check) may be why it is unknown.
    fn unknown_variable(&mut self, name: &ast::Ident) {
        if self.failed {
            return;
        }
        let mut d = Diagnostic::error(name.span, format!("unknown variable `{}`", name.name))
            .with_label("not bound by the pattern, a clause or a `let`");
        if self.sema.term_names.contains_key(&name.name) {
            d = d.with_help(format!(
                "to call term `{}`, write `({})`",
                name.name, name.name
            ));
        }
        self.err(d);
    }

    /// Resolves a term called in an expression and checks it may be called here.
    fn constructor_term(&mut self, head: &ast::Ident, context: ExprContext) -> Option<TermId> {
        let Some(&term) = self.sema.term_names.get(&head.name) else {
            let mut d = Diagnostic::error(head.span, format!("unknown term `{}`", head.name))
                .with_label("not declared");
            if let Some(close) = self
                .sema
                .similar_name(&head.name, self.sema.term_names.keys())
            {
                d = d.with_help(format!("a term with a similar name exists: `{close}`"));
            }
            self.err(d);
            return None;
        };
        let t = self.sema.program.term(term).clone();
        if let TermKind::Decl {
            constructor: None, ..
        } = t.kind
        {
            self.err(
                Diagnostic::error(
                    head.span,
                    format!("term `{}` cannot be called: it has no constructor", t.name),
                )
                .with_secondary(t.span, "declared here")
                .with_help(format!(
                    "add `(extern constructor {} method)` or rules for it",
                    t.name
                )),
            );
            return None;
        }
        match context {
            ExprContext::Clause if !t.flags.pure => {
                self.err(
                    Diagnostic::error(
                        head.span,
                        format!(
                            "term `{}` is not `pure`; clauses may only call pure terms",
                            t.name
                        ),
                    )
                    .with_secondary(t.span, "declared here")
                    .with_help(format!(
                        "if it has no side effects, declare it `(decl pure {} ...)`",
                        t.name
                    )),
                );
                None
            }
            ExprContext::Rhs { multi_rule: false } if t.flags.multi => {
                self.err(
                    Diagnostic::error(
                        head.span,
                        format!(
                            "multi term `{}` can only be called by the rules of a multi term",
                            t.name
                        ),
                    )
                    .with_secondary(t.span, "declared here"),
                );
                None
            }
            _ => Some(term),
        }
    }
}
