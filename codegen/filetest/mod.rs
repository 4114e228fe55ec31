//! The filetest runner: runs CLIF files written in Cranelift's public
//! filetest format and counts passed, failed and skipped cases.
//!
//! A file names its kinds of test in `test` lines; each kind turns the
//! file's functions into cases:
//!
//! | kind | cases | passes when |
//! | --- | --- | --- |
//! | `cat` | one per function | printing, re-reading and printing again gives the same text |
//! | `verifier` | one per function | the verifier reports exactly the `; error:` annotations |
//! | `interpret` | one per `; run:` / `; print:` line | the interpreter's results compare as written |
//! | `run` | one per run line and target | the native code's results compare as written |
//! | `compile` | one per function and target | the function compiles (see [`compile`]) |
//! | `optimize`, others | one per function | (needs the mid-end: skipped) |
//!
//! Failures are printed as `path:line: message` (run lines as
//! `path:line: %f(args): expected X, got Y`); skips are summarised per file
//! with their reason; the last line of a run is `N passed, N failed, N skipped`.
//! The same runner serves `lathe test` and `cargo test`.

pub mod compile;
mod run;
mod verifier_test;

use crate::ir::Function;
use crate::reader::{TestFile, parse_test};
use crate::verifier::verify_function;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What to run.
#[derive(Clone, Debug, Default)]
pub struct TestOptions {
    /// `--target` filters: only `test run` and `test compile` targets with
    /// these ISA names run.
    /// Empty means every target of each file.
    pub targets: Vec<String>,
    /// Print every case, not only failures and skip summaries.
    pub verbose: bool,
}

/// Counts of a test run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed.
    pub failed: usize,
    /// Cases that could not run here (with a reason printed).
    pub skipped: usize,
}

impl Summary {
    /// Adds another summary's counts.
    pub fn add(&mut self, other: Summary) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} passed, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }
}

/// Collects the `.clif` files of `paths`: files as given, directories
/// walked (sorted, so runs are deterministic).
pub fn collect_files(paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut stack = vec![path.clone()];
            let mut found = Vec::new();
            while let Some(dir) = stack.pop() {
                for entry in std::fs::read_dir(&dir)? {
                    let p = entry?.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|e| e == "clif") {
                        found.push(p);
                    }
                }
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Runs every file of `paths`, writing failures and notes to `out`, and the
/// summary line last. Returns the counts.
pub fn run_paths(
    paths: &[PathBuf],
    options: &TestOptions,
    out: &mut dyn Write,
) -> io::Result<Summary> {
    let mut total = Summary::default();
    let mut skips = SkipReasons::new();
    for path in collect_files(paths)? {
        let shown = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                let (summary, file_skips) = run_file_inner(&shown, &text, options, out)?;
                total.add(summary);
                for (reason, count) in file_skips {
                    if options.verbose {
                        write_skip(out, &shown, count, &reason)?;
                    }
                    *skips.entry(reason).or_default() += count;
                }
            }
            Err(e) => {
                writeln!(out, "{shown}: error: {e}")?;
                total.failed += 1;
            }
        }
    }
    for (reason, count) in skips {
        write_skip(out, "skipped", count, &reason)?;
    }
    writeln!(out, "{total}")?;
    Ok(total)
}

/// Skip reasons and how many cases each skipped, in a stable order.
type SkipReasons = BTreeMap<String, usize>;

/// `WHERE: N cases: reason` (`WHERE` is a path, or `skipped` for totals).
fn write_skip(out: &mut dyn Write, place: &str, count: usize, reason: &str) -> io::Result<()> {
    let plural = if count == 1 { "" } else { "s" };
    if place == "skipped" {
        writeln!(out, "skipped {count} case{plural}: {reason}")
    } else {
        writeln!(out, "{place}: skipped {count} case{plural}: {reason}")
    }
}

/// The state of one file's run: where to report, and the counts.
pub(crate) struct FileRun<'a> {
    pub(crate) path: &'a str,
    pub(crate) options: &'a TestOptions,
    pub(crate) out: &'a mut dyn Write,
    pub(crate) summary: Summary,
    /// Skip reasons with their case counts.
    skips: SkipReasons,
    /// Whether every function verified, once checked.
    verified: Option<bool>,
}

impl<'a> FileRun<'a> {
    fn new(path: &'a str, options: &'a TestOptions, out: &'a mut dyn Write) -> Self {
        Self {
            path,
            options,
            out,
            summary: Summary::default(),
            skips: BTreeMap::new(),
            verified: None,
        }
    }

    /// The counts and the skip reasons of the file.
    fn finish(self) -> (Summary, SkipReasons) {
        (self.summary, self.skips)
    }

    /// Verifies every function of `file` once per file run, reporting each
    /// error as a failure; returns whether all verified.
    pub(crate) fn verify_file(&mut self, file: &TestFile) -> io::Result<bool> {
        if let Some(ok) = self.verified {
            return Ok(ok);
        }
        let mut ok = true;
        for (func, details) in &file.functions {
            ok &= verify_for_run(self, func, details.loc.line)?;
        }
        self.verified = Some(ok);
        Ok(ok)
    }

    pub(crate) fn pass(&mut self, line: u32, what: &dyn fmt::Display) -> io::Result<()> {
        self.summary.passed += 1;
        if self.options.verbose {
            writeln!(self.out, "{}:{line}: ok: {what}", self.path)?;
        }
        Ok(())
    }

    pub(crate) fn fail(&mut self, line: u32, message: &dyn fmt::Display) -> io::Result<()> {
        self.summary.failed += 1;
        writeln!(self.out, "{}:{line}: {message}", self.path)
    }

