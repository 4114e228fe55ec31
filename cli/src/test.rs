//! `lathe test` and `lathe interpret`: run filetests.

use lathe::filetest::{Summary, TestOptions, collect_files, interpret_file, run_paths};
use std::io::{self, Write};
use std::path::PathBuf;

/// `lathe test [--target T]... [-v] PATH...`: prints failures, skip reasons
/// and the summary line; returns whether nothing failed.
pub fn run_test(paths: &[PathBuf], targets: Vec<String>, verbose: bool) -> bool {
    let options = TestOptions { targets, verbose };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match run_paths(paths, &options, &mut out) {
        Ok(summary) => summary.failed == 0,
        // A closed pipe (`lathe test ... | head`) ends the run quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            eprintln!("lathe test: error: {e}");
            false
        }
    }
}

/// `lathe interpret FILE...`: runs every `; run:` line on the interpreter.
pub fn run_interpret(paths: &[PathBuf]) -> bool {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let files = match collect_files(paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("lathe interpret: error: {e}");
            return false;
        }
    };
    let mut total = Summary::default();
    for path in files {
        let shown = path.display().to_string();
        let result = std::fs::read(&path).and_then(|bytes| {
            let text = String::from_utf8_lossy(&bytes);
            interpret_file(&shown, &text, &mut out)
        });
        match result {
            Ok(s) => total.add(s),
            // A closed pipe ends the run quietly.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return true,
            Err(e) => {
                let _ = writeln!(out, "{shown}: error: {e}");
                total.failed += 1;
            }
        }
    }
    let _ = writeln!(out, "{total}");
    total.failed == 0
}
