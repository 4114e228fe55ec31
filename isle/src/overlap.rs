//! Static checks between rules of one term: overlap and shadowing.
//!
//! Two rules *overlap* if some input could satisfy both. We can only prove
//! that they do not when one requires a value to be a literal or enum variant
//! and the other requires the same value (same binding) to be a different
//! one; fallible extractors, `if-let` clauses and equalities are assumed to
//! possibly pass. Overlapping rules of the same priority are an error: which
//! one fires would depend on the order of the source, so the author must say
//! (with a priority) or make the patterns disjoint.
//!
//! A rule is *shadowed* if a rule of higher priority always matches first:
//! every test of the higher rule is also a test of the lower one, and the
//! higher rule cannot fail after matching (its right-hand side calls no
//! partial constructor, it does not loop over a multi term). A shadowed rule
//! can never fire; that is an error too. Both checks assume extractors are
//! deterministic (the same input gives the same result), as rules must.
//!
//! `multi` terms are exempt: all their matching rules fire, so neither
//! overlap nor priority order matters.
//!
//! Commutative terms and alternatives give a rule several variants; a rule
//! is reported once per partner rule, and its own variants are never
//! compared with each other.

use std::collections::BTreeSet;

use crate::diagnostics::Diagnostic;
use crate::program::*;

/// One variant prepared for comparison.
struct Prepared {
    rule: RuleId,
    priority: i64,
    /// Exclusive tests `(binding, value)`, sorted.
    exclusive: Vec<(BindingId, ExclusiveValue)>,
    /// All steps, sorted.
    steps: Vec<Step>,
    /// Always produces a result once its steps pass.
    infallible: bool,
}

/// Checks every term's rules; returns the errors found.
pub fn check(program: &Program) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (index, rules) in program.term_rules.iter().enumerate() {
        let term = program.term(TermId(index as u32));
        if rules.variants.is_empty() || term.flags.multi {
            continue;
        }
        let prepared: Vec<Prepared> = rules
            .variants
            .iter()
            .map(|v| {
                let mut exclusive: Vec<_> =
                    v.steps.iter().filter_map(Step::exclusive_key).collect();
                exclusive.sort();
                let mut steps = v.steps.clone();
                steps.sort();
                Prepared {
                    rule: v.rule,
                    priority: program.rule(v.rule).priority,
                    exclusive,
                    infallible: !v.rhs_fallible
                        && !steps.iter().any(|s| matches!(s, Step::Iterate { .. })),
                    steps,
                }
            })
            .collect();
        check_overlaps(program, &term.name, &prepared, &mut errors);
        check_shadowing(program, &term.name, &prepared, &mut errors);
    }
    errors
}

/// True if some binding is required to hold two different values.
fn disjoint(a: &[(BindingId, ExclusiveValue)], b: &[(BindingId, ExclusiveValue)]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (ba, va) = a[i];
        let (bb, vb) = b[j];
        if ba < bb {
            i += 1;
        } else if bb < ba {
            j += 1;
        } else {
            if va != vb {
                return true;
            }
            i += 1;
            j += 1;
        }
    }
    false
}

/// True if every element of sorted `small` is in sorted `big`.
fn is_subset(small: &[Step], big: &[Step]) -> bool {
    let mut j = 0;
    for step in small {
        while j < big.len() && big[j] < *step {
            j += 1;
        }
        if j == big.len() || big[j] != *step {
            return false;
        }
        j += 1;
    }
    true
}

fn check_overlaps(
    program: &Program,
    term: &str,
    variants: &[Prepared],
    errors: &mut Vec<Diagnostic>,
) {
    let mut reported: BTreeSet<(RuleId, RuleId)> = BTreeSet::new();
    for (i, a) in variants.iter().enumerate() {
        for b in &variants[i + 1..] {
            if a.rule == b.rule || a.priority != b.priority {
                continue;
            }
            let pair = (a.rule.min(b.rule), a.rule.max(b.rule));
            if reported.contains(&pair) || disjoint(&a.exclusive, &b.exclusive) {
                continue;
            }
            reported.insert(pair);
            let (first, second) = (program.rule(pair.0), program.rule(pair.1));
            errors.push(
                Diagnostic::error(
                    second.span,
                    format!(
                        "rules `{}` and `{}` overlap",
                        first.label(term),
                        second.label(term)
                    ),
                )
                .with_label(format!(
                    "both can match the same input at priority {}",
                    second.priority
                ))
                .with_secondary(first.span, format!("`{}` is here", first.label(term)))
                .with_help("give one of them a higher priority, or make their patterns disjoint"),
            );
        }
    }
}

