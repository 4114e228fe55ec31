//! The interpreter proper: the frame stack, the run loop, control flow,
//! calls and returns, and memory accesses through encoded addresses.
//!
//! Each CLIF call pushes a [`Frame`] on an explicit stack (never a Rust
//! call), so recursion in the program costs heap, not host stack; depth is
//! bounded by [`MAX_CALL_DEPTH`] (deeper calls trap `stk_ovf`). A frame's
//! values live in a dense map reused by later frames, and its stack slots
//! in one shared byte stack, so the steady state allocates nothing.
//!
//! The run loop fetches the frame's next instruction, counts a step,
//! executes it ([`step`](super::step)) and applies the outcome: fall
//! through, jump (block arguments are read before parameters are written,
//! as parallel assignment), call, tail call or return.

use super::error::InterpError;
use super::host::HostFunction;
use super::memory::{Address, FrameLayout, MAX_FRAME_DEPTH, MAX_REGIONS, checked_range};
use super::step::{Outcome, StepError};
use super::store::FunctionStore;
use super::value::{Fault, OpResult, from_memory_image, to_memory_image};
use crate::data_value::DataValue;
use crate::entity::{EntityRef, SecondaryMap};
use crate::ir::{
    BlockArg, BlockCall, Function, Inst, InstructionData, MemFlags, Signature, TrapCode, Type,
    Value,
};
use smallvec::SmallVec;

/// Calls nested deeper than this trap with `stk_ovf`.
pub const MAX_CALL_DEPTH: usize = if MAX_FRAME_DEPTH < 100_000 {
    MAX_FRAME_DEPTH
} else {
    100_000
};

/// The most bytes of stack slots all live frames may hold together;
/// beyond it a call traps with `stk_ovf`.
pub const MAX_STACK_BYTES: usize = 256 << 20;

/// The default step budget of [`Interpreter::with_step_limit`].
pub const DEFAULT_STEP_LIMIT: u64 = 10_000_000;

/// The values of one frame: `None` until defined.
pub(super) type ValueMap = SecondaryMap<Value, Option<DataValue>>;

/// Values passed around by calls, returns and jumps.
pub(super) type ValueVec = SmallVec<[DataValue; 8]>;

/// One activation of a function.
pub(super) struct Frame<'a> {
    /// The function running.
    pub func: &'a Function,
    /// Its index in the store.
    pub func_index: u32,
    /// Defined values.
    pub values: ValueMap,
    /// The next instruction to execute.
    pub next: Option<Inst>,
    /// Where its stack slots start in the byte stack.
    pub stack_base: usize,
    /// The call instruction waiting for a callee's results.
    pub pending_call: Option<Inst>,
}

/// Runs functions of a [`FunctionStore`].
pub struct Interpreter<'a> {
    pub(super) store: &'a FunctionStore<'a>,
    step_limit: u64,
    steps: u64,
    pub(super) canonicalize_nans: bool,
    pub(super) frames: Vec<Frame<'a>>,
    spare_values: Vec<ValueMap>,
    layouts: Vec<Option<FrameLayout>>,
    stack: Vec<u8>,
    regions: Vec<Vec<u8>>,
    pub(super) pinned_reg: u64,
    /// Host functions by name, sorted by name.
    pub(super) host_functions: Vec<HostFunction<'a>>,
}

impl<'a> Interpreter<'a> {
    /// An interpreter for the functions of `store`.
    pub fn new(store: &'a FunctionStore<'a>) -> Self {
        Self {
            store,
            step_limit: DEFAULT_STEP_LIMIT,
            steps: 0,
            canonicalize_nans: false,
            frames: Vec::new(),
            spare_values: Vec::new(),
            layouts: Vec::new(),
            stack: Vec::new(),
            regions: Vec::new(),
            pinned_reg: 0,
            host_functions: Vec::new(),
        }
    }

    /// Sets the most instructions one [`call_by_name`](Self::call_by_name)
    /// may execute (default 10,000,000); past it the call fails with
    /// [`InterpError::StepLimit`].
    pub fn with_step_limit(mut self, steps: u64) -> Self {
        self.step_limit = steps;
        self
    }

