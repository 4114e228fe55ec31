//! The IR verifier: checks that a function is well formed.
//!
//! [`verify_function`] runs every check and reports every problem found
//! (not only the first) as [`VerifierErrors`]. Checks, by file:
//! - `structure`: entity references in range (values, blocks, stack
//!   slots, global values, functions, signatures, tables, constants),
//!   preamble sanity (global value chains without cycles, dynamic types),
//!   blocks in the layout, exactly one terminator at the end of every block,
//!   entry block parameters against the signature;
//! - `ssa`: every used value is defined, and its definition dominates the
//!   use (dominator tree computed iteratively; uses in unreachable blocks
//!   are not checked for dominance);
//! - `typecheck`: controlling types, operand and result types against the
//!   generated constraint tables, call and return arguments against
//!   signatures, block-call argument counts and types, immediates in range,
//!   memory flags.
//!
//! Each error names the function, the entity (instruction, block, value…)
//! and, for instructions, a short rendering of the instruction.

mod ssa;
mod structure;
mod typecheck;

use crate::dominator_tree::DominatorTree;
use crate::flowgraph::ControlFlowGraph;
use crate::ir::{AnyEntity, Function, Inst};
use core::fmt;

/// One problem found by the verifier.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct VerifierError {
    /// The function's name (`%f`, `u0:1`).
    pub function: String,
    /// Where the problem is.
    pub location: AnyEntity,
    /// The instruction's text, when the location is an instruction.
    pub context: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for VerifierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "function {}: {}", self.function, self.location)?;
        if let Some(context) = &self.context {
            write!(f, " (`{context}`)")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in one function, in the order found.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct VerifierErrors(pub Vec<VerifierError>);

impl VerifierErrors {
    /// Were no problems found?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems.
    pub fn iter(&self) -> core::slice::Iter<'_, VerifierError> {
        self.0.iter()
    }
}

impl fmt::Display for VerifierErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for VerifierErrors {}

/// Checks `func`; `Err` lists every problem found.
pub fn verify_function(func: &Function) -> Result<(), VerifierErrors> {
    let cfg = ControlFlowGraph::with_function(func);
    let domtree = DominatorTree::with_function(func, &cfg);
    let mut v = Verifier {
        func,
        domtree: &domtree,
        errors: Vec::new(),
        name: func.name.to_string(),
    };
    v.run();
    if v.errors.is_empty() {
        Ok(())
    } else {
        Err(VerifierErrors(v.errors))
    }
}

/// The state of one verification.
pub(crate) struct Verifier<'a> {
    pub(crate) func: &'a Function,
    pub(crate) domtree: &'a DominatorTree,
    errors: Vec<VerifierError>,
    name: String,
}

impl Verifier<'_> {
    fn run(&mut self) {
        self.check_preamble();
        self.check_layout();
        let func = self.func;
        for block in func.layout.blocks() {
            if !func.dfg.block_is_valid(block) {
                continue;
            }
            for inst in func.layout.block_insts(block) {
                if !func.dfg.inst_is_valid(inst) {
                    continue;
                }
                if !self.check_inst_entities(inst) {
                    continue;
                }
                let defined = self.check_inst_values(inst, block);
                if defined {
                    self.check_inst_types(inst);
                }
            }
        }
    }

    /// Records an error at `location`.
    pub(crate) fn report(&mut self, location: impl Into<AnyEntity>, message: impl Into<String>) {
        let location = location.into();
        let context = match location {
            AnyEntity::Inst(inst) if self.func.dfg.inst_is_valid(inst) => {
                Some(self.inst_text(inst))
            }
            _ => None,
        };
        self.errors.push(VerifierError {
            function: self.name.clone(),
            location,
            context,
            message: message.into(),
        });
    }

    /// The text of `inst` as the writer prints it.
    pub(crate) fn inst_text(&self, inst: Inst) -> String {
        crate::write::instruction_text(self.func, inst)
    }
}

#[cfg(test)]
mod tests;
