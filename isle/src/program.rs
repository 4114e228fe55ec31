//! The checked program: resolved types and terms, and every rule lowered to
//! a straight-line list of tests ("steps") over shared values ("bindings").
//!
//! This is what sema produces and what the overlap check, the decision trie
//! and codegen consume.
//!
//! A [`Binding`] names a value computable while matching one term: an
//! argument, a field of an enum variant, the result of an extractor or pure
//! constructor call, an element of a tuple, ... Bindings are hash-consed per
//! term ([`BindingTable`]): two rules that compute the same value from the
//! same inputs get the same [`BindingId`]. That is what lets the trie share
//! tests between rules and the overlap check compare rules.
//!
//! A [`Step`] is a test on bindings that may fail (a variant match, a literal
//! comparison, a fallible call, an equality) or a loop over the results of a
//! multi term. A rule matches when all its steps pass, in order.
//!
//! Invariants: a binding's inputs have smaller ids than the binding; a step
//! only refers to bindings whose inputs are made available by earlier steps of
//! the same rule (sema lowers patterns in order, so this holds by construction).

use std::collections::HashMap;

use crate::ast::{ConstValue, DeclFlags};
use crate::diagnostics::Span;

/// Index of a type in [`Program::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// Index of a term in [`Program::terms`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TermId(pub u32);

/// Index of a rule in [`Program::rules`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(pub u32);

/// Index of a constant in [`Program::consts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConstId(pub u32);

/// Index of a binding in a [`BindingTable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BindingId(pub u32);

/// Index of a pattern variable of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VarId(pub u32);

/// Index of a `let` variable of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalId(pub u32);

/// Index of a node in [`RuleInfo::exprs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TExprId(pub u32);

/// The whole checked program.
#[derive(Clone, Debug, Default)]
pub struct Program {
    /// Every type, built-in ones first.
    pub types: Vec<Type>,
    /// Every term: declared ones, enum variants and struct constructors.
    pub terms: Vec<Term>,
    /// Every constant.
    pub consts: Vec<Const>,
    /// Every source rule.
    pub rules: Vec<RuleInfo>,
    /// The lowered rules of every term that has rules, by term id.
    pub term_rules: Vec<TermRules>,
}

impl Program {
    /// The type `id`.
    pub fn ty(&self, id: TypeId) -> &Type {
        &self.types[id.0 as usize]
    }

    /// The term `id`.
    pub fn term(&self, id: TermId) -> &Term {
        &self.terms[id.0 as usize]
    }

    /// The rule `id`.
    pub fn rule(&self, id: RuleId) -> &RuleInfo {
        &self.rules[id.0 as usize]
    }
}

/// A type.
#[derive(Clone, Debug)]
pub struct Type {
    /// The DSL name.
    pub name: String,
    /// Where it is defined (`None` for built-ins).
    pub span: Option<Span>,
    /// What it is.
    pub kind: TypeKind,
}

/// The kinds of types.
#[derive(Clone, Debug)]
pub enum TypeKind {
    /// An opaque Rust type, written by its Rust path.
    Primitive {
        /// The Rust path of the type.
        rust: String,
        /// What literals of this type look like, if it is a Rust integer or `bool`.
        literal: LiteralKind,
    },
    /// An enum.
    Enum {
        /// Its variants.
        variants: Vec<VariantInfo>,
        /// Defined in Rust elsewhere; not generated.
        is_extern: bool,
        /// The generated enum does not derive `Debug`.
        nodebug: bool,
    },
    /// A struct.
    Struct {
        /// Its fields.
        fields: Vec<FieldInfo>,
        /// The term constructing and destructuring it.
        term: TermId,
        /// Defined in Rust elsewhere; not generated.
        is_extern: bool,
        /// The generated struct does not derive `Debug`.
        nodebug: bool,
    },
}

/// Which literals a primitive type accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiteralKind {
    /// A Rust integer type with this inclusive range.
    Int {
        /// Smallest value.
        min: i128,
        /// Largest value.
        max: i128,
    },
    /// Rust `bool`.
    Bool,
    /// Any integer literal is passed through to Rust unchecked.
    Unchecked,
}

/// An enum variant.
#[derive(Clone, Debug)]
pub struct VariantInfo {
    /// The variant name.
    pub name: String,
    /// Its fields.
    pub fields: Vec<FieldInfo>,
    /// The term `Type.Variant`.
    pub term: TermId,
}

/// A field of a variant or struct.
#[derive(Clone, Debug)]
pub struct FieldInfo {
    /// The name; `None` for tuple-like fields.
    pub name: Option<String>,
    /// The type.
    pub ty: TypeId,
}

/// A term.
#[derive(Clone, Debug)]
pub struct Term {
    /// The DSL name (`Type.Variant` for variants).
    pub name: String,
    /// Where it is declared.
    pub span: Span,
    /// Argument types (the outputs when used as an extractor).
    pub args: Vec<TypeId>,
    /// Return type (the input when used as an extractor).
    pub ret: TypeId,
    /// Declaration flags.
    pub flags: DeclFlags,
    /// What implements it.
    pub kind: TermKind,
}