    /// Makes every NaN produced by float arithmetic the canonical NaN, as
    /// compiled code does with the `enable_nan_canonicalization` setting.
    pub fn with_nan_canonicalization(mut self, enable: bool) -> Self {
        self.canonicalize_nans = enable;
        self
    }

    /// Adds a region of host memory (a heap or a VM context for the
    /// program) and returns its address, an `i64` pointer value the program
    /// can load from and store to within `bytes.len()` bytes (at most
    /// 4 GiB). `None` when no more regions can be named.
    pub fn add_region(&mut self, bytes: Vec<u8>) -> Option<DataValue> {
        if self.regions.len() >= MAX_REGIONS || u32::try_from(bytes.len()).is_err() {
            return None;
        }
        let index = self.regions.len() as u32;
        self.regions.push(bytes);
        Some(DataValue::I64(
            Address::Region { index, offset: 0 }.encode() as i64,
        ))
    }

    /// The current contents of the region at `address` (as returned by
    /// [`add_region`](Self::add_region)).
    pub fn region(&self, address: DataValue) -> Option<&[u8]> {
        let raw = address.to_bits()? as u64;
        match Address::decode(raw) {
            Address::Region { index, .. } => self.regions.get(index as usize).map(Vec::as_slice),
            _ => None,
        }
    }

    /// Calls the function named `name` (`f` or `%f`) with `args` and runs
    /// it to completion: its return values, or why it did not return.
    pub fn call_by_name(
        &mut self,
        name: &str,
        args: &[DataValue],
    ) -> Result<Vec<DataValue>, InterpError> {
        let Some(index) = self.store.index_of(name) else {
            let bare = name.strip_prefix('%').unwrap_or(name);
            return Err(InterpError::UnknownFunction(format!("%{bare}")));
        };
        let func = self
            .store
            .get_by_index(index)
            .ok_or_else(|| InterpError::UnknownFunction(name.to_string()))?;
        check_arguments(func, args)?;
        self.reset();
        self.push_frame(index, args)?;
        self.run()
    }

    /// Forgets the state of an earlier run (frames, stack, step count).
    fn reset(&mut self) {
        while let Some(frame) = self.frames.pop() {
            self.spare_values.push(frame.values);
        }
        self.stack.clear();
        self.steps = 0;
    }

    fn run(&mut self) -> Result<Vec<DataValue>, InterpError> {
        loop {
            let frame = self.frames.last_mut().ok_or_else(|| {
                InterpError::InvalidIr("the interpreter has no frame to run".to_string())
            })?;
            let Some(inst) = frame.next else {
                return Err(InterpError::InvalidIr(format!(
                    "in {}: a block ends without a terminator",
                    frame.func.name
                )));
            };
            frame.next = frame.func.layout.next_inst(inst);
            self.steps += 1;
            if self.steps > self.step_limit {
                return Err(InterpError::StepLimit(self.step_limit));
            }
            let outcome = match self.step(inst) {
                Ok(outcome) => outcome,
                Err(StepError::Interp(e)) => return Err(e),
                Err(StepError::Fault(fault)) => return Err(self.describe_fault(inst, fault)),
            };
            match outcome {
                Outcome::Next => {}
                Outcome::Jump(call) => self.jump(inst, call, &[])?,
                Outcome::Call { callee, args } => {
                    if let Some(frame) = self.frames.last_mut() {
                        frame.pending_call = Some(inst);
                    }
                    self.push_frame(callee, &args)?;
                }
                Outcome::TailCall { callee, args } => {
                    self.pop_frame();
                    self.push_frame(callee, &args)?;
                }
                Outcome::Return(values) => {
                    self.pop_frame();
                    if self.frames.is_empty() {
                        return Ok(values.into_vec());
                    }
                    self.deliver_results(&values)?;
                }
            }
        }
    }

