//! The CLIF text reader.
//!
//! [`parse_test`] reads a filetest (header lines, functions, directive
//! comments) into a [`TestFile`]; [`parse_functions`] reads just the
//! functions. Errors carry a line and column and never panic.
//!
//! Stages: [`lexer`] (tokens with locations) → [`cursor`] (significant
//! tokens, comments set aside) → [`header`] (test/set/target/feature lines)
//! → [`parser`] (functions, preambles, blocks) → [`instruction`] (operands of
//! each instruction format, type inference) → [`testfile`] (the result).
//! [`run_command`] parses `; run:` directives on demand, typed by signatures.

pub mod cursor;
pub mod error;
pub mod header;
pub mod instruction;
pub mod lexer;
pub mod parser;
pub mod run_command;
pub mod testfile;

pub use error::{ParseError, ParseResult};
pub use lexer::Location;
pub use parser::{parse_functions, parse_test};
pub use run_command::{Comparison, Invocation, RunCommand, parse_run_command};
pub use testfile::{Comment, Feature, FunctionDetails, Setting, TargetLine, TestCommand, TestFile};

#[cfg(test)]
mod tests;
