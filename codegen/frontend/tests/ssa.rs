//! SSA construction: straight-line code, diamonds, loops, undefined
//! variables and the removal of redundant block parameters.

use super::{build, run, signature, snapshot};
use crate::frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use crate::ir::condcodes::IntCC;
use crate::ir::types::{F32, F64, F128, I8, I32, I32X4, I64, I128};
use crate::ir::{Function, InstBuilder, Value, ValueDef};

/// `entry(params)`: creates, enters and seals the entry block with the
/// function's parameters; returns them.
fn enter_entry(b: &mut FunctionBuilder<'_>) -> Vec<Value> {
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    b.block_params(entry).to_vec()
}

fn param_counts(func: &Function) -> Vec<usize> {
    func.layout
        .blocks()
        .map(|b| func.dfg.block_params(b).len())
        .collect()
}

#[test]
fn straight_line_code_reuses_values() {
    let func = build("straight", signature(&[I64], &[I64]), |b| {
        let p = enter_entry(b);
        let x = b.declare_var(I64);
        let y = b.declare_var(I64);
        b.def_var(x, p[0]);
        let one = b.ins().iconst(I64, 1);
        let xv = b.use_var(x);
        let sum = b.ins().iadd(xv, one);
        b.def_var(y, sum);
        let yv = b.use_var(y);
        let twice = b.ins().imul(yv, yv);
        b.def_var(x, twice);
        let result = b.use_var(x);
        assert_eq!(result, twice);
        b.ins().return_(&[result]);
    });
    snapshot("straight_line", &func);
    assert_eq!(run(&func, &[4]), [25]);
    assert_eq!(param_counts(&func), [1]);
}

/// `if p0 < 10 { x = p0 + 1 } else { x = p0 * 2 }; return x`, with the
/// blocks sealed as soon as their predecessors are known.
fn diamond(seal_join_late: bool) -> Function {
    build("diamond", signature(&[I32], &[I32]), |b| {
        let p = enter_entry(b);
        let x = b.declare_var(I32);
        let then_block = b.create_block();
        let else_block = b.create_block();
        let join = b.create_block();
        let ten = b.ins().iconst(I32, 10);
        let small = b.ins().icmp(IntCC::SignedLessThan, p[0], ten);
        b.ins().brif(small, then_block, &[], else_block, &[]);

        b.switch_to_block(then_block);
        b.seal_block(then_block);
        let one = b.ins().iconst(I32, 1);
        let v = b.ins().iadd(p[0], one);
        b.def_var(x, v);
        b.ins().jump(join, &[]);

        b.switch_to_block(else_block);
        b.seal_block(else_block);
        let two = b.ins().iconst(I32, 2);
        let v = b.ins().imul(p[0], two);
        b.def_var(x, v);
        b.ins().jump(join, &[]);

        b.switch_to_block(join);
        if !seal_join_late {
            b.seal_block(join);
        }
        let xv = b.use_var(x);
        b.ins().return_(&[xv]);
        if seal_join_late {
            b.seal_block(join);
        }
    })
}

#[test]
fn if_else_diamond_merges_with_a_parameter() {
    for late in [false, true] {
        let func = diamond(late);
        assert_eq!(param_counts(&func), [1, 0, 0, 1], "sealed late: {late}");
        assert_eq!(run(&func, &[3]), [4]);
        assert_eq!(run(&func, &[30]), [60]);
        assert_eq!(run(&func, &[-5]), [-4]);
        if !late {
            snapshot("if_else_diamond", &func);
        }
    }
}

#[test]
fn unchanged_variable_through_diamond_gets_no_parameter() {
    // x is only defined in the entry; the join's parameter for it is
    // trivial and removed, in both sealing orders.
    for late in [false, true] {
        let func = build("unchanged", signature(&[I32], &[I32]), |b| {
            let p = enter_entry(b);
            let x = b.declare_var(I32);
            b.def_var(x, p[0]);
            let then_block = b.create_block();
            let else_block = b.create_block();
            let join = b.create_block();
            b.ins().brif(p[0], then_block, &[], else_block, &[]);
            for side in [then_block, else_block] {
                b.switch_to_block(side);
                b.seal_block(side);
                b.ins().jump(join, &[]);
            }
            b.switch_to_block(join);
            if !late {
                b.seal_block(join);
            }
            let xv = b.use_var(x);
            let one = b.ins().iconst(I32, 1);
            let r = b.ins().iadd(xv, one);
            b.ins().return_(&[r]);
            if late {
                b.seal_block(join);
            }
        });
        assert_eq!(param_counts(&func), [1, 0, 0, 0], "sealed late: {late}");
        let text = func.display().to_string();
        assert!(
            text.contains("iadd.i32 v0, v2"),
            "uses resolved to v0:\n{text}"
        );
        assert_eq!(run(&func, &[41]), [42]);
        if late {
            snapshot("redundant_parameter_removed", &func);
        }
    }
}