    /// Starts a call of function `index` with `args` (already checked
    /// against its signature).
    fn push_frame(&mut self, index: u32, args: &[DataValue]) -> Result<(), InterpError> {
        if self.frames.len() >= MAX_CALL_DEPTH {
            return Err(InterpError::Trap(TrapCode::STACK_OVERFLOW));
        }
        let func = self
            .store
            .get_by_index(index)
            .ok_or_else(|| InterpError::InvalidIr(format!("no function with index {index}")))?;
        let entry = func
            .layout
            .entry_block()
            .ok_or_else(|| InterpError::InvalidIr(format!("{} has no blocks", func.name)))?;
        let params = func.dfg.block_params(entry);
        if params.len() != args.len() {
            return Err(InterpError::InvalidIr(format!(
                "{}: the entry block has {} parameters but the call passes {} arguments",
                func.name,
                params.len(),
                args.len()
            )));
        }
        for (&param, arg) in params.iter().zip(args) {
            let declared = func.dfg.value_type(param);
            if declared != arg.ty() {
                return Err(InterpError::InvalidIr(format!(
                    "{}: entry parameter {param} is {declared} but the call passes {}",
                    func.name,
                    arg.ty()
                )));
            }
        }
        let frame_size = self.layout_of(index, func)?.size;
        let stack_base = self.stack.len();
        let stack_end = stack_base
            .checked_add(frame_size)
            .filter(|&end| end <= MAX_STACK_BYTES)
            .ok_or(InterpError::Trap(TrapCode::STACK_OVERFLOW))?;
        self.stack.resize(stack_end, 0);
        let mut values = self.spare_values.pop().unwrap_or_default();
        values.clear();
        values.resize(func.dfg.num_values());
        for (&param, &arg) in params.iter().zip(args) {
            values[param] = Some(arg);
        }
        self.frames.push(Frame {
            func,
            func_index: index,
            values,
            next: func.layout.first_inst(entry),
            stack_base,
            pending_call: None,
        });
        Ok(())
    }

    fn pop_frame(&mut self) {
        if let Some(frame) = self.frames.pop() {
            self.stack.truncate(frame.stack_base);
            self.spare_values.push(frame.values);
        }
    }

    /// The frame layout of function `index`, computed on first use.
    fn layout_of(&mut self, index: u32, func: &Function) -> Result<&FrameLayout, InterpError> {
        let i = index as usize;
        if self.layouts.len() <= i {
            self.layouts.resize(i + 1, None);
        }
        if self.layouts[i].is_none() {
            let layout = FrameLayout::of(func).ok_or_else(|| {
                InterpError::Unsupported(format!(
                    "{}: more than {} stack slots, or slots too large to address",
                    func.name,
                    super::memory::MAX_SLOTS
                ))
            })?;
            self.layouts[i] = Some(layout);
        }
        self.layouts[i]
            .as_ref()
            .ok_or_else(|| InterpError::InvalidIr("missing frame layout".to_string()))
    }

    /// Passes a callee's return values to the call instruction waiting in
    /// the (new) top frame.
    fn deliver_results(&mut self, values: &[DataValue]) -> Result<(), InterpError> {
        let frame = self
            .frames
            .last_mut()
            .ok_or_else(|| InterpError::InvalidIr("a return without a caller".to_string()))?;
        let inst = frame.pending_call.take().ok_or_else(|| {
            InterpError::InvalidIr(format!("{}: a return without a call", frame.func.name))
        })?;
        let func = frame.func;
        if let InstructionData::TryCall { exception, .. }
        | InstructionData::TryCallIndirect { exception, .. } = func.dfg.insts[inst]
        {
            let normal = func
                .dfg
                .exception_tables
                .get(exception)
                .map(|et| et.normal_return)
                .ok_or_else(|| self.invalid(inst, "unknown exception table"))?;
            return self.jump(inst, normal, values);
        }
        let results = func.dfg.inst_results(inst);
        if results.len() != values.len() {
            return Err(self.invalid(
                inst,
                &format!(
                    "the callee returned {} values for {} results",
                    values.len(),
                    results.len()
                ),
            ));
        }
        for (&r, &v) in results.iter().zip(values) {
            self.set_value(inst, r, v)?;
        }
        Ok(())
    }

