//! Tests of host functions: calls by user and test-case name with
//! arguments and results, state kept by the closure across calls,
//! shadowing by store functions, and every misuse reported as an error
//! (signature mismatch, failing closure, wrong results, tail calls and
//! addresses of host functions, unregistered names).

use super::{FunctionStore, InterpError, Interpreter};
use crate::data_value::DataValue;
use crate::ir::types::I64;
use crate::ir::{AbiParam, CallConv, Function, Signature};
use crate::reader::parse_functions;
use std::cell::RefCell;

const PROGRAM: &str = "function %sum_logged(i64, i64) -> i64 {
    sig0 = (i64) system_v
    fn0 = u1:0 sig0
    fn1 = %twice(i64) -> i64 system_v
block0(v0: i64, v1: i64):
    call fn0(v0)
    call fn0(v1)
    v2 = iadd v0, v1
    v3 = call fn1(v2)
    return v3
}
function %wrong_sig(i64) -> i64 {
    fn0 = u1:0(i64) -> i64 system_v
block0(v0: i64):
    v1 = call fn0(v0)
    return v1
}
function %tail(i64) -> i64 {
    fn0 = %twice(i64) -> i64 system_v
block0(v0: i64):
    return_call fn0(v0)
}
function %addr() -> i64 {
    fn0 = %twice(i64) -> i64 system_v
block0:
    v0 = func_addr.i64 fn0
    return v0
}
function %unknown(i64) {
    fn0 = %nowhere(i64) system_v
block0(v0: i64):
    call fn0(v0)
    return
}";

fn parse(text: &str) -> Vec<Function> {
    match parse_functions(text) {
        Ok(f) => f,
        Err(e) => panic!("test CLIF does not parse: {e}"),
    }
}

/// `(i64, ...) -> (i64, ...)` in the SysV convention.
fn signature(params: usize, returns: usize) -> Signature {
    let mut sig = Signature::new(CallConv::SystemV);
    sig.params = vec![AbiParam::new(I64); params];
    sig.returns = vec![AbiParam::new(I64); returns];
    sig
}

/// Doubles an `i64`.
fn twice(args: &[DataValue]) -> Result<Vec<DataValue>, String> {
    match args {
        [DataValue::I64(x)] => Ok(vec![DataValue::I64(x.wrapping_mul(2))]),
        _ => Err("expected one i64".to_string()),
    }
}

#[test]
fn host_functions_get_arguments_and_deliver_results() {
    let funcs = parse(PROGRAM);
    let mut store = FunctionStore::new();
    funcs.iter().for_each(|f| store.add(f));
    let logged = RefCell::new(Vec::new());
    let result = Interpreter::new(&store)
        .with_host_function("u1:0", signature(1, 0), |args| {
            logged.borrow_mut().extend_from_slice(args);
            Ok(Vec::new())
        })
        .with_host_function("%twice", signature(1, 1), twice)
        .call_by_name("sum_logged", &[DataValue::I64(20), DataValue::I64(1)]);
    assert_eq!(result, Ok(vec![DataValue::I64(42)]));
    assert_eq!(
        logged.into_inner(),
        vec![DataValue::I64(20), DataValue::I64(1)]
    );
}

#[test]
fn store_functions_shadow_host_functions() {
    let text = format!(
        "{PROGRAM}
function %twice(i64) -> i64 system_v {{
block0(v0: i64):
    v1 = iconst.i64 7
    return v1
}}"
    );
    let funcs = parse(&text);
    let mut store = FunctionStore::new();
    funcs.iter().for_each(|f| store.add(f));
    let result = Interpreter::new(&store)
        .with_host_function("u1:0", signature(1, 0), |_| Ok(Vec::new()))
        .with_host_function("twice", signature(1, 1), twice)
        .call_by_name("sum_logged", &[DataValue::I64(1), DataValue::I64(2)]);
    assert_eq!(result, Ok(vec![DataValue::I64(7)]));
}

#[test]
fn misuse_of_host_functions_is_an_error() {
    let funcs = parse(PROGRAM);
    let mut store = FunctionStore::new();
    funcs.iter().for_each(|f| store.add(f));
    let one = [DataValue::I64(1)];
    let interp = || {
        Interpreter::new(&store)
            .with_host_function("u1:0", signature(1, 0), |_| Ok(Vec::new()))
            .with_host_function("twice", signature(1, 1), twice)
    };

    let Err(InterpError::InvalidIr(msg)) = interp().call_by_name("wrong_sig", &one) else {
        panic!("a call through the wrong signature must be invalid IR");
    };
    assert!(
        msg.contains("host function `u1:0` is declared (i64) -> i64 system_v")
            && msg.contains("implements (i64) system_v"),
        "{msg}"
    );

    assert_eq!(
        interp().call_by_name("tail", &one),
        Err(InterpError::Unsupported(
            "`return_call` of host function `twice`".to_string()
        ))
    );
    assert_eq!(
        interp().call_by_name("addr", &[]),
        Err(InterpError::Unsupported(
            "the address of host function `twice`".to_string()
        ))
    );
    assert_eq!(
        interp().call_by_name("unknown", &one),
        Err(InterpError::UnknownFunction("%nowhere".to_string()))
    );

    let failing = Interpreter::new(&store)
        .with_host_function("u1:0", signature(1, 0), |_| Err("disk full".to_string()))
        .call_by_name("sum_logged", &[DataValue::I64(1), DataValue::I64(2)]);
    let expected = InterpError::HostFunction {
        name: "u1:0".to_string(),
        message: "disk full".to_string(),
    };
    assert_eq!(failing, Err(expected.clone()));
    assert_eq!(expected.to_string(), "host function `u1:0`: disk full");

    let wrong_results = Interpreter::new(&store)
        .with_host_function("u1:0", signature(1, 0), |_| Ok(vec![DataValue::I32(0)]))
        .call_by_name("sum_logged", &[DataValue::I64(1), DataValue::I64(2)]);
    assert_eq!(
        wrong_results,
        Err(InterpError::HostFunction {
            name: "u1:0".to_string(),
            message: "returned (i32) for a call declared (i64) system_v".to_string(),
        })
    );
}

#[test]
fn a_later_registration_replaces_an_earlier_one() {
    let funcs = parse(PROGRAM);
    let mut store = FunctionStore::new();
    funcs.iter().for_each(|f| store.add(f));
    let result = Interpreter::new(&store)
        .with_host_function("u1:0", signature(1, 0), |_| Err("old".to_string()))
        .with_host_function("twice", signature(1, 1), twice)
        .with_host_function("u1:0", signature(1, 0), |_| Ok(Vec::new()))
        .call_by_name("sum_logged", &[DataValue::I64(2), DataValue::I64(3)]);
    assert_eq!(result, Ok(vec![DataValue::I64(10)]));
}
