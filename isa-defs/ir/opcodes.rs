//! The CLIF opcodes, one definition line each.
//!
//! A line reads: `op(name, format, controlling type set, doc)` for a
//! polymorphic opcode (its controlling type is the type the `.i32` suffix
//! names) or `op0(name, format, doc)` for one with no controlling type,
//! then `.ins([...])` operands in text order, `.outs([...])` results and
//! the properties.
//!
//! Operand constraints:
//! - `v("x")`: a value of the controlling type; `vt("x", c)` another constraint;
//! - `imm("imm", kind)`: an immediate or entity field of the format;
//! - `varargs("args")`: the variable value list of call and return formats.
//!
//! Type constraints ([`Constraint`]): the controlling type itself (`same()`),
//! a fixed type (`fixed("i8")`), a type derived from the controlling type
//! (`derived(Derived::AsTruthy)`), or a free type from a set, possibly
//! related to the controlling type (`free(ADDR)`, `narrower(INT)`).
//!
//! The controlling type is taken from the format's type-variable operand
//! when that operand is `same()` (so `iadd v1, v2` needs no suffix), else it
//! must be written (`iconst.i32`, `load.i64`) and the first result is `same()`.
//! As in CLIF, a set of one type is no type variable: `shuffle` and
//! `fvpromote_low` are not polymorphic, and `uload32` is polymorphic only
//! over its address type (`uload32 v0` needs no suffix).

use super::formats::FieldKind as K;
use super::typesets::*;

/// A type derived from the controlling type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Derived {
    /// The lane type (`i32x4` -> `i32`).
    LaneOf,
    /// `i8` for scalars, the same-width integer vector for vectors.
    AsTruthy,
    /// The same-width integer type.
    AsInt,
    /// Lanes half as wide.
    HalfWidth,
    /// Lanes twice as wide.
    DoubleWidth,
    /// Half the lanes.
    HalfVector,
    /// Twice the lanes.
    DoubleVector,
    /// Half-width lanes, twice as many.
    SplitLanes,
    /// Double-width lanes, half as many.
    MergeLanes,
    /// The base vector of a dynamic vector type.
    DynamicToVector,
}

/// How a free type relates to the controlling type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Relation {
    /// Unrelated.
    Any,
    /// Same lane count, narrower lanes.
    Narrower,
    /// Same lane count, wider lanes.
    Wider,
    /// Same lane count.
    SameLanes,
    /// Same total bit width.
    SameBits,
}

/// A type constraint on an operand or result.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Constraint {
    /// The controlling type.
    Same,
    /// This type (CLIF name, e.g. `i8` or `i32x4`).
    Fixed(&'static str),
    /// A function of the controlling type.
    Derived(Derived),
    /// Any type of the set, related to the controlling type as stated.
    Free(TypeSet, Relation),
}

/// An operand of an opcode.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Operand {
    /// A value.
    Value(&'static str, Constraint),
    /// The variable list of values.
    VarArgs(&'static str),
    /// An immediate or entity field.
    Imm(&'static str, K),
}

impl Operand {
    /// The operand's name (used for builder parameters).
    pub fn name(&self) -> &'static str {
        match self {
            Operand::Value(n, _) | Operand::VarArgs(n) | Operand::Imm(n, _) => n,
        }
    }
}

/// Behaviour flags of an opcode.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Properties {
    /// Reads memory.
    pub can_load: bool,
    /// Writes memory.
    pub can_store: bool,
    /// May trap.
    pub can_trap: bool,
    /// Ends a block.
    pub is_terminator: bool,
    /// Transfers control to blocks of the function.
    pub is_branch: bool,
    /// Calls a function.
    pub is_call: bool,
    /// Returns from the function.
    pub is_return: bool,
    /// Has effects beyond its results not covered above.
    pub other_side_effects: bool,
    /// `op x, y` == `op y, x`.
    pub commutative: bool,
    /// Repeating the instruction with the same operands has no further
    /// effect (a second trap check cannot trap if the first did not).
    pub side_effects_idempotent: bool,
}

/// One opcode.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct OpcodeDef {
    /// CLIF name.
    pub name: &'static str,
    /// Format name.
    pub format: &'static str,
    /// Types the controlling type may take; `None` if not polymorphic.
    pub ctrl: Option<TypeSet>,
    /// Operands, in text order.
    pub ins: Vec<Operand>,
    /// Results: name and constraint.
    pub outs: Vec<(&'static str, Constraint)>,
    /// Behaviour flags.
    pub props: Properties,
    /// One-line doc.
    pub doc: &'static str,
    /// Line of the definition in this file (for provenance comments).
    pub line: u32,
}

