//! lathe-isle: the rule DSL compiler of lathe.
//!
//! An ISLE-compatible term-rewriting language (see `README.md` in this
//! crate) compiled to Rust matchers. The library API is what the `lathe`
//! build script calls:
//!
//! ```no_run
//! # use std::path::PathBuf;
//! let options = lathe_isle::CodegenOptions::default();
//! match lathe_isle::compile_files(&[PathBuf::from("rules/prelude.isle")], &options) {
//!     Ok(rust) => std::fs::write("out.rs", rust).unwrap(),
//!     Err(diagnostics) => panic!("{diagnostics}"),
//! }
//! ```
//!
//! The stages (see [`compile`] for the driver): [`lexer`] → [`parser`]
//! ([`ast`]) → [`sema`] ([`program`]) → [`overlap`] → [`trie`] → [`codegen`].
//! Errors are [`Diagnostics`]: every error of the run, rendered as
//! `file:line:col: error: message` with a source snippet.

pub mod ast;
pub mod codegen;
pub mod compile;
pub mod diagnostics;
pub mod lexer;
pub mod overlap;
pub mod parser;
pub mod program;
pub mod sema;
pub mod trie;

pub use compile::{
    Timings, check_files, check_sources, compile_files, compile_sources, compile_sources_timed,
};
pub use diagnostics::{Diagnostic, Diagnostics};

/// Options of code generation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodegenOptions {
    /// Count rule firings: generates `RULE_NAMES`, `RULE_FIRINGS` and
    /// `rule_coverage()`, and increments a counter each time a rule fires.
    pub instrument_coverage: bool,
    /// Name of the generated trait of extern constructors and extractors.
    pub context_trait: String,
}

impl Default for CodegenOptions {
    fn default() -> Self {
        CodegenOptions {
            instrument_coverage: false,
            context_trait: "Context".to_string(),
        }
    }
}
