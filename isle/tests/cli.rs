//! The `isle` command: exit codes, diagnostics on standard error, output file.

use std::path::Path;
use std::process::Command;

fn isle(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_isle"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run isle");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn check_accepts_good_files_and_rejects_bad_ones() {
    let (code, _, stderr) = isle(&["check", "tests/pass/basics.isle"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = isle(&["check", "tests/fail/overlap.isle"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(
            "tests/fail/overlap.isle:4:1: error: rules `add_any` and `add_zero` overlap"
        ),
        "{stderr}"
    );
}

#[test]
fn compile_writes_the_output_file() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-out.rs");
    let out_str = out.to_str().expect("utf-8 path");
    let (code, _, stderr) = isle(&[
        "compile",
        "tests/pass/basics.isle",
        "-o",
        out_str,
        "--coverage",
        "--time",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("total"), "{stderr}");
    let rust = std::fs::read_to_string(&out).expect("output written");
    assert!(rust.contains("pub fn constructor_lower"));
    assert!(rust.contains("pub fn rule_coverage"));
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(isle(&[]).0, 2);
    assert_eq!(isle(&["frob"]).0, 2);
    assert_eq!(isle(&["compile", "tests/pass/basics.isle"]).0, 2);
    assert_eq!(isle(&["check"]).0, 2);
    assert_eq!(
        isle(&["compile", "x.isle", "-o", "y.rs", "--context", "not valid"]).0,
        2
    );
}
