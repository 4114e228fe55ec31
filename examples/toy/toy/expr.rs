//! The expression parser: operator-precedence parsing with two explicit
//! stacks, so that nesting depth costs heap, never host stack.
//!
//! The loop alternates between two positions. In *operand* position it
//! reads a literal or variable (pushed on the operand stack), or a prefix
//! that opens something: `-`/`!` (a pending unary operator), `(` (a
//! pending parenthesis) or `name(` (a pending call). In *operator*
//! position it reads a binary operator, `,` or `)`, or ends the
//! expression at any other token.
//!
//! A binary operator first *reduces* the pending operators that bind at
//! least as tightly (all operators are left-associative; unary operators
//! bind tightest), then is pushed itself. Reducing never crosses a
//! pending parenthesis or call: `,` and `)` reduce down to the innermost
//! one and then close it. At the end everything is reduced; a parenthesis
//! or call still pending is an error pointing at its opening.
//!
//! Comparisons do not chain (`a < b < c` is an error suggesting `&&`).
//! A minus sign directly before a literal is folded into it, which is
//! how `-9223372036854775808` is written.

use super::ast::{BinaryOp, COMPARISON_PRECEDENCE, ExprId, ExprKind, UnaryOp};
use super::diagnostic::{Diagnostic, Span};
use super::lexer::TokenKind;
use super::parser::{PResult, Parser};

/// An operator or bracket waiting for its operands.
enum Pending {
    /// A binary operator; its left operand is on the operand stack.
    Binary(BinaryOp),
    /// A unary operator at `Span`.
    Unary(UnaryOp, Span),
    /// A `(` at `Span`.
    Paren(Span),
    /// `callee(`; its arguments are the operands above `first_arg`.
    Call { callee: Span, first_arg: usize },
}

/// The binary operator a token stands for.
fn binary_op(kind: TokenKind) -> Option<BinaryOp> {
    Some(match kind {
        TokenKind::OrOr => BinaryOp::Or,
        TokenKind::AndAnd => BinaryOp::And,
        TokenKind::EqEq => BinaryOp::Eq,
        TokenKind::NotEq => BinaryOp::Ne,
        TokenKind::Lt => BinaryOp::Lt,
        TokenKind::Le => BinaryOp::Le,
        TokenKind::Gt => BinaryOp::Gt,
        TokenKind::Ge => BinaryOp::Ge,
        TokenKind::Plus => BinaryOp::Add,
        TokenKind::Minus => BinaryOp::Sub,
        TokenKind::Star => BinaryOp::Mul,
        TokenKind::Slash => BinaryOp::Div,
        TokenKind::Percent => BinaryOp::Rem,
        _ => return None,
    })
}

/// The two stacks of one expression being parsed.
#[derive(Default)]
struct Stacks {
    operands: Vec<ExprId>,
    pending: Vec<Pending>,
}

impl Parser<'_, '_> {
    /// Parses one expression.
    pub(super) fn expression(&mut self) -> PResult<ExprId> {
        let mut s = Stacks::default();
        loop {
            self.operand(&mut s)?;
            // Operator position: loop while `)` closes brackets.
            loop {
                let token = self.peek();
                if let Some(op) = binary_op(token.kind) {
                    self.bump();
                    self.reduce_for(&mut s, op, token.span)?;
                    s.pending.push(Pending::Binary(op));
                    break;
                }
                let innermost = s
                    .pending
                    .iter()
                    .rev()
                    .find(|p| matches!(p, Pending::Paren(_) | Pending::Call { .. }));
                match (token.kind, innermost) {
                    (TokenKind::Comma, Some(Pending::Call { .. })) => {
                        self.bump();
                        self.reduce_to_bracket(&mut s)?;
                        break;
                    }
                    (TokenKind::RParen, Some(_)) => {
                        let close = self.bump();
                        self.reduce_to_bracket(&mut s)?;
                        self.close_bracket(&mut s, close.span)?;
                    }
                    _ => return self.finish(s),
                }
            }
        }
    }

