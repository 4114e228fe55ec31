//! `cargo test` entry for the filetests: runs every `tests/filetests/**/*.clif`
//! through the same runner as `lathe test`, printing the same summary line,
//! and fails when any case fails.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/filetests");
    match lathe::filetest::run_directory_for_cargo_test(&dir) {
        Ok(summary) if summary.failed == 0 => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("filetests: error: {e}");
            ExitCode::FAILURE
        }
    }
}
