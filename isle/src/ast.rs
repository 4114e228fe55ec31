//! The abstract syntax tree of DSL files, as written (before name resolution).
//!
//! Patterns and expressions nest arbitrarily deep in the source, so they live
//! in flat arenas ([`Ast::patterns`], [`Ast::exprs`]) and refer to their
//! children by index ([`PatId`], [`ExprId`]). That keeps every later walk a
//! loop over an explicit worklist and makes dropping a deep tree cheap and
//! stack-safe. Every node carries the [`Span`] of its source text.

use crate::diagnostics::Span;

/// A name as written, with its location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    /// The text of the name.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// Index of a pattern node in [`Ast::patterns`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PatId(pub u32);

/// Index of an expression node in [`Ast::exprs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExprId(pub u32);

/// Every definition of every file, plus the pattern and expression arenas.
#[derive(Clone, Debug, Default)]
pub struct Ast {
    /// Top-level definitions in source order (files in the order given).
    pub defs: Vec<Def>,
    /// Pattern nodes.
    pub patterns: Vec<Pattern>,
    /// Expression nodes.
    pub exprs: Vec<Expr>,
}

impl Ast {
    /// The pattern node `id`.
    pub fn pattern(&self, id: PatId) -> &Pattern {
        &self.patterns[id.0 as usize]
    }

    /// The expression node `id`.
    pub fn expr(&self, id: ExprId) -> &Expr {
        &self.exprs[id.0 as usize]
    }

    /// Adds a pattern node.
    pub fn add_pattern(&mut self, pattern: Pattern) -> PatId {
        self.patterns.push(pattern);
        PatId(self.patterns.len() as u32 - 1)
    }

    /// Adds an expression node.
    pub fn add_expr(&mut self, expr: Expr) -> ExprId {
        self.exprs.push(expr);
        ExprId(self.exprs.len() as u32 - 1)
    }
}

/// One top-level form.
#[derive(Clone, Debug)]
pub enum Def {
    /// `(type Name [extern] [nodebug] body)`
    Type(TypeDef),
    /// `(decl [flags] Name (Args...) Ret)`
    Decl(Decl),
    /// `(rule [name] [prio] pattern clauses... expr)`
    Rule(Rule),
    /// `(extractor (Name params...) pattern)`
    Extractor(ExtractorMacro),
    /// `(extern constructor Term rust_fn)`
    ExternConstructor(ExternFn),
    /// `(extern extractor [infallible] Term rust_fn)`
    ExternExtractor(ExternExtractor),
    /// `(extern const $Name Type)`
    ExternConst(ExternConst),
    /// `(const $Name Type value)`
    Const(ConstDef),
    /// `(convert From To term)`
    Convert(Convert),
}

/// A type definition.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// The DSL name of the type.
    pub name: Ident,
    /// `extern`: the Rust definition exists elsewhere; nothing is generated.
    pub is_extern: bool,
    /// `nodebug`: the generated enum does not derive `Debug`.
    pub nodebug: bool,
    /// What the type is.
    pub body: TypeBody,
    /// The whole form.
    pub span: Span,
}

/// The shape of a defined type.
#[derive(Clone, Debug)]
pub enum TypeBody {
    /// `(primitive RustName)`: an opaque Rust type.
    Primitive(Ident),
    /// `(type Name extern)`: an opaque Rust type of the same name.
    Opaque,
    /// `(enum Variant...)`
    Enum(Vec<Variant>),
    /// `(struct Field...)`
    Struct(Vec<Field>),
}

/// An enum variant: `Name` or `(Name Field...)`.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The variant's name.
    pub name: Ident,
    /// Its fields, in order.
    pub fields: Vec<Field>,
}

/// A field: `(name Type)`, or a bare `Type` for tuple-like variants.
#[derive(Clone, Debug)]
pub struct Field {
    /// The field name; `None` for tuple-like fields.
    pub name: Option<Ident>,
    /// The field's type.
    pub ty: Ident,
}

/// The flags of a `decl`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeclFlags {
    /// May be called in `if-let` / `if` clauses.
    pub pure: bool,
    /// Returns any number of results.
    pub multi: bool,
    /// The constructor may fail (returns `Option`).
    pub partial: bool,
    /// Recursive (accepted for ISLE compatibility).
    pub rec: bool,
    /// The last two arguments may be swapped when matching.
    pub commutative: bool,
}

/// A term declaration.
#[derive(Clone, Debug)]
pub struct Decl {
    /// The term's name.
    pub name: Ident,
    /// Its flags.
    pub flags: DeclFlags,
    /// Argument types.
    pub args: Vec<Ident>,
    /// Return type.
    pub ret: Ident,
    /// The whole form.
    pub span: Span,
}

/// A rewrite rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// The optional rule name (shown in diagnostics and coverage).
    pub name: Option<Ident>,
    /// The priority (higher is tried first); 0 if absent.
    pub priority: i64,
    /// The left-hand side: a term applied to argument patterns.
    pub pattern: PatId,
    /// `if-let` and `if` clauses, in order.
    pub clauses: Vec<Clause>,
    /// The right-hand side.
    pub rhs: ExprId,
    /// The whole form.
    pub span: Span,
}

