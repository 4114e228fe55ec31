//! The decision trie of one term: all its rules merged into one tree of
//! tests, so matching cost follows the tests, not the number of rules.
//!
//! A node holds an ordered list of items; an item is either a rule's leaf
//! (all its tests passed: evaluate its right-hand side) or a branch (one
//! test, then a child node). At run time the items of a node are tried in
//! order; a failing test or right-hand side moves on to the next item.
//!
//! Construction: rule variants are inserted one by one in priority order
//! (highest first). A variant walks down from the root; at each node it
//! looks backwards through the items for a branch with its next test. It may
//! step over a branch whose test *excludes* its own (the same value required
//! to be a different literal or variant): no input reaches both, so their
//! order does not matter. Any other item stops the search, and a new branch
//! is appended. This shares tests between rules (no test is repeated on one
//! path, since a variant's steps are distinct) while keeping, for every
//! input, the rules it can match in priority order.
//!
//! Within one priority the variants are sorted by their steps first, so
//! rules with a common prefix of tests end up next to each other. That is
//! safe because rules of one priority cannot overlap (the overlap check
//! rejects them) except variants of the same rule, which are equivalent.

use crate::program::*;

/// Index of a node in [`Trie::nodes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeId(pub u32);

/// The decision trie of one term.
#[derive(Clone, Debug)]
pub struct Trie {
    /// The nodes; the root is node 0.
    pub nodes: Vec<Node>,
}

/// A node: items tried in order.
#[derive(Clone, Debug, Default)]
pub struct Node {
    /// The items.
    pub items: Vec<Item>,
}

/// An entry of a node.
#[derive(Clone, Debug)]
pub enum Item {
    /// All tests of variant `TermRules::variants[index]` passed.
    Leaf(usize),
    /// Take `step`; if it passes, try `child`.
    Branch {
        /// The test.
        step: Step,
        /// What to try once it passed.
        child: NodeId,
    },
}

impl Trie {
    /// The root node.
    pub const ROOT: NodeId = NodeId(0);

    /// The node `id`.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }
}

/// Builds the trie of a term's rules.
pub fn build(program: &Program, rules: &TermRules, multi: bool) -> Trie {
    let mut order: Vec<usize> = (0..rules.variants.len()).collect();
    let priority = |i: usize| program.rule(rules.variants[i].rule).priority;
    if multi {
        // All rules fire: keep source order within a priority.
        order.sort_by_key(|&i| (std::cmp::Reverse(priority(i)), i));
    } else {
        order.sort_by(|&a, &b| {
            priority(b)
                .cmp(&priority(a))
                .then_with(|| rules.variants[a].steps.cmp(&rules.variants[b].steps))
                .then(a.cmp(&b))
        });
    }
    let mut trie = Trie {
        nodes: vec![Node::default()],
    };
    for index in order {
        let variant = &rules.variants[index];
        let mut node = Trie::ROOT;
        for step in &variant.steps {
            node = trie.child_for(node, step);
        }
        let items = &mut trie.nodes[node.0 as usize].items;
        // A leaf after a leaf that always succeeds is unreachable: only
        // variants of one rule get here (other rules would be shadowed,
        // which the overlap check reports), so dropping it loses nothing.
        let blocked = !multi
            && items.last().is_some_and(|item| match item {
                Item::Leaf(previous) => !rules.variants[*previous].rhs_fallible,
                Item::Branch { .. } => false,
            });
        if !blocked {
            items.push(Item::Leaf(index));
        }
    }
    trie
}

impl Trie {
    /// The child of `node` reached by `step`: an existing branch found by
    /// the backward search described in the module docs, or a new one.
    fn child_for(&mut self, node: NodeId, step: &Step) -> NodeId {
        for item in self.nodes[node.0 as usize].items.iter().rev() {
            match item {
                Item::Branch { step: s, child } if s == step => return *child,
                Item::Branch { step: s, .. } if s.excludes(step) => continue,
                _ => break,
            }
        }
        let child = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node::default());
        self.nodes[node.0 as usize].items.push(Item::Branch {
            step: step.clone(),
            child,
        });
        child
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{FileId, Span};

    fn program_with(priorities: &[i64]) -> Program {
        let span = Span::new(FileId(0), 0, 0);
        Program {
            rules: priorities
                .iter()
                .map(|&priority| RuleInfo {
                    term: TermId(0),
                    name: None,
                    priority,
                    span,
                    location: String::new(),
                    exprs: Vec::new(),
                    rhs: TExprId(0),
                    num_locals: 0,
                })
                .collect(),
            ..Program::default()
        }
    }

    fn variant(rule: u32, steps: Vec<Step>) -> RuleVariant {
        RuleVariant {
            rule: RuleId(rule),
            steps,
            vars: Vec::new(),
            rhs_fallible: false,
        }
    }

    fn is_variant(v: u32) -> Step {
        Step::MatchVariant {
            input: BindingId(0),
            ty: TypeId(0),
            variant: v,
        }
    }

    fn some(b: u32) -> Step {
        Step::MatchSome { call: BindingId(b) }
    }

    #[test]
    fn exclusive_tests_share_a_switch_across_priorities() {
        // Rule 0 (prio 1): variant 0 then some(5); rule 1 (prio 1): variant 1;
        // rule 2 (prio 0): variant 0 only. Rule 2 joins rule 0's branch,
        // stepping over the exclusive variant-1 branch.
        let program = program_with(&[1, 1, 0]);
        let rules = TermRules {
            bindings: BindingTable::default(),
            variants: vec![
                variant(0, vec![is_variant(0), some(5)]),
                variant(1, vec![is_variant(1)]),
                variant(2, vec![is_variant(0)]),
            ],
        };
        let trie = build(&program, &rules, false);
        let root = trie.node(Trie::ROOT);
        assert_eq!(root.items.len(), 2);
        let Item::Branch { child, .. } = &root.items[0] else {
            panic!("expected a branch")
        };
        let items = &trie.node(*child).items;
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(matches!(items[0], Item::Branch { .. }));
        assert!(matches!(items[1], Item::Leaf(2)));
    }

    #[test]
    fn non_exclusive_tests_keep_priority_order() {
        // some(1) then some(2) at prio 1, some(1) again at prio 0: the last
        // cannot jump over the some(2) branch.
        let program = program_with(&[1, 1, 0]);
        let rules = TermRules {
            bindings: BindingTable::default(),
            variants: vec![
                variant(0, vec![some(1)]),
                variant(1, vec![some(2)]),
                variant(2, vec![some(1), some(3)]),
            ],
        };
        let trie = build(&program, &rules, false);
        assert_eq!(trie.node(Trie::ROOT).items.len(), 3);
    }

    #[test]
    fn a_leaf_after_an_infallible_leaf_is_dropped() {
        let program = program_with(&[0]);
        let rules = TermRules {
            bindings: BindingTable::default(),
            variants: vec![variant(0, vec![]), variant(0, vec![])],
        };
        let trie = build(&program, &rules, false);
        assert_eq!(trie.node(Trie::ROOT).items.len(), 1);
    }
}
