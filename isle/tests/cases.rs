//! File-based tests: every `pass/*.isle` compiles (its generated Rust is an
//! insta snapshot), every `fail/*.isle` is rejected (its rendered
//! diagnostics are an insta snapshot).

use std::path::{Path, PathBuf};

/// The `.isle` files of `tests/<dir>`, sorted, as (display name, text).
fn files(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
        .expect("test directory exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "isle"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = format!(
                "{dir}/{}",
                p.file_name().and_then(|n| n.to_str()).expect("utf-8")
            );
            (name, std::fs::read_to_string(&p).expect("readable file"))
        })
        .collect()
}

fn stem(name: &str) -> &str {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.strip_suffix(".isle").unwrap_or(file)
}

#[test]
fn pass_cases_compile() {
    let cases = files("pass");
    assert!(!cases.is_empty());
    for (name, text) in cases {
        let rust = match lathe_isle::compile_sources(&[(name.clone(), text)], &Default::default()) {
            Ok(rust) => rust,
            Err(diagnostics) => panic!("{name} should compile:\n{diagnostics}"),
        };
        insta::assert_snapshot!(format!("pass_{}", stem(&name)), rust);
    }
}

#[test]
fn fail_cases_report_every_error() {
    let cases = files("fail");
    assert!(!cases.is_empty());
    for (name, text) in cases {
        let diagnostics = match lathe_isle::check_sources(&[(name.clone(), text)]) {
            Ok(()) => panic!("{name} should fail"),
            Err(diagnostics) => diagnostics,
        };
        let rendered = diagnostics.to_string();
        // Every error starts with `file:line:col: error:`.
        for d in &diagnostics.list {
            assert!(
                d.primary.is_some(),
                "{name}: error without location: {}",
                d.message
            );
        }
        assert!(rendered.starts_with(&format!("{name}:")), "{rendered}");
        insta::assert_snapshot!(format!("fail_{}", stem(&name)), rendered);
    }
}

#[test]
fn files_compile_together_and_missing_files_are_reported() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pass");
    let paths = vec![root.join("basics.isle")];
    assert!(lathe_isle::compile_files(&paths, &Default::default()).is_ok());
    let missing = vec![root.join("does-not-exist.isle")];
    let error = lathe_isle::check_files(&missing).expect_err("missing file");
    assert!(
        error.to_string().starts_with("error: cannot read `"),
        "{error}"
    );
}

#[test]
fn context_trait_name_is_configurable() {
    let options = lathe_isle::CodegenOptions {
        context_trait: "LowerCtx".to_string(),
        ..Default::default()
    };
    let (name, text) = files("pass").into_iter().next().expect("a pass case");
    let rust = lathe_isle::compile_sources(&[(name, text)], &options).expect("compiles");
    assert!(rust.contains("pub trait LowerCtx"));
    assert!(rust.contains("C: LowerCtx + ?Sized"));
}

#[test]
fn output_is_deterministic() {
    for (name, text) in files("pass") {
        let source = [(name, text)];
        let a = lathe_isle::compile_sources(&source, &Default::default()).expect("compiles");
        let b = lathe_isle::compile_sources(&source, &Default::default()).expect("compiles");
        assert_eq!(a, b);
    }
}
