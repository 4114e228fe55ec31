//! Lowering checked rules to [`RuleVariant`]s: straight lists of steps over
//! hash-consed bindings.
//!
//! A rule with choice points (commutative terms, `(a|b ...)` alternatives)
//! is lowered once per combination of choices; identical variants (a
//! symmetric pattern such as `(iadd x x)`) are kept once. Patterns are
//! walked in pre-order, left to right, with an explicit stack, then the
//! clauses in order: that order is the order the tests are taken at run time.
//!
//! A variant whose tests contradict each other (one value required to be two
//! different literals or variants) can never match; it is dropped, and if
//! every variant of a rule is dropped that is an error.

use std::collections::{HashMap, HashSet};

use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::program::*;

use super::Sema;
use super::rules::{CheckedRule, TPat, TPatId};

/// Most variants one rule may have.
const MAX_VARIANTS: u64 = 256;

/// Why a variant was dropped.
enum Dropped {
    /// Two tests contradict each other.
    Contradiction,
    /// A variable is bound in some alternatives only.
    Unbound(VarId),
}

/// Lowers one variant of a rule.
struct VariantLowering<'p> {
    terms: &'p [Term],
    rule: &'p CheckedRule,
    choices: &'p [u32],
    bindings: &'p mut BindingTable,
    steps: Vec<Step>,
    seen_steps: HashSet<Step>,
    exclusive: HashMap<BindingId, ExclusiveValue>,
    vars: Vec<Option<BindingId>>,
    contradiction: bool,
}

impl Sema<'_> {
    /// Lowers a checked rule into the variants of its term.
    pub(super) fn lower_rule(&mut self, rule: &ast::Rule, checked: CheckedRule) {
        let total = checked.choice_sizes.iter().try_fold(1u64, |acc, &n| {
            acc.checked_mul(n as u64).filter(|&t| t <= MAX_VARIANTS)
        });
        let Some(_) = total else {
            self.errors.push(
                Diagnostic::error(
                    rule.span,
                    format!("this rule has more than {MAX_VARIANTS} variants"),
                )
                .with_label("commutative terms and alternatives multiply")
                .with_help("split it into several rules"),
            );
            return;
        };
        let rule_id = RuleId(self.program.rules.len() as u32);
        let term = checked.term;
        let mut table = std::mem::take(&mut self.program.term_rules[term.0 as usize]);
        let mut seen: HashSet<(Vec<Step>, Vec<BindingId>)> = HashSet::new();
        let mut variants = Vec::new();
        let mut first_drop = None;
        let rhs_fallible = rhs_can_fail(&checked, &self.program.terms);
        let mut choices = vec![0u32; checked.choice_sizes.len()];
        loop {
            let lowering = VariantLowering {
                terms: &self.program.terms,
                rule: &checked,
                choices: &choices,
                bindings: &mut table.bindings,
                steps: Vec::new(),
                seen_steps: HashSet::new(),
                exclusive: HashMap::new(),
                vars: vec![None; checked.vars.len()],
                contradiction: false,
            };
            match lowering.lower() {
                Ok((steps, vars)) => {
                    if seen.insert((steps.clone(), vars.clone())) {
                        variants.push(RuleVariant {
                            rule: rule_id,
                            steps,
                            vars,
                            rhs_fallible,
                        });
                    }
                }
                Err(why) => {
                    first_drop.get_or_insert(why);
                }
            }
            // Next combination (mixed radix), or done.
            let mut i = 0;
            while i < choices.len() {
                choices[i] += 1;
                if choices[i] < checked.choice_sizes[i] {
                    break;
                }
                choices[i] = 0;
                i += 1;
            }
            if i == choices.len() {
                break;
            }
        }
        let error = match first_drop {
            // The right-hand side needs every variable, in every variant.
            Some(Dropped::Unbound(var)) => Some(
                Diagnostic::error(
                    rule.span,
                    format!(
                        "variable `{}` is not bound in every alternative of this rule",
                        checked.vars[var.0 as usize].name
                    ),
                )
                .with_help("every alternative of `(a|b ...)` must bind the same variables"),
            ),
            Some(Dropped::Contradiction) if variants.is_empty() => Some(
                Diagnostic::error(rule.span, "this rule can never match")
                    .with_label("its pattern requires one value to be two different things")
                    .with_help("remove the rule or fix the contradicting literals or variants"),
            ),
            _ => None,
        };
        if let Some(error) = error {
            self.errors.push(error);
            self.program.term_rules[term.0 as usize] = table;
            return;
        }
        table.variants.extend(variants);
        self.program.term_rules[term.0 as usize] = table;
        self.program.rules.push(RuleInfo {
            term,
            name: rule.name.as_ref().map(|n| n.name.clone()),
            priority: rule.priority,
            span: rule.span,
            location: self.sources.file_line(rule.span),
            exprs: checked.exprs,
            rhs: checked.rhs,
            num_locals: checked.num_locals,
        });
    }
}

