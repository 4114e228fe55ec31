//! Jump tables of `br_table` and exception tables of `try_call`.
//!
//! Both hold [`BlockCall`]s whose arguments live in the DFG's value-list
//! pool, so printing them needs the pool (`display(&pool)`).
//!
//! - [`JumpTableData`]: the default target then the indexed targets; text
//!   `block4, [block1, block2(v3)]` (the `br_table v0, ` prefix is the
//!   instruction's).
//! - [`ExceptionTableData`]: the callee signature, the normal-return target
//!   and the handlers; text `sig0, block1(ret0), [ tag1: block2(exn0),
//!   default: block3(exn0) ]` (`[]` with no handlers).

use super::block_call::{BlockCall, ValueListPool};
use super::entities::{ExceptionTag, SigRef, Value};
use core::fmt;

/// The targets of a `br_table`: the default first, then the table.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct JumpTableData {
    /// Index 0 is the default; index `i + 1` is table entry `i`.
    all: Vec<BlockCall>,
}

impl JumpTableData {
    /// A table with `default` and `entries`.
    pub fn new(default: BlockCall, entries: &[BlockCall]) -> Self {
        let mut all = Vec::with_capacity(entries.len() + 1);
        all.push(default);
        all.extend_from_slice(entries);
        Self { all }
    }

    /// The target taken when the index is out of range.
    pub fn default_block(&self) -> BlockCall {
        self.all[0]
    }

    /// The default target, writable.
    pub fn default_block_mut(&mut self) -> &mut BlockCall {
        &mut self.all[0]
    }

    /// The indexed targets.
    pub fn as_slice(&self) -> &[BlockCall] {
        &self.all[1..]
    }

    /// The indexed targets, writable.
    pub fn as_mut_slice(&mut self) -> &mut [BlockCall] {
        &mut self.all[1..]
    }

    /// Every target: the default then the entries.
    pub fn all_branches(&self) -> &[BlockCall] {
        &self.all
    }

    /// Every target, writable.
    pub fn all_branches_mut(&mut self) -> &mut [BlockCall] {
        &mut self.all
    }

    /// Number of indexed entries.
    pub fn len(&self) -> usize {
        self.all.len() - 1
    }

    /// Has the table no indexed entries?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A printable form: `block4, [block1, block2(v3)]`.
    pub fn display<'a>(&'a self, pool: &'a ValueListPool) -> impl fmt::Display + 'a {
        DisplayJumpTable { table: self, pool }
    }
}

struct DisplayJumpTable<'a> {
    table: &'a JumpTableData,
    pool: &'a ValueListPool,
}

impl fmt::Display for DisplayJumpTable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, [", self.table.default_block().display(self.pool))?;
        for (i, call) in self.table.as_slice().iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", call.display(self.pool))?;
        }
        f.write_str("]")
    }
}

/// One handler entry of an exception table.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ExceptionTableItem {
    /// Exceptions with this tag go to the block call.
    Tag(ExceptionTag, BlockCall),
    /// Every other exception goes to the block call.
    Default(BlockCall),
    /// The dynamic context value for the handlers that follow.
    Context(Value),
}

/// The successors of a `try_call`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct ExceptionTableData {
    /// The callee's signature.
    pub sig: SigRef,
    /// Where a normal return continues (its arguments may use `retN`).
    pub normal_return: BlockCall,
    /// Handlers and context values, in text order.
    pub items: Vec<ExceptionTableItem>,
}

impl ExceptionTableData {
    /// A table.
    pub fn new(sig: SigRef, normal_return: BlockCall, items: Vec<ExceptionTableItem>) -> Self {
        Self {
            sig,
            normal_return,
            items,
        }
    }

