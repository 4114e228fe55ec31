//! Host functions: functions of the program embedding the interpreter that
//! interpreted code calls like any other external function.
//!
//! A language runtime run on the interpreter needs its own primitives
//! (printing, allocation, I/O) that are not CLIF. The embedder registers
//! each one with [`Interpreter::with_host_function`] under the name a
//! `call` refers to it by — `u1:0` for a user name, `print` for `%print` —
//! together with the signature it implements. A direct `call` whose callee
//! is not in the [`FunctionStore`](super::FunctionStore) then runs the
//! registered closure on the call's arguments and delivers its results to
//! the call, without pushing a frame.
//!
//! Invariants:
//! - Functions of the store shadow host functions of the same name.
//! - A call reaches a host function only if the call's signature has the
//!   parameter and return types the host function was registered with;
//!   a mismatch is [`InterpError::InvalidIr`] naming the call (native code
//!   would misbehave). Values the closure returns are checked against the
//!   same types.
//! - Only plain `call` reaches a host function; tail calls, `try_call`s and
//!   taking its address (`func_addr`) are [`InterpError::Unsupported`].
//! - A closure that fails ends the run with [`InterpError::HostFunction`]
//!   carrying its message.
//! - Each host call counts as one step of the step budget (the closure's
//!   own work is not counted).

use super::error::InterpError;
use super::machine::{Interpreter, check_signature_args};
use super::step::{Outcome, StepError};
use crate::data_value::DataValue;
use crate::ir::{Inst, Opcode, Signature};

/// The closure behind a host function: the arguments in, the results (as
/// many as the signature returns) or a message saying why it failed out.
pub type HostFn<'a> = dyn FnMut(&[DataValue]) -> Result<Vec<DataValue>, String> + 'a;

/// A registered host function.
pub(super) struct HostFunction<'a> {
    /// The name calls refer to it by.
    pub name: String,
    /// The signature it implements (only value types are compared).
    pub signature: Signature,
    /// What it does.
    pub body: Box<HostFn<'a>>,
}

impl<'a> Interpreter<'a> {
    /// Registers a host function: a direct `call` of `name` (`u1:0` for a
    /// user name, `f` or `%f` for `%f`) that no function of the store
    /// defines runs `body` on its arguments, which must match `signature`.
    /// A later registration of the same name replaces an earlier one.
    pub fn with_host_function(
        mut self,
        name: &str,
        signature: Signature,
        body: impl FnMut(&[DataValue]) -> Result<Vec<DataValue>, String> + 'a,
    ) -> Self {
        let name = name.strip_prefix('%').unwrap_or(name).to_string();
        let function = HostFunction {
            name,
            signature,
            body: Box::new(body),
        };
        match self
            .host_functions
            .binary_search_by(|f| f.name.as_str().cmp(&function.name))
        {
            Ok(i) => self.host_functions[i] = function,
            Err(i) => self.host_functions.insert(i, function),
        }
        self
    }

    /// The index of the host function registered as `name` (`%f` is `f`).
    pub(super) fn host_function_index(&self, name: &str) -> Option<usize> {
        let name = name.strip_prefix('%').unwrap_or(name);
        self.host_functions
            .binary_search_by(|f| f.name.as_str().cmp(name))
            .ok()
    }

    /// Executes `inst`, a call (`opcode`) through `sig` of host function
    /// `index`, on `args`.
    pub(super) fn call_host(
        &mut self,
        inst: Inst,
        opcode: Opcode,
        index: usize,
        sig: &Signature,
        args: &[DataValue],
    ) -> Result<Outcome, StepError> {
        let func = self.current_func()?;
        let Some(host) = self.host_functions.get_mut(index) else {
            return Err(InterpError::InvalidIr(format!("no host function {index}")).into());
        };
        if opcode != Opcode::Call {
            return Err(InterpError::Unsupported(format!(
                "`{opcode}` of host function `{}`",
                host.name
            ))
            .into());
        }
        let agrees = same_value_types(&host.signature, sig);
        if !agrees {
            let message = format!(
                "host function `{}` is declared {sig} but implements {}",
                host.name, host.signature
            );
            return Err(self.invalid(inst, &message).into());
        }
        if let Err(msg) = check_signature_args(sig, args) {
            return Err(self.invalid(inst, &format!("the callee {msg}")).into());
        }
        let values = (host.body)(args).map_err(|message| InterpError::HostFunction {
            name: host.name.clone(),
            message,
        })?;
        let returned_right = sig.returns.len() == values.len()
            && sig
                .returns
                .iter()
                .zip(&values)
                .all(|(p, v)| p.value_type == v.ty());
        if !returned_right {
            let got: Vec<String> = values.iter().map(|v| v.ty().to_string()).collect();
            return Err(InterpError::HostFunction {
                name: host.name.clone(),
                message: format!("returned ({}) for a call declared {sig}", got.join(", ")),
            }
            .into());
        }
        let results = func.dfg.inst_results(inst);
        if results.len() != values.len() {
            return Err(self
                .invalid(inst, "the call's results do not match its signature")
                .into());
        }
        for (&r, &v) in results.iter().zip(&values) {
            self.set_value(inst, r, v)?;
        }
        Ok(Outcome::Next)
    }
}

/// Do `a` and `b` have the same parameter and return types?
fn same_value_types(a: &Signature, b: &Signature) -> bool {
    let same = |x: &[crate::ir::AbiParam], y: &[crate::ir::AbiParam]| {
        x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.value_type == q.value_type)
    };
    same(&a.params, &b.params) && same(&a.returns, &b.returns)
}
