//! toy: a small language compiled to CLIF through lathe's
//! `FunctionBuilder`, and run.
//!
//! ```text
//! source ─lexer─> tokens ─parser (+expr)─> Ast ─codegen (+lower_expr)─> Program (CLIF)
//!        ─run::Engine─> output
//! ```
//!
//! # The language
//! Every value is a 64-bit signed integer. A program is a list of
//! functions; it starts at `main()`, and `print(x);` writes `x` on a line.
//!
//! ```text
//! // Comments run to the end of the line.
//! fn fib(n) {
//!     if n < 2 { return n; }
//!     return fib(n - 1) + fib(n - 2);
//! }
//! fn main() {
//!     let i = 0;
//!     while i < 10 { print(fib(i)); i = i + 1; }
//! }
//! ```
//!
//! Grammar (`{ x }` is zero or more, `[ x ]` optional):
//!
//! ```text
//! program   = { function }
//! function  = "fn" NAME "(" [ NAME { "," NAME } ] ")" block
//! block     = "{" { statement } "}"
//! statement = "let" NAME "=" expr ";"          new variable, to the end of the block
//!           | NAME "=" expr ";"                assignment
//!           | "if" expr block [ "else" ( block | if-statement ) ]
//!           | "while" expr block
//!           | "return" [ expr ] ";"            `return;` returns 0
//!           | "print" "(" expr ")" ";"
//!           | expr ";"
//! expr      = operators, loosest first: `||`; `&&`; `== != < <= > >=`
//!             (not chainable); `+ -`; `* / %`; prefix `-` and `!`;
//!             operands: INTEGER | NAME | NAME "(" [ expr { "," expr } ] ")" | "(" expr ")"
//! ```
//!
//! Semantics: `+ - *` wrap around; `/` rounds toward zero and `%` has the
//! sign of the dividend; dividing by zero, or `-9223372036854775808 / -1`,
//! stops the program with a runtime error. Comparisons, `!`, `&&` and `||`
//! give 0 or 1; `&&` and `||` evaluate their right side only when needed;
//! any non-zero condition is true. A function without `return` returns 0.
//! Names must be defined before use (functions may be used anywhere); a
//! `let` may not reuse a name visible at that point.
//!
//! Errors are reported as `file:line:col: error: message` with the source
//! line; compilation reports every name error at once, and the first
//! syntax error of each function.

pub mod ast;
pub mod codegen;
pub mod diagnostic;
mod expr;
pub mod lexer;
mod lower_expr;
pub mod parser;
pub mod run;

use codegen::Program;
use diagnostic::Diagnostic;

/// Compiles toy `source` to a program of verified CLIF functions; or
/// every error found (lexical errors, else syntax errors, else the rest).
pub fn compile(source: &str) -> Result<Program, Vec<Diagnostic>> {
    let tokens = lexer::tokenize(source)?;
    let ast = parser::parse(source, &tokens)?;
    codegen::generate(&ast)
}