/// `sum = 0; i = 0; while i < n { j = 0; while j < m { sum += i * j + 1; j += 1 } i += 1 }; return sum + i`
/// with loop headers sealed after their back edges (`seal_late`: only at the end).
fn nested_loops(seal_at_end: bool) -> Function {
    build("nested_loops", signature(&[I64, I64], &[I64]), |b| {
        let p = enter_entry(b);
        let (n, m) = (p[0], p[1]);
        let i = b.declare_var(I64);
        let j = b.declare_var(I64);
        let sum = b.declare_var(I64);
        let zero = b.ins().iconst(I64, 0);
        b.def_var(i, zero);
        b.def_var(sum, zero);
        let outer_head = b.create_block();
        let outer_body = b.create_block();
        let inner_head = b.create_block();
        let inner_body = b.create_block();
        let inner_exit = b.create_block();
        let exit = b.create_block();
        b.ins().jump(outer_head, &[]);

        b.switch_to_block(outer_head);
        let iv = b.use_var(i);
        let more = b.ins().icmp(IntCC::SignedLessThan, iv, n);
        b.ins().brif(more, outer_body, &[], exit, &[]);

        b.switch_to_block(outer_body);
        b.seal_block(outer_body);
        let zero = b.ins().iconst(I64, 0);
        b.def_var(j, zero);
        b.ins().jump(inner_head, &[]);

        b.switch_to_block(inner_head);
        let jv = b.use_var(j);
        let more = b.ins().icmp(IntCC::SignedLessThan, jv, m);
        b.ins().brif(more, inner_body, &[], inner_exit, &[]);

        b.switch_to_block(inner_body);
        b.seal_block(inner_body);
        let iv = b.use_var(i);
        let jv = b.use_var(j);
        let product = b.ins().imul(iv, jv);
        let one = b.ins().iconst(I64, 1);
        let term = b.ins().iadd(product, one);
        let s = b.use_var(sum);
        let s = b.ins().iadd(s, term);
        b.def_var(sum, s);
        let jv = b.ins().iadd(jv, one);
        b.def_var(j, jv);
        b.ins().jump(inner_head, &[]);
        if !seal_at_end {
            b.seal_block(inner_head);
        }

        b.switch_to_block(inner_exit);
        b.seal_block(inner_exit);
        let iv = b.use_var(i);
        let one = b.ins().iconst(I64, 1);
        let iv = b.ins().iadd(iv, one);
        b.def_var(i, iv);
        b.ins().jump(outer_head, &[]);
        if !seal_at_end {
            b.seal_block(outer_head);
        }

        b.switch_to_block(exit);
        b.seal_block(exit);
        let s = b.use_var(sum);
        let iv = b.use_var(i);
        let r = b.ins().iadd(s, iv);
        b.ins().return_(&[r]);
        if seal_at_end {
            b.seal_all_blocks();
        }
    })
}

fn nested_loops_expected(n: i64, m: i64) -> i64 {
    let mut sum = 0;
    let mut i = 0;
    while i < n {
        let mut j = 0;
        while j < m {
            sum += i * j + 1;
            j += 1;
        }
        i += 1;
    }
    sum + i
}

#[test]
fn nested_loops_with_variables_used_after() {
    for seal_at_end in [false, true] {
        let func = nested_loops(seal_at_end);
        for (n, m) in [(0, 0), (1, 5), (4, 3), (7, 0), (10, 10)] {
            assert_eq!(
                run(&func, &[n, m]),
                [nested_loops_expected(n, m)],
                "n={n} m={m} sealed at end: {seal_at_end}"
            );
        }
        // Outer header: i, sum (j is redefined before its use in the
        // inner loop); inner header: j, sum (i is loop-invariant there).
        assert_eq!(param_counts(&func), [2, 2, 0, 2, 0, 0, 0], "{seal_at_end}");
        if !seal_at_end {
            snapshot("nested_loops", &func);
        }
    }
}