/// A guard clause of a rule.
#[derive(Clone, Debug)]
pub enum Clause {
    /// `(if-let pattern expr)`
    IfLet {
        /// Matched against the value of `expr`.
        pattern: PatId,
        /// Evaluated once the pattern and earlier clauses matched.
        expr: ExprId,
        /// The clause.
        span: Span,
    },
    /// `(if expr)`: `expr` must succeed (same as `(if-let _ expr)`).
    If {
        /// A call of a pure, usually partial, term.
        expr: ExprId,
        /// The clause.
        span: Span,
    },
}

/// `(extractor (Name params...) pattern)`: a pattern macro.
#[derive(Clone, Debug)]
pub struct ExtractorMacro {
    /// The term being defined.
    pub name: Ident,
    /// Parameter names, replaced by the argument patterns at each use.
    pub params: Vec<Ident>,
    /// The pattern the use expands to.
    pub body: PatId,
    /// The whole form.
    pub span: Span,
}

/// `(extern constructor Term rust_fn)`.
#[derive(Clone, Debug)]
pub struct ExternFn {
    /// The DSL term.
    pub term: Ident,
    /// The `Context` method implementing it.
    pub rust_name: Ident,
    /// The whole form.
    pub span: Span,
}

/// `(extern extractor [infallible] Term rust_fn)`.
#[derive(Clone, Debug)]
pub struct ExternExtractor {
    /// The DSL term and its `Context` method.
    pub func: ExternFn,
    /// The method always succeeds (returns its outputs, not an `Option`).
    pub infallible: bool,
}

/// `(extern const $Name Type)`.
#[derive(Clone, Debug)]
pub struct ExternConst {
    /// The constant, including `$`.
    pub name: Ident,
    /// Its type.
    pub ty: Ident,
    /// The whole form.
    pub span: Span,
}

/// `(const $Name Type value)`.
#[derive(Clone, Debug)]
pub struct ConstDef {
    /// The constant, including `$`.
    pub name: Ident,
    /// Its type.
    pub ty: Ident,
    /// Its value.
    pub value: ConstValue,
    /// The whole form.
    pub span: Span,
}

/// The value of a `(const ...)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstValue {
    /// An integer.
    Int(i128),
    /// A boolean.
    Bool(bool),
}

/// `(convert From To term)`.
#[derive(Clone, Debug)]
pub struct Convert {
    /// The type converted from.
    pub from: Ident,
    /// The type converted to.
    pub to: Ident,
    /// The term `(From) -> To` doing it.
    pub term: Ident,
    /// The whole form.
    pub span: Span,
}

/// A pattern node.
#[derive(Clone, Debug)]
pub enum Pattern {
    /// `_`
    Wildcard(Span),
    /// A variable: binds on first use, tests equality on later uses.
    Var(Ident),
    /// `name @ pattern`
    Bind {
        /// The variable.
        name: Ident,
        /// The pattern the value must also match.
        sub: PatId,
    },
    /// An integer literal.
    Int(i128, Span),
    /// `true` or `false`.
    Bool(bool, Span),
    /// `$Name`
    Const(Ident),
    /// `(and pattern...)`
    And(Vec<PatId>, Span),
    /// `(Term pattern...)`, or `(A|B pattern...)` for alternatives.
    Term {
        /// The term, or several alternative terms of one signature.
        heads: Vec<Ident>,
        /// Argument patterns.
        args: Vec<PatId>,
        /// The whole application.
        span: Span,
    },
}

/// An expression node.
#[derive(Clone, Debug)]
pub enum Expr {
    /// An integer literal.
    Int(i128, Span),
    /// `true` or `false`.
    Bool(bool, Span),
    /// `$Name`
    Const(Ident),
    /// A variable bound by the pattern, a clause or a `let`.
    Var(Ident),
    /// `(let ((name Type expr)...) body)`
    Let {
        /// The bindings, each visible to the later ones and the body.
        binds: Vec<LetBind>,
        /// The result.
        body: ExprId,
        /// The whole form.
        span: Span,
    },
    /// `(Term expr...)`
    Call {
        /// The term.
        head: Ident,
        /// Arguments.
        args: Vec<ExprId>,
        /// The whole application.
        span: Span,
    },
}

/// One binding of a `let`.
#[derive(Clone, Debug)]
pub struct LetBind {
    /// The variable.
    pub name: Ident,
    /// Its declared type.
    pub ty: Ident,
    /// Its value.
    pub value: ExprId,
}

impl Pattern {
    /// The source span of the pattern.
    pub fn span(&self) -> Span {
        match self {
            Pattern::Wildcard(span)
            | Pattern::Int(_, span)
            | Pattern::Bool(_, span)
            | Pattern::And(_, span)
            | Pattern::Term { span, .. } => *span,
            Pattern::Var(name) | Pattern::Const(name) => name.span,
            Pattern::Bind { name, .. } => name.span,
        }
    }
}

impl Expr {
    /// The source span of the expression.
    pub fn span(&self) -> Span {
        match self {
            Expr::Int(_, span)
            | Expr::Bool(_, span)
            | Expr::Let { span, .. }
            | Expr::Call { span, .. } => *span,
            Expr::Var(name) | Expr::Const(name) => name.span,
        }
    }
}
