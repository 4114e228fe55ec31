//! The filetest frame around CLIF functions, as data.
//!
//! A filetest is a header (`test`, `set`, `target`, `feature` lines) followed
//! by functions; comments may carry directives (`; run: ...`, `; print:`,
//! `; error: ...`). The reader keeps all of it, including headers naming
//! targets and settings lathe does not know, so the test runner can decide
//! what to run and what to report — an unknown target is never a parse error.

use crate::ir::{Function, Inst};
use crate::reader::lexer::Location;

/// A comment and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The text after `;`, trimmed.
    pub text: String,
    /// Where the `;` is.
    pub loc: Location,
}

/// A `test <name> [options...]` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestCommand {
    /// The test kind: `run`, `interpret`, `compile`, `verifier`, `cat`, `optimize`, ...
    pub name: String,
    /// The words after the name, e.g. `precise-output`.
    pub options: Vec<String>,
    /// Where the line starts.
    pub loc: Location,
}

/// A `set name[=value]` setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// The setting's name.
    pub name: String,
    /// Its value; `None` for a bare boolean flag (`set enable_verifier`).
    pub value: Option<String>,
    /// Where the setting is written.
    pub loc: Location,
}

/// A `target <isa> [flags...]` line, with the `set` lines in effect before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetLine {
    /// The ISA name as written (`x86_64`, `aarch64`, `s390x`, `riscv64`, ...).
    pub isa: String,
    /// ISA flags as written (`has_avx`, `sign_return_address`, `arch13`, ...),
    /// including `name=value` flags.
    pub flags: Vec<Setting>,
    /// The shared settings (`set ...`) in effect for this target: every `set`
    /// line above this `target` line, in order.
    pub settings: Vec<Setting>,
    /// Where the line starts.
    pub loc: Location,
}

/// A `feature "name"` or `feature !"name"` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feature {
    /// The Cargo feature name.
    pub name: String,
    /// `true` for `feature "name"`, `false` for `feature !"name"`.
    pub enabled: bool,
    /// Where the line starts.
    pub loc: Location,
}

/// Where the parts of a function were written, and the comments around it.
#[derive(Clone, Debug, Default)]
pub struct FunctionDetails {
    /// Location of the `function` keyword.
    pub loc: Location,
    /// Comments inside the function and after it up to the next function,
    /// in source order. Run directives are among them.
    pub comments: Vec<Comment>,
    /// Where each instruction starts, in instruction order (the reader
    /// creates instructions in increasing order).
    pub inst_locs: Vec<(Inst, Location)>,
}

impl FunctionDetails {
    /// The source location of `inst`, if it came from text.
    pub fn inst_location(&self, inst: Inst) -> Option<Location> {
        self.inst_locs
            .iter()
            .find(|(i, _)| *i == inst)
            .map(|(_, l)| *l)
    }
}

/// A whole parsed filetest.
#[derive(Clone, Debug, Default)]
pub struct TestFile {
    /// The `test` lines, in order.
    pub commands: Vec<TestCommand>,
    /// Every `set` line, in order (including those after the last `target`).
    pub settings: Vec<Setting>,
    /// The `target` lines, in order.
    pub targets: Vec<TargetLine>,
    /// The `feature` lines.
    pub features: Vec<Feature>,
    /// Comments before the first function.
    pub preamble_comments: Vec<Comment>,
    /// The functions with their details, in source order.
    pub functions: Vec<(Function, FunctionDetails)>,
}
