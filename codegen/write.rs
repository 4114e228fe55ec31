//! The CLIF writer: a function's canonical text.
//!
//! The output re-parses to the same function (the reader keeps value and
//! block numbers) and printing is a fixed point: `cat` of `cat` equals `cat`.
//!
//! Layout of the text, as Cranelift prints it:
//! - `function NAME(PARAMS) -> RETURNS CALLCONV {`;
//! - the preamble, one declaration per line, indented by four spaces, then a
//!   blank line: stack slots, global values, dynamic types, dynamic stack
//!   slots, signatures, external functions, constants (dependencies first);
//! - each block in layout order: a blank line between blocks, the header
//!   `blockN(vA: T, ...)[ cold]:`, then its instructions indented by four;
//! - an alias `vA -> vB` right after the definition of `vB`.
//!
//! An instruction carries a type suffix (`iadd.i64`) unless its controlling
//! type is the type of its designated operand *and* that operand is defined
//! in the same block — so the reader can always infer what was left out.

use crate::entity::SecondaryMap;
use crate::ir::types::Type;
use crate::ir::{Block, Function, Inst, InstructionData, Value};
use core::fmt::{self, Write};

/// A function with a [`fmt::Display`] of its canonical text.
pub struct DisplayFunction<'a>(pub &'a Function);

impl fmt::Display for DisplayFunction<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_function(f, self.0)
    }
}

impl Function {
    /// The canonical CLIF text of the function.
    pub fn display(&self) -> DisplayFunction<'_> {
        DisplayFunction(self)
    }
}

/// Writes the canonical text of `func`.
pub fn write_function(w: &mut dyn Write, func: &Function) -> fmt::Result {
    writeln!(w, "function {}{} {{", func.name, func.signature)?;
    let aliases = alias_targets(func);
    let any_preamble = write_preamble(w, func)?;
    for (i, block) in func.layout.blocks().enumerate() {
        if i > 0 || any_preamble {
            writeln!(w)?;
        }
        write_block(w, func, block, &aliases)?;
    }
    writeln!(w, "}}")
}

/// The aliases of each value, in value order.
fn alias_targets(func: &Function) -> SecondaryMap<Value, Vec<Value>> {
    let mut map: SecondaryMap<Value, Vec<Value>> = SecondaryMap::new();
    for v in func.dfg.values() {
        if let Some(target) = func.dfg.alias_target(v) {
            map[target].push(v);
        }
    }
    map
}

fn write_preamble(w: &mut dyn Write, func: &Function) -> Result<bool, fmt::Error> {
    let mut any = false;
    let params = Some(&func.params);
    for (region, data) in func.dfg.alias_regions.iter() {
        writeln!(w, "    {region} = {data}")?;
        any = true;
    }
    for (slot, data) in func.sized_stack_slots.iter() {
        writeln!(w, "    {slot} = {data}")?;
        any = true;
    }
    for (gv, data) in func.global_values.iter() {
        writeln!(w, "    {gv} = {}", data.display(params))?;
        any = true;
    }
    if let Some(gv) = func.stack_limit {
        writeln!(w, "    stack_limit = {gv}")?;
        any = true;
    }
    for (dt, data) in func.dfg.dynamic_types.iter() {
        writeln!(w, "    {dt} = {data}")?;
        any = true;
    }
    for (slot, data) in func.dynamic_stack_slots.iter() {
        writeln!(w, "    {slot} = {data}")?;
        any = true;
    }
    for (sig, data) in func.dfg.signatures.iter() {
        writeln!(w, "    {sig} = {data}")?;
        any = true;
    }
    for (fref, data) in func.dfg.ext_funcs.iter() {
        writeln!(w, "    {fref} = {}", data.display(params))?;
        any = true;
    }
    for (c, data) in func.dfg.constants.iter() {
        writeln!(w, "    {c} = {data}")?;
        any = true;
    }
    Ok(any)
}

fn write_block(
    w: &mut dyn Write,
    func: &Function,
    block: Block,
    aliases: &SecondaryMap<Value, Vec<Value>>,
) -> fmt::Result {
    write!(w, "{block}")?;
    let params = func.dfg.block_params(block);
    if !params.is_empty() {
        w.write_char('(')?;
        for (i, &v) in params.iter().enumerate() {
            if i > 0 {
                w.write_str(", ")?;
            }
            write!(w, "{v}: {}", func.dfg.value_type(v))?;
        }
        w.write_char(')')?;
    }
    if func.layout.is_cold(block) {
        w.write_str(" cold")?;
    }
    writeln!(w, ":")?;
    for &v in params {
        write_aliases(w, aliases, v)?;
    }
    for inst in func.layout.block_insts(block) {
        write_instruction(w, func, inst)?;
        for &v in func.dfg.inst_results(inst) {
            write_aliases(w, aliases, v)?;
        }
    }
    Ok(())
}