    /// Transfers control to `call` in the current frame; `rets` are the
    /// values `retN` block arguments name (a `try_call`'s returns).
    fn jump(&mut self, inst: Inst, call: BlockCall, rets: &[DataValue]) -> Result<(), InterpError> {
        let frame = self
            .frames
            .last()
            .ok_or_else(|| InterpError::InvalidIr("no frame".to_string()))?;
        let dfg = &frame.func.dfg;
        let block = call.block(&dfg.value_lists);
        let mut args = ValueVec::new();
        for arg in call.args(&dfg.value_lists) {
            args.push(match arg {
                BlockArg::Value(v) => self.value(inst, v)?,
                BlockArg::TryCallRet(n) => *rets
                    .get(n as usize)
                    .ok_or_else(|| self.invalid(inst, &format!("no return value ret{n}")))?,
                BlockArg::TryCallExn(_) => {
                    return Err(self.invalid(inst, "exception payloads never arrive here"));
                }
            });
        }
        let params = dfg.block_params(block);
        if params.len() != args.len() {
            return Err(self.invalid(
                inst,
                &format!(
                    "{block} takes {} arguments, {} given",
                    params.len(),
                    args.len()
                ),
            ));
        }
        let func = frame.func;
        for (&param, &arg) in params.iter().zip(args.iter()) {
            if func.dfg.value_type(param) != arg.ty() {
                return Err(self.invalid(
                    inst,
                    &format!(
                        "{param} is {}, passed {}",
                        func.dfg.value_type(param),
                        arg.ty()
                    ),
                ));
            }
        }
        let first = func.layout.first_inst(block);
        if let Some(frame) = self.frames.last_mut() {
            for (&param, &arg) in params.iter().zip(args.iter()) {
                frame.values[param] = Some(arg);
            }
            frame.next = first;
        }
        if first.is_none() {
            return Err(self.invalid(inst, &format!("{block} has no instructions")));
        }
        Ok(())
    }

    /// The value of `v` in the current frame (`inst` uses it).
    #[inline]
    pub(super) fn value(&self, inst: Inst, v: Value) -> Result<DataValue, InterpError> {
        let frame = self
            .frames
            .last()
            .ok_or_else(|| InterpError::InvalidIr("no frame".to_string()))?;
        if let Some(x) = frame.values[v] {
            return Ok(x);
        }
        if let Some(x) = frame
            .func
            .dfg
            .try_resolve_aliases(v)
            .and_then(|r| frame.values[r])
        {
            return Ok(x);
        }
        Err(self.invalid(inst, &format!("{v} is used before it is defined")))
    }

    /// Defines result `v` of `inst` in the current frame, checking its type.
    #[inline]
    pub(super) fn set_value(
        &mut self,
        inst: Inst,
        v: Value,
        x: DataValue,
    ) -> Result<(), InterpError> {
        let Some(frame) = self.frames.last_mut() else {
            return Err(InterpError::InvalidIr("no frame".to_string()));
        };
        let declared = frame.func.dfg.value_type(v);
        if declared != x.ty() {
            return Err(self.invalid(
                inst,
                &format!(
                    "{v} is declared {declared} but the instruction computes {}",
                    x.ty()
                ),
            ));
        }
        frame.values[v] = Some(x);
        Ok(())
    }

