//! The compiler driver: the stages in order.
//!
//! ```text
//! source text --lexer--> tokens --parser--> Ast
//!   --sema--> Program (types, terms, rules lowered to steps over bindings)
//!   --overlap--> errors for overlapping and shadowed rules
//!   --codegen (trie per term)--> Rust source
//! ```
//!
//! Every stage runs even if an earlier one found errors (on what is left),
//! so one run reports every error; code is generated only if there is none.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::ast::Ast;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceMap};
use crate::program::Program;
use crate::{CodegenOptions, codegen, lexer, overlap, parser, sema};

/// Time spent in each stage of one compilation.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    /// Lexing and parsing.
    pub parse: Duration,
    /// Name resolution, type checking and lowering.
    pub sema: Duration,
    /// Overlap and shadowing checks.
    pub overlap: Duration,
    /// Trie construction, Rust generation and pretty-printing.
    pub codegen: Duration,
}

impl Timings {
    /// The sum of all stages.
    pub fn total(&self) -> Duration {
        self.parse + self.sema + self.overlap + self.codegen
    }
}

/// Reads `paths` and compiles them together into one Rust file.
pub fn compile_files(paths: &[PathBuf], options: &CodegenOptions) -> Result<String, Diagnostics> {
    let sources = read_files(paths)?;
    compile_sources(&sources, options)
}

/// Reads `paths` and checks them together, generating nothing.
pub fn check_files(paths: &[PathBuf]) -> Result<(), Diagnostics> {
    let sources = read_files(paths)?;
    check_sources(&sources)
}

/// Compiles in-memory `(name, text)` sources into one Rust file.
pub fn compile_sources(
    sources: &[(String, String)],
    options: &CodegenOptions,
) -> Result<String, Diagnostics> {
    compile_sources_timed(sources, options).0
}

/// Checks in-memory `(name, text)` sources, generating nothing.
pub fn check_sources(sources: &[(String, String)]) -> Result<(), Diagnostics> {
    let (map, _, errors) = front_end(sources, &mut Timings::default());
    finish(map, errors)
}

/// Like [`compile_sources`], also returning the time each stage took.
pub fn compile_sources_timed(
    sources: &[(String, String)],
    options: &CodegenOptions,
) -> (Result<String, Diagnostics>, Timings) {
    let mut timings = Timings::default();
    let (map, program, errors) = front_end(sources, &mut timings);
    if !errors.is_empty() {
        return (finish(map, errors).map(|()| String::new()), timings);
    }
    let start = Instant::now();
    let generated = codegen::generate(&program, &map, options);
    timings.codegen = start.elapsed();
    let result = generated.map_err(|error| Diagnostics {
        sources: map,
        list: vec![error],
    });
    (result, timings)
}

/// Lexes, parses, checks and overlap-checks the sources.
fn front_end(
    sources: &[(String, String)],
    timings: &mut Timings,
) -> (SourceMap, Program, Vec<Diagnostic>) {
    let start = Instant::now();
    let mut map = SourceMap::new();
    let mut ast = Ast::default();
    let mut errors = Vec::new();
    for (name, text) in sources {
        let file = map.add(name.clone(), text.clone());
        let tokens = lexer::lex(file, text, &mut errors);
        parser::parse(file, tokens, &mut ast, &mut errors);
    }
    timings.parse = start.elapsed();

    let start = Instant::now();
    let (program, sema_errors) = sema::check(&ast, &map);
    errors.extend(sema_errors);
    timings.sema = start.elapsed();

    let start = Instant::now();
    errors.extend(overlap::check(&program));
    timings.overlap = start.elapsed();
    (map, program, errors)
}

fn finish(sources: SourceMap, list: Vec<Diagnostic>) -> Result<(), Diagnostics> {
    if list.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics { sources, list })
    }
}

/// Reads every file; unreadable files are reported together.
fn read_files(paths: &[PathBuf]) -> Result<Vec<(String, String)>, Diagnostics> {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::read_to_string(path) {
            Ok(text) => sources.push((path.display().to_string(), text)),
            Err(e) => errors.push(Diagnostic::without_location(format!(
                "cannot read `{}`: {e}",
                path.display()
            ))),
        }
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(Diagnostics {
            sources: SourceMap::new(),
            list: errors,
        })
    }
}