/// What a term is.
#[derive(Clone, Debug)]
pub enum TermKind {
    /// An enum variant: constructs and matches it.
    Variant {
        /// The enum.
        ty: TypeId,
        /// The variant's index.
        index: u32,
    },
    /// A struct: constructs and destructures it.
    Struct {
        /// The struct type.
        ty: TypeId,
    },
    /// A declared term.
    Decl {
        /// How it is constructed, if it is.
        constructor: Option<Constructor>,
        /// How it is matched, if it is.
        extractor: Option<Extractor>,
    },
}

/// The constructor of a declared term.
#[derive(Clone, Debug)]
pub enum Constructor {
    /// A `Context` method.
    Extern {
        /// The method name.
        rust_name: String,
        /// The `(extern constructor ...)` form.
        span: Span,
    },
    /// Defined by rules: a generated `constructor_<name>` function.
    Internal,
}

/// The extractor of a declared term.
#[derive(Clone, Debug)]
pub enum Extractor {
    /// A `Context` method.
    Extern {
        /// The method name.
        rust_name: String,
        /// The method returns its outputs directly rather than an `Option`.
        infallible: bool,
        /// The `(extern extractor ...)` form.
        span: Span,
    },
    /// An `(extractor ...)` macro, expanded by sema; never reaches codegen.
    Macro,
}

impl Term {
    /// How a call of this term as a constructor can end.
    pub fn constructor_outcome(&self) -> Outcome {
        match self.kind {
            TermKind::Variant { .. } | TermKind::Struct { .. } => Outcome::Value,
            TermKind::Decl { .. } if self.flags.multi => Outcome::Many,
            TermKind::Decl { .. } if self.flags.partial => Outcome::Maybe,
            TermKind::Decl { .. } => Outcome::Value,
        }
    }

    /// How a use of this term as an extern extractor can end.
    pub fn extractor_outcome(&self) -> Outcome {
        match &self.kind {
            TermKind::Decl {
                extractor: Some(Extractor::Extern { infallible, .. }),
                ..
            } => {
                if self.flags.multi {
                    Outcome::Many
                } else if *infallible {
                    Outcome::Value
                } else {
                    Outcome::Maybe
                }
            }
            _ => Outcome::Value,
        }
    }
}

/// How a call ends: always with one value, maybe with one, or with any number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Always returns one value.
    Value,
    /// Returns `Option<T>`.
    Maybe,
    /// Pushes any number of values into a `Vec<T>`.
    Many,
}

/// A constant.
#[derive(Clone, Debug)]
pub struct Const {
    /// The DSL name, including `$`.
    pub name: String,
    /// The Rust name (without `$`).
    pub rust_name: String,
    /// Its type.
    pub ty: TypeId,
    /// Its value, for `(const ...)`; `None` for `(extern const ...)`.
    pub value: Option<ConstValue>,
    /// Where it is defined.
    pub span: Span,
}

/// A literal in a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Literal {
    /// An integer.
    Int(i128),
    /// A boolean.
    Bool(bool),
}

/// A value computable while matching one term.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Binding {
    /// Argument `n` of the term being matched.
    Arg(u32),
    /// A literal value.
    Literal(Literal),
    /// The value of a constant.
    Const(ConstId),
    /// Field `field` of `input`, once `input` matched variant `variant`.
    VariantField {
        /// The enum value.
        input: BindingId,
        /// The enum type.
        ty: TypeId,
        /// The variant.
        variant: u32,
        /// The field.
        field: u32,
    },
    /// Field `field` of the struct `input`.
    StructField {
        /// The struct value.
        input: BindingId,
        /// The struct type.
        ty: TypeId,
        /// The field.
        field: u32,
    },
    /// The result of extern extractor `term` applied to `input`: the outputs,
    /// an `Option` of them or a `Vec` of them (see [`Term::extractor_outcome`]).
    Extract {
        /// The extractor.
        term: TermId,
        /// The matched value.
        input: BindingId,
    },
    /// The result of calling constructor `term`: a value, an `Option` or a
    /// `Vec` (see [`Term::constructor_outcome`]).
    Construct {
        /// The constructor.
        term: TermId,
        /// Its arguments.
        args: Vec<BindingId>,
    },
    /// The value inside a successful fallible call, or the current item of a
    /// loop over a multi call.
    Payload(BindingId),
    /// Element `index` of the tuple `input`.
    TupleElem {
        /// The tuple.
        input: BindingId,
        /// The element.
        index: u32,
    },
}

/// A test or loop on bindings.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// `input` is variant `variant` of enum `ty`; makes its fields available.
    MatchVariant {
        /// The enum value.
        input: BindingId,
        /// The enum type.
        ty: TypeId,
        /// The variant.
        variant: u32,
    },
    /// `input` equals a literal.
    MatchLiteral {
        /// The value.
        input: BindingId,
        /// The literal.
        literal: Literal,
    },
    /// `input` equals a constant.
    MatchConst {
        /// The value.
        input: BindingId,
        /// The constant.
        constant: ConstId,
    },
    /// The fallible call `call` succeeded; makes `Payload(call)` available.
    MatchSome {
        /// An `Extract` or `Construct` binding with a `Maybe` outcome.
        call: BindingId,
    },
    /// Loop over the results of the multi call `call`; each iteration makes
    /// `Payload(call)` available.
    Iterate {
        /// An `Extract` or `Construct` binding with a `Many` outcome.
        call: BindingId,
    },
    /// Two bindings are equal (a variable used twice).
    Equal {
        /// The smaller binding.
        a: BindingId,
        /// The larger binding.
        b: BindingId,
    },
}