#[test]
fn loop_invariant_variable_gets_no_parameter() {
    // `k` is defined before the loop and only read in it: the header's
    // parameter for it only ever receives `k` or itself, so it goes.
    let func = build("invariant", signature(&[I32, I32], &[I32]), |b| {
        let p = enter_entry(b);
        let k = b.declare_var(I32);
        let acc = b.declare_var(I32);
        b.def_var(k, p[1]);
        b.def_var(acc, p[0]);
        let head = b.create_block();
        let body = b.create_block();
        let exit = b.create_block();
        b.ins().jump(head, &[]);
        b.switch_to_block(head);
        let a = b.use_var(acc);
        let kv = b.use_var(k);
        let done = b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, a, kv);
        b.ins().brif(done, exit, &[], body, &[]);
        b.switch_to_block(body);
        b.seal_block(body);
        let a = b.use_var(acc);
        let three = b.ins().iconst(I32, 3);
        let a = b.ins().iadd(a, three);
        b.def_var(acc, a);
        b.ins().jump(head, &[]);
        b.seal_block(head);
        b.switch_to_block(exit);
        b.seal_block(exit);
        let a = b.use_var(acc);
        b.ins().return_(&[a]);
    });
    assert_eq!(param_counts(&func), [2, 1, 0, 0]);
    assert_eq!(run(&func, &[1, 10]), [10]);
    assert_eq!(run(&func, &[20, 10]), [20]);
}

#[test]
fn undefined_variable_reads_as_zero() {
    let func = build("undefined", signature(&[I32], &[I32]), |b| {
        let p = enter_entry(b);
        let x = b.declare_var(I32);
        let then_block = b.create_block();
        let join = b.create_block();
        // x is only defined on one path to the join.
        b.ins().brif(p[0], then_block, &[], join, &[]);
        b.switch_to_block(then_block);
        b.seal_block(then_block);
        let seven = b.ins().iconst(I32, 7);
        b.def_var(x, seven);
        b.ins().jump(join, &[]);
        b.switch_to_block(join);
        b.seal_block(join);
        let xv = b.use_var(x);
        b.ins().return_(&[xv]);
    });
    snapshot("undefined_variable", &func);
    assert_eq!(run(&func, &[1]), [7]);
    assert_eq!(run(&func, &[0]), [0]);
}

#[test]
fn undefined_variables_of_every_kind_are_zero_constants() {
    let types = [I8, I32, I64, I128, F32, F64, F128, I32X4];
    let func = build("zeros", signature(&[], &[]), |b| {
        let entry = b.create_block();
        b.switch_to_block(entry);
        b.seal_block(entry);
        let vars: Vec<Variable> = types.iter().map(|&t| b.declare_var(t)).collect();
        for (&var, &ty) in vars.iter().zip(&types) {
            let v = b.use_var(var);
            assert_eq!(b.func.dfg.value_type(v), ty);
            // A second read reuses the same zero.
            assert_eq!(b.use_var(var), v);
        }
        b.ins().return_(&[]);
    });
    let text = func.display().to_string();
    for expected in [
        "iconst.i8 0",
        "uextend.i128",
        "f32const 0.0",
        "f128const",
        "vconst.i32x4",
    ] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
}

#[test]
fn loop_entered_without_definition_reads_zero_in_loop() {
    // The header's parameter receives an undefined value from the entry
    // and itself from the back edge: it is trivial with no other value,
    // so it becomes a zero constant at the top of the header.
    let func = build("loop_zero", signature(&[I32], &[I32]), |b| {
        let p = enter_entry(b);
        let x = b.declare_var(I32);
        let head = b.create_block();
        let exit = b.create_block();
        b.ins().jump(head, &[]);
        b.switch_to_block(head);
        let xv = b.use_var(x);
        b.ins().brif(p[0], exit, &[], head, &[]);
        b.seal_block(head);
        b.switch_to_block(exit);
        b.seal_block(exit);
        let again = b.use_var(x);
        assert_eq!(b.func.dfg.resolve_aliases(xv), again);
        b.ins().return_(&[again]);
    });
    assert_eq!(param_counts(&func), [1, 0, 0]);
    assert_eq!(run(&func, &[1]), [0]);
}

#[test]
fn user_block_params_come_before_ssa_params() {
    // The join has a parameter of its own, passed explicitly, and one for
    // a variable; arguments stay aligned.
    let func = build("user_params", signature(&[I32], &[I32]), |b| {
        let p = enter_entry(b);
        let x = b.declare_var(I32);
        let join = b.create_block();
        let own = b.append_block_param(join, I32);
        let other = b.create_block();
        let hundred = b.ins().iconst(I32, 100);
        b.def_var(x, hundred);
        b.ins().brif(p[0], join, &[p[0].into()], other, &[]);
        b.switch_to_block(other);
        b.seal_block(other);
        let five = b.ins().iconst(I32, 5);
        b.def_var(x, five);
        b.ins().jump(join, &[five.into()]);
        b.switch_to_block(join);
        b.seal_block(join);
        let xv = b.use_var(x);
        let r = b.ins().isub(xv, own);
        b.ins().return_(&[r]);
    });
    assert_eq!(param_counts(&func), [1, 0, 2]);
    assert_eq!(run(&func, &[1]), [99]);
    assert_eq!(run(&func, &[0]), [0]);
}

