//! `Switch`: jump tables for dense runs, compare trees for sparse cases,
//! the index width respected. Each switch is run for every interesting
//! index and must reach the block of its entry, or the default.

use super::{build, run, signature, snapshot};
use crate::frontend::{FrontendError, FunctionBuilder, FunctionBuilderContext, Switch};
use crate::ir::types::{I8, I16, I32, I64, I128};
use crate::ir::{Function, InstBuilder, Opcode, Type, UserFuncName};

/// A function `(index: ty) -> i64` returning the position of the entry's
/// block in `cases` (or -1 for the default), built through a `Switch`.
fn switch_function(ty: Type, cases: &[u128]) -> Function {
    build("switch", signature(&[ty], &[I64]), |b| {
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        b.seal_block(entry);
        let index = b.block_params(entry)[0];
        let mut switch = Switch::new();
        let targets: Vec<_> = cases.iter().map(|_| b.create_block()).collect();
        for (&case, &block) in cases.iter().zip(&targets) {
            switch.set_entry(case, block);
        }
        let default = b.create_block();
        switch.emit(b, index, default);
        for (i, &block) in targets.iter().enumerate() {
            b.switch_to_block(block);
            b.seal_block(block);
            let r = b.ins().iconst(I64, i as i64);
            b.ins().return_(&[r]);
        }
        b.switch_to_block(default);
        b.seal_block(default);
        let r = b.ins().iconst(I64, -1);
        b.ins().return_(&[r]);
    })
}

/// Runs the switch for `index` and returns the case position or -1.
fn dispatch(func: &Function, index: u64) -> i64 {
    run(func, &[index as i64])[0]
}

/// Checks every case, its neighbours, and the ends of the index type.
fn check_switch(ty: Type, cases: &[u128]) -> Function {
    let func = switch_function(ty, cases);
    let max = if ty.bits() == 64 {
        u64::MAX
    } else {
        (1u64 << ty.bits()) - 1
    };
    let mut probes: Vec<u64> = vec![0, 1, max, max - 1, max / 2, max / 2 + 1];
    for &c in cases {
        let c = c as u64;
        probes.extend([c, c.wrapping_sub(1) & max, c.wrapping_add(1) & max]);
    }
    for index in probes {
        let expected = cases
            .iter()
            .position(|&c| c == u128::from(index))
            .map_or(-1, |p| p as i64);
        assert_eq!(dispatch(&func, index), expected, "index {index} of {ty}");
    }
    func
}

fn count(func: &Function, opcode: Opcode) -> usize {
    func.layout
        .blocks()
        .flat_map(|b| func.layout.block_insts(b))
        .filter(|&i| func.dfg.insts[i].opcode() == opcode)
        .count()
}

#[test]
fn dense_cases_become_one_jump_table() {
    let cases: Vec<u128> = (0..10).collect();
    let func = check_switch(I32, &cases);
    assert_eq!(count(&func, Opcode::BrTable), 1);
    assert_eq!(count(&func, Opcode::Icmp), 0);
    let offset: Vec<u128> = (100..108).collect();
    let func = check_switch(I32, &offset);
    assert_eq!(
        (count(&func, Opcode::BrTable), count(&func, Opcode::Isub)),
        (1, 1)
    );
    snapshot("switch_dense_offset", &func);
}

#[test]
fn sparse_cases_become_a_balanced_compare_tree() {
    let cases = [
        3,
        17,
        100,
        1000,
        4096,
        50_000,
        1 << 20,
        1 << 30,
        0xffff_ffff,
    ];
    let func = check_switch(I32, &cases);
    assert_eq!(count(&func, Opcode::BrTable), 0);
    snapshot("switch_sparse", &func);
    // Nine cases: a split, then groups of at most three tested in a row,
    // so no index needs more than two splits and three comparisons.
    assert_eq!(count(&func, Opcode::Icmp), 9 + 3);
}

#[test]
fn mixed_cases_use_tables_and_compares() {
    let mut cases: Vec<u128> = vec![1, 5];
    cases.extend(20..30);
    cases.extend([31, 33, 200]);
    cases.extend(1000..1004);
    let func = check_switch(I64, &cases);
    assert_eq!(count(&func, Opcode::BrTable), 2);
    snapshot("switch_mixed_i64", &func);
}