impl Step {
    /// The value this step tests with an exclusive test (one of several
    /// mutually exclusive values), if it is one.
    pub fn exclusive_key(&self) -> Option<(BindingId, ExclusiveValue)> {
        match *self {
            Step::MatchVariant { input, variant, .. } => {
                Some((input, ExclusiveValue::Variant(variant)))
            }
            Step::MatchLiteral { input, literal } => {
                Some((input, ExclusiveValue::Literal(literal)))
            }
            _ => None,
        }
    }

    /// True if `self` and `other` can never both pass.
    pub fn excludes(&self, other: &Step) -> bool {
        match (self.exclusive_key(), other.exclusive_key()) {
            (Some((a, x)), Some((b, y))) => a == b && x != y,
            _ => false,
        }
    }
}

/// One of several values of a binding that exclude each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExclusiveValue {
    /// An enum variant.
    Variant(u32),
    /// A literal.
    Literal(Literal),
}

/// The hash-consed bindings of one term.
#[derive(Clone, Debug, Default)]
pub struct BindingTable {
    list: Vec<Binding>,
    index: HashMap<Binding, BindingId>,
}

impl BindingTable {
    /// The id of `binding`, adding it if new.
    pub fn intern(&mut self, binding: Binding) -> BindingId {
        if let Some(&id) = self.index.get(&binding) {
            return id;
        }
        let id = BindingId(self.list.len() as u32);
        self.list.push(binding.clone());
        self.index.insert(binding, id);
        id
    }

    /// The id of `binding`, if some rule uses it.
    pub fn lookup(&self, binding: &Binding) -> Option<BindingId> {
        self.index.get(binding).copied()
    }

    /// The binding `id`.
    pub fn get(&self, id: BindingId) -> &Binding {
        &self.list[id.0 as usize]
    }

    /// Number of bindings.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True if there is no binding.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Every binding with its id, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (BindingId, &Binding)> {
        self.list
            .iter()
            .enumerate()
            .map(|(i, b)| (BindingId(i as u32), b))
    }
}

/// A source rule after checking.
#[derive(Clone, Debug)]
pub struct RuleInfo {
    /// The term it defines.
    pub term: TermId,
    /// Its name, if it has one.
    pub name: Option<String>,
    /// Its priority.
    pub priority: i64,
    /// The `rule` form.
    pub span: Span,
    /// `file:line` of the rule, for provenance comments.
    pub location: String,
    /// The nodes of its right-hand side.
    pub exprs: Vec<TExpr>,
    /// The right-hand side.
    pub rhs: TExprId,
    /// Number of `let` variables in the right-hand side.
    pub num_locals: u32,
}

impl RuleInfo {
    /// The name shown in diagnostics and coverage: the rule's name, or
    /// `term@file:line` if it has none.
    pub fn label(&self, term_name: &str) -> String {
        match &self.name {
            Some(name) => name.clone(),
            None => format!("{term_name}@{}", self.location),
        }
    }

    /// The expression node `id`.
    pub fn expr(&self, id: TExprId) -> &TExpr {
        &self.exprs[id.0 as usize]
    }
}

/// A type-checked right-hand-side expression node.
#[derive(Clone, Debug)]
pub enum TExpr {
    /// A pattern variable.
    Var(VarId),
    /// A `let` variable.
    Local(LocalId),
    /// An integer literal.
    Int(i128),
    /// A boolean literal.
    Bool(bool),
    /// A constant.
    Const(ConstId),
    /// `let`: each value is evaluated in order, then the body.
    Let {
        /// The variables and their values.
        binds: Vec<(LocalId, TExprId)>,
        /// The result.
        body: TExprId,
    },
    /// A constructor call (declared term, enum variant or struct).
    Call {
        /// The term.
        term: TermId,
        /// The arguments.
        args: Vec<TExprId>,
    },
}

/// One way a source rule matches: commutative terms and `(a|b ...)`
/// alternatives make several variants of one rule.
#[derive(Clone, Debug)]
pub struct RuleVariant {
    /// The source rule.
    pub rule: RuleId,
    /// The tests, in the order they are taken.
    pub steps: Vec<Step>,
    /// The binding of each pattern variable.
    pub vars: Vec<BindingId>,
    /// The right-hand side calls a partial constructor, so it may fail.
    pub rhs_fallible: bool,
}

/// The rules of one term, lowered.
#[derive(Clone, Debug, Default)]
pub struct TermRules {
    /// The bindings used by the rules.
    pub bindings: BindingTable,
    /// Every variant of every rule of the term, in source order.
    pub variants: Vec<RuleVariant>,
}
