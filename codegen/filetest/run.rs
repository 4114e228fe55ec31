//! `test interpret` and `test run`: the `; run:` and `; print:` directives.
//!
//! Each directive is parsed against the signature of the function it
//! names (any function of the file), executed, and compared. `test
//! interpret` runs on the CLIF interpreter; `test run` runs native code on
//! each `target` of the file (the host when there is none) and is skipped,
//! with the reason, for targets lathe cannot compile or execute.

use super::FileRun;
#[cfg(feature = "interpreter")]
use crate::data_value::DataValue;
#[cfg(feature = "interpreter")]
use crate::reader::Comparison;
use crate::reader::{RunCommand, TestFile, parse_run_command};
#[cfg(feature = "interpreter")]
use std::fmt;
use std::io;

/// The directives of `file`, each with its source line; malformed ones are
/// reported as failures.
fn directives(run: &mut FileRun<'_>, file: &TestFile) -> io::Result<Vec<(u32, RunCommand)>> {
    let mut out = Vec::new();
    for (func, details) in &file.functions {
        let name = func.name.to_string();
        let attached_to = name.strip_prefix('%').unwrap_or(&name);
        for comment in &details.comments {
            let lookup = |name: &str| {
                file.functions
                    .iter()
                    .find(|(f, _)| f.name.to_string().strip_prefix('%') == Some(name))
                    .map(|(f, _)| &f.signature)
            };
            match parse_run_command(&comment.text, comment.loc, attached_to, lookup) {
                Ok(Some(cmd)) => out.push((comment.loc.line, cmd)),
                Ok(None) => {}
                Err(e) => run.fail(
                    comment.loc.line,
                    &format_args!("malformed run line: {}", e.message),
                )?,
            }
        }
    }
    Ok(out)
}

/// `%f(1, 2)` for messages.
#[cfg(feature = "interpreter")]
struct ShowCall<'a>(&'a RunCommand);

#[cfg(feature = "interpreter")]
impl fmt::Display for ShowCall<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inv = self.0.invocation();
        write!(f, "%{}(", inv.func)?;
        for (i, a) in inv.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{a}")?;
        }
        f.write_str(")")
    }
}

/// One value, or `[a, b]` for several.
#[cfg(feature = "interpreter")]
struct ShowValues<'a>(&'a [DataValue]);

#[cfg(feature = "interpreter")]
impl fmt::Display for ShowValues<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [one] => write!(f, "{one}"),
            many => {
                f.write_str("[")?;
                for (i, v) in many.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
        }
    }
}

/// Checks one directive's outcome; `outcome` is the results or the error
/// (a trap, an unsupported opcode, ...) as text.
#[cfg(feature = "interpreter")]
fn judge(
    run: &mut FileRun<'_>,
    line: u32,
    cmd: &RunCommand,
    outcome: Result<Vec<DataValue>, String>,
) -> io::Result<()> {
    let call = ShowCall(cmd);
    let results = match outcome {
        Ok(r) => r,
        Err(e) => {
            let expected = match cmd {
                RunCommand::Compare(_, Comparison::Equal, want) => {
                    format!("expected {}", ShowValues(want))
                }
                RunCommand::Compare(_, Comparison::NotEqual, want) => {
                    format!("expected not {}", ShowValues(want))
                }
                RunCommand::NonZero(_) => "expected a non-zero result".to_string(),
                RunCommand::Print(_) => "expected results".to_string(),
            };
            return run.fail(line, &format_args!("{call}: {expected}, got {e}"));
        }
    };
    match cmd {
        RunCommand::Print(_) => {
            writeln!(
                run.out,
                "{}:{line}: {call} -> {}",
                run.path,
                ShowValues(&results)
            )?;
            run.summary.passed += 1;
            Ok(())
        }
        RunCommand::NonZero(_) => {
            if results.len() == 1 && results[0].is_nonzero() {
                run.pass(line, &call)
            } else {
                run.fail(
                    line,
                    &format_args!(
                        "{call}: expected a non-zero result, got {}",
                        ShowValues(&results)
                    ),
                )
            }
        }
        RunCommand::Compare(_, comparison, want) => {
            let equal = &results == want;
            match (comparison, equal) {
                (Comparison::Equal, true) | (Comparison::NotEqual, false) => run.pass(line, &call),
                (Comparison::Equal, false) => run.fail(
                    line,
                    &format_args!(
                        "{call}: expected {}, got {}",
                        ShowValues(want),
                        ShowValues(&results)
                    ),
                ),
                (Comparison::NotEqual, true) => run.fail(
                    line,
                    &format_args!(
                        "{call}: expected not {}, got {}",
                        ShowValues(want),
                        ShowValues(&results)
                    ),
                ),
            }
        }
    }
}

/// `test interpret`.
#[cfg(feature = "interpreter")]
pub(super) fn run_interpret(run: &mut FileRun<'_>, file: &TestFile) -> io::Result<()> {
    use crate::interp::{FunctionStore, Interpreter};
    let directives = directives(run, file)?;
    if !run.verify_file(file)? {
        return Ok(());
    }
    let mut store = FunctionStore::new();
    for (func, _) in &file.functions {
        store.add(func);
    }
    for (line, cmd) in &directives {
        let inv = cmd.invocation();
        let outcome = Interpreter::new(&store)
            .call_by_name(&inv.func, &inv.args)
            .map_err(|e| e.to_string());
        judge(run, *line, cmd, outcome)?;
    }
    Ok(())
}

/// `test interpret` without the interpreter compiled in.
#[cfg(not(feature = "interpreter"))]
pub(super) fn run_interpret(run: &mut FileRun<'_>, file: &TestFile) -> io::Result<()> {
    let directives = directives(run, file)?;
    run.skip(
        directives.len(),
        "`test interpret` needs lathe's `interpreter` feature".to_string(),
    );
    Ok(())
}

/// `test run`: native execution on each target of the file.
pub(super) fn run_native(run: &mut FileRun<'_>, file: &TestFile) -> io::Result<()> {
    let directives = directives(run, file)?;
    let mut isas: Vec<String> = file.targets.iter().map(|t| t.isa.clone()).collect();
    if isas.is_empty() {
        isas.push(host_isa().to_string());
    }
    if !run.options.targets.is_empty() {
        isas.retain(|isa| run.options.targets.iter().any(|t| t == isa));
    }
    if directives.is_empty() || isas.is_empty() {
        return Ok(());
    }
    if !run.verify_file(file)? {
        return Ok(());
    }
    for isa in isas {
        let reason = match isa.as_str() {
            "x86_64" | "aarch64" | "s390x" => {
                format!(
                    "`test run` on `{isa}` needs lathe's {isa} backend, which does not exist yet"
                )
            }
            other => format!("lathe has no `{other}` backend"),
        };
        run.skip(directives.len(), reason);
    }
    Ok(())
}

/// The ISA name of the machine running the tests.
fn host_isa() -> &'static str {
    if cfg!(target_arch = "x86_64") {
        "x86_64"
    } else if cfg!(target_arch = "aarch64") {
        "aarch64"
    } else if cfg!(target_arch = "s390x") {
        "s390x"
    } else {
        "unknown"
    }
}
