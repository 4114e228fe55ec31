//! Runs every `; run:` line of `tests/filetests/runtests/*.clif` through the
//! CLIF interpreter and checks that all of them pass.
//!
//! The files are in the public filetest syntax (`test interpret`, `test run`
//! headers, `; run: %f(args) == expected`), so the filetest runner runs the
//! same files; this test keeps the interpreter honest on its own, and fails
//! with `path:line: ...` for each assertion that does not hold.

use lathe::data_value::DataValue;
use lathe::interp::{FunctionStore, Interpreter};
use lathe::reader::{Comparison, RunCommand, parse_run_command, parse_test};
use std::path::{Path, PathBuf};

fn runtest_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/filetests/runtests");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e == "clif"))
        .collect();
    files.sort();
    files
}

fn show(values: &[DataValue]) -> String {
    match values {
        [one] => one.to_string(),
        _ => {
            let parts: Vec<String> = values.iter().map(DataValue::to_string).collect();
            format!("[{}]", parts.join(", "))
        }
    }
}

/// Runs one file; returns (assertions run, failure messages).
fn run_file(path: &Path) -> (usize, Vec<String>) {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{shown}: {e}"));
    let file = match parse_test(&text) {
        Ok(f) => f,
        Err(e) => return (0, vec![e.display_with_path(&shown).to_string()]),
    };
    if !file.commands.iter().any(|c| c.name == "interpret") {
        return (0, vec![format!("{shown}: no `test interpret` line")]);
    }
    let mut store = FunctionStore::new();
    for (func, _) in &file.functions {
        store.add(func);
    }
    let signature_of = |name: &str| store.get_by_name(name).map(|f| &f.signature);
    let mut count = 0;
    let mut failures = Vec::new();
    for (_, details) in &file.functions {
        for comment in &details.comments {
            let command = match parse_run_command(&comment.text, comment.loc, signature_of) {
                Ok(Some(c)) => c,
                Ok(None) => continue,
                Err(e) => {
                    failures.push(e.display_with_path(&shown).to_string());
                    continue;
                }
            };
            count += 1;
            let inv = command.invocation();
            let args: Vec<String> = inv.args.iter().map(DataValue::to_string).collect();
            let call = format!("%{}({})", inv.func, args.join(", "));
            let where_ = format!("{shown}:{}", comment.loc.line);
            let mut interp = Interpreter::new(&store);
            let actual = match interp.call_by_name(&inv.func, &inv.args) {
                Ok(values) => values,
                Err(e) => {
                    failures.push(format!("{where_}: {call}: {e}"));
                    continue;
                }
            };
            let ok = match &command {
                RunCommand::Print(_) => true,
                RunCommand::Compare(_, Comparison::Equal, expected) => &actual == expected,
                RunCommand::Compare(_, Comparison::NotEqual, expected) => &actual != expected,
                RunCommand::NonZero(_) => actual.len() == 1 && actual[0].is_nonzero(),
            };
            if !ok {
                let expected = match &command {
                    RunCommand::Compare(_, Comparison::Equal, e) => show(e),
                    RunCommand::Compare(_, Comparison::NotEqual, e) => format!("!= {}", show(e)),
                    _ => "non-zero".to_string(),
                };
                failures.push(format!(
                    "{where_}: {call}: expected {expected}, got {}",
                    show(&actual)
                ));
            }
        }
    }
    (count, failures)
}

#[test]
fn every_runtest_passes_in_the_interpreter() {
    let files = runtest_files();
    assert!(!files.is_empty(), "no run test files");
    let mut total = 0;
    let mut failures = Vec::new();
    for path in &files {
        let (count, mut file_failures) = run_file(path);
        if count == 0 && file_failures.is_empty() {
            file_failures.push(format!("{}: no `; run:` lines", path.display()));
        }
        total += count;
        failures.append(&mut file_failures);
    }
    for f in &failures {
        eprintln!("{f}");
    }
    eprintln!(
        "{} passed, {} failed",
        total.saturating_sub(failures.len()),
        failures.len()
    );
    assert!(failures.is_empty(), "{} run test failures", failures.len());
}
