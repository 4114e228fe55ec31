//! `lathe cat` and `lathe verify`: read CLIF files, print or check them.

use lathe::ir::AnyEntity;
use lathe::reader::{TestFile, parse_test};
use lathe::verifier::verify_function;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Reads a file, reporting an I/O error as `path: error: ...`.
pub fn read(path: &Path) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                eprintln!("{}: error: not UTF-8 text ({e})", path.display());
                None
            }
        },
        Err(e) => {
            eprintln!("{}: error: {e}", path.display());
            None
        }
    }
}

/// Parses a file, reporting a parse error as `path:line:col: error: ...`.
pub fn parse(path: &Path, text: &str) -> Option<TestFile> {
    match parse_test(text) {
        Ok(file) => Some(file),
        Err(e) => {
            eprintln!("{}", e.display_with_path(&path.display().to_string()));
            None
        }
    }
}

/// Verifies every function of `file`, reporting each error at the location
/// of the instruction it concerns. Returns whether all verified.
fn verify_all(path: &Path, file: &TestFile) -> bool {
    let mut ok = true;
    for (func, details) in &file.functions {
        if let Err(errors) = verify_function(func) {
            ok = false;
            for error in &errors.0 {
                let loc = match error.location {
                    AnyEntity::Inst(inst) => details.inst_location(inst),
                    _ => None,
                }
                .unwrap_or(details.loc);
                eprintln!("{}:{}: error: {}", path.display(), loc, error);
            }
        }
    }
    ok
}

/// `lathe cat FILE...`: prints the canonical text of every function.
pub fn run_cat(files: &[PathBuf], time: bool) -> bool {
    let mut ok = true;
    let mut first = true;
    let (mut insts, mut parse_time, mut verify_time) = (0usize, Duration::ZERO, Duration::ZERO);
    for path in files {
        let Some(text) = read(path) else {
            ok = false;
            continue;
        };
        let start = Instant::now();
        let Some(file) = parse(path, &text) else {
            ok = false;
            continue;
        };
        parse_time += start.elapsed();
        if time {
            let start = Instant::now();
            ok &= verify_all(path, &file);
            verify_time += start.elapsed();
        }
        for (func, _) in &file.functions {
            insts += func.dfg.num_insts();
            if !first {
                crate::output::emit("\n");
            }
            first = false;
            crate::output::emit(&func.display().to_string());
        }
    }
    if time {
        let rate = |d: Duration| insts as f64 / d.as_secs_f64().max(1e-9) / 1e6;
        eprintln!(
            "{insts} instructions: parse {:.2} ms ({:.2} M inst/s), verify {:.2} ms ({:.2} M inst/s)",
            parse_time.as_secs_f64() * 1e3,
            rate(parse_time),
            verify_time.as_secs_f64() * 1e3,
            rate(verify_time)
        );
    }
    ok
}

/// `lathe verify FILE...`: parses and verifies every function.
pub fn run_verify(files: &[PathBuf]) -> bool {
    let mut ok = true;
    for path in files {
        let Some(text) = read(path) else {
            ok = false;
            continue;
        };
        let Some(file) = parse(path, &text) else {
            ok = false;
            continue;
        };
        ok &= verify_all(path, &file);
    }
    ok
}