    /// The function running in the current frame.
    #[inline]
    pub(super) fn current_func(&self) -> Result<&'a Function, InterpError> {
        self.frames
            .last()
            .map(|f| f.func)
            .ok_or_else(|| InterpError::InvalidIr("no frame".to_string()))
    }

    /// An [`InterpError::InvalidIr`] naming `inst` of the current function.
    pub(super) fn invalid(&self, inst: Inst, message: &str) -> InterpError {
        InterpError::InvalidIr(format!("{}: {message}", self.describe_inst(inst)))
    }

    /// `in %f, `v3 = iadd v1, v2``.
    fn describe_inst(&self, inst: Inst) -> String {
        let Some(frame) = self.frames.last() else {
            return format!("{inst}");
        };
        let mut text = String::new();
        if crate::write::write_instruction(&mut text, frame.func, inst).is_err() {
            text = format!("{inst}");
        }
        format!("in {}, `{}`", frame.func.name, text.trim())
    }

    /// The error for a [`Fault`] of `inst`.
    fn describe_fault(&self, inst: Inst, fault: Fault) -> InterpError {
        let Some(frame) = self.frames.last() else {
            return InterpError::InvalidIr(format!("{inst}: no frame"));
        };
        let dfg = &frame.func.dfg;
        let Some(opcode) = dfg.insts.get(inst).map(InstructionData::opcode) else {
            return InterpError::InvalidIr(format!("{inst} is not an instruction"));
        };
        match fault {
            Fault::Trap(code) => InterpError::Trap(code),
            Fault::Unsupported => {
                let ty = dfg.ctrl_typevar(inst);
                let ty = if ty.is_invalid() {
                    dfg.inst_args(inst)
                        .first()
                        .map_or(ty, |&v| dfg.value_type(v))
                } else {
                    ty
                };
                if ty.is_invalid() {
                    InterpError::Unsupported(format!("`{opcode}`"))
                } else {
                    InterpError::Unsupported(format!("`{opcode}` on {ty}"))
                }
            }
            Fault::BadOperands => {
                let types: Vec<String> = dfg
                    .inst_args(inst)
                    .iter()
                    .map(|&v| dfg.value_type(v).to_string())
                    .collect();
                self.invalid(
                    inst,
                    &format!(
                        "`{opcode}` does not take operands of types ({})",
                        types.join(", ")
                    ),
                )
            }
        }
    }

    // ---- memory ----

    /// The byte range of the access of `len` bytes at `raw`, in the buffer
    /// `resolve_mut`/`bytes_at` return; `None` when out of bounds.
    fn locate(&self, raw: u64, len: usize) -> Option<(Place, core::ops::Range<usize>)> {
        match Address::decode(raw) {
            Address::Stack {
                depth,
                slot,
                offset,
            } => {
                let frame = self.frames.get(depth as usize)?;
                let layout = self.layouts.get(frame.func_index as usize)?.as_ref()?;
                let &(slot_start, slot_size) = layout.slots.get(slot.index())?;
                let range = checked_range(slot_size, offset, len)?;
                let base = frame.stack_base + slot_start;
                Some((Place::Stack, base + range.start..base + range.end))
            }
            Address::Region { index, offset } => {
                let region = self.regions.get(index as usize)?;
                let range = checked_range(region.len(), offset, len)?;
                Some((Place::Region(index as usize), range))
            }
            Address::Function(_) | Address::Invalid => None,
        }
    }

    /// Loads a value of type `ty` from `raw`.
    pub(super) fn load(&self, raw: u64, ty: Type, flags: MemFlags) -> OpResult {
        let len = ty.bytes() as usize;
        let (place, range) = self.locate(raw, len).ok_or(oob(flags))?;
        let bytes = match place {
            Place::Stack => self.stack.get(range),
            Place::Region(i) => self.regions.get(i).and_then(|r| r.get(range)),
        }
        .ok_or(oob(flags))?;
        from_memory_image(ty, bytes, is_big(flags))
    }

    /// Stores `x` at `raw`.
    pub(super) fn store(&mut self, raw: u64, x: DataValue, flags: MemFlags) -> OpResult<()> {
        let (image, len) = to_memory_image(x, is_big(flags));
        let (place, range) = self.locate(raw, len).ok_or(oob(flags))?;
        let dst = match place {
            Place::Stack => self.stack.get_mut(range),
            Place::Region(i) => self.regions.get_mut(i).and_then(|r| r.get_mut(range)),
        }
        .ok_or(oob(flags))?;
        dst.copy_from_slice(image.get(..len).ok_or(Fault::Unsupported)?);
        Ok(())
    }

    /// Copies `len` bytes from `src` to `dest`, as `memmove` does: the
    /// ranges may overlap. Both must lie inside one slot or region each,
    /// else the copy traps `heap_oob` and changes nothing; a copy of no
    /// bytes touches nothing and never traps.
    pub(super) fn copy_memory(&mut self, dest: u64, src: u64, len: usize) -> OpResult<()> {
        if len == 0 {
            return Ok(());
        }
        let trap = oob(MemFlags::new());
        let (src_place, src_range) = self.locate(src, len).ok_or(trap)?;
        let (dest_place, dest_range) = self.locate(dest, len).ok_or(trap)?;
        let (from, to): (&[u8], &mut [u8]) = match (src_place, dest_place) {
            (Place::Stack, Place::Stack) => {
                return copy_within(&mut self.stack, src_range, dest_range);
            }
            (Place::Region(s), Place::Region(d)) if s == d => {
                let region = self.regions.get_mut(s).ok_or(trap)?;
                return copy_within(region, src_range, dest_range);
            }
            (Place::Stack, Place::Region(d)) => (&self.stack, self.regions.get_mut(d).ok_or(trap)?),
            (Place::Region(s), Place::Stack) => (self.regions.get(s).ok_or(trap)?, &mut self.stack),
            (Place::Region(s), Place::Region(d)) => {
                // Distinct regions: borrow both through a split.
                let (below, from_upper) = self.regions.split_at_mut(s.max(d));
                let upper = from_upper.first_mut().ok_or(trap)?;
                let lower = below.get_mut(s.min(d)).ok_or(trap)?;
                if s < d {
                    (lower, upper)
                } else {
                    (upper, lower)
                }
            }
        };
        let bytes = from.get(src_range).ok_or(trap)?;
        to.get_mut(dest_range).ok_or(trap)?.copy_from_slice(bytes);
        Ok(())
    }

    /// Sets `len` bytes at `dest` to `byte`, as `memset` does. The range
    /// must lie inside one slot or region, else the fill traps `heap_oob`
    /// and changes nothing; a fill of no bytes never traps.
    pub(super) fn fill_memory(&mut self, dest: u64, byte: u8, len: usize) -> OpResult<()> {
        if len == 0 {
            return Ok(());
        }
        let trap = oob(MemFlags::new());
        let (place, range) = self.locate(dest, len).ok_or(trap)?;
        let bytes = match place {
            Place::Stack => self.stack.get_mut(range),
            Place::Region(i) => self.regions.get_mut(i).and_then(|r| r.get_mut(range)),
        }
        .ok_or(trap)?;
        bytes.fill(byte);
        Ok(())
    }

    /// The address of stack slot `slot` of the current frame, plus `offset`.
    pub(super) fn stack_address(&self, slot: crate::ir::StackSlot, offset: i64) -> u64 {
        let depth = self.frames.len().saturating_sub(1) as u32;
        Address::Stack {
            depth,
            slot,
            offset: 0,
        }
        .encode()
        .wrapping_add(offset as u64)
    }
}