/// True if the right-hand side calls a partial constructor.
fn rhs_can_fail(rule: &CheckedRule, terms: &[Term]) -> bool {
    let mut work = vec![rule.rhs];
    while let Some(e) = work.pop() {
        match &rule.exprs[e.0 as usize] {
            TExpr::Call { term, args } => {
                if terms[term.0 as usize].constructor_outcome() == Outcome::Maybe {
                    return true;
                }
                work.extend(args.iter().copied());
            }
            TExpr::Let { binds, body } => {
                work.extend(binds.iter().map(|&(_, v)| v));
                work.push(*body);
            }
            _ => {}
        }
    }
    false
}

impl VariantLowering<'_> {
    fn lower(mut self) -> Result<(Vec<Step>, Vec<BindingId>), Dropped> {
        let rule = self.rule;
        let n = rule.root_args.len();
        let swap = rule
            .root_swap
            .is_some_and(|c| self.choices[c as usize] == 1);
        for (i, &arg) in rule.root_args.iter().enumerate() {
            let index = match i {
                _ if !swap => i,
                i if i == n - 1 => n - 2,
                i if i == n - 2 => n - 1,
                i => i,
            };
            let b = self.bindings.intern(Binding::Arg(index as u32));
            self.pattern(arg, b);
        }
        for clause in &rule.clauses {
            let value = self.expr(clause.expr);
            if let Some(pattern) = clause.pattern {
                self.pattern(pattern, value);
            }
        }
        if self.contradiction {
            return Err(Dropped::Contradiction);
        }
        let mut vars = Vec::with_capacity(self.vars.len());
        for (i, v) in self.vars.iter().enumerate() {
            match v {
                Some(b) => vars.push(*b),
                None => return Err(Dropped::Unbound(VarId(i as u32))),
            }
        }
        Ok((self.steps, vars))
    }

    fn step(&mut self, step: Step) {
        if let Some((binding, value)) = step.exclusive_key() {
            match self.exclusive.get(&binding) {
                Some(&existing) if existing != value => self.contradiction = true,
                _ => {
                    self.exclusive.insert(binding, value);
                }
            }
        }
        if self.seen_steps.insert(step.clone()) {
            self.steps.push(step);
        }
    }

    fn bind_var(&mut self, var: VarId, b: BindingId) {
        match self.vars[var.0 as usize] {
            None => self.vars[var.0 as usize] = Some(b),
            Some(a) if a != b => self.step(Step::Equal {
                a: a.min(b),
                b: a.max(b),
            }),
            Some(_) => {}
        }
    }

    /// The value a call produces once it succeeded, adding the step that
    /// tests (or loops over) it.
    fn call_value(&mut self, call: BindingId, outcome: Outcome) -> BindingId {
        match outcome {
            Outcome::Value => call,
            Outcome::Maybe => {
                self.step(Step::MatchSome { call });
                self.bindings.intern(Binding::Payload(call))
            }
            Outcome::Many => {
                self.step(Step::Iterate { call });
                self.bindings.intern(Binding::Payload(call))
            }
        }
    }

    /// Lowers pattern `root` matched against binding `value`.
    fn pattern(&mut self, root: TPatId, value: BindingId) {
        let rule = self.rule;
        let mut work = vec![(root, value)];
        while let Some((p, b)) = work.pop() {
            let start = work.len();
            match rule.pat(p) {
                TPat::Wildcard => {}
                TPat::Var(var) => self.bind_var(*var, b),
                TPat::Bind { var, sub } => {
                    self.bind_var(*var, b);
                    work.push((*sub, b));
                }
                TPat::Literal(literal) => self.step(Step::MatchLiteral {
                    input: b,
                    literal: *literal,
                }),
                TPat::Const(constant) => self.step(Step::MatchConst {
                    input: b,
                    constant: *constant,
                }),
                TPat::And(subs) => work.extend(subs.iter().map(|&s| (s, b))),
                TPat::Variant { ty, variant, args } => {
                    self.step(Step::MatchVariant {
                        input: b,
                        ty: *ty,
                        variant: *variant,
                    });
                    for (i, &arg) in args.iter().enumerate() {
                        let field = self.bindings.intern(Binding::VariantField {
                            input: b,
                            ty: *ty,
                            variant: *variant,
                            field: i as u32,
                        });
                        work.push((arg, field));
                    }
                }
                TPat::Struct { ty, args } => {
                    for (i, &arg) in args.iter().enumerate() {
                        let field = self.bindings.intern(Binding::StructField {
                            input: b,
                            ty: *ty,
                            field: i as u32,
                        });
                        work.push((arg, field));
                    }
                }
                TPat::Extract { term, args } => {
                    let outcome = self.terms[term.0 as usize].extractor_outcome();
                    let call = self.bindings.intern(Binding::Extract {
                        term: *term,
                        input: b,
                    });
                    let result = self.call_value(call, outcome);
                    self.outputs(result, args, &mut work);
                }
                TPat::Choice {
                    alternatives,
                    choice,
                } => {
                    let picked = self.choices[*choice as usize] as usize;
                    work.push((alternatives[picked], b));
                }
            }
            // Children were pushed first-to-last; pop them first-to-last.
            work[start..].reverse();
        }
    }

    /// Queues the argument patterns of a call against its outputs: the value
    /// itself for one output, tuple elements for several.
    fn outputs(&mut self, result: BindingId, args: &[TPatId], work: &mut Vec<(TPatId, BindingId)>) {
        if let [arg] = args {
            work.push((*arg, result));
            return;
        }
        for (i, &arg) in args.iter().enumerate() {
            let elem = self.bindings.intern(Binding::TupleElem {
                input: result,
                index: i as u32,
            });
            work.push((arg, elem));
        }
    }

    /// Lowers a clause expression to the binding of its value (post-order,
    /// with an explicit stack), adding steps for fallible and multi calls.
    fn expr(&mut self, root: TExprId) -> BindingId {
        let rule = self.rule;
        let mut done: HashMap<TExprId, BindingId> = HashMap::new();
        let mut work = vec![(root, false)];
        while let Some((e, children_done)) = work.pop() {
            let binding = match rule.exprs.get(e.0 as usize) {
                Some(TExpr::Var(var)) => self.vars[var.0 as usize].unwrap_or_else(|| {
                    self.bindings.intern(Binding::Literal(Literal::Bool(false)))
                }),
                Some(TExpr::Int(v)) => self.bindings.intern(Binding::Literal(Literal::Int(*v))),
                Some(TExpr::Bool(v)) => self.bindings.intern(Binding::Literal(Literal::Bool(*v))),
                Some(TExpr::Const(c)) => self.bindings.intern(Binding::Const(*c)),
                Some(TExpr::Call { term, args }) => {
                    if !children_done {
                        work.push((e, true));
                        work.extend(args.iter().rev().map(|&a| (a, false)));
                        continue;
                    }
                    let args = args.iter().map(|a| done[a]).collect();
                    let call = self
                        .bindings
                        .intern(Binding::Construct { term: *term, args });
                    let outcome = self.terms[term.0 as usize].constructor_outcome();
                    self.call_value(call, outcome)
                }
                // Sema rejects `let` in clauses and never produces dangling ids.
                Some(TExpr::Local(_)) | Some(TExpr::Let { .. }) | None => {
                    self.contradiction = true;
                    self.bindings.intern(Binding::Literal(Literal::Bool(false)))
                }
            };
            done.insert(e, binding);
        }
        done[&root]
    }
}
