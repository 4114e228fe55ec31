//! `Switch`: a multi-way branch on an integer, as jump tables and a
//! balanced tree of comparisons.
//!
//! The entries (index → block) are kept sorted. [`Switch::emit`] groups
//! them into runs of consecutive indices; a run of at least
//! [`MIN_JUMP_TABLE_ENTRIES`] becomes one `br_table` on `index - first`,
//! shorter runs become single cases. The resulting nodes, in index order,
//! are searched with a balanced binary tree of unsigned `icmp uge` splits
//! down to groups of at most [`MAX_LINEAR_NODES`], which are tested in a
//! row (`icmp eq` per case, a range check and table per run) and fall
//! through to the default block.
//!
//! Index width: the index may be `i8`…`i64`; entries must fit it. A table
//! subtracts its first index in the index type; for a value below the run
//! the subtraction wraps to a number at least the table length, so the
//! table's default catches it. `br_table` takes an `i32`, so narrower
//! indices are zero-extended and an `i64` one is range-checked before it
//! is reduced.
//!
//! The tree is built with an explicit work stack. Every block the switch
//! creates is sealed as soon as its one predecessor (two for the
//! continuation after an `i64` table) exists; the case and default blocks
//! are the caller's, who seals them. They must take no parameters.

use super::{FrontendError, FunctionBuilder};
use crate::ir::condcodes::IntCC;
use crate::ir::types::{self, Type};
use crate::ir::{Block, InstBuilder, JumpTableData, Value};
use std::collections::BTreeMap;

/// Runs of at least this many consecutive indices become jump tables.
pub const MIN_JUMP_TABLE_ENTRIES: usize = 4;

/// Groups of at most this many nodes are tested in a row instead of split.
pub const MAX_LINEAR_NODES: usize = 3;

/// A multi-way branch on an integer index: entries map indices to target
/// blocks, [`Switch::emit`] ends the current block with the branch. Runs of
/// at least [`MIN_JUMP_TABLE_ENTRIES`] consecutive indices become jump
/// tables; the rest a balanced tree of unsigned comparisons. Target blocks
/// take no parameters, and the caller seals them.
#[derive(Clone, Debug, Default)]
pub struct Switch {
    cases: BTreeMap<u128, Block>,
}

/// One node of the search: a single case or a run of consecutive ones.
#[derive(Clone, Debug, PartialEq, Eq)]
enum SwitchNode {
    Case { index: u128, block: Block },
    Table { first: u128, blocks: Vec<Block> },
}

impl SwitchNode {
    fn first_index(&self) -> u128 {
        match self {
            SwitchNode::Case { index, .. } => *index,
            SwitchNode::Table { first, .. } => *first,
        }
    }
}

impl Switch {
    /// An empty switch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Branches to `block` when the index is `index`. Panics if `index`
    /// already has an entry (see [`Self::try_set_entry`]).
    pub fn set_entry(&mut self, index: u128, block: Block) {
        if let Err(e) = self.try_set_entry(index, block) {
            panic!("{e}");
        }
    }

    /// Branches to `block` when the index is `index`; errors if `index`
    /// already has an entry.
    pub fn try_set_entry(&mut self, index: u128, block: Block) -> Result<(), FrontendError> {
        if self.cases.contains_key(&index) {
            return Err(FrontendError::DuplicateSwitchEntry(index));
        }
        self.cases.insert(index, block);
        Ok(())
    }

    /// The entries, by index.
    pub fn entries(&self) -> &BTreeMap<u128, Block> {
        &self.cases
    }

    /// Ends the current block with the branch on `index`, going to
    /// `default` for indices without an entry. Panics on misuse (see
    /// [`Self::try_emit`]).
    pub fn emit(&self, builder: &mut FunctionBuilder<'_>, index: Value, default: Block) {
        if let Err(e) = self.try_emit(builder, index, default) {
            panic!("{e}");
        }
    }