/// Writes `vA -> target` for every alias of `target`, and aliases of those.
fn write_aliases(
    w: &mut dyn Write,
    aliases: &SecondaryMap<Value, Vec<Value>>,
    target: Value,
) -> fmt::Result {
    let mut stack = vec![target];
    while let Some(t) = stack.pop() {
        for &a in aliases[t].iter().rev() {
            stack.push(a);
        }
        for &a in &aliases[t] {
            writeln!(w, "    {a} -> {t}")?;
        }
    }
    Ok(())
}

/// The type suffix of `inst`, if it needs one.
fn type_suffix(func: &Function, inst: Inst) -> Option<Type> {
    let data = &func.dfg.insts[inst];
    let constraints = data.opcode().constraints();
    if !constraints.has_ctrl_typevar() {
        return None;
    }
    if let Some(index) = constraints.typevar_operand()
        && let Some(&operand) = data.arguments(&func.dfg.value_lists).get(index)
    {
        let def_block = match func.dfg.value_def(operand) {
            crate::ir::ValueDef::Result(def, _) => func.layout.inst_block(def),
            crate::ir::ValueDef::Param(b, _) => Some(b),
            crate::ir::ValueDef::Undefined => None,
        };
        if def_block.is_some() && def_block == func.layout.inst_block(inst) {
            return None;
        }
    }
    Some(func.dfg.ctrl_typevar(inst))
}

/// Writes one instruction line: indented, with a newline.
pub fn write_instruction(w: &mut dyn Write, func: &Function, inst: Inst) -> fmt::Result {
    w.write_str("    ")?;
    write_instruction_text(w, func, inst)?;
    writeln!(w)
}

/// The text of one instruction without indentation or newline
/// (`v3 = iadd v1, v2`), as error messages quote it.
pub fn instruction_text(func: &Function, inst: Inst) -> String {
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = write_instruction_text(&mut s, func, inst);
    s
}

fn write_instruction_text(w: &mut dyn Write, func: &Function, inst: Inst) -> fmt::Result {
    let results = func.dfg.inst_results(inst);
    if !results.is_empty() {
        write_values(w, results)?;
        w.write_str(" = ")?;
    }
    let data = &func.dfg.insts[inst];
    write!(w, "{}", data.opcode())?;
    if let Some(ty) = type_suffix(func, inst) {
        write!(w, ".{ty}")?;
    }
    write_operands(w, func, data)
}

fn write_values(w: &mut dyn Write, values: &[Value]) -> fmt::Result {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            w.write_str(", ")?;
        }
        write!(w, "{v}")?;
    }
    Ok(())
}

