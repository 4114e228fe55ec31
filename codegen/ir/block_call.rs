//! Block calls: a target block with its arguments, as branches hold them.
//!
//! A [`BlockCall`] is one [`ValueList`] in the DFG's pool: element 0 is the
//! block (stored as a value index), the rest are the arguments encoded as
//! [`BlockArg`]s. An argument is an SSA value, or — on the successors of
//! `try_call` — the callee's `N`th return value (`retN`) or the `N`th
//! exception payload (`exnN`).
//!
//! Encoding of an argument in the pool: values keep their index (below
//! 2^30, see [`BlockArg::MAX_VALUE_INDEX`]); `retN` is `0x4000_0000 | N`
//! and `exnN` is `0x8000_0000 | N`.

use super::entities::{Block, Value};
use crate::entity::{EntityList, EntityRef, ListPool};
use core::fmt;

/// A list of values in a [`ValueListPool`].
pub type ValueList = EntityList<Value>;
/// The pool holding all value lists of a function.
pub type ValueListPool = ListPool<Value>;

const RET_TAG: u32 = 0x4000_0000;
const EXN_TAG: u32 = 0x8000_0000;
const PAYLOAD_MASK: u32 = 0x3fff_ffff;

/// An argument of a block call.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum BlockArg {
    /// An SSA value.
    Value(Value),
    /// Return value `N` of the `try_call` ending the block (`retN`).
    TryCallRet(u32),
    /// Exception payload `N` of the `try_call` ending the block (`exnN`).
    TryCallExn(u32),
}

impl BlockArg {
    /// The largest value index (and `retN`/`exnN` number) a block argument can hold.
    pub const MAX_VALUE_INDEX: u32 = PAYLOAD_MASK;

    fn encode(self) -> Value {
        let raw = match self {
            BlockArg::Value(v) => v.as_u32(),
            BlockArg::TryCallRet(n) => RET_TAG | (n & PAYLOAD_MASK),
            BlockArg::TryCallExn(n) => EXN_TAG | (n & PAYLOAD_MASK),
        };
        Value::from_u32(raw)
    }

    fn decode(v: Value) -> BlockArg {
        let raw = v.as_u32();
        match raw & !PAYLOAD_MASK {
            RET_TAG => BlockArg::TryCallRet(raw & PAYLOAD_MASK),
            EXN_TAG => BlockArg::TryCallExn(raw & PAYLOAD_MASK),
            _ => BlockArg::Value(v),
        }
    }

    /// The SSA value, if this argument is one.
    pub fn as_value(self) -> Option<Value> {
        match self {
            BlockArg::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl From<Value> for BlockArg {
    fn from(v: Value) -> Self {
        BlockArg::Value(v)
    }
}

impl fmt::Display for BlockArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockArg::Value(v) => write!(f, "{v}"),
            BlockArg::TryCallRet(n) => write!(f, "ret{n}"),
            BlockArg::TryCallExn(n) => write!(f, "exn{n}"),
        }
    }
}

/// A block and its arguments, stored in the value-list pool.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct BlockCall {
    values: ValueList,
}

impl BlockCall {
    /// A call of `block` with `args`. Values with an index above
    /// [`BlockArg::MAX_VALUE_INDEX`] are not representable (the DFG never
    /// makes that many values).
    pub fn new(
        block: Block,
        args: impl IntoIterator<Item = BlockArg>,
        pool: &mut ValueListPool,
    ) -> Self {
        let mut values = ValueList::new();
        values.push(Value::new(block.index()), pool);
        values.extend(args.into_iter().map(BlockArg::encode), pool);
        Self { values }
    }

    /// The target block.
    pub fn block(&self, pool: &ValueListPool) -> Block {
        let raw = self.values.first(pool).map_or(0, |v| v.as_u32());
        Block::from_u32(raw)
    }

    /// Retargets the call to `block`.
    pub fn set_block(&mut self, block: Block, pool: &mut ValueListPool) {
        if let Some(slot) = self.values.as_mut_slice(pool).first_mut() {
            *slot = Value::new(block.index());
        }
    }

