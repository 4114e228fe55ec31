//! Semantic tests: each `run/NAME.isle` is compiled, its generated Rust is
//! put in a module together with the hand-written harness `run/NAME.rs`
//! (which implements `Context` and asserts results in `pub fn run()`), and
//! all cases are built by one `rustc` invocation and executed.
//!
//! The generated code is compiled with `-D warnings` (dead code aside, since
//! a harness does not call every constructor) so it stays warning-free.

use std::path::{Path, PathBuf};
use std::process::Command;

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/run");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/run exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "isle"))
        .collect();
    cases.sort();
    cases
}

#[test]
fn generated_matchers_behave_as_the_rules_say() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("isle-run");
    std::fs::create_dir_all(&work).expect("create work dir");
    let options = lathe_isle::CodegenOptions {
        instrument_coverage: true,
        ..Default::default()
    };
    let mut main = String::from("#![allow(dead_code)]\n");
    let mut calls = String::new();
    for case in cases() {
        let name = case
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_string();
        let text = std::fs::read_to_string(&case).expect("read case");
        let generated =
            match lathe_isle::compile_sources(&[(case.display().to_string(), text)], &options) {
                Ok(rust) => rust,
                Err(diagnostics) => panic!("{} does not compile:\n{diagnostics}", case.display()),
            };
        let generated_path = work.join(format!("{name}_generated.rs"));
        std::fs::write(&generated_path, generated).expect("write generated code");
        let harness = case.with_extension("rs");
        assert!(harness.exists(), "{} has no harness", case.display());
        main.push_str(&format!(
            "mod {name} {{\n    include!({:?});\n    include!({:?});\n}}\n",
            generated_path, harness
        ));
        calls.push_str(&format!(
            "    {name}::run();\n    println!(\"{name}: ok\");\n"
        ));
    }
    main.push_str(&format!("fn main() {{\n{calls}}}\n"));
    let main_path = work.join("main.rs");
    std::fs::write(&main_path, main).expect("write main.rs");
    let binary = work.join("run-cases");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let output = Command::new(rustc)
        .args([
            "--edition",
            "2024",
            "-D",
            "warnings",
            "-A",
            "dead_code",
            "-o",
        ])
        .arg(&binary)
        .arg(&main_path)
        .output()
        .expect("run rustc");
    assert!(
        output.status.success(),
        "generated code does not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let run = Command::new(&binary).output().expect("run the cases");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "a case failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        stdout.lines().filter(|l| l.ends_with(": ok")).count(),
        cases().len()
    );
}
