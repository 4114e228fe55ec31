//! Misuse of the builder API gives errors (from `try_` methods and
//! `try_finalize`) that name what is wrong; plain methods panic with them.

use super::signature;
use crate::frontend::{FrontendError, FunctionBuilder, FunctionBuilderContext, Variable};
use crate::ir::types::{I32, I64, INVALID};
use crate::ir::{Block, Function, InstBuilder, UserFuncName, Value};

fn with_builder(body: impl FnOnce(&mut FunctionBuilder<'_>)) {
    let mut func =
        Function::with_name_signature(UserFuncName::testcase("misuse"), signature(&[I32], &[]));
    let mut ctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut ctx);
    body(&mut b);
}

#[test]
fn variable_misuse() {
    with_builder(|b| {
        let ghost = Variable::from_u32(3);
        assert_eq!(
            b.try_use_var(ghost),
            Err(FrontendError::UndeclaredVariable(ghost))
        );
        assert_eq!(
            b.try_declare_var(INVALID),
            Err(FrontendError::InvalidVariableType(INVALID))
        );
        let x = b.declare_var(I64);
        assert_eq!(b.try_use_var(x), Err(FrontendError::NoCurrentBlock));
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let p = b.block_params(entry)[0];
        let err = b.try_def_var(x, p).unwrap_err();
        assert_eq!(
            err.to_string(),
            "variable `var0` has type `i64` but `v0` has type `i32`"
        );
        let bogus = Value::from_u32(1000);
        assert_eq!(
            b.try_def_var(x, bogus),
            Err(FrontendError::InvalidValue(bogus))
        );
    });
}

#[test]
fn block_misuse() {
    with_builder(|b| {
        assert_eq!(b.try_ins().err(), Some(FrontendError::NoCurrentBlock));
        let bogus = Block::from_u32(77);
        assert_eq!(
            b.try_switch_to_block(bogus),
            Err(FrontendError::InvalidBlock(bogus))
        );
        assert_eq!(
            b.try_seal_block(bogus),
            Err(FrontendError::InvalidBlock(bogus))
        );
        let entry = b.create_block();
        let next = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        b.seal_block(entry);
        assert!(b.is_pristine() && !b.is_filled());
        b.ins().iconst(I32, 1);
        assert!(!b.is_pristine());
        assert_eq!(
            b.try_switch_to_block(next),
            Err(FrontendError::UnfinishedBlock(entry))
        );
        b.ins().jump(next, &[]);
        assert!(b.is_filled());
        assert_eq!(b.try_ins().err(), Some(FrontendError::BlockFilled(entry)));
        assert_eq!(
            b.try_switch_to_block(entry),
            Err(FrontendError::BlockFilled(entry))
        );
        b.switch_to_block(next);
        // A variable read added a parameter: the block's own come first.
        let x = b.declare_var(I32);
        b.use_var(x);
        assert_eq!(
            b.try_append_block_param(next, I32),
            Err(FrontendError::ParamAfterSsaParams(next))
        );
    });
}

#[test]
fn finalize_reports_every_problem() {
    let mut func =
        Function::with_name_signature(UserFuncName::testcase("late"), signature(&[], &[]));
    let mut ctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut ctx);
    let entry = b.create_block();
    let sealed = b.create_block();
    let never_entered = b.create_block();
    let open = b.create_block();
    b.switch_to_block(entry);
    b.seal_block(entry);
    b.seal_block(sealed);
    let c = b.ins().iconst(I32, 0);
    b.ins().brif(c, sealed, &[], never_entered, &[]);
    b.switch_to_block(sealed);
    assert!(b.is_unreachable(), "sealed with its only branch refused");
    b.ins().jump(open, &[]);
    b.switch_to_block(open);
    b.ins().iconst(I32, 2);
    let errors = b.try_finalize().unwrap_err();
    let messages: Vec<String> = errors.0.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        messages,
        [
            "`inst1` branches to `block1`, which is already sealed \
             (seal a block only once all its predecessors are built)",
            "`block3` was never sealed",
            "`block3` does not end in a terminator",
            "`block2` is a branch target but was never switched to",
        ]
    );
    assert!(errors.to_string().starts_with("error: `inst1` branches"));
}

#[test]
#[should_panic(expected = "variable `var0` is used before `declare_var`")]
fn plain_methods_panic_with_the_message() {
    with_builder(|b| {
        let entry = b.create_block();
        b.switch_to_block(entry);
        b.use_var(Variable::from_u32(0));
    });
}

#[test]
fn entry_block_is_reachable_and_fresh_blocks_are_not() {
    with_builder(|b| {
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        b.seal_block(entry);
        assert!(!b.is_unreachable());
        b.ins().return_(&[]);
        let dead = b.create_block();
        b.switch_to_block(dead);
        assert!(!b.is_unreachable(), "not sealed yet");
        b.seal_block(dead);
        assert!(b.is_unreachable());
    });
}