fn check_shadowing(
    program: &Program,
    term: &str,
    variants: &[Prepared],
    errors: &mut Vec<Diagnostic>,
) {
    // Rules in order of first appearance, each with its variants.
    let mut rules: Vec<RuleId> = variants.iter().map(|v| v.rule).collect();
    rules.sort();
    rules.dedup();
    for low in rules {
        let mut shadower = None;
        let mut all_shadowed = true;
        for v in variants.iter().filter(|v| v.rule == low) {
            let found = variants
                .iter()
                .filter(|h| h.rule != low && h.priority > v.priority && h.infallible)
                .find(|h| is_subset(&h.steps, &v.steps));
            match found {
                Some(h) => {
                    shadower.get_or_insert(h.rule);
                }
                None => {
                    all_shadowed = false;
                    break;
                }
            }
        }
        let Some(high) = shadower.filter(|_| all_shadowed) else {
            continue;
        };
        let (low, high) = (program.rule(low), program.rule(high));
        errors.push(
            Diagnostic::error(
                low.span,
                format!("rule `{}` can never fire", low.label(term)),
            )
            .with_label(format!(
                "rule `{}` (priority {}) always matches first",
                high.label(term),
                high.priority
            ))
            .with_secondary(high.span, format!("`{}` is here", high.label(term)))
            .with_help("remove the rule, or give it a priority above the other one"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(b: u32, v: i128) -> (BindingId, ExclusiveValue) {
        (BindingId(b), ExclusiveValue::Literal(Literal::Int(v)))
    }

    #[test]
    fn disjoint_needs_one_binding_with_two_values() {
        assert!(disjoint(&[lit(0, 1)], &[lit(0, 2)]));
        assert!(!disjoint(&[lit(0, 1)], &[lit(0, 1)]));
        assert!(!disjoint(&[lit(0, 1)], &[lit(1, 2)]));
        assert!(disjoint(&[lit(0, 1), lit(3, 4)], &[lit(1, 2), lit(3, 5)]));
        assert!(!disjoint(&[], &[lit(1, 2)]));
    }

    fn messages(text: &str) -> Vec<String> {
        match crate::check_sources(&[("t.isle".to_string(), text.to_string())]) {
            Ok(()) => Vec::new(),
            Err(d) => d.list.into_iter().map(|d| d.message).collect(),
        }
    }

    #[test]
    fn overlap_and_shadowing_are_found() {
        let base = "(type E (enum A B)) (decl f (E u8) u8)";
        assert_eq!(
            messages(&format!("{base} (rule a (f (E.A) _) 0) (rule b (f _ 1) 1)")),
            vec!["rules `a` and `b` overlap"]
        );
        assert_eq!(
            messages(&format!(
                "{base} (rule a (f (E.A) _) 0) (rule b (f (E.B) 1) 1)"
            )),
            Vec::<String>::new()
        );
        assert_eq!(
            messages(&format!(
                "{base} (rule a 1 (f (E.A) _) 0) (rule b (f (E.A) 1) 1)"
            )),
            vec!["rule `b` can never fire"]
        );
    }

    #[test]
    fn fallible_rules_multi_terms_and_own_variants_are_exempt() {
        // A higher rule that may fail after matching does not shadow.
        let partial = "(decl pure partial p (u8) u8) (extern constructor p p)
            (decl f (u8) u8) (rule 1 (f x) (p x)) (rule 0 (f x) x)";
        assert!(messages(partial).is_empty(), "{:?}", messages(partial));
        // All rules of a multi term fire: overlap is fine.
        assert!(messages("(decl multi m (u8) u8) (rule (m x) x) (rule (m x) 1)").is_empty());
        // The two variants of a commutative rule overlap each other only.
        let commutative = "(decl commutative c (u8 u8) u8) (extern extractor c c)
            (decl f (u8) u8) (rule (f (c x 1)) x)";
        assert!(
            messages(commutative).is_empty(),
            "{:?}",
            messages(commutative)
        );
    }

    #[test]
    fn subset_of_sorted_steps() {
        let s = |b: u32| Step::MatchSome { call: BindingId(b) };
        assert!(is_subset(&[], &[s(1)]));
        assert!(is_subset(&[s(1), s(3)], &[s(1), s(2), s(3)]));
        assert!(!is_subset(&[s(1), s(4)], &[s(1), s(2), s(3)]));
    }
}