/// Writes the operands of `data` after the opcode, with a leading space
/// when there are any.
pub fn write_operands(w: &mut dyn Write, func: &Function, data: &InstructionData) -> fmt::Result {
    let pool = &func.dfg.value_lists;
    match *data {
        InstructionData::NullAry { .. } => Ok(()),
        InstructionData::Unary { arg, .. } => write!(w, " {arg}"),
        InstructionData::UnaryImm { imm, .. } => write!(w, " {imm}"),
        InstructionData::UnaryIeee16 { imm, .. } => write!(w, " {imm}"),
        InstructionData::UnaryIeee32 { imm, .. } => write!(w, " {imm}"),
        InstructionData::UnaryIeee64 { imm, .. } => write!(w, " {imm}"),
        InstructionData::UnaryConst {
            constant_handle, ..
        } => write!(w, " {constant_handle}"),
        InstructionData::UnaryGlobalValue { global_value, .. } => write!(w, " {global_value}"),
        InstructionData::Binary { args, .. } => write!(w, " {}, {}", args[0], args[1]),
        InstructionData::BinaryImm8 { arg, imm, .. } => write!(w, " {arg}, {imm}"),
        InstructionData::Ternary { args, .. } => {
            write!(w, " {}, {}, {}", args[0], args[1], args[2])
        }
        InstructionData::TernaryImm8 { args, imm, .. } => {
            write!(w, " {}, {}, {imm}", args[0], args[1])
        }
        InstructionData::Shuffle { args, imm, .. } => {
            write!(w, " {}, {}, ", args[0], args[1])?;
            match func.dfg.immediates.get(imm) {
                Some(mask) => write!(w, "{mask}"),
                None => write!(w, "{imm}"),
            }
        }
        InstructionData::IntCompare { args, cond, .. } => {
            write!(w, " {cond} {}, {}", args[0], args[1])
        }
        InstructionData::FloatCompare { args, cond, .. } => {
            write!(w, " {cond} {}, {}", args[0], args[1])
        }
        InstructionData::Jump { destination, .. } => write!(w, " {}", destination.display(pool)),
        InstructionData::Brif { arg, blocks, .. } => write!(
            w,
            " {arg}, {}, {}",
            blocks[0].display(pool),
            blocks[1].display(pool)
        ),
        InstructionData::BranchTable { arg, table, .. } => match func.dfg.jump_tables.get(table) {
            Some(jt) => write!(w, " {arg}, {}", jt.display(pool)),
            None => write!(w, " {arg}, {table}"),
        },
        InstructionData::Call { args, func_ref, .. } => {
            write!(w, " {func_ref}(")?;
            write_values(w, args.as_slice(pool))?;
            w.write_char(')')
        }
        InstructionData::CallIndirect { args, sig_ref, .. } => {
            let args = args.as_slice(pool);
            match args.split_first() {
                Some((callee, rest)) => {
                    write!(w, " {sig_ref}, {callee}(")?;
                    write_values(w, rest)?;
                    w.write_char(')')
                }
                None => write!(w, " {sig_ref}, <missing callee>()"),
            }
        }
        InstructionData::TryCall {
            args,
            func_ref,
            exception,
            ..
        } => {
            write!(w, " {func_ref}(")?;
            write_values(w, args.as_slice(pool))?;
            w.write_str("), ")?;
            write_exception_table(w, func, exception)
        }
        InstructionData::TryCallIndirect {
            args, exception, ..
        } => {
            let args = args.as_slice(pool);
            match args.split_first() {
                Some((callee, rest)) => {
                    write!(w, " {callee}(")?;
                    write_values(w, rest)?;
                    w.write_str("), ")?;
                }
                None => w.write_str(" <missing callee>(), ")?,
            }
            write_exception_table(w, func, exception)
        }
        InstructionData::FuncAddr { func_ref, .. } => write!(w, " {func_ref}"),
        InstructionData::Load {
            arg, flags, offset, ..
        } => write!(w, "{flags} {arg}{offset}"),
        InstructionData::LoadNoOffset { arg, flags, .. } => write!(w, "{flags} {arg}"),
        InstructionData::Store {
            args,
            flags,
            offset,
            ..
        } => write!(w, "{flags} {}, {}{offset}", args[0], args[1]),
        InstructionData::StoreNoOffset { args, flags, .. } => {
            write!(w, "{flags} {}, {}", args[0], args[1])
        }
        InstructionData::StackLoad {
            stack_slot, offset, ..
        } => write!(w, " {stack_slot}{offset}"),
        InstructionData::DynamicStackLoad {
            dynamic_stack_slot, ..
        } => write!(w, " {dynamic_stack_slot}"),
        InstructionData::DynamicStackStore {
            arg,
            dynamic_stack_slot,
            ..
        } => write!(w, " {arg}, {dynamic_stack_slot}"),
        InstructionData::Trap { code, .. } => write!(w, " {code}"),
        InstructionData::CondTrap { arg, code, .. } => write!(w, " {arg}, {code}"),
        InstructionData::IntAddTrap { args, code, .. } => {
            write!(w, " {}, {}, {code}", args[0], args[1])
        }
        InstructionData::MultiAry { args, .. } => {
            let args = args.as_slice(pool);
            if !args.is_empty() {
                w.write_char(' ')?;
                write_values(w, args)?;
            }
            Ok(())
        }
        InstructionData::AtomicRmw {
            args, flags, op, ..
        } => {
            write!(w, "{flags} {op} {}, {}", args[0], args[1])
        }
        InstructionData::AtomicCas { args, flags, .. } => {
            write!(w, "{flags} {}, {}, {}", args[0], args[1], args[2])
        }
        InstructionData::ExceptionHandlerAddress { block, imm, .. } => write!(w, " {block}, {imm}"),
    }
}

fn write_exception_table(
    w: &mut dyn Write,
    func: &Function,
    table: crate::ir::ExceptionTable,
) -> fmt::Result {
    match func.dfg.exception_tables.get(table) {
        Some(data) => write!(w, "{}", data.display(&func.dfg.value_lists)),
        None => write!(w, "{table}"),
    }
}