/// A polymorphic opcode with controlling types `ctrl`.
#[track_caller]
fn op(name: &'static str, format: &'static str, ctrl: TypeSet, doc: &'static str) -> OpcodeDef {
    OpcodeDef {
        ctrl: Some(ctrl),
        ..op0(name, format, doc)
    }
}

/// An opcode without a controlling type.
#[track_caller]
fn op0(name: &'static str, format: &'static str, doc: &'static str) -> OpcodeDef {
    let line = std::panic::Location::caller().line();
    OpcodeDef {
        name,
        format,
        ctrl: None,
        ins: Vec::new(),
        outs: Vec::new(),
        props: Properties::default(),
        doc,
        line,
    }
}

impl OpcodeDef {
    fn ins<const N: usize>(mut self, ins: [Operand; N]) -> Self {
        self.ins = ins.to_vec();
        self
    }
    fn outs<const N: usize>(mut self, outs: [(&'static str, Constraint); N]) -> Self {
        self.outs = outs.to_vec();
        self
    }
    fn out(self, c: Constraint) -> Self {
        self.outs([("a", c)])
    }
    fn commutative(mut self) -> Self {
        self.props.commutative = true;
        self
    }
    fn traps(mut self) -> Self {
        self.props.can_trap = true;
        self
    }
    fn loads(mut self) -> Self {
        self.props.can_load = true;
        self
    }
    fn stores(mut self) -> Self {
        self.props.can_store = true;
        self
    }
    fn idempotent(mut self) -> Self {
        self.props.side_effects_idempotent = true;
        self
    }
    fn effects(mut self) -> Self {
        self.props.other_side_effects = true;
        self
    }
    fn terminator(mut self) -> Self {
        self.props.is_terminator = true;
        self
    }
    fn branch(mut self) -> Self {
        self.props.is_terminator = true;
        self.props.is_branch = true;
        self
    }
    fn call(mut self) -> Self {
        self.props.is_call = true;
        self
    }
    fn returns(mut self) -> Self {
        self.props.is_terminator = true;
        self.props.is_return = true;
        self
    }

    /// The value operands with their constraints (not the variable list).
    pub fn value_operands(&self) -> impl Iterator<Item = (&'static str, Constraint)> + '_ {
        self.ins.iter().filter_map(|o| match *o {
            Operand::Value(n, c) => Some((n, c)),
            _ => None,
        })
    }

    /// Does the opcode take a variable value list?
    pub fn has_varargs(&self) -> bool {
        self.ins.iter().any(|o| matches!(o, Operand::VarArgs(_)))
    }

    /// The index among value operands that gives the controlling type, when
    /// the opcode infers it from an operand: the format's type-variable
    /// operand, if it is constrained to the controlling type.
    pub fn typevar_operand(&self, format: &super::Format) -> Option<usize> {
        self.ctrl?;
        let i = usize::from(format.typevar_operand);
        match self.value_operands().nth(i) {
            Some((_, Constraint::Same)) => Some(i),
            _ => None,
        }
    }

    /// Checks the opcode against its format and the constraint rules.
    pub fn check_against(&self, format: &super::Format) -> Result<(), String> {
        use super::formats::ValueOperands;
        let values = self.value_operands().count();
        match format.values {
            ValueOperands::Fixed(n) => {
                if values != usize::from(n) || self.has_varargs() {
                    return Err(format!(
                        "format {} takes {n} values, opcode has {values}",
                        format.name
                    ));
                }
            }
            ValueOperands::List { fixed } => {
                if values != usize::from(fixed) || !self.has_varargs() {
                    return Err(format!(
                        "format {} takes {fixed} values and a list",
                        format.name
                    ));
                }
            }
        }
        let mut imms = self.ins.iter().filter_map(|o| match *o {
            Operand::Imm(_, k) => Some(k),
            _ => None,
        });
        for field in format.fields {
            let wanted: &[K] = if field.kind == K::BlockCallPair {
                &[K::BlockCall, K::BlockCall]
            } else {
                core::slice::from_ref(&field.kind)
            };
            for &w in wanted {
                if imms.next() != Some(w) {
                    return Err(format!(
                        "field `{}` of format {} needs a {w:?} operand here",
                        field.name, format.name
                    ));
                }
            }
        }
        if imms.next().is_some() {
            return Err(format!(
                "more immediates than format {} has fields",
                format.name
            ));
        }
        let uses_ctrl = |c: &Constraint| match c {
            Constraint::Same | Constraint::Derived(_) => true,
            Constraint::Free(_, relation) => *relation != Relation::Any,
            Constraint::Fixed(_) => false,
        };
        let mut all = self
            .value_operands()
            .map(|(_, c)| c)
            .chain(self.outs.iter().map(|&(_, c)| c));
        if self.ctrl.is_none() {
            if let Some(c) = all.find(|c| uses_ctrl(c)) {
                return Err(format!(
                    "constraint {c:?} needs a controlling type, but the opcode has none"
                ));
            }
        } else if self.typevar_operand(format).is_none()
            && self.outs.first().map(|&(_, c)| c) != Some(Constraint::Same)
        {
            return Err("the controlling type comes neither from the type-variable operand nor from result 0".into());
        }
        Ok(())
    }
}

fn v(name: &'static str) -> Operand {
    Operand::Value(name, Constraint::Same)
}
fn vt(name: &'static str, c: Constraint) -> Operand {
    Operand::Value(name, c)
}
fn imm(name: &'static str, kind: K) -> Operand {
    Operand::Imm(name, kind)
}
fn varargs(name: &'static str) -> Operand {
    Operand::VarArgs(name)
}
const fn same() -> Constraint {
    Constraint::Same
}
const fn fixed(ty: &'static str) -> Constraint {
    Constraint::Fixed(ty)
}
const fn derived(d: Derived) -> Constraint {
    Constraint::Derived(d)
}
const fn free(set: TypeSet) -> Constraint {
    Constraint::Free(set, Relation::Any)
}
const fn narrower(set: TypeSet) -> Constraint {
    Constraint::Free(set, Relation::Narrower)
}
const fn wider(set: TypeSet) -> Constraint {
    Constraint::Free(set, Relation::Wider)
}
const fn same_lanes(set: TypeSet) -> Constraint {
    Constraint::Free(set, Relation::SameLanes)
}
const fn same_bits(set: TypeSet) -> Constraint {
    Constraint::Free(set, Relation::SameBits)
}

const ADDR_OP: Constraint = free(ADDR);
const TRUTHY: Constraint = free(SCALAR_INT);
const LANE: Constraint = derived(Derived::LaneOf);

/// Binary operation `a = op x, y` on the controlling type.
#[track_caller]
fn binary(name: &'static str, ctrl: TypeSet, doc: &'static str) -> OpcodeDef {
    op(name, "Binary", ctrl, doc)
        .ins([v("x"), v("y")])
        .out(same())
}

/// Unary operation `a = op x` on the controlling type.
#[track_caller]
fn unary(name: &'static str, ctrl: TypeSet, doc: &'static str) -> OpcodeDef {
    op(name, "Unary", ctrl, doc).ins([v("x")]).out(same())
}

/// A load `a = op.T flags p+offset` of the controlling type.
#[track_caller]
fn load(name: &'static str, ctrl: TypeSet, doc: &'static str) -> OpcodeDef {
    op(name, "Load", ctrl, doc)
        .ins([
            imm("flags", K::MemFlags),
            vt("p", ADDR_OP),
            imm("offset", K::Offset32),
        ])
        .out(same())
        .loads()
}

/// A load `a = op flags p+offset` of a fixed type; the controlling type is
/// the address's (a one-type result set is no type variable in CLIF).
#[track_caller]
fn fixed_load(name: &'static str, ty: &'static str, doc: &'static str) -> OpcodeDef {
    op(name, "Load", ADDR, doc)
        .ins([
            imm("flags", K::MemFlags),
            v("p"),
            imm("offset", K::Offset32),
        ])
        .out(fixed(ty))
        .loads()
}

/// A store `op flags x, p+offset` of the controlling type.
#[track_caller]
fn store(name: &'static str, ctrl: TypeSet, doc: &'static str) -> OpcodeDef {
    op(name, "Store", ctrl, doc)
        .ins([
            imm("flags", K::MemFlags),
            v("x"),
            vt("p", ADDR_OP),
            imm("offset", K::Offset32),
        ])
        .stores()
}

/// Overflow-reporting binary operation `a, of = op x, y`.
#[track_caller]
fn overflow(name: &'static str, ctrl: TypeSet, doc: &'static str) -> OpcodeDef {
    op(name, "Binary", ctrl, doc)
        .ins([v("x"), v("y")])
        .outs([("a", same()), ("of", fixed("i8"))])
}

/// Carry or borrow chain `a, out = op x, y, in` (`in`/`out` are `i8` flags).
#[track_caller]
fn carry(
    name: &'static str,
    flag_in: &'static str,
    flag_out: &'static str,
    doc: &'static str,
) -> OpcodeDef {
    op(name, "Ternary", SCALAR_INT, doc)
        .ins([v("x"), v("y"), vt(flag_in, fixed("i8"))])
        .outs([("a", same()), (flag_out, fixed("i8"))])
}

/// Every CLIF opcode, in the order of the `Opcode` enum. One line each
/// (formatting is skipped to keep it so).
#[rustfmt::skip]
pub fn opcodes() -> Vec<OpcodeDef> {
    use Derived::*;
    vec![
        // ---- control flow ----
        op0("jump", "Jump", "Jump to a block, passing arguments.").ins([imm("block_call", K::BlockCall)]).branch(),
        op("brif", "Brif", SCALAR_INT, "Branch to `block_then` if `c` is non-zero, else to `block_else`.").ins([v("c"), imm("block_then", K::BlockCall), imm("block_else", K::BlockCall)]).branch(),
        op0("br_table", "BranchTable", "Branch through a jump table indexed by `x`; default when out of range.").ins([vt("x", fixed("i32")), imm("table", K::JumpTable)]).branch(),
        op0("debugtrap", "NullAry", "Stop in the debugger.").effects().loads().stores(),
        op0("trap", "Trap", "Trap unconditionally.").ins([imm("code", K::TrapCode)]).terminator().traps(),
        op("trapz", "CondTrap", SCALAR_INT, "Trap if `c` is zero.").ins([v("c"), imm("code", K::TrapCode)]).traps().idempotent(),
        op("trapnz", "CondTrap", SCALAR_INT, "Trap if `c` is non-zero.").ins([v("c"), imm("code", K::TrapCode)]).traps().idempotent(),
        op0("return", "MultiAry", "Return from the function with `rvals`.").ins([varargs("rvals")]).returns(),
        op0("call", "Call", "Call a function directly.").ins([imm("func_ref", K::FuncRef), varargs("args")]).call(),
        op("call_indirect", "CallIndirect", ADDR, "Call the function at address `callee`.").ins([imm("sig_ref", K::SigRef), v("callee"), varargs("args")]).call(),
        op0("return_call", "Call", "Tail-call a function directly.").ins([imm("func_ref", K::FuncRef), varargs("args")]).call().returns(),
        op("return_call_indirect", "CallIndirect", ADDR, "Tail-call the function at address `callee`.").ins([imm("sig_ref", K::SigRef), v("callee"), varargs("args")]).call().returns(),
        op0("try_call", "TryCall", "Call a function; continue at the normal or an exception successor.").ins([imm("func_ref", K::FuncRef), varargs("args"), imm("exception", K::ExceptionTable)]).call().branch(),
        op("try_call_indirect", "TryCallIndirect", ADDR, "Indirect call with normal and exception successors.").ins([v("callee"), varargs("args"), imm("exception", K::ExceptionTable)]).call().branch(),
        op("func_addr", "FuncAddr", ADDR, "The address of a function.").ins([imm("func_ref", K::FuncRef)]).out(same()),
        op("get_exception_handler_address", "ExceptionHandlerAddress", ADDR, "Address of the handler of a try_call edge.").ins([imm("block", K::Block), imm("index", K::Imm64)]).out(same()),
        // ---- constants ----
        op("iconst", "UnaryImm", NARROW_SCALAR_INT, "An integer constant.").ins([imm("imm", K::Imm64)]).out(same()),
        op0("f16const", "UnaryIeee16", "An f16 constant.").ins([imm("imm", K::Ieee16)]).out(fixed("f16")),
        op0("f32const", "UnaryIeee32", "An f32 constant.").ins([imm("imm", K::Ieee32)]).out(fixed("f32")),
        op0("f64const", "UnaryIeee64", "An f64 constant.").ins([imm("imm", K::Ieee64)]).out(fixed("f64")),
        op0("f128const", "UnaryConst", "An f128 constant from the pool.").ins([imm("imm", K::Constant)]).out(fixed("f128")),
        op("vconst", "UnaryConst", FIXED_VECTOR, "A vector constant from the pool.").ins([imm("imm", K::Constant)]).out(same()),
        op0("nop", "NullAry", "Do nothing."),
        // ---- memory ----
        load("load", MEM, "Load a value from `p + offset`."),
        store("store", MEM, "Store `x` to `p + offset`."),
        load("uload8", LOAD8_INT, "Load 8 bits and zero-extend."),
        load("sload8", LOAD8_INT, "Load 8 bits and sign-extend."),
        store("istore8", LOAD8_INT, "Store the low 8 bits of `x`."),
        load("uload16", LOAD16_INT, "Load 16 bits and zero-extend."),
        load("sload16", LOAD16_INT, "Load 16 bits and sign-extend."),
        store("istore16", LOAD16_INT, "Store the low 16 bits of `x`."),
        fixed_load("uload32", "i64", "Load 32 bits and zero-extend to i64."),
        fixed_load("sload32", "i64", "Load 32 bits and sign-extend to i64."),
        store("istore32", I64, "Store the low 32 bits of `x`."),
        fixed_load("uload8x8", "i16x8", "Load 8 bytes and zero-extend each to 16 bits."),
        fixed_load("sload8x8", "i16x8", "Load 8 bytes and sign-extend each to 16 bits."),
        fixed_load("uload16x4", "i32x4", "Load 4 halfwords and zero-extend each to 32 bits."),
        fixed_load("sload16x4", "i32x4", "Load 4 halfwords and sign-extend each to 32 bits."),
        fixed_load("uload32x2", "i64x2", "Load 2 words and zero-extend each to 64 bits."),
        fixed_load("sload32x2", "i64x2", "Load 2 words and sign-extend each to 64 bits."),
        op("stack_addr", "StackLoad", ADDR, "The address of a stack slot plus `offset`.").ins([imm("slot", K::StackSlot), imm("offset", K::Offset32)]).out(same()),
        op("dynamic_stack_addr", "DynamicStackLoad", ADDR, "The address of a dynamic stack slot.").ins([imm("slot", K::DynamicStackSlot)]).out(same()),
        op("dynamic_stack_load", "DynamicStackLoad", DYNAMIC_VECTOR, "Load a dynamic vector from a dynamic stack slot.").ins([imm("slot", K::DynamicStackSlot)]).out(same()).loads(),
        op("dynamic_stack_store", "DynamicStackStore", DYNAMIC_VECTOR, "Store a dynamic vector to a dynamic stack slot.").ins([v("x"), imm("slot", K::DynamicStackSlot)]).stores(),
        op("symbol_value", "UnaryGlobalValue", MEM, "The address of a symbol global value.").ins([imm("global_value", K::GlobalValue)]).out(same()),
        op("tls_value", "UnaryGlobalValue", MEM, "The address of a thread-local symbol.").ins([imm("global_value", K::GlobalValue)]).out(same()),
        op("get_pinned_reg", "NullAry", ADDR, "Read the pinned register.").out(same()).effects(),
        op("set_pinned_reg", "Unary", ADDR, "Write the pinned register.").ins([v("addr")]).effects(),
        op("get_frame_pointer", "NullAry", ADDR, "The frame pointer of this function.").out(same()),
        op("get_stack_pointer", "NullAry", ADDR, "The stack pointer.").out(same()),
        op("get_return_address", "NullAry", ADDR, "The return address of this function.").out(same()),
        op("atomic_rmw", "AtomicRmw", ATOMIC, "Atomically apply `op` to memory at `p` with `x`; result is the old value.").ins([imm("flags", K::MemFlags), imm("op", K::AtomicRmwOp), vt("p", ADDR_OP), v("x")]).out(same()).loads().stores().effects(),
        op("atomic_cas", "AtomicCas", ATOMIC, "Atomically replace `e` at `p` with `x`; result is the old value.").ins([imm("flags", K::MemFlags), vt("p", ADDR_OP), v("e"), v("x")]).out(same()).loads().stores().effects(),
        op("atomic_load", "LoadNoOffset", ATOMIC, "Atomic sequentially consistent load.").ins([imm("flags", K::MemFlags), vt("p", ADDR_OP)]).out(same()).loads().effects(),
        op("atomic_store", "StoreNoOffset", ATOMIC, "Atomic sequentially consistent store.").ins([imm("flags", K::MemFlags), v("x"), vt("p", ADDR_OP)]).stores().effects(),
        op0("fence", "NullAry", "A full memory barrier.").effects(),
        op("stack_switch", "Ternary", ADDR, "Switch to another stack, saving this one's context.").ins([v("store_context_ptr"), v("load_context_ptr"), v("in_payload0")]).outs([("out_payload0", same())]).loads().stores().effects().call(),
        op0("sequence_point", "NullAry", "A point other instructions may not move across.").effects(),
        // ---- integer arithmetic ----
        binary("iadd", INT, "Wrapping addition.").commutative(),
        binary("isub", INT, "Wrapping subtraction."),
        binary("imul", INT, "Wrapping multiplication.").commutative(),
        binary("umulhi", INT, "High half of the unsigned product.").commutative(),
        binary("smulhi", INT, "High half of the signed product.").commutative(),
        binary("udiv", SCALAR_INT, "Unsigned division; traps on a zero divisor.").traps().idempotent(),
        binary("sdiv", SCALAR_INT, "Signed division; traps on zero or overflow.").traps().idempotent(),
        binary("urem", SCALAR_INT, "Unsigned remainder; traps on a zero divisor.").traps().idempotent(),
        binary("srem", SCALAR_INT, "Signed remainder; traps on a zero divisor.").traps().idempotent(),
        binary("smin", FIXED_INT, "Signed minimum.").commutative(),
        binary("umin", FIXED_INT, "Unsigned minimum.").commutative(),
        binary("smax", FIXED_INT, "Signed maximum.").commutative(),
        binary("umax", FIXED_INT, "Unsigned maximum.").commutative(),
        binary("avg_round", FIXED_INT_VECTOR, "Unsigned average, rounding up.").commutative(),
        binary("uadd_sat", FIXED_INT_VECTOR, "Unsigned saturating addition.").commutative(),
        binary("sadd_sat", FIXED_INT_VECTOR, "Signed saturating addition.").commutative(),
        binary("usub_sat", FIXED_INT_VECTOR, "Unsigned saturating subtraction."),
        binary("ssub_sat", FIXED_INT_VECTOR, "Signed saturating subtraction."),
        unary("ineg", INT, "Wrapping negation."),
        unary("iabs", INT, "Absolute value (wrapping for the minimum)."),
        overflow("uadd_overflow", SCALAR_INT, "Addition; `of` is 1 on unsigned overflow.").commutative(),
        overflow("sadd_overflow", SCALAR_INT, "Addition; `of` is 1 on signed overflow.").commutative(),
        overflow("usub_overflow", SCALAR_INT, "Subtraction; `of` is 1 on unsigned overflow."),
        overflow("ssub_overflow", SCALAR_INT, "Subtraction; `of` is 1 on signed overflow."),
        overflow("umul_overflow", NARROW_SCALAR_INT, "Multiplication; `of` is 1 on unsigned overflow.").commutative(),
        overflow("smul_overflow", NARROW_SCALAR_INT, "Multiplication; `of` is 1 on signed overflow.").commutative(),
        carry("uadd_overflow_cin", "c_in", "c_out", "Addition with carry in; `c_out` is the unsigned carry out."),
        carry("sadd_overflow_cin", "c_in", "c_out", "Addition with carry in; `c_out` is 1 on signed overflow."),
        carry("usub_overflow_bin", "b_in", "b_out", "Subtraction with borrow in; `b_out` is the unsigned borrow."),
        carry("ssub_overflow_bin", "b_in", "b_out", "Subtraction with borrow in; `b_out` is 1 on signed overflow."),
        op("uadd_overflow_trap", "IntAddTrap", ADDR, "Unsigned addition that traps on overflow.").ins([v("x"), v("y"), imm("code", K::TrapCode)]).out(same()).traps().idempotent(),
        // ---- bitwise ----
        binary("band", FIXED_ANY, "Bitwise and.").commutative(),
        binary("bor", FIXED_ANY, "Bitwise or.").commutative(),
        binary("bxor", FIXED_ANY, "Bitwise exclusive or.").commutative(),
        unary("bnot", FIXED_ANY, "Bitwise not."),
        op("bitselect", "Ternary", FIXED_ANY, "Bits of `x` where `c` is 1, else bits of `y`.").ins([v("c"), v("x"), v("y")]).out(same()),
        op("blendv", "Ternary", FIXED_ANY, "x86 `blendv`: lanes of `x` where the top bit of `c`'s lane is set, else of `y`.").ins([v("c"), v("x"), v("y")]).out(same()),
        op("bmask", "Unary", SCALAR_INT, "All ones if `x` is non-zero, else zero.").ins([vt("x", free(SCALAR_INT))]).out(same()),
        op("ishl", "Binary", INT, "Shift left by `y` modulo the lane width.").ins([v("x"), vt("y", free(SCALAR_INT))]).out(same()),
        op("ushr", "Binary", INT, "Logical shift right.").ins([v("x"), vt("y", free(SCALAR_INT))]).out(same()),
        op("sshr", "Binary", INT, "Arithmetic shift right.").ins([v("x"), vt("y", free(SCALAR_INT))]).out(same()),
        op("rotl", "Binary", INT, "Rotate left.").ins([v("x"), vt("y", free(SCALAR_INT))]).out(same()),
        op("rotr", "Binary", INT, "Rotate right.").ins([v("x"), vt("y", free(SCALAR_INT))]).out(same()),
        unary("clz", SCALAR_INT, "Count leading zero bits."),
        unary("cls", SCALAR_INT, "Count leading sign bits (not counting the sign bit)."),
        unary("ctz", SCALAR_INT, "Count trailing zero bits."),
        unary("popcnt", INT, "Count one bits."),
        unary("bitrev", SCALAR_INT, "Reverse the bits."),
        unary("bswap", SPLITTABLE_INT, "Reverse the bytes."),
        // ---- comparisons and selects ----
        op("icmp", "IntCompare", INT, "Compare integers; 1 (or all ones per lane) if true.").ins([imm("cond", K::IntCC), v("x"), v("y")]).out(derived(AsTruthy)),
        op("fcmp", "FloatCompare", FLOAT, "Compare floats; 1 (or all ones per lane) if true.").ins([imm("cond", K::FloatCC), v("x"), v("y")]).out(derived(AsTruthy)),
        op("select", "Ternary", FIXED_ANY, "`x` if `c` is non-zero, else `y`.").ins([vt("c", TRUTHY), v("x"), v("y")]).out(same()),
        op("select_spectre_guard", "Ternary", FIXED_ANY, "`select` that is never turned into a branch.").ins([vt("c", TRUTHY), v("x"), v("y")]).out(same()),
        op("vselect", "Ternary", ANY_VECTOR, "Per lane: `x` where `c` is all ones, else `y` (older CLIF).").ins([vt("c", derived(AsTruthy)), v("x"), v("y")]).out(same()),
        // ---- conversions ----
        op("uextend", "Unary", SCALAR_INT, "Zero-extend to a wider integer.").ins([vt("x", narrower(SCALAR_INT))]).out(same()),
        op("sextend", "Unary", SCALAR_INT, "Sign-extend to a wider integer.").ins([vt("x", narrower(SCALAR_INT))]).out(same()),
        op("ireduce", "Unary", SCALAR_INT, "Keep the low bits of a wider integer.").ins([vt("x", wider(SCALAR_INT))]).out(same()),
        op("fpromote", "Unary", SCALAR_FLOAT, "Convert to a wider float.").ins([vt("x", narrower(SCALAR_FLOAT))]).out(same()),
        op("fdemote", "Unary", SCALAR_FLOAT, "Convert to a narrower float, rounding.").ins([vt("x", wider(SCALAR_FLOAT))]).out(same()),
        op("fcvt_to_uint", "Unary", SCALAR_INT, "Float to unsigned integer, toward zero; traps if out of range or NaN.").ins([vt("x", free(SCALAR_FLOAT))]).out(same()).traps().idempotent(),
        op("fcvt_to_sint", "Unary", SCALAR_INT, "Float to signed integer, toward zero; traps if out of range or NaN.").ins([vt("x", free(SCALAR_FLOAT))]).out(same()).traps().idempotent(),
        op("fcvt_to_uint_sat", "Unary", FIXED_INT, "Float to unsigned integer, saturating; NaN gives 0.").ins([vt("x", same_lanes(FLOAT))]).out(same()),
        op("fcvt_to_sint_sat", "Unary", FIXED_INT, "Float to signed integer, saturating; NaN gives 0.").ins([vt("x", same_lanes(FLOAT))]).out(same()),
        op("x86_cvtt2dq", "Unary", FIXED_INT, "x86 `cvttps2dq`: float lanes to integers, truncating; the minimum if out of range.").ins([vt("x", same_lanes(FLOAT))]).out(same()),
        op("fcvt_from_uint", "Unary", FIXED_FLOAT, "Unsigned integer to float, rounding.").ins([vt("x", same_lanes(FIXED_INT))]).out(same()),
        op("fcvt_from_sint", "Unary", FIXED_FLOAT, "Signed integer to float, rounding.").ins([vt("x", same_lanes(FIXED_INT))]).out(same()),
        op0("fcvt_low_from_sint", "Unary", "The low two i32 lanes to f64 (older CLIF).").ins([vt("x", fixed("i32x4"))]).out(fixed("f64x2")),
        op("isplit", "Unary", SPLITTABLE_INT, "Split into low and high halves.").ins([v("x")]).outs([("lo", derived(HalfWidth)), ("hi", derived(HalfWidth))]),
        op("iconcat", "Binary", NARROW_SCALAR_INT, "Concatenate low and high halves.").ins([v("lo"), v("hi")]).out(derived(DoubleWidth)),
        op("bitcast", "LoadNoOffset", MEM, "Reinterpret the bits; `flags` give the byte order of vector lanes.").ins([imm("flags", K::MemFlags), vt("x", same_bits(MEM))]).out(same()),
        // ---- floating point ----
        binary("fadd", FLOAT, "Float addition."),
        binary("fsub", FLOAT, "Float subtraction."),
        binary("fmul", FLOAT, "Float multiplication."),
        binary("fdiv", FLOAT, "Float division."),
        binary("fcopysign", FLOAT, "`x` with the sign of `y`."),
        binary("fmin", FLOAT, "Minimum; NaN if either is NaN."),
        binary("fmax", FLOAT, "Maximum; NaN if either is NaN."),
        unary("sqrt", FLOAT, "Square root."),
        unary("fneg", FLOAT, "Flip the sign bit."),
        unary("fabs", FLOAT, "Clear the sign bit."),
        unary("ceil", FLOAT, "Round toward positive infinity."),
        unary("floor", FLOAT, "Round toward negative infinity."),
        unary("trunc", FLOAT, "Round toward zero."),
        unary("nearest", FLOAT, "Round to nearest, ties to even."),
        op("fma", "Ternary", FLOAT, "Fused multiply-add `x * y + z`.").ins([v("x"), v("y"), v("z")]).out(same()),
        // ---- SIMD ----
        op("splat", "Unary", ANY_VECTOR, "A vector with every lane equal to `x`.").ins([vt("x", LANE)]).out(same()),
        op("scalar_to_vector", "Unary", FIXED_VECTOR, "A vector with lane 0 = `s` and the rest zero.").ins([vt("s", LANE)]).out(same()),
        op("insertlane", "TernaryImm8", ANY_VECTOR, "`x` with lane `lane` replaced by `y`.").ins([v("x"), vt("y", LANE), imm("lane", K::Uimm8)]).out(same()),
        op("extractlane", "BinaryImm8", ANY_VECTOR, "Lane `lane` of `x`.").ins([v("x"), imm("lane", K::Uimm8)]).out(LANE),
        op0("shuffle", "Shuffle", "Pick bytes of `a` and `b` by the 16-byte `mask`.").ins([vt("a", fixed("i8x16")), vt("b", fixed("i8x16")), imm("mask", K::Immediate)]).out(fixed("i8x16")),
        op0("swizzle", "Binary", "Pick bytes of `x` by the indexes in `y`; out of range gives 0.").ins([vt("x", fixed("i8x16")), vt("y", fixed("i8x16"))]).out(fixed("i8x16")),
        op0("x86_pshufb", "Binary", "x86 `pshufb`: byte shuffle with the high-bit-zeroes rule.").ins([vt("x", fixed("i8x16")), vt("y", fixed("i8x16"))]).out(fixed("i8x16")),
        op("vany_true", "Unary", FIXED_VECTOR, "1 if any lane is non-zero.").ins([v("x")]).out(fixed("i8")),
        op("vall_true", "Unary", FIXED_VECTOR, "1 if every lane is non-zero.").ins([v("x")]).out(fixed("i8")),
        op("vhigh_bits", "Unary", NARROW_SCALAR_INT, "The high bit of every lane of `x`, packed.").ins([vt("x", free(FIXED_VECTOR))]).out(same()),
        binary("iadd_pairwise", WIDENABLE_INT_VECTOR, "Add adjacent lane pairs of `x` then of `y`."),
        op("snarrow", "Binary", NARROWABLE_INT_VECTOR, "Narrow the lanes of `x` and `y` with signed saturation.").ins([v("x"), v("y")]).out(derived(SplitLanes)),
        op("unarrow", "Binary", NARROWABLE_INT_VECTOR, "Narrow signed lanes with unsigned saturation.").ins([v("x"), v("y")]).out(derived(SplitLanes)),
        op("uunarrow", "Binary", NARROWABLE_INT_VECTOR, "Narrow unsigned lanes with unsigned saturation.").ins([v("x"), v("y")]).out(derived(SplitLanes)),
        op("swiden_low", "Unary", WIDENABLE_INT_VECTOR, "Sign-extend the low half of the lanes.").ins([v("x")]).out(derived(MergeLanes)),
        op("swiden_high", "Unary", WIDENABLE_INT_VECTOR, "Sign-extend the high half of the lanes.").ins([v("x")]).out(derived(MergeLanes)),
        op("uwiden_low", "Unary", WIDENABLE_INT_VECTOR, "Zero-extend the low half of the lanes.").ins([v("x")]).out(derived(MergeLanes)),
        op("uwiden_high", "Unary", WIDENABLE_INT_VECTOR, "Zero-extend the high half of the lanes.").ins([v("x")]).out(derived(MergeLanes)),
        binary("sqmul_round_sat", INT_16_32_VECTOR, "Fixed-point multiply with rounding and saturation (Q15/Q31)."),
        binary("x86_pmulhrsw", INT_16_32_VECTOR, "x86 `pmulhrsw`: fixed-point multiply with rounding."),
        op0("x86_pmaddubsw", "Binary", "x86 `pmaddubsw`: unsigned by signed bytes, pairwise added with saturation.").ins([vt("x", fixed("i8x16")), vt("y", fixed("i8x16"))]).out(fixed("i16x8")),
        op0("fvpromote_low", "Unary", "The low two f32 lanes to f64.").ins([vt("x", fixed("f32x4"))]).out(fixed("f64x2")),
        op0("fvdemote", "Unary", "f64 lanes to f32 in the low half; high lanes zero.").ins([vt("x", fixed("f64x2"))]).out(fixed("f32x4")),
        op("extract_vector", "BinaryImm8", DYNAMIC_VECTOR, "Fixed-size part `lane` of a dynamic vector.").ins([v("x"), imm("lane", K::Uimm8)]).out(derived(DynamicToVector)),
    ]
}
