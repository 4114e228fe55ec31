//! The x86-64 backend on every function of every CLIF file in `tests/`
//! (parser samples, verifier cases, run tests, precise-output cases):
//! each either compiles or returns a `CodegenError` — never a panic — at
//! both optimization levels, and a function that fails to verify is
//! rejected with the verifier's message before lowering.

use lathe::isa::{CompileOptions, Isa, compile_function};
use lathe::machinst::compiled::OptLevel;
use lathe::machinst::error::CodegenError;
use lathe::reader::parse_test;
use lathe::verifier::verify_function;
use std::path::{Path, PathBuf};

fn clif_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "clif") {
                out.push(p);
            }
        }
    }
    out.sort();
}

#[test]
fn every_function_compiles_or_reports_an_error() {
    let mut files = Vec::new();
    clif_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"),
        &mut files,
    );
    assert!(files.len() > 30, "found only {} files", files.len());
    let (mut compiled, mut rejected, mut invalid) = (0usize, 0usize, 0usize);
    for path in &files {
        let text = std::fs::read_to_string(path).expect("reads");
        let Ok(file) = parse_test(&text) else {
            continue; // parser error cases
        };
        for (func, _) in &file.functions {
            let verified = verify_function(func).is_ok();
            for opt_level in [OptLevel::Speed, OptLevel::None] {
                let options = CompileOptions {
                    opt_level,
                    want_disasm: true,
                    want_vcode: true,
                    ..CompileOptions::default()
                };
                match compile_function(func, Isa::X86_64, &options) {
                    Ok(code) => {
                        assert!(
                            verified,
                            "{}: {} compiled without verifying",
                            path.display(),
                            func.name
                        );
                        assert!(!code.bytes.is_empty());
                        compiled += 1;
                    }
                    Err(CodegenError::InvalidIr(_)) => {
                        assert!(
                            !verified,
                            "{}: {} verifies but was called invalid",
                            path.display(),
                            func.name
                        );
                        invalid += 1;
                    }
                    Err(e) => {
                        assert!(
                            !matches!(e, CodegenError::Regalloc(_) | CodegenError::Backend(_)),
                            "{}: {}: a backend bug: {e}",
                            path.display(),
                            func.name
                        );
                        rejected += 1;
                    }
                }
            }
        }
    }
    eprintln!("{compiled} compiled, {rejected} unsupported, {invalid} invalid");
    assert!(compiled > 1000, "only {compiled} compiled");
}