    /// Number of arguments.
    pub fn len(&self, pool: &ValueListPool) -> usize {
        self.values.len(pool).saturating_sub(1)
    }

    /// Has the call no arguments?
    pub fn is_empty(&self, pool: &ValueListPool) -> bool {
        self.len(pool) == 0
    }

    /// The arguments.
    pub fn args<'a>(
        &self,
        pool: &'a ValueListPool,
    ) -> impl ExactSizeIterator<Item = BlockArg> + use<'a> {
        let raw = self.values.as_slice(pool);
        raw.get(1..)
            .unwrap_or(&[])
            .iter()
            .map(|&v| BlockArg::decode(v))
    }

    /// Argument `i`.
    pub fn arg(&self, i: usize, pool: &ValueListPool) -> Option<BlockArg> {
        self.values.get(i + 1, pool).map(BlockArg::decode)
    }

    /// Replaces argument `i` (no-op if out of range).
    pub fn set_arg(&mut self, i: usize, arg: BlockArg, pool: &mut ValueListPool) {
        if let Some(slot) = self.values.as_mut_slice(pool).get_mut(i + 1) {
            *slot = arg.encode();
        }
    }

    /// Appends an argument.
    pub fn append_argument(&mut self, arg: impl Into<BlockArg>, pool: &mut ValueListPool) {
        self.values.push(arg.into().encode(), pool);
    }

    /// Removes argument `i` (no-op if out of range).
    pub fn remove(&mut self, i: usize, pool: &mut ValueListPool) {
        self.values.remove(i + 1, pool);
    }

    /// Removes every argument.
    pub fn clear(&mut self, pool: &mut ValueListPool) {
        self.values.truncate(1, pool);
    }

    /// Applies `f` to every SSA value argument.
    pub fn update_values(&mut self, pool: &mut ValueListPool, mut f: impl FnMut(Value) -> Value) {
        for slot in self.values.as_mut_slice(pool).iter_mut().skip(1) {
            if let BlockArg::Value(v) = BlockArg::decode(*slot) {
                *slot = BlockArg::Value(f(v)).encode();
            }
        }
    }

    /// A copy in its own pool storage.
    pub fn deep_clone(&self, pool: &mut ValueListPool) -> Self {
        Self {
            values: self.values.deep_clone(pool),
        }
    }

    /// A printable form: `block3(v1, ret0)`, or `block3` without arguments.
    pub fn display<'a>(&self, pool: &'a ValueListPool) -> DisplayBlockCall<'a> {
        DisplayBlockCall { call: *self, pool }
    }
}

/// A [`BlockCall`] with the pool needed to print it.
pub struct DisplayBlockCall<'a> {
    call: BlockCall,
    pool: &'a ValueListPool,
}

impl fmt::Display for DisplayBlockCall<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.call.block(self.pool))?;
        if !self.call.is_empty(self.pool) {
            f.write_str("(")?;
            for (i, a) in self.call.args(self.pool).enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{a}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_args_and_display() {
        let mut pool = ValueListPool::new();
        let args = [
            BlockArg::Value(Value::new(3)),
            BlockArg::TryCallRet(0),
            BlockArg::TryCallExn(2),
        ];
        let mut call = BlockCall::new(Block::new(4), args, &mut pool);
        assert_eq!(call.block(&pool), Block::new(4));
        assert_eq!(call.len(&pool), 3);
        assert_eq!(call.args(&pool).collect::<Vec<_>>(), args);
        assert_eq!(call.display(&pool).to_string(), "block4(v3, ret0, exn2)");
        call.set_block(Block::new(1), &mut pool);
        call.update_values(&mut pool, |v| Value::new(v.index() + 1));
        call.remove(1, &mut pool);
        assert_eq!(call.display(&pool).to_string(), "block1(v4, exn2)");
        call.clear(&mut pool);
        assert_eq!(call.display(&pool).to_string(), "block1");
        call.append_argument(Value::new(9), &mut pool);
        assert_eq!(call.arg(0, &pool), Some(BlockArg::Value(Value::new(9))));
        assert_eq!(call.arg(1, &pool), None);
    }
}
