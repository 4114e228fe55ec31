//! Large inputs on a small stack: SSA construction must not recurse on
//! the input. Each test builds, verifies and runs its function in a thread
//! with a 256 KiB stack.

use super::{build, run, signature};
use crate::frontend::{FunctionBuilder, Variable};
use crate::ir::condcodes::IntCC;
use crate::ir::types::I64;
use crate::ir::{Function, InstBuilder};

const SMALL_STACK: usize = 256 * 1024;

fn on_small_stack(test: impl FnOnce() + Send + 'static) {
    let joined = std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(test)
        .map(|handle| handle.join());
    match joined {
        Ok(Ok(())) => {}
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(e) => panic!("cannot spawn the test thread: {e}"),
    }
}

fn total_params(func: &Function) -> usize {
    func.layout
        .blocks()
        .map(|b| func.dfg.block_params(b).len())
        .sum()
}

fn enter_entry(b: &mut FunctionBuilder<'_>) -> Vec<crate::ir::Value> {
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    b.block_params(entry).to_vec()
}

/// 10,000 blocks in a row; `x` is defined in the entry and read only in
/// the last block (a walk through every block), `count` is incremented in
/// every block.
#[test]
fn ten_thousand_block_chain() {
    on_small_stack(|| {
        for seal_at_end in [false, true] {
            let func = build("chain", signature(&[I64], &[I64, I64]), |b| {
                let p = enter_entry(b);
                let x = b.declare_var(I64);
                let count = b.declare_var(I64);
                b.def_var(x, p[0]);
                let zero = b.ins().iconst(I64, 0);
                b.def_var(count, zero);
                for _ in 0..10_000 {
                    let next = b.create_block();
                    b.ins().jump(next, &[]);
                    b.switch_to_block(next);
                    if !seal_at_end {
                        b.seal_block(next);
                    }
                    let c = b.use_var(count);
                    let one = b.ins().iconst(I64, 1);
                    let c = b.ins().iadd(c, one);
                    b.def_var(count, c);
                }
                let xv = b.use_var(x);
                let c = b.use_var(count);
                b.ins().return_(&[xv, c]);
                if seal_at_end {
                    b.seal_all_blocks();
                }
            });
            assert_eq!(func.layout.blocks().count(), 10_001);
            assert_eq!(total_params(&func), 1, "sealed at end: {seal_at_end}");
            assert_eq!(run(&func, &[5]), [5, 10_000]);
        }
    });
}

/// 3,333 diamonds (10,000 blocks): `x` is only read at the very end, so
/// every join's parameter for it is redundant; `taken` differs between
/// the sides, so every join keeps one parameter for it.
#[test]
fn ten_thousand_blocks_of_diamonds() {
    on_small_stack(|| {
        for seal_at_end in [false, true] {
            let func = build("diamonds", signature(&[I64], &[I64, I64]), |b| {
                let p = enter_entry(b);
                let x = b.declare_var(I64);
                let taken = b.declare_var(I64);
                b.def_var(x, p[0]);
                let zero = b.ins().iconst(I64, 0);
                b.def_var(taken, zero);
                for _ in 0..3_333 {
                    let (left, right, join) =
                        (b.create_block(), b.create_block(), b.create_block());
                    b.ins().brif(p[0], left, &[], right, &[]);
                    b.switch_to_block(left);
                    if !seal_at_end {
                        b.seal_block(left);
                    }
                    let t = b.use_var(taken);
                    let one = b.ins().iconst(I64, 1);
                    let t = b.ins().iadd(t, one);
                    b.def_var(taken, t);
                    b.ins().jump(join, &[]);
                    b.switch_to_block(right);
                    if !seal_at_end {
                        b.seal_block(right);
                    }
                    b.ins().jump(join, &[]);
                    b.switch_to_block(join);
                    if !seal_at_end {
                        b.seal_block(join);
                    }
                }
                let xv = b.use_var(x);
                let t = b.use_var(taken);
                b.ins().return_(&[xv, t]);
                if seal_at_end {
                    b.seal_all_blocks();
                }
            });
            assert_eq!(
                total_params(&func),
                1 + 3_333,
                "sealed at end: {seal_at_end}"
            );
            assert_eq!(run(&func, &[9]), [9, 3_333]);
            assert_eq!(run(&func, &[0]), [0, 0]);
        }
    });
}

