//! A test-only evaluator for the integer subset of CLIF the frontend
//! tests build: constants, arithmetic, comparisons, `select`, extensions,
//! loads and stores on a byte array (addresses are offsets into it),
//! `jump`/`brif`/`br_table`/`return`, and calls of the memory routines.
//!
//! It lets the tests check what built functions *compute*, not only how
//! they print, until the CLIF interpreter is available. Values are kept as
//! `u64` masked to their type's width.

use crate::entity::SecondaryMap;
use crate::ir::condcodes::IntCC;
use crate::ir::{
    Block, BlockArg, BlockCall, ExternalName, Function, InstructionData, LibCall, Opcode, Type,
    Value,
};

/// The result of a run: returned values (as unsigned bit patterns) and the
/// final memory.
pub(super) struct Outcome {
    pub returns: Vec<u64>,
    pub memory: Vec<u8>,
}

fn mask(ty: Type, x: u64) -> u64 {
    match ty.bits() {
        64 => x,
        bits => x & ((1u64 << bits) - 1),
    }
}

/// `x` sign-extended from the width of `ty`.
pub(super) fn signed(ty: Type, x: u64) -> i64 {
    let shift = 64 - ty.bits();
    ((x << shift) as i64) >> shift
}

struct Machine<'f> {
    func: &'f Function,
    values: SecondaryMap<Value, u64>,
    memory: Vec<u8>,
}

impl Machine<'_> {
    fn get(&self, v: Value) -> u64 {
        self.values[self.func.dfg.resolve_aliases(v)]
    }

    fn set(&mut self, v: Value, x: u64) {
        let ty = self.func.dfg.value_type(v);
        self.values[v] = mask(ty, x);
    }

    fn enter(&mut self, call: BlockCall) -> Result<Block, String> {
        let pool = &self.func.dfg.value_lists;
        let block = call.block(pool);
        let args: Vec<u64> = call
            .args(pool)
            .map(|a| match a {
                BlockArg::Value(v) => Ok(self.get(v)),
                other => Err(format!("unsupported block argument {other}")),
            })
            .collect::<Result<_, _>>()?;
        let params = self.func.dfg.block_params(block);
        if params.len() != args.len() {
            return Err(format!(
                "{block} takes {} arguments, got {}",
                params.len(),
                args.len()
            ));
        }
        for (&p, x) in params.iter().zip(args) {
            self.set(p, x);
        }
        Ok(block)
    }

    fn range(&self, addr: u64, len: u64) -> Result<core::ops::Range<usize>, String> {
        let end = addr
            .checked_add(len)
            .filter(|&e| e <= self.memory.len() as u64)
            .ok_or_else(|| format!("access of {len} bytes at {addr} is out of bounds"))?;
        Ok(addr as usize..end as usize)
    }
}