    /// Reads one operand, with its unary operators and opening brackets.
    fn operand(&mut self, s: &mut Stacks) -> PResult<()> {
        loop {
            let token = self.peek();
            match token.kind {
                TokenKind::Minus => {
                    self.bump();
                    if let TokenKind::Int(v) = self.peek().kind {
                        let literal = self.bump();
                        // -2^63 is the one literal that needs the sign.
                        let value = 0i64.wrapping_sub_unsigned(v);
                        let id = self
                            .ast
                            .add_expr(ExprKind::Int(value), token.span.to(literal.span));
                        s.operands.push(id);
                        return Ok(());
                    }
                    s.pending.push(Pending::Unary(UnaryOp::Neg, token.span));
                }
                TokenKind::Bang => {
                    self.bump();
                    s.pending.push(Pending::Unary(UnaryOp::Not, token.span));
                }
                TokenKind::LParen => {
                    self.bump();
                    s.pending.push(Pending::Paren(token.span));
                }
                TokenKind::Int(v) => {
                    self.bump();
                    // Only -2^63 may use the literal 2^63 (MAX_LITERAL).
                    let value = i64::try_from(v).map_err(|_| {
                        Diagnostic::error(
                            token.span,
                            format!("integer literal `{v}` is out of range"),
                        )
                        .with_help("the smallest value is written `-9223372036854775808`")
                    })?;
                    s.operands
                        .push(self.ast.add_expr(ExprKind::Int(value), token.span));
                    return Ok(());
                }
                TokenKind::Ident if self.peek_at(1).kind == TokenKind::LParen => {
                    self.bump();
                    self.bump();
                    if self.peek().kind == TokenKind::RParen {
                        let close = self.bump();
                        let call = ExprKind::Call {
                            callee: token.span,
                            args: Vec::new(),
                        };
                        let id = self.ast.add_expr(call, token.span.to(close.span));
                        s.operands.push(id);
                        return Ok(());
                    }
                    s.pending.push(Pending::Call {
                        callee: token.span,
                        first_arg: s.operands.len(),
                    });
                }
                TokenKind::Ident => {
                    self.bump();
                    s.operands
                        .push(self.ast.add_expr(ExprKind::Var, token.span));
                    return Ok(());
                }
                _ => return Err(self.unexpected("an expression")),
            }
        }
    }

    /// Reduces the pending operators that bind at least as tightly as
    /// `op` (at `at`), which comes next.
    fn reduce_for(&mut self, s: &mut Stacks, op: BinaryOp, at: Span) -> PResult<()> {
        let precedence = op.precedence();
        loop {
            match s.pending.last() {
                Some(Pending::Unary(..)) => self.reduce_top(s)?,
                Some(Pending::Binary(top)) if top.precedence() >= precedence => {
                    if precedence == COMPARISON_PRECEDENCE
                        && top.precedence() == COMPARISON_PRECEDENCE
                    {
                        return Err(Diagnostic::error(
                            at,
                            "comparison operators cannot be chained",
                        )
                        .with_help("combine two comparisons with `&&`: `a < b && b < c`"));
                    }
                    self.reduce_top(s)?;
                }
                _ => return Ok(()),
            }
        }
    }

    /// Reduces every operator above the innermost bracket.
    fn reduce_to_bracket(&mut self, s: &mut Stacks) -> PResult<()> {
        while let Some(Pending::Unary(..) | Pending::Binary(_)) = s.pending.last() {
            self.reduce_top(s)?;
        }
        Ok(())
    }

    /// Pops the bracket on top of the pending stack (its `)` at `close`):
    /// a parenthesis leaves its operand, a call takes its arguments.
    fn close_bracket(&mut self, s: &mut Stacks, close: Span) -> PResult<()> {
        match s.pending.pop() {
            Some(Pending::Paren(_)) => Ok(()),
            Some(Pending::Call { callee, first_arg }) => {
                let args = s.operands.split_off(first_arg.min(s.operands.len()));
                let id = self
                    .ast
                    .add_expr(ExprKind::Call { callee, args }, callee.to(close));
                s.operands.push(id);
                Ok(())
            }
            _ => Err(Diagnostic::error(close, "unbalanced `)`")),
        }
    }

    /// Builds the expression of the operator on top of the pending stack.
    fn reduce_top(&mut self, s: &mut Stacks) -> PResult<()> {
        let broken = |span| Diagnostic::error(span, "malformed expression (internal error)");
        match s.pending.pop() {
            Some(Pending::Unary(op, at)) => {
                let operand = s.operands.pop().ok_or_else(|| broken(at))?;
                let span = at.to(self.ast.expr(operand).span);
                let id = self.ast.add_expr(ExprKind::Unary(op, operand), span);
                s.operands.push(id);
            }
            Some(Pending::Binary(op)) => {
                let here = self.peek().span;
                let rhs = s.operands.pop().ok_or_else(|| broken(here))?;
                let lhs = s.operands.pop().ok_or_else(|| broken(here))?;
                let span = self.ast.expr(lhs).span.to(self.ast.expr(rhs).span);
                let id = self.ast.add_expr(ExprKind::Binary(op, lhs, rhs), span);
                s.operands.push(id);
            }
            _ => return Err(broken(self.peek().span)),
        }
        Ok(())
    }

    /// Ends the expression before the next token: reduces everything; a
    /// bracket still open is an error.
    fn finish(&mut self, mut s: Stacks) -> PResult<ExprId> {
        self.reduce_to_bracket(&mut s)?;
        match s.pending.last() {
            Some(Pending::Paren(open)) => {
                return Err(self
                    .unexpected("`)`")
                    .with_note(*open, "to close the `(` opened here"));
            }
            Some(Pending::Call { callee, .. }) => {
                return Err(self
                    .unexpected("`,` or `)`")
                    .with_note(*callee, "in the arguments of this call"));
            }
            _ => {}
        }
        match (s.operands.pop(), s.operands.is_empty()) {
            (Some(id), true) => Ok(id),
            _ => Err(Diagnostic::error(
                self.peek().span,
                "malformed expression (internal error)",
            )),
        }
    }
}
