//! The syntax tree of a toy program, stored flat.
//!
//! Expressions and statements live in two arenas of the [`Ast`] and refer
//! to each other by index ([`ExprId`], [`StmtId`]), never by `Box`: a tree
//! nested 100,000 deep is then built, walked and dropped without any
//! recursion on the host stack. Names are [`Span`]s into the source; the
//! [`Ast`] keeps the source to give their text.
//!
//! Invariants (upheld by the parser): an id stored in a node indexes its
//! arena; a child is created before its parent, so every id in a node is
//! smaller than the node's own.

use super::diagnostic::Span;

/// The index of an expression in [`Ast::exprs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExprId(pub u32);

/// The index of a statement in [`Ast::stmts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StmtId(pub u32);

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `||`: 1 if either side is non-zero; the right side is evaluated
    /// only when the left is zero.
    Or,
    /// `&&`: 1 if both sides are non-zero; the right side is evaluated
    /// only when the left is non-zero.
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `+`, wrapping on overflow.
    Add,
    /// `-`, wrapping on overflow.
    Sub,
    /// `*`, wrapping on overflow.
    Mul,
    /// `/`, rounding toward zero; traps on a zero divisor and on
    /// `-9223372036854775808 / -1`.
    Div,
    /// `%`, with the sign of the dividend; traps on a zero divisor.
    Rem,
}

/// How tightly each binary operator binds: higher binds tighter.
pub const PRECEDENCE: [(BinaryOp, u8); 13] = [
    (BinaryOp::Or, 1),
    (BinaryOp::And, 2),
    (BinaryOp::Eq, 3),
    (BinaryOp::Ne, 3),
    (BinaryOp::Lt, 3),
    (BinaryOp::Le, 3),
    (BinaryOp::Gt, 3),
    (BinaryOp::Ge, 3),
    (BinaryOp::Add, 4),
    (BinaryOp::Sub, 4),
    (BinaryOp::Mul, 5),
    (BinaryOp::Div, 5),
    (BinaryOp::Rem, 5),
];

/// The precedence level of the comparisons, which do not chain.
pub const COMPARISON_PRECEDENCE: u8 = 3;

impl BinaryOp {
    /// How tightly the operator binds (see [`PRECEDENCE`]).
    pub fn precedence(self) -> u8 {
        PRECEDENCE
            .iter()
            .find(|(op, _)| *op == self)
            .map_or(0, |&(_, p)| p)
    }
}

/// A unary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`, wrapping (`-(-9223372036854775808)` is itself).
    Neg,
    /// `!x`: 1 if `x` is zero, else 0.
    Not,
}

/// An expression and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Its source text.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExprKind {
    /// An integer literal.
    Int(i64),
    /// A variable read (the span is its name).
    Var,
    /// A call `callee(args...)`.
    Call {
        /// The called function's name.
        callee: Span,
        /// The arguments, evaluated left to right.
        args: Vec<ExprId>,
    },
    /// `op operand`.
    Unary(UnaryOp, ExprId),
    /// `lhs op rhs`; `lhs` is evaluated first.
    Binary(BinaryOp, ExprId, ExprId),
}

/// A statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stmt {
    /// `let name = value;`: a new variable, visible to the end of the block.
    Let {
        /// The variable's name.
        name: Span,
        /// Its initial value.
        value: ExprId,
    },
    /// `name = value;`
    Assign {
        /// The variable's name.
        name: Span,
        /// The new value.
        value: ExprId,
    },
    /// `if cond { then_body } else { else_body }` (`else if` is an
    /// `else_body` holding one `if`).
    If {
        /// The condition: non-zero is true.
        cond: ExprId,
        /// Run when `cond` is non-zero.
        then_body: Vec<StmtId>,
        /// Run when `cond` is zero (empty without `else`).
        else_body: Vec<StmtId>,
    },
    /// `while cond { body }`
    While {
        /// Tested before each iteration.
        cond: ExprId,
        /// The loop body.
        body: Vec<StmtId>,
    },
    /// `return value;` or `return;` (which returns 0).
    Return(Option<ExprId>),
    /// `print(value);`: writes the value and a line break.
    Print(ExprId),
    /// `value;`, for calls.
    Expr(ExprId),
}

/// A function definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionDef {
    /// Its name.
    pub name: Span,
    /// Its parameters' names, in order.
    pub params: Vec<Span>,
    /// Its body.
    pub body: Vec<StmtId>,
}

/// A parsed program: its functions in source order, and the arenas.
#[derive(Debug)]
pub struct Ast<'src> {
    /// The source text spans point into.
    pub source: &'src str,
    /// Every expression.
    pub exprs: Vec<Expr>,
    /// Every statement.
    pub stmts: Vec<Stmt>,
    /// The functions, in source order.
    pub functions: Vec<FunctionDef>,
}

impl<'src> Ast<'src> {
    /// An empty tree over `source`.
    pub fn new(source: &'src str) -> Self {
        Ast {
            source,
            exprs: Vec::new(),
            stmts: Vec::new(),
            functions: Vec::new(),
        }
    }

    /// The source text of `span` (empty if it is not in the source).
    pub fn text(&self, span: Span) -> &'src str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// Adds an expression.
    pub fn add_expr(&mut self, kind: ExprKind, span: Span) -> ExprId {
        let id = ExprId(self.exprs.len() as u32);
        self.exprs.push(Expr { kind, span });
        id
    }

    /// Adds a statement.
    pub fn add_stmt(&mut self, stmt: Stmt) -> StmtId {
        let id = StmtId(self.stmts.len() as u32);
        self.stmts.push(stmt);
        id
    }

    /// The expression `id`.
    pub fn expr(&self, id: ExprId) -> &Expr {
        &self.exprs[id.0 as usize]
    }

    /// The statement `id`.
    pub fn stmt(&self, id: StmtId) -> &Stmt {
        &self.stmts[id.0 as usize]
    }
}
