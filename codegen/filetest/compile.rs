//! `test compile` (with or without `precise-output`): every function of the
//! file is compiled for every `target` line whose ISA has a backend.
//!
//! A case is one function on one target: it passes when the function
//! compiles and fails, naming the function, the target and the error, when
//! it does not. Targets without a backend in this build are skipped with a
//! reason naming the ISA. The expected output of `precise-output` files is
//! not checked here: it lives in insta snapshots (`tests/x64_compile.rs`),
//! which build their options with the same [`compile_target`], so a target
//! line means the same thing to both.
//!
//! Invariant: the options never depend on the host. A target line's ISA
//! flags select the optional extensions the backend may use; a flag that is
//! absent means the extension is off (the baseline ISA), whatever the
//! machine running the test has.

use super::FileRun;
use crate::isa::{CompileOptions, Isa, compile_function};
use crate::reader::{Location, Setting, TargetLine, TestFile};
use std::fmt;
use std::io;

/// The x86-64 ISA flags that select [`X64Features`](crate::isa::x64::lower::X64Features),
/// under Cranelift's names. The one place that maps flag names to
/// extensions; [`compile_target`] and the verbose notes both read it.
#[cfg(feature = "x86")]
pub const X64_FEATURE_FLAGS: &[(&str, X64FeatureField)] = &[
    ("has_lzcnt", |f| &mut f.lzcnt),
    ("has_bmi1", |f| &mut f.bmi1),
    ("has_popcnt", |f| &mut f.popcnt),
    ("has_sse41", |f| &mut f.sse41),
];

/// Picks one extension's switch out of the feature set.
#[cfg(feature = "x86")]
pub type X64FeatureField = fn(&mut crate::isa::x64::lower::X64Features) -> &mut bool;

/// Whether `flag` on a target of ISA `isa` changes how lathe compiles.
pub fn is_used_target_flag(isa: &str, flag: &str) -> bool {
    #[cfg(feature = "x86")]
    if Isa::from_name(isa) == Some(Isa::X86_64) {
        return X64_FEATURE_FLAGS.iter().any(|(name, _)| *name == flag);
    }
    let _ = (isa, flag);
    false
}

/// How one `target` line compiles.
#[derive(Clone, Debug)]
pub enum CompileTarget {
    /// The ISA has a backend in this build: compile with these options.
    Compile(Isa, CompileOptions),
    /// It has none: the reason, naming the ISA.
    Skip(String),
}

/// A target line lathe cannot read: a flag with a value that is not a
/// boolean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetError {
    /// Where the flag is written.
    pub loc: Location,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.loc, self.message)
    }
}

impl std::error::Error for TargetError {}

/// The ISA and options a `target` line asks for. Flags this build does not
/// use are accepted and ignored (`lathe test -v` notes them); the flags of
/// [`X64_FEATURE_FLAGS`] turn their extension on (`has_lzcnt`,
/// `has_lzcnt=true`) or off (`has_lzcnt=false`). Only the disassembly and
/// VCode texts are left off: callers that want them set the two `want_`
/// fields.
pub fn compile_target(target: &TargetLine) -> Result<CompileTarget, TargetError> {
    let Some(isa) = Isa::from_name(&target.isa) else {
        return Ok(CompileTarget::Skip(format!(
            "lathe has no `{}` backend",
            target.isa
        )));
    };
    match isa {
        #[cfg(feature = "x86")]
        Isa::X86_64 => {
            let mut features = crate::isa::x64::lower::X64Features::default();
            for flag in &target.flags {
                if let Some((_, field)) = X64_FEATURE_FLAGS.iter().find(|(n, _)| *n == flag.name) {
                    *field(&mut features) = flag_value(flag)?;
                }
            }
            Ok(CompileTarget::Compile(
                isa,
                CompileOptions {
                    x64_features: Some(features),
                    ..CompileOptions::default()
                },
            ))
        }
        other => Ok(CompileTarget::Skip(format!(
            "`test compile` on `{}`: lathe has no `{}` code generator in this build",
            other.name(),
            other.name()
        ))),
    }
}

/// A boolean flag's value: bare means true.
#[cfg_attr(not(feature = "x86"), allow(dead_code))]
fn flag_value(flag: &Setting) -> Result<bool, TargetError> {
    match flag.value.as_deref() {
        None | Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(other) => Err(TargetError {
            loc: flag.loc,
            message: format!(
                "flag `{}` takes `true` or `false`, not `{other}`",
                flag.name
            ),
        }),
    }
}

/// A target line as written, for messages: `x86_64 has_lzcnt`.
pub struct ShowTarget<'a>(pub &'a TargetLine);

impl fmt::Display for ShowTarget<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.isa)?;
        for flag in &self.0.flags {
            write!(f, " {}", flag.name)?;
            if let Some(value) = &flag.value {
                write!(f, "={value}")?;
            }
        }
        Ok(())
    }
}

/// `test compile`: one case per function and target.
pub(super) fn run_compile(run: &mut FileRun<'_>, file: &TestFile) -> io::Result<()> {
    let mut targets: Vec<&TargetLine> = file.targets.iter().collect();
    if !run.options.targets.is_empty() {
        targets.retain(|t| run.options.targets.contains(&t.isa));
    }
    if file.targets.is_empty() {
        run.skip(
            file.functions.len(),
            "`test compile` needs a `target` line".to_string(),
        );
        return Ok(());
    }
    if targets.is_empty() || file.functions.is_empty() {
        return Ok(());
    }
    if !run.verify_file(file)? {
        return Ok(());
    }
    for target in targets {
        let (isa, options) = match compile_target(target) {
            Ok(CompileTarget::Compile(isa, options)) => (isa, options),
            Ok(CompileTarget::Skip(reason)) => {
                run.skip(file.functions.len(), reason);
                continue;
            }
            Err(e) => {
                run.fail(target.loc.line, &format_args!("error: {}", e.message))?;
                continue;
            }
        };
        let shown = ShowTarget(target);
        for (func, details) in &file.functions {
            let line = details.loc.line;
            // `; compile-error: TEXT` in a function: it must be rejected
            // with an error containing TEXT (an unsupported feature shown
            // in a precise-output snapshot).
            let expected_error = details
                .comments
                .iter()
                .find_map(|c| c.text.strip_prefix("compile-error:"))
                .map(str::trim);
            match (compile_function(func, isa, &options), expected_error) {
                (Ok(_), None) => run.pass(
                    line,
                    &format_args!("compile {} (target {shown})", func.name),
                )?,
                (Err(e), Some(want)) if e.to_string().contains(want) => run.pass(
                    line,
                    &format_args!("compile {} (target {shown}): rejected as expected", func.name),
                )?,
                (Err(e), None) => run.fail(
                    line,
                    &format_args!(
                        "function {} (target {shown}) does not compile: {e}",
                        func.name
                    ),
                )?,
                (Err(e), Some(want)) => run.fail(
                    line,
                    &format_args!(
                        "function {} (target {shown}): expected an error containing `{want}`, got: {e}",
                        func.name
                    ),
                )?,
                (Ok(_), Some(want)) => run.fail(
                    line,
                    &format_args!(
                        "function {} (target {shown}) compiled, but an error containing `{want}` was expected",
                        func.name
                    ),
                )?,
            }
        }
    }
    Ok(())
}