/// 10,000 variables each defined from the previous one in its own block,
/// inside a loop whose header is sealed last: a long dependency chain,
/// with every hundredth variable read after the loop (each read walks
/// back through the chain and adds a header parameter).
#[test]
fn deep_chain_of_variables() {
    on_small_stack(|| {
        const N: usize = 10_000;
        let func = build("var_chain", signature(&[I64], &[I64]), |b| {
            let p = enter_entry(b);
            let vars: Vec<Variable> = (0..N).map(|_| b.declare_var(I64)).collect();
            let round = b.declare_var(I64);
            let zero = b.ins().iconst(I64, 0);
            b.def_var(round, zero);
            b.def_var(vars[0], p[0]);
            let head = b.create_block();
            let exit = b.create_block();
            b.ins().jump(head, &[]);
            b.switch_to_block(head);
            let r = b.use_var(round);
            let two = b.ins().iconst(I64, 2);
            let again = b.ins().icmp(IntCC::SignedLessThan, r, two);
            let first = b.create_block();
            b.ins().brif(again, first, &[], exit, &[]);
            b.switch_to_block(first);
            b.seal_block(first);
            let one = b.ins().iconst(I64, 1);
            let r = b.ins().iadd(r, one);
            b.def_var(round, r);
            for k in 1..N {
                let prev = b.use_var(vars[k - 1]);
                let one = b.ins().iconst(I64, 1);
                let v = b.ins().iadd(prev, one);
                b.def_var(vars[k], v);
                let next = b.create_block();
                b.ins().jump(next, &[]);
                b.switch_to_block(next);
                b.seal_block(next);
            }
            // The first variable restarts from the last one next round.
            let last = b.use_var(vars[N - 1]);
            b.def_var(vars[0], last);
            b.ins().jump(head, &[]);
            b.seal_block(head);
            b.switch_to_block(exit);
            b.seal_block(exit);
            let mut acc = b.ins().iconst(I64, 0);
            for k in (0..N).step_by(100) {
                let v = b.use_var(vars[k]);
                acc = b.ins().iadd(acc, v);
            }
            b.ins().return_(&[acc]);
        });
        // Round one computes vars[k] = p + k, round two p + (N - 1) + k,
        // and ends with vars[0] = p + 2 (N - 1).
        let p = 3i64;
        let n = N as i64;
        let expected: i64 = (0..n)
            .step_by(100)
            .map(|k| {
                if k == 0 {
                    p + 2 * (n - 1)
                } else {
                    p + (n - 1) + k
                }
            })
            .sum();
        assert_eq!(run(&func, &[p]), [expected]);
    });
}

/// Loops nested 2,500 deep reading `x` in every header: every header
/// parameter is redundant, and removing the outer one makes the next
/// redundant, 2,500 times.
#[test]
fn deep_loop_nest_cascades_parameter_removal() {
    on_small_stack(|| {
        const DEPTH: usize = 2_500;
        for outer_first in [true, false] {
            let func = build("nest", signature(&[I64], &[I64]), |b| {
                let p = enter_entry(b);
                let x = b.declare_var(I64);
                b.def_var(x, p[0]);
                let heads: Vec<_> = (0..DEPTH).map(|_| b.create_block()).collect();
                let exits: Vec<_> = (0..DEPTH).map(|_| b.create_block()).collect();
                b.ins().jump(heads[0], &[]);
                for level in 0..DEPTH {
                    b.switch_to_block(heads[level]);
                    let xv = b.use_var(x);
                    let next = if level + 1 < DEPTH {
                        heads[level + 1]
                    } else {
                        exits[level]
                    };
                    b.ins().brif(xv, next, &[], exits[level], &[]);
                }
                for level in (0..DEPTH).rev() {
                    b.switch_to_block(exits[level]);
                    b.seal_block(exits[level]);
                    if level == 0 {
                        let xv = b.use_var(x);
                        b.ins().return_(&[xv]);
                    } else {
                        b.ins().jump(heads[level - 1], &[]);
                    }
                }
                if outer_first {
                    b.seal_all_blocks();
                } else {
                    for &head in heads.iter().rev() {
                        b.seal_block(head);
                    }
                }
            });
            assert_eq!(total_params(&func), 1, "outer first: {outer_first}");
            assert_eq!(run(&func, &[0]), [0]);
        }
    });
}
