//! Tests of the frontend. Every function built here is checked with the
//! verifier, and most are run with the CLIF interpreter
//! ([`crate::interp`]) to check what they compute; a few representative
//! ones are snapshots of their printed CLIF.

mod errors;
mod memory;
mod random;
mod ssa;
mod stress;
mod switch;

use super::{FunctionBuilder, FunctionBuilderContext};
use crate::data_value::DataValue;
use crate::interp::{FunctionStore, Interpreter};
use crate::ir::{AbiParam, CallConv, Function, Signature, Type, UserFuncName};
use crate::verifier::verify_function;

/// A signature with `params` and `returns`.
fn signature(params: &[Type], returns: &[Type]) -> Signature {
    let mut sig = Signature::new(CallConv::SystemV);
    sig.params.extend(params.iter().map(|&t| AbiParam::new(t)));
    sig.returns
        .extend(returns.iter().map(|&t| AbiParam::new(t)));
    sig
}

/// Builds a function `%name` with `sig` through `body`, finalizes it and
/// checks it with the verifier.
fn build(name: &str, sig: Signature, body: impl FnOnce(&mut FunctionBuilder<'_>)) -> Function {
    let mut func = Function::with_name_signature(UserFuncName::testcase(name), sig);
    let mut ctx = FunctionBuilderContext::new();
    let mut builder = FunctionBuilder::new(&mut func, &mut ctx);
    body(&mut builder);
    if let Err(errors) = builder.try_finalize() {
        panic!("{errors}\n{}", func.display());
    }
    if let Err(errors) = verify_function(&func) {
        panic!("{errors}\n{}", func.display());
    }
    func
}

/// Runs `func` on `args` with the interpreter and returns its return
/// values, sign-extended from their types. Each argument is truncated to
/// its parameter's type.
fn run(func: &Function, args: &[i64]) -> Vec<i64> {
    let args: Vec<DataValue> = args
        .iter()
        .zip(&func.signature.params)
        .map(
            |(&a, param)| match DataValue::from_int_bits(param.value_type, a as u128) {
                Some(v) => v,
                None => panic!("parameter type {} is not an integer", param.value_type),
            },
        )
        .collect();
    let mut store = FunctionStore::new();
    store.add(func);
    match Interpreter::new(&store).call_by_name(&func.name.to_string(), &args) {
        Ok(returns) => returns
            .iter()
            .map(|r| match r.to_i128() {
                Some(x) => x as i64,
                None => panic!("return value {r} is not an integer"),
            })
            .collect(),
        Err(e) => panic!("{e}\n{}", func.display()),
    }
}

/// Asserts a snapshot of the printed function.
fn snapshot(name: &str, func: &Function) {
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, func.display().to_string());
    });
}