/// Runs `func` on `args` with `memory`, for at most `max_steps` instructions.
pub(super) fn run(
    func: &Function,
    args: &[u64],
    memory: Vec<u8>,
    max_steps: usize,
) -> Result<Outcome, String> {
    let mut m = Machine {
        func,
        values: SecondaryMap::new(),
        memory,
    };
    let dfg = &func.dfg;
    let mut block = func.layout.entry_block().ok_or("no entry block")?;
    for (&p, &x) in dfg.block_params(block).iter().zip(args) {
        m.set(p, x);
    }
    let mut steps = 0;
    'blocks: loop {
        for inst in func.layout.block_insts(block) {
            steps += 1;
            if steps > max_steps {
                return Err("step limit reached".into());
            }
            let data = &dfg.insts[inst];
            let args: Vec<u64> = dfg.inst_args(inst).iter().map(|&v| m.get(v)).collect();
            let result = dfg.inst_results(inst).first().copied();
            let ty = result.map(|r| dfg.value_type(r));
            let arg_ty = dfg.inst_args(inst).first().map(|&v| dfg.value_type(v));
            let out = match (data, data.opcode()) {
                (InstructionData::UnaryImm { imm, .. }, Opcode::Iconst) => Some(imm.bits() as u64),
                (_, Opcode::Iadd) => Some(args[0].wrapping_add(args[1])),
                (_, Opcode::Isub) => Some(args[0].wrapping_sub(args[1])),
                (_, Opcode::Imul) => Some(args[0].wrapping_mul(args[1])),
                (_, Opcode::Uextend | Opcode::Ireduce) => Some(args[0]),
                (_, Opcode::Sextend) => Some(signed(arg_ty.ok_or("no arg")?, args[0]) as u64),
                (_, Opcode::Select) => Some(if args[0] != 0 { args[1] } else { args[2] }),
                (InstructionData::IntCompare { cond, .. }, Opcode::Icmp) => {
                    let t = arg_ty.ok_or("no arg")?;
                    let (a, b) = (args[0], args[1]);
                    let (sa, sb) = (signed(t, a), signed(t, b));
                    Some(u64::from(match cond {
                        IntCC::Equal => a == b,
                        IntCC::NotEqual => a != b,
                        IntCC::SignedLessThan => sa < sb,
                        IntCC::SignedGreaterThanOrEqual => sa >= sb,
                        IntCC::SignedGreaterThan => sa > sb,
                        IntCC::SignedLessThanOrEqual => sa <= sb,
                        IntCC::UnsignedLessThan => a < b,
                        IntCC::UnsignedGreaterThanOrEqual => a >= b,
                        IntCC::UnsignedGreaterThan => a > b,
                        IntCC::UnsignedLessThanOrEqual => a <= b,
                    }))
                }
                (InstructionData::Load { offset, .. }, Opcode::Load) => {
                    let t = ty.ok_or("no result")?;
                    let addr = args[0].wrapping_add(offset.value() as i64 as u64);
                    let r = m.range(addr, u64::from(t.bytes()))?;
                    let mut bytes = [0u8; 8];
                    bytes[..r.len()].copy_from_slice(&m.memory[r]);
                    Some(u64::from_le_bytes(bytes))
                }
                (InstructionData::Store { offset, .. }, Opcode::Store) => {
                    let t = arg_ty.ok_or("no arg")?;
                    let addr = args[1].wrapping_add(offset.value() as i64 as u64);
                    let r = m.range(addr, u64::from(t.bytes()))?;
                    let len = r.len();
                    m.memory[r].copy_from_slice(&args[0].to_le_bytes()[..len]);
                    None
                }
                (InstructionData::Call { func_ref, .. }, Opcode::Call) => {
                    let name = &dfg.ext_funcs[*func_ref].name;
                    match name {
                        ExternalName::LibCall(LibCall::Memcpy | LibCall::Memmove) => {
                            let src = m.range(args[1], args[2])?;
                            let dest = m.range(args[0], args[2])?;
                            m.memory.copy_within(src, dest.start);
                        }
                        ExternalName::LibCall(LibCall::Memset) => {
                            let dest = m.range(args[0], args[2])?;
                            m.memory[dest].fill(args[1] as u8);
                        }
                        other => return Err(format!("unsupported callee {other}")),
                    }
                    Some(args[0])
                }
                (InstructionData::Jump { destination, .. }, _) => {
                    block = m.enter(*destination)?;
                    continue 'blocks;
                }
                (InstructionData::Brif { blocks, .. }, _) => {
                    block = m.enter(blocks[usize::from(args[0] == 0)])?;
                    continue 'blocks;
                }
                (InstructionData::BranchTable { table, .. }, _) => {
                    let jt = &dfg.jump_tables[*table];
                    let call = jt
                        .as_slice()
                        .get(args[0] as usize)
                        .copied()
                        .unwrap_or(jt.default_block());
                    block = m.enter(call)?;
                    continue 'blocks;
                }
                (_, Opcode::Return) => {
                    return Ok(Outcome {
                        returns: args,
                        memory: m.memory,
                    });
                }
                (_, op) => return Err(format!("unsupported opcode {op}")),
            };
            if let (Some(r), Some(x)) = (result, out) {
                m.set(r, x);
            }
        }
        return Err(format!("{block} fell off its end"));
    }
}