#[test]
fn br_table_edges_get_arguments_once_per_call() {
    // The join is reached through a jump table naming it twice and
    // through its default; every call gets the argument.
    let func = build("table_join", signature(&[I32], &[I32]), |b| {
        let p = enter_entry(b);
        let x = b.declare_var(I32);
        let join = b.create_block();
        let side = b.create_block();
        let one = b.ins().iconst(I32, 1);
        b.def_var(x, one);
        let calls = [
            b.block_call(join, &[]),
            b.block_call(side, &[]),
            b.block_call(join, &[]),
        ];
        let default = b.block_call(join, &[]);
        let table = b.create_jump_table(crate::ir::JumpTableData::new(default, &calls));
        b.ins().br_table(p[0], table);
        b.switch_to_block(side);
        b.seal_block(side);
        let two = b.ins().iconst(I32, 2);
        b.def_var(x, two);
        b.ins().jump(join, &[]);
        b.switch_to_block(join);
        b.seal_block(join);
        let xv = b.use_var(x);
        b.ins().return_(&[xv]);
    });
    assert!(
        func.display()
            .to_string()
            .contains("br_table v0, block1(v1), [block1(v1), block2, block1(v1)]")
    );
    assert_eq!(run(&func, &[0]), [1]);
    assert_eq!(run(&func, &[1]), [2]);
    assert_eq!(run(&func, &[7]), [1]);
}

#[test]
fn removed_parameters_cascade_through_nested_headers() {
    // Three nested loops read `x`, defined once before them; every header
    // parameter is trivial once the outer one is, whatever the sealing
    // order.
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
        let func = build("cascade", signature(&[I32], &[I32]), |b| {
            let p = enter_entry(b);
            let x = b.declare_var(I32);
            b.def_var(x, p[0]);
            let heads: Vec<_> = (0..3).map(|_| b.create_block()).collect();
            let exits: Vec<_> = (0..3).map(|_| b.create_block()).collect();
            b.ins().jump(heads[0], &[]);
            for level in 0..3 {
                b.switch_to_block(heads[level]);
                let xv = b.use_var(x);
                let next = if level < 2 {
                    heads[level + 1]
                } else {
                    exits[2]
                };
                b.ins().brif(xv, next, &[], exits[level], &[]);
            }
            // Each exit jumps back to the enclosing header; the outermost returns.
            for level in (0..3).rev() {
                b.switch_to_block(exits[level]);
                b.seal_block(exits[level]);
                if level == 0 {
                    let xv = b.use_var(x);
                    b.ins().return_(&[xv]);
                } else {
                    b.ins().jump(heads[level - 1], &[]);
                }
            }
            let _ = p;
            for &level in &order {
                b.seal_block(heads[level]);
            }
        });
        assert!(
            func.layout
                .blocks()
                .all(|blk| func.dfg.block_params(blk).len() <= 1),
            "{order:?}"
        );
        assert_eq!(
            param_counts(&func).iter().sum::<usize>(),
            1,
            "{order:?}\n{}",
            func.display()
        );
        assert_eq!(run(&func, &[0]), [0]);
    }
}

#[test]
fn context_is_reusable_across_functions() {
    let mut ctx = FunctionBuilderContext::new();
    for round in 0..3 {
        let mut func = Function::with_name_signature(
            crate::ir::UserFuncName::testcase("reuse"),
            signature(&[I32], &[I32]),
        );
        let mut b = FunctionBuilder::new(&mut func, &mut ctx);
        let p = enter_entry(&mut b);
        let x = b.declare_var(I32);
        assert_eq!(x.as_u32(), 0, "variables restart at 0 (round {round})");
        b.def_var(x, p[0]);
        let v = b.use_var(x);
        b.ins().return_(&[v]);
        b.finalize();
        assert!(crate::verifier::verify_function(&func).is_ok());
    }
}

#[test]
fn removed_parameter_becomes_alias_of_its_value() {
    let func = build("alias", signature(&[I32], &[I32]), |b| {
        let p = enter_entry(b);
        let x = b.declare_var(I32);
        b.def_var(x, p[0]);
        let head = b.create_block();
        let exit = b.create_block();
        b.ins().jump(head, &[]);
        b.switch_to_block(head);
        let early = b.use_var(x);
        // While the header is unsealed the read is a fresh parameter.
        assert!(matches!(b.func.dfg.value_def(early), ValueDef::Param(h, 0) if h == head));
        b.ins().brif(early, head, &[], exit, &[]);
        b.seal_block(head);
        assert_eq!(b.func.dfg.resolve_aliases(early), p[0]);
        b.switch_to_block(exit);
        b.seal_block(exit);
        b.ins().return_(&[early]);
    });
    // `finalize` rewrote the uses: the return names v0.
    assert!(func.display().to_string().contains("return v0"));
}