    pub(crate) fn skip(&mut self, count: usize, reason: String) {
        self.summary.skipped += count;
        *self.skips.entry(reason).or_default() += count;
    }
}

/// Parses a file, reporting a parse error as `path:line:col: error: ...`.
fn parse_or_report(path: &str, text: &str, out: &mut dyn Write) -> io::Result<Option<TestFile>> {
    match parse_test(text) {
        Ok(file) => Ok(Some(file)),
        Err(e) => {
            writeln!(out, "{}", e.display_with_path(path))?;
            Ok(None)
        }
    }
}

/// Runs one file's text; `path` is only used in messages. Skips are
/// reported at the end, once per reason.
pub fn run_file(
    path: &str,
    text: &str,
    options: &TestOptions,
    out: &mut dyn Write,
) -> io::Result<Summary> {
    let (summary, skips) = run_file_inner(path, text, options, out)?;
    for (reason, count) in skips {
        write_skip(out, path, count, &reason)?;
    }
    Ok(summary)
}

fn run_file_inner(
    path: &str,
    text: &str,
    options: &TestOptions,
    out: &mut dyn Write,
) -> io::Result<(Summary, SkipReasons)> {
    let Some(file) = parse_or_report(path, text, out)? else {
        return Ok((PARSE_FAILURE, SkipReasons::new()));
    };
    let mut run = FileRun::new(path, options, out);
    if options.verbose {
        note_unused_settings(&mut run, &file)?;
    }
    if file.commands.is_empty() {
        run.skip(file.functions.len().max(1), "no `test` line".to_string());
    }
    for command in &file.commands {
        match command.name.as_str() {
            "cat" => run_cat(&mut run, &file)?,
            "verifier" => verifier_test::run_verifier(&mut run, &file)?,
            "interpret" => run::run_interpret(&mut run, &file)?,
            "run" => run::run_native(&mut run, &file)?,
            "compile" => compile::run_compile(&mut run, &file)?,
            other => {
                let reason = match other {
                    "optimize" => {
                        "`test optimize` needs the mid-end, which lathe does not have yet"
                            .to_string()
                    }
                    _ => format!("lathe does not implement `test {other}`"),
                };
                run.skip(file.functions.len(), reason);
            }
        }
    }
    Ok(run.finish())
}

/// Runs the `; run:` and `; print:` lines of one file's text on the
/// interpreter, whatever its `test` lines say (`lathe interpret`).
pub fn interpret_file(path: &str, text: &str, out: &mut dyn Write) -> io::Result<Summary> {
    let Some(file) = parse_or_report(path, text, out)? else {
        return Ok(PARSE_FAILURE);
    };
    let options = TestOptions::default();
    let mut run = FileRun::new(path, &options, out);
    run::run_interpret(&mut run, &file)?;
    let (summary, skips) = run.finish();
    for (reason, count) in skips {
        write_skip(out, path, count, &reason)?;
    }
    Ok(summary)
}

/// A file that does not parse counts as one failed case.
const PARSE_FAILURE: Summary = Summary {
    passed: 0,
    failed: 1,
    skipped: 0,
};

/// With `-v`, reports ISA flags and settings that lathe accepts but does not
/// use, so a reader knows they had no effect.
fn note_unused_settings(run: &mut FileRun<'_>, file: &TestFile) -> io::Result<()> {
    for target in &file.targets {
        for flag in &target.flags {
            if compile::is_used_target_flag(&target.isa, &flag.name) {
                continue;
            }
            writeln!(
                run.out,
                "{}:{}: note: target `{}`: flag `{}` is accepted and not used",
                run.path, flag.loc, target.isa, flag.name
            )?;
        }
    }
    for setting in &file.settings {
        writeln!(
            run.out,
            "{}:{}: note: setting `{}` is accepted and not used",
            run.path, setting.loc, setting.name
        )?;
    }
    Ok(())
}

/// `test cat`: each function prints, re-reads and prints the same.
fn run_cat(run: &mut FileRun<'_>, file: &TestFile) -> io::Result<()> {
    for (func, details) in &file.functions {
        let once = func.display().to_string();
        match parse_test(&once) {
            Ok(again)
                if again.functions.len() == 1
                    && again.functions[0].0.display().to_string() == once =>
            {
                run.pass(details.loc.line, &format_args!("cat {}", func.name))?
            }
            Ok(_) => run.fail(
                details.loc.line,
                &format_args!(
                    "function {}: printing is not a fixed point:\n{once}",
                    func.name
                ),
            )?,
            Err(e) => run.fail(
                details.loc.line,
                &format_args!(
                    "function {}: printed text does not re-read: {e}\n{once}",
                    func.name
                ),
            )?,
        }
    }
    Ok(())
}

/// Verifies `func`, reporting each error as a failure at its location.
/// Returns whether it verified.
pub(crate) fn verify_for_run(
    run: &mut FileRun<'_>,
    func: &Function,
    line: u32,
) -> io::Result<bool> {
    match verify_function(func) {
        Ok(()) => Ok(true),
        Err(errors) => {
            run.fail(line, &format_args!("does not verify:\n{errors}"))?;
            Ok(false)
        }
    }
}

/// Runs the files under `dir` for `cargo test`: prints to stdout and
/// returns the summary (the caller fails the test when `failed > 0`).
pub fn run_directory_for_cargo_test(dir: &Path) -> io::Result<Summary> {
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    run_paths(&[dir.to_path_buf()], &TestOptions::default(), &mut lock)
}

#[cfg(test)]
mod tests;