    /// Every block call: the normal return, then each handler in order.
    pub fn all_branches(&self) -> impl Iterator<Item = BlockCall> + '_ {
        core::iter::once(self.normal_return).chain(self.items.iter().filter_map(
            |item| match item {
                ExceptionTableItem::Tag(_, call) | ExceptionTableItem::Default(call) => Some(*call),
                ExceptionTableItem::Context(_) => None,
            },
        ))
    }

    /// Applies `f` to every block call (normal return first).
    pub fn for_each_branch_mut(&mut self, mut f: impl FnMut(&mut BlockCall)) {
        f(&mut self.normal_return);
        for item in &mut self.items {
            if let ExceptionTableItem::Tag(_, call) | ExceptionTableItem::Default(call) = item {
                f(call);
            }
        }
    }

    /// The context values.
    pub fn contexts(&self) -> impl Iterator<Item = Value> + '_ {
        self.items.iter().filter_map(|item| match item {
            ExceptionTableItem::Context(v) => Some(*v),
            _ => None,
        })
    }

    /// A printable form: `sig0, block1(ret0), [ tag1: block2(exn0) ]`.
    pub fn display<'a>(&'a self, pool: &'a ValueListPool) -> impl fmt::Display + 'a {
        DisplayExceptionTable { table: self, pool }
    }
}

struct DisplayExceptionTable<'a> {
    table: &'a ExceptionTableData,
    pool: &'a ValueListPool,
}

impl fmt::Display for DisplayExceptionTable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, {}, [",
            self.table.sig,
            self.table.normal_return.display(self.pool)
        )?;
        for (i, item) in self.table.items.iter().enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            match item {
                ExceptionTableItem::Tag(tag, call) => {
                    write!(f, "{tag}: {}", call.display(self.pool))?
                }
                ExceptionTableItem::Default(call) => {
                    write!(f, "default: {}", call.display(self.pool))?
                }
                ExceptionTableItem::Context(v) => write!(f, "context {v}")?,
            }
        }
        f.write_str(if self.table.items.is_empty() {
            "]"
        } else {
            " ]"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityRef;
    use crate::ir::block_call::BlockArg;
    use crate::ir::entities::Block;

    #[test]
    fn text_forms() {
        let mut pool = ValueListPool::new();
        let b = |n: usize, args: &[BlockArg], pool: &mut ValueListPool| {
            BlockCall::new(Block::new(n), args.iter().copied(), pool)
        };
        let default = b(4, &[], &mut pool);
        let e1 = b(1, &[], &mut pool);
        let e2 = b(2, &[BlockArg::Value(Value::new(3))], &mut pool);
        let jt = JumpTableData::new(default, &[e1, e2]);
        assert_eq!(
            jt.display(&pool).to_string(),
            "block4, [block1, block2(v3)]"
        );
        assert_eq!(jt.len(), 2);
        assert_eq!(jt.all_branches().len(), 3);
        let empty = JumpTableData::new(default, &[]);
        assert_eq!(empty.display(&pool).to_string(), "block4, []");

        let normal = b(1, &[BlockArg::TryCallRet(0)], &mut pool);
        let handler = b(2, &[BlockArg::TryCallExn(0)], &mut pool);
        let fallback = b(3, &[], &mut pool);
        let et = ExceptionTableData::new(
            SigRef::new(0),
            normal,
            vec![
                ExceptionTableItem::Context(Value::new(7)),
                ExceptionTableItem::Tag(ExceptionTag::new(1), handler),
                ExceptionTableItem::Default(fallback),
            ],
        );
        assert_eq!(
            et.display(&pool).to_string(),
            "sig0, block1(ret0), [ context v7, tag1: block2(exn0), default: block3 ]"
        );
        assert_eq!(et.all_branches().count(), 3);
        assert_eq!(et.contexts().collect::<Vec<_>>(), vec![Value::new(7)]);
        let bare = ExceptionTableData::new(SigRef::new(0), normal, vec![]);
        assert_eq!(bare.display(&pool).to_string(), "sig0, block1(ret0), []");
    }
}