    /// Ends the current block with the branch on `index`, going to
    /// `default` for indices without an entry. Errors, before emitting
    /// anything, if `index` is not an integer of at most 64 bits, an entry
    /// does not fit its type, or there is no current block to add to.
    pub fn try_emit(
        &self,
        builder: &mut FunctionBuilder<'_>,
        index: Value,
        default: Block,
    ) -> Result<(), FrontendError> {
        let ty = builder.func.dfg.value_type(index);
        if !matches!(ty, types::I8 | types::I16 | types::I32 | types::I64) {
            return Err(FrontendError::OperandType {
                what: "switch index",
                value: index,
                found: ty,
                expected: "an integer of at most 64 bits",
            });
        }
        if let Some((&last, _)) = self.cases.last_key_value()
            && last >> ty.bits() != 0
        {
            return Err(FrontendError::SwitchEntryOutOfRange { index: last, ty });
        }
        builder.try_ins()?;
        let nodes = self.nodes();
        if nodes.is_empty() {
            builder.ins().jump(default, &[]);
            return Ok(());
        }
        // (nodes to search, block to emit the search in; `None` = current).
        let mut work = vec![(0..nodes.len(), None::<Block>)];
        while let Some((range, block)) = work.pop() {
            if let Some(block) = block {
                builder.switch_to_block(block);
                builder.seal_block(block);
            }
            if range.len() > MAX_LINEAR_NODES {
                let mid = range.start + range.len() / 2;
                let low = builder.create_block();
                let high = builder.create_block();
                let bound = iconst(builder, ty, nodes[mid].first_index());
                let is_high = builder
                    .ins()
                    .icmp(IntCC::UnsignedGreaterThanOrEqual, index, bound);
                builder.ins().brif(is_high, high, &[], low, &[]);
                work.push((mid..range.end, Some(high)));
                work.push((range.start..mid, Some(low)));
                continue;
            }
            for i in range.clone() {
                let last = i + 1 == range.end;
                let next = if last {
                    default
                } else {
                    builder.create_block()
                };
                emit_node(builder, &nodes[i], index, ty, next);
                if !last {
                    builder.switch_to_block(next);
                    builder.seal_block(next);
                }
            }
        }
        Ok(())
    }

    /// The entries as search nodes, in index order.
    fn nodes(&self) -> Vec<SwitchNode> {
        let mut nodes = Vec::new();
        let mut run: Vec<(u128, Block)> = Vec::new();
        for (&index, &block) in &self.cases {
            if run
                .last()
                .is_some_and(|&(prev, _)| prev.checked_add(1) != Some(index))
            {
                flush_run(&mut run, &mut nodes);
            }
            run.push((index, block));
        }
        flush_run(&mut run, &mut nodes);
        nodes
    }
}

/// Turns a run of consecutive entries into a table node if it is long
/// enough, else into single cases; empties the run.
fn flush_run(run: &mut Vec<(u128, Block)>, nodes: &mut Vec<SwitchNode>) {
    if run.len() >= MIN_JUMP_TABLE_ENTRIES {
        nodes.push(SwitchNode::Table {
            first: run[0].0,
            blocks: run.iter().map(|&(_, b)| b).collect(),
        });
    } else {
        nodes.extend(
            run.iter()
                .map(|&(index, block)| SwitchNode::Case { index, block }),
        );
    }
    run.clear();
}

/// An `iconst` of type `ty` with the bit pattern of `value` (which fits `ty`).
fn iconst(builder: &mut FunctionBuilder<'_>, ty: Type, value: u128) -> Value {
    builder.ins().iconst(ty, value as u64 as i64)
}

/// Tests one node in the current block, branching to its target(s) or to `next`.
fn emit_node(
    builder: &mut FunctionBuilder<'_>,
    node: &SwitchNode,
    index: Value,
    ty: Type,
    next: Block,
) {
    match node {
        SwitchNode::Case { index: case, block } => {
            let case = iconst(builder, ty, *case);
            let hit = builder.ins().icmp(IntCC::Equal, index, case);
            builder.ins().brif(hit, *block, &[], next, &[]);
        }
        SwitchNode::Table { first, blocks } => {
            let relative = if *first == 0 {
                index
            } else {
                let first = iconst(builder, ty, *first);
                builder.ins().isub(index, first)
            };
            let table_index = match ty {
                types::I32 => relative,
                types::I64 => {
                    let len = iconst(builder, ty, blocks.len() as u128);
                    let in_range = builder.ins().icmp(IntCC::UnsignedLessThan, relative, len);
                    let table_block = builder.create_block();
                    builder.ins().brif(in_range, table_block, &[], next, &[]);
                    builder.switch_to_block(table_block);
                    builder.seal_block(table_block);
                    builder.ins().ireduce(types::I32, relative)
                }
                _ => builder.ins().uextend(types::I32, relative),
            };
            let default_call = builder.block_call(next, &[]);
            let entries: Vec<_> = blocks.iter().map(|&b| builder.block_call(b, &[])).collect();
            let table = builder.create_jump_table(JumpTableData::new(default_call, &entries));
            builder.ins().br_table(table_index, table);
        }
    }
}