/// Which buffer an access touches.
#[derive(Clone, Copy)]
enum Place {
    Stack,
    Region(usize),
}

/// Copies `buffer[src]` to `buffer[dest]` (equal lengths, may overlap).
fn copy_within(
    buffer: &mut [u8],
    src: core::ops::Range<usize>,
    dest: core::ops::Range<usize>,
) -> OpResult<()> {
    if buffer.get(src.clone()).is_none() || buffer.get(dest.clone()).is_none() {
        return Err(oob(MemFlags::new()));
    }
    buffer.copy_within(src, dest.start);
    Ok(())
}

/// The trap of an out-of-bounds access with `flags`.
fn oob(flags: MemFlags) -> Fault {
    Fault::Trap(flags.trap_code().unwrap_or(TrapCode::HEAP_OUT_OF_BOUNDS))
}

/// Does the access use big-endian byte order? (Little is the default.)
fn is_big(flags: MemFlags) -> bool {
    flags.explicit_endianness() == Some(crate::ir::Endianness::Big)
}

/// Checks `args` against the parameters of `func`'s signature.
fn check_arguments(func: &Function, args: &[DataValue]) -> Result<(), InterpError> {
    check_signature_args(&func.signature, args)
        .map_err(|msg| InterpError::BadArguments(format!("`{}` {msg}", func.name)))
}

/// Checks `args` against `sig`'s parameters; the message says what differs.
pub(super) fn check_signature_args(sig: &Signature, args: &[DataValue]) -> Result<(), String> {
    let matches = sig.params.len() == args.len()
        && sig
            .params
            .iter()
            .zip(args)
            .all(|(p, a)| p.value_type == a.ty());
    if matches {
        return Ok(());
    }
    let expected: Vec<String> = sig
        .params
        .iter()
        .map(|p| p.value_type.to_string())
        .collect();
    let got: Vec<String> = args.iter().map(|a| a.ty().to_string()).collect();
    Err(format!(
        "takes ({}), got ({})",
        expected.join(", "),
        got.join(", ")
    ))
}