#[test]
fn narrow_index_types_wrap_correctly() {
    let func = check_switch(I8, &[250, 251, 252, 253, 254, 255, 7]);
    assert_eq!(count(&func, Opcode::Uextend), 1);
    check_switch(I16, &(0..300).step_by(3).collect::<Vec<_>>());
    check_switch(I16, &(65530..=65535).collect::<Vec<_>>());
    check_switch(I64, &[u128::from(u64::MAX), 0, 1, 2, 3]);
    check_switch(
        I64,
        &(u128::from(u64::MAX) - 5..=u128::from(u64::MAX)).collect::<Vec<_>>(),
    );
}

#[test]
fn empty_and_single_switches() {
    let func = check_switch(I32, &[]);
    assert_eq!(count(&func, Opcode::Jump), 1);
    check_switch(I32, &[42]);
}

#[test]
fn switch_errors() {
    let mut switch = Switch::new();
    let mut func =
        Function::with_name_signature(UserFuncName::testcase("bad"), signature(&[I8], &[]));
    let mut ctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut ctx);
    let entry = b.create_block();
    let target = b.create_block();
    b.append_block_params_for_function_params(entry);
    let index = b.block_params(entry)[0];
    switch.set_entry(300, target);
    assert_eq!(
        switch.try_set_entry(300, target),
        Err(FrontendError::DuplicateSwitchEntry(300))
    );
    assert_eq!(
        switch.try_emit(&mut b, index, target),
        Err(FrontendError::SwitchEntryOutOfRange { index: 300, ty: I8 })
    );
    let wide = b.func.dfg.append_block_param(entry, I128);
    let err = switch.try_emit(&mut b, wide, target).unwrap_err();
    assert_eq!(
        err.to_string(),
        "switch index `v1` has type `i128`, expected an integer of at most 64 bits"
    );
    let mut small = Switch::new();
    small.set_entry(1, target);
    assert_eq!(
        small.try_emit(&mut b, index, target),
        Err(FrontendError::NoCurrentBlock)
    );
    assert_eq!(small.entries().len(), 1);
    // Nothing was emitted by the failed attempts.
    assert_eq!(b.func.dfg.num_insts(), 0);
}

#[test]
fn many_cases_do_not_recurse() {
    // 20,000 sparse cases: a compare tree of depth 13, built with a work
    // stack on a small thread stack.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let cases: Vec<u128> = (0..20_000).map(|i| i * 7).collect();
            let func = switch_function(I32, &cases);
            for probe in [0u64, 7, 13, 70_000, 139_993, 139_994] {
                let expected = if probe % 7 == 0 {
                    (probe / 7) as i64
                } else {
                    -1
                };
                assert_eq!(dispatch(&func, probe), expected);
            }
        });
    let result = handle.map(|h| h.join());
    assert!(matches!(result, Ok(Ok(()))), "thread failed");
}

#[test]
fn switch_case_blocks_are_the_callers_to_seal() {
    // A switch into blocks with variables: the case block merges values
    // from two switch edges (table entries and a compare) correctly.
    let func = build(
        "switch_vars",
        signature(&[I32], &[I32]),
        |b: &mut FunctionBuilder<'_>| {
            let entry = b.create_block();
            b.append_block_params_for_function_params(entry);
            b.switch_to_block(entry);
            b.seal_block(entry);
            let index = b.block_params(entry)[0];
            let x = b.declare_var(I32);
            let ten = b.ins().iconst(I32, 10);
            b.def_var(x, ten);
            let shared = b.create_block();
            let default = b.create_block();
            let mut switch = Switch::new();
            for i in [0, 1, 2, 3, 9] {
                switch.set_entry(i, shared);
            }
            switch.emit(b, index, default);
            b.switch_to_block(shared);
            b.seal_block(shared);
            let xv = b.use_var(x);
            b.ins().return_(&[xv]);
            b.switch_to_block(default);
            b.seal_block(default);
            let xv = b.use_var(x);
            let r = b.ins().iadd(xv, xv);
            b.ins().return_(&[r]);
        },
    );
    assert_eq!(run(&func, &[2]), [10]);
    assert_eq!(run(&func, &[9]), [10]);
    assert_eq!(run(&func, &[5]), [20]);
    assert!(
        func.layout
            .blocks()
            .skip(1)
            .all(|blk| func.dfg.block_params(blk).is_empty())
    );
}
