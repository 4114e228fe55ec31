//! Calls of the C library's memory routines (`%Memcpy`, `%Memmove`,
//! `%Memset`), run directly on the interpreter's memory. These are what
//! the frontend's memory helpers emit for copies and fills too large to
//! inline, so a function built with them can be run like any other.
//!
//! Invariants:
//! - A routine is called through the C signature it has on a 64-bit
//!   target: `(i64 dest, i64 src, i64 size)` for the copies and
//!   `(i64 dest, i32 byte, i64 size)` for `memset`, returning `dest` as an
//!   `i64` or, if declared so, nothing. Any other declaration is reported
//!   as invalid IR naming the instruction (native code would misbehave).
//! - The accessed bytes must lie inside one stack slot or host region per
//!   operand, as for loads and stores; otherwise the call traps `heap_oob`
//!   and memory is unchanged. A size of zero touches nothing.
//! - `memcpy` of overlapping buffers, undefined in C, copies as `memmove`
//!   does, so the result is deterministic.
//! - Only plain `call` reaches a routine; other library functions, and
//!   tail or `try_call`s of these, are [`InterpError::Unsupported`].

use super::error::InterpError;
use super::machine::Interpreter;
use super::step::{Outcome, StepError};
use super::value::Fault;
use crate::data_value::DataValue;
use crate::ir::types::{I32, I64};
use crate::ir::{AbiParam, Inst, LibCall, Opcode, Signature, TrapCode, Type};

impl Interpreter<'_> {
    /// Executes `inst`, a call (`opcode`) of library routine `routine`
    /// declared with `sig`, on `args`.
    pub(super) fn call_library(
        &mut self,
        inst: Inst,
        opcode: Opcode,
        routine: LibCall,
        sig: &Signature,
        args: &[DataValue],
    ) -> Result<Outcome, StepError> {
        let params: [Type; 3] = match routine {
            LibCall::Memcpy | LibCall::Memmove => [I64, I64, I64],
            LibCall::Memset => [I64, I32, I64],
            other => {
                return Err(InterpError::Unsupported(format!("library routine `{other}`")).into());
            }
        };
        if opcode != Opcode::Call {
            return Err(InterpError::Unsupported(format!(
                "`{opcode}` of library routine `{routine}`"
            ))
            .into());
        }
        let declared_right = types_are(&sig.params, &params)
            && (sig.returns.is_empty() || types_are(&sig.returns, &[I64]));
        if !declared_right {
            return Err(self
                .invalid(
                    inst,
                    &format!(
                        "`{routine}` is declared {sig} but takes ({}, {}, {}) -> i64",
                        params[0], params[1], params[2]
                    ),
                )
                .into());
        }
        let [dest, second, size] = args else {
            return Err(Fault::BadOperands.into());
        };
        let (DataValue::I64(dest), DataValue::I64(size)) = (*dest, *size) else {
            return Err(Fault::BadOperands.into());
        };
        let dest = dest as u64;
        // A size no buffer can have is out of bounds for every buffer.
        let size =
            usize::try_from(size as u64).map_err(|_| Fault::Trap(TrapCode::HEAP_OUT_OF_BOUNDS))?;
        match (routine, *second) {
            (LibCall::Memset, DataValue::I32(byte)) => {
                // C converts the `int` to `unsigned char`: its low byte.
                self.fill_memory(dest, byte as u8, size)?;
            }
            (LibCall::Memcpy | LibCall::Memmove, DataValue::I64(src)) => {
                self.copy_memory(dest, src as u64, size)?;
            }
            _ => return Err(Fault::BadOperands.into()),
        }
        // `dest` is the routine's result, if the declaration has one.
        let func = self.current_func()?;
        match (func.dfg.inst_results(inst), sig.returns.is_empty()) {
            ([], true) => {}
            (&[result], false) => self.set_value(inst, result, DataValue::I64(dest as i64))?,
            _ => {
                return Err(self
                    .invalid(inst, "the call's results do not match its signature")
                    .into());
            }
        }
        Ok(Outcome::Next)
    }
}

/// Do `params` have exactly the types `types`?
fn types_are(params: &[AbiParam], types: &[Type]) -> bool {
    params.len() == types.len() && params.iter().zip(types).all(|(p, &t)| p.value_type == t)
}
