//! Errors of the frontend: misuse of the builder API, found at the call
//! (`try_*` methods) or at [`FunctionBuilder::try_finalize`].
//!
//! Every message names the entity involved (variable, block, instruction,
//! value, type) so that the caller can find the offending call.
//!
//! [`FunctionBuilder::try_finalize`]: super::FunctionBuilder::try_finalize

use super::Variable;
use crate::ir::{Block, Inst, Type, Value};
use core::fmt;

/// One misuse of the [`FunctionBuilder`](super::FunctionBuilder) API or of
/// a helper built on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrontendError {
    /// The variable was never declared with `declare_var`.
    UndeclaredVariable(Variable),
    /// Variables hold integers, floats or fixed-size vectors.
    InvalidVariableType(Type),
    /// `def_var` with a value whose type is not the variable's.
    VariableTypeMismatch {
        /// The variable.
        var: Variable,
        /// Its declared type.
        expected: Type,
        /// The value given.
        value: Value,
        /// The value's type.
        found: Type,
    },
    /// A value that is not a value of this function.
    InvalidValue(Value),
    /// A block that is not a block of this function.
    InvalidBlock(Block),
    /// An instruction or variable access with no current block
    /// (`switch_to_block` first).
    NoCurrentBlock,
    /// An instruction added after the block's terminator, or a switch to a
    /// block that is already terminated.
    BlockFilled(Block),
    /// `switch_to_block` away from a block that has instructions but no
    /// terminator yet.
    UnfinishedBlock(Block),
    /// A branch added to a block that is already sealed: its parameters
    /// were computed without this predecessor.
    BranchToSealedBlock {
        /// The branch.
        branch: Inst,
        /// The sealed target.
        target: Block,
    },
    /// `append_block_param` after SSA construction added parameters to the
    /// block: the user's parameters must come first.
    ParamAfterSsaParams(Block),
    /// `finalize` found a block in the layout that was never sealed.
    BlockNotSealed(Block),
    /// `finalize` found a block in the layout that does not end in a terminator.
    BlockNotFilled(Block),
    /// `finalize` found a branch target that was never switched to.
    TargetNotInLayout(Block),
    /// A `Switch` entry given twice.
    DuplicateSwitchEntry(u128),
    /// A `Switch` entry that the index type cannot hold.
    SwitchEntryOutOfRange {
        /// The entry.
        index: u128,
        /// The type of the switch index.
        ty: Type,
    },
    /// An operand of the wrong type for a helper (`what` names the operand).
    OperandType {
        /// The operand's role (`switch index`, `memcpy size`, …).
        what: &'static str,
        /// The value given.
        value: Value,
        /// Its type.
        found: Type,
        /// What the helper accepts.
        expected: &'static str,
    },
    /// A configuration the helpers do not support (`pointer type i16`).
    Unsupported(String),
}

impl fmt::Display for FrontendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrontendError::UndeclaredVariable(var) => {
                write!(f, "variable `{var}` is used before `declare_var`")
            }
            FrontendError::InvalidVariableType(ty) => write!(
                f,
                "a variable cannot have type `{ty}`: integers, floats and fixed-size vectors only"
            ),
            FrontendError::VariableTypeMismatch {
                var,
                expected,
                value,
                found,
            } => write!(
                f,
                "variable `{var}` has type `{expected}` but `{value}` has type `{found}`"
            ),
            FrontendError::InvalidValue(v) => write!(f, "`{v}` is not a value of this function"),
            FrontendError::InvalidBlock(b) => write!(f, "`{b}` is not a block of this function"),
            FrontendError::NoCurrentBlock => {
                f.write_str("no current block: call `switch_to_block` first")
            }
            FrontendError::BlockFilled(b) => {
                write!(f, "`{b}` already ends in a terminator")
            }
            FrontendError::UnfinishedBlock(b) => write!(
                f,
                "cannot switch away from `{b}`: it has instructions but no terminator"
            ),
            FrontendError::BranchToSealedBlock { branch, target } => write!(
                f,
                "`{branch}` branches to `{target}`, which is already sealed \
                 (seal a block only once all its predecessors are built)"
            ),
            FrontendError::ParamAfterSsaParams(b) => write!(
                f,
                "cannot add a parameter to `{b}`: variable uses already added parameters to it \
                 (add the block's own parameters first)"
            ),
            FrontendError::BlockNotSealed(b) => write!(f, "`{b}` was never sealed"),
            FrontendError::BlockNotFilled(b) => {
                write!(f, "`{b}` does not end in a terminator")
            }
            FrontendError::TargetNotInLayout(b) => {
                write!(f, "`{b}` is a branch target but was never switched to")
            }
            FrontendError::DuplicateSwitchEntry(i) => {
                write!(f, "switch entry {i} is given twice")
            }
            FrontendError::SwitchEntryOutOfRange { index, ty } => {
                write!(
                    f,
                    "switch entry {index} does not fit in the index type `{ty}`"
                )
            }
            FrontendError::OperandType {
                what,
                value,
                found,
                expected,
            } => write!(
                f,
                "{what} `{value}` has type `{found}`, expected {expected}"
            ),
            FrontendError::Unsupported(what) => write!(f, "unsupported: {what}"),
        }
    }
}

impl std::error::Error for FrontendError {}

/// Every problem [`FunctionBuilder::try_finalize`] found, in the order found.
///
/// [`FunctionBuilder::try_finalize`]: super::FunctionBuilder::try_finalize
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FrontendErrors(pub Vec<FrontendError>);

impl fmt::Display for FrontendErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FrontendErrors {}
