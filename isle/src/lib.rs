//! lathe-isle: the rule DSL compiler.
pub mod ast;
pub mod diagnostics;
pub mod lexer;
pub mod parser;
