//! The parser: tokens to an [`Ast`], functions and statements here,
//! expressions in [`expr`](super::expr).
//!
//! Nesting never recurses on the host stack. Statement blocks are
//! parsed by one loop over an explicit stack of open blocks ([`Open`]):
//! `if`, `else` and `while` push a block, `}` pops it and completes the
//! statement that owns it. `else if` opens an implicit block that holds
//! the inner `if` and closes with it.
//!
//! Error recovery is per function: after a syntax error the parser skips
//! to the next `fn` keyword (which only starts a function), so one run
//! reports the first error of every function.

use super::ast::{Ast, ExprId, FunctionDef, Stmt, StmtId};
use super::diagnostic::{Diagnostic, Span};
use super::lexer::{Token, TokenKind};

/// Parses `tokens` (ending with [`TokenKind::Eof`]) of `source`.
pub fn parse<'src>(source: &'src str, tokens: &[Token]) -> Result<Ast<'src>, Vec<Diagnostic>> {
    let mut parser = Parser {
        tokens,
        pos: 0,
        ast: Ast::new(source),
    };
    let mut errors = Vec::new();
    while parser.peek().kind != TokenKind::Eof {
        match parser.function() {
            Ok(def) => parser.ast.functions.push(def),
            Err(e) => {
                errors.push(e);
                parser.bump();
                while !matches!(parser.peek().kind, TokenKind::Fn | TokenKind::Eof) {
                    parser.bump();
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(parser.ast)
    } else {
        Err(errors)
    }
}

/// The parser state: the tokens, the position, the tree built so far.
pub(super) struct Parser<'t, 'src> {
    tokens: &'t [Token],
    pos: usize,
    pub(super) ast: Ast<'src>,
}

/// What owns an open block, and what completes when it closes.
enum Owner {
    /// The function body.
    Body,
    /// The first branch of `if cond`.
    Then { cond: ExprId },
    /// The `else` branch; `chained` for `else if`, whose block holds only
    /// the inner `if` and has no braces of its own.
    Else {
        cond: ExprId,
        then_body: Vec<StmtId>,
        chained: bool,
    },
    /// The body of `while cond`.
    While { cond: ExprId },
}

/// A block being parsed.
struct Open {
    owner: Owner,
    /// The `{` (the `else` keyword for a chained `else`).
    brace: Span,
    stmts: Vec<StmtId>,
}

/// A result whose error is one diagnostic.
pub(super) type PResult<T> = Result<T, Diagnostic>;

impl<'t, 'src> Parser<'t, 'src> {
    /// The next token (the final `Eof` once there).
    pub(super) fn peek(&self) -> Token {
        self.peek_at(0)
    }

    /// The token `n` places ahead.
    pub(super) fn peek_at(&self, n: usize) -> Token {
        let last = self.tokens.len().saturating_sub(1);
        self.tokens
            .get((self.pos + n).min(last))
            .copied()
            .unwrap_or(Token {
                kind: TokenKind::Eof,
                span: Span::new(0, 0),
            })
    }

    /// Consumes and returns the next token (never moves past `Eof`).
    pub(super) fn bump(&mut self) -> Token {
        let token = self.peek();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    /// Consumes a token of `kind`, or fails with "expected `what`".
    pub(super) fn expect(&mut self, kind: TokenKind, what: &str) -> PResult<Token> {
        let token = self.peek();
        if token.kind == kind {
            Ok(self.bump())
        } else {
            Err(self.unexpected(what))
        }
    }

    /// "expected `what`, found ..." at the next token.
    pub(super) fn unexpected(&self, what: &str) -> Diagnostic {
        let token = self.peek();
        let found = match token.kind {
            TokenKind::Ident => format!("`{}`", self.ast.text(token.span)),
            TokenKind::Int(_) => format!("integer `{}`", self.ast.text(token.span)),
            other => other.describe().to_string(),
        };
        Diagnostic::error(token.span, format!("expected {what}, found {found}"))
    }

    /// `fn name(params) { body }`
    fn function(&mut self) -> PResult<FunctionDef> {
        self.expect(TokenKind::Fn, "`fn`")?;
        let name = self.expect(TokenKind::Ident, "a function name")?.span;
        self.expect(TokenKind::LParen, "`(`")?;
        let mut params = Vec::new();
        if self.peek().kind != TokenKind::RParen {
            loop {
                params.push(self.expect(TokenKind::Ident, "a parameter name")?.span);
                if self.peek().kind == TokenKind::Comma {
                    self.bump();
                } else {
                    break;
                }
            }
        }
        self.expect(TokenKind::RParen, "`,` or `)`")?;
        let brace = self.expect(TokenKind::LBrace, "`{`")?.span;
        let body = self.blocks(brace)?;
        Ok(FunctionDef { name, params, body })
    }

    /// The statements of a function body whose `{` (at `brace`) was just
    /// consumed, through its closing `}`, nested blocks included.
    fn blocks(&mut self, brace: Span) -> PResult<Vec<StmtId>> {
        let mut stack = vec![Open {
            owner: Owner::Body,
            brace,
            stmts: Vec::new(),
        }];
        loop {
            let token = self.peek();
            match token.kind {
                TokenKind::RBrace => {
                    self.bump();
                    let Some(open) = stack.pop() else {
                        return Err(Diagnostic::error(token.span, "unbalanced `}`"));
                    };
                    if let Some(body) = self.close(open, &mut stack)? {
                        return Ok(body);
                    }
                }
                TokenKind::If | TokenKind::While => {
                    self.bump();
                    let cond = self.expression()?;
                    let brace = self.expect(TokenKind::LBrace, "`{`")?.span;
                    let owner = if token.kind == TokenKind::If {
                        Owner::Then { cond }
                    } else {
                        Owner::While { cond }
                    };
                    stack.push(Open {
                        owner,
                        brace,
                        stmts: Vec::new(),
                    });
                }
                TokenKind::Eof => {
                    let innermost = stack.last().map_or(brace, |o| o.brace);
                    return Err(self
                        .unexpected("`}`")
                        .with_note(innermost, "the block opened here is not closed"));
                }
                _ => {
                    let stmt = self.simple_statement()?;
                    if let Some(open) = stack.last_mut() {
                        open.stmts.push(stmt);
                    }
                }
            }
        }
    }

    /// Closes block `open` (its `}` consumed): completes the statement
    /// that owns it and adds it to the enclosing block, or opens the
    /// `else` block. The function body is returned when `open` is it.
    fn close(&mut self, open: Open, stack: &mut Vec<Open>) -> PResult<Option<Vec<StmtId>>> {
        let Open {
            owner,
            brace,
            stmts,
        } = open;
        let kind = match owner {
            Owner::Body => return Ok(Some(stmts)),
            Owner::Then { cond } if self.peek().kind == TokenKind::Else => {
                let else_token = self.bump();
                let chained = match self.peek().kind {
                    TokenKind::LBrace => {
                        self.bump();
                        false
                    }
                    TokenKind::If => true,
                    _ => return Err(self.unexpected("`{` or `if` after `else`")),
                };
                stack.push(Open {
                    owner: Owner::Else {
                        cond,
                        then_body: stmts,
                        chained,
                    },
                    brace: else_token.span,
                    stmts: Vec::new(),
                });
                return Ok(None);
            }
            Owner::Then { cond } => Stmt::If {
                cond,
                then_body: stmts,
                else_body: Vec::new(),
            },
            Owner::Else {
                cond, then_body, ..
            } => Stmt::If {
                cond,
                then_body,
                else_body: stmts,
            },
            Owner::While { cond } => Stmt::While { cond, body: stmts },
        };
        let mut stmt = self.ast.add_stmt(kind);
        // A chained `else` holds exactly the `if` just completed: close it too.
        loop {
            let Some(parent) = stack.last_mut() else {
                return Err(Diagnostic::error(brace, "a block outside a function"));
            };
            parent.stmts.push(stmt);
            if !matches!(parent.owner, Owner::Else { chained: true, .. }) {
                return Ok(None);
            }
            let Some(Open {
                owner: Owner::Else {
                    cond, then_body, ..
                },
                stmts,
                ..
            }) = stack.pop()
            else {
                return Ok(None);
            };
            let kind = Stmt::If {
                cond,
                then_body,
                else_body: stmts,
            };
            stmt = self.ast.add_stmt(kind);
        }
    }

    /// A statement without a block: `let`, assignment, `return`, `print`
    /// or an expression, each ending in `;`.
    fn simple_statement(&mut self) -> PResult<StmtId> {
        let token = self.peek();
        let kind = match token.kind {
            TokenKind::Let => {
                self.bump();
                let name = self.expect(TokenKind::Ident, "a variable name")?.span;
                self.expect(TokenKind::Assign, "`=`")?;
                let value = self.expression()?;
                Stmt::Let { name, value }
            }
            TokenKind::Ident if self.peek_at(1).kind == TokenKind::Assign => {
                self.bump();
                self.bump();
                let value = self.expression()?;
                Stmt::Assign {
                    name: token.span,
                    value,
                }
            }
            TokenKind::Return => {
                self.bump();
                if self.peek().kind == TokenKind::Semi {
                    Stmt::Return(None)
                } else {
                    Stmt::Return(Some(self.expression()?))
                }
            }
            TokenKind::Print => {
                self.bump();
                self.expect(TokenKind::LParen, "`(` after `print`")?;
                let value = self.expression()?;
                self.expect(TokenKind::RParen, "`)`")?;
                Stmt::Print(value)
            }
            TokenKind::Int(_)
            | TokenKind::Ident
            | TokenKind::LParen
            | TokenKind::Minus
            | TokenKind::Bang => Stmt::Expr(self.expression()?),
            TokenKind::Fn => {
                return Err(self
                    .unexpected("a statement")
                    .with_help("functions cannot be nested; is a `}` missing before this `fn`?"));
            }
            TokenKind::Else => {
                return Err(self
                    .unexpected("a statement")
                    .with_help("`else` must follow the `}` of an `if`"));
            }
            _ => return Err(self.unexpected("a statement")),
        };
        self.expect(TokenKind::Semi, "`;`")?;
        Ok(self.ast.add_stmt(kind))
    }
}
